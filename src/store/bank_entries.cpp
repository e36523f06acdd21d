// BankStore: importing entries and walking the live ones.
#include <initializer_list>
#include <optional>
#include <string>
#include <variant>

#include "absl/strings/str_cat.h"
#include "store/bank_store.h"

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

}  // namespace

// The import stages its entries in a temporary table (appends: cheap whatever the order), indexes
// them once (an external merge sort), then merges them into bank_entries in key order. Inserting
// random hashes straight into bank_entries would touch a random page of its unique index per
// entry, which stops fitting any cache at a few million entries; in key order each index page is
// visited once. Temporary tables live in a temp file, so memory stays bounded by the page cache.
Result<ImportSummary> BankStore::ImportEntries(std::string_view name, const EntrySource& source,
                                               std::string_view actor, ImportMode mode) {
  const int64_t now = clock_();
  CLEARHOST_ASSIGN_OR_RETURN(SqliteTransaction transaction, database_.BeginTransaction());
  CLEARHOST_ASSIGN_OR_RETURN(const int64_t bank_id, BankId(name));
  // The staging table stays for the connection's next import; it is emptied before and after.
  CLEARHOST_RETURN_IF_ERROR(database_.Execute(
      "CREATE TEMP TABLE IF NOT EXISTS import_staging (signal_type TEXT NOT NULL, "
      "signal TEXT NOT NULL); "
      "DELETE FROM temp.import_staging; DROP INDEX IF EXISTS temp.import_staging_key"));

  int64_t staged = 0;
  {
    CLEARHOST_ASSIGN_OR_RETURN(
        SqliteStatement stage,
        database_.Prepare("INSERT INTO temp.import_staging (signal_type, signal) VALUES (?, ?)"));
    const EntrySink sink = [&](const lists::Signal& signal) -> Status {
      stage.Reset();
      CLEARHOST_RETURN_IF_ERROR(stage.BindText(1, lists::SignalTypeName(signal.type)));
      CLEARHOST_RETURN_IF_ERROR(stage.BindText(2, signal.ToHex()));
      ++staged;
      return stage.Run();
    };
    CLEARHOST_RETURN_IF_ERROR(source(sink));
  }
  CLEARHOST_RETURN_IF_ERROR(database_.Execute(
      "CREATE INDEX temp.import_staging_key ON import_staging (signal_type, signal)"));

  ImportSummary summary;
  CLEARHOST_ASSIGN_OR_RETURN(
      summary.added,
      RunChanging(database_,
                  "INSERT INTO bank_entries (bank_id, signal_type, signal, added_at, added_by) "
                  "SELECT ?, signal_type, signal, ?, ? FROM temp.import_staging "
                  "ORDER BY signal_type, signal ON CONFLICT DO NOTHING",
                  {bank_id, now, actor}));
  summary.unchanged = staged - summary.added;
  if (mode == ImportMode::kReplace) {
    CLEARHOST_ASSIGN_OR_RETURN(
        summary.removed, RunChanging(database_,
                                     "UPDATE bank_entries SET removed_at = ?, removed_by = ? "
                                     "WHERE bank_id = ? AND removed_at IS NULL AND NOT EXISTS ("
                                     "SELECT 1 FROM temp.import_staging s WHERE s.signal_type = "
                                     "bank_entries.signal_type AND s.signal = bank_entries.signal)",
                                     {now, actor, bank_id}));
  }
  CLEARHOST_RETURN_IF_ERROR(
      database_.Execute("DROP INDEX temp.import_staging_key; DELETE FROM temp.import_staging"));
  if (summary.added > 0 || summary.removed > 0) {
    CLEARHOST_RETURN_IF_ERROR(
        RunChanging(database_, "UPDATE banks SET updated_at = ? WHERE id = ?", {now, bank_id})
            .status());
  }
  CLEARHOST_RETURN_IF_ERROR(Audit(
      actor, "import", name,
      absl::StrCat("mode=", mode == ImportMode::kReplace ? "replace" : "merge", " added=",
                   summary.added, " unchanged=", summary.unchanged, " removed=", summary.removed),
      now));
  CLEARHOST_RETURN_IF_ERROR(transaction.Commit());
  return summary;
}

Status BankStore::LiveEntries(std::optional<std::string_view> name,
                              const std::function<Status(const LiveEntry& entry)>& on_entry) {
  const std::string live = "e.removed_at IS NULL AND e.status <> 'disputed'";
  const std::string sql =
      name ? absl::StrCat(
                 "SELECT e.id, e.bank_id, e.signal_type, e.signal FROM bank_entries e "
                 "WHERE e.bank_id = ? AND ",
                 live)
           : absl::StrCat(
                 "SELECT e.id, e.bank_id, e.signal_type, e.signal FROM bank_entries e "
                 "JOIN banks b ON b.id = e.bank_id WHERE b.enabled = 1 AND ",
                 live);
  CLEARHOST_ASSIGN_OR_RETURN(SqliteStatement query, database_.Prepare(sql));
  if (name) {
    CLEARHOST_ASSIGN_OR_RETURN(const int64_t bank_id, BankId(*name));
    CLEARHOST_RETURN_IF_ERROR(query.BindInt64(1, bank_id));
  }
  while (true) {
    CLEARHOST_ASSIGN_OR_RETURN(const bool row, query.Step());
    if (!row) return Status();
    LiveEntry entry{.id = query.ColumnInt64(0), .bank_id = query.ColumnInt64(1), .signal = {}};
    const std::optional<lists::SignalType> type = lists::ParseSignalTypeName(query.ColumnText(2));
    Result<lists::Signal> signal = type ? lists::ParseSignal(*type, query.ColumnText(3))
                                        : absl::InvalidArgumentError("unknown signal type");
    if (!signal.ok()) {
      return absl::DataLossError(absl::StrCat(database_.path().string(), ": bank entry ", entry.id,
                                              ": ", signal.status().message()));
    }
    entry.signal = *signal;
    CLEARHOST_RETURN_IF_ERROR(on_entry(entry));
  }
}

}  // namespace clearhost::store
