#include "cases/outbound/xarf_writer.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
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
  c.notice.urls = {"https://files.example.com/a.jpg", "https://files.example.com/b.jpg"};
  c.notice.ip = "192.0.2.10";
  c.notice.hashes = {{"pdq", std::string(64, 'a')}, {"md5", std::string(32, 'b')}};
  c.notice.received_at = kReceived;
  c.opened_at = kReceived;
  c.deadline = kReceived + 24 * 3600 * kSecond;  // 2026-03-02T10:00:00Z
  return c;
}

ReporterIdentity Reporter() {
  ReporterIdentity reporter;
  reporter.org = "Example Hosting B.V.";
  reporter.org_domain = "example.net";
  reporter.org_email = "abuse@example.net";
  reporter.contact_name = "Abuse Desk";
  return reporter;
}

TEST(XarfWriterTest, WritesEveryRequiredFieldOfTheBaseAndReportSchemas) {
  const nlohmann::json xarf = nlohmann::json::parse(
      WriteXarf4(HotlineCase(), Reporter(), "ChildSexualAbuseMaterial", kNow));
  EXPECT_EQ(xarf["Version"], "2");
  EXPECT_EQ(xarf["Disclosure"], true);
  const nlohmann::json& info = xarf["ReporterInfo"];
  EXPECT_EQ(info["ReporterOrg"], "Example Hosting B.V.");
  EXPECT_EQ(info["ReporterOrgDomain"], "example.net");
  EXPECT_EQ(info["ReporterOrgEmail"], "abuse@example.net");
  EXPECT_EQ(info["ReporterContactEmail"], "abuse@example.net");  // defaults to the org's
  EXPECT_EQ(info["ReporterContactName"], "Abuse Desk");

  const nlohmann::json& report = xarf["Report"];
  EXPECT_EQ(report["ReportClass"], "Content");
  EXPECT_EQ(report["ReportType"], "ChildSexualAbuseMaterial");
  EXPECT_EQ(report["Date"], "2026-03-01T10:30:00.000000Z");
  EXPECT_EQ(report["FirstSeen"], "2026-03-01T10:00:00.000000Z");
  EXPECT_EQ(report["SourceIp"], "192.0.2.10");
  EXPECT_EQ(report["SourceUrl"], "https://files.example.com/a.jpg");
  EXPECT_EQ(report["ReporterCaseID"], "clearhost-case-17");
}

TEST(XarfWriterTest, PutsWhatTheSchemaLacksInCustomAsStrings) {
  const nlohmann::json report = nlohmann::json::parse(
      WriteXarf4(HotlineCase(), Reporter(), "ChildSexualAbuseMaterial", kNow))["Report"];
  const nlohmann::json& custom = report["Custom"];
  EXPECT_EQ(custom["Deadline"], "2026-03-02T10:00:00.000000Z");
  EXPECT_EQ(custom["AdditionalUrl1"], "https://files.example.com/b.jpg");
  EXPECT_FALSE(custom.contains("AdditionalUrl2"));
  EXPECT_EQ(custom["Hash1"], "pdq:" + std::string(64, 'a'));
  EXPECT_EQ(custom["Hash2"], "md5:" + std::string(32, 'b'));
  // The schema allows only strings and integers in Custom.
  for (const auto& [key, value] : custom.items()) {
    EXPECT_TRUE(value.is_string() || value.is_number_integer()) << key;
  }
}

TEST(XarfWriterTest, LeavesOutWhatTheCaseDoesNotHave) {
  Case c = HotlineCase();
  c.notice.ip.clear();
  c.notice.urls = {"https://files.example.com/only.jpg"};
  c.notice.hashes.clear();
  c.deadline = 0;
  ReporterIdentity reporter = Reporter();
  reporter.contact_name.clear();
  reporter.contact_email = "desk@example.net";
  const nlohmann::json xarf = nlohmann::json::parse(WriteXarf4(c, reporter, "ChildAbuse", kNow));
  EXPECT_FALSE(xarf["Report"].contains("SourceIp"));
  EXPECT_FALSE(xarf["Report"].contains("Custom"));
  EXPECT_EQ(xarf["Report"]["SourceUrl"], "https://files.example.com/only.jpg");
  EXPECT_EQ(xarf["Report"]["ReportType"], "ChildAbuse");
  EXPECT_FALSE(xarf["ReporterInfo"].contains("ReporterContactName"));
  EXPECT_EQ(xarf["ReporterInfo"]["ReporterContactEmail"], "desk@example.net");
}

TEST(XarfWriterTest, InvalidUtf8InAUrlStillGivesValidJson) {
  Case c = HotlineCase();
  c.notice.urls = {"https://files.example.com/\xff.jpg"};
  const std::string text = WriteXarf4(c, Reporter(), "ChildSexualAbuseMaterial", kNow);
  EXPECT_FALSE(nlohmann::json::parse(text, nullptr, false).is_discarded()) << text;
}

}  // namespace
}  // namespace clearhost::cases::outbound
