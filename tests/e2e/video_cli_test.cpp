// Drives the real clearhost binary on videos: `hash --format vpdq` against the reference's
// per-frame files, the JSON Lines video record, animated GIFs, bad videos, and `match --videos`.
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "absl/strings/str_split.h"
#include "support/test_support.h"
#include "video_synth.h"

namespace clearhost {
namespace {

using testing::JsonLines;
using testing::ReadText;

namespace fs = std::filesystem;
using testing::RunClearhost;
using testing::ScratchDir;

TEST(VideoCli, HashVpdqPrintsTheReferenceLines) {
  CLEARHOST_REQUIRE_TESTDATA(testdata);
  const fs::path videos = testdata / "video" / "videos";
  const fs::path expected = testdata / "video" / "expected";
  // A few containers; tests/video checks every shared video frame by frame.
  for (const char* name : {"testsrc2.mp4", "cellauto.avi", "mandelbrot.webm"}) {
    SCOPED_TRACE(name);
    const auto result = RunClearhost({"hash", "--format", "vpdq", (videos / name).string()});
    EXPECT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(result.err, "");
    EXPECT_EQ(result.out, ReadText(expected / (fs::path(name).stem().string() + ".r1.txt")));
  }
}

TEST(VideoCli, JsonLinesHaveAVideoRecordPerVideo) {
  ScratchDir dir;
  ASSERT_TRUE(synth::WriteVideo(dir.path() / "a.mkv", {}).ok());
  testing::WriteFile(dir.path() / "b.png", testing::EncodePng(testing::MakeTestPicture(64, 48, 1)));
  // A video cut short: a clear error record; the other files are still hashed.
  std::vector<uint8_t> cut = testing::ReadFileBytes(dir.path() / "a.mkv");
  cut.resize(300);
  testing::WriteFile(dir.path() / "c.mkv", cut);
  const auto result = RunClearhost({"hash", dir.path().string()});
  EXPECT_EQ(result.exit_code, 1);
  const auto lines = JsonLines(result.out);
  ASSERT_EQ(lines.size(), 3u) << result.out;
  const nlohmann::json& video = lines[0];
  EXPECT_EQ(video["type"], "video");
  EXPECT_EQ(video["format"], "matroska");
  EXPECT_EQ(video["codec"], "mpeg4");
  EXPECT_EQ(video["width"], 160);
  EXPECT_EQ(video["height"], 120);
  EXPECT_EQ(video["fps"], 10.0);
  EXPECT_EQ(video["frames_decoded"], 40);
  EXPECT_EQ(video["frames_hashed"], 4);
  EXPECT_EQ(video["md5"].get<std::string>().size(), 32u);
  ASSERT_EQ(video["vpdq"].size(), 4u);
  EXPECT_EQ(video["vpdq"][1]["frame"], 10);
  EXPECT_EQ(video["vpdq"][1]["timestamp"], 1.0);
  EXPECT_EQ(video["vpdq"][1]["pdq"].get<std::string>().size(), 64u);
  EXPECT_EQ(lines[1]["type"], "image");
  EXPECT_EQ(lines[2]["type"], "video");
  EXPECT_TRUE(lines[2].contains("error")) << lines[2];
  EXPECT_NE(result.err.find("c.mkv"), std::string::npos) << result.err;

  // Every frame: 40 lines of vpdq-hash-video's layout.
  const auto every = RunClearhost(
      {"hash", "--format", "vpdq", "--seconds-per-hash", "0", (dir.path() / "a.mkv").string()});
  EXPECT_EQ(every.exit_code, 0) << every.err;
  EXPECT_EQ(std::count(every.out.begin(), every.out.end(), '\n'), 40);
  EXPECT_EQ(every.out.substr(every.out.rfind('\n', every.out.size() - 2) + 1, 3), "39,");

  const auto csv = RunClearhost({"hash", "--format", "csv", (dir.path() / "a.mkv").string()});
  EXPECT_EQ(csv.exit_code, 0) << csv.err;
  EXPECT_NE(csv.out.find("a.mkv,video,matroska,160,120,,,"), std::string::npos) << csv.out;
}

TEST(VideoCli, AnimatedGifIsAPictureAndAVideo) {
  ScratchDir dir;
  ASSERT_TRUE(
      synth::WriteVideo(dir.path() / "a.gif", {.frames = 20, .codec = "gif", .container = "gif"})
          .ok());
  const auto result = RunClearhost({"hash", (dir.path() / "a.gif").string()});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  const auto lines = JsonLines(result.out);
  ASSERT_EQ(lines.size(), 2u) << result.out;
  EXPECT_EQ(lines[0]["type"], "image");
  EXPECT_EQ(lines[0]["format"], "gif");
  EXPECT_EQ(lines[1]["type"], "video");
  EXPECT_EQ(lines[1]["frames_decoded"], 20);
  // The first frame hashed as a picture and as video frame 0 agree.
  EXPECT_EQ(lines[0]["pdq"], lines[1]["vpdq"][0]["pdq"]);
}

TEST(VideoCli, MatchVideosFindsEditedCopies) {
  CLEARHOST_REQUIRE_TESTDATA(testdata);
  const fs::path videos = testdata / "video" / "videos";
  const fs::path expected = testdata / "video" / "expected";
  const auto result = RunClearhost(
      {"match", "--videos", (expected / "testsrc2.r1.txt").string(), "--videos",
       (expected / "life.r1.txt").string(), "--videos", (videos / "mandelbrot.webm").string(),
       (videos / "testsrc2__trim.mp4").string(), (expected / "testsrc2__crf35.r1.txt").string(),
       (videos / "cellauto.avi").string()});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  const auto lines = JsonLines(result.out);
  ASSERT_EQ(lines.size(), 3u) << result.out;
  EXPECT_TRUE(lines[0]["matched"]);
  ASSERT_EQ(lines[0]["matches"].size(), 1u);
  EXPECT_EQ(lines[0]["matches"][0]["query_percent"], 100.0);
  EXPECT_EQ(lines[0]["matches"][0]["candidate_percent"], 58.33);
  EXPECT_TRUE(lines[1]["matched"]);
  EXPECT_FALSE(lines[2]["matched"]);
  // Requiring most of the known video too: the trimmed copy no longer matches.
  const auto strict =
      RunClearhost({"match", "--videos", (expected / "testsrc2.r1.txt").string(),
                    "--candidate-percent", "80", (videos / "testsrc2__trim.mp4").string()});
  EXPECT_FALSE(JsonLines(strict.out).at(0)["matched"]) << strict.out;
  // A query that is neither a video nor a vPDQ file: an error record, exit 1.
  const auto bad =
      RunClearhost({"match", "--videos", (expected / "testsrc2.r1.txt").string(), "/dev/null"});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_EQ(RunClearhost({"match", "--videos", "x", "--hashes", "-"}).exit_code, 2);
}

}  // namespace
}  // namespace clearhost
