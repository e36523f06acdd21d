#include "cases/intake/notice_mail.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "cases/intake/mail_date.h"
#include "cases/notice_validation.h"
#include "core/ascii_text.h"

namespace clearhost::cases::intake {
namespace {

bool Contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

bool IsJsonPart(const MailPart& part) {
  const std::string filename = LowerAscii(part.filename);
  if (part.content_type == "application/json" ||
      (filename.size() > 5 && filename.ends_with(".json"))) {
    return true;
  }
  // Some senders put the XARF document in the text body.
  const std::string_view body = TrimAscii(part.body);
  return part.content_type.starts_with("text/") && body.starts_with("{") &&
         (Contains(body, "\"xarf_version\"") || Contains(body, "\"ReporterInfo\""));
}

// A YAML report with XARF v3's fields at the start of lines.
bool IsXarf3Part(const MailPart& part) {
  const std::string body = LowerAscii(part.body);
  return (body.starts_with("reported-from:") || Contains(body, "\nreported-from:")) &&
         Contains(body, "\nreport-type:") && part.content_type == "text/plain";
}

// The report the message carries, by the first format found in this order: XARF v4, ARF,
// XARF v3, plain text. A part that is clearly meant as a report but fails its format's
// checks is the answer (with its error), not skipped for a weaker reading.
Result<AbuseReport> FindReport(const MailMessage& message) {
  for (const MailPart& part : message.parts) {
    if (IsJsonPart(part)) return ParseXarf4(part.body);
  }
  for (const MailPart& part : message.parts) {
    if (part.content_type == "message/feedback-report") return ParseArfFeedback(part.body);
  }
  const bool xarf_header = !FindHeader(message.headers, "X-XARF").empty();
  for (const MailPart& part : message.parts) {
    if (IsXarf3Part(part) && (xarf_header || EqualsIgnoreCase(part.filename, "report.txt"))) {
      return ParseXarf3(part.body);
    }
  }
  std::string text;
  for (const MailPart& part : message.parts) {
    if (part.content_type != "text/plain") continue;
    absl::StrAppend(&text, part.body, "\n");
  }
  if (text.empty()) {
    return absl::InvalidArgumentError(
        "mail: no report in the message (no XARF, ARF or text/plain part)");
  }
  return ParseTextNotice(text);
}

// When the message reached us: the date of the topmost Received field (our own MTA's), else
// its Date field, else now; never later than now.
int64_t ReceivedAt(const MailMessage& message, int64_t now) {
  int64_t at = now;
  const std::string_view received = FindHeader(message.headers, "Received");
  const size_t semicolon = received.rfind(';');
  Result<int64_t> parsed = absl::InvalidArgumentError("none");
  if (semicolon != std::string_view::npos) parsed = ParseMailDate(received.substr(semicolon + 1));
  if (!parsed.ok()) parsed = ParseMailDate(FindHeader(message.headers, "Date"));
  if (parsed.ok()) at = *parsed;
  return std::min(at, now);
}

std::string MessageId(const MailMessage& message) {
  std::string_view id = TrimAscii(FindHeader(message.headers, "Message-ID"));
  if (id.size() >= 2 && id.front() == '<' && id.back() == '>') id = id.substr(1, id.size() - 2);
  return std::string(id.substr(0, kMaxShortTextBytes));
}

std::string Reason(const AbuseReport& report) {
  std::string reason =
      absl::StrCat("Reported by e-mail (", std::string(ReportFormatName(report.format)));
  if (!report.report_class.empty()) absl::StrAppend(&reason, " ", report.report_class);
  if (!report.report_type.empty()) absl::StrAppend(&reason, " ", report.report_type);
  absl::StrAppend(&reason, ")");
  if (!report.description.empty()) absl::StrAppend(&reason, ": ", report.description);
  if (reason.size() > kMaxLongTextBytes) reason.resize(kMaxLongTextBytes);
  return reason;
}

}  // namespace

std::string MailboxAddress(std::string_view value) {
  const size_t open = value.rfind('<');
  if (open != std::string_view::npos) {
    const size_t close = value.find('>', open);
    if (close == std::string_view::npos) return "";
    value = value.substr(open + 1, close - open - 1);
  }
  value = TrimAscii(value);
  const size_t at = value.rfind('@');
  if (at == std::string_view::npos || at == 0 || at + 1 == value.size()) return "";
  for (const char c : value) {
    if (static_cast<unsigned char>(c) <= ' ' || c == '<' || c == '>' || c == ',' || c == '"') {
      return "";
    }
  }
  return absl::StrCat(std::string(value.substr(0, at + 1)), LowerAscii(value.substr(at + 1)));
}

Result<NoticeMail> ReadNoticeMail(const MailMessage& message, const NoticeMailOptions& options,
                                  int64_t now) {
  CLEARHOST_ASSIGN_OR_RETURN(AbuseReport report, FindReport(message));
  NoticeMail mail;
  mail.message_id = MessageId(message);
  mail.reporter_email = MailboxAddress(report.reporter_email);
  if (mail.reporter_email.empty()) {
    mail.reporter_email = MailboxAddress(FindHeader(message.headers, "Reply-To"));
  }
  const std::string from = MailboxAddress(FindHeader(message.headers, "From"));
  if (mail.reporter_email.empty()) mail.reporter_email = from;

  Notice& notice = mail.notice;
  notice.source_type = options.source_type;
  notice.sender = !options.source.empty()        ? options.source
                  : !report.reporter_org.empty() ? report.reporter_org
                  : !mail.reporter_email.empty() ? mail.reporter_email
                                                 : std::string("unknown mail sender");
  if (notice.sender.size() > kMaxShortTextBytes) notice.sender.resize(kMaxShortTextBytes);
  // The report's own id, else the message's: a redelivered message then opens no second case.
  notice.reference = !report.report_id.empty() ? report.report_id : mail.message_id;
  if (notice.reference.size() > kMaxShortTextBytes) notice.reference.resize(kMaxShortTextBytes);
  notice.urls = report.urls;
  notice.ip = report.ip;
  notice.hashes = report.hashes;
  notice.reason = Reason(report);
  notice.content_kind = ContentKind::kOther;  // a mail says where, not what kind of file
  notice.received_at = ReceivedAt(message, now);
  notice.content_date = std::nullopt;
  CLEARHOST_RETURN_IF_ERROR(ValidateNotice(notice));
  mail.report = std::move(report);
  return mail;
}

}  // namespace clearhost::cases::intake
