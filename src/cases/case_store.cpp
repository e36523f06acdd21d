#include "cases/case_store.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "cases/notice_validation.h"
#include "core/sha256.h"
#include "store/audit_chain.h"

namespace clearhost::cases {
namespace {

using store::SqlRow;
using store::SqlRows;
using store::SqlTransaction;
using store::SqlValue;

constexpr std::string_view kCaseColumns =
    "id, source_type, sender, reference, ip, reason, legal_basis, member_state, content_kind, "
    "automated_detection, received_at, order_deadline, content_date, state, action, "
    "territorial_scope, rejection_reason, automated_decision, opened_at, deadline, "
    "acknowledged_at, actioned_at, closed_at, reopen_count, version, updated_at";

std::optional<int64_t> OptionalInt(const SqlRow& row, size_t column) {
  if (row.IsNull(column)) return std::nullopt;
  return row.Int(column);
}

SqlValue ToValue(const std::optional<int64_t>& value) {
  return value ? SqlValue(*value) : SqlValue();
}

// Values the store wrote are valid names; anything else is a corrupt row.
template <typename Enum>
Result<Enum> Stored(Result<Enum> parsed, int64_t id) {
  if (parsed.ok()) return parsed;
  return absl::DataLossError(
      absl::StrCat("case ", id, ": stored value unreadable: ", parsed.status().message()));
}

Result<Case> CaseFromRow(const SqlRow& row) {
  Case out;
  out.id = row.Int(0);
  CLEARHOST_ASSIGN_OR_RETURN(out.notice.source_type, Stored(ParseSourceType(row.Text(1)), out.id));
  out.notice.sender = row.Text(2);
  out.notice.reference = row.Text(3);
  out.notice.ip = row.Text(4);
  out.notice.reason = row.Text(5);
  out.notice.legal_basis = row.Text(6);
  out.notice.member_state = row.Text(7);
  CLEARHOST_ASSIGN_OR_RETURN(out.notice.content_kind,
                             Stored(ParseContentKind(row.Text(8)), out.id));
  out.notice.automated_detection = row.Int(9) != 0;
  out.notice.received_at = row.Int(10);
  out.notice.order_deadline = OptionalInt(row, 11);
  out.notice.content_date = OptionalInt(row, 12);
  CLEARHOST_ASSIGN_OR_RETURN(out.state, Stored(ParseCaseState(row.Text(13)), out.id));
  if (!row.IsNull(14)) {
    CLEARHOST_ASSIGN_OR_RETURN(out.action, Stored(ParseActionKind(row.Text(14)), out.id));
  }
  if (!row.Text(15).empty()) out.territorial_scope = absl::StrSplit(row.Text(15), ',');
  out.rejection_reason = row.Text(16);
  out.automated_decision = row.Int(17) != 0;
  out.opened_at = row.Int(18);
  out.deadline = row.Int(19);
  out.acknowledged_at = OptionalInt(row, 20);
  out.actioned_at = OptionalInt(row, 21);
  out.closed_at = OptionalInt(row, 22);
  out.reopen_count = row.Int(23);
  out.version = row.Int(24);
  out.updated_at = row.Int(25);
  return out;
}

std::string Placeholders(size_t count) {
  std::string out;
  for (size_t i = 0; i < count; ++i) out += i == 0 ? "?" : ", ?";
  return out;
}

// What the audit log keeps of a case change: enough to reconstruct the history, no content.
std::string OpenDetail(const Case& opened) {
  return nlohmann::json{{"source_type", SourceTypeName(opened.notice.source_type)},
                        {"sender", opened.notice.sender},
                        {"reference", opened.notice.reference},
                        {"urls", opened.notice.urls},
                        {"deadline", opened.deadline}}
      .dump();
}

std::string TransitionDetail(CaseState from, const TransitionRequest& request) {
  nlohmann::json detail{{"from", CaseStateName(from)},
                        {"to", CaseStateName(request.to_state)},
                        {"note", request.note}};
  if (request.action) detail["action"] = ActionKindName(*request.action);
  if (!request.territorial_scope.empty()) detail["territorial_scope"] = request.territorial_scope;
  if (!request.reason.empty()) detail["reason"] = request.reason;
  if (request.automated) detail["automated"] = true;
  return detail.dump();
}

Status WriteEvent(store::SqlConnection& database, int64_t case_id, int64_t at,
                  std::string_view actor, std::optional<CaseState> from, CaseState to,
                  std::string_view note) {
  const SqlValue values[] = {case_id,
                             at,
                             std::string(actor),
                             from ? SqlValue(std::string(CaseStateName(*from))) : SqlValue(),
                             std::string(CaseStateName(to)),
                             std::string(note)};
  return database
      .Query(
          "INSERT INTO case_events (case_id, at, actor, from_state, to_state, note) "
          "VALUES (?, ?, ?, ?, ?, ?)",
          values)
      .status();
}

}  // namespace

std::string IntakeKey(const Notice& notice) {
  std::string key = absl::StrCat(std::string(SourceTypeName(notice.source_type)), "\n",
                                 notice.sender.size(), ":", notice.sender, "\n");
  if (!notice.reference.empty()) {
    absl::StrAppend(&key, "reference\n", notice.reference);
  } else {
    absl::StrAppend(&key, "content\n", notice.received_at, "\n", notice.ip, "\n");
    for (const std::string& url : notice.urls) absl::StrAppend(&key, url.size(), ":", url, "\n");
    for (const NoticeHash& hash : notice.hashes) {
      absl::StrAppend(&key, hash.signal_type, ":", hash.value, "\n");
    }
  }
  return Sha256Hex(key);
}

CaseStore::CaseStore(store::SqlConnection& database, DeadlinePolicy policy, MicrosClock clock)
    : database_(database), policy_(policy), clock_(std::move(clock)) {}

Result<IntakeResult> CaseStore::Intake(Notice notice, std::string_view actor) {
  const int64_t now = clock_();
  if (notice.received_at == 0) notice.received_at = now;
  CLEARHOST_RETURN_IF_ERROR(ValidateNotice(notice));
  CLEARHOST_ASSIGN_OR_RETURN(const int64_t deadline, ComputeDeadline(notice, policy_, now));
  const std::string key = IntakeKey(notice);

  CLEARHOST_ASSIGN_OR_RETURN(SqlTransaction transaction, SqlTransaction::Begin(database_));
  const SqlValue values[] = {key,
                             std::string(SourceTypeName(notice.source_type)),
                             notice.sender,
                             notice.reference,
                             notice.ip,
                             notice.reason,
                             notice.legal_basis,
                             notice.member_state,
                             std::string(ContentKindName(notice.content_kind)),
                             int64_t{notice.automated_detection ? 1 : 0},
                             notice.received_at,
                             ToValue(notice.order_deadline),
                             ToValue(notice.content_date),
                             now,
                             deadline,
                             now};
  CLEARHOST_ASSIGN_OR_RETURN(
      const SqlRows inserted,
      database_.Query("INSERT INTO cases (intake_key, source_type, sender, reference, ip, reason, "
                      "legal_basis, member_state, content_kind, automated_detection, received_at, "
                      "order_deadline, content_date, state, opened_at, deadline, updated_at) "
                      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'received', ?, ?, ?) "
                      "ON CONFLICT (intake_key) DO NOTHING RETURNING id",
                      values));
  if (inserted.empty()) {
    // A duplicate: the case its first copy opened.
    const SqlValue existing_key[] = {key};
    CLEARHOST_ASSIGN_OR_RETURN(std::vector<Case> existing,
                               Load("WHERE intake_key = ?", existing_key));
    if (existing.empty()) return absl::InternalError("duplicate notice without its case");
    return IntakeResult{std::move(existing[0]), false};
  }
  const int64_t id = inserted[0].Int(0);
  for (size_t i = 0; i < notice.urls.size(); ++i) {
    const SqlValue url[] = {id, static_cast<int64_t>(i), notice.urls[i]};
    CLEARHOST_RETURN_IF_ERROR(
        database_.Query("INSERT INTO case_urls (case_id, position, url) VALUES (?, ?, ?)", url)
            .status());
  }
  for (size_t i = 0; i < notice.hashes.size(); ++i) {
    const SqlValue hash[] = {id, static_cast<int64_t>(i), notice.hashes[i].signal_type,
                             notice.hashes[i].value};
    CLEARHOST_RETURN_IF_ERROR(
        database_
            .Query("INSERT INTO case_hashes (case_id, position, signal_type, signal) "
                   "VALUES (?, ?, ?, ?)",
                   hash)
            .status());
  }
  Case opened{.id = id,
              .notice = std::move(notice),
              .opened_at = now,
              .deadline = deadline,
              .updated_at = now};
  CLEARHOST_RETURN_IF_ERROR(
      WriteEvent(database_, id, now, actor, std::nullopt, CaseState::kReceived, ""));
  CLEARHOST_RETURN_IF_ERROR(store::AppendAudit(database_, {.at = now,
                                                           .actor = std::string(actor),
                                                           .action = "case_open",
                                                           .case_id = id,
                                                           .detail = OpenDetail(opened)})
                                .status());
  CLEARHOST_RETURN_IF_ERROR(transaction.Commit());
  return IntakeResult{std::move(opened), true};
}

Result<std::vector<Case>> CaseStore::Load(std::string_view where_and_order,
                                          std::span<const SqlValue> parameters) {
  CLEARHOST_ASSIGN_OR_RETURN(
      const SqlRows rows,
      database_.Query(absl::StrCat("SELECT ", std::string(kCaseColumns), " FROM cases ",
                                   std::string(where_and_order)),
                      parameters));
  std::vector<Case> cases;
  cases.reserve(rows.size());
  for (const SqlRow& row : rows) {
    CLEARHOST_ASSIGN_OR_RETURN(Case loaded, CaseFromRow(row));
    cases.push_back(std::move(loaded));
  }
  CLEARHOST_RETURN_IF_ERROR(LoadDetails(cases));
  return cases;
}

Status CaseStore::LoadDetails(std::vector<Case>& cases) {
  if (cases.empty()) return Status();
  absl::flat_hash_map<int64_t, Case*> by_id;
  std::vector<SqlValue> ids;
  // In batches, so the statement stays within both databases' parameter limits.
  constexpr size_t kBatch = 500;
  for (size_t start = 0; start < cases.size(); start += kBatch) {
    by_id.clear();
    ids.clear();
    const size_t end = std::min(cases.size(), start + kBatch);
    for (size_t i = start; i < end; ++i) {
      by_id[cases[i].id] = &cases[i];
      ids.emplace_back(cases[i].id);
    }
    const std::string in = Placeholders(ids.size());
    CLEARHOST_ASSIGN_OR_RETURN(
        const SqlRows urls,
        database_.Query(absl::StrCat("SELECT case_id, url FROM case_urls WHERE case_id IN (", in,
                                     ") ORDER BY case_id, position"),
                        ids));
    for (const SqlRow& row : urls) by_id[row.Int(0)]->notice.urls.push_back(row.Text(1));
    CLEARHOST_ASSIGN_OR_RETURN(
        const SqlRows hashes,
        database_.Query(absl::StrCat("SELECT case_id, signal_type, signal FROM case_hashes "
                                     "WHERE case_id IN (",
                                     in, ") ORDER BY case_id, position"),
                        ids));
    for (const SqlRow& row : hashes) {
      by_id[row.Int(0)]->notice.hashes.push_back({row.Text(1), row.Text(2)});
    }
  }
  return Status();
}

Result<Case> CaseStore::Get(int64_t id) {
  const SqlValue key[] = {id};
  CLEARHOST_ASSIGN_OR_RETURN(std::vector<Case> found, Load("WHERE id = ?", key));
  if (found.empty()) return absl::NotFoundError(absl::StrCat("no case ", id));
  return std::move(found[0]);
}

Result<OpenCaseCounts> CaseStore::CountOpen(int64_t now) {
  const store::SqlValue parameters[] = {now};
  CLEARHOST_ASSIGN_OR_RETURN(
      const store::SqlRows rows,
      database_.Query("SELECT COUNT(*), COALESCE(SUM(CASE WHEN deadline < ? THEN 1 ELSE 0 END), 0) "
                      "FROM cases WHERE state = 'received' OR state = 'assessing' OR "
                      "state = 'escalated'",
                      parameters));
  return OpenCaseCounts{.open = rows[0].Int(0), .overdue = rows[0].Int(1)};
}

Result<std::vector<Case>> CaseStore::List(const CaseFilter& filter) {
  if (filter.limit < 1 || filter.limit > 1000) {
    return absl::InvalidArgumentError("limit: must be between 1 and 1000");
  }
  std::vector<std::string> conditions;
  std::vector<SqlValue> parameters;
  const auto add = [&](std::string condition, SqlValue value) {
    conditions.push_back(std::move(condition));
    parameters.push_back(std::move(value));
  };
  if (filter.sender) add("sender = ?", *filter.sender);
  if (filter.state) add("state = ?", std::string(CaseStateName(*filter.state)));
  if (filter.source_type) {
    add("source_type = ?", std::string(SourceTypeName(*filter.source_type)));
  }
  if (filter.open_only || filter.deadline_before) {
    conditions.push_back("(state = 'received' OR state = 'assessing' OR state = 'escalated')");
  }
  if (filter.deadline_before) add("deadline < ?", *filter.deadline_before);
  if (filter.received_from) add("received_at >= ?", *filter.received_from);
  if (filter.received_until) add("received_at < ?", *filter.received_until);
  if (filter.url) add("id IN (SELECT case_id FROM case_urls WHERE url = ?)", *filter.url);
  if (filter.before_id > 0) add("id < ?", filter.before_id);
  std::string sql =
      conditions.empty() ? "" : absl::StrCat("WHERE ", absl::StrJoin(conditions, " AND "));
  absl::StrAppend(&sql, " ORDER BY id DESC LIMIT ?");
  parameters.emplace_back(filter.limit);
  return Load(sql, parameters);
}

Result<std::vector<CaseEvent>> CaseStore::Events(int64_t id) {
  CLEARHOST_RETURN_IF_ERROR(Get(id).status());
  const SqlValue key[] = {id};
  CLEARHOST_ASSIGN_OR_RETURN(
      const SqlRows rows,
      database_.Query("SELECT at, actor, from_state, to_state, note FROM case_events "
                      "WHERE case_id = ? ORDER BY id",
                      key));
  std::vector<CaseEvent> events;
  for (const SqlRow& row : rows) {
    CaseEvent event{.case_id = id, .at = row.Int(0), .actor = row.Text(1), .note = row.Text(4)};
    if (!row.IsNull(2)) {
      CLEARHOST_ASSIGN_OR_RETURN(event.from_state, Stored(ParseCaseState(row.Text(2)), id));
    }
    CLEARHOST_ASSIGN_OR_RETURN(event.to_state, Stored(ParseCaseState(row.Text(3)), id));
    events.push_back(std::move(event));
  }
  return events;
}

Result<Case> CaseStore::Transition(int64_t id, const TransitionRequest& request) {
  const int64_t now = clock_();
  CLEARHOST_ASSIGN_OR_RETURN(SqlTransaction transaction, SqlTransaction::Begin(database_));
  CLEARHOST_ASSIGN_OR_RETURN(Case current, Get(id));
  CLEARHOST_RETURN_IF_ERROR(CheckTransition(current, request));
  Case next = current;
  next.state = request.to_state;
  next.version = current.version + 1;
  next.updated_at = now;
  if (!next.acknowledged_at && request.to_state != CaseState::kReceived) {
    next.acknowledged_at = now;
  }
  switch (request.to_state) {
    case CaseState::kActioned:
      next.action = request.action;
      next.territorial_scope = request.territorial_scope;
      next.actioned_at = now;
      next.automated_decision = request.automated;
      break;
    case CaseState::kConfirmedGone:
      next.closed_at = now;
      break;
    case CaseState::kRejected:
      next.rejection_reason = request.reason;
      next.closed_at = now;
      break;
    case CaseState::kReceived:  // re-opened: the content came back
      ++next.reopen_count;
      next.closed_at.reset();
      next.deadline = now + LimitMicros(policy_, current.notice.source_type);
      break;
    case CaseState::kAssessing:
    case CaseState::kEscalated:
      break;
  }
  const SqlValue values[] = {
      std::string(CaseStateName(next.state)),
      next.action ? SqlValue(std::string(ActionKindName(*next.action))) : SqlValue(),
      absl::StrJoin(next.territorial_scope, ","),
      next.rejection_reason,
      int64_t{next.automated_decision ? 1 : 0},
      next.deadline,
      ToValue(next.acknowledged_at),
      ToValue(next.actioned_at),
      ToValue(next.closed_at),
      next.reopen_count,
      next.version,
      now,
      id,
      current.version};
  CLEARHOST_RETURN_IF_ERROR(
      database_
          .Query("UPDATE cases SET state = ?, action = ?, territorial_scope = ?, "
                 "rejection_reason = ?, automated_decision = ?, deadline = ?, "
                 "acknowledged_at = ?, actioned_at = ?, closed_at = ?, reopen_count = ?, "
                 "version = ?, updated_at = ?, alerted_at = NULL WHERE id = ? AND version = ?",
                 values)
          .status());
  if (database_.Changes() != 1) {
    return absl::AbortedError(
        absl::StrCat("case ", id, " was changed by someone else meanwhile: read it again"));
  }
  const std::string note = request.to_state == CaseState::kRejected && request.note.empty()
                               ? request.reason
                               : request.note;
  CLEARHOST_RETURN_IF_ERROR(
      WriteEvent(database_, id, now, request.actor, current.state, next.state, note));
  CLEARHOST_RETURN_IF_ERROR(
      store::AppendAudit(database_, {.at = now,
                                     .actor = request.actor,
                                     .action = "case_transition",
                                     .case_id = id,
                                     .detail = TransitionDetail(current.state, request)})
          .status());
  CLEARHOST_RETURN_IF_ERROR(transaction.Commit());
  return next;
}

Result<std::vector<Case>> CaseStore::ClaimDueAlerts(int64_t horizon_micros, int64_t limit) {
  const int64_t now = clock_();
  const SqlValue due[] = {now + horizon_micros, limit};
  CLEARHOST_ASSIGN_OR_RETURN(
      std::vector<Case> candidates,
      Load("WHERE (state = 'received' OR state = 'assessing' OR state = 'escalated') "
           "AND deadline < ? AND alerted_at IS NULL ORDER BY deadline LIMIT ?",
           due));
  std::vector<Case> claimed;
  for (Case& candidate : candidates) {
    const SqlValue claim[] = {now, candidate.id, candidate.version};
    CLEARHOST_RETURN_IF_ERROR(
        database_
            .Query("UPDATE cases SET alerted_at = ? WHERE id = ? AND version = ? "
                   "AND alerted_at IS NULL",
                   claim)
            .status());
    if (database_.Changes() == 1) claimed.push_back(std::move(candidate));
  }
  return claimed;
}

Status CaseStore::ReleaseAlert(int64_t id) {
  const SqlValue key[] = {id};
  return database_.Query("UPDATE cases SET alerted_at = NULL WHERE id = ?", key).status();
}

Result<std::vector<Case>> CaseStore::ReceivedBetween(int64_t from, int64_t until) {
  const SqlValue range[] = {from, until};
  return Load("WHERE received_at >= ? AND received_at < ? ORDER BY received_at, id", range);
}

}  // namespace clearhost::cases
