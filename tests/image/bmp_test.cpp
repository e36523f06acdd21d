// BMP decoding (our own parser): every supported header, depth and row order, and refusals.
#include <gtest/gtest.h>

#include "image/image.h"
#include "image/test_images.h"

namespace clearhost::image {
namespace {

using testing::AppendLe16;
using testing::AppendLe32;

struct BmpSpec {
  uint32_t header_size = 40;
  int32_t width = 0;
  int32_t height = 0;  // negative: rows stored top-down
  uint16_t bits_per_pixel = 24;
  uint32_t compression = 0;
  std::vector<uint32_t> masks = {};   // R, G, B(, A): in V2+ headers, or after a 40-byte one
  std::vector<uint8_t> palette = {};  // raw entries (4 bytes each, 3 for the core header)
  uint32_t colours_used = 0;
  std::vector<std::vector<uint8_t>> rows = {};  // in file order, unpadded
};

std::vector<uint8_t> BuildBmp(const BmpSpec& spec) {
  std::vector<uint8_t> dib;
  AppendLe32(dib, spec.header_size);
  if (spec.header_size == 12) {
    AppendLe16(dib, uint16_t(spec.width));
    AppendLe16(dib, uint16_t(spec.height));
    AppendLe16(dib, 1);
    AppendLe16(dib, spec.bits_per_pixel);
  } else {
    AppendLe32(dib, uint32_t(spec.width));
    AppendLe32(dib, uint32_t(spec.height));
    AppendLe16(dib, 1);
    AppendLe16(dib, spec.bits_per_pixel);
    AppendLe32(dib, spec.compression);
    AppendLe32(dib, 0);  // image size: may be 0 for BI_RGB
    AppendLe32(dib, 2835);
    AppendLe32(dib, 2835);
    AppendLe32(dib, spec.colours_used);
    AppendLe32(dib, 0);
    for (uint32_t mask : spec.masks) AppendLe32(dib, mask);
    if (dib.size() < spec.header_size) dib.resize(spec.header_size, 0);
  }
  dib.insert(dib.end(), spec.palette.begin(), spec.palette.end());
  std::vector<uint8_t> pixels;
  for (const std::vector<uint8_t>& row : spec.rows) {
    pixels.insert(pixels.end(), row.begin(), row.end());
    pixels.resize((pixels.size() + 3) / 4 * 4, 0);  // rows padded to 4 bytes
  }
  std::vector<uint8_t> out = {'B', 'M'};
  AppendLe32(out, uint32_t(14 + dib.size() + pixels.size()));
  AppendLe32(out, 0);
  AppendLe32(out, uint32_t(14 + dib.size()));
  out.insert(out.end(), dib.begin(), dib.end());
  out.insert(out.end(), pixels.begin(), pixels.end());
  return out;
}

std::vector<uint8_t> DecodeRgb(const BmpSpec& spec) {
  auto decoded = DecodeImage(BuildBmp(spec), {});
  EXPECT_TRUE(decoded.ok()) << decoded.status();
  if (!decoded.ok()) return {};
  EXPECT_EQ(decoded->format, ImageFormat::kBmp);
  EXPECT_EQ(decoded->image.width, spec.width);
  return decoded->image.rgb;
}

TEST(BmpTest, TwentyFourBitRowOrders) {
  // Displayed: top row red, green, blue; bottom row white, black, grey. Stored BGR.
  const std::vector<uint8_t> top = {0, 0, 255, 0, 255, 0, 255, 0, 0};
  const std::vector<uint8_t> bottom = {255, 255, 255, 0, 0, 0, 9, 8, 7};
  const std::vector<uint8_t> expected = {255, 0,   0,   0, 255, 0, 0, 0, 255,
                                         255, 255, 255, 0, 0,   0, 7, 8, 9};
  EXPECT_EQ(DecodeRgb({.width = 3, .height = 2, .rows = {bottom, top}}), expected);
  EXPECT_EQ(DecodeRgb({.width = 3, .height = -2, .rows = {top, bottom}}), expected);
}

TEST(BmpTest, ThirtyTwoBitPlainAndBitfields) {
  EXPECT_EQ(
      DecodeRgb(
          {.width = 2, .height = 1, .bits_per_pixel = 32, .rows = {{3, 2, 1, 0, 30, 20, 10, 99}}}),
      (std::vector<uint8_t>{1, 2, 3, 10, 20, 30}));
  // R in the low byte, B in the third: masks after a 40-byte header.
  EXPECT_EQ(DecodeRgb({.width = 1,
                       .height = 1,
                       .bits_per_pixel = 32,
                       .compression = 3,
                       .masks = {0x000000FF, 0x0000FF00, 0x00FF0000},
                       .rows = {{1, 2, 3, 4}}}),
            (std::vector<uint8_t>{1, 2, 3}));
  // The same masks inside a V5 header.
  EXPECT_EQ(DecodeRgb({.header_size = 124,
                       .width = 1,
                       .height = 1,
                       .bits_per_pixel = 32,
                       .compression = 3,
                       .masks = {0x000000FF, 0x0000FF00, 0x00FF0000, 0},
                       .rows = {{1, 2, 3, 4}}}),
            (std::vector<uint8_t>{1, 2, 3}));
}

TEST(BmpTest, SixteenBit555And565) {
  // 5-5-5 default: 0x7C00 pure red; 0x0010 blue 16/31 -> round(131.6) = 132.
  EXPECT_EQ(
      DecodeRgb(
          {.width = 2, .height = 1, .bits_per_pixel = 16, .rows = {{0x00, 0x7C, 0x10, 0x00}}}),
      (std::vector<uint8_t>{255, 0, 0, 0, 0, 132}));
  // 5-6-5 bit fields in a V4 header: 0x07E0 pure green; 0x0020 green 1/63 -> 4.
  EXPECT_EQ(DecodeRgb({.header_size = 108,
                       .width = 2,
                       .height = 1,
                       .bits_per_pixel = 16,
                       .compression = 3,
                       .masks = {0xF800, 0x07E0, 0x001F, 0},
                       .rows = {{0xE0, 0x07, 0x20, 0x00}}}),
            (std::vector<uint8_t>{0, 255, 0, 0, 4, 0}));
}

TEST(BmpTest, PaletteDepths) {
  const std::vector<uint8_t> palette = {30, 20, 10, 0, 60, 50, 40, 0, 90, 80, 70, 0};  // BGRx
  // 8-bit, 3 colours used; index 5 is past the palette: black.
  EXPECT_EQ(DecodeRgb({.width = 3,
                       .height = 1,
                       .bits_per_pixel = 8,
                       .palette = palette,
                       .colours_used = 3,
                       .rows = {{2, 0, 5}}}),
            (std::vector<uint8_t>{70, 80, 90, 10, 20, 30, 0, 0, 0}));
  // 4-bit, odd width: high nibble first.
  EXPECT_EQ(DecodeRgb({.width = 3,
                       .height = 1,
                       .bits_per_pixel = 4,
                       .palette = palette,
                       .colours_used = 3,
                       .rows = {{0x12, 0x00}}}),
            (std::vector<uint8_t>{40, 50, 60, 70, 80, 90, 10, 20, 30}));
  // 1-bit, 10 pixels over two bytes; two rows check the padding.
  const std::vector<uint8_t> two = {0, 0, 0, 0, 255, 255, 255, 0};
  const std::vector<uint8_t> decoded =
      DecodeRgb({.width = 10,
                 .height = -2,
                 .bits_per_pixel = 1,
                 .palette = two,
                 .rows = {{0b10000000, 0b01000000}, {0b01000000, 0b10000000}}});
  ASSERT_EQ(decoded.size(), 60u);
  EXPECT_EQ(decoded[0], 255);           // (0, 0) set
  EXPECT_EQ(decoded[3], 0);             // (1, 0) clear
  EXPECT_EQ(decoded[9 * 3], 255);       // (9, 0) set
  EXPECT_EQ(decoded[30 + 3], 255);      // (1, 1) set
  EXPECT_EQ(decoded[30 + 8 * 3], 255);  // (8, 1) set
}

TEST(BmpTest, Os2CoreHeader) {
  EXPECT_EQ(DecodeRgb({.header_size = 12,
                       .width = 2,
                       .height = 1,
                       .bits_per_pixel = 8,
                       .palette = std::vector<uint8_t>(256 * 3, 7),
                       .rows = {{0, 1}}}),
            (std::vector<uint8_t>(6, 7)));
}

Status DecodeStatus(const std::vector<uint8_t>& bytes, uint64_t max_pixels = 100'000'000) {
  DecodeOptions options;
  options.max_pixels = max_pixels;
  return DecodeImage(bytes, options).status();
}

TEST(BmpTest, RefusesWhatItDoesNotSupport) {
  const Status rle = DecodeStatus(
      BuildBmp({.width = 2, .height = 1, .bits_per_pixel = 8, .compression = 1, .rows = {{0, 0}}}));
  EXPECT_EQ(rle.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(rle.message(), "BMP RLE compression not supported");
  EXPECT_EQ(
      DecodeStatus(BuildBmp({.width = 1, .height = 1, .bits_per_pixel = 2, .rows = {{0}}})).code(),
      absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(DecodeStatus(BuildBmp({.header_size = 20, .width = 1, .height = 1})).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(DecodeStatus(BuildBmp({.width = -1, .height = 1})).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(DecodeStatus(BuildBmp({.width = 0, .height = 0})).code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(BmpTest, HostileSizesAndOffsets) {
  const std::vector<uint8_t> good =
      BuildBmp({.width = 4,
                .height = 4,
                .rows = std::vector<std::vector<uint8_t>>(4, std::vector<uint8_t>(12, 1))});
  ASSERT_TRUE(DecodeStatus(good).ok());
  // Every truncation is an error, never a crash.
  for (size_t length = 0; length < good.size(); ++length) {
    const Status status = DecodeStatus({good.begin(), good.begin() + length});
    EXPECT_FALSE(status.ok()) << length;
  }
  EXPECT_EQ(DecodeStatus({good.begin(), good.end() - 4}).code(), absl::StatusCode::kDataLoss);
  std::vector<uint8_t> far = good;
  far[10] = far[11] = far[12] = far[13] = 0xFF;  // pixel data at 4 GiB
  EXPECT_EQ(DecodeStatus(far).code(), absl::StatusCode::kDataLoss);
  std::vector<uint8_t> huge = good;  // 2^31-1 x 2^31-1 declared
  huge[18] = huge[19] = huge[20] = huge[22] = huge[23] = huge[24] = 0xFF;
  huge[21] = huge[25] = 0x7F;
  EXPECT_EQ(DecodeStatus(huge).code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(DecodeStatus(good, /*max_pixels=*/15).code(), absl::StatusCode::kResourceExhausted);
  std::vector<uint8_t> min_height = good;  // INT32_MIN
  min_height[22] = min_height[23] = min_height[24] = 0;
  min_height[25] = 0x80;
  EXPECT_EQ(DecodeStatus(min_height).code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace clearhost::image
