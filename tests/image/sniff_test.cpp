// Container sniffing: magic bytes decide, file names never do.
#include <gtest/gtest.h>

#include "image/image.h"
#include "image/test_images.h"
#include "support/test_support.h"

namespace clearhost::image {
namespace {

using testing::Bytes;

// Takes the literal's full length: several magics contain NUL bytes.
template <size_t N>
ImageFormat Sniff(const char (&head)[N]) {
  return SniffImageFormat(Bytes(std::string_view(head, N - 1)));
}
ImageFormat Sniff(const std::string& head) {
  return SniffImageFormat(Bytes(head));
}

TEST(SniffTest, RecognisesEveryMagic) {
  EXPECT_EQ(Sniff("\xFF\xD8\xFF\xE0"), ImageFormat::kJpeg);
  EXPECT_EQ(Sniff("\x89PNG\r\n\x1A\n...."), ImageFormat::kPng);
  EXPECT_EQ(Sniff("RIFF\x10\0\0\0WEBPVP8 "), ImageFormat::kWebp);
  EXPECT_EQ(Sniff("GIF87a"), ImageFormat::kGif);
  EXPECT_EQ(Sniff("GIF89a\x01\0"), ImageFormat::kGif);
  EXPECT_EQ(Sniff("II*\0\x08\0\0\0"), ImageFormat::kTiff);
  EXPECT_EQ(Sniff("MM\0*\0\0\0\x08"), ImageFormat::kTiff);
  EXPECT_EQ(Sniff("II+\0"), ImageFormat::kTiff);  // BigTIFF
  EXPECT_EQ(Sniff("BM\x36\0\0\0"), ImageFormat::kBmp);
  for (char kind = '1'; kind <= '6'; ++kind) {
    EXPECT_EQ(Sniff(std::string("P") + kind + "\n1 1\n"), ImageFormat::kPnm) << kind;
  }
  EXPECT_EQ(Sniff("P6\t"), ImageFormat::kPnm);
}

TEST(SniffTest, RefusesNearMisses) {
  EXPECT_EQ(Sniff(""), ImageFormat::kUnknown);
  EXPECT_EQ(Sniff("\xFF\xD8"), ImageFormat::kUnknown);         // too short for a JPEG
  EXPECT_EQ(Sniff("\x89PNG\r\n\x1A"), ImageFormat::kUnknown);  // 7 of 8 signature bytes
  EXPECT_EQ(Sniff("RIFF\x10\0\0\0WAVEfmt "), ImageFormat::kUnknown);
  EXPECT_EQ(Sniff("GIF88a"), ImageFormat::kUnknown);
  EXPECT_EQ(Sniff("P7\n"), ImageFormat::kUnknown);  // PAM is not supported
  EXPECT_EQ(Sniff("P6x"), ImageFormat::kUnknown);
  EXPECT_EQ(Sniff("P6"), ImageFormat::kUnknown);
  EXPECT_EQ(Sniff("hello world"), ImageFormat::kUnknown);
  EXPECT_EQ(Sniff("<svg xmlns="), ImageFormat::kUnknown);
}

TEST(SniffTest, NamesFormats) {
  EXPECT_EQ(ImageFormatName(ImageFormat::kJpeg), "jpeg");
  EXPECT_EQ(ImageFormatName(ImageFormat::kPng), "png");
  EXPECT_EQ(ImageFormatName(ImageFormat::kWebp), "webp");
  EXPECT_EQ(ImageFormatName(ImageFormat::kGif), "gif");
  EXPECT_EQ(ImageFormatName(ImageFormat::kTiff), "tiff");
  EXPECT_EQ(ImageFormatName(ImageFormat::kBmp), "bmp");
  EXPECT_EQ(ImageFormatName(ImageFormat::kPnm), "pnm");
  EXPECT_EQ(ImageFormatName(ImageFormat::kUnknown), "unknown");
}

// A PNG saved as "photo.jpg" and a JPEG saved as "scan.png" decode as what they are.
TEST(SniffTest, IgnoresFileExtensions) {
  const RgbImage picture = clearhost::testing::MakeTestPicture(24, 16, 7);
  clearhost::testing::ScratchDir dir;
  clearhost::testing::WriteFile(dir.path() / "photo.jpg", clearhost::testing::EncodePng(picture));
  clearhost::testing::WriteFile(dir.path() / "scan.png",
                                clearhost::testing::EncodeJpeg(picture, 90, false));
  auto png = DecodeImage(clearhost::testing::ReadFileBytes(dir.path() / "photo.jpg"), {});
  ASSERT_TRUE(png.ok()) << png.status();
  EXPECT_EQ(png->format, ImageFormat::kPng);
  EXPECT_EQ(png->image.rgb, picture.rgb);
  auto jpeg = DecodeImage(clearhost::testing::ReadFileBytes(dir.path() / "scan.png"), {});
  ASSERT_TRUE(jpeg.ok()) << jpeg.status();
  EXPECT_EQ(jpeg->format, ImageFormat::kJpeg);
}

TEST(SniffTest, UnknownInputSaysWhatItSaw) {
  auto result = DecodeImage(Bytes("hello world"), {});
  ASSERT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(result.status().message().find("not a recognised image format"), std::string::npos);
  EXPECT_NE(result.status().message().find("68 65 6c 6c"), std::string::npos);
}

}  // namespace
}  // namespace clearhost::image
