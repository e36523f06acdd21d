#include "index/multi_index.h"

#include <gtest/gtest.h>

#include "index_test_data.h"

namespace clearhost::index {
namespace {

constexpr int kRadii[] = {0, 1, 8, 15, 16, 31, 32, 47, 64};

// Entries that differ from each other only inside substring `substring` of `layout`.
std::vector<Hash256> DifferingInsideOneSubstring(const SubstringLayout& layout, int substring,
                                                 uint64_t seed) {
  std::mt19937_64 rng(seed);
  const Hash256 base = testing::RandomHash(rng);
  std::vector<Hash256> set;
  for (int i = 0; i < 500; ++i) {
    Hash256 hash = base;
    for (int b = 0; b < layout.bits(substring); ++b) {
      if (rng() & 1) {
        const int bit = layout.first_bit(substring) + b;
        hash.words()[bit >> 6] ^= uint64_t{1} << (bit & 63);
      }
    }
    set.push_back(hash);
  }
  return set;
}

void ExpectEqualsBruteForce(const MultiIndex& index, const std::vector<Hash256>& entries,
                            uint64_t seed, const std::string& name) {
  std::mt19937_64 rng(seed);
  for (int radius : kRadii) {
    for (int trial = 0; trial < 24; ++trial) {
      // Half the queries have planted neighbours, half are random.
      const Hash256 query = trial % 2 == 0 ? testing::FlipBits(entries[rng() % entries.size()],
                                                               int(rng() % (radius + 2)), rng)
                                           : testing::RandomHash(rng);
      std::vector<Hit> expected, actual;
      ScanWithinRadius(SimdLevel::kScalar, entries, query, radius, expected);
      index.Search(query, radius, actual);
      ASSERT_EQ(actual, expected) << name << " radius " << radius << " trial " << trial;
    }
  }
}

// Every layout family, probing forced, on random, clustered and adversarial sets.
class MultiIndexLayoutTest : public ::testing::TestWithParam<int> {};

TEST_P(MultiIndexLayoutTest, ProbingEqualsBruteForce) {
  const SubstringLayout layout = SubstringLayout::Even(GetParam()).value();
  std::vector<std::pair<std::string, std::vector<Hash256>>> sets = {
      {"uniform", testing::UniformSet(20000, 11)},
      {"clustered", testing::ClusteredSet(20000, 13)},
      {"adversarial", testing::AdversarialSet(15)}};
  std::vector<Hash256> inside = DifferingInsideOneSubstring(layout, layout.count() / 2, 19);
  const std::vector<Hash256> uniform = testing::UniformSet(3000, 21);
  inside.insert(inside.end(), uniform.begin(), uniform.end());
  sets.emplace_back("inside-one-substring", inside);
  for (const auto& [name, entries] : sets) {
    MultiIndex::BuildOptions options;
    options.layout = &layout;
    options.always_probe = true;
    options.threads = 2;
    const MultiIndex index = MultiIndex::Build(entries, options).value();
    ExpectEqualsBruteForce(index, entries, 12, name + " layout " + std::to_string(GetParam()));
  }
}

INSTANTIATE_TEST_SUITE_P(Layouts, MultiIndexLayoutTest, ::testing::Values(12, 13, 16, 23, 32));

TEST(MultiIndexTest, CostModelChoiceEqualsBruteForce) {
  for (size_t count : {size_t{50}, size_t{5000}, size_t{60000}}) {
    const auto entries = testing::ClusteredSet(count, count);
    ExpectEqualsBruteForce(MultiIndex::Build(entries).value(), entries, 7,
                           "chosen " + std::to_string(count));
  }
}

TEST(MultiIndexTest, FindsPlantedNeighbourAtEveryDistanceUpToRadius) {
  auto entries = testing::UniformSet(50000, 17);
  std::mt19937_64 rng(18);
  const Hash256 query = testing::RandomHash(rng);
  for (int d = 0; d <= 31; ++d) entries[size_t(d) * 1000] = testing::FlipBits(query, d, rng);
  const MultiIndex index = MultiIndex::Build(entries).value();
  ASSERT_GT(index.layout().count(), 0);
  std::vector<Hit> hits;
  index.Search(query, 31, hits);
  ASSERT_EQ(hits.size(), 32u);
  for (int d = 0; d <= 31; ++d) EXPECT_EQ(hits[d], (Hit{uint32_t(d * 1000), uint16_t(d)}));
}

TEST(MultiIndexTest, BatchEqualsSingleQueries) {
  const auto entries = testing::ClusteredSet(30000, 23);
  const MultiIndex index = MultiIndex::Build(entries).value();
  std::mt19937_64 rng(24);
  std::vector<Hash256> queries;
  for (int q = 0; q < 300; ++q) {
    queries.push_back(q % 2 ? testing::RandomHash(rng)
                            : testing::FlipBits(entries[rng() % entries.size()], 20, rng));
  }
  for (int threads : {1, 2, 7}) {
    BatchHits batch;
    index.SearchBatch(queries, 31, threads, batch);
    ASSERT_EQ(batch.offsets.size(), queries.size() + 1);
    for (size_t q = 0; q < queries.size(); ++q) {
      std::vector<Hit> single;
      index.Search(queries[q], 31, single);
      ASSERT_EQ(std::vector<Hit>(batch.For(q).begin(), batch.For(q).end()), single) << q;
    }
  }
  BatchHits none;
  index.SearchBatch({}, 31, 4, none);
  EXPECT_EQ(none.offsets, std::vector<uint32_t>{0});
}

TEST(MultiIndexTest, FromArraysServesTheSameResults) {
  const auto entries = testing::UniformSet(20000, 25);
  const MultiIndex built = MultiIndex::Build(entries).value();
  const MultiIndex wrapped = MultiIndex::FromArrays(built.arrays(), nullptr).value();
  EXPECT_EQ(wrapped.MemoryBytes(), built.MemoryBytes());
  ExpectEqualsBruteForce(wrapped, entries, 26, "wrapped");
}

TEST(MultiIndexTest, FromArraysRefusesInconsistentTables) {
  const auto entries = testing::UniformSet(5000, 27);
  const SubstringLayout layout = SubstringLayout::Even(16).value();
  MultiIndex::BuildOptions options;
  options.layout = &layout;
  const MultiIndex built = MultiIndex::Build(entries, options).value();
  const MultiIndex::Arrays good = built.arrays();

  std::vector<uint32_t> positions(good.positions[3].begin(), good.positions[3].end());
  positions[10] = uint32_t(entries.size());
  MultiIndex::Arrays bad = good;
  bad.positions[3] = positions;
  EXPECT_EQ(MultiIndex::FromArrays(bad, nullptr).status().code(), absl::StatusCode::kDataLoss);

  std::vector<uint32_t> offsets(good.offsets[5].begin(), good.offsets[5].end());
  std::swap(offsets[100], offsets[40000]);
  bad = good;
  bad.offsets[5] = offsets;
  EXPECT_EQ(MultiIndex::FromArrays(bad, nullptr).status().code(), absl::StatusCode::kDataLoss);

  bad = good;
  bad.offsets[0] = bad.offsets[0].first(1000);
  EXPECT_EQ(MultiIndex::FromArrays(bad, nullptr).status().code(), absl::StatusCode::kDataLoss);

  bad = good;
  bad.positions[15] = bad.positions[15].first(10);
  EXPECT_EQ(MultiIndex::FromArrays(bad, nullptr).status().code(), absl::StatusCode::kDataLoss);
}

TEST(MultiIndexTest, EmptyIndexAndNegativeRadius) {
  const MultiIndex empty = MultiIndex::Build({}).value();
  std::vector<Hit> hits;
  empty.Search(Hash256(), 31, hits);
  EXPECT_TRUE(hits.empty());
  const MultiIndex one = MultiIndex::Build(std::vector<Hash256>(1)).value();
  one.Search(Hash256(), -1, hits);
  EXPECT_TRUE(hits.empty());
  one.Search(Hash256(), 256, hits);
  EXPECT_EQ(hits.size(), 1u);
}

}  // namespace
}  // namespace clearhost::index
