// BankStore: importing entries and walking the live ones.
#include <initializer_list>
#include <optional>
#include <string>
#include <variant>

#include "absl/strings/str_cat.h"
#include "store/bank_store.h"
#include "store/entry_rows.h"
#include "store/sorted_signals.h"

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

// Removes the bank's live entries that the sorted import lacks: a merge of the import with the
// bank's entries in key order, the ids to remove collected in a temporary table (writing to
// bank_entries while reading it in order would disturb the read), then moved to the history.
Result<int64_t> RemoveEntriesNotIn(SqliteDatabase& database, SortedSignals& sorted, int64_t bank_id,
                                   int64_t change) {
  CLEARHOST_RETURN_IF_ERROR(
      database.Execute("CREATE TEMP TABLE IF NOT EXISTS import_removals (id INTEGER PRIMARY KEY); "
                       "DELETE FROM temp.import_removals"));
  {
    CLEARHOST_ASSIGN_OR_RETURN(
        SqliteStatement live,
        database.Prepare("SELECT id, signal_type, signal FROM bank_entries WHERE bank_id = ? "
                         "ORDER BY signal_type, signal"));
    CLEARHOST_RETURN_IF_ERROR(live.BindInt64(1, bank_id));
    CLEARHOST_ASSIGN_OR_RETURN(SqliteStatement remember,
                               database.Prepare("INSERT INTO temp.import_removals VALUES (?)"));
    CLEARHOST_ASSIGN_OR_RETURN(bool has_row, live.Step());
    SignalKey row_key;
    const auto read_key = [&]() -> Status {
      CLEARHOST_ASSIGN_OR_RETURN(const lists::Signal signal,
                                 ReadSignalColumns(database, live, 1, live.ColumnInt64(0)));
      row_key = KeyOf(signal);
      return Status();
    };
    const auto remove_row = [&]() -> Status {
      remember.Reset();
      CLEARHOST_RETURN_IF_ERROR(remember.BindInt64(1, live.ColumnInt64(0)));
      CLEARHOST_RETURN_IF_ERROR(remember.Run());
      CLEARHOST_ASSIGN_OR_RETURN(has_row, live.Step());
      return has_row ? read_key() : Status();
    };
    if (has_row) CLEARHOST_RETURN_IF_ERROR(read_key());
    CLEARHOST_RETURN_IF_ERROR(sorted.ForEach([&](const SignalKey& key) -> Status {
      while (has_row && KeyLess(row_key, key)) CLEARHOST_RETURN_IF_ERROR(remove_row());
      if (has_row && row_key == key) {
        CLEARHOST_ASSIGN_OR_RETURN(has_row, live.Step());
        if (has_row) CLEARHOST_RETURN_IF_ERROR(read_key());
      }
      return Status();
    }));
    while (has_row) CLEARHOST_RETURN_IF_ERROR(remove_row());
  }
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
  {
    CLEARHOST_ASSIGN_OR_RETURN(
        SqliteStatement insert,
        database_.Prepare("INSERT INTO bank_entries (bank_id, signal_type, signal, added_change) "
                          "VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING"));
    CLEARHOST_RETURN_IF_ERROR(insert.BindInt64(1, bank_id));
    CLEARHOST_RETURN_IF_ERROR(insert.BindInt64(4, change));
    std::optional<lists::SignalType> bound_type;
    CLEARHOST_RETURN_IF_ERROR(sorted.ForEach([&](const SignalKey& key) -> Status {
      insert.Reset();
      if (bound_type != key.type()) {
        bound_type = key.type();
        CLEARHOST_RETURN_IF_ERROR(insert.BindText(2, lists::SignalTypeName(*bound_type)));
      }
      CLEARHOST_RETURN_IF_ERROR(insert.BindBlob(3, key.key_bytes()));
      CLEARHOST_RETURN_IF_ERROR(insert.Run());
      summary.added += database_.Changes();
      return Status();
    }));
  }
  summary.unchanged = int64_t(sorted.added()) - summary.added;
  if (mode == ImportMode::kReplace) {
    CLEARHOST_ASSIGN_OR_RETURN(summary.removed,
                               RemoveEntriesNotIn(database_, sorted, bank_id, change));
  }
  if (summary.added > 0 || summary.removed > 0) {
    CLEARHOST_RETURN_IF_ERROR(
        RunChanging(database_, "UPDATE banks SET updated_at = ? WHERE id = ?", {now, bank_id})
            .status());
  }
  const std::string detail = absl::StrCat(
      "mode=", mode == ImportMode::kReplace ? "replace" : "merge", " added=", summary.added,
      " unchanged=", summary.unchanged, " removed=", summary.removed);
  CLEARHOST_RETURN_IF_ERROR(
      RunChanging(database_, "UPDATE audit_log SET detail = ? WHERE id = ?", {detail, change})
          .status());
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
