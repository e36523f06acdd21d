// TIFF decoding through libtiff's RGBA interface: layouts (strips, tiles, bands), photometric
// variants, alpha kept out of the colour, and the Orientation tag.
#include <gtest/gtest.h>

#include "image/image.h"
#include "image/test_encoders.h"
#include "image/test_images.h"
#include "support/test_support.h"

namespace clearhost::image {
namespace {

using testing::EncodeTiff;
using testing::TiffSpec;

RgbImage DecodeOk(const std::vector<uint8_t>& bytes, const DecodeOptions& options = {}) {
  auto decoded = DecodeImage(bytes, options);
  EXPECT_TRUE(decoded.ok()) << decoded.status();
  if (!decoded.ok()) return {};
  EXPECT_EQ(decoded->format, ImageFormat::kTiff);
  return decoded->image;
}

TiffSpec RgbSpec(const RgbImage& picture) {
  TiffSpec spec;
  spec.width = picture.width;
  spec.height = picture.height;
  spec.data = picture.rgb;
  return spec;
}

TEST(TiffTest, RgbStripsTilesAndCodecsAreExact) {
  const RgbImage picture = clearhost::testing::MakeTestPicture(40, 35, 9);
  TiffSpec spec = RgbSpec(picture);
  EXPECT_EQ(DecodeOk(EncodeTiff(spec)).rgb, picture.rgb);
  spec.rows_per_strip = 3;
  spec.compression = COMPRESSION_LZW;
  EXPECT_EQ(DecodeOk(EncodeTiff(spec)).rgb, picture.rgb);
  spec.rows_per_strip = 0;
  spec.tile_size = 16;
  spec.compression = COMPRESSION_ADOBE_DEFLATE;
  EXPECT_EQ(DecodeOk(EncodeTiff(spec)).rgb, picture.rgb);
}

// Tall pictures are decoded in bands of whole strips or tiles; every band lands in place.
TEST(TiffTest, BandsCoverTallPictures) {
  const RgbImage picture = clearhost::testing::MakeTestPicture(9, 700, 10);
  TiffSpec spec = RgbSpec(picture);
  for (int rows_per_strip : {1, 7, 256, 300, 0}) {
    spec.rows_per_strip = rows_per_strip;
    EXPECT_EQ(DecodeOk(EncodeTiff(spec)).rgb, picture.rgb) << rows_per_strip;
  }
  spec.rows_per_strip = 0;
  spec.tile_size = 32;
  EXPECT_EQ(DecodeOk(EncodeTiff(spec)).rgb, picture.rgb);
}

TEST(TiffTest, GreyBilevelAndPalette) {
  TiffSpec grey{
      .width = 4, .height = 1, .samples_per_pixel = 1, .photometric = PHOTOMETRIC_MINISBLACK};
  grey.data = {0, 50, 200, 255};
  EXPECT_EQ(DecodeOk(EncodeTiff(grey)).rgb,
            (std::vector<uint8_t>{0, 0, 0, 50, 50, 50, 200, 200, 200, 255, 255, 255}));
  TiffSpec bilevel{.width = 3,
                   .height = 1,
                   .samples_per_pixel = 1,
                   .bits_per_sample = 1,
                   .photometric = PHOTOMETRIC_MINISBLACK};
  bilevel.data = {0b10100000};
  EXPECT_EQ(DecodeOk(EncodeTiff(bilevel)).rgb,
            (std::vector<uint8_t>{255, 255, 255, 0, 0, 0, 255, 255, 255}));
  TiffSpec palette{.width = 3,
                   .height = 1,
                   .samples_per_pixel = 1,
                   .bits_per_sample = 2,
                   .photometric = PHOTOMETRIC_PALETTE};
  // 16-bit colormap: reds, then greens, then blues; entry i is (10i, 20i, 30i) * 257.
  for (int channel = 1; channel <= 3; ++channel) {
    for (int i = 0; i < 4; ++i) palette.colormap.push_back(uint16_t(10 * channel * i * 257));
  }
  palette.data = {0b11011000};  // 3, 1, 2
  EXPECT_EQ(DecodeOk(EncodeTiff(palette)).rgb,
            (std::vector<uint8_t>{30, 60, 90, 10, 20, 30, 20, 40, 60}));
}

TEST(TiffTest, AlphaIsDroppedWithColourAsStored) {
  for (int extra : {EXTRASAMPLE_UNASSALPHA, EXTRASAMPLE_ASSOCALPHA, EXTRASAMPLE_UNSPECIFIED}) {
    TiffSpec spec{.width = 3, .height = 1, .samples_per_pixel = 4, .extra_sample = extra};
    spec.data = {200, 100, 50, 0, 10, 20, 30, 128, 250, 251, 252, 255};
    EXPECT_EQ(DecodeOk(EncodeTiff(spec)).rgb,
              (std::vector<uint8_t>{200, 100, 50, 10, 20, 30, 250, 251, 252}))
        << "extra sample kind " << extra;
  }
}

TEST(TiffTest, SixteenBitIsScaled) {
  TiffSpec spec{.width = 1, .height = 1, .bits_per_sample = 16};
  const uint16_t samples[] = {0x0000, 0x8080, 0xFFFF};
  spec.data.resize(sizeof(samples));
  std::memcpy(spec.data.data(), samples, sizeof(samples));  // native byte order, as libtiff writes
  const RgbImage decoded = DecodeOk(EncodeTiff(spec));
  ASSERT_EQ(decoded.rgb.size(), 3u);
  EXPECT_EQ(decoded.rgb[0], 0);
  EXPECT_NEAR(decoded.rgb[1], 128, 1);
  EXPECT_EQ(decoded.rgb[2], 255);
}

TEST(TiffTest, CmykIsConverted) {
  TiffSpec spec{
      .width = 1, .height = 1, .samples_per_pixel = 4, .photometric = PHOTOMETRIC_SEPARATED};
  spec.data = {0, 255, 55, 100};  // TIFF CMYK is not inverted: 0 = no ink
  const RgbImage decoded = DecodeOk(EncodeTiff(spec));
  ASSERT_EQ(decoded.rgb.size(), 3u);
  EXPECT_NEAR(decoded.rgb[0], 155, 1);  // (255 - 0) * (255 - 100) / 255
  EXPECT_NEAR(decoded.rgb[1], 0, 1);
  EXPECT_NEAR(decoded.rgb[2], 121, 1);  // 200 * 155 / 255
}

TEST(TiffTest, OrientationTagIsAppliedOnlyWhenAsked) {
  const RgbImage picture = testing::QuadrantPicture(32, 16);
  for (int orientation = 1; orientation <= 8; ++orientation) {
    TiffSpec spec = RgbSpec(picture);
    spec.orientation = orientation;
    spec.rows_per_strip = 5;
    const std::vector<uint8_t> tiff = EncodeTiff(spec);
    auto shown = DecodeImage(tiff, {});
    ASSERT_TRUE(shown.ok()) << shown.status();
    EXPECT_EQ(shown->exif_orientation, orientation);
    EXPECT_EQ(shown->stored_width, 32);
    testing::ExpectCorners(shown->image, orientation);
    auto stored = DecodeImage(tiff, testing::NoOrientation());
    ASSERT_TRUE(stored.ok()) << stored.status();
    EXPECT_EQ(stored->image.rgb, picture.rgb) << orientation;
  }
}

}  // namespace
}  // namespace clearhost::image
