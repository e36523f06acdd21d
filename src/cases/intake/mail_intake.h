// Notice intake by e-mail: one received message in, a case opened (or found) and the message
// recorded, exactly once however often the MTA delivers it. The message's SHA-256 makes a
// redelivery a duplicate of the first delivery; the notice's reference (the report's id, else
// the Message-ID) makes a re-sent notice a duplicate of the case it opened (case_store.h). The
// raw message is not stored: the notice's fields, the message's digest and Message-ID, the
// report's format and type and the reporter's address (for the decision, DSA Art. 16(5)).
// Schema: store/migrations.cpp version 3 (notice_messages).
// Thread-safety: like CaseStore, one thread at a time per MailIntake.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "cases/case_store.h"
#include "cases/intake/mail_message.h"
#include "cases/intake/notice_mail.h"
#include "core/clock.h"
#include "core/status.h"
#include "store/sql_connection.h"

namespace clearhost::cases::intake {

struct IngestResult {
  Case opened;             // the case the message opened or belongs to
  bool duplicate = false;  // the message or its notice was seen before
  std::string format;      // "xarf4", "xarf3", "arf", "text"
  std::string report_type;
  bool child_abuse = false;
};

class MailIntake {
 public:
  MailIntake(store::SqlConnection& database, CaseStore& cases, NoticeMailOptions options,
             MailLimits limits = {}, MicrosClock clock = SystemClockMicros);

  // InvalidArgument: `raw` is not a notice (malformed, no report, a bad field), the message
  // says why; nothing was written. Any other error: the store could not be read or written
  // (try again later; nothing half-written stays).
  Result<IngestResult> Ingest(std::string_view raw);

 private:
  Result<IngestResult> Known(int64_t case_id, std::string format, std::string report_type,
                             bool child_abuse);

  store::SqlConnection& database_;
  CaseStore& cases_;
  NoticeMailOptions options_;
  MailLimits limits_;
  MicrosClock clock_;
};

}  // namespace clearhost::cases::intake
