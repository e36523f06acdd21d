// vPDQ against Meta's reference: the shared test videos hashed one frame a second (r1) and
// every frame (r0) must give the reference's frame numbers and timestamps exactly, and PDQ
// hashes within a few bits (FFmpeg builds differ slightly in their decoders and scalers).
#include <gtest/gtest.h>

#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "video/video_testdata.h"
#include "video/vpdq_hasher.h"

namespace clearhost::video {
namespace {

// Every frame's distance to the reference must stay within this.
constexpr int kMaxFrameDistance = 10;

struct Agreement {
  size_t frames = 0;
  size_t exact = 0;
  std::map<int, size_t> distances;  // distance -> frames
};

// ",1.000\n": the timestamp as a per-frame line writes it.
std::string TimestampField(const lists::VpdqFrame& frame) {
  const std::string line = lists::FormatVpdqFrame(frame);
  return line.substr(line.rfind(','));
}

void CompareWithReference(const std::filesystem::path& testdata, const std::string& suffix,
                          double seconds_per_hash) {
  Agreement total;
  for (const std::string& name : testing::VideosWithExpected(testdata, suffix)) {
    SCOPED_TRACE(name);
    const auto expected = testing::ReadVpdqFile(testdata / "video" / "expected" /
                                                absl::StrCat(name, ".", suffix, ".txt"));
    VideoHashOptions options;
    options.seconds_per_hash = seconds_per_hash;
    const Result<VideoHash> hashed = HashVideoFile(testing::TestVideoPath(testdata, name), options);
    ASSERT_TRUE(hashed.ok()) << hashed.status();
    ASSERT_EQ(hashed->frames.size(), expected.size());
    Agreement video;
    for (size_t i = 0; i < expected.size(); ++i) {
      const lists::VpdqFrame ours = lists::ToVpdqFrame(hashed->frames[i]);
      EXPECT_EQ(ours.frame_number, expected[i].frame_number);
      // Timestamps as written (3 decimals), as the reference's files hold them.
      EXPECT_EQ(TimestampField(ours), TimestampField(expected[i]));
      const int distance = HammingDistance(ours.pdq, expected[i].pdq);
      EXPECT_LE(distance, kMaxFrameDistance) << "frame " << ours.frame_number;
      ++video.distances[distance];
      video.exact += distance == 0;
      ++video.frames;
    }
    std::printf("  %-22s %s: %zu frames, %zu exact, distances {%s}\n", name.c_str(), suffix.c_str(),
                video.frames, video.exact,
                absl::StrJoin(video.distances, " ", absl::PairFormatter(":")).c_str());
    total.frames += video.frames;
    total.exact += video.exact;
    for (const auto& [distance, count] : video.distances) total.distances[distance] += count;
  }
  std::printf("  all %s: %zu frames, %.1f%% exact, distances {%s}\n", suffix.c_str(), total.frames,
              total.frames ? 100.0 * total.exact / total.frames : 0.0,
              absl::StrJoin(total.distances, " ", absl::PairFormatter(":")).c_str());
  EXPECT_GT(total.frames, 0u);
  // Most frames are bit-identical to the reference.
  EXPECT_GE(2 * total.exact, total.frames);
}

TEST(VpdqConformance, OneHashPerSecondMatchesReference) {
  CLEARHOST_REQUIRE_TESTDATA(testdata);
  CompareWithReference(testdata, "r1", 1.0);
}

TEST(VpdqConformance, EveryFrameMatchesReference) {
  CLEARHOST_REQUIRE_TESTDATA(testdata);
  CompareWithReference(testdata, "r0", 0.0);
}

}  // namespace
}  // namespace clearhost::video
