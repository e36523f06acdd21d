#include "store/audit_chain.h"

#include <gtest/gtest.h>

#include "store/migrations.h"
#include "store/sqlite_connection.h"
#include "store_fixture.h"

namespace clearhost::store {
namespace {

using testing::kNow;
using testing::StoreFixture;

class AuditChainTest : public StoreFixture {
 protected:
  std::unique_ptr<SqlConnection> Connect() {
    Result<std::unique_ptr<SqlConnection>> connection = OpenSqliteConnection(path_);
    EXPECT_TRUE(connection.ok()) << connection.status();
    return connection.ok() ? std::move(*connection) : nullptr;
  }

  // Bank changes and case-like entries, all chained.
  void WriteSomeHistory() {
    MustCreate("hotline");
    MustImport("hotline", testing::RandomPdqSignals(20, 1));
    MustImport("hotline", testing::RandomPdqSignals(5, 2));
    std::unique_ptr<SqlConnection> connection = Connect();
    Result<SqlTransaction> transaction = SqlTransaction::Begin(*connection);
    ASSERT_TRUE(transaction.ok());
    const Result<int64_t> id = AppendAudit(
        *connection,
        {.at = kNow, .actor = "analyst", .action = "case_open", .case_id = 7, .detail = "{}"});
    ASSERT_TRUE(id.ok()) << id.status();
    ASSERT_TRUE(transaction->Commit().ok());
  }

  AuditVerification Verify() {
    Result<AuditVerification> verification = VerifyAuditChain(*Connect());
    EXPECT_TRUE(verification.ok()) << verification.status();
    return verification.ok() ? *verification : AuditVerification{};
  }

  void Execute(const std::string& sql) {
    const Status status = Connect()->ExecuteScript(sql);
    ASSERT_TRUE(status.ok()) << status;
  }
};

TEST_F(AuditChainTest, BankAndCaseChangesFormOneUnbrokenChain) {
  WriteSomeHistory();
  const AuditVerification verification = Verify();
  EXPECT_FALSE(verification.broken_at) << verification.problem;
  EXPECT_EQ(verification.records, 4);
  EXPECT_EQ(verification.unchained, 0);
  EXPECT_EQ(verification.head_id, 4);
  EXPECT_EQ(verification.head_hash.size(), 64u);
  EXPECT_NE(verification.head_hash, kAuditChainStart);
}

TEST_F(AuditChainTest, AnImportsSummaryIsPartOfItsSealedRecord) {
  WriteSomeHistory();
  const Result<SqlRows> rows =
      Connect()->Query("SELECT detail FROM audit_log WHERE action = 'import' ORDER BY id");
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_NE((*rows)[0].Text(0).find("added=20"), std::string::npos) << (*rows)[0].Text(0);
  EXPECT_FALSE(Verify().broken_at);
}

TEST_F(AuditChainTest, AnEditedDetailBreaksTheChainAtThatRecord) {
  WriteSomeHistory();
  Execute("UPDATE audit_log SET detail = 'mode=merge added=0' WHERE id = 2");
  const AuditVerification verification = Verify();
  ASSERT_TRUE(verification.broken_at);
  EXPECT_EQ(*verification.broken_at, 2);
  EXPECT_NE(verification.problem.find("edited"), std::string::npos);
}

TEST_F(AuditChainTest, AnEditedActorOrTimeBreaksTheChain) {
  WriteSomeHistory();
  Execute("UPDATE audit_log SET at = at + 1 WHERE id = 3");
  EXPECT_EQ(Verify().broken_at, 3);
}

TEST_F(AuditChainTest, ADeletedRecordBreaksTheChainAtTheNextOne) {
  WriteSomeHistory();
  Execute("DELETE FROM audit_log WHERE id = 2");
  const AuditVerification verification = Verify();
  ASSERT_TRUE(verification.broken_at);
  EXPECT_EQ(*verification.broken_at, 3);
  EXPECT_NE(verification.problem.find("deleted"), std::string::npos);
}

TEST_F(AuditChainTest, ARehashedForgeryStillBreaksAtTheNextLink) {
  WriteSomeHistory();
  // An attacker edits record 2 and recomputes its own hash; record 3 still points at the old one.
  std::unique_ptr<SqlConnection> connection = Connect();
  const Result<SqlRows> rows =
      connection->Query("SELECT at, actor, action, bank, prev_hash FROM audit_log WHERE id = 2");
  ASSERT_TRUE(rows.ok() && rows->size() == 1);
  const SqlRow& row = (*rows)[0];
  const AuditEntry forged{.at = row.Int(0),
                          .actor = row.Text(1),
                          .action = row.Text(2),
                          .bank = row.Text(3),
                          .detail = "forged"};
  const SqlValue values[] = {std::string("forged"), AuditRecordHash(2, forged, row.Text(4))};
  ASSERT_TRUE(
      connection->Query("UPDATE audit_log SET detail = ?, record_hash = ? WHERE id = 2", values)
          .ok());
  EXPECT_EQ(Verify().broken_at, 3);
}

TEST_F(AuditChainTest, StrippedHashesAreNotTakenForPreChainRecords) {
  WriteSomeHistory();
  Execute("UPDATE audit_log SET prev_hash = NULL, record_hash = NULL");
  const AuditVerification verification = Verify();
  ASSERT_TRUE(verification.broken_at);
  EXPECT_EQ(*verification.broken_at, 1);
}

TEST_F(AuditChainTest, OnlyTheLatestRecordsDetailCanBeRewritten) {
  WriteSomeHistory();
  std::unique_ptr<SqlConnection> connection = Connect();
  const Status status = RewriteLatestAuditDetail(*connection, 2, "x");
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(RewriteLatestAuditDetail(*connection, 4, "{\"rewritten\":true}").ok());
  EXPECT_FALSE(Verify().broken_at);
}

TEST_F(AuditChainTest, AnEmptyLogVerifies) {
  const AuditVerification verification = Verify();
  EXPECT_FALSE(verification.broken_at);
  EXPECT_EQ(verification.records, 0);
  EXPECT_EQ(verification.head_hash, kAuditChainStart);
}

TEST(AuditRecordHashTest, EveryFieldCounts) {
  const AuditEntry base{.at = 1, .actor = "a", .action = "b", .bank = "c", .detail = "d"};
  const std::string hash = AuditRecordHash(1, base, kAuditChainStart);
  EXPECT_NE(AuditRecordHash(2, base, kAuditChainStart), hash);
  AuditEntry changed = base;
  changed.bank.reset();
  EXPECT_NE(AuditRecordHash(1, changed, kAuditChainStart), hash);
  changed = base;
  changed.case_id = 1;
  EXPECT_NE(AuditRecordHash(1, changed, kAuditChainStart), hash);
  // Moving text between fields changes the hash (fields are length-prefixed).
  changed = base;
  changed.actor = "ab";
  changed.action = "";
  EXPECT_NE(AuditRecordHash(1, changed, kAuditChainStart), hash);
  EXPECT_NE(AuditRecordHash(1, base, std::string(64, '1')), hash);
}

}  // namespace
}  // namespace clearhost::store

namespace clearhost::store {
namespace {

TEST(AuditChainUpgradeTest, RecordsFromBeforeTheChainAreCountedNotBroken) {
  clearhost::testing::ScratchDir dir;
  Result<std::unique_ptr<SqlConnection>> connection = OpenSqliteConnection(dir.path() / "old.db");
  ASSERT_TRUE(connection.ok());
  SqlConnection& database = **connection;
  // A version-1 database with two audit rows, as an older clearhost left it.
  ASSERT_TRUE(SchemaVersion(database).ok());
  ASSERT_TRUE(database.ExecuteScript(MigrationSql(Migrations()[0], SqlDialect::kSqlite)).ok());
  ASSERT_TRUE(database
                  .ExecuteScript("INSERT INTO schema_version VALUES (1, 0, 'v1');"
                                 "INSERT INTO audit_log (at, actor, action, bank, detail) VALUES "
                                 "(1, 'a', 'create_bank', 'b', ''), (2, 'a', 'import', 'b', '')")
                  .ok());
  ASSERT_TRUE(MigrateToLatest(database).ok());
  Result<SqlTransaction> transaction = SqlTransaction::Begin(database);
  ASSERT_TRUE(transaction.ok());
  ASSERT_TRUE(AppendAudit(database, {.at = 3, .actor = "a", .action = "x"}).ok());
  ASSERT_TRUE(transaction->Commit().ok());
  Result<AuditVerification> verification = VerifyAuditChain(database);
  ASSERT_TRUE(verification.ok());
  EXPECT_FALSE(verification->broken_at) << verification->problem;
  EXPECT_EQ(verification->records, 3);
  EXPECT_EQ(verification->unchained, 2);
  EXPECT_EQ(verification->head_id, 3);
}

}  // namespace
}  // namespace clearhost::store
