#include "cases/intake/mail_intake.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "core/sha256.h"

namespace clearhost::cases::intake {

MailIntake::MailIntake(store::SqlConnection& database, CaseStore& cases, NoticeMailOptions options,
                       MailLimits limits, MicrosClock clock)
    : database_(database),
      cases_(cases),
      options_(std::move(options)),
      limits_(limits),
      clock_(std::move(clock)) {}

Result<IngestResult> MailIntake::Known(int64_t case_id, std::string format, std::string report_type,
                                       bool child_abuse) {
  CLEARHOST_ASSIGN_OR_RETURN(Case opened, cases_.Get(case_id));
  return IngestResult{std::move(opened), true, std::move(format), std::move(report_type),
                      child_abuse};
}

Result<IngestResult> MailIntake::Ingest(std::string_view raw) {
  const std::string digest = Sha256Hex(raw);
  const store::SqlValue key[] = {digest};
  CLEARHOST_ASSIGN_OR_RETURN(
      const store::SqlRows seen,
      database_.Query("SELECT case_id, format, report_type, child_abuse FROM notice_messages "
                      "WHERE message_sha256 = ?",
                      key));
  if (!seen.empty()) {
    return Known(seen[0].Int(0), seen[0].Text(1), seen[0].Text(2), seen[0].Int(3) != 0);
  }

  CLEARHOST_ASSIGN_OR_RETURN(const MailMessage message, ParseMailMessage(raw, limits_));
  const int64_t now = clock_();
  CLEARHOST_ASSIGN_OR_RETURN(NoticeMail mail, ReadNoticeMail(message, options_, now));
  const std::string actor = absl::StrCat("mail:", mail.notice.sender);
  CLEARHOST_ASSIGN_OR_RETURN(IntakeResult intake, cases_.Intake(mail.notice, actor));

  IngestResult result{std::move(intake.opened), !intake.created,
                      std::string(ReportFormatName(mail.report.format)), mail.report.report_type,
                      mail.report.child_abuse};
  const store::SqlValue row[] = {digest,
                                 result.opened.id,
                                 mail.message_id,
                                 result.format,
                                 result.report_type,
                                 int64_t{result.child_abuse ? 1 : 0},
                                 mail.reporter_email,
                                 now};
  Result<store::SqlRows> recorded = database_.Query(
      "INSERT INTO notice_messages (message_sha256, case_id, message_id, format, report_type, "
      "child_abuse, reporter_email, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      row);
  // Another process recorded the same message meanwhile: it is a duplicate all the same.
  if (!recorded.ok() && !absl::IsAlreadyExists(recorded.status())) return recorded.status();
  if (!recorded.ok()) result.duplicate = true;
  return result;
}

}  // namespace clearhost::cases::intake
