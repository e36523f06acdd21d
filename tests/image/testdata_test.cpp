// The shared PDQ test pictures: every one decodes (sanity only; hash conformance is tested by
// the hash suite).
#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "image/image.h"
#include "support/test_support.h"

namespace clearhost::image {
namespace {

std::vector<std::string> ListedPictures(const std::filesystem::path& csv) {
  std::ifstream in(csv);
  std::vector<std::string> paths;
  std::string line;
  std::getline(in, line);  // relative_path,hash_hex,quality
  while (std::getline(in, line)) {
    if (!line.empty()) paths.push_back(line.substr(0, line.find(',')));
  }
  return paths;
}

TEST(TestdataTest, EveryListedPictureDecodes) {
  CLEARHOST_REQUIRE_TESTDATA(testdata);
  const std::vector<std::string> pictures = ListedPictures(testdata / "pdq/expected.csv");
  ASSERT_FALSE(pictures.empty());
  for (const std::string& relative : pictures) {
    const auto bytes = clearhost::testing::ReadFileBytes(testdata / "pdq/images" / relative);
    ASSERT_FALSE(bytes.empty()) << relative;
    for (bool orient : {true, false}) {
      DecodeOptions options;
      options.apply_exif_orientation = orient;
      auto decoded = DecodeImage(bytes, options);
      ASSERT_TRUE(decoded.ok()) << relative << ": " << decoded.status();
      EXPECT_GT(decoded->image.width, 0) << relative;
      EXPECT_EQ(decoded->image.rgb.size(), size_t(decoded->image.width) * decoded->image.height * 3)
          << relative;
    }
  }
}

TEST(TestdataTest, ModeSamplesDecodeToEightBitRgb) {
  CLEARHOST_REQUIRE_TESTDATA(testdata);
  for (const char* name : {"RGB.jpg", "original.jpg"}) {
    const auto bytes =
        clearhost::testing::ReadFileBytes(testdata / "pdq/images/misc-images/modes" / name);
    auto decoded = DecodeImage(bytes, {});
    ASSERT_TRUE(decoded.ok()) << name << ": " << decoded.status();
    EXPECT_EQ(decoded->format, ImageFormat::kJpeg);
    EXPECT_GT(decoded->image.width, 0);
    EXPECT_GT(decoded->image.height, 0);
    ASSERT_EQ(decoded->image.rgb.size(), size_t(decoded->image.width) * decoded->image.height * 3);
    // Not a flat picture: the decode produced real content.
    const auto [lo, hi] = std::minmax_element(decoded->image.rgb.begin(), decoded->image.rgb.end());
    EXPECT_GT(*hi - *lo, 64) << name;
  }
}

}  // namespace
}  // namespace clearhost::image
