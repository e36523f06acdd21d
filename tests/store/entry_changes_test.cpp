// The change feed: an index built at one change catches up with EntryChanges and ends up
// serving exactly what a fresh build would.
#include <gtest/gtest.h>

#include "store_fixture.h"

namespace clearhost::store {
namespace {

using testing::RandomPdqSignals;

class EntryChangesTest : public testing::StoreFixture {
 protected:
  // A model of an index: id -> hex, caught up from `since`; returns the new change number.
  StoreVersion CatchUp(std::map<int64_t, std::string>& index, StoreVersion since,
                       size_t* reported) {
    Result<EntryChangesResult> result = store_->EntryChanges(since, [&](const EntryChange& change) {
      ++*reported;
      if (change.live) {
        index[change.id] = change.signal.ToHex();
      } else {
        index.erase(change.id);
      }
      return Status();
    });
    EXPECT_TRUE(result.ok()) << result.status();
    EXPECT_FALSE(result->rebuild);
    return result->latest;
  }
};

TEST_F(EntryChangesTest, CatchingUpGivesWhatAFreshBuildServes) {
  MustCreate("a");
  MustCreate("b");
  const std::vector<lists::Signal> signals = RandomPdqSignals(40, 31);
  MustImport("a", {signals.begin(), signals.begin() + 20});
  MustImport("b", {signals.begin() + 20, signals.begin() + 30});

  std::map<int64_t, std::string> index;
  Result<StoreVersion> built = store_->LiveEntries(std::nullopt, [&](const LiveEntry& entry) {
    index[entry.id] = entry.signal.ToHex();
    return Status();
  });
  ASSERT_TRUE(built.ok());
  EXPECT_EQ(*built, *store_->LatestVersion());

  // Nothing changed: nothing to report.
  size_t reported = 0;
  EXPECT_EQ(CatchUp(index, *built, &reported), *built);
  EXPECT_EQ(reported, 0u);

  // Adds, a replace that removes, a dispute, a confirm, a disabled bank.
  MustImport("a", {signals.begin() + 10, signals.begin() + 35}, ImportMode::kReplace);
  ASSERT_TRUE(store_->SetEntryStatus("a", signals[12], EntryStatus::kDisputed, "no", "ann").ok());
  ASSERT_TRUE(store_->SetEntryStatus("a", signals[13], EntryStatus::kConfirmed, "", "ann").ok());
  ASSERT_TRUE(store_->SetEnabled("b", false, "ann").ok());
  reported = 0;
  const StoreVersion caught_up = CatchUp(index, *built, &reported);
  EXPECT_EQ(index, Served());
  EXPECT_EQ(index.size(), 25u - 1u);  // a's 25 less the disputed one; b is off
  EXPECT_GT(reported, 0u);

  // Re-enabling b and confirming the disputed one bring them back.
  ASSERT_TRUE(store_->SetEnabled("b", true, "ann").ok());
  ASSERT_TRUE(store_->SetEntryStatus("a", signals[12], EntryStatus::kConfirmed, "ok", "ann").ok());
  CatchUp(index, caught_up, &reported);
  EXPECT_EQ(index, Served());
  EXPECT_EQ(index.size(), 35u);
}

TEST_F(EntryChangesTest, EntryIdsAreNeverReused) {
  MustCreate("a");
  const std::vector<lists::Signal> signals = RandomPdqSignals(3, 33);
  MustImport("a", {signals[0], signals[1]});
  const int64_t largest = store_->LatestVersion()->entry;
  MustImport("a", {signals[0]}, ImportMode::kReplace);  // removes the entry with the largest id
  EXPECT_EQ(store_->LatestVersion()->entry, largest);
  MustImport("a", {signals[2]});
  Result<std::vector<EntryRecord>> added = store_->FindEntries("a", signals[2]);
  ASSERT_TRUE(added.ok() && added->size() == 1u);
  EXPECT_GT((*added)[0].id, largest);
}

TEST_F(EntryChangesTest, ARemovedBankAsksForARebuild) {
  MustCreate("a");
  MustCreate("b");
  MustImport("b", RandomPdqSignals(5, 32));
  const StoreVersion since = *store_->LatestVersion();
  ASSERT_TRUE(store_->RemoveBank("b", "ann").ok());
  size_t reported = 0;
  Result<EntryChangesResult> result = store_->EntryChanges(since, [&](const EntryChange&) {
    ++reported;
    return Status();
  });
  ASSERT_TRUE(result.ok());
  EXPECT_TRUE(result->rebuild);
  EXPECT_EQ(reported, 0u);
  EXPECT_EQ(result->latest, *store_->LatestVersion());
}

}  // namespace
}  // namespace clearhost::store
