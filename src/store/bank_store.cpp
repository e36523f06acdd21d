// BankStore: opening, bank settings and the audit log. Imports and live entries are in
// bank_entries.cpp.
#include "store/bank_store.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "store/audit_chain.h"
#include "store/migrations.h"
#include "store/sqlite_connection.h"

namespace clearhost::store {
namespace {

constexpr size_t kMaxBankNameLength = 128;

// The columns ReadBank() expects, in order.
constexpr std::string_view kBankColumns =
    "SELECT b.id, b.name, b.kind, b.source, b.labels, b.enabled, b.match_distance, "
    "b.min_quality, b.flood_files, b.flood_window_seconds, b.created_at, b.updated_at, "
    "(SELECT COUNT(*) FROM bank_entries e WHERE e.bank_id = b.id), "
    // Feedback counts go through the partial index of entries that ever had feedback (few);
    // the unary + keeps the planner off the bank_id index, which would visit every entry.
    "(SELECT COUNT(*) FROM bank_entries e WHERE e.status_change IS NOT NULL "
    "AND +e.bank_id = b.id AND e.status = 'disputed'), "
    "(SELECT COUNT(*) FROM bank_entries e WHERE e.status_change IS NOT NULL "
    "AND +e.bank_id = b.id AND e.status = 'confirmed'), "
    "(SELECT COUNT(*) FROM removed_entries r WHERE r.bank_id = b.id) "
    "FROM banks b ";

Bank ReadBank(const SqliteStatement& row) {
  Bank bank;
  bank.id = row.ColumnInt64(0);
  bank.settings.name = std::string(row.ColumnText(1));
  bank.settings.kind = row.ColumnText(2) == "allow" ? BankKind::kAllow : BankKind::kBlock;
  bank.settings.source = std::string(row.ColumnText(3));
  bank.settings.labels = absl::StrSplit(std::string(row.ColumnText(4)), ',', absl::SkipEmpty());
  bank.settings.enabled = row.ColumnInt64(5) != 0;
  bank.settings.match_distance = static_cast<int>(row.ColumnInt64(6));
  bank.settings.min_quality = static_cast<int>(row.ColumnInt64(7));
  bank.settings.flood_files = static_cast<int>(row.ColumnInt64(8));
  bank.settings.flood_window_seconds = row.ColumnInt64(9);
  bank.created_at = row.ColumnInt64(10);
  bank.updated_at = row.ColumnInt64(11);
  bank.current_entries = row.ColumnInt64(12);
  bank.disputed_entries = row.ColumnInt64(13);
  bank.confirmed_entries = row.ColumnInt64(14);
  bank.removed_entries = row.ColumnInt64(15);
  return bank;
}

Status ValidateName(std::string_view name) {
  if (name.empty() || name.size() > kMaxBankNameLength) {
    return absl::InvalidArgumentError(
        absl::StrCat("a bank name has 1 to ", kMaxBankNameLength, " characters"));
  }
  for (const char c : name) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '_' && c != '-') {
      return absl::InvalidArgumentError(
          absl::StrCat("bank name \"", std::string(name),
                       "\": only letters, digits, '.', '_' and '-' are allowed"));
    }
  }
  return Status();
}

Status ValidateSettings(const BankSettings& settings) {
  CLEARHOST_RETURN_IF_ERROR(ValidateName(settings.name));
  for (const std::string& label : settings.labels) {
    if (label.empty() || label.find(',') != std::string::npos) {
      return absl::InvalidArgumentError(
          absl::StrCat("label \"", label, "\": labels are non-empty and contain no comma"));
    }
  }
  if (settings.match_distance < 0 || settings.match_distance > 256) {
    return absl::InvalidArgumentError(
        absl::StrCat("match distance ", settings.match_distance, ": a PDQ distance is 0 to 256"));
  }
  if (settings.min_quality < 0 || settings.min_quality > 100) {
    return absl::InvalidArgumentError(
        absl::StrCat("minimum quality ", settings.min_quality, ": a PDQ quality is 0 to 100"));
  }
  if (settings.flood_files < 0) {
    return absl::InvalidArgumentError(absl::StrCat("flood guard of ", settings.flood_files,
                                                   " files: give 0 (off) or a positive count"));
  }
  if (settings.flood_window_seconds <= 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "flood window of ", settings.flood_window_seconds, " seconds: it must be positive"));
  }
  return Status();
}

// The audit detail of a bank's settings.
std::string DescribeSettings(const BankSettings& settings) {
  return absl::StrCat("kind=", std::string(BankKindName(settings.kind)),
                      " source=", settings.source, " labels=", absl::StrJoin(settings.labels, ","),
                      " enabled=", settings.enabled ? 1 : 0,
                      " match_distance=", settings.match_distance,
                      " min_quality=", settings.min_quality, " flood_files=", settings.flood_files,
                      " flood_window_seconds=", settings.flood_window_seconds);
}

Status BankNotFound(std::string_view name) {
  return absl::NotFoundError(absl::StrCat("no bank named \"", std::string(name), "\""));
}

}  // namespace

std::string_view BankKindName(BankKind kind) {
  return kind == BankKind::kAllow ? "allow" : "block";
}

Result<BankStore> BankStore::Open(const std::filesystem::path& path, const SqliteOptions& options,
                                  MicrosClock clock) {
  CLEARHOST_ASSIGN_OR_RETURN(SqliteDatabase database, SqliteDatabase::Open(path, options));
  CLEARHOST_RETURN_IF_ERROR(MigrateToLatest(database));
  return BankStore(std::move(database), std::move(clock));
}

Result<int64_t> BankStore::BankId(std::string_view name) {
  CLEARHOST_ASSIGN_OR_RETURN(SqliteStatement query,
                             database_.Prepare("SELECT id FROM banks WHERE name = ?"));
  CLEARHOST_RETURN_IF_ERROR(query.BindText(1, name));
  CLEARHOST_ASSIGN_OR_RETURN(const bool found, query.Step());
  if (!found) return BankNotFound(name);
  return query.ColumnInt64(0);
}

Result<int64_t> BankStore::Audit(std::string_view actor, std::string_view action,
                                 std::string_view bank, std::string_view detail, int64_t at) {
  return AppendAudit(*BorrowSqliteConnection(database_), AuditEntry{.at = at,
                                                                    .actor = std::string(actor),
                                                                    .action = std::string(action),
                                                                    .bank = std::string(bank),
                                                                    .case_id = std::nullopt,
                                                                    .detail = std::string(detail)});
}

Result<Bank> BankStore::CreateBank(const BankSettings& settings, std::string_view actor) {
  CLEARHOST_RETURN_IF_ERROR(ValidateSettings(settings));
  const int64_t now = clock_();
  CLEARHOST_ASSIGN_OR_RETURN(SqliteTransaction transaction, database_.BeginTransaction());
  CLEARHOST_ASSIGN_OR_RETURN(
      SqliteStatement insert,
      database_.Prepare("INSERT INTO banks (name, kind, source, labels, enabled, match_distance, "
                        "min_quality, flood_files, flood_window_seconds, created_at, updated_at) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  CLEARHOST_RETURN_IF_ERROR(insert.BindText(1, settings.name));
  CLEARHOST_RETURN_IF_ERROR(insert.BindText(2, BankKindName(settings.kind)));
  CLEARHOST_RETURN_IF_ERROR(insert.BindText(3, settings.source));
  CLEARHOST_RETURN_IF_ERROR(insert.BindText(4, absl::StrJoin(settings.labels, ",")));
  CLEARHOST_RETURN_IF_ERROR(insert.BindInt64(5, settings.enabled ? 1 : 0));
  CLEARHOST_RETURN_IF_ERROR(insert.BindInt64(6, settings.match_distance));
  CLEARHOST_RETURN_IF_ERROR(insert.BindInt64(7, settings.min_quality));
  CLEARHOST_RETURN_IF_ERROR(insert.BindInt64(8, settings.flood_files));
  CLEARHOST_RETURN_IF_ERROR(insert.BindInt64(9, settings.flood_window_seconds));
  CLEARHOST_RETURN_IF_ERROR(insert.BindInt64(10, now));
  CLEARHOST_RETURN_IF_ERROR(insert.BindInt64(11, now));
  if (Status inserted = insert.Run(); !inserted.ok()) {
    if (absl::IsAlreadyExists(inserted)) {
      return absl::AlreadyExistsError(
          absl::StrCat("a bank named \"", settings.name, "\" already exists"));
    }
    return inserted;
  }
  Bank bank{.id = database_.LastInsertRowId(),
            .settings = settings,
            .created_at = now,
            .updated_at = now};
  CLEARHOST_RETURN_IF_ERROR(
      Audit(actor, "create_bank", settings.name, DescribeSettings(settings), now).status());
  CLEARHOST_RETURN_IF_ERROR(transaction.Commit());
  return bank;
}

Result<Bank> BankStore::GetBank(std::string_view name) {
  CLEARHOST_ASSIGN_OR_RETURN(
      SqliteStatement query,
      database_.Prepare(absl::StrCat(std::string(kBankColumns), "WHERE b.name = ?")));
  CLEARHOST_RETURN_IF_ERROR(query.BindText(1, name));
  CLEARHOST_ASSIGN_OR_RETURN(const bool found, query.Step());
  if (!found) return BankNotFound(name);
  return ReadBank(query);
}

Result<std::vector<Bank>> BankStore::ListBanks() {
  CLEARHOST_ASSIGN_OR_RETURN(
      SqliteStatement query,
      database_.Prepare(absl::StrCat(std::string(kBankColumns), "ORDER BY b.name")));
  std::vector<Bank> banks;
  while (true) {
    CLEARHOST_ASSIGN_OR_RETURN(const bool row, query.Step());
    if (!row) return banks;
    banks.push_back(ReadBank(query));
  }
}

Status BankStore::RemoveBank(std::string_view name, std::string_view actor) {
  const int64_t now = clock_();
  CLEARHOST_ASSIGN_OR_RETURN(SqliteTransaction transaction, database_.BeginTransaction());
  CLEARHOST_ASSIGN_OR_RETURN(SqliteStatement remove,
                             database_.Prepare("DELETE FROM banks WHERE name = ?"));
  CLEARHOST_RETURN_IF_ERROR(remove.BindText(1, name));
  CLEARHOST_RETURN_IF_ERROR(remove.Run());
  if (database_.Changes() == 0) return BankNotFound(name);
  CLEARHOST_RETURN_IF_ERROR(Audit(actor, "remove_bank", name, "", now).status());
  return transaction.Commit();
}

Status BankStore::SetEnabled(std::string_view name, bool enabled, std::string_view actor) {
  const int64_t now = clock_();
  CLEARHOST_ASSIGN_OR_RETURN(SqliteTransaction transaction, database_.BeginTransaction());
  CLEARHOST_ASSIGN_OR_RETURN(
      SqliteStatement update,
      database_.Prepare("UPDATE banks SET enabled = ?, updated_at = ? WHERE name = ?"));
  CLEARHOST_RETURN_IF_ERROR(update.BindInt64(1, enabled ? 1 : 0));
  CLEARHOST_RETURN_IF_ERROR(update.BindInt64(2, now));
  CLEARHOST_RETURN_IF_ERROR(update.BindText(3, name));
  CLEARHOST_RETURN_IF_ERROR(update.Run());
  if (database_.Changes() == 0) return BankNotFound(name);
  CLEARHOST_RETURN_IF_ERROR(
      Audit(actor, enabled ? "enable_bank" : "disable_bank", name, "", now).status());
  return transaction.Commit();
}

Status BankStore::UpdateBankSettings(const BankSettings& settings, std::string_view actor) {
  CLEARHOST_RETURN_IF_ERROR(ValidateSettings(settings));
  const int64_t now = clock_();
  CLEARHOST_ASSIGN_OR_RETURN(SqliteTransaction transaction, database_.BeginTransaction());
  CLEARHOST_ASSIGN_OR_RETURN(const Bank before, GetBank(settings.name));
  CLEARHOST_ASSIGN_OR_RETURN(
      SqliteStatement update,
      database_.Prepare("UPDATE banks SET kind = ?, source = ?, labels = ?, enabled = ?, "
                        "match_distance = ?, min_quality = ?, flood_files = ?, "
                        "flood_window_seconds = ?, updated_at = ? WHERE name = ?"));
  CLEARHOST_RETURN_IF_ERROR(update.BindText(1, BankKindName(settings.kind)));
  CLEARHOST_RETURN_IF_ERROR(update.BindText(2, settings.source));
  CLEARHOST_RETURN_IF_ERROR(update.BindText(3, absl::StrJoin(settings.labels, ",")));
  CLEARHOST_RETURN_IF_ERROR(update.BindInt64(4, settings.enabled ? 1 : 0));
  CLEARHOST_RETURN_IF_ERROR(update.BindInt64(5, settings.match_distance));
  CLEARHOST_RETURN_IF_ERROR(update.BindInt64(6, settings.min_quality));
  CLEARHOST_RETURN_IF_ERROR(update.BindInt64(7, settings.flood_files));
  CLEARHOST_RETURN_IF_ERROR(update.BindInt64(8, settings.flood_window_seconds));
  CLEARHOST_RETURN_IF_ERROR(update.BindInt64(9, now));
  CLEARHOST_RETURN_IF_ERROR(update.BindText(10, settings.name));
  CLEARHOST_RETURN_IF_ERROR(update.Run());
  CLEARHOST_RETURN_IF_ERROR(
      Audit(actor, "update_bank", settings.name, DescribeSettings(settings), now).status());
  // Enabling or disabling changes what matches: the change EntryChanges looks for.
  if (before.settings.enabled != settings.enabled) {
    CLEARHOST_RETURN_IF_ERROR(
        Audit(actor, settings.enabled ? "enable_bank" : "disable_bank", settings.name, "", now)
            .status());
  }
  return transaction.Commit();
}

}  // namespace clearhost::store
