#include "core/hash256.h"

#include <gtest/gtest.h>

#include <random>

namespace clearhost {
namespace {

constexpr char kBridge[] = "d8f8f0cee0f4a84f0637022a078f67f0b36e2ed596621e1d33e6339c4e9c9b22";

TEST(Hash256Test, HexRoundTrip) {
  auto hash = Hash256::FromHex(kBridge);
  ASSERT_TRUE(hash.ok()) << hash.status();
  EXPECT_EQ(hash->ToHex(), kBridge);
}

TEST(Hash256Test, FirstHexDigitHoldsTheHighestBits) {
  // The reference prints 16-bit words from word 15 (bits 240..255) down to word 0.
  Hash256 hash;
  hash.SetBit(255);
  EXPECT_EQ(hash.ToHex().substr(0, 4), "8000");
  Hash256 low;
  low.SetBit(0);
  EXPECT_EQ(low.ToHex().substr(60), "0001");
  EXPECT_TRUE(low.Bit(0));
  EXPECT_FALSE(low.Bit(1));
}

TEST(Hash256Test, AcceptsUppercaseRejectsBadInput) {
  std::string upper = kBridge;
  for (char& c : upper) c = char(std::toupper(c));
  auto hash = Hash256::FromHex(upper);
  ASSERT_TRUE(hash.ok());
  EXPECT_EQ(hash->ToHex(), kBridge);
  EXPECT_EQ(Hash256::FromHex("abcd").status().code(), absl::StatusCode::kInvalidArgument);
  std::string bad = kBridge;
  bad[10] = 'x';
  auto status = Hash256::FromHex(bad).status();
  EXPECT_NE(status.message().find("position 10"), std::string::npos) << status;
}

TEST(Hash256Test, HammingDistanceCountsDifferingBits) {
  std::mt19937_64 rng(7);
  for (int trial = 0; trial < 100; ++trial) {
    Hash256 a, b;
    int expected = 0;
    for (int k = 0; k < 256; ++k) {
      const bool bit_a = rng() & 1, bit_b = rng() & 1;
      if (bit_a) a.SetBit(k);
      if (bit_b) b.SetBit(k);
      expected += bit_a != bit_b;
    }
    EXPECT_EQ(HammingDistance(a, b), expected);
    EXPECT_EQ(HammingDistance(a, a), 0);
  }
  Hash256 zero, ones;
  for (int k = 0; k < 256; ++k) ones.SetBit(k);
  EXPECT_EQ(HammingDistance(zero, ones), 256);
  EXPECT_TRUE(zero.IsZero());
}

}  // namespace
}  // namespace clearhost
