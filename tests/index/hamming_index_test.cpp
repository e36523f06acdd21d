#include "index/hamming_index.h"

#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <set>
#include <thread>

#include "index_test_data.h"

namespace clearhost::index {
namespace {

// Brute force over a model of the live entries: every (id, hash) within the radius, by id.
std::vector<Match> Expected(const std::map<uint64_t, Hash256>& live, const Hash256& query,
                            int radius) {
  std::vector<Match> matches;
  for (const auto& [id, hash] : live) {
    const int distance = HammingDistance(hash, query);
    if (distance <= radius) matches.push_back({id, hash, uint16_t(distance)});
  }
  return matches;
}

std::vector<Match> Search(const HammingIndex& index, const Hash256& query, int radius) {
  std::vector<Match> matches;
  index.snapshot()->Search(query, radius, matches);
  return matches;
}

void ExpectMatchesModel(const HammingIndex& index, const std::map<uint64_t, Hash256>& live,
                        std::mt19937_64& rng, const std::string& when) {
  ASSERT_EQ(index.snapshot()->size(), live.size()) << when;
  std::vector<Hash256> hashes;
  for (const auto& [id, hash] : live) hashes.push_back(hash);
  for (int trial = 0; trial < 30; ++trial) {
    const Hash256 query = trial % 3 == 0 || hashes.empty()
                              ? testing::RandomHash(rng)
                              : testing::FlipBits(hashes[rng() % hashes.size()], 25, rng);
    ASSERT_EQ(Search(index, query, 31), Expected(live, query, 31)) << when << " " << trial;
  }
}

struct Fixture {
  std::vector<Hash256> hashes;
  std::vector<uint64_t> ids;
  std::map<uint64_t, Hash256> live;
};

Fixture MakeFixture(size_t count, uint64_t seed) {
  Fixture fixture;
  fixture.hashes = testing::ClusteredSet(count, seed);
  std::mt19937_64 rng(seed);
  for (size_t k = 0; k < count; ++k) {
    // Ids unordered and sparse, as bank entry ids are.
    uint64_t id;
    do id = rng() % (count * 10);
    while (fixture.live.count(id));
    fixture.ids.push_back(id);
    fixture.live[id] = fixture.hashes[k];
  }
  return fixture;
}

TEST(HammingIndexTest, SearchReturnsIdsHashesAndDistances) {
  Fixture fixture = MakeFixture(20000, 1);
  auto index = HammingIndex::Build(fixture.hashes, fixture.ids, {}).value();
  std::mt19937_64 rng(2);
  ExpectMatchesModel(*index, fixture.live, rng, "built");
}

TEST(HammingIndexTest, RefusesRepeatedIdsAndMismatchedSizes) {
  const auto hashes = testing::UniformSet(3, 3);
  const std::vector<uint64_t> repeated = {7, 8, 7};
  EXPECT_EQ(HammingIndex::Build(hashes, repeated, {}).status().code(),
            absl::StatusCode::kInvalidArgument);
  const std::vector<uint64_t> short_ids = {1, 2};
  EXPECT_EQ(HammingIndex::Build(hashes, short_ids, {}).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(HammingIndexTest, UpdatesEqualAModelOfTheLiveEntries) {
  Fixture fixture = MakeFixture(20000, 4);
  auto index = HammingIndex::Build(fixture.hashes, fixture.ids, {}).value();
  std::mt19937_64 rng(5);
  uint64_t next_id = 1'000'000;
  for (int round = 0; round < 12; ++round) {
    std::vector<uint64_t> removed;
    std::vector<Hash256> added;
    std::vector<uint64_t> added_ids;
    for (auto it = fixture.live.begin(); it != fixture.live.end();) {
      if (rng() % 100 == 0) {  // about 1%, from base and delta alike
        removed.push_back(it->first);
        it = fixture.live.erase(it);
      } else {
        ++it;
      }
    }
    for (int k = 0; k < 200; ++k) {
      const Hash256 near =
          testing::FlipBits(fixture.hashes[rng() % fixture.hashes.size()], int(rng() % 30), rng);
      added.push_back(near);
      added_ids.push_back(next_id);
      fixture.live[next_id++] = near;
    }
    // A removed id may come back in the same step with a new hash.
    if (!removed.empty() && round % 3 == 0) {
      const Hash256 back = testing::RandomHash(rng);
      added.push_back(back);
      added_ids.push_back(removed.front());
      fixture.live[removed.front()] = back;
    }
    ASSERT_TRUE(index->Update(added, added_ids, removed).ok()) << round;
    ExpectMatchesModel(*index, fixture.live, rng, "round " + std::to_string(round));
    if (round == 7) {
      ASSERT_TRUE(index->Compact().ok());
      EXPECT_EQ(index->snapshot()->delta_size(), 0u);
      EXPECT_EQ(index->snapshot()->tombstone_count(), 0u);
      ExpectMatchesModel(*index, fixture.live, rng, "compacted");
    }
  }
}

// Contains() agrees with the live entries after builds, updates (base and delta removals, ids
// coming back) and compaction.
TEST(HammingIndexTest, ContainsFollowsUpdatesAndCompaction) {
  Fixture fixture = MakeFixture(3000, 11);
  auto index = HammingIndex::Build(fixture.hashes, fixture.ids, {}).value();
  std::set<uint64_t> removed_ever;
  const auto expect_contains = [&](const std::string& when) {
    const auto snapshot = index->snapshot();
    for (const auto& [id, hash] : fixture.live) ASSERT_TRUE(snapshot->Contains(id)) << when << id;
    for (const uint64_t id : removed_ever) {
      ASSERT_EQ(snapshot->Contains(id), fixture.live.count(id) == 1) << when << " " << id;
    }
    EXPECT_FALSE(snapshot->Contains(999'999'999)) << when;
  };
  expect_contains("built");
  std::mt19937_64 rng(12);
  uint64_t next_id = 1'000'000;
  for (int round = 0; round < 4; ++round) {
    std::vector<uint64_t> removed;
    for (auto it = fixture.live.begin(); it != fixture.live.end();) {
      if (rng() % 20 == 0) {  // base and delta entries alike
        removed.push_back(it->first);
        removed_ever.insert(it->first);
        it = fixture.live.erase(it);
      } else {
        ++it;
      }
    }
    std::vector<Hash256> added = testing::UniformSet(50, 100 + round);
    std::vector<uint64_t> added_ids;
    for (const Hash256& hash : added) {
      added_ids.push_back(next_id);
      fixture.live[next_id++] = hash;
    }
    added.push_back(testing::RandomHash(rng));  // a removed id comes back
    added_ids.push_back(removed.front());
    fixture.live[removed.front()] = added.back();
    ASSERT_TRUE(index->Update(added, added_ids, removed).ok()) << round;
    expect_contains("round " + std::to_string(round));
  }
  ASSERT_TRUE(index->Compact().ok());
  expect_contains("compacted");
}

TEST(HammingIndexTest, FailedUpdatesChangeNothing) {
  Fixture fixture = MakeFixture(1000, 6);
  auto index = HammingIndex::Build(fixture.hashes, fixture.ids, {}).value();
  const auto before = index->snapshot();
  const std::vector<Hash256> one = testing::UniformSet(1, 7);
  const std::vector<uint64_t> existing = {fixture.ids[3]};
  const std::vector<uint64_t> missing = {fixture.ids[4] + 100'000'000};
  const std::vector<uint64_t> fresh = {555'555'555};
  const std::vector<uint64_t> twice = {fixture.ids[5], fixture.ids[5]};
  EXPECT_EQ(index->Update(one, existing, {}).code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(index->Update({}, {}, missing).code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(index->Update(one, fresh, twice).code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(index->Update(one, {}, {}).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(index->snapshot(), before);
  std::mt19937_64 rng(8);
  ExpectMatchesModel(*index, fixture.live, rng, "after refused updates");
}

TEST(HammingIndexTest, NeedsCompactionOnceChangesPassTheShare) {
  Fixture fixture = MakeFixture(40000, 9);
  HammingIndex::Options options;
  options.compaction_share = 0.05;
  auto index = HammingIndex::Build(fixture.hashes, fixture.ids, options).value();
  EXPECT_FALSE(index->NeedsCompaction());
  std::vector<uint64_t> removed(fixture.ids.begin(), fixture.ids.begin() + 1000);
  ASSERT_TRUE(index->Update({}, {}, removed).ok());
  EXPECT_FALSE(index->NeedsCompaction());
  removed.assign(fixture.ids.begin() + 1000, fixture.ids.begin() + 2500);
  ASSERT_TRUE(index->Update({}, {}, removed).ok());
  EXPECT_TRUE(index->NeedsCompaction());
  ASSERT_TRUE(index->Compact().ok());
  EXPECT_FALSE(index->NeedsCompaction());
  EXPECT_EQ(index->snapshot()->size(), 40000u - 2500u);
}

TEST(HammingIndexTest, ConcurrentReadersSeeOldOrNewStateNeverAMixture) {
  Fixture fixture = MakeFixture(30000, 10);
  auto index = HammingIndex::Build(fixture.hashes, fixture.ids, {}).value();
  std::mt19937_64 rng(11);
  const Hash256 query = testing::RandomHash(rng);
  // State A has the planted neighbours, state B does not; every update flips all of them.
  std::vector<Hash256> planted;
  std::vector<uint64_t> planted_ids;
  for (int k = 0; k < 50; ++k) {
    planted.push_back(testing::FlipBits(query, k % 30, rng));
    planted_ids.push_back(900'000'000 + uint64_t(k));
  }
  const std::vector<Match> without = Search(*index, query, 31);
  ASSERT_TRUE(index->Update(planted, planted_ids, {}).ok());
  const std::vector<Match> with = Search(*index, query, 31);
  ASSERT_EQ(with.size(), without.size() + planted.size());

  std::atomic<bool> stop{false};
  std::atomic<int> mixtures{0}, reads{0};
  std::vector<std::jthread> readers;
  for (int r = 0; r < 3; ++r) {
    readers.emplace_back([&] {
      while (!stop) {
        const std::vector<Match> seen = Search(*index, query, 31);
        if (seen != with && seen != without) ++mixtures;
        ++reads;
      }
    });
  }
  for (int flip = 0; flip < 40; ++flip) {
    const Status status = flip % 2 == 0 ? index->Update({}, {}, planted_ids)
                                        : index->Update(planted, planted_ids, {});
    ASSERT_TRUE(status.ok()) << status;
    if (flip % 10 == 9) {
      ASSERT_TRUE(index->Compact().ok());
    }
  }
  stop = true;
  readers.clear();
  EXPECT_EQ(mixtures.load(), 0);
  EXPECT_GT(reads.load(), 0);
}

TEST(HammingIndexTest, FromBaseRefusesIdsThatDoNotFitTheBase) {
  const auto hashes = testing::UniformSet(10, 12);
  const MultiIndex base = MultiIndex::Build(hashes).value();
  const std::vector<uint64_t> descending = {9, 8, 7, 6, 5, 4, 3, 2, 1, 0};
  EXPECT_EQ(HammingIndex::FromBase(base, descending, nullptr, {}).status().code(),
            absl::StatusCode::kDataLoss);
  const std::vector<uint64_t> too_few = {1, 2, 3};
  EXPECT_EQ(HammingIndex::FromBase(base, too_few, nullptr, {}).status().code(),
            absl::StatusCode::kDataLoss);
}

}  // namespace
}  // namespace clearhost::index
