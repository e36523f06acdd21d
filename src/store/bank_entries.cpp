// BankStore: importing entries and walking the live ones.
#include <initializer_list>
#include <optional>
#include <string>
#include <variant>

#include "absl/strings/str_cat.h"
#include "store/audit_chain.h"
#include "store/bank_store.h"
#include "store/entry_rows.h"
#include "store/sorted_signals.h"
#include "store/sqlite_connection.h"

namespace clearhost::store {
namespace {

// Runs `sql` with integer and text parameters bound in order; returns the rows it changed.
Result<int64_t> RunChanging(SqliteDatabase& database, std::string_view sql,
                            std::initializer_list<std::variant<int64_t, std::string_view>> values) {
  CLEARHOST_ASSIGN_OR_RETURN(SqliteStatement statement, database.Prepare(sql));
  int parameter = 1;
  for (const auto& value : values) {
    CLEARHOST_RETURN_IF_ERROR(
        std::holds_alternative<int64_t>(value)
            ? statement.BindInt64(parameter, std::get<int64_t>(value))
            : statement.BindText(parameter, std::get<std::string_view>(value)));
    ++parameter;
  }
  CLEARHOST_RETURN_IF_ERROR(statement.Run());
  return database.Changes();
}

// Merges the sorted import with the bank's entries, both in key order (the bank's through its
// unique index, which holds the ids too): what the bank lacks goes to `fresh`, and in replace
// mode the ids of what the import lacks go to temp.import_removals. Nothing is written to
// bank_entries while it is read.
Status MergeWithBank(SqliteDatabase& database, SortedSignals& sorted, int64_t bank_id,
                     ImportMode mode, SortedSignals& fresh) {
  CLEARHOST_RETURN_IF_ERROR(
      database.Execute("CREATE TEMP TABLE IF NOT EXISTS import_removals (id INTEGER PRIMARY KEY); "
                       "DELETE FROM temp.import_removals"));
  CLEARHOST_ASSIGN_OR_RETURN(
      SqliteStatement bank,
      database.Prepare("SELECT id, signal_type, signal FROM bank_entries WHERE bank_id = ? "
                       "ORDER BY signal_type, signal"));
  CLEARHOST_RETURN_IF_ERROR(bank.BindInt64(1, bank_id));
  CLEARHOST_ASSIGN_OR_RETURN(SqliteStatement remember,
                             database.Prepare("INSERT INTO temp.import_removals VALUES (?)"));
  bool has_row = false;
  SignalKey row_key;
  const auto next_row = [&]() -> Status {
    CLEARHOST_ASSIGN_OR_RETURN(has_row, bank.Step());
    if (!has_row) return Status();
    const std::optional<SignalKey> key = KeyOfStored(bank.ColumnText(1), bank.ColumnBlob(2));
    if (!key) {
      // Not a signal: say which entry, as ReadSignalColumns does.
      return ReadSignalColumns(database, bank, 1, bank.ColumnInt64(0)).status();
    }
    row_key = *key;
    return Status();
  };
  const auto pass_row = [&]() -> Status {
    if (mode == ImportMode::kReplace) {
      remember.Reset();
      CLEARHOST_RETURN_IF_ERROR(remember.BindInt64(1, bank.ColumnInt64(0)));
      CLEARHOST_RETURN_IF_ERROR(remember.Run());
    }
    return next_row();
  };
  CLEARHOST_RETURN_IF_ERROR(next_row());
  CLEARHOST_RETURN_IF_ERROR(sorted.ForEach([&](const SignalKey& key) -> Status {
    while (has_row && KeyLess(row_key, key)) CLEARHOST_RETURN_IF_ERROR(pass_row());
    if (has_row && row_key == key) return next_row();
    return fresh.AddKey(key);
  }));
  while (has_row) CLEARHOST_RETURN_IF_ERROR(pass_row());
  return Status();
}

// Moves the entries in temp.import_removals to the history; returns how many.
Result<int64_t> RemoveCollectedEntries(SqliteDatabase& database, int64_t change) {
  CLEARHOST_RETURN_IF_ERROR(
      RunChanging(database,
                  "INSERT INTO removed_entries (id, bank_id, signal_type, signal, added_change, "
                  "removed_change, status, status_reason) SELECT e.id, e.bank_id, e.signal_type, "
                  "e.signal, e.added_change, ?, e.status, e.status_reason FROM bank_entries e "
                  "JOIN temp.import_removals r ON r.id = e.id",
                  {change})
          .status());
  return RunChanging(
      database, "DELETE FROM bank_entries WHERE id IN (SELECT id FROM temp.import_removals)", {});
}

// Inserts the sorted keys into the bank; returns how many were new.
Result<int64_t> InsertSorted(SqliteDatabase& database, SortedSignals& keys, int64_t bank_id,
                             int64_t change) {
  CLEARHOST_ASSIGN_OR_RETURN(
      SqliteStatement insert,
      database.Prepare("INSERT INTO bank_entries (bank_id, signal_type, signal, added_change) "
                       "VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING"));
  CLEARHOST_RETURN_IF_ERROR(insert.BindInt64(1, bank_id));
  CLEARHOST_RETURN_IF_ERROR(insert.BindInt64(4, change));
  std::optional<lists::SignalType> bound_type;
  int64_t added = 0;
  CLEARHOST_RETURN_IF_ERROR(keys.ForEach([&](const SignalKey& key) -> Status {
    insert.Reset();
    if (bound_type != key.type()) {
      bound_type = key.type();
      CLEARHOST_RETURN_IF_ERROR(insert.BindText(2, lists::SignalTypeName(*bound_type)));
    }
    CLEARHOST_RETURN_IF_ERROR(insert.BindBlob(3, key.key_bytes()));
    CLEARHOST_RETURN_IF_ERROR(insert.Run());
    added += database.Changes();
    return Status();
  }));
  return added;
}

Result<bool> BankIsEmpty(SqliteDatabase& database, int64_t bank_id) {
  CLEARHOST_ASSIGN_OR_RETURN(
      SqliteStatement query,
      database.Prepare("SELECT 1 FROM bank_entries WHERE bank_id = ? LIMIT 1"));
  CLEARHOST_RETURN_IF_ERROR(query.BindInt64(1, bank_id));
  CLEARHOST_ASSIGN_OR_RETURN(const bool found, query.Step());
  return !found;
}

}  // namespace

Result<lists::Signal> ReadSignalColumns(const SqliteDatabase& database, const SqliteStatement& row,
                                        int type_column, int64_t entry_id) {
  const std::optional<lists::SignalType> type =
      lists::ParseSignalTypeName(row.ColumnText(type_column));
  Result<lists::Signal> signal =
      type ? lists::SignalFromBytes(*type, row.ColumnBlob(type_column + 1))
           : absl::InvalidArgumentError(absl::StrCat(
                 "unknown signal type \"", std::string(row.ColumnText(type_column)), "\""));
  if (!signal.ok()) {
    return absl::DataLossError(absl::StrCat(database.path().string(), ": bank entry ", entry_id,
                                            ": ", signal.status().message()));
  }
  return signal;
}

// The source is read and sorted before the write transaction begins, so a slow or failing
// source never holds the database's write lock, and the entries then go into bank_entries in
// key order: each page of its unique index is written once, instead of a random page per entry
// (which stops fitting any cache at a few million entries).
Result<ImportSummary> BankStore::ImportEntries(std::string_view name, const EntrySource& source,
                                               std::string_view actor, ImportMode mode) {
  SortedSignals sorted;
  CLEARHOST_RETURN_IF_ERROR(
      source([&](const lists::Signal& signal) { return sorted.Add(signal); }));

  const int64_t now = clock_();
  CLEARHOST_ASSIGN_OR_RETURN(SqliteTransaction transaction, database_.BeginTransaction());
  CLEARHOST_ASSIGN_OR_RETURN(const int64_t bank_id, BankId(name));
  // The audit row first: its id is the change the new entries point to. Its detail is filled
  // in once the counts are known.
  CLEARHOST_ASSIGN_OR_RETURN(const int64_t change, Audit(actor, "import", name, "", now));

  ImportSummary summary;
  CLEARHOST_ASSIGN_OR_RETURN(const bool empty, BankIsEmpty(database_, bank_id));
  if (empty) {
    CLEARHOST_ASSIGN_OR_RETURN(summary.added, InsertSorted(database_, sorted, bank_id, change));
  } else {
    // Only what the bank lacks is inserted: re-importing a list (the daily case) reads the bank
    // in order instead of probing its index once per entry.
    SortedSignals fresh;
    CLEARHOST_RETURN_IF_ERROR(MergeWithBank(database_, sorted, bank_id, mode, fresh));
    CLEARHOST_ASSIGN_OR_RETURN(summary.added, InsertSorted(database_, fresh, bank_id, change));
    if (mode == ImportMode::kReplace) {
      CLEARHOST_ASSIGN_OR_RETURN(summary.removed, RemoveCollectedEntries(database_, change));
    }
  }
  summary.unchanged = int64_t(sorted.added()) - summary.added;
  if (summary.added > 0 || summary.removed > 0) {
    CLEARHOST_RETURN_IF_ERROR(
        RunChanging(database_, "UPDATE banks SET updated_at = ? WHERE id = ?", {now, bank_id})
            .status());
  }
  const std::string detail = absl::StrCat(
      "mode=", mode == ImportMode::kReplace ? "replace" : "merge", " added=", summary.added,
      " unchanged=", summary.unchanged, " removed=", summary.removed);
  CLEARHOST_RETURN_IF_ERROR(
      RewriteLatestAuditDetail(*BorrowSqliteConnection(database_), change, detail));
  CLEARHOST_RETURN_IF_ERROR(transaction.Commit());
  return summary;
}

Result<StoreVersion> BankStore::LiveEntries(
    std::optional<std::string_view> name,
    const std::function<Status(const LiveEntry& entry)>& on_entry) {
  CLEARHOST_ASSIGN_OR_RETURN(SqliteTransaction snapshot, database_.BeginReadTransaction());
  CLEARHOST_ASSIGN_OR_RETURN(const StoreVersion latest, LatestVersion());
  constexpr std::string_view kLive = "e.status <> 'disputed'";
  const std::string sql =
      name ? absl::StrCat(
                 "SELECT e.id, e.bank_id, e.signal_type, e.signal FROM bank_entries e "
                 "WHERE e.bank_id = ? AND ",
                 std::string(kLive), " ORDER BY e.signal_type, e.signal")
           : absl::StrCat(
                 "SELECT e.id, e.bank_id, e.signal_type, e.signal FROM bank_entries e "
                 "JOIN banks b ON b.id = e.bank_id WHERE b.enabled = 1 AND ",
                 std::string(kLive));
  CLEARHOST_ASSIGN_OR_RETURN(SqliteStatement query, database_.Prepare(sql));
  if (name) {
    CLEARHOST_ASSIGN_OR_RETURN(const int64_t bank_id, BankId(*name));
    CLEARHOST_RETURN_IF_ERROR(query.BindInt64(1, bank_id));
  }
  while (true) {
    CLEARHOST_ASSIGN_OR_RETURN(const bool row, query.Step());
    if (!row) return latest;
    LiveEntry entry{.id = query.ColumnInt64(0), .bank_id = query.ColumnInt64(1), .signal = {}};
    CLEARHOST_ASSIGN_OR_RETURN(entry.signal, ReadSignalColumns(database_, query, 2, entry.id));
    CLEARHOST_RETURN_IF_ERROR(on_entry(entry));
  }
}

}  // namespace clearhost::store
