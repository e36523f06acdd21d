// A thin RAII adapter over SQLite's C API for the store: a connection opened in WAL mode with
// foreign keys on and a busy timeout, prepared statements with typed binds and columns, and
// transactions that roll back unless committed. Every SQLite error becomes a Status whose message
// names the database file, what was being done and SQLite's own message; nothing throws.
//
// Status codes: Unavailable (busy or locked by another connection past the timeout),
// AlreadyExists (a UNIQUE or PRIMARY KEY constraint), FailedPrecondition (another constraint),
// DataLoss (a corrupt file or not a database, an I/O error), ResourceExhausted (disk or memory
// full), PermissionDenied (read-only file or directory), NotFound (the file cannot be opened),
// Internal (anything else, e.g. an SQL syntax error: a bug).
// Thread-safety: a SqliteDatabase and its statements and transactions are used by one thread at
// a time (the connection is opened without SQLite's own mutex). Open one per thread; SQLite's
// file locking serializes writers across connections and processes. A statement or transaction
// must not outlive the database that made it (moving the database is fine). Do not carry an open
// database across fork().
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "core/status.h"

struct sqlite3;
struct sqlite3_stmt;

namespace clearhost::store {

struct SqliteOptions {
  // How long a statement waits for another connection's lock before failing with Unavailable.
  int busy_timeout_ms = 5000;
  // Page cache per connection, in KiB. It bounds the memory of a large import whatever its
  // size: pages beyond it spill into the WAL file.
  int cache_kib = 64 * 1024;
};

class SqliteDatabase;

// The Status for SQLite result `code` from `connection` while doing `what`: "<file>: <what>:
// <SQLite's message>".
Status SqliteError(sqlite3* connection, int code, std::string_view what);

// One prepared statement. Bind parameters are 1-based, columns 0-based (SQLite's convention).
class SqliteStatement {
 public:
  SqliteStatement(SqliteStatement&& other) noexcept;
  SqliteStatement& operator=(SqliteStatement&& other) noexcept;
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;
  ~SqliteStatement();

  // Binds copy their value (text included), so the argument may go away before Step().
  Status BindInt64(int parameter, int64_t value);
  Status BindText(int parameter, std::string_view value);
  Status BindBlob(int parameter, std::span<const uint8_t> value);
  Status BindNull(int parameter);
  // BindText, or BindNull for nullopt.
  Status BindOptionalText(int parameter, const std::optional<std::string>& value);

  // Runs to the next row: true when there is one to read with the Column functions, false
  // when the statement is done.
  Result<bool> Step();
  // Runs a statement that returns no rows (or whose rows are ignored) to completion.
  Status Run();
  // Makes the statement ready to run again; its bindings stay until bound anew.
  void Reset();

  int64_t ColumnInt64(int column) const;
  // Valid until the next Step(), Reset() or destruction.
  std::string_view ColumnText(int column) const;
  // Valid until the next Step(), Reset() or destruction.
  std::span<const uint8_t> ColumnBlob(int column) const;
  bool ColumnIsNull(int column) const;
  bool ColumnIsInteger(int column) const;
  int ColumnCount() const;
  std::optional<std::string> ColumnOptionalText(int column) const;

 private:
  friend class SqliteDatabase;
  explicit SqliteStatement(sqlite3_stmt* statement) : statement_(statement) {}
  Status BindResult(int code, int parameter) const;

  sqlite3_stmt* statement_;  // null once moved from
};

// A transaction: a write one (BEGIN IMMEDIATE: it takes the write lock up front, so it never
// fails half-way for want of it) or a read one. Rolled back by the destructor unless Commit()
// succeeded.
class SqliteTransaction {
 public:
  SqliteTransaction(SqliteTransaction&& other) noexcept;
  SqliteTransaction& operator=(SqliteTransaction&&) = delete;
  SqliteTransaction(const SqliteTransaction&) = delete;
  SqliteTransaction& operator=(const SqliteTransaction&) = delete;
  ~SqliteTransaction();

  Status Commit();

 private:
  friend class SqliteDatabase;
  explicit SqliteTransaction(sqlite3* connection) : connection_(connection) {}

  sqlite3* connection_;  // null once committed, rolled back or moved from
};

class SqliteDatabase {
 public:
  // Opens (creating it if absent) the database at `path` with journal_mode=WAL,
  // synchronous=FULL (a commit is on disk when Commit() returns), foreign_keys=ON, and
  // temp_store=FILE (temporary tables and sorts spill to disk, never grow memory).
  static Result<SqliteDatabase> Open(const std::filesystem::path& path,
                                     const SqliteOptions& options = {});

  SqliteDatabase(SqliteDatabase&&) noexcept;
  SqliteDatabase& operator=(SqliteDatabase&&) noexcept;
  SqliteDatabase(const SqliteDatabase&) = delete;
  SqliteDatabase& operator=(const SqliteDatabase&) = delete;
  ~SqliteDatabase();

  // Runs one or more statements without parameters or results (schema, pragmas).
  Status Execute(std::string_view sql);
  Result<SqliteStatement> Prepare(std::string_view sql);
  Result<SqliteTransaction> BeginTransaction();
  // A read transaction (BEGIN DEFERRED): the statements run in it see one snapshot of the
  // database (in WAL mode, from its first read on) while other connections go on writing.
  Result<SqliteTransaction> BeginReadTransaction();

  // The rowid of the last row inserted by this connection.
  int64_t LastInsertRowId() const;
  // Rows changed by the last INSERT, UPDATE or DELETE of this connection.
  int64_t Changes() const;

  const std::filesystem::path& path() const { return path_; }

 private:
  struct Closer {
    void operator()(sqlite3* connection) const;
  };
  SqliteDatabase(std::unique_ptr<sqlite3, Closer> connection, std::filesystem::path path)
      : connection_(std::move(connection)), path_(std::move(path)) {}

  std::unique_ptr<sqlite3, Closer> connection_;
  std::filesystem::path path_;
};

}  // namespace clearhost::store
