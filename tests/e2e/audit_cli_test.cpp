// `clearhost audit verify` and `clearhost tokens` on a real store: an intact chain, an edited
// record, and a cut-off end found through --expect-head.
#include <gtest/gtest.h>

#include "store/sqlite_database.h"
#include "support/test_support.h"

namespace clearhost::testing {
namespace {

class AuditCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* principal : {"desk", "hotline-nl", "atkm"}) {
      const CommandResult created = RunClearhost(
          {"tokens", "create", "--db", db_, "--role", "operator", "--principal", principal});
      ASSERT_EQ(created.exit_code, 0) << created.err;
      ASSERT_EQ(created.out.size(), 4u + 64u + 1u) << created.out;  // chk_ + hex + newline
    }
  }

  void Tamper(const std::string& sql) {
    Result<store::SqliteDatabase> database = store::SqliteDatabase::Open(dir_.path() / "s.db");
    ASSERT_TRUE(database.ok());
    ASSERT_TRUE(database->Execute(sql).ok());
  }

  ScratchDir dir_;
  std::string db_ = "sqlite:" + (dir_.path() / "s.db").string();
};

TEST_F(AuditCliTest, AnIntactChainVerifiesAndPrintsItsHead) {
  const CommandResult verified = RunClearhost({"audit", "verify", "--db", db_});
  ASSERT_EQ(verified.exit_code, 0) << verified.err;
  const nlohmann::json result = JsonLines(verified.out).at(0);
  EXPECT_EQ(result["intact"], true);
  EXPECT_EQ(result["records"], 3);
  EXPECT_EQ(result["head_id"], 3);
  const std::string head = "3:" + result["head_hash"].get<std::string>();
  EXPECT_EQ(RunClearhost({"audit", "verify", "--db", db_, "--expect-head", head}).exit_code, 0);
}

TEST_F(AuditCliTest, AnEditedRecordFailsWithItsId) {
  Tamper("UPDATE audit_log SET actor = 'someone else' WHERE id = 2");
  const CommandResult verified = RunClearhost({"audit", "verify", "--db", db_});
  EXPECT_EQ(verified.exit_code, 1);
  EXPECT_EQ(JsonLines(verified.out).at(0)["broken_at"], 2);
  EXPECT_NE(verified.err.find("broken at record 2"), std::string::npos) << verified.err;
}

TEST_F(AuditCliTest, ACutOffEndIsFoundThroughTheNotedHead) {
  const nlohmann::json before = JsonLines(RunClearhost({"audit", "verify", "--db", db_}).out).at(0);
  const std::string head = "3:" + before["head_hash"].get<std::string>();
  Tamper("DELETE FROM audit_log WHERE id = 3");
  const CommandResult plain = RunClearhost({"audit", "verify", "--db", db_});
  EXPECT_EQ(plain.exit_code, 0);  // what is left is a valid, shorter chain
  const CommandResult anchored =
      RunClearhost({"audit", "verify", "--db", db_, "--expect-head", head});
  EXPECT_EQ(anchored.exit_code, 1);
  EXPECT_EQ(JsonLines(anchored.out).at(0)["expected_head_present"], false);
  EXPECT_EQ(RunClearhost({"audit", "verify", "--db", db_, "--expect-head", "x"}).exit_code, 2);
}

TEST_F(AuditCliTest, TokensAreListedWithoutTheirSecretsAndRevokedById) {
  const CommandResult listed = RunClearhost({"tokens", "ls", "--db", db_});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_EQ(listed.out.find("chk_"), std::string::npos);
  EXPECT_EQ(JsonLines(listed.out).size(), 3u);
  EXPECT_EQ(RunClearhost({"tokens", "revoke", "--db", db_, "2"}).exit_code, 0);
  EXPECT_FALSE(
      JsonLines(RunClearhost({"tokens", "ls", "--db", db_}).out)[1]["revoked_at"].is_null());
  EXPECT_EQ(RunClearhost({"tokens", "revoke", "--db", db_, "99"}).exit_code, 1);
  const CommandResult bad_role =
      RunClearhost({"tokens", "create", "--db", db_, "--role", "root", "--principal", "x"});
  EXPECT_EQ(bad_role.exit_code, 2);
  EXPECT_NE(bad_role.err.find("unknown role 'root'"), std::string::npos);
}

}  // namespace
}  // namespace clearhost::testing
