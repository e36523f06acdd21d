#include "index/substring_layout.h"

#include <gtest/gtest.h>

#include <bit>
#include <random>
#include <set>

#include "index_test_data.h"

namespace clearhost::index {
namespace {

TEST(SubstringLayoutTest, EvenLayoutsCoverAllBitsContiguously) {
  for (int count = SubstringLayout::kMinSubstrings; count <= SubstringLayout::kMaxSubstrings;
       ++count) {
    const SubstringLayout layout = SubstringLayout::Even(count).value();
    ASSERT_EQ(layout.count(), count);
    int next_bit = 0;
    for (int s = 0; s < count; ++s) {
      EXPECT_EQ(layout.first_bit(s), next_bit) << count;
      EXPECT_LE(layout.bits(s), SubstringLayout::kMaxSubstringBits);
      EXPECT_LE(std::abs(layout.bits(s) - layout.bits(0)), 1);
      next_bit += layout.bits(s);
    }
    EXPECT_EQ(next_bit, 256);
  }
  EXPECT_FALSE(SubstringLayout::Even(10).ok());
  EXPECT_FALSE(SubstringLayout::Even(33).ok());
}

TEST(SubstringLayoutTest, ValueReadsTheSubstringsBitsEvenAcrossWords) {
  std::mt19937_64 rng(3);
  for (int count : {11, 13, 16, 23, 32}) {
    const SubstringLayout layout = SubstringLayout::Even(count).value();
    for (int trial = 0; trial < 50; ++trial) {
      const Hash256 hash = testing::RandomHash(rng);
      for (int s = 0; s < count; ++s) {
        uint32_t expected = 0;
        for (int b = 0; b < layout.bits(s); ++b) {
          expected |= uint32_t(hash.Bit(layout.first_bit(s) + b)) << b;
        }
        ASSERT_EQ(layout.Value(hash, s), expected) << count << " " << s;
      }
    }
  }
}

TEST(SubstringLayoutTest, ChoiceFollowsTheNumberOfEntries) {
  // Tiny lists are scanned; up to about a million entries 14-16 tables of 16-18 bits win; beyond,
  // wider substrings (fewer tables) keep buckets small.
  EXPECT_EQ(SubstringLayout::ChooseFor(100).count(), 0);
  EXPECT_GE(SubstringLayout::ChooseFor(1'000'000).count(), 14);
  const int at_10m = SubstringLayout::ChooseFor(10'000'000).count();
  const int at_100m = SubstringLayout::ChooseFor(100'000'000).count();
  EXPECT_LT(at_10m, 16);
  EXPECT_LT(at_100m, at_10m);
  // Directories stay within the stated bound.
  for (size_t entries : {size_t{3'000'000}, size_t{10'000'000}, size_t{100'000'000}}) {
    const SubstringLayout layout = SubstringLayout::ChooseFor(entries);
    size_t directory = 0;
    for (int s = 0; s < layout.count(); ++s) directory += layout.bucket_count(s) + 1;
    EXPECT_LE(directory, entries * SubstringLayout::kMaxDirectoryEntriesPerHash + 32);
  }
}

TEST(SubstringLayoutTest, PlansSatisfyThePigeonholeBound) {
  for (int count : {11, 13, 16, 32}) {
    const SubstringLayout layout = SubstringLayout::Even(count).value();
    for (int radius = 0; radius <= 64; ++radius) {
      const ProbePlan plan = PlanProbes(layout, 1'000'000, radius);
      ASSERT_TRUE(plan.certifies);
      int covered = 0;
      for (int s = 0; s < count; ++s) covered += plan.substring_radius[s] + 1;
      EXPECT_GE(covered, radius + 1) << count << " " << radius;
      EXPECT_EQ(covered, radius + 1) << "no radius is wasted";
    }
  }
  // Radius 0 needs one exact lookup in a single table.
  const ProbePlan exact = PlanProbes(SubstringLayout::Even(16).value(), 1'000'000, 0);
  EXPECT_EQ(exact.probes, 1u);
  EXPECT_FALSE(exact.scan_is_cheaper);
  // No layout at all: always a scan.
  EXPECT_TRUE(PlanProbes(SubstringLayout(), 1'000'000, 31).scan_is_cheaper);
}

TEST(SubstringLayoutTest, BallEnumerationVisitsEachValueWithinFlipsOnce) {
  for (int bits : {8, 16, 21}) {
    for (int flips : {0, 1, 2, 3}) {
      const uint32_t center = 0x5a5a5a5au & ((uint32_t{1} << bits) - 1);
      std::set<uint32_t> seen;
      uint64_t visits = 0;
      ForEachWithinFlips(center, bits, flips, [&](uint32_t value) {
        ++visits;
        seen.insert(value);
        EXPECT_LE(std::popcount(value ^ center), flips);
        EXPECT_LT(value, uint32_t{1} << bits);
      });
      EXPECT_EQ(visits, HammingBallSize(bits, flips));
      EXPECT_EQ(seen.size(), visits);
    }
  }
}

}  // namespace
}  // namespace clearhost::index
