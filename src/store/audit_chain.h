// The audit log as a hash chain: every record carries the SHA-256 of the record before it and
// its own, computed over all its fields, so an edit or a deletion anywhere in the log breaks the
// chain where it happened, and the head hash, kept elsewhere (a ticket, an e-mail), shows that
// nothing was cut from the end. Bank changes (store/bank_store.h) and case changes
// (cases/case_store.h) append here, each in the transaction of the change it records.
// docs/formats.md ("Audit log") gives the exact bytes that are hashed.
//
// Appends take turns between connections and servers (LockSequence(kAuditChainLock)), so the
// chain stays a single line even with several servers on one PostgreSQL database.
// Thread-safety: functions on the given connection, one thread at a time per connection.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"
#include "store/sql_connection.h"

namespace clearhost::store {

inline constexpr int64_t kAuditChainLock = 0x636c6561720002;

// What a change records. `bank` names the bank a bank change concerns, `case_id` the case a
// case change concerns; detail is free text (case changes write JSON).
struct AuditEntry {
  int64_t at = 0;  // Unix microseconds, UTC
  std::string actor{};
  std::string action{};
  std::optional<std::string> bank{};
  std::optional<int64_t> case_id{};
  std::string detail{};
};

// The hash of the record before the first: 64 zeros.
inline constexpr std::string_view kAuditChainStart =
    "0000000000000000000000000000000000000000000000000000000000000000";

// The record hash of `entry` stored as row `id` after a record whose hash is `prev_hash`.
std::string AuditRecordHash(int64_t id, const AuditEntry& entry, std::string_view prev_hash);

// Appends `entry` to the chain inside the caller's open write transaction; returns its id.
Result<int64_t> AppendAudit(SqlConnection& database, const AuditEntry& entry);

// Replaces the detail of record `id`, which must be the chain's latest (its hash is recomputed):
// for a change that learns its summary only after writing the rows that point to its record.
// FailedPrecondition when `id` is not the latest record. Inside the caller's transaction.
Status RewriteLatestAuditDetail(SqlConnection& database, int64_t id, std::string_view detail);

struct AuditVerification {
  int64_t records = 0;    // rows in the log
  int64_t unchained = 0;  // rows written before the chain existed (schema version 1), all first
  int64_t head_id = 0;    // the latest record (0: empty log)
  std::string head_hash{std::string(kAuditChainStart)};
  // The first record where the chain breaks, and how; none when it holds.
  std::optional<int64_t> broken_at{};
  std::string problem{};
};

// Whether record `id` is in the log with hash `record_hash`: how a head noted earlier (from
// VerifyAuditChain) proves that nothing was cut from the end since.
Result<bool> AuditRecordIs(SqlConnection& database, int64_t id, std::string_view record_hash);

// Walks the whole log in id order and checks every link and every record hash. A database
// error is an error; a broken chain is a result (broken_at set).
Result<AuditVerification> VerifyAuditChain(SqlConnection& database);

}  // namespace clearhost::store
