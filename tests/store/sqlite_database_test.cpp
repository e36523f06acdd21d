#include "store/sqlite_database.h"

#include <gtest/gtest.h>

#include <string>

#include "support/test_support.h"

namespace clearhost::store {
namespace {

using clearhost::testing::ScratchDir;

Result<int64_t> CountRows(SqliteDatabase& database) {
  CLEARHOST_ASSIGN_OR_RETURN(SqliteStatement count, database.Prepare("SELECT COUNT(*) FROM t"));
  CLEARHOST_ASSIGN_OR_RETURN(const bool row, count.Step());
  if (!row) return absl::InternalError("no row");
  return count.ColumnInt64(0);
}

TEST(SqliteDatabaseTest, OpensInWalModeWithForeignKeys) {
  ScratchDir dir;
  Result<SqliteDatabase> database = SqliteDatabase::Open(dir.path() / "a.db");
  ASSERT_TRUE(database.ok()) << database.status();
  Result<SqliteStatement> mode = database->Prepare("PRAGMA journal_mode");
  ASSERT_TRUE(mode.ok()) << mode.status();
  ASSERT_TRUE(*mode->Step());
  EXPECT_EQ(mode->ColumnText(0), "wal");
  Result<SqliteStatement> keys = database->Prepare("PRAGMA foreign_keys");
  ASSERT_TRUE(keys.ok());
  ASSERT_TRUE(*keys->Step());
  EXPECT_EQ(keys->ColumnInt64(0), 1);
}

TEST(SqliteDatabaseTest, BindsAndReadsTypedValues) {
  ScratchDir dir;
  Result<SqliteDatabase> database = SqliteDatabase::Open(dir.path() / "a.db");
  ASSERT_TRUE(database.ok());
  ASSERT_TRUE(database->Execute("CREATE TABLE t (i BIGINT, s TEXT, n TEXT)").ok());
  Result<SqliteStatement> insert = database->Prepare("INSERT INTO t VALUES (?, ?, ?)");
  ASSERT_TRUE(insert.ok());
  ASSERT_TRUE(insert->BindInt64(1, int64_t{1} << 62).ok());
  std::string text = "hello";
  ASSERT_TRUE(insert->BindText(2, text).ok());
  text = "changed after binding";  // the bind copied its value
  ASSERT_TRUE(insert->BindOptionalText(3, std::nullopt).ok());
  ASSERT_TRUE(insert->Run().ok());
  EXPECT_EQ(database->Changes(), 1);
  EXPECT_EQ(database->LastInsertRowId(), 1);

  Result<SqliteStatement> select = database->Prepare("SELECT i, s, n FROM t");
  ASSERT_TRUE(select.ok());
  ASSERT_TRUE(*select->Step());
  EXPECT_EQ(select->ColumnInt64(0), int64_t{1} << 62);
  EXPECT_EQ(select->ColumnText(1), "hello");
  EXPECT_TRUE(select->ColumnIsNull(2));
  EXPECT_EQ(select->ColumnOptionalText(2), std::nullopt);
  EXPECT_EQ(select->ColumnOptionalText(1), "hello");
  EXPECT_FALSE(*select->Step());
}

TEST(SqliteDatabaseTest, TransactionRollsBackUnlessCommitted) {
  ScratchDir dir;
  Result<SqliteDatabase> database = SqliteDatabase::Open(dir.path() / "a.db");
  ASSERT_TRUE(database.ok());
  ASSERT_TRUE(database->Execute("CREATE TABLE t (i INTEGER)").ok());
  {
    Result<SqliteTransaction> transaction = database->BeginTransaction();
    ASSERT_TRUE(transaction.ok()) << transaction.status();
    ASSERT_TRUE(database->Execute("INSERT INTO t VALUES (1)").ok());
  }
  EXPECT_EQ(*CountRows(*database), 0);
  {
    Result<SqliteTransaction> transaction = database->BeginTransaction();
    ASSERT_TRUE(transaction.ok());
    ASSERT_TRUE(database->Execute("INSERT INTO t VALUES (1)").ok());
    ASSERT_TRUE(transaction->Commit().ok());
  }
  EXPECT_EQ(*CountRows(*database), 1);
}

TEST(SqliteDatabaseTest, ErrorsNameTheFileAndSqlitesMessage) {
  ScratchDir dir;
  const std::filesystem::path path = dir.path() / "a.db";
  Result<SqliteDatabase> database = SqliteDatabase::Open(path);
  ASSERT_TRUE(database.ok());
  ASSERT_TRUE(database->Execute("CREATE TABLE t (i INTEGER UNIQUE)").ok());
  ASSERT_TRUE(database->Execute("INSERT INTO t VALUES (1)").ok());

  const Status duplicate = database->Execute("INSERT INTO t VALUES (1)");
  EXPECT_EQ(duplicate.code(), absl::StatusCode::kAlreadyExists) << duplicate;
  EXPECT_NE(duplicate.message().find(path.string()), absl::string_view::npos) << duplicate;
  EXPECT_NE(duplicate.message().find("UNIQUE constraint failed"), absl::string_view::npos)
      << duplicate;

  const Result<SqliteStatement> bad = database->Prepare("SELEKT 1");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInternal);
  EXPECT_NE(bad.status().message().find("syntax error"), absl::string_view::npos) << bad.status();
}

TEST(SqliteDatabaseTest, RefusesAFileThatIsNotADatabase) {
  ScratchDir dir;
  const std::filesystem::path path = dir.path() / "not.db";
  clearhost::testing::WriteFile(path, std::vector<uint8_t>(4096, 'x'));
  const Result<SqliteDatabase> database = SqliteDatabase::Open(path);
  ASSERT_FALSE(database.ok());
  EXPECT_EQ(database.status().code(), absl::StatusCode::kDataLoss) << database.status();
  EXPECT_NE(database.status().message().find("not.db"), absl::string_view::npos);
}

TEST(SqliteDatabaseTest, MissingDirectoryIsNotFound) {
  ScratchDir dir;
  const Result<SqliteDatabase> database = SqliteDatabase::Open(dir.path() / "no" / "a.db");
  ASSERT_FALSE(database.ok());
  EXPECT_EQ(database.status().code(), absl::StatusCode::kNotFound) << database.status();
  EXPECT_NE(database.status().message().find("a.db"), absl::string_view::npos);
}

TEST(SqliteDatabaseTest, SecondWriterWaitsThenFailsUnavailable) {
  ScratchDir dir;
  Result<SqliteDatabase> first = SqliteDatabase::Open(dir.path() / "a.db");
  Result<SqliteDatabase> second =
      SqliteDatabase::Open(dir.path() / "a.db", SqliteOptions{.busy_timeout_ms = 50});
  ASSERT_TRUE(first.ok() && second.ok());
  Result<SqliteTransaction> holding = first->BeginTransaction();
  ASSERT_TRUE(holding.ok());
  const Result<SqliteTransaction> waiting = second->BeginTransaction();
  ASSERT_FALSE(waiting.ok());
  EXPECT_EQ(waiting.status().code(), absl::StatusCode::kUnavailable) << waiting.status();
}

}  // namespace
}  // namespace clearhost::store
