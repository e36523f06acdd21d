#include "store/sqlite_database.h"

#include <sqlite3.h>

#include <climits>
#include <utility>

#include "absl/strings/str_cat.h"

namespace clearhost::store {
namespace {

absl::StatusCode CodeFor(int code) {
  switch (code & 0xff) {  // the primary code of an extended one
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return absl::StatusCode::kUnavailable;
    case SQLITE_CONSTRAINT:
      return code == SQLITE_CONSTRAINT_UNIQUE || code == SQLITE_CONSTRAINT_PRIMARYKEY
                 ? absl::StatusCode::kAlreadyExists
                 : absl::StatusCode::kFailedPrecondition;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
    case SQLITE_IOERR:
      return absl::StatusCode::kDataLoss;
    case SQLITE_FULL:
    case SQLITE_NOMEM:
      return absl::StatusCode::kResourceExhausted;
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_AUTH:
      return absl::StatusCode::kPermissionDenied;
    case SQLITE_CANTOPEN:
      return absl::StatusCode::kNotFound;
    default:
      return absl::StatusCode::kInternal;
  }
}

}  // namespace

Status SqliteError(sqlite3* connection, int code, std::string_view what) {
  const char* file = connection != nullptr ? sqlite3_db_filename(connection, "main") : nullptr;
  // The connection's message describes its last error; for a bare code use SQLite's text.
  const char* message = connection != nullptr && sqlite3_extended_errcode(connection) == code
                            ? sqlite3_errmsg(connection)
                            : sqlite3_errstr(code);
  return Status(CodeFor(code), absl::StrCat(file != nullptr ? file : "(sqlite)", ": ",
                                            std::string(what), ": ", message));
}

// --- SqliteStatement ---

SqliteStatement::SqliteStatement(SqliteStatement&& other) noexcept
    : statement_(std::exchange(other.statement_, nullptr)) {}

SqliteStatement& SqliteStatement::operator=(SqliteStatement&& other) noexcept {
  if (this != &other) {
    sqlite3_finalize(statement_);
    statement_ = std::exchange(other.statement_, nullptr);
  }
  return *this;
}

SqliteStatement::~SqliteStatement() {
  sqlite3_finalize(statement_);
}

Status SqliteStatement::BindResult(int code, int parameter) const {
  if (code == SQLITE_OK) return Status();
  return SqliteError(
      sqlite3_db_handle(statement_), code,
      absl::StrCat("binding parameter ", parameter, " of \"", sqlite3_sql(statement_), "\""));
}

Status SqliteStatement::BindInt64(int parameter, int64_t value) {
  return BindResult(sqlite3_bind_int64(statement_, parameter, value), parameter);
}

Status SqliteStatement::BindText(int parameter, std::string_view value) {
  return BindResult(sqlite3_bind_text64(statement_, parameter, value.data(), value.size(),
                                        SQLITE_TRANSIENT, SQLITE_UTF8),
                    parameter);
}

Status SqliteStatement::BindBlob(int parameter, std::span<const uint8_t> value) {
  return BindResult(
      sqlite3_bind_blob64(statement_, parameter, value.data(), value.size(), SQLITE_TRANSIENT),
      parameter);
}

Status SqliteStatement::BindNull(int parameter) {
  return BindResult(sqlite3_bind_null(statement_, parameter), parameter);
}

Status SqliteStatement::BindOptionalText(int parameter, const std::optional<std::string>& value) {
  return value ? BindText(parameter, *value) : BindNull(parameter);
}

Result<bool> SqliteStatement::Step() {
  const int code = sqlite3_step(statement_);
  if (code == SQLITE_ROW) return true;
  if (code == SQLITE_DONE) return false;
  return SqliteError(sqlite3_db_handle(statement_),
                     sqlite3_extended_errcode(sqlite3_db_handle(statement_)),
                     absl::StrCat("running \"", sqlite3_sql(statement_), "\""));
}

Status SqliteStatement::Run() {
  while (true) {
    CLEARHOST_ASSIGN_OR_RETURN(const bool row, Step());
    if (!row) return Status();
  }
}

void SqliteStatement::Reset() {
  // sqlite3_reset repeats the last Step()'s error, which that Step() already reported.
  sqlite3_reset(statement_);
}

int64_t SqliteStatement::ColumnInt64(int column) const {
  return sqlite3_column_int64(statement_, column);
}

std::string_view SqliteStatement::ColumnText(int column) const {
  const unsigned char* text = sqlite3_column_text(statement_, column);
  if (text == nullptr) return {};
  return std::string_view(reinterpret_cast<const char*>(text),
                          static_cast<size_t>(sqlite3_column_bytes(statement_, column)));
}

std::span<const uint8_t> SqliteStatement::ColumnBlob(int column) const {
  const void* blob = sqlite3_column_blob(statement_, column);
  if (blob == nullptr) return {};
  return std::span<const uint8_t>(static_cast<const uint8_t*>(blob),
                                  static_cast<size_t>(sqlite3_column_bytes(statement_, column)));
}

bool SqliteStatement::ColumnIsNull(int column) const {
  return sqlite3_column_type(statement_, column) == SQLITE_NULL;
}

bool SqliteStatement::ColumnIsInteger(int column) const {
  return sqlite3_column_type(statement_, column) == SQLITE_INTEGER;
}

int SqliteStatement::ColumnCount() const {
  return sqlite3_column_count(statement_);
}

std::optional<std::string> SqliteStatement::ColumnOptionalText(int column) const {
  if (ColumnIsNull(column)) return std::nullopt;
  return std::string(ColumnText(column));
}

// --- SqliteTransaction ---

SqliteTransaction::SqliteTransaction(SqliteTransaction&& other) noexcept
    : connection_(std::exchange(other.connection_, nullptr)) {}

SqliteTransaction::~SqliteTransaction() {
  // A failed rollback leaves nothing to do: SQLite rolls back when the connection closes.
  if (connection_ != nullptr) sqlite3_exec(connection_, "ROLLBACK", nullptr, nullptr, nullptr);
}

Status SqliteTransaction::Commit() {
  sqlite3* connection = std::exchange(connection_, nullptr);
  const int code = sqlite3_exec(connection, "COMMIT", nullptr, nullptr, nullptr);
  if (code == SQLITE_OK) return Status();
  Status error = SqliteError(connection, code, "committing");
  // A failed COMMIT may leave the transaction open (e.g. SQLITE_BUSY): end it.
  if (sqlite3_get_autocommit(connection) == 0) {
    sqlite3_exec(connection, "ROLLBACK", nullptr, nullptr, nullptr);
  }
  return error;
}

// --- SqliteDatabase ---

void SqliteDatabase::Closer::operator()(sqlite3* connection) const {
  sqlite3_close_v2(connection);
}

Result<SqliteDatabase> SqliteDatabase::Open(const std::filesystem::path& path,
                                            const SqliteOptions& options) {
  sqlite3* raw = nullptr;
  const int code = sqlite3_open_v2(
      path.c_str(), &raw,
      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE,
      nullptr);
  std::unique_ptr<sqlite3, Closer> connection(raw);  // closed on every error path
  if (code != SQLITE_OK) {
    // The connection, if any, does not know its file name yet.
    return Status(CodeFor(code),
                  absl::StrCat(path.string(), ": opening: ",
                               raw != nullptr ? sqlite3_errmsg(raw) : sqlite3_errstr(code)));
  }
  sqlite3_busy_timeout(raw, options.busy_timeout_ms);
  SqliteDatabase database(std::move(connection), path);
  // journal_mode=WAL also reads the file: a file that is not a database fails here.
  CLEARHOST_RETURN_IF_ERROR(database.Execute(
      absl::StrCat("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; "
                   "PRAGMA temp_store=FILE; "
                   "PRAGMA cache_size=-",
                   options.cache_kib, ";")));
  return database;
}

SqliteDatabase::SqliteDatabase(SqliteDatabase&&) noexcept = default;
SqliteDatabase& SqliteDatabase::operator=(SqliteDatabase&&) noexcept = default;
SqliteDatabase::~SqliteDatabase() = default;

Status SqliteDatabase::Execute(std::string_view sql) {
  // sqlite3_exec needs a terminated string.
  const std::string terminated(sql);
  const int code = sqlite3_exec(connection_.get(), terminated.c_str(), nullptr, nullptr, nullptr);
  if (code == SQLITE_OK) return Status();
  return SqliteError(connection_.get(), sqlite3_extended_errcode(connection_.get()),
                     absl::StrCat("running \"", terminated, "\""));
}

Result<SqliteStatement> SqliteDatabase::Prepare(std::string_view sql) {
  if (sql.size() > INT_MAX) return absl::InvalidArgumentError("SQL statement too long");
  sqlite3_stmt* statement = nullptr;
  const int code = sqlite3_prepare_v3(connection_.get(), sql.data(), static_cast<int>(sql.size()),
                                      SQLITE_PREPARE_PERSISTENT, &statement, nullptr);
  if (code != SQLITE_OK) {
    return SqliteError(connection_.get(), code,
                       absl::StrCat("preparing \"", std::string(sql), "\""));
  }
  return SqliteStatement(statement);
}

Result<SqliteTransaction> SqliteDatabase::BeginTransaction() {
  CLEARHOST_RETURN_IF_ERROR(Execute("BEGIN IMMEDIATE"));
  return SqliteTransaction(connection_.get());
}

Result<SqliteTransaction> SqliteDatabase::BeginReadTransaction() {
  CLEARHOST_RETURN_IF_ERROR(Execute("BEGIN DEFERRED"));
  return SqliteTransaction(connection_.get());
}

int64_t SqliteDatabase::LastInsertRowId() const {
  return sqlite3_last_insert_rowid(connection_.get());
}

int64_t SqliteDatabase::Changes() const {
  return sqlite3_changes64(connection_.get());
}

}  // namespace clearhost::store
