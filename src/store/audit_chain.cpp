#include "store/audit_chain.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "core/sha256.h"

namespace clearhost::store {
namespace {

// Each field as "<length>:<bytes>;" (absent ones as "-;"), so no two different records
// serialize alike whatever their text holds.
void AppendField(std::string& out, std::string_view value) {
  absl::StrAppend(&out, value.size(), ":", std::string(value), ";");
}
void AppendOptional(std::string& out, const std::optional<std::string>& value) {
  if (value) {
    AppendField(out, *value);
  } else {
    out += "-;";
  }
}

constexpr std::string_view kColumns =
    "id, at, actor, action, bank, case_id, detail, prev_hash, record_hash";

struct StoredRecord {
  int64_t id = 0;
  AuditEntry entry;
  std::optional<std::string> prev_hash;
  std::optional<std::string> record_hash;
};

StoredRecord FromRow(const SqlRow& row) {
  StoredRecord record;
  record.id = row.Int(0);
  record.entry.at = row.Int(1);
  record.entry.actor = row.Text(2);
  record.entry.action = row.Text(3);
  if (!row.IsNull(4)) record.entry.bank = row.Text(4);
  if (!row.IsNull(5)) record.entry.case_id = row.Int(5);
  record.entry.detail = row.Text(6);
  if (!row.IsNull(7)) record.prev_hash = row.Text(7);
  if (!row.IsNull(8)) record.record_hash = row.Text(8);
  return record;
}

// The latest record's id and hash; (0, chain start) for an empty log. A latest record without a
// hash (written before the chain existed) is chained onto from the start value.
Result<std::pair<int64_t, std::string>> LatestRecord(SqlConnection& database) {
  CLEARHOST_ASSIGN_OR_RETURN(
      const SqlRows rows,
      database.Query("SELECT id, record_hash FROM audit_log ORDER BY id DESC LIMIT 1"));
  if (rows.empty()) return std::pair<int64_t, std::string>(0, std::string(kAuditChainStart));
  return std::pair<int64_t, std::string>(
      rows[0].Int(0), rows[0].IsNull(1) ? std::string(kAuditChainStart) : rows[0].Text(1));
}

SqlValue OptionalText(const std::optional<std::string>& value) {
  return value ? SqlValue(*value) : SqlValue();
}
SqlValue OptionalInt(const std::optional<int64_t>& value) {
  return value ? SqlValue(*value) : SqlValue();
}

}  // namespace

std::string AuditRecordHash(int64_t id, const AuditEntry& entry, std::string_view prev_hash) {
  std::string serialized = "clearhost-audit-v1;";
  AppendField(serialized, absl::StrCat(id));
  AppendField(serialized, absl::StrCat(entry.at));
  AppendField(serialized, entry.actor);
  AppendField(serialized, entry.action);
  AppendOptional(serialized, entry.bank);
  AppendOptional(serialized, entry.case_id
                                 ? std::optional<std::string>(absl::StrCat(*entry.case_id))
                                 : std::nullopt);
  AppendField(serialized, entry.detail);
  AppendField(serialized, prev_hash);
  return Sha256Hex(serialized);
}

Result<int64_t> AppendAudit(SqlConnection& database, const AuditEntry& entry) {
  CLEARHOST_RETURN_IF_ERROR(database.LockSequence(kAuditChainLock));
  CLEARHOST_ASSIGN_OR_RETURN(const auto latest, LatestRecord(database));
  const std::string& prev_hash = latest.second;
  const SqlValue values[] = {
      entry.at,     entry.actor, entry.action, OptionalText(entry.bank), OptionalInt(entry.case_id),
      entry.detail, prev_hash};
  CLEARHOST_ASSIGN_OR_RETURN(
      const SqlRows inserted,
      database.Query("INSERT INTO audit_log (at, actor, action, bank, case_id, detail, prev_hash) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                     values));
  if (inserted.size() != 1) return absl::InternalError("INSERT ... RETURNING gave no id");
  const int64_t id = inserted[0].Int(0);
  const SqlValue seal[] = {AuditRecordHash(id, entry, prev_hash), id};
  CLEARHOST_RETURN_IF_ERROR(
      database.Query("UPDATE audit_log SET record_hash = ? WHERE id = ?", seal).status());
  return id;
}

Status RewriteLatestAuditDetail(SqlConnection& database, int64_t id, std::string_view detail) {
  const SqlValue key[] = {id};
  CLEARHOST_ASSIGN_OR_RETURN(
      const SqlRows rows, database.Query(absl::StrCat("SELECT ", std::string(kColumns),
                                                      " FROM audit_log WHERE id >= ? ORDER BY id"),
                                         key));
  if (rows.size() != 1 || rows[0].Int(0) != id) {
    return absl::FailedPreconditionError(
        absl::StrCat("audit record ", id, " is not the latest: its detail cannot be rewritten"));
  }
  StoredRecord record = FromRow(rows[0]);
  record.entry.detail = std::string(detail);
  const std::string prev_hash = record.prev_hash.value_or(std::string(kAuditChainStart));
  const SqlValue values[] = {record.entry.detail, AuditRecordHash(id, record.entry, prev_hash),
                             prev_hash, id};
  return database
      .Query("UPDATE audit_log SET detail = ?, record_hash = ?, prev_hash = ? WHERE id = ?", values)
      .status();
}

Result<bool> AuditRecordIs(SqlConnection& database, int64_t id, std::string_view record_hash) {
  const SqlValue key[] = {id};
  CLEARHOST_ASSIGN_OR_RETURN(const SqlRows rows,
                             database.Query("SELECT record_hash FROM audit_log WHERE id = ?", key));
  return rows.size() == 1 && !rows[0].IsNull(0) && rows[0].Text(0) == record_hash;
}

Result<AuditVerification> VerifyAuditChain(SqlConnection& database) {
  AuditVerification result;
  bool chained = false;
  // Rows without hashes are legitimate only if written before the chain existed.
  CLEARHOST_ASSIGN_OR_RETURN(const SqlRows chain_start,
                             database.Query("SELECT last_unchained_id FROM audit_chain_start"));
  const int64_t last_unchained_id = chain_start.empty() ? 0 : chain_start[0].Int(0);
  constexpr int64_t kPage = 10000;
  int64_t after = -1;
  const auto fail = [&result](int64_t id, std::string problem) {
    result.broken_at = id;
    result.problem = std::move(problem);
    return result;
  };
  while (true) {
    const SqlValue page[] = {after, kPage};
    CLEARHOST_ASSIGN_OR_RETURN(
        const SqlRows rows,
        database.Query(absl::StrCat("SELECT ", std::string(kColumns),
                                    " FROM audit_log WHERE id > ? ORDER BY id LIMIT ?"),
                       page));
    for (const SqlRow& row : rows) {
      const StoredRecord record = FromRow(row);
      ++result.records;
      after = record.id;
      if (!record.record_hash && !record.prev_hash && !chained && record.id <= last_unchained_id) {
        ++result.unchained;  // written before the chain existed
        continue;
      }
      if (!record.record_hash || !record.prev_hash) {
        return fail(record.id, "the record has no hash although records before it are chained");
      }
      if (*record.prev_hash != result.head_hash) {
        return fail(record.id, chained
                                   ? "its link does not match the record before it: a record was "
                                     "deleted or edited before this one"
                                   : "the first chained record does not start the chain");
      }
      const std::string expected = AuditRecordHash(record.id, record.entry, *record.prev_hash);
      if (*record.record_hash != expected) {
        return fail(record.id, "its fields do not match its hash: the record was edited");
      }
      chained = true;
      result.head_id = record.id;
      result.head_hash = expected;
    }
    if (static_cast<int64_t>(rows.size()) < kPage) break;
  }
  return result;
}

}  // namespace clearhost::store
