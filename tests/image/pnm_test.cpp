// Netpbm decoding: P1..P6, plain and raw, comments, maxval scaling, and malformed input.
#include <gtest/gtest.h>

#include "image/image.h"
#include "image/test_images.h"

namespace clearhost::image {
namespace {

using testing::Bytes;

std::vector<uint8_t> DecodeRgb(const std::vector<uint8_t>& bytes) {
  auto decoded = DecodeImage(bytes, {});
  EXPECT_TRUE(decoded.ok()) << decoded.status();
  if (!decoded.ok()) return {};
  EXPECT_EQ(decoded->format, ImageFormat::kPnm);
  return decoded->image.rgb;
}

absl::StatusCode Code(std::string_view text) {
  return DecodeImage(Bytes(text), {}).status().code();
}

TEST(PnmTest, PpmRawAndPlainAgree) {
  std::vector<uint8_t> raw = Bytes("P6\n2 2\n255\n");
  const std::vector<uint8_t> pixels = {255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30};
  raw.insert(raw.end(), pixels.begin(), pixels.end());
  EXPECT_EQ(DecodeRgb(raw), pixels);
  EXPECT_EQ(DecodeRgb(Bytes("P3\n# a comment\n2 2 # trailing comment\n255\n"
                            "255 0 0  0 255 0\n0 0 255 10 20 30\n")),
            pixels);
}

TEST(PnmTest, CommentsAnywhereInTheHeader) {
  std::vector<uint8_t> raw = Bytes("P5#c1\n#c2\n3#c3\n1\n# c4\n255\n");
  raw.insert(raw.end(), {1, 2, 3});
  EXPECT_EQ(DecodeRgb(raw), (std::vector<uint8_t>{1, 1, 1, 2, 2, 2, 3, 3, 3}));
}

TEST(PnmTest, PgmScalesMaxval) {
  // round(v * 255 / 1000): 0, 500 -> 127.5 -> 128, 1000 -> 255; 1200 clamps to 255.
  EXPECT_EQ(DecodeRgb(Bytes("P2 4 1 1000 0 500 1000 1200")),
            (std::vector<uint8_t>{0, 0, 0, 128, 128, 128, 255, 255, 255, 255, 255, 255}));
  std::vector<uint8_t> sixteen = Bytes("P5 3 1 65535\n");
  sixteen.insert(sixteen.end(), {0x00, 0x81, 0x7F, 0xFF, 0xFF, 0xFF});  // big-endian
  EXPECT_EQ(DecodeRgb(sixteen), (std::vector<uint8_t>{1, 1, 1, 127, 127, 127, 255, 255, 255}));
  EXPECT_EQ(DecodeRgb(Bytes("P2 2 1 1 0 1")), (std::vector<uint8_t>{0, 0, 0, 255, 255, 255}));
}

TEST(PnmTest, PbmOneIsBlack) {
  const std::vector<uint8_t> expected = {0, 0, 0, 255, 255, 255, 0, 0, 0};
  EXPECT_EQ(DecodeRgb(Bytes("P1\n3 1\n1 0 1\n")), expected);
  EXPECT_EQ(DecodeRgb(Bytes("P1\n3 1\n101")), expected);  // separators are optional
  std::vector<uint8_t> raw = Bytes("P4\n10 2\n");
  raw.insert(raw.end(), {0b10000000, 0b01000000, 0b00000000, 0b11000000});
  const std::vector<uint8_t> decoded = DecodeRgb(raw);
  ASSERT_EQ(decoded.size(), 60u);
  EXPECT_EQ(decoded[0], 0);             // (0, 0) black
  EXPECT_EQ(decoded[3], 255);           // (1, 0) white
  EXPECT_EQ(decoded[9 * 3], 0);         // (9, 0) black
  EXPECT_EQ(decoded[30 + 7 * 3], 255);  // (7, 1) white
  EXPECT_EQ(decoded[30 + 8 * 3], 0);    // (8, 1) black
}

TEST(PnmTest, ZeroSizeIsInvalid) {
  auto decoded = DecodeImage(Bytes("P6 0 0 255\n"), {});
  EXPECT_EQ(decoded.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(decoded.status().message().find("zero width or height"), std::string::npos);
  EXPECT_EQ(Code("P2 5 0 255\n"), absl::StatusCode::kInvalidArgument);
}

TEST(PnmTest, TruncationIsDataLoss) {
  EXPECT_EQ(Code("P6\n2 2\n255\n\x01\x02\x03"), absl::StatusCode::kDataLoss);
  EXPECT_EQ(Code("P6 10"), absl::StatusCode::kDataLoss);
  EXPECT_EQ(Code("P6 10 10 255"), absl::StatusCode::kDataLoss);  // no byte after maxval
  EXPECT_EQ(Code("P3 2 1 255 1 2 3 4 5"), absl::StatusCode::kDataLoss);
  EXPECT_EQ(Code("P1 3 1 10"), absl::StatusCode::kDataLoss);
  // Declares a picture within the limit but holds no data: refused before allocating.
  EXPECT_EQ(Code("P2 10000 10000 255\n1"), absl::StatusCode::kDataLoss);
}

TEST(PnmTest, MalformedIsInvalid) {
  EXPECT_EQ(Code("P6 x 1 255\n"), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Code("P6 1 1 0\n\x01\x02\x03"), absl::StatusCode::kInvalidArgument);      // maxval 0
  EXPECT_EQ(Code("P6 1 1 70000\n\x01\x02\x03"), absl::StatusCode::kInvalidArgument);  // > 65535
  EXPECT_EQ(Code("P6 99999999999999999999999 1 255\n"), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Code("P2 2 1 255 1 x"), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Code("P1 2 1 1 2"), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Code("P5 1 1 255x\x01"), absl::StatusCode::kInvalidArgument);  // no whitespace
}

TEST(PnmTest, OverTheLimitIsResourceExhausted) {
  EXPECT_EQ(Code("P6 100000 100000 255\n"), absl::StatusCode::kResourceExhausted);
  DecodeOptions small;
  small.max_pixels = 3;
  EXPECT_EQ(DecodeImage(Bytes("P1 2 2 0000"), small).status().code(),
            absl::StatusCode::kResourceExhausted);
}

}  // namespace
}  // namespace clearhost::image
