// BankStore: the change feed an index follows, and the flood guard's record of hits.
#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "store/bank_store.h"
#include "store/entry_rows.h"

namespace clearhost::store {
namespace {

// Reports every row `query` yields: columns id, bank_id, signal_type, signal, live (0/1).
Status ReportRows(const SqliteDatabase& database, SqliteStatement& query,
                  const std::function<Status(const EntryChange& change)>& on_change) {
  while (true) {
    CLEARHOST_ASSIGN_OR_RETURN(const bool row, query.Step());
    if (!row) return Status();
    EntryChange change{.id = query.ColumnInt64(0), .bank_id = query.ColumnInt64(1)};
    CLEARHOST_ASSIGN_OR_RETURN(change.signal, ReadSignalColumns(database, query, 2, change.id));
    change.live = query.ColumnInt64(4) != 0;
    CLEARHOST_RETURN_IF_ERROR(on_change(change));
  }
}

}  // namespace

Result<StoreVersion> BankStore::LatestVersion() {
  // Removed entries leave bank_entries, so the largest id handed out may be in either table.
  CLEARHOST_ASSIGN_OR_RETURN(
      SqliteStatement query,
      database_.Prepare("SELECT (SELECT COALESCE(MAX(id), 0) FROM audit_log), "
                        "(SELECT COALESCE(MAX(id), 0) FROM bank_entries), "
                        "(SELECT COALESCE(MAX(id), 0) FROM removed_entries)"));
  CLEARHOST_ASSIGN_OR_RETURN(const bool row, query.Step());
  if (!row) return absl::InternalError("SELECT MAX(id) returned no row");
  return StoreVersion{.change = query.ColumnInt64(0),
                      .entry = std::max(query.ColumnInt64(1), query.ColumnInt64(2))};
}

Result<EntryChangesResult> BankStore::EntryChanges(
    StoreVersion after, const std::function<Status(const EntryChange& change)>& on_change) {
  CLEARHOST_ASSIGN_OR_RETURN(SqliteTransaction snapshot, database_.BeginReadTransaction());
  EntryChangesResult result;
  CLEARHOST_ASSIGN_OR_RETURN(result.latest, LatestVersion());
  CLEARHOST_ASSIGN_OR_RETURN(
      SqliteStatement removed_banks,
      database_.Prepare("SELECT 1 FROM audit_log WHERE id > ? AND action = 'remove_bank'"));
  CLEARHOST_RETURN_IF_ERROR(removed_banks.BindInt64(1, after.change));
  CLEARHOST_ASSIGN_OR_RETURN(result.rebuild, removed_banks.Step());
  if (result.rebuild) return result;

  constexpr std::string_view kLiveColumns =
      "SELECT e.id, e.bank_id, e.signal_type, e.signal, "
      "b.enabled = 1 AND e.status <> 'disputed' FROM bank_entries e "
      "JOIN banks b ON b.id = e.bank_id ";
  // Every entry of a bank enabled or disabled since: the banks first (a few rows), then their
  // entries through the unique index, so that no change scans every bank's entries.
  std::vector<int64_t> toggled_banks;
  {
    CLEARHOST_ASSIGN_OR_RETURN(
        SqliteStatement toggled,
        database_.Prepare("SELECT id FROM banks WHERE name IN (SELECT bank FROM audit_log "
                          "WHERE id > ? AND (action = 'enable_bank' OR action = 'disable_bank'))"));
    CLEARHOST_RETURN_IF_ERROR(toggled.BindInt64(1, after.change));
    while (true) {
      CLEARHOST_ASSIGN_OR_RETURN(const bool row, toggled.Step());
      if (!row) break;
      toggled_banks.push_back(toggled.ColumnInt64(0));
    }
  }
  for (const int64_t bank_id : toggled_banks) {
    CLEARHOST_ASSIGN_OR_RETURN(
        SqliteStatement entries,
        database_.Prepare(absl::StrCat(std::string(kLiveColumns), "WHERE e.bank_id = ?")));
    CLEARHOST_RETURN_IF_ERROR(entries.BindInt64(1, bank_id));
    CLEARHOST_RETURN_IF_ERROR(ReportRows(database_, entries, on_change));
  }
  // Entries added (ids only grow), disputed or confirmed since.
  for (const auto& [condition, value] :
       {std::pair{"e.id > ?", after.entry}, std::pair{"e.status_change > ?", after.change}}) {
    CLEARHOST_ASSIGN_OR_RETURN(
        SqliteStatement changed,
        database_.Prepare(absl::StrCat(std::string(kLiveColumns), "WHERE ", condition)));
    CLEARHOST_RETURN_IF_ERROR(changed.BindInt64(1, value));
    CLEARHOST_RETURN_IF_ERROR(ReportRows(database_, changed, on_change));
  }
  // Entries removed since.
  CLEARHOST_ASSIGN_OR_RETURN(
      SqliteStatement removed,
      database_.Prepare("SELECT id, bank_id, signal_type, signal, 0 FROM removed_entries "
                        "WHERE removed_change > ?"));
  CLEARHOST_RETURN_IF_ERROR(removed.BindInt64(1, after.change));
  CLEARHOST_RETURN_IF_ERROR(ReportRows(database_, removed, on_change));
  return result;
}

Result<int64_t> BankStore::RecordEntryHit(int64_t entry_id, std::string_view file_key, int64_t at,
                                          int64_t window_micros) {
  CLEARHOST_ASSIGN_OR_RETURN(SqliteTransaction transaction, database_.BeginTransaction());
  CLEARHOST_ASSIGN_OR_RETURN(
      SqliteStatement forget,
      database_.Prepare("DELETE FROM entry_hits WHERE entry_id = ? AND last_at < ?"));
  CLEARHOST_RETURN_IF_ERROR(forget.BindInt64(1, entry_id));
  CLEARHOST_RETURN_IF_ERROR(forget.BindInt64(2, at - window_micros));
  CLEARHOST_RETURN_IF_ERROR(forget.Run());
  CLEARHOST_ASSIGN_OR_RETURN(
      SqliteStatement record,
      database_.Prepare("INSERT INTO entry_hits (entry_id, file_key, first_at, last_at) "
                        "VALUES (?, ?, ?, ?) ON CONFLICT (entry_id, file_key) "
                        "DO UPDATE SET last_at = MAX(last_at, excluded.last_at)"));
  CLEARHOST_RETURN_IF_ERROR(record.BindInt64(1, entry_id));
  CLEARHOST_RETURN_IF_ERROR(record.BindText(2, file_key));
  CLEARHOST_RETURN_IF_ERROR(record.BindInt64(3, at));
  CLEARHOST_RETURN_IF_ERROR(record.BindInt64(4, at));
  CLEARHOST_RETURN_IF_ERROR(record.Run());
  int64_t files = 0;
  {
    CLEARHOST_ASSIGN_OR_RETURN(
        SqliteStatement count,
        database_.Prepare("SELECT COUNT(*) FROM entry_hits WHERE entry_id = ? AND last_at >= ?"));
    CLEARHOST_RETURN_IF_ERROR(count.BindInt64(1, entry_id));
    CLEARHOST_RETURN_IF_ERROR(count.BindInt64(2, at - window_micros));
    CLEARHOST_ASSIGN_OR_RETURN(const bool row, count.Step());
    if (!row) return absl::InternalError("SELECT COUNT(*) returned no row");
    files = count.ColumnInt64(0);
  }
  CLEARHOST_RETURN_IF_ERROR(transaction.Commit());
  return files;
}

}  // namespace clearhost::store
