#include "cases/outbound/notice_dispatcher.h"

#include <algorithm>
#include <ctime>
#include <nlohmann/json.hpp>
#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "cases/outbound/outbound_mail.h"
#include "store/audit_chain.h"

namespace clearhost::cases::outbound {
namespace {

constexpr int64_t kMicrosPerMinute = 60'000'000;
constexpr int64_t kMinimumInterval = 10 * kMicrosPerMinute;
constexpr int64_t kBatch = 200;
constexpr std::string_view kActor = "clearhost notices send";
constexpr char kOpenCase[] =
    "(c.state = 'received' OR c.state = 'assessing' OR c.state = 'escalated')";

// "2026-11-29 14:00 UTC".
std::string ReadableTime(int64_t micros) {
  const std::time_t seconds = static_cast<std::time_t>(micros / 1'000'000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[32];
  std::strftime(text, sizeof(text), "%Y-%m-%d %H:%M UTC", &utc);
  return text;
}

// "3 h 20 min", "overdue by 45 min".
std::string TimeLeft(int64_t deadline, int64_t now, std::string_view language) {
  const int64_t left = deadline - now;
  const int64_t minutes = (left < 0 ? -left : left) / kMicrosPerMinute;
  std::string amount = minutes >= 60 ? absl::StrCat(minutes / 60, " h ", minutes % 60, " min")
                                     : absl::StrCat(minutes, " min");
  if (left >= 0) return amount;
  return absl::StrCat(language == "nl" ? "verlopen sinds " : "overdue by ", amount);
}

std::string Decision(const Case& record, std::string_view language) {
  const bool dutch = language == "nl";
  const std::string when = ReadableTime(record.actioned_at.value_or(record.updated_at));
  switch (record.state) {
    case CaseState::kActioned:
    case CaseState::kConfirmedGone: {
      const ActionKind action = record.action.value_or(ActionKind::kRemoved);
      const char* done = action == ActionKind::kRemoved ? (dutch ? "verwijderd" : "removed")
                         : action == ActionKind::kDisabled
                             ? (dutch ? "ontoegankelijk gemaakt" : "disabled")
                             : (dutch ? "geografisch geblokkeerd" : "geo-blocked");
      std::string text = dutch ? absl::StrCat("Het materiaal is ", done, " op ", when, ".")
                               : absl::StrCat("The material was ", done, " on ", when, ".");
      if (record.state == CaseState::kConfirmedGone) {
        absl::StrAppend(&text, dutch ? " Wij hebben gecontroleerd dat het niet meer bereikbaar is."
                                     : " We checked that it is no longer reachable.");
      }
      return text;
    }
    case CaseState::kRejected:
      return dutch ? absl::StrCat("Wij hebben geen actie ondernomen: ", record.rejection_reason)
                   : absl::StrCat("We took no action: ", record.rejection_reason);
    default:
      return "";
  }
}

// The XARF v4 content type to send for a case whose notice came with `received_type`: the
// same when it is one (csam, csem, phishing...), else csam (an ARF "abuse" or a XARF v3
// "illegal-content" report in the abuse desk's CSAM process).
std::string XarfContentType(const std::string& received_type) {
  static constexpr std::string_view kContentTypes[] = {"csam",
                                                       "csem",
                                                       "phishing",
                                                       "malware",
                                                       "fraud",
                                                       "brand_infringement",
                                                       "exposed_data",
                                                       "remote_compromise",
                                                       "suspicious_registration"};
  for (const std::string_view type : kContentTypes) {
    if (received_type == type) return received_type;
  }
  return "csam";
}

std::string Detail(std::string_view recipient, std::string_view message_id,
                   std::string_view customer, std::string_view note) {
  nlohmann::json detail = {{"recipient", recipient}, {"message_id", message_id}};
  if (!customer.empty()) detail["customer"] = customer;
  if (!note.empty()) detail["note"] = note;
  return detail.dump();
}

}  // namespace

NoticeDispatcher::NoticeDispatcher(store::SqlConnection& database, CaseStore& cases,
                                   TemplateSet templates, DispatchOptions options)
    : database_(database),
      cases_(cases),
      templates_(std::move(templates)),
      options_(std::move(options)) {}

int64_t NoticeDispatcher::RenoticeInterval(const Case& record) const {
  const int64_t window = record.deadline - record.opened_at;
  if (window >= options_.renotice_micros) return options_.renotice_micros;
  return std::max(window / 4, kMinimumInterval);
}

int64_t NoticeDispatcher::EscalationLead(const Case& record) const {
  return std::min(options_.escalate_before_micros, (record.deadline - record.opened_at) / 4);
}

std::map<std::string, std::string> NoticeDispatcher::Variables(const Case& record,
                                                               int64_t now) const {
  return {{"case_id", absl::StrCat(record.id)},
          {"urls", absl::StrJoin(record.notice.urls, "\n")},
          {"ip", record.notice.ip},
          {"deadline", ReadableTime(record.deadline)},
          {"time_left", TimeLeft(record.deadline, now, "en")},
          {"received_at", ReadableTime(record.notice.received_at)},
          {"state", std::string(CaseStateName(record.state))},
          {"reason", record.notice.reason},
          {"reporter_org", options_.reporter.org},
          {"report_id", record.notice.reference}};
}

std::string NoticeDispatcher::MessageId(int64_t case_id, std::string_view kind, int64_t now) const {
  const size_t at = options_.from.rfind('@');
  const std::string domain =
      at == std::string::npos ? std::string("localhost") : options_.from.substr(at + 1);
  return absl::StrCat("clearhost.case-", case_id, ".", std::string(kind), ".", now, "@", domain);
}

Status NoticeDispatcher::Deliver(const std::vector<std::string>& to, TemplateKind kind,
                                 std::string_view language,
                                 const std::map<std::string, std::string>& variables,
                                 const Case* xarf_case, std::string_view message_id,
                                 std::string_view in_reply_to, int64_t now,
                                 DispatchCounts& counts) {
  const RenderedText text = templates_.Render(kind, language, variables);
  OutboundMail mail;
  mail.from = options_.from;
  mail.from_name = options_.from_name;
  mail.to = to;
  mail.subject = text.subject;
  mail.text = text.body;
  if (xarf_case != nullptr) {
    const store::SqlValue id[] = {xarf_case->id};
    CLEARHOST_ASSIGN_OR_RETURN(
        const store::SqlRows types,
        database_.Query("SELECT report_type FROM notice_messages WHERE case_id = ? AND "
                        "report_type <> '' ORDER BY id LIMIT 1",
                        id));
    const std::string report_type = types.empty() ? "csam" : XarfContentType(types[0].Text(0));
    mail.xarf_json = WriteXarf4(*xarf_case, options_.reporter, report_type, now);
  }
  mail.message_id = std::string(message_id);
  mail.in_reply_to = std::string(in_reply_to);
  mail.date = now;
  Status delivered;
  Result<std::string> composed = ComposeMail(mail);
  if (!composed.ok()) {
    delivered = composed.status();
  } else {
    delivered = SendMail(options_.smtp, options_.from, to, *composed);
  }
  if (absl::IsUnavailable(delivered)) ++counts.deferred;
  if (!delivered.ok() && !absl::IsUnavailable(delivered)) ++counts.refused;
  return delivered;
}

Status NoticeDispatcher::Record(int64_t case_id, std::string_view action, std::string_view detail,
                                int64_t now, std::string_view sql,
                                std::span<const store::SqlValue> parameters) {
  CLEARHOST_ASSIGN_OR_RETURN(store::SqlTransaction transaction,
                             store::SqlTransaction::Begin(database_));
  if (!sql.empty()) CLEARHOST_RETURN_IF_ERROR(database_.Query(sql, parameters).status());
  CLEARHOST_RETURN_IF_ERROR(store::AppendAudit(database_, {.at = now,
                                                           .actor = std::string(kActor),
                                                           .action = std::string(action),
                                                           .case_id = case_id,
                                                           .detail = std::string(detail)})
                                .status());
  return transaction.Commit();
}

Status NoticeDispatcher::StartCases(int64_t now, DispatchCounts& counts) {
  int64_t cursor = 0;
  while (true) {
    const store::SqlValue page[] = {cursor, kBatch};
    CLEARHOST_ASSIGN_OR_RETURN(
        const store::SqlRows rows,
        database_.Query(absl::StrCat("SELECT c.id FROM cases c LEFT JOIN case_outbound o ON "
                                     "o.case_id = c.id WHERE o.case_id IS NULL AND ",
                                     kOpenCase, " AND c.id > ? ORDER BY c.id LIMIT ?"),
                        page));
    if (rows.empty()) return Status();
    for (const store::SqlRow& row : rows) {
      cursor = row.Int(0);
      CLEARHOST_ASSIGN_OR_RETURN(const Case record, cases_.Get(cursor));
      Result<std::optional<Customer>> customer = options_.resolve_customer(record);
      if (!customer.ok()) {
        ++counts.deferred;  // the customer lookup failed for now: the next run asks again
        continue;
      }
      const Customer known = customer->value_or(Customer{});
      const store::SqlValue start[] = {
          cursor,
          known.id,
          known.email,
          known.language.empty() ? std::string("en") : known.language,
          MessageId(cursor, "notice", now),
          known.email.empty() ? store::SqlValue() : store::SqlValue(now)};
      Result<store::SqlRows> inserted = database_.Query(
          "INSERT INTO case_outbound (case_id, customer, recipient, language, first_message_id, "
          "next_due_at) VALUES (?, ?, ?, ?, ?, ?)",
          start);
      if (absl::IsAlreadyExists(inserted.status())) continue;  // another sender has it
      CLEARHOST_RETURN_IF_ERROR(inserted.status());
      if (known.email.empty()) {
        ++counts.unmapped;
        CLEARHOST_RETURN_IF_ERROR(
            EscalateCase(record, "no customer is known for these URLs and IP", now, counts));
      }
    }
  }
}

Status NoticeDispatcher::SendDue(int64_t now, DispatchCounts& counts) {
  int64_t cursor = 0;
  while (true) {
    const store::SqlValue page[] = {now, cursor, kBatch};
    CLEARHOST_ASSIGN_OR_RETURN(
        const store::SqlRows rows,
        database_.Query(
            absl::StrCat("SELECT o.case_id, o.next_due_at, o.notices_sent, o.recipient, "
                         "o.language, o.first_message_id, o.customer FROM case_outbound o JOIN "
                         "cases c ON c.id = o.case_id WHERE o.next_due_at IS NOT NULL AND "
                         "o.next_due_at <= ? AND ",
                         kOpenCase, " AND o.case_id > ? ORDER BY o.case_id LIMIT ?"),
            page));
    if (rows.empty()) return Status();
    for (const store::SqlRow& row : rows) {
      cursor = row.Int(0);
      const int64_t due = row.Int(1);
      const int64_t sent = row.Int(2);
      const std::string& recipient = row.Text(3);
      const std::string& customer = row.Text(6);
      CLEARHOST_ASSIGN_OR_RETURN(const Case record, cases_.Get(cursor));
      const store::SqlValue claim[] = {now + RenoticeInterval(record), cursor, due};
      CLEARHOST_RETURN_IF_ERROR(
          database_
              .Query("UPDATE case_outbound SET next_due_at = ? WHERE case_id = ? AND "
                     "next_due_at = ?",
                     claim)
              .status());
      if (database_.Changes() != 1) continue;  // another sender took it

      const bool first = sent == 0;
      const std::string message_id =
          first ? row.Text(5) : MessageId(cursor, absl::StrCat("renotice", sent), now);
      std::map<std::string, std::string> variables = Variables(record, now);
      variables["time_left"] = TimeLeft(record.deadline, now, row.Text(4));
      variables["customer"] = customer;
      variables["notice_count"] = absl::StrCat(sent + 1);
      const Status delivered =
          Deliver({recipient}, first ? TemplateKind::kNotice : TemplateKind::kRenotice, row.Text(4),
                  variables, &record, message_id, first ? "" : row.Text(5), now, counts);
      if (delivered.ok()) {
        ++(first ? counts.notices : counts.renotices);
        const store::SqlValue done[] = {now, cursor};
        CLEARHOST_RETURN_IF_ERROR(
            Record(cursor, first ? "notice_sent" : "renotice_sent",
                   Detail(recipient, message_id, customer, ""), now,
                   "UPDATE case_outbound SET notices_sent = notices_sent + 1, last_sent_at = ?, "
                   "last_error = '' WHERE case_id = ?",
                   done));
      } else if (absl::IsUnavailable(delivered)) {
        const store::SqlValue retry[] = {due, cursor};
        CLEARHOST_RETURN_IF_ERROR(
            database_.Query("UPDATE case_outbound SET next_due_at = ? WHERE case_id = ?", retry)
                .status());
      } else {
        const std::string problem = std::string(delivered.message());
        const store::SqlValue failed[] = {problem, cursor};
        CLEARHOST_RETURN_IF_ERROR(
            Record(cursor, "notice_refused", Detail(recipient, message_id, customer, problem), now,
                   "UPDATE case_outbound SET last_error = ? WHERE case_id = ?", failed));
        CLEARHOST_RETURN_IF_ERROR(EscalateCase(
            record, absl::StrCat("the notice to ", recipient, " failed: ", problem), now, counts));
      }
    }
  }
}

Status NoticeDispatcher::EscalateCase(const Case& record, std::string_view why, int64_t now,
                                      DispatchCounts& counts) {
  if (options_.staff.empty()) return Status();
  const store::SqlValue claim[] = {now, record.id};
  CLEARHOST_RETURN_IF_ERROR(
      database_
          .Query("UPDATE case_outbound SET escalated_at = ? WHERE case_id = ? AND "
                 "escalated_at IS NULL",
                 claim)
          .status());
  if (database_.Changes() != 1) return Status();
  const store::SqlValue id[] = {record.id};
  CLEARHOST_ASSIGN_OR_RETURN(
      const store::SqlRows outbound,
      database_.Query("SELECT customer, notices_sent FROM case_outbound WHERE case_id = ?", id));
  std::map<std::string, std::string> variables = Variables(record, now);
  variables["time_left"] = TimeLeft(record.deadline, now, options_.staff_language);
  variables["reason"] = std::string(why);
  if (!outbound.empty()) {
    variables["customer"] = outbound[0].Text(0);
    variables["notice_count"] = absl::StrCat(outbound[0].Int(1));
  }
  const std::string message_id = MessageId(record.id, "escalation", now);
  const Status delivered =
      Deliver(options_.staff, TemplateKind::kEscalation, options_.staff_language, variables,
              nullptr, message_id, "", now, counts);
  if (absl::IsUnavailable(delivered)) {
    const store::SqlValue release[] = {record.id};
    return database_
        .Query("UPDATE case_outbound SET escalated_at = NULL WHERE case_id = ?", release)
        .status();
  }
  if (delivered.ok()) ++counts.escalations;
  const std::string staff = absl::StrJoin(options_.staff, ", ");
  return Record(record.id, delivered.ok() ? "escalation_sent" : "escalation_refused",
                Detail(staff, message_id, variables["customer"],
                       delivered.ok() ? std::string(why) : std::string(delivered.message())),
                now, "", {});
}

Status NoticeDispatcher::Escalate(int64_t now, DispatchCounts& counts) {
  if (options_.staff.empty()) return Status();
  int64_t cursor = 0;
  while (true) {
    const store::SqlValue page[] = {options_.escalate_before_micros,
                                    options_.escalate_before_micros, now, cursor, kBatch};
    CLEARHOST_ASSIGN_OR_RETURN(
        const store::SqlRows rows,
        database_.Query(
            absl::StrCat("SELECT o.case_id FROM case_outbound o JOIN cases c ON c.id = "
                         "o.case_id WHERE o.escalated_at IS NULL AND ",
                         kOpenCase,
                         " AND c.deadline - (CASE WHEN (c.deadline - c.opened_at) / 4 < ? THEN "
                         "(c.deadline - c.opened_at) / 4 ELSE ? END) <= ? AND o.case_id > ? "
                         "ORDER BY o.case_id LIMIT ?"),
            page));
    if (rows.empty()) return Status();
    for (const store::SqlRow& row : rows) {
      cursor = row.Int(0);
      CLEARHOST_ASSIGN_OR_RETURN(const Case record, cases_.Get(cursor));
      CLEARHOST_RETURN_IF_ERROR(EscalateCase(
          record, record.deadline <= now ? "the deadline has passed" : "the deadline is near", now,
          counts));
    }
  }
}

Status NoticeDispatcher::SendDecisions(int64_t now, DispatchCounts& counts) {
  int64_t cursor = 0;
  while (true) {
    const store::SqlValue page[] = {cursor, kBatch};
    CLEARHOST_ASSIGN_OR_RETURN(
        const store::SqlRows rows,
        database_.Query(
            "SELECT m.id, m.case_id, m.reporter_email, m.message_id FROM notice_messages m JOIN "
            "cases c ON c.id = m.case_id WHERE m.decision_sent_at IS NULL AND "
            "m.reporter_email <> '' AND (c.state = 'actioned' OR c.state = 'confirmed_gone' OR "
            "c.state = 'rejected') AND m.id > ? ORDER BY m.id LIMIT ?",
            page));
    if (rows.empty()) return Status();
    for (const store::SqlRow& row : rows) {
      cursor = row.Int(0);
      const int64_t case_id = row.Int(1);
      const std::string& email = row.Text(2);
      // One decision per notifier and case, however many of its messages the case has.
      const store::SqlValue claim[] = {now, case_id, email};
      CLEARHOST_RETURN_IF_ERROR(
          database_
              .Query("UPDATE notice_messages SET decision_sent_at = ? WHERE case_id = ? AND "
                     "reporter_email = ? AND decision_sent_at IS NULL",
                     claim)
              .status());
      if (database_.Changes() == 0) continue;
      CLEARHOST_ASSIGN_OR_RETURN(const Case record, cases_.Get(case_id));
      std::map<std::string, std::string> variables = Variables(record, now);
      variables["decision"] = Decision(record, options_.notifier_language);
      const std::string message_id = MessageId(case_id, "decision", now);
      const Status delivered = Deliver({email}, TemplateKind::kDecision, options_.notifier_language,
                                       variables, nullptr, message_id, row.Text(3), now, counts);
      if (absl::IsUnavailable(delivered)) {
        const store::SqlValue release[] = {case_id, email, now};
        CLEARHOST_RETURN_IF_ERROR(
            database_
                .Query("UPDATE notice_messages SET decision_sent_at = NULL WHERE case_id = ? AND "
                       "reporter_email = ? AND decision_sent_at = ?",
                       release)
                .status());
        continue;
      }
      if (delivered.ok()) ++counts.decisions;
      CLEARHOST_RETURN_IF_ERROR(
          Record(case_id, delivered.ok() ? "decision_sent" : "decision_refused",
                 Detail(email, message_id, "",
                        delivered.ok() ? variables["decision"] : std::string(delivered.message())),
                 now, "", {}));
    }
  }
}

Result<DispatchCounts> NoticeDispatcher::RunOnce(int64_t now) {
  DispatchCounts counts;
  CLEARHOST_RETURN_IF_ERROR(StartCases(now, counts));
  CLEARHOST_RETURN_IF_ERROR(SendDue(now, counts));
  CLEARHOST_RETURN_IF_ERROR(Escalate(now, counts));
  CLEARHOST_RETURN_IF_ERROR(SendDecisions(now, counts));
  return counts;
}

}  // namespace clearhost::cases::outbound
