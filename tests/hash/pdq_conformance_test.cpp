// Conformance with Meta's reference on ../shared/testdata/pdq (see its README): the reference
// tool's hashes bit for bit in --compat reference-tool mode (plain and dihedral), the reference
// library's hashes bit for bit on the pure-algorithm pixel vectors, and the default mode within
// the reference's own conformance distance (10) for pictures of quality >= 80.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>

#include "absl/strings/str_split.h"
#include "hash/file_hasher.h"
#include "support/test_support.h"

namespace clearhost::hash {
namespace {

namespace fs = std::filesystem;

std::vector<std::vector<std::string>> ReadCsvRows(const fs::path& path) {
  std::ifstream in(path);
  std::vector<std::vector<std::string>> rows;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    if (!line.empty()) rows.push_back(absl::StrSplit(line, ','));
  }
  return rows;
}

Hash256 ParseHash(const std::string& hex) {
  auto hash = Hash256::FromHex(hex);
  EXPECT_TRUE(hash.ok()) << hex;
  return hash.value_or(Hash256());
}

FileHashRecord HashWith(const fs::path& path, HashMode mode, bool dihedral) {
  FileHashOptions options;
  options.mode = mode;
  options.dihedral = dihedral;
  FileHasher hasher(options);
  return hasher.HashFile(path);
}

TEST(PdqConformanceTest, ReferenceToolModeIsBitExact) {
  CLEARHOST_REQUIRE_TESTDATA(testdata);
  const auto rows = ReadCsvRows(testdata / "pdq" / "expected.csv");
  ASSERT_GE(rows.size(), 40u);
  for (const auto& row : rows) {
    const auto record =
        HashWith(testdata / "pdq" / "images" / row[0], HashMode::kReferenceTool, false);
    ASSERT_TRUE(record.error.ok()) << row[0] << ": " << record.error;
    ASSERT_TRUE(record.pdq.has_value());
    EXPECT_EQ(HammingDistance(record.pdq->hashes[0], ParseHash(row[1])), 0) << row[0];
    EXPECT_EQ(record.pdq->quality, std::stoi(row[2])) << row[0];
  }
}

TEST(PdqConformanceTest, ReferenceToolDihedralHashesAreBitExact) {
  CLEARHOST_REQUIRE_TESTDATA(testdata);
  const auto rows = ReadCsvRows(testdata / "pdq" / "expected_dihedral.csv");
  ASSERT_GE(rows.size(), 40u);
  for (const auto& row : rows) {
    const auto record =
        HashWith(testdata / "pdq" / "images" / row[0], HashMode::kReferenceTool, true);
    ASSERT_TRUE(record.error.ok()) << row[0] << ": " << record.error;
    for (int t = 0; t < kDihedralCount; ++t) {
      EXPECT_EQ(record.pdq->hashes[t].ToHex(), row[1 + t]) << row[0] << " transform " << t;
    }
    EXPECT_EQ(record.pdq->quality, std::stoi(row[9])) << row[0];
  }
}

TEST(PdqConformanceTest, PixelVectorsAreBitExactInBothModes) {
  CLEARHOST_REQUIRE_TESTDATA(testdata);
  const auto rows = ReadCsvRows(testdata / "pdq" / "pixels_expected.csv");
  ASSERT_GE(rows.size(), 20u);
  for (const auto& row : rows) {
    const fs::path path = testdata / "pdq" / "pixels" / row[0];
    const auto library = HashWith(path, HashMode::kDefault, false);
    ASSERT_TRUE(library.error.ok()) << row[0] << ": " << library.error;
    EXPECT_EQ(library.width, std::stoi(row[1]));
    EXPECT_EQ(library.height, std::stoi(row[2]));
    EXPECT_EQ(library.pdq->hashes[0].ToHex(), row[3]) << row[0];
    EXPECT_EQ(library.pdq->quality, std::stoi(row[4])) << row[0];
    const auto tool = HashWith(path, HashMode::kReferenceTool, false);
    EXPECT_EQ(tool.pdq->hashes[0].ToHex(), row[5]) << row[0];
    EXPECT_EQ(tool.pdq->quality, std::stoi(row[6])) << row[0];
  }
}

TEST(PdqConformanceTest, DefaultModeWithinDistanceTenForGoodQuality) {
  CLEARHOST_REQUIRE_TESTDATA(testdata);
  std::map<std::string, std::vector<std::string>> dihedral_rows;
  for (auto& row : ReadCsvRows(testdata / "pdq" / "expected_dihedral.csv")) {
    dihedral_rows[row[0]] = row;
  }
  std::map<int, int> histogram;
  int compared = 0;
  for (const auto& row : ReadCsvRows(testdata / "pdq" / "expected.csv")) {
    if (std::stoi(row[2]) < 80) continue;
    const auto record = HashWith(testdata / "pdq" / "images" / row[0], HashMode::kDefault, false);
    ASSERT_TRUE(record.error.ok()) << row[0] << ": " << record.error;
    int distance = HammingDistance(record.pdq->hashes[0], ParseHash(row[1]));
    // By default an EXIF-rotated picture is hashed as a person sees it, the reference tool
    // hashes the stored orientation: those are checked in ExifOrientationIsApplied instead.
    if (row[0].find("exif-rotn") != std::string::npos) continue;
    ++histogram[distance];
    ++compared;
    EXPECT_LE(distance, 10) << row[0];
  }
  EXPECT_GE(compared, 36);
  std::string report;
  for (const auto& [distance, count] : histogram) {
    report += " d=" + std::to_string(distance) + ":" + std::to_string(count);
  }
  RecordProperty("distance_histogram", report);
  std::printf("default mode vs reference tool, quality >= 80:%s\n", report.c_str());
}

TEST(PdqConformanceTest, ExifOrientationIsApplied) {
  CLEARHOST_REQUIRE_TESTDATA(testdata);
  const fs::path dir = testdata / "pdq" / "images" / "reg-test-input" / "exif-rotn";
  // Orientation tag -> the dihedral transform of the stored picture a person sees. Tag 6 means
  // "turn 90 degrees clockwise to display"; the reference's rot90 turns counter-clockwise.
  const std::map<int, Dihedral> expected = {{1, Dihedral::kOriginal},
                                            {3, Dihedral::kRotate180},
                                            {6, Dihedral::kRotate270},
                                            {8, Dihedral::kRotate90}};
  for (const auto& [orientation, transform] : expected) {
    const fs::path path = dir / ("exif-rotn-" + std::to_string(orientation) + ".jpg");
    const auto displayed = HashWith(path, HashMode::kDefault, false);
    ASSERT_TRUE(displayed.error.ok()) << path << ": " << displayed.error;
    const auto bytes = testing::ReadFileBytes(path);
    image::DecodeOptions stored_options;
    stored_options.apply_exif_orientation = false;
    auto stored = image::DecodeImage(bytes, stored_options);
    ASSERT_TRUE(stored.ok()) << stored.status();
    EXPECT_EQ(stored->exif_orientation, orientation);
    PdqHasher hasher;
    const auto& picture = stored->image;
    const auto dihedral = hasher.HashDihedral(
        {picture.rgb.data(), picture.width, picture.height, size_t(picture.width) * 3});
    // Rotating pixels and rotating DCT coefficients agree up to float rounding at the median.
    EXPECT_LE(HammingDistance(displayed.pdq->hashes[0], dihedral.hashes[int(transform)]), 4)
        << path;
  }
}

}  // namespace
}  // namespace clearhost::hash
