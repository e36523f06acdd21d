// Reads the notice in a received e-mail: finds the part that carries the report (a XARF v4 JSON
// document, a XARF v3 YAML report, an ARF feedback report, else the plain text), parses it
// (abuse_report.h) and turns it into the case store's Notice, with who sent it, when it arrived
// and where the decision on it goes (DSA Art. 16(5)).
// Thread-safety: pure functions over values.
#pragma once

#include <cstdint>
#include <string>

#include "cases/case_record.h"
#include "cases/intake/abuse_report.h"
#include "cases/intake/mail_message.h"
#include "core/status.h"

namespace clearhost::cases::intake {

struct NoticeMailOptions {
  // The notice's sender as cases record it; "" = the report's organisation, else the
  // reporter's address, else the From address.
  std::string source;
  SourceType source_type = SourceType::kArticle16Notice;
};

struct NoticeMail {
  Notice notice;
  AbuseReport report;
  std::string message_id;      // the Message-ID without angle brackets, "" if none
  std::string reporter_email;  // where replies and the decision go, "" if unknown
};

// The notice in `message`, received at `now` unless its own Received or Date field says
// earlier. InvalidArgument (the message is not a notice) naming what is missing or wrong.
Result<NoticeMail> ReadNoticeMail(const MailMessage& message, const NoticeMailOptions& options,
                                  int64_t now);

// The addr-spec in a From/Reply-To value ("Name <a@b.example>" -> "a@b.example"), lowercased
// domain; "" when there is none.
std::string MailboxAddress(std::string_view value);

}  // namespace clearhost::cases::intake
