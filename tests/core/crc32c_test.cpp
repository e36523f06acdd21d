#include "core/crc32c.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace clearhost {
namespace {

std::span<const uint8_t> Bytes(const std::string& text) {
  return {reinterpret_cast<const uint8_t*>(text.data()), text.size()};
}

TEST(Crc32cTest, MatchesPublishedCheckValues) {
  // The standard check value of CRC-32C and RFC 3720 (iSCSI) appendix B.4 vectors.
  EXPECT_EQ(Crc32c(Bytes("123456789")), 0xe3069283u);
  EXPECT_EQ(Crc32c(std::vector<uint8_t>(32, 0)), 0x8a9136aau);
  EXPECT_EQ(Crc32c(std::vector<uint8_t>(32, 0xff)), 0x62a8ab43u);
  std::vector<uint8_t> ascending(32);
  for (int k = 0; k < 32; ++k) ascending[k] = uint8_t(k);
  EXPECT_EQ(Crc32c(ascending), 0x46dd794eu);
  EXPECT_EQ(Crc32c({}), 0u);
}

TEST(Crc32cTest, ContinuesAcrossPieces) {
  const std::string text = "the quick brown fox jumps over the lazy dog, twice over";
  for (size_t split = 0; split <= text.size(); ++split) {
    const uint32_t first = Crc32c(Bytes(text.substr(0, split)));
    EXPECT_EQ(Crc32c(Bytes(text.substr(split)), first), Crc32c(Bytes(text))) << split;
  }
}

}  // namespace
}  // namespace clearhost
