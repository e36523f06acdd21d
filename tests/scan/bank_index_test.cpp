// BankIndex against brute force over the store's live entries: after a build, and after Refresh
// follows imports, replacements, disputes, confirmations, disabling, enabling and removing banks.
#include "scan/bank_index.h"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <set>
#include <utility>

#include "store/store_fixture.h"

namespace clearhost::scan {
namespace {

using store::BankKind;
using store::EntryStatus;
using store::ImportMode;
using store::LiveEntry;

// (entry id, distance) pairs, the form both sides are compared in.
using Found = std::set<std::pair<int64_t, int>>;

lists::Signal FlipBits(lists::Signal signal, int flips, std::mt19937_64& rng) {
  std::set<int> bits;
  while (int(bits.size()) < flips) bits.insert(int(rng() % 256));
  for (const int bit : bits) signal.pdq.words()[bit >> 6] ^= uint64_t{1} << (bit & 63);
  return signal;
}

lists::Signal RandomDigest(lists::SignalType type, std::mt19937_64& rng) {
  lists::Signal signal;
  signal.type = type;
  for (size_t k = 0; k < lists::SignalByteLength(type); ++k) signal.digest[k] = uint8_t(rng());
  return signal;
}

// Clustered PDQ signals (near-duplicates within and around distance 31) plus a few digests.
std::vector<lists::Signal> MixedSignals(size_t count, uint64_t seed) {
  std::mt19937_64 rng(seed);
  const std::vector<lists::Signal> centres = store::testing::RandomPdqSignals(8, seed + 1);
  std::vector<lists::Signal> signals;
  for (size_t k = 0; k < count; ++k) {
    if (k % 10 == 9) {
      signals.push_back(
          RandomDigest(k % 20 == 9 ? lists::SignalType::kMd5 : lists::SignalType::kSha256, rng));
    } else {
      // One rng call per statement: argument evaluation order differs between compilers.
      const lists::Signal& centre = centres[rng() % centres.size()];
      const int flips = int(rng() % 50);
      signals.push_back(FlipBits(centre, flips, rng));
    }
  }
  return signals;
}

class BankIndexTest : public store::testing::StoreFixture {
 protected:
  void CreateBank(const std::string& name, BankKind kind = BankKind::kBlock) {
    ASSERT_TRUE(store_->CreateBank({.name = name, .kind = kind}, "tester").ok());
  }

  // Brute force over the store's live entries of enabled banks.
  Found Expected(const lists::Signal& query, int radius) {
    Found found;
    const Status status = store_
                              ->LiveEntries(std::nullopt,
                                            [&](const LiveEntry& entry) {
                                              if (entry.signal.type != query.type) return Status();
                                              if (query.type == lists::SignalType::kPdq) {
                                                const int distance =
                                                    HammingDistance(entry.signal.pdq, query.pdq);
                                                if (distance <= radius)
                                                  found.insert({entry.id, distance});
                                              } else if (entry.signal == query) {
                                                found.insert({entry.id, 0});
                                              }
                                              return Status();
                                            })
                              .status();
    EXPECT_TRUE(status.ok()) << status;
    return found;
  }

  static Found Search(const BankIndex& index, const lists::Signal& query, int radius) {
    std::vector<Candidate> candidates;
    index.Find(query, radius, candidates);
    Found found;
    for (size_t k = 0; k < candidates.size(); ++k) {
      found.insert({candidates[k].entry_id, candidates[k].distance});
      if (k > 0) {
        EXPECT_LE(candidates[k - 1].distance, candidates[k].distance) << "ordered by distance";
      }
    }
    EXPECT_EQ(found.size(), candidates.size()) << "each entry once";
    return found;
  }

  // Queries near the signals (and some random ones) give what brute force over the store gives.
  void ExpectMatchesStore(const BankIndex& index, const std::vector<lists::Signal>& near,
                          const std::string& when) {
    std::mt19937_64 rng(99);
    const size_t live = Served().size();
    EXPECT_EQ(index.pdq_size() + index.digest_size(), live) << when;
    for (size_t k = 0; k < near.size(); k += 3) {
      const lists::Signal query = near[k].type == lists::SignalType::kPdq
                                      ? FlipBits(near[k], int(rng() % 35), rng)
                                      : near[k];
      for (const int radius : {31, 45}) {
        ASSERT_EQ(Search(index, query, radius), Expected(query, radius))
            << when << " query " << k << " radius " << radius;
      }
    }
    const auto random = store::testing::RandomPdqSignals(5, 7);
    for (const lists::Signal& query : random) {
      ASSERT_EQ(Search(index, query, 31), Expected(query, 31)) << when;
    }
  }

  // A refreshed index answers like one built from scratch now.
  void ExpectRefreshedEqualsFresh(BankIndex& index, const std::vector<lists::Signal>& near,
                                  const std::string& when) {
    const Result<RefreshSummary> refreshed = index.Refresh(*store_);
    ASSERT_TRUE(refreshed.ok()) << when << ": " << refreshed.status();
    Result<BankIndex> fresh = BankIndex::Build(*store_);
    ASSERT_TRUE(fresh.ok()) << fresh.status();
    EXPECT_EQ(index.version(), fresh->version()) << when;
    EXPECT_EQ(index.pdq_size(), fresh->pdq_size()) << when;
    EXPECT_EQ(index.digest_size(), fresh->digest_size()) << when;
    EXPECT_EQ(index.max_match_distance(), fresh->max_match_distance()) << when;
    ExpectMatchesStore(index, near, when);
  }
};

TEST_F(BankIndexTest, BuildEqualsBruteForceOverLiveEntries) {
  CreateBank("hotline");
  CreateBank("stock", BankKind::kAllow);
  MustCreate("off", /*enabled=*/false);
  const auto hotline = MixedSignals(600, 1);
  const auto stock = MixedSignals(200, 2);
  MustImport("hotline", hotline);
  MustImport("stock", stock);
  MustImport("off", MixedSignals(100, 3));
  Result<BankIndex> index = BankIndex::Build(*store_);
  ASSERT_TRUE(index.ok()) << index.status();
  EXPECT_EQ(index->max_match_distance(), 31);
  EXPECT_EQ(index->banks().size(), 3u);
  std::vector<lists::Signal> near = hotline;
  near.insert(near.end(), stock.begin(), stock.end());
  ExpectMatchesStore(*index, near, "built");
}

TEST_F(BankIndexTest, EmptyStoreBuildsAnEmptyIndex) {
  Result<BankIndex> index = BankIndex::Build(*store_);
  ASSERT_TRUE(index.ok()) << index.status();
  EXPECT_EQ(index->pdq_size(), 0u);
  EXPECT_EQ(index->digest_size(), 0u);
  EXPECT_EQ(index->max_match_distance(), 0);
  std::vector<Candidate> candidates;
  index->Find(store::testing::RandomPdqSignals(1, 3)[0], 256, candidates);
  EXPECT_TRUE(candidates.empty());
}

TEST_F(BankIndexTest, RefreshWithoutChangesDoesNothing) {
  CreateBank("hotline");
  MustImport("hotline", MixedSignals(300, 4));
  Result<BankIndex> index = BankIndex::Build(*store_);
  ASSERT_TRUE(index.ok()) << index.status();
  const auto snapshot = index->pdq_snapshot();
  const auto version = index->version();
  for (int k = 0; k < 2; ++k) {
    const Result<RefreshSummary> summary = index->Refresh(*store_);
    ASSERT_TRUE(summary.ok()) << summary.status();
    EXPECT_EQ(*summary, RefreshSummary{});
    EXPECT_EQ(index->pdq_snapshot(), snapshot) << "the PDQ index was not touched";
    EXPECT_EQ(index->version(), version);
  }
  // Re-importing the same entries changes nothing either.
  MustImport("hotline", MixedSignals(300, 4));
  const Result<RefreshSummary> summary = index->Refresh(*store_);
  ASSERT_TRUE(summary.ok()) << summary.status();
  EXPECT_EQ(summary->added + summary->removed, 0);
}

TEST_F(BankIndexTest, RefreshFollowsEveryKindOfChange) {
  CreateBank("hotline");
  CreateBank("stock", BankKind::kAllow);
  const auto first = MixedSignals(400, 5);
  const auto stock = MixedSignals(100, 6);
  MustImport("hotline", first);
  MustImport("stock", stock);
  Result<BankIndex> built = BankIndex::Build(*store_);
  ASSERT_TRUE(built.ok()) << built.status();
  BankIndex& index = *built;
  std::vector<lists::Signal> near = first;
  near.insert(near.end(), stock.begin(), stock.end());

  // Imports into an existing and a new bank, with a wider distance.
  const size_t served_before = Served().size();
  const auto second = MixedSignals(150, 7);
  MustImport("hotline", second);
  ASSERT_TRUE(
      store_->CreateBank({.name = "wide", .kind = BankKind::kBlock, .match_distance = 45}, "tester")
          .ok());
  const auto wide = MixedSignals(80, 8);
  MustImport("wide", wide);
  near.insert(near.end(), second.begin(), second.end());
  near.insert(near.end(), wide.begin(), wide.end());
  const Result<RefreshSummary> imported = index.Refresh(*store_);
  ASSERT_TRUE(imported.ok()) << imported.status();
  EXPECT_EQ(imported->added, int64_t(Served().size() - served_before));
  EXPECT_GT(imported->added, 200);  // a few repeats of the cluster centres aside
  EXPECT_EQ(imported->removed, 0);
  EXPECT_EQ(index.max_match_distance(), 45);
  ExpectMatchesStore(index, near, "imported");

  // Replace drops what the new version lacks.
  std::vector<lists::Signal> replaced(first.begin(), first.begin() + 250);
  MustImport("hotline", replaced, ImportMode::kReplace);
  ExpectRefreshedEqualsFresh(index, near, "replaced");

  // Disputes (PDQ and digest) stop matching; confirmation and reactivation bring them back.
  for (const size_t k : {0, 1, 9, 19}) {
    ASSERT_TRUE(store_->SetEntryStatus("hotline", first[k], EntryStatus::kDisputed, "fp", "t").ok())
        << k;
  }
  ExpectRefreshedEqualsFresh(index, near, "disputed");
  ASSERT_TRUE(store_->SetEntryStatus("hotline", first[0], EntryStatus::kConfirmed, "ok", "t").ok());
  ASSERT_TRUE(store_->SetEntryStatus("hotline", first[9], EntryStatus::kActive, "ok", "t").ok());
  ExpectRefreshedEqualsFresh(index, near, "confirmed");

  // Disabling and enabling a bank, with an import in the same step (reported twice).
  ASSERT_TRUE(store_->SetEnabled("stock", false, "t").ok());
  ExpectRefreshedEqualsFresh(index, near, "disabled");
  ASSERT_TRUE(store_->SetEnabled("stock", true, "t").ok());
  const auto third = MixedSignals(60, 9);
  MustImport("stock", third);
  near.insert(near.end(), third.begin(), third.end());
  ExpectRefreshedEqualsFresh(index, near, "enabled and imported");

  // Removing a bank rebuilds.
  ASSERT_TRUE(store_->RemoveBank("wide", "t").ok());
  const Result<RefreshSummary> removed = index.Refresh(*store_);
  ASSERT_TRUE(removed.ok()) << removed.status();
  EXPECT_TRUE(removed->rebuilt);
  EXPECT_EQ(index.max_match_distance(), 31);
  ExpectMatchesStore(index, near, "bank removed");
  ExpectRefreshedEqualsFresh(index, near, "after the rebuild");
}

TEST_F(BankIndexTest, RefreshCompactsOnceTheDeltaGrows) {
  CreateBank("hotline");
  MustImport("hotline", store::testing::RandomPdqSignals(200, 10));
  BankIndex::Options options;
  options.compaction_share = 0.001;  // of at least 1000 entries: more than one change
  Result<BankIndex> index = BankIndex::Build(*store_, options);
  ASSERT_TRUE(index.ok()) << index.status();
  const auto more = store::testing::RandomPdqSignals(50, 11);
  MustImport("hotline", more);
  const Result<RefreshSummary> summary = index->Refresh(*store_);
  ASSERT_TRUE(summary.ok()) << summary.status();
  EXPECT_EQ(summary->added, 50);
  EXPECT_TRUE(summary->compacted);
  EXPECT_EQ(index->pdq_snapshot()->delta_size(), 0u);
  ExpectMatchesStore(*index, more, "compacted");
}

}  // namespace
}  // namespace clearhost::scan
