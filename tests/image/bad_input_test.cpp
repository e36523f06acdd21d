// Hostile and broken input: every failure is an error value with the documented code, never a
// crash, a hang, an exit() inside a library, or an allocation sized by a lying header.
#include <gtest/gtest.h>

#include <random>

#include "image/image.h"
#include "image/test_encoders.h"
#include "image/test_images.h"
#include "support/test_support.h"

namespace clearhost::image {
namespace {

using clearhost::testing::EncodeJpeg;
using clearhost::testing::EncodePng;
using clearhost::testing::MakeTestPicture;
using testing::Bytes;

Status Decode(const std::vector<uint8_t>& bytes, uint64_t max_pixels = 100'000'000) {
  DecodeOptions options;
  options.max_pixels = max_pixels;
  return DecodeImage(bytes, options).status();
}

std::vector<uint8_t> Cut(const std::vector<uint8_t>& bytes, size_t length) {
  return std::vector<uint8_t>(bytes.begin(), bytes.begin() + std::min(length, bytes.size()));
}

size_t Find(const std::vector<uint8_t>& bytes, std::initializer_list<uint8_t> needle) {
  auto it = std::search(bytes.begin(), bytes.end(), needle.begin(), needle.end());
  return it == bytes.end() ? std::string::npos : size_t(it - bytes.begin());
}

uint32_t Crc32(const uint8_t* data, size_t size) {
  uint32_t crc = 0xFFFFFFFF;
  for (size_t i = 0; i < size; ++i) {
    crc ^= data[i];
    for (int bit = 0; bit < 8; ++bit) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1)));
  }
  return ~crc;
}

void AppendBe32(std::vector<uint8_t>& out, uint32_t v) {
  testing::Append(out, {uint8_t(v >> 24), uint8_t(v >> 16), uint8_t(v >> 8), uint8_t(v)});
}

// A PNG of only IHDR (and IEND) declaring width x height, 8-bit RGB, with valid CRCs.
std::vector<uint8_t> PngHeaderOnly(uint32_t width, uint32_t height) {
  std::vector<uint8_t> out = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
  std::vector<uint8_t> ihdr = {'I', 'H', 'D', 'R'};
  AppendBe32(ihdr, width);
  AppendBe32(ihdr, height);
  testing::Append(ihdr, {8, 2, 0, 0, 0});
  AppendBe32(out, 13);
  out.insert(out.end(), ihdr.begin(), ihdr.end());
  AppendBe32(out, Crc32(ihdr.data(), ihdr.size()));
  AppendBe32(out, 0);
  testing::Append(out, {'I', 'E', 'N', 'D', 0xAE, 0x42, 0x60, 0x82});
  return out;
}

TEST(BadInputTest, EmptyRandomAndText) {
  EXPECT_EQ(Decode({}).code(), absl::StatusCode::kInvalidArgument);
  std::mt19937 rng(42);
  std::vector<uint8_t> noise(4096);
  for (uint8_t& b : noise) b = uint8_t(rng());
  EXPECT_EQ(Decode(noise).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Decode(Bytes("Dear abuse desk,\nplease find attached...\n")).code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(BadInputTest, TruncatedJpegAndPngAreDataLoss) {
  const RgbImage picture = MakeTestPicture(64, 64, 11);
  for (bool progressive : {false, true}) {
    const std::vector<uint8_t> jpeg = EncodeJpeg(picture, 90, progressive);
    const Status status = Decode(Cut(jpeg, jpeg.size() / 2));
    EXPECT_EQ(status.code(), absl::StatusCode::kDataLoss) << status;
    EXPECT_EQ(status.message(), "truncated JPEG data");
  }
  const std::vector<uint8_t> png = EncodePng(picture);
  const Status status = Decode(Cut(png, png.size() / 2));
  EXPECT_EQ(status.code(), absl::StatusCode::kDataLoss) << status;
  EXPECT_EQ(status.message(), "truncated PNG data");
}

// A lying header must be refused before the pixel buffer exists: 100000 x 100000 x 3 bytes
// would be 30 GB, so reaching the allocation would fail the test (or the sanitizer) loudly.
TEST(BadInputTest, HugePngHeaderIsRefusedBeforeAllocating) {
  const Status status = Decode(PngHeaderOnly(100000, 100000));
  EXPECT_EQ(status.code(), absl::StatusCode::kResourceExhausted) << status;
  EXPECT_EQ(status.message(),
            "image is 100000x100000 = 10000000000 pixels, over the limit of 100000000");
  EXPECT_EQ(Decode(PngHeaderOnly(2000000, 1)).code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(Decode(PngHeaderOnly(0x7FFFFFFF, 0x7FFFFFFF)).code(),
            absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(Decode(PngHeaderOnly(20, 20), /*max_pixels=*/399).code(),
            absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(Decode(PngHeaderOnly(20, 20), /*max_pixels=*/400).code(),
            absl::StatusCode::kDataLoss);  // within the limit, but no IDAT
}

// Every format refuses a picture over a small limit.
TEST(BadInputTest, EveryFormatChecksThePixelLimit) {
  const RgbImage picture = MakeTestPicture(20, 10, 12);
  const std::vector<std::vector<uint8_t>> files = {
      EncodeJpeg(picture, 90, false),
      EncodePng(picture),
      testing::EncodeWebp(20, 10, picture.rgb, false, true),
      testing::EncodeGif({20,
                          10,
                          0,
                          {{0, 0, 0}, {1, 1, 1}},
                          {{.width = 20, .height = 10, .indices = std::vector<uint8_t>(200)}}}),
      testing::EncodeTiff({.width = 20, .height = 10, .data = picture.rgb}),
      Bytes("P5 20 10 255\n" + std::string(200, 'x')),
  };
  for (const std::vector<uint8_t>& file : files) {
    EXPECT_TRUE(Decode(file, 200).ok()) << ImageFormatName(SniffImageFormat(file));
    EXPECT_EQ(Decode(file, 199).code(), absl::StatusCode::kResourceExhausted)
        << ImageFormatName(SniffImageFormat(file));
  }
}

TEST(BadInputTest, HugeJpegFrameHeaderIsRefused) {
  std::vector<uint8_t> jpeg = EncodeJpeg(MakeTestPicture(16, 16, 13), 90, false);
  const size_t sof = Find(jpeg, {0xFF, 0xC0});
  ASSERT_NE(sof, std::string::npos);
  // SOF0: length(2) precision(1) height(2) width(2): declare 60000 x 60000.
  jpeg[sof + 5] = jpeg[sof + 7] = 0xEA;
  jpeg[sof + 6] = jpeg[sof + 8] = 0x60;
  EXPECT_EQ(Decode(jpeg).code(), absl::StatusCode::kResourceExhausted);
}

TEST(BadInputTest, CorruptHuffmanTableIsDataLoss) {
  std::vector<uint8_t> jpeg = EncodeJpeg(MakeTestPicture(32, 32, 14), 90, false);
  const size_t dht = Find(jpeg, {0xFF, 0xC4});
  ASSERT_NE(dht, std::string::npos);
  // DHT: length(2) class/id(1) then 16 code-length counts: make them claim 16 * 255 codes.
  for (size_t i = dht + 5; i < dht + 21; ++i) jpeg[i] = 0xFF;
  const Status status = Decode(jpeg);
  EXPECT_EQ(status.code(), absl::StatusCode::kDataLoss) << status;
  EXPECT_NE(status.message().find("corrupt JPEG data"), std::string::npos) << status;
}

// A progressive scan repeated 600 times (libjpeg only warns about the bogus progression): each
// scan re-walks the coefficient buffer, so thousands of them are a CPU bomb.
TEST(BadInputTest, ThousandsOfJpegScansAreRefused) {
  const std::vector<uint8_t> jpeg = EncodeJpeg(MakeTestPicture(16, 16, 17), 90, true);
  const std::vector<uint8_t> sos_marker = {0xFF, 0xDA};
  const auto last_sos =
      std::find_end(jpeg.begin(), jpeg.end(), sos_marker.begin(), sos_marker.end());
  ASSERT_NE(last_sos, jpeg.end());
  const std::vector<uint8_t> scan(last_sos, jpeg.end() - 2);  // up to EOI
  std::vector<uint8_t> bomb(jpeg.begin(), jpeg.end() - 2);
  for (int i = 0; i < 600; ++i) bomb.insert(bomb.end(), scan.begin(), scan.end());
  testing::Append(bomb, {0xFF, 0xD9});
  const Status status = Decode(bomb);
  EXPECT_EQ(status.code(), absl::StatusCode::kResourceExhausted) << status;
  EXPECT_NE(status.message().find("scans"), std::string::npos) << status;
}

TEST(BadInputTest, JpegWithTwoComponentsIsUnsupported) {
  const std::vector<uint8_t> samples(16 * 16 * 2, 100);
  const Status status =
      Decode(testing::EncodeJpegSamples(16, 16, 2, JCS_UNKNOWN, JCS_UNKNOWN, samples, 90));
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
}

TEST(BadInputTest, TruncatedOtherFormatsAreErrors) {
  const RgbImage picture = MakeTestPicture(24, 24, 15);
  const std::vector<std::vector<uint8_t>> files = {
      testing::EncodeWebp(24, 24, picture.rgb, false, false),
      testing::EncodeGif({24,
                          24,
                          0,
                          {{0, 0, 0}, {9, 9, 9}},
                          {{.width = 24, .height = 24, .indices = std::vector<uint8_t>(576, 1)}}}),
      testing::EncodeTiff({.width = 24, .height = 24, .data = picture.rgb}),
  };
  for (const std::vector<uint8_t>& file : files) {
    // (Cutting only GIF's one-byte trailer loses nothing: the frame is complete.)
    for (size_t length : {size_t{8}, size_t{20}, file.size() / 2, file.size() - 2}) {
      const Status status = Decode(Cut(file, length));
      EXPECT_FALSE(status.ok()) << ImageFormatName(SniffImageFormat(file)) << " cut at " << length;
    }
  }
}

// Random byte flips, insertions and truncations of valid files in every format: any outcome is
// fine except a crash, a hang or an undocumented error code (run under ASan+UBSan in CI).
TEST(BadInputTest, MutatedFilesNeverCrash) {
  const RgbImage picture = MakeTestPicture(24, 16, 16);
  std::vector<uint8_t> exif_jpeg =
      testing::WithApp1(EncodeJpeg(picture, 85, true), testing::ExifPayload(6, false));
  std::vector<uint8_t> bmp = Bytes("BM");
  std::vector<std::vector<uint8_t>> files = {
      exif_jpeg,
      EncodePng(picture),
      testing::EncodeWebp(24, 16, picture.rgb, false, false),
      testing::EncodeWebp(24, 16, picture.rgb, false, true),
      testing::EncodeGif({24,
                          16,
                          0,
                          {{0, 0, 0}, {9, 9, 9}},
                          {{.width = 24,
                            .height = 16,
                            .interlaced = true,
                            .indices = std::vector<uint8_t>(384, 1)}}}),
      testing::EncodeTiff({.width = 24,
                           .height = 16,
                           .compression = COMPRESSION_LZW,
                           .rows_per_strip = 4,
                           .data = picture.rgb}),
      Bytes("P3 2 2 255 1 2 3 4 5 6 7 8 9 10 11 12"),
  };
  std::mt19937 rng(1234);
  int decoded = 0;
  for (const std::vector<uint8_t>& original : files) {
    for (int round = 0; round < 300; ++round) {
      std::vector<uint8_t> file = original;
      const int flips = 1 + int(rng() % 4);
      for (int i = 0; i < flips; ++i) file[rng() % file.size()] = uint8_t(rng());
      if (rng() % 4 == 0) file.resize(file.size() - rng() % file.size());
      DecodeOptions options;
      options.max_pixels = 1 << 20;
      auto result = DecodeImage(file, options);
      if (result.ok()) {
        ++decoded;
        EXPECT_EQ(result->image.rgb.size(), size_t(result->image.width) * result->image.height * 3);
        continue;
      }
      const absl::StatusCode code = result.status().code();
      EXPECT_TRUE(code == absl::StatusCode::kInvalidArgument ||
                  code == absl::StatusCode::kDataLoss ||
                  code == absl::StatusCode::kResourceExhausted)
          << result.status();
    }
  }
  EXPECT_GT(decoded, 0);  // some mutations only touch pixels
}

}  // namespace
}  // namespace clearhost::image
