// The outbound side of a case: notices to the customer who controls the reported content, re-
// notices until the case is actioned, confirmed gone or rejected, an escalation to the
// hoster's own staff when the deadline is near (or at once when no customer is known or a
// notice is refused), and the decision back to each notifier who sent the notice by e-mail
// (DSA Art. 16(5)). One RunOnce() does everything due at `now`; run it every few minutes.
//
// What was sent is recorded in the store (case_outbound, notice_messages.decision_sent_at;
// store/migrations.cpp version 3) and in the audit log, claimed before sending, so that a
// restart resends nothing and several senders on one database never send the same mail twice.
// A delivery the mail server could not take now (Unavailable) gives its claim back and is
// retried by the next run; a refused one is recorded (last_error) and escalated.
// Thread-safety: one thread at a time per NoticeDispatcher.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "cases/case_store.h"
#include "cases/outbound/customer_map.h"
#include "cases/outbound/notice_templates.h"
#include "cases/outbound/smtp_sender.h"
#include "cases/outbound/xarf_writer.h"
#include "core/status.h"
#include "store/sql_connection.h"

namespace clearhost::cases::outbound {

struct DispatchOptions {
  SmtpOptions smtp;
  std::string from;                // the abuse desk's address (envelope and From)
  std::string from_name;           // its display name
  ReporterIdentity reporter;       // XARF ReporterInfo
  std::vector<std::string> staff;  // escalations go here; none: no escalations
  std::string staff_language = "en";
  std::string notifier_language = "en";  // decisions to notifiers
  int64_t renotice_micros = 24 * 3'600'000'000LL;
  int64_t escalate_before_micros = 2 * 3'600'000'000LL;
  // The customer of a case; nullopt when nobody is known to control it.
  std::function<Result<std::optional<Customer>>(const Case&)> resolve_customer;
};

struct DispatchCounts {
  int64_t notices = 0;
  int64_t renotices = 0;
  int64_t escalations = 0;
  int64_t decisions = 0;
  int64_t unmapped = 0;  // open cases no customer is known for (escalated)
  int64_t deferred = 0;  // deliveries the mail server could not take now (retried next run)
  int64_t refused = 0;   // deliveries refused for good (recorded, escalated)
};

class NoticeDispatcher {
 public:
  NoticeDispatcher(store::SqlConnection& database, CaseStore& cases, TemplateSet templates,
                   DispatchOptions options);

  // Everything due at `now`. An error only when the store fails; delivery problems are counted.
  Result<DispatchCounts> RunOnce(int64_t now);

  // The time between notices for `record`: the re-notice interval, or a quarter of the case's
  // whole window (at least 10 minutes) when that window is shorter (1-hour orders).
  int64_t RenoticeInterval(const Case& record) const;
  // When the staff are warned: the escalation lead, or a quarter of a shorter window.
  int64_t EscalationLead(const Case& record) const;

 private:
  Status StartCases(int64_t now, DispatchCounts& counts);
  Status SendDue(int64_t now, DispatchCounts& counts);
  Status Escalate(int64_t now, DispatchCounts& counts);
  Status SendDecisions(int64_t now, DispatchCounts& counts);
  // Claims the case's escalation and mails the staff, saying `why`.
  Status EscalateCase(const Case& record, std::string_view why, int64_t now,
                      DispatchCounts& counts);

  // Composes and sends one mail; counts a deferral or refusal. Returns the delivery status.
  Status Deliver(const std::vector<std::string>& to, TemplateKind kind, std::string_view language,
                 const std::map<std::string, std::string>& variables, const Case* xarf_case,
                 std::string_view message_id, std::string_view in_reply_to, int64_t now,
                 DispatchCounts& counts);
  // Runs `sql` (none when empty) and appends `action` to the audit log, in one transaction.
  Status Record(int64_t case_id, std::string_view action, std::string_view detail, int64_t now,
                std::string_view sql, std::span<const store::SqlValue> parameters);
  std::map<std::string, std::string> Variables(const Case& record, int64_t now) const;
  std::string MessageId(int64_t case_id, std::string_view kind, int64_t now) const;

  store::SqlConnection& database_;
  CaseStore& cases_;
  TemplateSet templates_;
  DispatchOptions options_;
};

}  // namespace clearhost::cases::outbound
