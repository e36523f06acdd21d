// Notice-and-takedown cases in the store (SQLite or PostgreSQL, through store::SqlConnection):
// intake that opens a case once per notice, the state machine's transitions with their history,
// queries for lists, overdue and due-soon cases, and the claims that make deadline alerts go
// out once. The schema is store/migrations.h version 2; docs/cases.md describes the model.
//
// Every change is one transaction that also writes a case_events row and appends to the
// hash-chained audit log (store/audit_chain.h), so a crash leaves a change whole or absent.
// Intake is idempotent: a notice with the same source type, sender and reference (or, without a
// reference, the same URLs, IP, hashes and received_at) returns the case it opened before.
// Several servers may share one database: a transition applies only to the version of the case
// it read (UPDATE ... WHERE version = ?), so two servers never both process one change, and the
// loser gets Aborted.
// Thread-safety: a CaseStore uses its connection from one thread at a time; give each thread
// its own connection and CaseStore.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cases/case_record.h"
#include "cases/case_transitions.h"
#include "cases/deadline_policy.h"
#include "core/clock.h"
#include "core/status.h"
#include "store/sql_connection.h"

namespace clearhost::cases {

struct IntakeResult {
  Case opened;
  bool created = false;  // false: the notice was a duplicate of this case
};

// Which cases List() returns, newest id first unless oldest_first.
struct CaseFilter {
  std::optional<std::string> sender{};  // only this sender's cases (a notifier sees its own)
  std::optional<CaseState> state{};
  std::optional<SourceType> source_type{};
  bool open_only = false;                    // received, assessing or escalated
  std::optional<int64_t> deadline_before{};  // open cases due before this time (overdue: now)
  std::optional<int64_t> received_from{};    // received_at >= this
  std::optional<int64_t> received_until{};   // received_at < this
  std::optional<std::string> url{};          // cases naming exactly this URL
  int64_t before_id = 0;                     // paging: ids below this (0: from the newest)
  int64_t limit = 100;                       // 1..1000
};

// Open cases (received, assessing or escalated), and those of them past their deadline.
struct OpenCaseCounts {
  int64_t open = 0;
  int64_t overdue = 0;
};

class CaseStore {
 public:
  CaseStore(store::SqlConnection& database, DeadlinePolicy policy = {},
            MicrosClock clock = SystemClockMicros);

  // Validates `notice` (cases/notice_validation.h; a received_at of 0 means now), computes its
  // deadline and opens a case, or returns the case a duplicate of it opened. InvalidArgument for
  // a bad notice.
  Result<IntakeResult> Intake(Notice notice, std::string_view actor);

  // NotFound for an unknown id.
  Result<Case> Get(int64_t id);
  Result<std::vector<Case>> List(const CaseFilter& filter);
  // The open and overdue cases as of `now` (Unix microseconds).
  Result<OpenCaseCounts> CountOpen(int64_t now);
  // The case's history, oldest first. NotFound for an unknown id.
  Result<std::vector<CaseEvent>> Events(int64_t id);

  // Applies `request` (see cases/case_transitions.h for the rules and codes). Re-opening (to
  // received from actioned, confirmed_gone or rejected) counts a recurrence and starts a new
  // deadline from now. Aborted when another writer changed the case first.
  Result<Case> Transition(int64_t id, const TransitionRequest& request);

  // Deadline alerts: marks as alerted, and returns, up to `limit` open cases due within
  // `horizon_micros` from now that have not been alerted; a case is claimed by one caller only,
  // whichever server it runs on.
  Result<std::vector<Case>> ClaimDueAlerts(int64_t horizon_micros, int64_t limit);
  // Gives a claimed alert back (its delivery failed), so a later ClaimDueAlerts retries it.
  Status ReleaseAlert(int64_t id);

  // Every case received in [from, until), oldest first (for reports).
  Result<std::vector<Case>> ReceivedBetween(int64_t from, int64_t until);

 private:
  Result<std::vector<Case>> Load(std::string_view where_and_order,
                                 std::span<const store::SqlValue> parameters);
  Status LoadDetails(std::vector<Case>& cases);

  store::SqlConnection& database_;
  DeadlinePolicy policy_;
  MicrosClock clock_;
};

// The idempotency key intake uses for `notice` (hex SHA-256; see the top).
std::string IntakeKey(const Notice& notice);

}  // namespace clearhost::cases
