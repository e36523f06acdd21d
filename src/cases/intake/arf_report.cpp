// ParseArfFeedback: the machine-readable part of an RFC 5965 feedback report
// (message/feedback-report), header-like fields:
//   Feedback-Type: abuse
//   User-Agent: ExampleFBL/1.0
//   Version: 1
//   Source-IP: 192.0.2.1
//   Reported-Uri: <http://www.example.com/page.html>
//   Arrival-Date: Tue, 24 Nov 2026 10:00:00 +0100
// ARF says nothing about child abuse, so child_abuse stays false; the intake dispatch decides
// by who sent the report. Only http(s) Reported-Uri values become URLs (ARF also reports
// mailto: and others, which are no web content).
#include <string>
#include <vector>

#include "cases/intake/abuse_report.h"
#include "cases/intake/mail_date.h"
#include "cases/intake/mail_fields.h"
#include "cases/intake/report_common.h"
#include "core/ascii_text.h"

namespace clearhost::cases::intake {
namespace {

constexpr std::string_view kFormat = "ARF";

// "dns; mta.example.net" (RFC 5965's Reporting-MTA) as "mta.example.net".
std::string_view WithoutTypePrefix(std::string_view value) {
  const size_t semicolon = value.find(';');
  return semicolon == std::string_view::npos ? value : TrimAscii(value.substr(semicolon + 1));
}

}  // namespace

Result<AbuseReport> ParseArfFeedback(std::string_view text) {
  const std::vector<MailHeader> fields = SplitHeaderFields(text);
  for (const std::string_view required : {"Feedback-Type", "User-Agent", "Version"}) {
    if (FindHeader(fields, required).empty()) return ReportError(kFormat, required, "required");
  }
  AbuseReport parsed;
  parsed.format = ReportFormat::kArf;
  parsed.report_type = LowerAscii(FindHeader(fields, "Feedback-Type"));
  parsed.ip = std::string(FindHeader(fields, "Source-IP"));
  parsed.reporter_org = std::string(WithoutTypePrefix(FindHeader(fields, "Reporting-MTA")));

  std::vector<std::string> urls;
  std::vector<std::string> domains;
  for (const MailHeader& field : fields) {
    if (EqualsIgnoreCase(field.name, "Reported-Uri")) {
      std::string_view uri = TrimAscii(field.value);
      if (uri.size() >= 2 && uri.front() == '<' && uri.back() == '>') {
        uri = uri.substr(1, uri.size() - 2);
      }
      if (StartsWithIgnoreCase(uri, "http://") || StartsWithIgnoreCase(uri, "https://")) {
        urls.emplace_back(uri);
      }
    } else if (EqualsIgnoreCase(field.name, "Reported-Domain")) {
      domains.push_back(field.value);
    }
  }
  SetUrls(urls, parsed);
  std::string description;
  for (const std::string& domain : domains) {
    description += "Reported-Domain: " + domain + "\n";
  }
  parsed.description = LimitDescription(description);

  const std::string_view arrival = FindHeader(fields, "Arrival-Date");
  if (!arrival.empty()) {
    Result<int64_t> reported_at = ParseMailDate(arrival);
    if (!reported_at.ok()) {
      return ReportError(kFormat, "Arrival-Date", std::string(reported_at.status().message()));
    }
    parsed.reported_at = *reported_at;
  }
  return parsed;
}

}  // namespace clearhost::cases::intake
