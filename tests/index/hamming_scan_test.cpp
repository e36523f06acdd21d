#include "index/hamming_scan.h"

#include <gtest/gtest.h>

#include "index_test_data.h"

namespace clearhost::index {
namespace {

TEST(HammingScanTest, EveryKernelTheCpuRunsEqualsScalar) {
  const auto entries = testing::ClusteredSet(5001, 1);  // odd count: the AVX-512 tail
  std::mt19937_64 rng(2);
  for (SimdLevel level : {SimdLevel::kAvx2, SimdLevel::kAvx512}) {
    if (!CpuSupports(level)) {
      std::printf("skipping %s: not supported by this CPU\n", SimdLevelName(level).data());
      continue;
    }
    for (int trial = 0; trial < 50; ++trial) {
      const Hash256 query = testing::FlipBits(entries[rng() % entries.size()], trial, rng);
      for (int radius : {0, 8, 31, 64, 128, 256}) {
        std::vector<Hit> expected, actual;
        ScanWithinRadius(SimdLevel::kScalar, entries, query, radius, expected);
        ScanWithinRadius(level, entries, query, radius, actual);
        ASSERT_EQ(actual, expected) << SimdLevelName(level) << " radius " << radius;
      }
    }
  }
}

TEST(HammingScanTest, ScalarFindsExactlyTheEntriesWithinRadius) {
  std::vector<Hash256> entries(4);
  entries[1].SetBit(3);
  entries[2].SetBit(3);
  entries[2].SetBit(200);
  for (int k = 0; k < 256; ++k) entries[3].SetBit(k);
  std::vector<Hit> hits;
  ScanWithinRadius(SimdLevel::kScalar, entries, Hash256(), 1, hits);
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_EQ(hits[0], (Hit{0, 0}));
  EXPECT_EQ(hits[1], (Hit{1, 1}));
  hits.clear();
  ScanWithinRadius(entries, Hash256(), 256, hits);
  EXPECT_EQ(hits.size(), 4u);
  EXPECT_EQ(hits[3].distance, 256);
}

TEST(HammingScanTest, ActiveLevelIsSupported) {
  EXPECT_TRUE(CpuSupports(ActiveSimdLevel()));
}

}  // namespace
}  // namespace clearhost::index
