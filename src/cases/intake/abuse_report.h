// Abuse reports as networks, reporters and hotlines send them by e-mail, read into one shape:
// XARF v4 (JSON, schemas at github.com/abusix/xarf, `Content` class with types `csam`,
// `csem` and others), XARF v3 (the YAML report of the X-XARF: PLAIN format), ARF (RFC 5965's
// machine-readable message/feedback-report part) and plain-text hotline notices (URL and IP
// lines, a reference). Each parser gets the text of the part that carries the report (the
// dispatch over a message's parts is notice_mail.h's).
//
// Every parser refuses what its format requires and the input lacks with InvalidArgument naming
// the format and the field ("XARF v4: Report.Url: required for ReportType csam").
// Thread-safety: pure functions over values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cases/case_record.h"
#include "core/status.h"

namespace clearhost::cases::intake {

enum class ReportFormat { kXarf4, kXarf3, kArf, kText };
// "xarf4", "xarf3", "arf", "text".
std::string_view ReportFormatName(ReportFormat format);

struct AbuseReport {
  ReportFormat format = ReportFormat::kText;
  std::string report_class;  // XARF v4 ReportClass ("Content", "Activity", ...); "" if none
  // Lowercase: XARF v4 ReportType ("csam", "csem", "phishing", ...), XARF v3 Report-Type,
  // ARF Feedback-Type ("abuse", ...); "" for text notices.
  std::string report_type;
  bool child_abuse = false;       // the report says CSAM/CSEM (XARF csam/csem; see the parsers)
  std::vector<std::string> urls;  // as given; de-duplicated, order kept
  std::string ip;                 // the source IP the report names, "" if none
  std::optional<int64_t> reported_at;  // Unix microseconds UTC, when the report says it
  std::string reporter_org;            // XARF ReporterInfo.ReporterOrg, ARF Reporting-MTA...
  std::string reporter_email;          // where the reporter takes replies, "" if unknown
  std::string report_id;               // the reporter's own id (XARF Report-ID, text reference)
  std::vector<NoticeHash> hashes;      // lowercase hex, signal types pdq/md5/sha1/sha256
  std::string description;             // free text the report carries (trimmed, <= 16 KiB)
};

// XARF v4 JSON (a whole document): the current specification's form (`xarf_version` 4.x.y;
// xarf_spec_report.h lists the required fields), or abusix's older form: Version "2",
// ReporterInfo.ReporterOrg, ReporterInfo.ReporterOrgEmail, Disclosure (boolean),
// Report.ReportClass, Report.ReportType, Report.Date (ISO 8601), and for ReportClass Content a
// Report.Url (string or array).
Result<AbuseReport> ParseXarf4(std::string_view json);

// XARF v3 YAML report (the report.txt part): Reported-From, Category, Report-Type, Source,
// Source-Type, Date are required; Source-Type uri gives the URL, ipv4/ipv6 the IP.
Result<AbuseReport> ParseXarf3(std::string_view yaml);

// The fields of an RFC 5965 message/feedback-report part: Feedback-Type and User-Agent and
// Version required; Source-IP, Reported-Uri (repeatable), Arrival-Date, Reported-Domain read.
Result<AbuseReport> ParseArfFeedback(std::string_view fields);

// A plain-text notice (a hotline's e-mail): every http(s) URL in the text, the IP from a line
// such as "IP: 192.0.2.1" or "IP address:", the reference from "Reference:", "Ref:",
// "Report ID:", "Kenmerk:" or "Referentie:", hashes from "MD5:", "SHA-1:", "SHA-256:", "PDQ:"
// lines. InvalidArgument when the text names no URL.
Result<AbuseReport> ParseTextNotice(std::string_view text);

}  // namespace clearhost::cases::intake
