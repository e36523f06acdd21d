#include "cases/outbound/xarf_writer.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <regex>
#include <string>

namespace clearhost::cases::outbound {
namespace {

constexpr int64_t kSecond = 1'000'000;
constexpr int64_t kReceived = 1'772'359'200 * kSecond;  // 2026-03-01T10:00:00Z
constexpr int64_t kNow = kReceived + 1800 * kSecond;    // 2026-03-01T10:30:00Z

Case HotlineCase() {
  Case c;
  c.id = 17;
  c.notice.source_type = SourceType::kHotline;
  c.notice.sender = "Example Hotline";
  c.notice.reference = "HL-2026-0042";
  c.notice.urls = {"https://files.example.com/a.jpg", "https://files.example.com/b.jpg"};
  c.notice.ip = "192.0.2.10";
  c.notice.hashes = {{"pdq", std::string(64, 'a')},
                     {"md5", std::string(32, 'b')},
                     {"sha256", std::string(64, 'c')}};
  c.notice.received_at = kReceived;
  c.opened_at = kReceived;
  c.deadline = kReceived + 24 * 3600 * kSecond;  // 2026-03-02T10:00:00Z
  return c;
}

ReporterIdentity Reporter() {
  return ReporterIdentity{"Example Hosting B.V.", "example.net", "abuse@example.net"};
}

nlohmann::json Parse(const Case& record, std::string_view type) {
  return nlohmann::json::parse(WriteXarf4(record, Reporter(), type, kNow));
}

TEST(XarfWriterTest, WritesEveryFieldTheCoreAndCsamSchemasRequire) {
  const nlohmann::json xarf = Parse(HotlineCase(), "csam");
  for (const char* field :
       {"xarf_version", "report_id", "timestamp", "reporter", "sender", "source_identifier",
        "category", "type", "url", "classification", "detection_method"}) {
    EXPECT_TRUE(xarf.contains(field)) << field;
  }
  EXPECT_EQ(xarf["xarf_version"], "4.0.0");
  EXPECT_TRUE(std::regex_match(
      xarf["report_id"].get<std::string>(),
      std::regex("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")))
      << xarf["report_id"];
  EXPECT_EQ(xarf["timestamp"], "2026-03-01T10:00:00.000000Z");
  const nlohmann::json contact = {
      {"org", "Example Hosting B.V."}, {"contact", "abuse@example.net"}, {"domain", "example.net"}};
  EXPECT_EQ(xarf["reporter"], contact);
  EXPECT_EQ(xarf["sender"], contact);
  EXPECT_EQ(xarf["source_identifier"], "192.0.2.10");
  EXPECT_EQ(xarf["category"], "content");
  EXPECT_EQ(xarf["type"], "csam");
  EXPECT_EQ(xarf["url"], "https://files.example.com/a.jpg");
  EXPECT_EQ(xarf["domain"], "files.example.com");
  EXPECT_EQ(xarf["classification"], "baseline");
  EXPECT_EQ(xarf["detection_method"], "manual_review");
  EXPECT_EQ(xarf["hash_values"]["md5"], std::string(32, 'b'));
  EXPECT_EQ(xarf["hash_values"]["sha256"], std::string(64, 'c'));
  EXPECT_FALSE(xarf.contains("evidence"));  // never any content
  const nlohmann::json& extra = xarf["clearhost"];
  EXPECT_EQ(extra["case_id"], 17);
  EXPECT_EQ(extra["deadline"], "2026-03-02T10:00:00.000000Z");
  EXPECT_EQ(extra["urls"], nlohmann::json::array({"https://files.example.com/b.jpg"}));
  EXPECT_EQ(extra["pdq"], nlohmann::json::array({std::string(64, 'a')}));
  EXPECT_EQ(extra["notice_reference"], "HL-2026-0042");
}

TEST(XarfWriterTest, ReportIdsDifferPerDocument) {
  EXPECT_NE(Parse(HotlineCase(), "csam")["report_id"], Parse(HotlineCase(), "csam")["report_id"]);
}

TEST(XarfWriterTest, CsemAndOtherTypesGetTheirOwnFields) {
  Case matched = HotlineCase();
  matched.notice.source_type = SourceType::kProactiveMatch;
  EXPECT_EQ(Parse(matched, "csam")["detection_method"], "hash_match");
  EXPECT_EQ(Parse(matched, "csam")["evidence_source"], "automated_scan");
  const nlohmann::json csem = Parse(HotlineCase(), "csem");
  EXPECT_EQ(csem["exploitation_type"], "distribution");
  EXPECT_EQ(csem["detection_method"], "manual_review");
  EXPECT_FALSE(csem.contains("classification"));
  const nlohmann::json phishing = Parse(HotlineCase(), "phishing");
  EXPECT_EQ(phishing["type"], "phishing");
  EXPECT_FALSE(phishing.contains("classification"));
  EXPECT_FALSE(phishing.contains("detection_method"));
}

TEST(XarfWriterTest, WithoutAnIpTheSourceIsTheHost) {
  Case c = HotlineCase();
  c.notice.ip.clear();
  c.notice.urls = {"https://files.example.com/only.jpg"};
  c.notice.hashes.clear();
  const nlohmann::json xarf = Parse(c, "csam");
  EXPECT_EQ(xarf["source_identifier"], "files.example.com");
  EXPECT_FALSE(xarf.contains("hash_values"));
  EXPECT_FALSE(xarf["clearhost"].contains("urls"));
  EXPECT_FALSE(xarf["clearhost"].contains("pdq"));
}

TEST(XarfWriterTest, InvalidUtf8InAUrlStillGivesValidJson) {
  Case c = HotlineCase();
  c.notice.urls = {"https://files.example.com/\xff.jpg"};
  const std::string text = WriteXarf4(c, Reporter(), "csam", kNow);
  EXPECT_FALSE(nlohmann::json::parse(text, nullptr, false).is_discarded()) << text;
}

}  // namespace
}  // namespace clearhost::cases::outbound
