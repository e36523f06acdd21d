// EXIF orientation: parsing the APP1 segment (both byte orders, hostile offsets) and the pixel
// transforms, checked by where four distinct quadrants end up.
#include <gtest/gtest.h>

#include "image/image.h"
#include "image/orientation.h"
#include "image/test_images.h"
#include "support/test_support.h"

namespace clearhost::image {
namespace {

using testing::Bytes;
using testing::ExifPayload;
using testing::WithApp1;

TEST(ExifTest, AppliesEveryOrientationInBothByteOrders) {
  const std::vector<uint8_t> jpeg =
      clearhost::testing::EncodeJpeg(testing::QuadrantPicture(32, 16), 95, false);
  for (bool little_endian : {true, false}) {
    for (int orientation = 1; orientation <= 8; ++orientation) {
      SCOPED_TRACE(little_endian ? "II" : "MM");
      auto decoded = DecodeImage(WithApp1(jpeg, ExifPayload(orientation, little_endian)), {});
      ASSERT_TRUE(decoded.ok()) << decoded.status();
      EXPECT_EQ(decoded->exif_orientation, orientation);
      EXPECT_EQ(decoded->stored_width, 32);
      EXPECT_EQ(decoded->stored_height, 16);
      const bool swapped = orientation >= 5;
      EXPECT_EQ(decoded->image.width, swapped ? 16 : 32);
      EXPECT_EQ(decoded->image.height, swapped ? 32 : 16);
      testing::ExpectCorners(decoded->image, orientation);
    }
  }
}

TEST(ExifTest, ReportsButDoesNotApplyWhenTurnedOff) {
  const std::vector<uint8_t> jpeg =
      clearhost::testing::EncodeJpeg(testing::QuadrantPicture(32, 16), 95, false);
  for (int orientation = 1; orientation <= 8; ++orientation) {
    auto decoded =
        DecodeImage(WithApp1(jpeg, ExifPayload(orientation, true)), testing::NoOrientation());
    ASSERT_TRUE(decoded.ok()) << decoded.status();
    EXPECT_EQ(decoded->exif_orientation, orientation);
    EXPECT_EQ(decoded->image.width, 32);
    testing::ExpectCorners(decoded->image, 1);
  }
}

TEST(ExifTest, OrientationAppliesAfterDctScaling) {
  DecodeOptions options;
  options.jpeg_min_dimension = 8;  // 64x32 -> 1/4 = 16x8, then rotated to 8x16
  const std::vector<uint8_t> jpeg =
      clearhost::testing::EncodeJpeg(testing::QuadrantPicture(64, 32), 95, false);
  auto decoded = DecodeImage(WithApp1(jpeg, ExifPayload(6, false)), options);
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(decoded->image.width, 8);
  EXPECT_EQ(decoded->image.height, 16);
  EXPECT_EQ(testing::Classify(testing::Pixel(decoded->image, 1, 1)), testing::kBlue);
}

TEST(ExifTest, TransformsAreExactOnANonSquareImage) {
  RgbImage image{3, 2, {}};
  for (uint8_t i = 0; i < 6; ++i) image.rgb.insert(image.rgb.end(), {i, i, i});
  // Stored:  0 1 2      6 (rotate 90 CW):  3 0
  //          3 4 5                         4 1
  //                                        5 2
  const RgbImage rotated = internal::ApplyOrientation(image, 6);
  ASSERT_EQ(rotated.width, 2);
  ASSERT_EQ(rotated.height, 3);
  const uint8_t expected[] = {3, 0, 4, 1, 5, 2};
  for (int i = 0; i < 6; ++i) EXPECT_EQ(rotated.rgb[size_t(i) * 3], expected[i]) << i;
  const RgbImage back = internal::ApplyOrientation(internal::ApplyOrientation(rotated, 8), 1);
  EXPECT_EQ(back.rgb, image.rgb);
}

TEST(ExifTest, ParserReadsOnlyValidEntries) {
  using internal::ReadExifOrientation;
  EXPECT_EQ(ReadExifOrientation(ExifPayload(6, true)), 6);
  EXPECT_EQ(ReadExifOrientation(ExifPayload(8, false)), 8);
  EXPECT_EQ(ReadExifOrientation(ExifPayload(0, true)), 1);  // out of range
  EXPECT_EQ(ReadExifOrientation(ExifPayload(9, true)), 1);
  EXPECT_EQ(ReadExifOrientation(Bytes("http://ns.adobe.com/xap/1.0/")), 1);  // XMP, not EXIF
  EXPECT_EQ(ReadExifOrientation({}), 1);
}

// Hostile payloads: every offset and count pointing outside the segment, and every truncation.
TEST(ExifTest, ParserSurvivesHostileOffsets) {
  using internal::ReadExifOrientation;
  const std::vector<uint8_t> good = ExifPayload(3, true);
  for (size_t length = 0; length < good.size(); ++length) {
    const std::vector<uint8_t> cut(good.begin(), good.begin() + length);
    // The Orientation value ends at byte 38; the next-IFD link after it is not needed.
    EXPECT_EQ(ReadExifOrientation(cut), length >= 38 ? 3 : 1) << length;
  }
  auto with = [&](size_t offset, const std::vector<uint8_t>& bytes) {
    std::vector<uint8_t> payload = good;
    for (size_t i = 0; i < bytes.size(); ++i) payload.at(offset + i) = bytes[i];
    return payload;
  };
  EXPECT_EQ(ReadExifOrientation(with(10, {0xFF, 0xFF, 0xFF, 0xFF})), 1);  // IFD0 at 4 GiB
  EXPECT_EQ(ReadExifOrientation(with(10, {0xFA, 0xFF, 0xFF, 0xFF})), 1);  // wraps if added
  EXPECT_EQ(ReadExifOrientation(with(10, {37, 0, 0, 0})), 1);  // IFD0 count straddles the end
  EXPECT_EQ(ReadExifOrientation(with(14, {0xFF, 0xFF})), 3);   // 65535 entries: found first
  EXPECT_EQ(ReadExifOrientation(with(14, {0x01, 0x00})), 1);   // count hides the entry
  EXPECT_EQ(ReadExifOrientation(with(8, {43, 0})), 1);         // bad TIFF magic
  EXPECT_EQ(ReadExifOrientation(with(6, {'I', 'M'})), 1);      // bad byte order
  EXPECT_EQ(ReadExifOrientation(with(30, {4, 0})), 1);         // LONG, not SHORT
}

TEST(ExifTest, HostileExifDoesNotStopTheDecode) {
  const std::vector<uint8_t> jpeg =
      clearhost::testing::EncodeJpeg(testing::QuadrantPicture(16, 16), 90, false);
  std::vector<uint8_t> payload = ExifPayload(6, true);
  payload.resize(13);  // cut inside the IFD0 offset
  auto decoded = DecodeImage(WithApp1(jpeg, payload), {});
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(decoded->exif_orientation, 1);
  // An XMP APP1 first, the EXIF one second: the EXIF one is still found.
  auto both = DecodeImage(
      WithApp1(WithApp1(jpeg, ExifPayload(3, false)), Bytes("http://ns.adobe.com/xap/1.0/")), {});
  ASSERT_TRUE(both.ok()) << both.status();
  EXPECT_EQ(both->exif_orientation, 3);
}

}  // namespace
}  // namespace clearhost::image
