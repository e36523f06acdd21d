#include "cases/outbound/customer_map.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "support/test_support.h"

namespace clearhost::cases::outbound {
namespace {

constexpr std::string_view kTable =
    "# customers of example hosting\n"
    "match,customer,email,language\n"
    "example.com,acme,abuse@acme.example,nl\n"
    "shop.example.com,reseller-7,abuse@reseller7.example,en\n"
    "192.0.2.0/24,rack-12,noc@rack12.example,en\n"
    "192.0.2.128/25,vps-3,abuse@vps3.example,nl\n"
    "198.51.100.7,single,one@single.example,\n"
    "2001:db8::/32,v6-customer,abuse@v6.example,en\n";

CustomerMap MustParse() {
  Result<CustomerMap> map = CustomerMap::Parse(kTable, "customers.csv");
  EXPECT_TRUE(map.ok()) << map.status();
  return map.ok() ? *std::move(map) : CustomerMap();
}

std::string IdOf(const std::optional<Customer>& customer) {
  return customer ? customer->id : "(none)";
}

TEST(CustomerMapTest, LongestDomainSuffixWinsOverTheIp) {
  const CustomerMap map = MustParse();
  EXPECT_EQ(map.size(), 6u);
  EXPECT_EQ(IdOf(map.Find({"https://example.com/a.jpg"}, "")), "acme");
  EXPECT_EQ(IdOf(map.Find({"https://img.cdn.example.com/a.jpg"}, "")), "acme");
  EXPECT_EQ(IdOf(map.Find({"http://Shop.Example.COM./x"}, "192.0.2.200")), "reseller-7");
  EXPECT_EQ(IdOf(map.Find({"https://user:pw@eu.shop.example.com:8443/x"}, "")), "reseller-7");
  // Not a suffix on a label boundary.
  EXPECT_EQ(IdOf(map.Find({"https://notexample.com/x"}, "")), "(none)");
  // The first URL without a listed domain falls through to the next URL, then to the IP.
  EXPECT_EQ(IdOf(map.Find({"https://elsewhere.example.org/", "https://example.com/"}, "")), "acme");
  const std::optional<Customer> acme = map.Find({"https://example.com/"}, "");
  ASSERT_TRUE(acme);
  EXPECT_EQ(acme->email, "abuse@acme.example");
  EXPECT_EQ(acme->language, "nl");
}

TEST(CustomerMapTest, LongestIpPrefixForV4AndV6) {
  const CustomerMap map = MustParse();
  EXPECT_EQ(IdOf(map.Find({"https://unknown.example.org/"}, "192.0.2.5")), "rack-12");
  EXPECT_EQ(IdOf(map.Find({"https://unknown.example.org/"}, "192.0.2.130")), "vps-3");
  EXPECT_EQ(IdOf(map.Find({}, "198.51.100.7")), "single");
  EXPECT_EQ(IdOf(map.Find({}, "198.51.100.8")), "(none)");
  EXPECT_EQ(IdOf(map.Find({}, "2001:db8:1::9")), "v6-customer");
  EXPECT_EQ(IdOf(map.Find({}, "2001:db9::1")), "(none)");
  EXPECT_EQ(IdOf(map.Find({"https://[2001:db8::1]/x"}, "not an ip")), "(none)");
  const std::optional<Customer> single = map.Find({}, "198.51.100.7");
  ASSERT_TRUE(single);
  EXPECT_EQ(single->language, "en");  // empty language: English
}

TEST(CustomerMapTest, MalformedRowsAreRefusedWithTheLine) {
  const auto error = [](std::string text) {
    Result<CustomerMap> map = CustomerMap::Parse(text, "c.csv");
    EXPECT_FALSE(map.ok());
    return map.ok() ? std::string() : std::string(map.status().message());
  };
  EXPECT_NE(error("customer,email\n").find("c.csv:1: the header"), std::string::npos);
  EXPECT_NE(error("").find("empty customer table"), std::string::npos);
  const std::string header = "match,customer,email,language\n";
  EXPECT_NE(error(header + "example.com,acme\n").find("c.csv:2: 2 fields"), std::string::npos);
  EXPECT_NE(error(header + "example.com,acme,not-an-address,en\n").find("c.csv:2:"),
            std::string::npos);
  EXPECT_NE(error(header + "example.com,acme,a@b.example,de\n").find("'de' is not nl or en"),
            std::string::npos);
  EXPECT_NE(error(header + "192.0.2.1/24,acme,a@b.example,en\n").find("c.csv:2:"),
            std::string::npos);
  EXPECT_NE(error(header + "exa mple.com,acme,a@b.example,en\n").find("neither a domain"),
            std::string::npos);
  EXPECT_NE(error(header + "example.com,,a@b.example,en\n").find("empty customer"),
            std::string::npos);
  EXPECT_NE(error(header + "x.example,a,a@b.example\r\n,en\n").find("c.csv:"), std::string::npos);
}

TEST(CustomerMapTest, UrlHosts) {
  EXPECT_EQ(UrlHost("https://Files.Example.NET:443/a?b#c"), "files.example.net");
  EXPECT_EQ(UrlHost("http://[2001:DB8::1]:8080/"), "2001:db8::1");
  EXPECT_EQ(UrlHost("no scheme"), "");
}

class CustomerCommandTest : public ::testing::Test {
 protected:
  std::string Script(const std::string& name, const std::string& body) {
    const std::filesystem::path path = dir_.path() / name;
    clearhost::testing::WriteText(path, "#!/bin/sh\n" + body);
    ::chmod(path.c_str(), 0755);
    return path.string();
  }
  clearhost::testing::ScratchDir dir_;
};

TEST_F(CustomerCommandTest, AnswersAreParsedAndArgumentsPassed) {
  // The script answers with its arguments in the customer id, so the test sees what it got.
  const std::string script = Script("lookup", "echo \"c-$2,abuse@c.example,nl\"\n");
  Result<std::optional<Customer>> customer =
      AskCustomerCommand(script, "https://x.example/a", "192.0.2.9");
  ASSERT_TRUE(customer.ok()) << customer.status();
  ASSERT_TRUE(customer->has_value());
  EXPECT_EQ((*customer)->id, "c-192.0.2.9");
  EXPECT_EQ((*customer)->email, "abuse@c.example");
  EXPECT_EQ((*customer)->language, "nl");

  Result<std::optional<Customer>> unknown =
      AskCustomerCommand(Script("unknown", "exit 0\n"), "https://x.example/a", "");
  ASSERT_TRUE(unknown.ok()) << unknown.status();
  EXPECT_FALSE(unknown->has_value());
}

TEST_F(CustomerCommandTest, FailuresAreUnavailableWithTheReason) {
  const auto problem = [](Result<std::optional<Customer>> result) {
    EXPECT_TRUE(absl::IsUnavailable(result.status())) << result.status();
    return std::string(result.status().message());
  };
  EXPECT_NE(
      problem(AskCustomerCommand(Script("fails", "exit 3\n"), "u", "i")).find("exit status 3"),
      std::string::npos);
  EXPECT_NE(problem(AskCustomerCommand(Script("garbage", "echo hello\n"), "u", "i"))
                .find("not customer,email,language"),
            std::string::npos);
  EXPECT_NE(problem(AskCustomerCommand(Script("bad-mail", "echo 'a,b\r\nBcc: x,en'\n"), "u", "i"))
                .find("customer command"),
            std::string::npos);
  EXPECT_NE(problem(AskCustomerCommand(Script("slow", "sleep 5\n"), "u", "i", 200))
                .find("no answer within 200 ms"),
            std::string::npos);
  EXPECT_NE(problem(AskCustomerCommand((dir_.path() / "missing").string(), "u", "i"))
                .find("cannot run it"),
            std::string::npos);
}

}  // namespace
}  // namespace clearhost::cases::outbound
