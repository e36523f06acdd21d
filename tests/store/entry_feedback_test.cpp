// Feedback on entries (dispute, confirm), entry lookups, the audit log, and the flood guard's
// record of hits.
#include <gtest/gtest.h>

#include "store_fixture.h"

namespace clearhost::store {
namespace {

using testing::kNow;
using testing::LiveHexSet;
using testing::RandomPdqSignals;

class EntryFeedbackTest : public testing::StoreFixture {};

TEST_F(EntryFeedbackTest, DisputedEntriesStopMatchingUntilConfirmed) {
  MustCreate("b");
  const std::vector<lists::Signal> signals = RandomPdqSignals(3, 21);
  MustImport("b", signals);
  ASSERT_TRUE(
      store_->SetEntryStatus("b", signals[1], EntryStatus::kDisputed, "stock photo", "ann").ok());
  EXPECT_EQ(Served().size(), 2u);
  EXPECT_EQ(LiveHexSet(*store_, "b"), (std::set{signals[0].ToHex(), signals[2].ToHex()}));
  Result<Bank> bank = store_->GetBank("b");
  EXPECT_EQ(bank->disputed_entries, 1);
  EXPECT_EQ(bank->current_entries, 3);  // still in the bank

  Result<std::vector<EntryRecord>> found = store_->FindEntries("b", signals[1]);
  ASSERT_TRUE(found.ok() && found->size() == 1u);
  const EntryRecord disputed = (*found)[0];
  EXPECT_EQ(disputed.status, EntryStatus::kDisputed);
  EXPECT_EQ(disputed.status_reason, "stock photo");

  now_ += 7;
  ASSERT_TRUE(
      store_->SetEntryStatusById(disputed.id, EntryStatus::kConfirmed, "reviewed", "bob").ok());
  EXPECT_EQ(Served().size(), 3u);
  Result<std::optional<EntryRecord>> confirmed = store_->GetEntry(disputed.id);
  ASSERT_TRUE(confirmed.ok() && confirmed->has_value());
  EXPECT_EQ((*confirmed)->status, EntryStatus::kConfirmed);
  EXPECT_EQ(store_->GetBank("b")->confirmed_entries, 1);

  // Both are in the audit log, newest first, with who, when and why.
  Result<std::vector<AuditRecord>> audit = store_->AuditLog("b", 2);
  ASSERT_TRUE(audit.ok() && audit->size() == 2u);
  EXPECT_EQ((*audit)[0].action, "confirm_entry");
  EXPECT_EQ((*audit)[0].actor, "bob");
  EXPECT_EQ((*audit)[0].at, kNow + 7);
  EXPECT_NE((*audit)[0].detail.find("reason=reviewed"), std::string::npos);
  EXPECT_NE((*audit)[0].detail.find(signals[1].ToHex()), std::string::npos);
  EXPECT_EQ((*audit)[1].action, "dispute_entry");
  EXPECT_EQ((*audit)[1].actor, "ann");
}

TEST_F(EntryFeedbackTest, FeedbackOnAnUnknownEntryIsNotFound) {
  MustCreate("b");
  const std::vector<lists::Signal> signals = RandomPdqSignals(2, 22);
  MustImport("b", {signals[0]});
  EXPECT_EQ(store_->SetEntryStatus("b", signals[1], EntryStatus::kDisputed, "", "x").code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(store_->SetEntryStatus("nope", signals[0], EntryStatus::kDisputed, "", "x").code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(store_->SetEntryStatusById(999, EntryStatus::kConfirmed, "", "x").code(),
            absl::StatusCode::kNotFound);
  // A removed entry takes no feedback either.
  MustImport("b", {signals[1]}, ImportMode::kReplace);
  Result<std::vector<EntryRecord>> removed = store_->FindEntries("b", signals[0]);
  ASSERT_TRUE(removed.ok() && removed->size() == 1u);
  EXPECT_EQ(store_->SetEntryStatusById((*removed)[0].id, EntryStatus::kDisputed, "", "x").code(),
            absl::StatusCode::kNotFound);
  Result<std::optional<EntryRecord>> none = store_->GetEntry(12345);
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
}

TEST_F(EntryFeedbackTest, FloodGuardCountsDistinctFilesWithinTheWindow) {
  constexpr int64_t kHour = 3'600'000'000;
  const auto hit = [&](int64_t entry, std::string_view file, int64_t at) {
    Result<int64_t> files = store_->RecordEntryHit(entry, file, at, kHour);
    EXPECT_TRUE(files.ok()) << files.status();
    return files.ok() ? *files : -1;
  };
  EXPECT_EQ(hit(1, "file-a", kNow), 1);
  EXPECT_EQ(hit(1, "file-a", kNow + 10), 1);  // the same file again
  EXPECT_EQ(hit(1, "file-b", kNow + 20), 2);
  EXPECT_EQ(hit(2, "file-a", kNow + 30), 1);  // another entry counts apart
  // Over an hour after its last hit file-a has left the window; file-b has not yet.
  EXPECT_EQ(hit(1, "file-c", kNow + kHour + 15), 2);  // b, c
  EXPECT_EQ(hit(1, "file-d", kNow + kHour + 25), 2);  // c, d: b left at 20 + kHour
}

}  // namespace
}  // namespace clearhost::store
