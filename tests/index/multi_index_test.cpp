#include "index/multi_index.h"

#include <gtest/gtest.h>

#include "index_test_data.h"

namespace clearhost::index {
namespace {

void ExpectEqualsBruteForce(const std::vector<Hash256>& entries, uint64_t seed,
                            const char* set_name) {
  const MultiIndex index = MultiIndex::Build(entries).value();
  std::mt19937_64 rng(seed);
  for (int radius : {0, 1, 8, 15, 16, 31, 32, 47, 64}) {
    for (int trial = 0; trial < 40; ++trial) {
      // Half the queries have planted neighbours, half are random.
      const Hash256 query = trial % 2 == 0 ? testing::FlipBits(entries[rng() % entries.size()],
                                                               int(rng() % (radius + 2)), rng)
                                           : testing::RandomHash(rng);
      std::vector<Hit> expected, actual;
      ScanWithinRadius(SimdLevel::kScalar, entries, query, radius, expected);
      index.Search(query, radius, actual);
      ASSERT_EQ(actual, expected) << set_name << " radius " << radius << " trial " << trial;
    }
  }
}

TEST(MultiIndexTest, UniformSetEqualsBruteForce) {
  ExpectEqualsBruteForce(testing::UniformSet(20000, 11), 12, "uniform");
}

TEST(MultiIndexTest, ClusteredSetEqualsBruteForce) {
  ExpectEqualsBruteForce(testing::ClusteredSet(20000, 13), 14, "clustered");
}

TEST(MultiIndexTest, AdversarialSetEqualsBruteForce) {
  ExpectEqualsBruteForce(testing::AdversarialSet(15), 16, "adversarial");
}

TEST(MultiIndexTest, FindsPlantedNeighbourAtEveryDistanceUpToRadius) {
  auto entries = testing::UniformSet(50000, 17);
  std::mt19937_64 rng(18);
  const Hash256 query = testing::RandomHash(rng);
  for (int d = 0; d <= 31; ++d) entries[size_t(d) * 1000] = testing::FlipBits(query, d, rng);
  const MultiIndex index = MultiIndex::Build(entries).value();
  std::vector<Hit> hits;
  index.Search(query, 31, hits);
  ASSERT_EQ(hits.size(), 32u);
  for (int d = 0; d <= 31; ++d) EXPECT_EQ(hits[d], (Hit{uint32_t(d * 1000), uint16_t(d)}));
}

TEST(MultiIndexTest, EmptyIndexAndNegativeRadius) {
  const MultiIndex empty = MultiIndex::Build({}).value();
  std::vector<Hit> hits;
  empty.Search(Hash256(), 31, hits);
  EXPECT_TRUE(hits.empty());
  const MultiIndex one = MultiIndex::Build(std::vector<Hash256>(1)).value();
  one.Search(Hash256(), -1, hits);
  EXPECT_TRUE(hits.empty());
}

}  // namespace
}  // namespace clearhost::index
