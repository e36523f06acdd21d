// Drives the real clearhost binary: output formats, exit codes, parallel runs and bad input.
#include <gtest/gtest.h>
#include <unistd.h>
#include <zlib.h>

#include <nlohmann/json.hpp>
#include <random>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "support/test_support.h"

namespace clearhost {
namespace {

using testing::JsonLines;

namespace fs = std::filesystem;
using testing::RunClearhost;
using testing::ScratchDir;

void AppendBigEndian(std::vector<uint8_t>& out, uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(uint8_t(value >> shift));
}

// A PNG signature and a valid IHDR chunk declaring width x height, and nothing else.
std::vector<uint8_t> PngHeaderOnly(uint32_t width, uint32_t height) {
  std::vector<uint8_t> png = {0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a};
  std::vector<uint8_t> chunk = {'I', 'H', 'D', 'R'};
  AppendBigEndian(chunk, width);
  AppendBigEndian(chunk, height);
  chunk.insert(chunk.end(), {8, 2, 0, 0, 0});  // 8-bit RGB
  AppendBigEndian(png, 13);
  png.insert(png.end(), chunk.begin(), chunk.end());
  AppendBigEndian(png, uint32_t(crc32(0, chunk.data(), uInt(chunk.size()))));
  return png;
}

std::vector<uint8_t> CorruptHuffmanTable(std::vector<uint8_t> jpeg) {
  for (size_t i = 0; i + 24 < jpeg.size(); ++i) {
    if (jpeg[i] == 0xff && jpeg[i + 1] == 0xc4) {
      // The 16 code-length counts after the table id: claim far more codes than exist.
      for (size_t k = i + 5; k < i + 21; ++k) jpeg[k] = 0xff;
      return jpeg;
    }
  }
  ADD_FAILURE() << "no DHT marker found";
  return jpeg;
}

class HashCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto picture = testing::MakeTestPicture(320, 240, 11);
    good_jpeg_ = testing::EncodeJpeg(picture, 90, false);
    good_png_ = testing::EncodePng(picture);
  }
  std::vector<uint8_t> good_jpeg_, good_png_;
};

TEST_F(HashCliTest, JsonLinesHaveEveryField) {
  ScratchDir dir;
  testing::WriteFile(dir.path() / "a.jpg", good_jpeg_);
  auto result = RunClearhost({"hash", (dir.path() / "a.jpg").string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  auto lines = JsonLines(result.out);
  ASSERT_EQ(lines.size(), 1u);
  const auto& line = lines[0];
  EXPECT_EQ(line["type"], "image");
  EXPECT_EQ(line["format"], "jpeg");
  EXPECT_EQ(line["width"], 320);
  EXPECT_EQ(line["height"], 240);
  EXPECT_EQ(line["pdq"].get<std::string>().size(), 64u);
  EXPECT_GE(line["quality"].get<int>(), 50);
  EXPECT_EQ(line["md5"].get<std::string>().size(), 32u);
  EXPECT_EQ(line["sha1"].get<std::string>().size(), 40u);
  EXPECT_EQ(line["sha256"].get<std::string>().size(), 64u);
  EXPECT_EQ(line["bytes"], good_jpeg_.size());
  EXPECT_FALSE(line.contains("error"));
  EXPECT_TRUE(result.err.empty()) << result.err;
}

TEST_F(HashCliTest, PdqAndCsvFormatsAgreeWithJson) {
  ScratchDir dir;
  testing::WriteFile(dir.path() / "a.png", good_png_);
  const std::string path = (dir.path() / "a.png").string();
  auto json = JsonLines(RunClearhost({"hash", path}).out);
  auto pdq = RunClearhost({"hash", "--format", "pdq", path});
  ASSERT_EQ(pdq.exit_code, 0);
  EXPECT_EQ(pdq.out, json[0]["pdq"].get<std::string>() + "," +
                         std::to_string(json[0]["quality"].get<int>()) + "," + path + "\n");
  auto csv = RunClearhost({"hash", "--format", "csv", path});
  ASSERT_EQ(csv.exit_code, 0);
  std::vector<std::string> rows = absl::StrSplit(csv.out, '\n', absl::SkipEmpty());
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].substr(0, 9), "path,type");
  EXPECT_NE(rows[1].find(json[0]["sha256"].get<std::string>()), std::string::npos);
}

TEST_F(HashCliTest, DihedralOutputsSevenMoreHashes) {
  ScratchDir dir;
  testing::WriteFile(dir.path() / "a.png", good_png_);
  auto result = RunClearhost({"hash", "--dihedral", (dir.path() / "a.png").string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  auto line = JsonLines(result.out)[0];
  ASSERT_TRUE(line.contains("dihedral"));
  EXPECT_EQ(line["dihedral"].size(), 7u);
  EXPECT_NE(line["dihedral"]["rot90"], line["pdq"]);
}

TEST_F(HashCliTest, ParallelJobsGiveTheSameOrderedOutput) {
  ScratchDir dir;
  for (int i = 0; i < 24; ++i) {
    const auto picture = testing::MakeTestPicture(200 + 7 * i, 150, 100 + i);
    testing::WriteFile(dir.path() / absl::StrCat("p", 100 + i, ".png"),
                       testing::EncodePng(picture));
  }
  auto one = RunClearhost({"hash", "--jobs", "1", dir.path().string()});
  auto four = RunClearhost({"hash", "--jobs", "4", dir.path().string()});
  ASSERT_EQ(one.exit_code, 0) << one.err;
  ASSERT_EQ(four.exit_code, 0) << four.err;
  EXPECT_EQ(one.out, four.out);
  EXPECT_EQ(JsonLines(one.out).size(), 24u);
}

TEST_F(HashCliTest, BadInputsAreReportedAndTheRestStillHashed) {
  ScratchDir dir;
  const fs::path d = dir.path();
  testing::WriteFile(d / "00-good.jpg", good_jpeg_);
  testing::WriteFile(d / "01-empty.jpg", {});
  testing::WriteFile(
      d / "02-truncated.jpg",
      std::vector<uint8_t>(good_jpeg_.begin(), good_jpeg_.begin() + good_jpeg_.size() / 2));
  testing::WriteFile(
      d / "03-truncated.png",
      std::vector<uint8_t>(good_png_.begin(), good_png_.begin() + good_png_.size() / 2));
  std::vector<uint8_t> random(4096);
  std::mt19937 rng(1);
  for (auto& byte : random) byte = uint8_t(rng());
  testing::WriteFile(d / "04-random.bin", random);
  const std::string text = "this is a text file, not a picture\n";
  testing::WriteFile(d / "05-text.jpg", std::vector<uint8_t>(text.begin(), text.end()));
  testing::WriteFile(d / "06-huge.png", PngHeaderOnly(100000, 100000));
  testing::WriteFile(d / "07-bad-huffman.jpg", CorruptHuffmanTable(good_jpeg_));
  const std::string empty_pnm = "P6\n0 0\n255\n";
  testing::WriteFile(d / "08-zero.ppm", std::vector<uint8_t>(empty_pnm.begin(), empty_pnm.end()));
  fs::create_directory(d / "09-dir");
  fs::create_directory_symlink(d / "09-dir", d / "09-dir" / "loop");
  testing::WriteFile(d / "10-good.png", good_png_);

  // /proc/self/mem opens but cannot be read (EIO): an unreadable file even for root.
  auto result = RunClearhost({"hash", d.string(), "/proc/self/mem"});
  EXPECT_EQ(result.exit_code, 1) << result.err;
  auto lines = JsonLines(result.out);
  std::map<std::string, nlohmann::json> by_name;
  for (const auto& line : lines) {
    by_name[fs::path(line["path"].get<std::string>()).filename().string()] = line;
  }
  for (const char* good : {"00-good.jpg", "10-good.png"}) {
    ASSERT_TRUE(by_name.count(good)) << good;
    EXPECT_FALSE(by_name[good].contains("error")) << by_name[good];
    EXPECT_TRUE(by_name[good].contains("pdq"));
  }
  const std::vector<std::string> bad = {
      "01-empty.jpg", "02-truncated.jpg",   "03-truncated.png", "04-random.bin", "05-text.jpg",
      "06-huge.png",  "07-bad-huffman.jpg", "08-zero.ppm",      "loop",          "mem"};
  for (const auto& name : bad) {
    ASSERT_TRUE(by_name.count(name)) << name << " missing from output:\n" << result.out;
    EXPECT_TRUE(by_name[name].contains("error")) << by_name[name];
    EXPECT_FALSE(by_name[name].contains("pdq")) << by_name[name];
    EXPECT_NE(result.err.find(name), std::string::npos) << name << " not named on stderr";
  }
  EXPECT_EQ(by_name["06-huge.png"]["error_code"], "resource_exhausted");
  // Every stderr line is one line naming one file.
  std::vector<std::string> err_lines = absl::StrSplit(result.err, '\n', absl::SkipEmpty());
  EXPECT_EQ(err_lines.size(), bad.size());
}

TEST_F(HashCliTest, UsageErrorsExitTwo) {
  EXPECT_EQ(RunClearhost({"hash"}).exit_code, 2);
  EXPECT_EQ(RunClearhost({"hash", "--format", "xml", "x"}).exit_code, 2);
  EXPECT_EQ(RunClearhost({"hash", "--jobs", "0", "x"}).exit_code, 2);
  EXPECT_EQ(RunClearhost({"no-such-command"}).exit_code, 2);
  auto help = RunClearhost({"hash", "--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("--compat"), std::string::npos);
}

TEST_F(HashCliTest, MaxPixelsIsConfigurable) {
  ScratchDir dir;
  testing::WriteFile(dir.path() / "a.png", good_png_);
  auto result = RunClearhost({"hash", "--max-pixels", "1000", (dir.path() / "a.png").string()});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("over the limit"), std::string::npos) << result.err;
}

}  // namespace
}  // namespace clearhost
