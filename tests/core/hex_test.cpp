#include "core/hex.h"

#include <gtest/gtest.h>

namespace clearhost {
namespace {

TEST(HexTest, EncodesLowercase) {
  const std::vector<uint8_t> bytes = {0x00, 0xab, 0x7f, 0xff};
  EXPECT_EQ(HexEncode(bytes), "00ab7fff");
}

TEST(HexTest, DecodesBothCasesAndRoundTrips) {
  auto decoded = HexDecode("00AB7fFf");
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(HexEncode(*decoded), "00ab7fff");
}

TEST(HexTest, RejectsOddLength) {
  auto decoded = HexDecode("abc");
  EXPECT_EQ(decoded.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(decoded.status().message().find("odd length"), std::string::npos);
}

TEST(HexTest, RejectsNonHexAndNamesPosition) {
  auto decoded = HexDecode("00g0");
  EXPECT_EQ(decoded.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(decoded.status().message().find("position 2"), std::string::npos);
  EXPECT_FALSE(HexDecode("0 00").ok());
}

}  // namespace
}  // namespace clearhost
