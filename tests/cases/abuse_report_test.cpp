#include "cases/intake/abuse_report.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

namespace clearhost::cases::intake {
namespace {

using nlohmann::json;

constexpr int64_t kSecond = 1'000'000;
constexpr int64_t k0900 = 1'795'510'800 * kSecond;  // 2026-11-24T09:00:00Z
const std::string kMd5(32, 'a');
const std::string kPdq(64, 'b');

void ExpectRefused(const Result<AbuseReport>& report, std::string_view message) {
  ASSERT_FALSE(report.ok()) << "expected: " << message;
  EXPECT_EQ(report.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(std::string(report.status().message()), std::string(message));
}

TEST(AbuseReportTest, FormatNames) {
  EXPECT_EQ(ReportFormatName(ReportFormat::kXarf4), "xarf4");
  EXPECT_EQ(ReportFormatName(ReportFormat::kXarf3), "xarf3");
  EXPECT_EQ(ReportFormatName(ReportFormat::kArf), "arf");
  EXPECT_EQ(ReportFormatName(ReportFormat::kText), "text");
}

// ---- XARF v4

json Xarf4(std::string_view report_type) {
  return json{{"Version", "2"},
              {"ReporterInfo",
               {{"ReporterOrg", "Example Hotline"},
                {"ReporterOrgDomain", "example.net"},
                {"ReporterOrgEmail", "reports@example.net"}}},
              {"Disclosure", true},
              {"Report",
               {{"ReportClass", "Content"},
                {"ReportType", report_type},
                {"Date", "2026-11-24T10:00:00+01:00"},
                {"SourceIp", "192.0.2.10"},
                {"Url", "https://www.example.com/a.jpg"},
                {"ReportId", "HL-42"},
                {"ReporterNotes", "  Seen on a public page.  "},
                {"Hashes",
                 {{{"Type", "MD5"}, {"Value", std::string(32, 'A')}},
                  {{"Type", "pdq"}, {"Value", kPdq}},
                  {{"Type", "tlsh"}, {"Value", "T1ABC"}},
                  {{"Type", "sha1"}, {"Value", "not-hex"}}}}}}};
}

TEST(AbuseReportTest, Xarf4CsamReport) {
  const Result<AbuseReport> report = ParseXarf4(Xarf4("csam").dump());
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->format, ReportFormat::kXarf4);
  EXPECT_EQ(report->report_class, "Content");
  EXPECT_EQ(report->report_type, "csam");
  EXPECT_TRUE(report->child_abuse);
  EXPECT_EQ(report->urls, std::vector<std::string>{"https://www.example.com/a.jpg"});
  EXPECT_EQ(report->ip, "192.0.2.10");
  EXPECT_EQ(report->reported_at, k0900);
  EXPECT_EQ(report->reporter_org, "Example Hotline");
  EXPECT_EQ(report->reporter_email, "reports@example.net");
  EXPECT_EQ(report->report_id, "HL-42");
  EXPECT_EQ(report->description, "Seen on a public page.");
  const std::vector<NoticeHash> hashes = {{"md5", kMd5}, {"pdq", kPdq}};
  EXPECT_EQ(report->hashes, hashes);
}

TEST(AbuseReportTest, Xarf4ClassifiesByReportType) {
  for (const std::string_view type : {"csam", "CSEM", "ChildAbuse", "ChildSexualAbuseMaterial"}) {
    const Result<AbuseReport> report = ParseXarf4(Xarf4(type).dump());
    ASSERT_TRUE(report.ok()) << report.status();
    EXPECT_TRUE(report->child_abuse) << type;
  }
  for (const std::string_view type : {"phishing", "malware", "copyright"}) {
    const Result<AbuseReport> report = ParseXarf4(Xarf4(type).dump());
    ASSERT_TRUE(report.ok()) << report.status();
    EXPECT_FALSE(report->child_abuse) << type;
    EXPECT_EQ(report->report_type, type);
  }
}

TEST(AbuseReportTest, Xarf4ReadsUrlArraysAndSchemaNames) {
  json document = Xarf4("phishing");
  json& report = document["Report"];
  report.erase("Url");
  report.erase("ReportId");
  report["SourceUrl"] = "http://www.example.com/login";
  report["AdditionalUrls"] = {"http://www.example.com/login", "http://www.example.org/b"};
  report["ReporterCaseID"] = "CASE-7";
  const Result<AbuseReport> parsed = ParseXarf4(document.dump());
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  const std::vector<std::string> urls = {"http://www.example.com/login",
                                         "http://www.example.org/b"};
  EXPECT_EQ(parsed->urls, urls);
  EXPECT_EQ(parsed->report_id, "CASE-7");

  report["Url"] = {"https://www.example.com/1", "https://www.example.com/2"};
  EXPECT_EQ(ParseXarf4(document.dump())->urls.size(), 4u);  // Url first, then SourceUrl...
  report["Url"] = {"https://www.example.com/1", 7};
  ExpectRefused(ParseXarf4(document.dump()),
                "XARF v4: Report.Url: must be a string or an array of strings");
}

TEST(AbuseReportTest, Xarf4ActivityNeedsNoUrl) {
  json document = Xarf4("login-attack");
  document["Report"]["ReportClass"] = "Activity";
  document["Report"].erase("Url");
  const Result<AbuseReport> report = ParseXarf4(document.dump());
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_TRUE(report->urls.empty());
  EXPECT_EQ(report->ip, "192.0.2.10");
}

TEST(AbuseReportTest, Xarf4RefusesMissingRequiredFields) {
  struct Case {
    std::string pointer;  // JSON pointer of the field to remove
    std::string message;
  };
  const std::vector<Case> cases = {
      {"/Version", "XARF v4: Version: required"},
      {"/ReporterInfo", "XARF v4: ReporterInfo: required (an object)"},
      {"/ReporterInfo/ReporterOrg", "XARF v4: ReporterInfo.ReporterOrg: required"},
      {"/ReporterInfo/ReporterOrgEmail", "XARF v4: ReporterInfo.ReporterOrgEmail: required"},
      {"/Disclosure", "XARF v4: Disclosure: required (true or false)"},
      {"/Report", "XARF v4: Report: required (an object)"},
      {"/Report/ReportClass", "XARF v4: Report.ReportClass: required"},
      {"/Report/ReportType", "XARF v4: Report.ReportType: required"},
      {"/Report/Date", "XARF v4: Report.Date: required"},
      {"/Report/Url", "XARF v4: Report.Url: required for ReportType csam"},
  };
  for (const Case& c : cases) {
    json document = Xarf4("csam");
    const json::json_pointer pointer(c.pointer);
    document[pointer.parent_pointer()].erase(pointer.back());
    ExpectRefused(ParseXarf4(document.dump()), c.message);
  }
}

TEST(AbuseReportTest, Xarf4RefusesWrongValues) {
  json document = Xarf4("csam");
  document["Version"] = "9";
  ExpectRefused(ParseXarf4(document.dump()), "XARF v4: Version: '9' is not 1, 2 or 3");
  document = Xarf4("csam");
  document["Disclosure"] = "yes";
  ExpectRefused(ParseXarf4(document.dump()), "XARF v4: Disclosure: required (true or false)");
  document = Xarf4("csam");
  document["Report"]["Date"] = "2026-11-24 10:00";
  ExpectRefused(ParseXarf4(document.dump()),
                "XARF v4: Report.Date: '2026-11-24 10:00' is not an ISO 8601 date-time with a "
                "zone");
  document = Xarf4("csam");
  document["Report"]["SourceIp"] = 17;
  ExpectRefused(ParseXarf4(document.dump()), "XARF v4: Report.SourceIp: must be a string");
  ExpectRefused(ParseXarf4("{\"Version\": "), "XARF v4: not a JSON object");
  ExpectRefused(ParseXarf4("[1, 2]"), "XARF v4: not a JSON object");
}

// ---- XARF v3

constexpr std::string_view kXarf3 = R"(---
Reported-From: abuse-reports@example.net
Category: abuse
Report-Type: phishing
Report-ID: "XR-2026-1"
User-Agent: Example XARF generator 1.0
Source: http://www.example.com/login.html
Source-Type: uri
Date: Tue, 24 Nov 2026 10:00:00 +0100
Schema-URL: http://www.x-arf.org/schema/abuse_phishing_0.1.0.json
Attachment: none
)";

std::string WithLine(std::string_view text, std::string_view name, std::string_view line) {
  std::string out;
  size_t start = 0;
  while (start < text.size()) {
    const size_t end = text.find('\n', start);
    const std::string_view current = text.substr(start, end - start);
    if (current.starts_with(std::string(name) + ":")) {
      if (!line.empty()) out += std::string(line) + "\n";
    } else {
      out += std::string(current) + "\n";
    }
    start = end + 1;
  }
  return out;
}

TEST(AbuseReportTest, Xarf3PhishingReport) {
  const Result<AbuseReport> report = ParseXarf3(kXarf3);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->format, ReportFormat::kXarf3);
  EXPECT_EQ(report->report_class, "abuse");
  EXPECT_EQ(report->report_type, "phishing");
  EXPECT_FALSE(report->child_abuse);
  EXPECT_EQ(report->urls, std::vector<std::string>{"http://www.example.com/login.html"});
  EXPECT_EQ(report->ip, "");
  EXPECT_EQ(report->reporter_email, "abuse-reports@example.net");
  EXPECT_EQ(report->report_id, "XR-2026-1");
  EXPECT_EQ(report->reported_at, k0900);
}

TEST(AbuseReportTest, Xarf3IpSourceAndIsoDate) {
  std::string yaml = WithLine(kXarf3, "Source", "Source: '2001:db8::7'");
  yaml = WithLine(yaml, "Source-Type", "Source-Type: ipv6");
  yaml = WithLine(yaml, "Date", "Date: 2026-11-24T09:00:00Z");
  const Result<AbuseReport> report = ParseXarf3(yaml);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->ip, "2001:db8::7");
  EXPECT_TRUE(report->urls.empty());
  EXPECT_EQ(report->reported_at, k0900);
}

TEST(AbuseReportTest, Xarf3ChildAbuseByWord) {
  const auto child_abuse = [](std::string_view report_type) {
    const Result<AbuseReport> report =
        ParseXarf3(WithLine(kXarf3, "Report-Type", "Report-Type: " + std::string(report_type)));
    EXPECT_TRUE(report.ok()) << report.status();
    return report.ok() && report->child_abuse;
  };
  EXPECT_TRUE(child_abuse("csam"));
  EXPECT_TRUE(child_abuse("illegal-content-CSEM"));
  EXPECT_TRUE(child_abuse("child-abuse"));
  EXPECT_TRUE(child_abuse("cp"));
  EXPECT_FALSE(child_abuse("cpanel-login-attack"));
  EXPECT_FALSE(child_abuse("phishing"));
  EXPECT_FALSE(child_abuse("illegal-content"));
}

TEST(AbuseReportTest, Xarf3RefusesMissingRequiredFields) {
  for (const std::string_view field :
       {"Reported-From", "Category", "Report-Type", "Source", "Source-Type", "Date"}) {
    ExpectRefused(ParseXarf3(WithLine(kXarf3, field, "")),
                  "XARF v3: " + std::string(field) + ": required");
  }
  ExpectRefused(ParseXarf3(WithLine(kXarf3, "Date", "Date: soon")),
                "XARF v3: Date: 'soon' is neither an RFC 5322 date nor an ISO 8601 date-time");
}

// ---- ARF

constexpr std::string_view kArf =
    "Feedback-Type: abuse\r\n"
    "User-Agent: ExampleFBL/1.0\r\n"
    "Version: 1\r\n"
    "Source-IP: 192.0.2.1\r\n"
    "Reporting-MTA: dns; mta.example.net\r\n"
    "Reported-Uri: <http://www.example.com/page.html>\r\n"
    "Reported-Uri: mailto:someone@example.com\r\n"
    "Reported-Uri:\r\n"
    "  http://www.example.org/folded\r\n"
    "Reported-Uri: http://www.example.com/page.html\r\n"
    "Reported-Domain: example.com\r\n"
    "Arrival-Date: Tue, 24 Nov 2026 10:00:00 +0100\r\n";

TEST(AbuseReportTest, ArfFeedbackReport) {
  const Result<AbuseReport> report = ParseArfFeedback(kArf);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->format, ReportFormat::kArf);
  EXPECT_EQ(report->report_type, "abuse");
  EXPECT_FALSE(report->child_abuse);
  EXPECT_EQ(report->ip, "192.0.2.1");
  const std::vector<std::string> urls = {"http://www.example.com/page.html",
                                         "http://www.example.org/folded"};
  EXPECT_EQ(report->urls, urls);
  EXPECT_EQ(report->reporter_org, "mta.example.net");
  EXPECT_EQ(report->reported_at, k0900);
  EXPECT_EQ(report->description, "Reported-Domain: example.com");
}

TEST(AbuseReportTest, ArfRefusesMissingRequiredFields) {
  for (const std::string_view field : {"Feedback-Type", "User-Agent", "Version"}) {
    std::string fields;
    for (std::string_view rest = kArf; !rest.empty();) {
      const size_t end = rest.find('\n') + 1;
      if (!rest.starts_with(std::string(field) + ":")) fields += rest.substr(0, end);
      rest.remove_prefix(end);
    }
    ExpectRefused(ParseArfFeedback(fields), "ARF: " + std::string(field) + ": required");
  }
  ExpectRefused(ParseArfFeedback("Feedback-Type: abuse\nUser-Agent: x\nVersion: 1\n"
                                 "Arrival-Date: last Tuesday\n"),
                "ARF: Arrival-Date: 'last Tuesday' is not an RFC 5322 date");
}

// ---- Text notices

TEST(AbuseReportTest, TextNoticeReadsUrlsAndLabelledLines) {
  const std::string text =
      "Dear abuse desk,\n"
      "\n"
      "we found material at https://www.example.com/gallery/img1.jpg. Please also check\n"
      "<http://www.example.com/x?a=1&b=2>, \"https://www.example.org/q\" and\n"
      "(see HTTPS://WWW.EXAMPLE.NET/Page).\n"
      "Again: https://www.example.com/gallery/img1.jpg!\n"
      "IP-adres: 198.51.100.7\n"
      "Kenmerk: MP-2026-0042\n"
      "SHA-256: " +
      std::string(64, 'C') +
      "\n"
      "MD5: " +
      kMd5 +
      "\n"
      "Datum: 2026-11-24T10:00:00+01:00\n";
  const Result<AbuseReport> report = ParseTextNotice(text);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->format, ReportFormat::kText);
  EXPECT_EQ(report->report_type, "");
  EXPECT_FALSE(report->child_abuse);
  const std::vector<std::string> urls = {
      "https://www.example.com/gallery/img1.jpg", "http://www.example.com/x?a=1&b=2",
      "https://www.example.org/q", "HTTPS://WWW.EXAMPLE.NET/Page"};
  EXPECT_EQ(report->urls, urls);
  EXPECT_EQ(report->ip, "198.51.100.7");
  EXPECT_EQ(report->report_id, "MP-2026-0042");
  const std::vector<NoticeHash> hashes = {{"sha256", std::string(64, 'c')}, {"md5", kMd5}};
  EXPECT_EQ(report->hashes, hashes);
  EXPECT_EQ(report->reported_at, k0900);
  EXPECT_EQ(report->description.rfind("Dear abuse desk,", 0), 0u);
}

TEST(AbuseReportTest, TextNoticeLabelVariants) {
  for (const std::string_view line :
       {"IP: 192.0.2.5", "ip address: 192.0.2.5", "IP adres: 192.0.2.5 (hosting)",
        "IP Address:  [192.0.2.5]"}) {
    const Result<AbuseReport> report =
        ParseTextNotice("https://www.example.com/\n" + std::string(line) + "\n");
    ASSERT_TRUE(report.ok()) << report.status();
    EXPECT_EQ(report->ip, "192.0.2.5") << line;
  }
  for (const std::string_view line :
       {"Reference: R-1", "Ref: R-1", "Report ID: R-1", "report-id: R-1", "Referentie: R-1"}) {
    const Result<AbuseReport> report =
        ParseTextNotice("https://www.example.com/\r\n" + std::string(line) + "\r\n");
    ASSERT_TRUE(report.ok()) << report.status();
    EXPECT_EQ(report->report_id, "R-1") << line;
  }
  const Result<AbuseReport> report = ParseTextNotice(
      "https://www.example.com/\nIP: not-an-ip\nDate: Tue, 24 Nov 2026 10:00:00 +0100\n"
      "SHA-1: 123\nPDQ: " +
      kPdq + "\n");
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->ip, "");
  EXPECT_EQ(report->reported_at, k0900);
  EXPECT_EQ(report->hashes, (std::vector<NoticeHash>{{"pdq", kPdq}}));
}

TEST(AbuseReportTest, TextNoticeUrlEdges) {
  const Result<AbuseReport> report = ParseTextNotice(
      "http:// alone, httpx://www.example.com/ and 'https://www.example.com/a'; "
      "https://[2001:db8::1]/b?c=d, https://www.example.com/e.html?!:\n");
  ASSERT_TRUE(report.ok()) << report.status();
  const std::vector<std::string> urls = {"https://www.example.com/a", "https://[2001:db8::1]/b?c=d",
                                         "https://www.example.com/e.html"};
  EXPECT_EQ(report->urls, urls);
}

TEST(AbuseReportTest, DescriptionIsCutAtACharacterBoundary) {
  std::string text = "https://www.example.com/ ";
  for (int i = 0; i < 9000; ++i) text += "\xC3\xA9";  // "é", two bytes
  const Result<AbuseReport> report = ParseTextNotice(text);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_LE(report->description.size(), 16u * 1024);
  EXPECT_GE(report->description.size(), 16u * 1024 - 1);
  EXPECT_EQ(report->description.substr(report->description.size() - 2), "\xC3\xA9");
}

TEST(AbuseReportTest, TextNoticeRefusesTextWithoutUrl) {
  for (const std::string_view text : {"", "IP: 192.0.2.1\nReference: R-1\n", "see http://"}) {
    ExpectRefused(ParseTextNotice(text), "text notice: no http:// or https:// URL in the text");
  }
}

}  // namespace
}  // namespace clearhost::cases::intake
