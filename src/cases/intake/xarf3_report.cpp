// ParseXarf3: the YAML report of X-ARF (the "X-XARF: PLAIN" format, schema version 0.2 and
// earlier), one "Key: value" per line, values maybe quoted:
//   Reported-From: abuse@example.net
//   Category: abuse
//   Report-Type: phishing
//   Source: http://www.example.com/login.html
//   Source-Type: uri
//   Date: Tue, 24 Nov 2026 10:00:00 +0100
// Report-Type and Category name child abuse in no fixed vocabulary; child_abuse is set when
// either, split into words at anything but letters and digits, has a word "csam", "csem" or
// "cp", or a word that starts with "child" ("child-abuse", "childporn").
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "cases/intake/abuse_report.h"
#include "cases/intake/mail_date.h"
#include "cases/intake/mail_fields.h"
#include "cases/intake/report_common.h"
#include "core/ascii_text.h"

namespace clearhost::cases::intake {
namespace {

constexpr std::string_view kFormat = "XARF v3";

bool NamesChildAbuse(std::string_view text) {
  const std::string lower = LowerAscii(text);
  size_t start = 0;
  while (start < lower.size()) {
    size_t end = start;
    while (end < lower.size() && absl::ascii_isalnum(lower[end])) ++end;
    const std::string_view word = std::string_view(lower).substr(start, end - start);
    if (word == "csam" || word == "csem" || word == "cp" || word.starts_with("child")) return true;
    start = end + 1;
  }
  return false;
}

}  // namespace

Result<AbuseReport> ParseXarf3(std::string_view yaml) {
  const std::vector<MailHeader> fields = SplitHeaderFields(yaml);
  const auto field = [&fields](std::string_view name) {
    return std::string(TrimAscii(Unquoted(FindHeader(fields, name))));
  };
  for (const std::string_view required :
       {"Reported-From", "Category", "Report-Type", "Source", "Source-Type", "Date"}) {
    if (field(required).empty()) return ReportError(kFormat, required, "required");
  }
  AbuseReport parsed;
  parsed.format = ReportFormat::kXarf3;
  parsed.report_class = field("Category");
  parsed.report_type = LowerAscii(field("Report-Type"));
  parsed.child_abuse = NamesChildAbuse(parsed.report_type) || NamesChildAbuse(parsed.report_class);
  parsed.reporter_email = field("Reported-From");
  parsed.report_id = field("Report-ID");
  parsed.description = LimitDescription(field("Description"));

  const std::string source = field("Source");
  const std::string source_type = LowerAscii(field("Source-Type"));
  if (source_type == "uri" || source_type == "url") {
    SetUrls({source}, parsed);
  } else if (source_type == "ipv4" || source_type == "ipv6" || source_type == "ip-address") {
    parsed.ip = source;
  }

  const std::string date = field("Date");
  Result<int64_t> reported_at = ParseMailDate(date);
  if (!reported_at.ok()) reported_at = ParseIsoTimestamp(date);
  if (!reported_at.ok()) {
    return ReportError(kFormat, "Date",
                       "'" + date + "' is neither an RFC 5322 date nor an ISO 8601 date-time");
  }
  parsed.reported_at = *reported_at;
  return parsed;
}

}  // namespace clearhost::cases::intake
