// PNG decoding: every colour type and bit depth, alpha dropped with colour as stored, tRNS
// ignored, 16-bit rounding, Adam7.
#include <gtest/gtest.h>

#include "image/image.h"
#include "image/test_images.h"
#include "support/test_support.h"

namespace clearhost::image {
namespace {

using testing::EncodePngSpec;
using testing::PngSpec;

RgbImage DecodeOk(const std::vector<uint8_t>& bytes) {
  auto decoded = DecodeImage(bytes, {});
  EXPECT_TRUE(decoded.ok()) << decoded.status();
  if (!decoded.ok()) return {};
  EXPECT_EQ(decoded->format, ImageFormat::kPng);
  return decoded->image;
}

// Grey values replicated to RGB.
std::vector<uint8_t> GreyToRgb(const std::vector<uint8_t>& grey) {
  std::vector<uint8_t> rgb;
  for (uint8_t v : grey) rgb.insert(rgb.end(), {v, v, v});
  return rgb;
}

TEST(PngTest, RgbIsExact) {
  const RgbImage picture = clearhost::testing::MakeTestPicture(37, 23, 5);
  EXPECT_EQ(DecodeOk(clearhost::testing::EncodePng(picture)).rgb, picture.rgb);
}

TEST(PngTest, GreyIsReplicated) {
  PngSpec spec{.width = 5, .height = 2, .bit_depth = 8, .color_type = PNG_COLOR_TYPE_GRAY};
  spec.rows = {0, 10, 20, 30, 40, 250, 251, 252, 253, 255};
  EXPECT_EQ(DecodeOk(EncodePngSpec(spec)).rgb, GreyToRgb(spec.rows));
}

TEST(PngTest, LowBitGreyIsExpandedTo8Bits) {
  // 1-bit: 0 -> 0, 1 -> 255; 2-bit: v * 85; 4-bit: v * 17 (libpng's expansion).
  PngSpec one{.width = 10, .height = 1, .bit_depth = 1, .color_type = PNG_COLOR_TYPE_GRAY};
  one.rows = {0b10110000, 0b01000000};
  EXPECT_EQ(DecodeOk(EncodePngSpec(one)).rgb, GreyToRgb({255, 0, 255, 255, 0, 0, 0, 0, 0, 255}));
  PngSpec two{.width = 4, .height = 1, .bit_depth = 2, .color_type = PNG_COLOR_TYPE_GRAY};
  two.rows = {0b00011011};
  EXPECT_EQ(DecodeOk(EncodePngSpec(two)).rgb, GreyToRgb({0, 85, 170, 255}));
  PngSpec four{.width = 3, .height = 1, .bit_depth = 4, .color_type = PNG_COLOR_TYPE_GRAY};
  four.rows = {0x0F, 0x70};
  EXPECT_EQ(DecodeOk(EncodePngSpec(four)).rgb, GreyToRgb({0, 255, 119}));
}

TEST(PngTest, GreyAlphaDropsAlpha) {
  PngSpec spec{.width = 3, .height = 1, .bit_depth = 8, .color_type = PNG_COLOR_TYPE_GRAY_ALPHA};
  spec.rows = {10, 0, 20, 128, 30, 255};
  EXPECT_EQ(DecodeOk(EncodePngSpec(spec)).rgb, GreyToRgb({10, 20, 30}));
}

// Colour channels as stored, even under fully transparent pixels: nothing is composited.
TEST(PngTest, RgbaKeepsColourUnderTransparency) {
  PngSpec spec{.width = 3, .height = 1, .bit_depth = 8, .color_type = PNG_COLOR_TYPE_RGB_ALPHA};
  spec.rows = {200, 100, 50, 0, 1, 2, 3, 128, 250, 251, 252, 255};
  EXPECT_EQ(DecodeOk(EncodePngSpec(spec)).rgb,
            (std::vector<uint8_t>{200, 100, 50, 1, 2, 3, 250, 251, 252}));
}

TEST(PngTest, PaletteIsExpandedAndTrnsIgnored) {
  PngSpec spec{.width = 4, .height = 2, .bit_depth = 8, .color_type = PNG_COLOR_TYPE_PALETTE};
  spec.palette = {{255, 0, 0}, {0, 255, 0}, {0, 0, 255}, {9, 8, 7}};
  spec.rows = {0, 1, 2, 3, 3, 2, 1, 0};
  const std::vector<uint8_t> expected = {255, 0, 0, 0, 255, 0,   0, 0,   255, 9,   8, 7,
                                         9,   8, 7, 0, 0,   255, 0, 255, 0,   255, 0, 0};
  EXPECT_EQ(DecodeOk(EncodePngSpec(spec)).rgb, expected);
  spec.trans_alpha = {0, 128};  // entries 0 and 1 (partly) transparent: colours still as stored
  EXPECT_EQ(DecodeOk(EncodePngSpec(spec)).rgb, expected);
}

TEST(PngTest, LowBitPaletteIsExpanded) {
  PngSpec spec{.width = 5, .height = 1, .bit_depth = 2, .color_type = PNG_COLOR_TYPE_PALETTE};
  spec.palette = {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}, {10, 11, 12}};
  spec.rows = {0b00011011, 0b01000000};
  EXPECT_EQ(DecodeOk(EncodePngSpec(spec)).rgb,
            (std::vector<uint8_t>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 4, 5, 6}));
}

TEST(PngTest, SixteenBitSamplesAreRounded) {
  // round(v * 255 / 65535): 0x0080 -> 0 (0.498), 0x0081 -> 1 (0.502), 0x00FF -> 1 (0.992;
  // keeping the high byte would give 0), 0x7FFF -> 127 (127.498).
  const uint16_t samples[] = {0x0000, 0x0080, 0x0081, 0x00FF, 0x7FFF, 0xFFFF};
  const uint8_t expected[] = {0, 0, 1, 1, 127, 255};
  PngSpec rgb{.width = 2, .height = 1, .bit_depth = 16, .color_type = PNG_COLOR_TYPE_RGB};
  for (uint16_t v : samples) rgb.rows.insert(rgb.rows.end(), {uint8_t(v >> 8), uint8_t(v)});
  EXPECT_EQ(DecodeOk(EncodePngSpec(rgb)).rgb, std::vector<uint8_t>(expected, expected + 6));
  PngSpec grey{.width = 6, .height = 1, .bit_depth = 16, .color_type = PNG_COLOR_TYPE_GRAY};
  grey.rows = rgb.rows;
  EXPECT_EQ(DecodeOk(EncodePngSpec(grey)).rgb,
            GreyToRgb(std::vector<uint8_t>(expected, expected + 6)));
  PngSpec rgba{.width = 1, .height = 1, .bit_depth = 16, .color_type = PNG_COLOR_TYPE_RGB_ALPHA};
  rgba.rows = {0x12, 0x34, 0xAB, 0xCD, 0xFF, 0xFF, 0x00, 0x00};
  EXPECT_EQ(DecodeOk(EncodePngSpec(rgba)).rgb, (std::vector<uint8_t>{0x12, 0xAB, 0xFF}));
}

TEST(PngTest, InterlacedMatchesNonInterlaced) {
  const RgbImage picture = clearhost::testing::MakeTestPicture(29, 19, 6);
  PngSpec spec{.width = 29,
               .height = 19,
               .bit_depth = 8,
               .color_type = PNG_COLOR_TYPE_RGB,
               .interlaced = true};
  spec.rows = picture.rgb;
  EXPECT_EQ(DecodeOk(EncodePngSpec(spec)).rgb, picture.rgb);
  PngSpec palette{.width = 9,
                  .height = 7,
                  .bit_depth = 4,
                  .color_type = PNG_COLOR_TYPE_PALETTE,
                  .interlaced = true};
  palette.palette = {{0, 0, 0}, {255, 255, 255}};
  palette.rows.assign(5 * 7, 0);
  palette.rows[0] = 0x10;  // pixel (0, 0) white, the rest black
  const RgbImage decoded = DecodeOk(EncodePngSpec(palette));
  ASSERT_EQ(decoded.rgb.size(), 9u * 7 * 3);
  EXPECT_EQ(testing::Pixel(decoded, 0, 0), (std::vector<uint8_t>{255, 255, 255}));
  EXPECT_EQ(testing::Pixel(decoded, 1, 0), (std::vector<uint8_t>{0, 0, 0}));
}

}  // namespace
}  // namespace clearhost::image
