// JPEG decoding: baseline, progressive, grey, CMYK/YCCK, bit-exactness with libjpeg's defaults,
// and DCT-domain scaling.
#include <gtest/gtest.h>

#include "image/image.h"
#include "image/test_images.h"
#include "support/test_support.h"

namespace clearhost::image {
namespace {

using clearhost::testing::EncodeJpeg;
using clearhost::testing::MakeTestPicture;
using testing::EncodeJpegSamples;

TEST(JpegTest, BaselineDecodesCloseToSource) {
  const RgbImage picture = MakeTestPicture(256, 192, 1);
  auto decoded = DecodeImage(EncodeJpeg(picture, 95, /*progressive=*/false), {});
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(decoded->format, ImageFormat::kJpeg);
  EXPECT_EQ(decoded->stored_width, 256);
  EXPECT_EQ(decoded->stored_height, 192);
  EXPECT_EQ(decoded->exif_orientation, 1);
  EXPECT_LE(testing::MeanAbsDiff(decoded->image, picture), 3.0);
}

TEST(JpegTest, ProgressiveDecodesCloseToSource) {
  const RgbImage picture = MakeTestPicture(240, 160, 2);
  auto decoded = DecodeImage(EncodeJpeg(picture, 95, /*progressive=*/true), {});
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(decoded->image.width, 240);
  EXPECT_EQ(decoded->image.height, 160);
  EXPECT_LE(testing::MeanAbsDiff(decoded->image, picture), 3.0);
}

// ImageMagick decodes with libjpeg's defaults; PDQ conformance needs exactly those pixels.
TEST(JpegTest, MatchesLibjpegDefaultDecodeExactly) {
  for (bool progressive : {false, true}) {
    const std::vector<uint8_t> jpeg = EncodeJpeg(MakeTestPicture(67, 45, 3), 80, progressive);
    auto decoded = DecodeImage(jpeg, {});
    ASSERT_TRUE(decoded.ok()) << decoded.status();
    EXPECT_EQ(decoded->image.rgb, testing::ReferenceJpegDecode(jpeg).rgb) << progressive;
  }
}

TEST(JpegTest, GreyIsReplicated) {
  std::vector<uint8_t> grey(32 * 16);
  for (size_t i = 0; i < grey.size(); ++i) grey[i] = uint8_t(i % 32 * 8);
  auto decoded =
      DecodeImage(EncodeJpegSamples(32, 16, 1, JCS_GRAYSCALE, JCS_GRAYSCALE, grey, 100), {});
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  ASSERT_EQ(decoded->image.rgb.size(), grey.size() * 3);
  for (size_t i = 0; i < grey.size(); ++i) {
    const uint8_t* p = &decoded->image.rgb[i * 3];
    EXPECT_EQ(p[0], p[1]);
    EXPECT_EQ(p[0], p[2]);
    EXPECT_NEAR(p[0], grey[i], 4) << i;
  }
}

// Flat CMYK blocks, stored as Photoshop does (inverted: 255 = no ink), as CMYK and as YCCK.
// Expected: R = C * K / 255 on the stored values (ImageMagick's conversion).
TEST(JpegTest, CmykAndYcckConvertAsImageMagick) {
  constexpr int kWidth = 32, kHeight = 16;
  const uint8_t blocks[4][4] = {
      {255, 255, 255, 255}, {200, 120, 40, 255}, {255, 255, 255, 100}, {30, 220, 160, 180}};
  std::vector<uint8_t> cmyk(size_t(kWidth) * kHeight * 4);
  for (int y = 0; y < kHeight; ++y) {
    for (int x = 0; x < kWidth; ++x) {
      std::memcpy(&cmyk[(size_t(y) * kWidth + x) * 4], blocks[x / 8], 4);
    }
  }
  for (J_COLOR_SPACE stored : {JCS_CMYK, JCS_YCCK}) {
    auto decoded =
        DecodeImage(EncodeJpegSamples(kWidth, kHeight, 4, JCS_CMYK, stored, cmyk, 100), {});
    ASSERT_TRUE(decoded.ok()) << decoded.status();
    for (int block = 0; block < 4; ++block) {
      const std::vector<uint8_t> pixel = testing::Pixel(decoded->image, block * 8 + 4, 8);
      const uint8_t* c = blocks[block];
      EXPECT_NEAR(pixel[0], (c[0] * c[3] + 127) / 255, 3) << stored << " block " << block;
      EXPECT_NEAR(pixel[1], (c[1] * c[3] + 127) / 255, 3) << stored << " block " << block;
      EXPECT_NEAR(pixel[2], (c[2] * c[3] + 127) / 255, 3) << stored << " block " << block;
    }
  }
}

struct ScaleCase {
  int width, height, min_dimension, expected_width, expected_height;
};

TEST(JpegTest, DctScalingPicksTheLargestDenominatorThatKeepsTheMinimum) {
  const ScaleCase cases[] = {
      {200, 100, 0, 200, 100},    // off
      {200, 100, 13, 25, 13},     // 1/8: ceil(100 / 8) = 13
      {200, 100, 14, 50, 25},     // 1/4
      {200, 100, 26, 100, 50},    // 1/2
      {200, 100, 51, 200, 100},   // 1/1
      {200, 100, 500, 200, 100},  // even 1/1 is below: 1/1
      {201, 99, 13, 26, 13},      // rounding up
      {100, 200, 25, 25, 50},     // portrait: 1/8 would give width 13 < 25, so 1/4
  };
  for (const ScaleCase& c : cases) {
    DecodeOptions options;
    options.jpeg_min_dimension = c.min_dimension;
    const RgbImage picture = MakeTestPicture(c.width, c.height, 4);
    auto decoded = DecodeImage(EncodeJpeg(picture, 90, false), options);
    ASSERT_TRUE(decoded.ok()) << decoded.status();
    EXPECT_EQ(decoded->image.width, c.expected_width)
        << c.width << "x" << c.height << " min " << c.min_dimension;
    EXPECT_EQ(decoded->image.height, c.expected_height)
        << c.width << "x" << c.height << " min " << c.min_dimension;
    EXPECT_EQ(decoded->image.rgb.size(), size_t(c.expected_width) * c.expected_height * 3);
    EXPECT_EQ(decoded->stored_width, c.width);
    EXPECT_EQ(decoded->stored_height, c.height);
  }
}

TEST(JpegTest, ScaledDecodeLooksLikeTheDownscaledPicture) {
  const RgbImage picture = testing::QuadrantPicture(64, 32);
  DecodeOptions options;
  options.jpeg_min_dimension = 8;  // 1/4: 16x8
  auto decoded = DecodeImage(EncodeJpeg(picture, 95, false), options);
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  ASSERT_EQ(decoded->image.width, 16);
  const std::vector<uint8_t> top_left = testing::Pixel(decoded->image, 2, 1);
  EXPECT_GT(top_left[0], 200);
  EXPECT_LT(top_left[1], 60);
}

}  // namespace
}  // namespace clearhost::image
