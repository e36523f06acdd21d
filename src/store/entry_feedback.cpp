// BankStore: feedback on entries (dispute, confirm), looking entries up, and reading the audit
// log.
#include <array>
#include <string>

#include "absl/strings/str_cat.h"
#include "store/bank_store.h"
#include "store/entry_rows.h"

namespace clearhost::store {
namespace {

constexpr std::array<EntryStatus, 3> kAllStatuses = {EntryStatus::kActive, EntryStatus::kDisputed,
                                                     EntryStatus::kConfirmed};

// Columns ReadEntry() expects: live entries (with their adding change) and removed ones.
constexpr std::string_view kEntryColumns =
    "SELECT e.id, e.bank_id, b.name, e.signal_type, e.signal, e.status, e.status_reason, "
    "a.at, a.actor, NULL, NULL FROM bank_entries e JOIN banks b ON b.id = e.bank_id "
    "JOIN audit_log a ON a.id = e.added_change ";
constexpr std::string_view kRemovedEntryColumns =
    "SELECT e.id, e.bank_id, b.name, e.signal_type, e.signal, e.status, e.status_reason, "
    "a.at, a.actor, r.at, r.actor FROM removed_entries e JOIN banks b ON b.id = e.bank_id "
    "JOIN audit_log a ON a.id = e.added_change JOIN audit_log r ON r.id = e.removed_change ";

Result<EntryRecord> ReadEntry(const SqliteDatabase& database, const SqliteStatement& row) {
  EntryRecord entry;
  entry.id = row.ColumnInt64(0);
  entry.bank_id = row.ColumnInt64(1);
  entry.bank = std::string(row.ColumnText(2));
  CLEARHOST_ASSIGN_OR_RETURN(entry.signal, ReadSignalColumns(database, row, 3, entry.id));
  entry.status = ParseEntryStatusName(row.ColumnText(5)).value_or(EntryStatus::kActive);
  entry.status_reason = row.ColumnOptionalText(6);
  entry.added_at = row.ColumnInt64(7);
  entry.added_by = std::string(row.ColumnText(8));
  if (!row.ColumnIsNull(9)) entry.removed_at = row.ColumnInt64(9);
  entry.removed_by = row.ColumnOptionalText(10);
  return entry;
}

}  // namespace

std::string_view EntryStatusName(EntryStatus status) {
  switch (status) {
    case EntryStatus::kActive:
      return "active";
    case EntryStatus::kDisputed:
      return "disputed";
    case EntryStatus::kConfirmed:
      return "confirmed";
  }
  return "active";
}

std::optional<EntryStatus> ParseEntryStatusName(std::string_view name) {
  for (const EntryStatus status : kAllStatuses) {
    if (EntryStatusName(status) == name) return status;
  }
  return std::nullopt;
}

Status BankStore::SetStatusOfRow(int64_t entry_id, std::string_view bank,
                                 const lists::Signal& signal, EntryStatus status,
                                 std::string_view reason, std::string_view actor) {
  const std::string_view status_name = EntryStatusName(status);
  CLEARHOST_ASSIGN_OR_RETURN(
      const int64_t change,
      Audit(actor,
            status == EntryStatus::kActive     ? "reactivate_entry"
            : status == EntryStatus::kDisputed ? "dispute_entry"
                                               : "confirm_entry",
            bank,
            absl::StrCat("entry=", entry_id, " ", std::string(lists::SignalTypeName(signal.type)),
                         "=", signal.ToHex(), " reason=", std::string(reason)),
            clock_()));
  CLEARHOST_ASSIGN_OR_RETURN(
      SqliteStatement update,
      database_.Prepare("UPDATE bank_entries SET status = ?, status_reason = ?, status_change = ? "
                        "WHERE id = ?"));
  CLEARHOST_RETURN_IF_ERROR(update.BindText(1, status_name));
  CLEARHOST_RETURN_IF_ERROR(update.BindText(2, reason));
  CLEARHOST_RETURN_IF_ERROR(update.BindInt64(3, change));
  CLEARHOST_RETURN_IF_ERROR(update.BindInt64(4, entry_id));
  return update.Run();
}

Status BankStore::SetEntryStatus(std::string_view name, const lists::Signal& signal,
                                 EntryStatus status, std::string_view reason,
                                 std::string_view actor) {
  CLEARHOST_ASSIGN_OR_RETURN(SqliteTransaction transaction, database_.BeginTransaction());
  CLEARHOST_ASSIGN_OR_RETURN(const int64_t bank_id, BankId(name));
  CLEARHOST_ASSIGN_OR_RETURN(
      SqliteStatement find,
      database_.Prepare(
          "SELECT id FROM bank_entries WHERE bank_id = ? AND signal_type = ? AND signal = ?"));
  std::array<uint8_t, 32> bytes;
  const size_t size = lists::SignalToBytes(signal, bytes);
  CLEARHOST_RETURN_IF_ERROR(find.BindInt64(1, bank_id));
  CLEARHOST_RETURN_IF_ERROR(find.BindText(2, lists::SignalTypeName(signal.type)));
  CLEARHOST_RETURN_IF_ERROR(find.BindBlob(3, std::span(bytes).first(size)));
  CLEARHOST_ASSIGN_OR_RETURN(const bool found, find.Step());
  if (!found) {
    return absl::NotFoundError(absl::StrCat("bank \"", std::string(name), "\" has no ",
                                            std::string(lists::SignalTypeName(signal.type)),
                                            " entry ", signal.ToHex()));
  }
  CLEARHOST_RETURN_IF_ERROR(
      SetStatusOfRow(find.ColumnInt64(0), name, signal, status, reason, actor));
  return transaction.Commit();
}

Status BankStore::SetEntryStatusById(int64_t entry_id, EntryStatus status, std::string_view reason,
                                     std::string_view actor) {
  CLEARHOST_ASSIGN_OR_RETURN(SqliteTransaction transaction, database_.BeginTransaction());
  CLEARHOST_ASSIGN_OR_RETURN(const std::optional<EntryRecord> entry, GetEntry(entry_id));
  if (!entry || entry->removed_at) {
    return absl::NotFoundError(absl::StrCat("no live bank entry with id ", entry_id));
  }
  CLEARHOST_RETURN_IF_ERROR(
      SetStatusOfRow(entry_id, entry->bank, entry->signal, status, reason, actor));
  return transaction.Commit();
}

Result<std::optional<EntryRecord>> BankStore::GetEntry(int64_t entry_id) {
  for (const std::string_view columns : {kEntryColumns, kRemovedEntryColumns}) {
    CLEARHOST_ASSIGN_OR_RETURN(SqliteStatement query, database_.Prepare(absl::StrCat(
                                                          std::string(columns), "WHERE e.id = ?")));
    CLEARHOST_RETURN_IF_ERROR(query.BindInt64(1, entry_id));
    CLEARHOST_ASSIGN_OR_RETURN(const bool found, query.Step());
    if (found) return ReadEntry(database_, query);
  }
  return std::nullopt;
}

Result<std::vector<EntryRecord>> BankStore::FindEntries(std::string_view name,
                                                        const lists::Signal& signal) {
  CLEARHOST_ASSIGN_OR_RETURN(const int64_t bank_id, BankId(name));
  std::array<uint8_t, 32> bytes;
  const std::span<const uint8_t> key = std::span(bytes).first(lists::SignalToBytes(signal, bytes));
  std::vector<EntryRecord> entries;
  for (const std::string_view columns : {kRemovedEntryColumns, kEntryColumns}) {
    CLEARHOST_ASSIGN_OR_RETURN(
        SqliteStatement query,
        database_.Prepare(absl::StrCat(
            std::string(columns),
            "WHERE e.bank_id = ? AND e.signal_type = ? AND e.signal = ? ORDER BY e.id")));
    CLEARHOST_RETURN_IF_ERROR(query.BindInt64(1, bank_id));
    CLEARHOST_RETURN_IF_ERROR(query.BindText(2, lists::SignalTypeName(signal.type)));
    CLEARHOST_RETURN_IF_ERROR(query.BindBlob(3, key));
    while (true) {
      CLEARHOST_ASSIGN_OR_RETURN(const bool row, query.Step());
      if (!row) break;
      CLEARHOST_ASSIGN_OR_RETURN(EntryRecord entry, ReadEntry(database_, query));
      entries.push_back(std::move(entry));
    }
  }
  return entries;
}

Result<std::vector<AuditRecord>> BankStore::AuditLog(std::optional<std::string_view> name,
                                                     int64_t limit) {
  CLEARHOST_ASSIGN_OR_RETURN(
      SqliteStatement query,
      database_.Prepare(absl::StrCat("SELECT id, at, actor, action, COALESCE(bank, ''), detail "
                                     "FROM audit_log ",
                                     name ? "WHERE bank = ? " : "", "ORDER BY id DESC LIMIT ?")));
  int parameter = 1;
  if (name) CLEARHOST_RETURN_IF_ERROR(query.BindText(parameter++, *name));
  CLEARHOST_RETURN_IF_ERROR(query.BindInt64(parameter, limit));
  std::vector<AuditRecord> records;
  while (true) {
    CLEARHOST_ASSIGN_OR_RETURN(const bool row, query.Step());
    if (!row) return records;
    records.push_back(AuditRecord{.id = query.ColumnInt64(0),
                                  .at = query.ColumnInt64(1),
                                  .actor = std::string(query.ColumnText(2)),
                                  .action = std::string(query.ColumnText(3)),
                                  .bank = std::string(query.ColumnText(4)),
                                  .detail = std::string(query.ColumnText(5))});
  }
}

}  // namespace clearhost::store
