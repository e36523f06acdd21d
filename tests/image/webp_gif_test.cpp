// WebP (lossless exact, lossy close, alpha dropped, animation refused) and GIF (first frame on
// the logical screen: background, offset, transparency, interlacing, local palettes).
#include <gtest/gtest.h>

#include "image/image.h"
#include "image/test_encoders.h"
#include "image/test_images.h"
#include "support/test_support.h"

namespace clearhost::image {
namespace {

using testing::EncodeGif;
using testing::EncodeWebp;
using testing::GifFrameSpec;
using testing::GifSpec;

TEST(WebpTest, LosslessIsExact) {
  const RgbImage picture = clearhost::testing::MakeTestPicture(33, 21, 8);
  auto decoded = DecodeImage(EncodeWebp(33, 21, picture.rgb, false, true), {});
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(decoded->format, ImageFormat::kWebp);
  EXPECT_EQ(decoded->stored_width, 33);
  EXPECT_EQ(decoded->image.rgb, picture.rgb);
}

TEST(WebpTest, LossyIsClose) {
  const RgbImage picture = testing::QuadrantPicture(48, 32);
  auto decoded = DecodeImage(EncodeWebp(48, 32, picture.rgb, false, false, 95), {});
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(decoded->image.width, 48);
  EXPECT_NEAR(testing::Pixel(decoded->image, 4, 4)[0], 255, 12);
  EXPECT_NEAR(testing::Pixel(decoded->image, 4, 4)[1], 0, 12);
  EXPECT_NEAR(testing::Pixel(decoded->image, 40, 28)[2], 255, 12);
}

TEST(WebpTest, AlphaIsDroppedWithColourAsStored) {
  const std::vector<uint8_t> rgba = {10, 20, 30, 0, 40, 50, 60, 128, 70, 80, 90, 255, 1, 2, 3, 7};
  auto decoded = DecodeImage(EncodeWebp(2, 2, rgba, true, true), {});
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(decoded->image.rgb,
            (std::vector<uint8_t>{10, 20, 30, 40, 50, 60, 70, 80, 90, 1, 2, 3}));
}

TEST(WebpTest, AnimationIsRefusedClearly) {
  // RIFF + VP8X chunk with the animation flag (bit 1) on a 16x16 canvas.
  std::vector<uint8_t> webp = testing::Bytes("RIFF");
  testing::AppendLe32(webp, 4 + 8 + 10);
  webp.insert(webp.end(), {'W', 'E', 'B', 'P', 'V', 'P', '8', 'X'});
  testing::AppendLe32(webp, 10);
  testing::Append(webp, {0x02, 0, 0, 0, 15, 0, 0, 15, 0, 0});
  auto decoded = DecodeImage(webp, {});
  EXPECT_EQ(decoded.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(decoded.status().message().find("animated WebP"), std::string::npos);
}

const std::vector<GifColorType> kPalette = {{0, 0, 0}, {255, 0, 0},  {0, 255, 0}, {0, 0, 255},
                                            {9, 9, 9}, {50, 60, 70}, {1, 2, 3},   {4, 5, 6}};

std::vector<uint8_t> Rgb(const std::vector<uint8_t>& indices,
                         const std::vector<GifColorType>& palette) {
  std::vector<uint8_t> rgb;
  for (uint8_t i : indices)
    rgb.insert(rgb.end(), {palette[i].Red, palette[i].Green, palette[i].Blue});
  return rgb;
}

TEST(GifTest, FullFrameIsExact) {
  GifFrameSpec frame{.width = 4, .height = 3};
  frame.indices = {0, 1, 2, 3, 4, 5, 6, 7, 7, 6, 5, 4};
  auto decoded = DecodeImage(EncodeGif({4, 3, 0, kPalette, {frame}}), {});
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(decoded->format, ImageFormat::kGif);
  EXPECT_EQ(decoded->image.rgb, Rgb(frame.indices, kPalette));
}

// A 2x2 frame at (1, 1) on a 4x3 screen whose background is entry 5; index 1 is transparent.
TEST(GifTest, FrameIsComposedOnTheBackground) {
  GifFrameSpec frame{.left = 1, .top = 1, .width = 2, .height = 2, .transparent_index = 1};
  frame.indices = {2, 1, 3, 4};
  auto decoded = DecodeImage(EncodeGif({4, 3, 5, kPalette, {frame}}), {});
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(decoded->image.width, 4);
  EXPECT_EQ(decoded->image.height, 3);
  EXPECT_EQ(decoded->image.rgb, Rgb({5, 5, 5, 5, 5, 2, 5, 5, 5, 3, 4, 5}, kPalette));
}

TEST(GifTest, InterlacedFrameRowsLandInPlace) {
  GifFrameSpec frame{.width = 3, .height = 11, .interlaced = true};
  for (int y = 0; y < 11; ++y) frame.indices.insert(frame.indices.end(), 3, uint8_t(y % 8));
  auto decoded = DecodeImage(EncodeGif({3, 11, 0, kPalette, {frame}}), {});
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(decoded->image.rgb, Rgb(frame.indices, kPalette));
}

TEST(GifTest, LocalPaletteWinsAndOnlyTheFirstFrameCounts) {
  const std::vector<GifColorType> local = {{11, 12, 13}, {21, 22, 23}};
  GifFrameSpec first{.width = 2, .height = 1, .local_palette = local};
  first.indices = {1, 0};
  // The second frame has a local palette too: giflib 5.2.1's encoder leaks a frame's local
  // palette when the next frame has none.
  GifFrameSpec second{.width = 2, .height = 1, .local_palette = {{99, 99, 99}, {98, 98, 98}}};
  second.indices = {1, 1};
  auto decoded = DecodeImage(EncodeGif({2, 1, 0, kPalette, {first, second}}), {});
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(decoded->image.rgb, (std::vector<uint8_t>{21, 22, 23, 11, 12, 13}));
}

TEST(GifTest, NoGlobalPaletteMeansBlackBackground) {
  GifFrameSpec frame{.width = 1, .height = 1, .local_palette = {{7, 7, 7}, {8, 8, 8}}};
  frame.indices = {1};
  auto decoded = DecodeImage(EncodeGif({2, 1, 0, {}, {frame}}), {});
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(decoded->image.rgb, (std::vector<uint8_t>{8, 8, 8, 0, 0, 0}));
}

TEST(GifTest, FrameWithoutAnyPaletteIsRefused) {
  // Hand-built (giflib will not write it): 1x1 screen, no global table, one 1x1 frame with no
  // local table; LZW minimum code size 2, codes clear(4) 0 end(5) packed as 0x44 0x01.
  const std::vector<uint8_t> gif = {'G', 'I', 'F', '8', '9', 'a', 1, 0, 1, 0, 0,    0,    0, ',', 0,
                                    0,   0,   0,   1,   0,   1,   0, 0, 2, 2, 0x44, 0x01, 0, ';'};
  auto decoded = DecodeImage(gif, {});
  EXPECT_EQ(decoded.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(GifTest, ScreenWithoutImageIsRefused) {
  auto decoded = DecodeImage(EncodeGif({4, 4, 0, kPalette, {}}), {});
  EXPECT_EQ(decoded.status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace clearhost::image
