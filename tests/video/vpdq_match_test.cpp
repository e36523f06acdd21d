// vPDQ matching: edited copies of a shared test video (re-encoded at CRF 35, resized, trimmed)
// match it and unrelated test videos do not, through the index; and the percentages on
// hand-made frame sets. Lives in the video suite because it needs the test videos.
#include <gtest/gtest.h>

#include "index/vpdq_matcher.h"
#include "video/video_testdata.h"

namespace clearhost::index {
namespace {

std::vector<VpdqFrameFeature> Features(const std::vector<lists::VpdqFrame>& frames) {
  std::vector<VpdqFrameFeature> features;
  for (const lists::VpdqFrame& frame : frames) features.push_back({frame.pdq, frame.quality});
  return features;
}

Hash256 HashWithBits(std::initializer_list<int> bits) {
  Hash256 hash;
  for (int bit : bits) hash.SetBit(bit);
  return hash;
}

TEST(VpdqMatcher, PercentagesOnEachSide) {
  // Far-apart frames: 0..99, 100..199, ...; a query frame matches within 31 bits.
  auto frame = [](int block) {
    Hash256 hash;
    for (int bit = 0; bit < 64; ++bit) hash.SetBit((block * 64 + bit) % 256);
    return hash;
  };
  const std::vector<std::vector<VpdqFrameFeature>> known = {
      {{frame(0), 100}, {frame(1), 100}, {frame(2), 100}, {frame(3), 100}},  // long video
      {{frame(0), 100}},                                                     // one frame
      {{frame(1), 10}, {frame(2), 10}},                                      // low quality
  };
  const auto matcher = VpdqMatcher::Build(known, {});
  ASSERT_TRUE(matcher.ok()) << matcher.status();
  // The query: frame 0 twice (counted once), frame 1 with 3 bits flipped, and one unknown frame.
  Hash256 near_one = frame(1);
  near_one.SetBit(200);
  near_one.SetBit(201);
  near_one.SetBit(202);
  const std::vector<VpdqFrameFeature> query = {
      {frame(0), 100}, {frame(0), 90}, {near_one, 100}, {HashWithBits({}), 100}};
  const auto matches = (*matcher)->Match(query);
  ASSERT_EQ(matches.size(), 2u);
  EXPECT_EQ(matches[0].video, 0u);
  EXPECT_NEAR(matches[0].query_percent, 200.0 / 3, 1e-9);  // 2 of 3 unique query frames
  EXPECT_DOUBLE_EQ(matches[0].candidate_percent, 50);      // 2 of its 4 frames
  EXPECT_FALSE(matches[0].matched);                        // 66.7% < 80%
  EXPECT_EQ(matches[1].video, 1u);
  EXPECT_NEAR(matches[1].query_percent, 100.0 / 3, 1e-9);
  EXPECT_DOUBLE_EQ(matches[1].candidate_percent, 100);

  VpdqMatchOptions lenient;
  lenient.min_query_percent = 60;
  lenient.min_candidate_percent = 50;
  const auto lenient_matcher = VpdqMatcher::Build(known, lenient);
  ASSERT_TRUE(lenient_matcher.ok());
  const auto lenient_matches = (*lenient_matcher)->Match(query);
  ASSERT_EQ(lenient_matches.size(), 2u);
  EXPECT_TRUE(lenient_matches[0].matched);
  EXPECT_FALSE(lenient_matches[1].matched);
  // A query without a frame of quality >= 50 matches nothing.
  EXPECT_TRUE((*matcher)->Match(std::vector<VpdqFrameFeature>{{frame(0), 49}}).empty());
}

TEST(VpdqMatcher, EditedCopiesMatchTheirOriginalOnly) {
  CLEARHOST_REQUIRE_TESTDATA(testdata);
  const std::vector<std::string> originals = {"bars_audio", "cellauto",   "gradients",
                                              "life",       "mandelbrot", "testsrc2"};
  std::vector<std::vector<VpdqFrameFeature>> known;
  for (const std::string& name : originals) {
    known.push_back(
        Features(testing::ReadVpdqFile(testdata / "video" / "expected" / (name + ".r1.txt"))));
  }
  const auto matcher = VpdqMatcher::Build(known, {});
  ASSERT_TRUE(matcher.ok()) << matcher.status();
  const std::vector<std::pair<std::string, std::string>> copies = {
      {"testsrc2__crf35", "testsrc2"},
      {"testsrc2__small", "testsrc2"},
      {"testsrc2__trim", "testsrc2"},
      {"mandelbrot__h264", "mandelbrot"}};
  for (const auto& [copy, original] : copies) {
    SCOPED_TRACE(copy);
    const auto query =
        Features(testing::ReadVpdqFile(testdata / "video" / "expected" / (copy + ".r1.txt")));
    std::vector<std::string> matched;
    for (const VpdqVideoMatch& match : (*matcher)->Match(query)) {
      std::printf("  %-18s vs %-12s q=%5.1f%% c=%5.1f%%%s\n", copy.c_str(),
                  originals[match.video].c_str(), match.query_percent, match.candidate_percent,
                  match.matched ? " matched" : "");
      if (match.matched) matched.push_back(originals[match.video]);
    }
    EXPECT_EQ(matched, std::vector<std::string>{original});
  }
}

}  // namespace
}  // namespace clearhost::index
