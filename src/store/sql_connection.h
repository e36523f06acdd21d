// One connection to the store's database, the same interface for SQLite (embedded, the default)
// and PostgreSQL (several servers sharing state): the seam the case store and the server are
// written against, so one store test suite runs against both backends.
//
// SQL is written once with `?` placeholders; the PostgreSQL connection numbers them ($1, $2...)
// itself. Values are 64-bit integers, text or NULL (timestamps are BIGINT Unix microseconds,
// UTC; booleans INTEGER 0/1), so rows read back the same from both backends.
//
// Status codes, as store/sqlite_database.h: Unavailable (the server is unreachable, a lock
// wait timed out, a serialization failure or deadlock: try again), AlreadyExists (a UNIQUE or
// PRIMARY KEY constraint), FailedPrecondition (another constraint), DataLoss, ResourceExhausted,
// PermissionDenied, NotFound (the database cannot be opened), InvalidArgument (a malformed
// database URL), Internal (anything else, e.g. SQL the database rejects: a bug). Messages name
// the database (never a password), what was being done and the database's own message.
// Thread-safety: one thread at a time per connection; open one per thread.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/status.h"

namespace clearhost::store {

enum class SqlDialect { kSqlite, kPostgres };

// NULL, a 64-bit integer or text.
using SqlValue = std::variant<std::monostate, int64_t, std::string>;

// One result row. Int() and Text() of a NULL are 0 and "".
struct SqlRow {
  std::vector<SqlValue> values;

  bool IsNull(size_t column) const;
  int64_t Int(size_t column) const;
  const std::string& Text(size_t column) const;
};
using SqlRows = std::vector<SqlRow>;

class SqlConnection {
 public:
  virtual ~SqlConnection() = default;

  virtual SqlDialect dialect() const = 0;
  // The database as messages name it: "sqlite:/path/file.db" or "postgresql://host:port/db"
  // (user and password left out).
  virtual const std::string& name() const = 0;

  // Runs statements separated by ';', without parameters or results (schema, migrations).
  virtual Status ExecuteScript(std::string_view sql) = 0;
  // Runs one statement with its `?` parameters bound to `parameters`, in order, and returns its
  // rows (none for a statement that returns none). INSERT ... RETURNING works on both.
  virtual Result<SqlRows> Query(std::string_view sql,
                                std::span<const SqlValue> parameters = {}) = 0;
  // Rows changed by the last INSERT, UPDATE or DELETE run by Query().
  virtual int64_t Changes() const = 0;

  // A write transaction. SQLite: BEGIN IMMEDIATE (the write lock is taken up front, so one
  // writer at a time across processes). PostgreSQL: BEGIN (READ COMMITTED); writers that must
  // take turns call LockSequence() inside it.
  virtual Status Begin() = 0;
  virtual Status Commit() = 0;
  // Never fails visibly: a rollback that cannot run leaves the database as it was anyway.
  virtual void Rollback() = 0;
  // Makes every other transaction that locks the same `key` wait until this one ends: how
  // appends to a hash chain (the audit log) and migrations take turns between servers.
  // PostgreSQL: pg_advisory_xact_lock(key); SQLite: nothing to do (BEGIN IMMEDIATE already
  // serializes writers).
  virtual Status LockSequence(int64_t key) = 0;
};

// A write transaction on `connection`, rolled back by the destructor unless Commit() succeeded.
class SqlTransaction {
 public:
  static Result<SqlTransaction> Begin(SqlConnection& connection);
  SqlTransaction(SqlTransaction&& other) noexcept;
  SqlTransaction& operator=(SqlTransaction&&) = delete;
  SqlTransaction(const SqlTransaction&) = delete;
  SqlTransaction& operator=(const SqlTransaction&) = delete;
  ~SqlTransaction();

  Status Commit();

 private:
  explicit SqlTransaction(SqlConnection* connection) : connection_(connection) {}
  SqlConnection* connection_;  // null once committed, rolled back or moved from
};

// Opens the database `url` names: "sqlite:FILE" (created if absent, WAL, synchronous=FULL,
// foreign keys on), or "postgresql://..." / "postgres://..." (a libpq connection URI). Does not
// migrate: see store/migrations.h.
Result<std::unique_ptr<SqlConnection>> OpenSqlConnection(std::string_view url);

}  // namespace clearhost::store
