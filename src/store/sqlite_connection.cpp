#include "store/sqlite_connection.h"

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "absl/container/node_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"

namespace clearhost::store {
namespace {

class SqliteConnection final : public SqlConnection {
 public:
  // Owns `database`.
  explicit SqliteConnection(SqliteDatabase database)
      : owned_(std::move(database)),
        database_(*owned_),
        name_(Name(database_)),
        writer_lock_(WriterLock(database_.path())) {}
  // Borrows `database`.
  explicit SqliteConnection(SqliteDatabase* database)
      : database_(*database), name_(Name(database_)), writer_lock_(WriterLock(database_.path())) {}

  SqlDialect dialect() const override { return SqlDialect::kSqlite; }
  const std::string& name() const override { return name_; }

  Status ExecuteScript(std::string_view sql) override { return database_.Execute(sql); }

  Result<SqlRows> Query(std::string_view sql, std::span<const SqlValue> parameters) override {
    CLEARHOST_ASSIGN_OR_RETURN(SqliteStatement * statement, Statement(sql));
    statement->Reset();
    for (size_t i = 0; i < parameters.size(); ++i) {
      const int parameter = static_cast<int>(i) + 1;
      const SqlValue& value = parameters[i];
      if (const auto* number = std::get_if<int64_t>(&value)) {
        CLEARHOST_RETURN_IF_ERROR(statement->BindInt64(parameter, *number));
      } else if (const auto* text = std::get_if<std::string>(&value)) {
        CLEARHOST_RETURN_IF_ERROR(statement->BindText(parameter, *text));
      } else {
        CLEARHOST_RETURN_IF_ERROR(statement->BindNull(parameter));
      }
    }
    SqlRows rows;
    while (true) {
      Result<bool> row = statement->Step();
      if (!row.ok()) {
        statement->Reset();
        return row.status();
      }
      if (!*row) break;
      SqlRow& out = rows.emplace_back();
      const int columns = statement->ColumnCount();
      out.values.reserve(static_cast<size_t>(columns));
      for (int column = 0; column < columns; ++column) {
        if (statement->ColumnIsNull(column)) {
          out.values.emplace_back(std::monostate());
        } else if (statement->ColumnIsInteger(column)) {
          out.values.emplace_back(statement->ColumnInt64(column));
        } else {
          out.values.emplace_back(std::string(statement->ColumnText(column)));
        }
      }
    }
    changes_ = database_.Changes();
    statement->Reset();  // releases the statement's read snapshot
    return rows;
  }

  int64_t Changes() const override { return changes_; }

  // The writer lock is held from Begin() to Commit() or Rollback(), across calls: beyond what
  // the thread-safety analysis follows, hence the exemptions below.
  Status Begin() override ABSL_NO_THREAD_SAFETY_ANALYSIS {
    // Writers in this process queue on a mutex first: SQLite's own busy handler polls with
    // growing sleeps, which under load gave some writers waits of over a second.
    writer_lock_->Lock();
    Status begun = database_.Execute("BEGIN IMMEDIATE");
    if (begun.ok()) {
      holds_writer_lock_ = true;
    } else {
      writer_lock_->Unlock();
    }
    return begun;
  }

  Status Commit() override {
    Status committed = database_.Execute("COMMIT");
    if (!committed.ok()) {
      Rollback();  // a failed COMMIT (e.g. busy) may leave it open; Rollback() unlocks
    } else {
      ReleaseWriterLock();
    }
    return committed;
  }

  void Rollback() override {
    // Nothing to report: with no transaction open, or a failed rollback, the database is as it
    // was before the transaction began (SQLite rolls back when the connection closes).
    database_.Execute("ROLLBACK").IgnoreError();
    ReleaseWriterLock();
  }

  Status LockSequence(int64_t /*key*/) override { return Status(); }

 private:
  Result<SqliteStatement*> Statement(std::string_view sql) {
    auto found = statements_.find(absl::string_view(sql.data(), sql.size()));
    if (found != statements_.end()) return &found->second;
    CLEARHOST_ASSIGN_OR_RETURN(SqliteStatement statement, database_.Prepare(sql));
    return &statements_.emplace(std::string(sql), std::move(statement)).first->second;
  }

  static std::string Name(const SqliteDatabase& database) {
    return absl::StrCat("sqlite:", database.path().string());
  }

  void ReleaseWriterLock() ABSL_NO_THREAD_SAFETY_ANALYSIS {
    if (holds_writer_lock_) writer_lock_->Unlock();
    holds_writer_lock_ = false;
  }

  // One per database file in this process (by its canonical path), shared by its connections.
  static std::shared_ptr<absl::Mutex> WriterLock(const std::filesystem::path& path) {
    static absl::Mutex registry_mutex;
    static auto* registry = new std::map<std::string, std::weak_ptr<absl::Mutex>>();
    std::error_code error;
    std::filesystem::path canonical = std::filesystem::weakly_canonical(path, error);
    const std::string key = error ? path.string() : canonical.string();
    absl::MutexLock lock(&registry_mutex);
    std::shared_ptr<absl::Mutex> mutex = (*registry)[key].lock();
    if (mutex == nullptr) {
      mutex = std::make_shared<absl::Mutex>();
      (*registry)[key] = mutex;
    }
    return mutex;
  }

  std::optional<SqliteDatabase> owned_;
  SqliteDatabase& database_;
  std::string name_;
  std::shared_ptr<absl::Mutex> writer_lock_;
  bool holds_writer_lock_ = false;
  // Prepared once per distinct SQL text; node-stable, so the pointers stay valid.
  absl::node_hash_map<std::string, SqliteStatement> statements_;
  int64_t changes_ = 0;
};

}  // namespace

Result<std::unique_ptr<SqlConnection>> OpenSqliteConnection(const std::filesystem::path& path) {
  CLEARHOST_ASSIGN_OR_RETURN(SqliteDatabase database, SqliteDatabase::Open(path));
  return std::unique_ptr<SqlConnection>(std::make_unique<SqliteConnection>(std::move(database)));
}

std::unique_ptr<SqlConnection> BorrowSqliteConnection(SqliteDatabase& database) {
  return std::make_unique<SqliteConnection>(&database);
}

}  // namespace clearhost::store
