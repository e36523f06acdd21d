#include "cases/case_store.h"

#include <gtest/gtest.h>

#include <memory>
#include <thread>

#include "store/audit_chain.h"
#include "store/migrations.h"
#include "support/sql_backends.h"
#include "support/test_support.h"

namespace clearhost::cases {
namespace {

constexpr int64_t kNow = 1'750'000'000'000'000;  // 2025-06-15
constexpr int64_t kHour = kMicrosPerHour;

Notice HotlineNotice(std::string reference = "HL-1") {
  return Notice{.source_type = SourceType::kHotline,
                .sender = "hotline-nl",
                .reference = std::move(reference),
                .urls = {"https://files.example.net/a/1.jpg", "http://cdn.example.net/b"},
                .ip = "192.0.2.10",
                .hashes = {{"pdq", std::string(64, 'A')}, {"md5", std::string(32, '0')}},
                .reason = "Known material (hotline assessment)",
                .legal_basis = "NL Sr art. 252",
                .received_at = kNow - kHour};
}

class CaseStoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    CLEARHOST_REQUIRE_SQL_BACKEND(GetParam());
    Result<std::string> url = clearhost::testing::FreshDatabaseUrl(GetParam(), dir_.path());
    ASSERT_TRUE(url.ok()) << url.status();
    url_ = *url;
    database_ = Connect();
    ASSERT_NE(database_, nullptr);
    store_.emplace(*database_, DeadlinePolicy{}, [this] { return now_; });
  }

  std::unique_ptr<store::SqlConnection> Connect() {
    Result<std::unique_ptr<store::SqlConnection>> database = store::OpenSqlConnection(url_);
    EXPECT_TRUE(database.ok()) << database.status();
    if (!database.ok()) return nullptr;
    const Status migrated = store::MigrateToLatest(**database);
    EXPECT_TRUE(migrated.ok()) << migrated;
    return std::move(*database);
  }

  Case MustIntake(Notice notice) {
    Result<IntakeResult> result = store_->Intake(std::move(notice), "intake");
    EXPECT_TRUE(result.ok()) << result.status();
    EXPECT_TRUE(result.ok() && result->created);
    return result.ok() ? result->opened : Case{};
  }

  Result<Case> Move(int64_t id, CaseState to, std::optional<ActionKind> action = std::nullopt) {
    return store_->Transition(
        id, {.to_state = to, .actor = "operator", .note = "checked", .action = action});
  }

  clearhost::testing::ScratchDir dir_;
  std::string url_;
  std::unique_ptr<store::SqlConnection> database_;
  std::optional<CaseStore> store_;
  int64_t now_ = kNow;
};

TEST_P(CaseStoreTest, IntakeOpensACaseThatReadsBackWhole) {
  const Case opened = MustIntake(HotlineNotice());
  EXPECT_GT(opened.id, 0);
  EXPECT_EQ(opened.state, CaseState::kReceived);
  EXPECT_EQ(opened.deadline, kNow - kHour + 24 * kHour);
  EXPECT_EQ(opened.notice.hashes[0].value, std::string(64, 'a'));  // lowercased
  const Result<Case> read = store_->Get(opened.id);
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(*read, opened);
}

TEST_P(CaseStoreTest, TheSameNoticeTwiceOpensOneCase) {
  const Case first = MustIntake(HotlineNotice("HL-7"));
  Result<IntakeResult> again = store_->Intake(HotlineNotice("HL-7"), "intake");
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_FALSE(again->created);
  EXPECT_EQ(again->opened.id, first.id);
  // Without a reference, the content decides.
  Notice unreferenced = HotlineNotice("");
  const Case second = MustIntake(unreferenced);
  Result<IntakeResult> repeat = store_->Intake(unreferenced, "intake");
  ASSERT_TRUE(repeat.ok());
  EXPECT_FALSE(repeat->created);
  EXPECT_EQ(repeat->opened.id, second.id);
  Result<std::vector<Case>> all = store_->List({});
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), 2u);
}

TEST_P(CaseStoreTest, DeadlinesFollowTheSourceTypeAndTheOrder) {
  Notice order = HotlineNotice("ATKM-1");
  order.source_type = SourceType::kRemovalOrder;
  order.received_at = kNow;
  EXPECT_EQ(MustIntake(order).deadline, kNow + 12 * kHour);
  order.reference = "ATKM-2";
  order.order_deadline = kNow + kHour;
  EXPECT_EQ(MustIntake(order).deadline, kNow + kHour);
  order.reference = "TCO-1";
  order.order_deadline.reset();
  order.legal_basis = "Regulation (EU) 2021/784";
  EXPECT_EQ(MustIntake(order).deadline, kNow + kHour);
  order.reference = "ATKM-3";
  order.order_deadline = kNow - 1;
  const Result<IntakeResult> past = store_->Intake(order, "intake");
  EXPECT_EQ(past.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(past.status().message().find("passed"), std::string::npos);
}

TEST_P(CaseStoreTest, BadNoticesAreRefusedAndNothingIsStored) {
  std::vector<Notice> bad(6, HotlineNotice("X"));
  bad[0].urls = {};
  bad[1].urls = {"ftp://example.net/x"};
  bad[2].ip = "999.1.1.1";
  bad[3].hashes = {{"pdq", "abc"}};
  bad[4].member_state = "nl";
  bad[5].sender = "";
  for (const Notice& notice : bad) {
    const Result<IntakeResult> result = store_->Intake(notice, "intake");
    EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument) << result.status();
  }
  Result<std::vector<Case>> all = store_->List({});
  ASSERT_TRUE(all.ok());
  EXPECT_TRUE(all->empty());
}

TEST_P(CaseStoreTest, SqlMetacharactersAreStoredAsText) {
  Notice notice = HotlineNotice("x'); DROP TABLE cases; --");
  notice.reason = "\"; DELETE FROM audit_log; -- ?";
  const Case opened = MustIntake(notice);
  const Result<Case> read = store_->Get(opened.id);
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read->notice.reference, notice.reference);
  EXPECT_EQ(read->notice.reason, notice.reason);
}

TEST_P(CaseStoreTest, TheLifeOfACaseIsRecordedStepByStep) {
  const Case opened = MustIntake(HotlineNotice());
  now_ += kHour;
  Result<Case> assessing = Move(opened.id, CaseState::kAssessing);
  ASSERT_TRUE(assessing.ok()) << assessing.status();
  EXPECT_EQ(assessing->acknowledged_at, kNow + kHour);
  now_ += kHour;
  Result<Case> actioned = Move(opened.id, CaseState::kActioned, ActionKind::kRemoved);
  ASSERT_TRUE(actioned.ok()) << actioned.status();
  EXPECT_EQ(actioned->actioned_at, kNow + 2 * kHour);
  EXPECT_EQ(actioned->action, ActionKind::kRemoved);
  now_ += kHour;
  Result<Case> gone = Move(opened.id, CaseState::kConfirmedGone);
  ASSERT_TRUE(gone.ok());
  EXPECT_EQ(gone->closed_at, kNow + 3 * kHour);
  EXPECT_EQ(gone->version, 4);
  EXPECT_EQ(*store_->Get(opened.id), *gone);

  const Result<std::vector<CaseEvent>> events = store_->Events(opened.id);
  ASSERT_TRUE(events.ok());
  ASSERT_EQ(events->size(), 4u);
  EXPECT_FALSE((*events)[0].from_state);
  EXPECT_EQ((*events)[3].from_state, CaseState::kActioned);
  EXPECT_EQ((*events)[3].to_state, CaseState::kConfirmedGone);
  EXPECT_EQ((*events)[3].actor, "operator");

  Result<store::AuditVerification> audit = store::VerifyAuditChain(*database_);
  ASSERT_TRUE(audit.ok());
  EXPECT_FALSE(audit->broken_at) << audit->problem;
  EXPECT_EQ(audit->records, 4);
}

TEST_P(CaseStoreTest, ForbiddenTransitionsChangeNothing) {
  const Case opened = MustIntake(HotlineNotice());
  EXPECT_EQ(Move(opened.id, CaseState::kConfirmedGone).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Move(opened.id, CaseState::kActioned).status().code(),
            absl::StatusCode::kInvalidArgument);  // no action
  EXPECT_EQ(Move(opened.id, CaseState::kActioned, ActionKind::kGeoBlocked).status().code(),
            absl::StatusCode::kInvalidArgument);  // no scope
  EXPECT_EQ(Move(opened.id, CaseState::kRejected).status().code(),
            absl::StatusCode::kInvalidArgument);  // no reason
  EXPECT_EQ(Move(424242, CaseState::kAssessing).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(*store_->Get(opened.id), opened);
  EXPECT_EQ(store_->Events(opened.id)->size(), 1u);
}

TEST_P(CaseStoreTest, AStaleVersionIsAConflict) {
  const Case opened = MustIntake(HotlineNotice());
  ASSERT_TRUE(Move(opened.id, CaseState::kAssessing).ok());
  const Result<Case> stale = store_->Transition(opened.id, {.to_state = CaseState::kRejected,
                                                            .actor = "other",
                                                            .reason = "not ours",
                                                            .expected_version = opened.version});
  EXPECT_EQ(stale.status().code(), absl::StatusCode::kAborted);
}

TEST_P(CaseStoreTest, ReopeningCountsTheRecurrenceAndRestartsTheDeadline) {
  const Case opened = MustIntake(HotlineNotice());
  ASSERT_TRUE(Move(opened.id, CaseState::kActioned, ActionKind::kDisabled).ok());
  ASSERT_TRUE(Move(opened.id, CaseState::kConfirmedGone).ok());
  now_ += 100 * kHour;
  const Result<Case> reopened = Move(opened.id, CaseState::kReceived);
  ASSERT_TRUE(reopened.ok()) << reopened.status();
  EXPECT_EQ(reopened->reopen_count, 1);
  EXPECT_FALSE(reopened->closed_at);
  EXPECT_EQ(reopened->deadline, now_ + 24 * kHour);
}

TEST_P(CaseStoreTest, OverdueAndDueSoonQueries) {
  Notice urgent = HotlineNotice("A");
  urgent.source_type = SourceType::kRemovalOrder;
  urgent.received_at = kNow;
  urgent.order_deadline = kNow + kHour;
  const Case due_in_an_hour = MustIntake(urgent);
  const Case due_in_a_day = MustIntake(HotlineNotice("B"));  // received an hour ago: 23 h left
  Notice done = HotlineNotice("C");
  const Case actioned = MustIntake(done);
  ASSERT_TRUE(Move(actioned.id, CaseState::kActioned, ActionKind::kRemoved).ok());

  CaseFilter due_soon{.deadline_before = kNow + 2 * kHour};
  Result<std::vector<Case>> soon = store_->List(due_soon);
  ASSERT_TRUE(soon.ok());
  ASSERT_EQ(soon->size(), 1u);
  EXPECT_EQ((*soon)[0].id, due_in_an_hour.id);
  now_ = kNow + 30 * kHour;
  Result<std::vector<Case>> overdue = store_->List({.deadline_before = now_});
  ASSERT_TRUE(overdue.ok());
  EXPECT_EQ(overdue->size(), 2u);  // not the actioned one
  (void)due_in_a_day;
}

TEST_P(CaseStoreTest, ListFiltersBySenderUrlAndPages) {
  for (int i = 0; i < 5; ++i) MustIntake(HotlineNotice("H" + std::to_string(i)));
  Notice other = HotlineNotice("T1");
  other.sender = "trusted-flagger-x";
  other.urls = {"https://elsewhere.example.org/x"};
  const Case theirs = MustIntake(other);
  Result<std::vector<Case>> mine = store_->List({.sender = std::string("trusted-flagger-x")});
  ASSERT_TRUE(mine.ok());
  ASSERT_EQ(mine->size(), 1u);
  EXPECT_EQ((*mine)[0].id, theirs.id);
  Result<std::vector<Case>> by_url =
      store_->List({.url = std::string("https://elsewhere.example.org/x")});
  ASSERT_TRUE(by_url.ok());
  EXPECT_EQ(by_url->size(), 1u);
  Result<std::vector<Case>> page1 = store_->List({.limit = 4});
  ASSERT_TRUE(page1.ok());
  ASSERT_EQ(page1->size(), 4u);
  Result<std::vector<Case>> page2 = store_->List({.before_id = page1->back().id, .limit = 4});
  ASSERT_TRUE(page2.ok());
  EXPECT_EQ(page2->size(), 2u);
  EXPECT_EQ(store_->List({.limit = 0}).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_P(CaseStoreTest, AnAlertIsClaimedOnceAndCanBeGivenBack) {
  const Case opened = MustIntake(HotlineNotice());
  Result<std::vector<Case>> none = store_->ClaimDueAlerts(kHour, 10);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());  // 23 h left
  now_ = opened.deadline - kHour / 2;
  Result<std::vector<Case>> first = store_->ClaimDueAlerts(kHour, 10);
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(first->size(), 1u);
  EXPECT_TRUE(store_->ClaimDueAlerts(kHour, 10)->empty());
  ASSERT_TRUE(store_->ReleaseAlert(opened.id).ok());
  EXPECT_EQ(store_->ClaimDueAlerts(kHour, 10)->size(), 1u);
}

TEST_P(CaseStoreTest, TwoWritersOnOneCaseApplyOneChange) {
  const Case opened = MustIntake(HotlineNotice());
  // A second connection, as a second server would have.
  std::unique_ptr<store::SqlConnection> second_connection = Connect();
  ASSERT_NE(second_connection, nullptr);
  CaseStore second(*second_connection, DeadlinePolicy{}, [this] { return now_; });
  std::vector<Result<Case>> results(2, absl::UnknownError("not run"));
  std::thread other([&] {
    results[1] = second.Transition(opened.id, {.to_state = CaseState::kActioned,
                                               .actor = "server-b",
                                               .action = ActionKind::kRemoved,
                                               .expected_version = opened.version});
  });
  results[0] = store_->Transition(opened.id, {.to_state = CaseState::kActioned,
                                              .actor = "server-a",
                                              .action = ActionKind::kRemoved,
                                              .expected_version = opened.version});
  other.join();
  const int succeeded = int(results[0].ok()) + int(results[1].ok());
  EXPECT_EQ(succeeded, 1) << results[0].status() << " / " << results[1].status();
  EXPECT_EQ(store_->Events(opened.id)->size(), 2u);
  EXPECT_EQ(store_->Get(opened.id)->version, 2);
}

INSTANTIATE_TEST_SUITE_P(Backends, CaseStoreTest,
                         ::testing::ValuesIn(clearhost::testing::SqlBackends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace clearhost::cases
