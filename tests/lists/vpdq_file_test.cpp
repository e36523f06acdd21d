#include "lists/vpdq_file.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "lists/collect_records.h"
#include "support/test_support.h"

namespace clearhost::lists {
namespace {

using testing::Bytes;

constexpr char kPdq[] = "e0f51d29c6c6b071050a4f8e3039e2d61f0a7d29e2d61d2bfda1e2d61939e7c3";

struct Frames {
  std::vector<std::pair<uint64_t, VpdqFrame>> frames;
  std::vector<ListProblem> problems;
  ListSummary summary;
};

Frames Parse(std::string_view text, size_t piece_size = 0, size_t max_line_bytes = kMaxLineBytes) {
  Frames parsed;
  VpdqFileParser parser(
      "video.txt",
      {.on_frame =
           [&parsed](const VpdqFrame& frame, uint64_t line) {
             parsed.frames.emplace_back(line, frame);
             return absl::OkStatus();
           },
       .on_problem = [&parsed](const ListProblem& problem) { parsed.problems.push_back(problem); }},
      max_line_bytes);
  const Result<ListSummary> summary = testing::FeedAll(parser, text, piece_size);
  EXPECT_TRUE(summary.ok()) << summary.status();
  if (summary.ok()) parsed.summary = *summary;
  return parsed;
}

std::string Written(const Frames& parsed) {
  std::string out;
  for (const auto& [line, frame] : parsed.frames) out += FormatVpdqFrame(frame);
  return out;
}

TEST(VpdqFileTest, ReadsFrames) {
  const std::string text = absl::StrCat("0,100,", kPdq, ",0.000\n30,87,", kPdq, ",1.001\n");
  const Frames parsed = Parse(text);
  ASSERT_EQ(parsed.frames.size(), 2u);
  EXPECT_TRUE(parsed.problems.empty());
  const VpdqFrame& second = parsed.frames[1].second;
  EXPECT_EQ(parsed.frames[1].first, 2u);
  EXPECT_EQ(second.frame_number, 30u);
  EXPECT_EQ(second.quality, 87);
  EXPECT_EQ(second.pdq.ToHex(), kPdq);
  EXPECT_DOUBLE_EQ(second.timestamp_seconds, 1.001);
  EXPECT_EQ(Written(parsed), text);
}

TEST(VpdqFileTest, TimestampsAreWrittenWithThreeDecimals) {
  const Frames parsed =
      Parse(absl::StrCat("7,50,", kPdq, ",2\n007,50,", kPdq, ",0.0333333\n8,5,", kPdq, ",3.5\n"));
  ASSERT_EQ(parsed.frames.size(), 3u);
  EXPECT_EQ(Written(parsed),
            absl::StrCat("7,50,", kPdq, ",2.000\n7,50,", kPdq, ",0.033\n8,5,", kPdq, ",3.500\n"));
}

TEST(VpdqFileTest, EveryMalformedLineKindIsReportedWithItsLine) {
  const std::string text =
      absl::StrCat("0,100,", kPdq, ",0.000\n",                            // 1 fine
                   "0,100,", kPdq, "\n",                                  // 2 three fields
                   "0,100,", kPdq, ",0.000,x\n",                          // 3 five fields
                   "-1,100,", kPdq, ",0.000\n",                           // 4 negative frame
                   "4294967296,100,", kPdq, ",0.000\n",                   // 5 frame over 32 bits
                   "0,101,", kPdq, ",0.000\n",                            // 6 quality over 100
                   "0,1x,", kPdq, ",0.000\n",                             // 7 quality not a number
                   "0,100,", std::string(kPdq).substr(1), ",0.000\n",     // 8 short hash
                   "0,100,", kPdq, ",-1.000\n",                           // 9 negative timestamp
                   "0,100,", kPdq, ",1e3\n",                              // 10 exponent
                   "0,100,", kPdq, ",1000000000.000\n",                   // 11 too large
                   "0,100,", kPdq, ",.5\n",                               // 12 no integer digits
                   "0, 100,", kPdq, ",0.000\n",                           // 13 space inside
                   "0,100,", kPdq, ",0.000", std::string(1, '\0'), "\n",  // 14 NUL
                   "4294967295,0,", kPdq, ",999999999.999\n");            // 15 fine: the limits
  const Frames parsed = Parse(text);
  ASSERT_EQ(parsed.frames.size(), 2u);
  EXPECT_EQ(parsed.frames[1].first, 15u);
  EXPECT_EQ(parsed.frames[1].second.frame_number, 4294967295u);
  ASSERT_EQ(parsed.problems.size(), 13u);
  for (size_t i = 0; i < parsed.problems.size(); ++i) {
    EXPECT_EQ(parsed.problems[i].line, i + 2) << parsed.problems[i].message;
  }
  EXPECT_NE(parsed.problems[0].message.find("3 fields"), std::string::npos);
  EXPECT_NE(parsed.problems[2].message.find("frame number '-1'"), std::string::npos);
  EXPECT_NE(parsed.problems[4].message.find("quality '101'"), std::string::npos);
  EXPECT_NE(parsed.problems[6].message.find("got 63"), std::string::npos);
  EXPECT_NE(parsed.problems[7].message.find("timestamp '-1.000'"), std::string::npos);
  EXPECT_NE(parsed.problems[12].message.find("NUL byte"), std::string::npos);
  EXPECT_EQ(Written(parsed).substr(Written(parsed).find('\n') + 1),
            absl::StrCat("4294967295,0,", kPdq, ",999999999.999\n"));
}

TEST(VpdqFileTest, CrLfBlankLinesCommentsAndOverlongLines) {
  const std::string text = absl::StrCat("# frames\r\n\r\n0,100,", kPdq, ",0.000\r\n",
                                        std::string(300, '9'), "\r\n1,100,", kPdq, ",1.000");
  const Frames parsed = Parse(text, 5, 200);
  ASSERT_EQ(parsed.frames.size(), 2u);
  EXPECT_EQ(parsed.frames[0].first, 3u);
  EXPECT_EQ(parsed.frames[1].first, 5u);
  ASSERT_EQ(parsed.problems.size(), 1u);
  EXPECT_EQ(parsed.problems[0].line, 4u);
  EXPECT_EQ(parsed.summary.lines, 5u);
  EXPECT_EQ(Written(parsed), absl::StrCat("0,100,", kPdq, ",0.000\n1,100,", kPdq, ",1.000\n"));
}

// Every reference file of vpdq-hash-video reads without a problem and writes back byte for byte.
TEST(VpdqFileTest, ReferenceFilesRoundTripByteForByte) {
  CLEARHOST_REQUIRE_TESTDATA(testdata);
  const std::filesystem::path expected = testdata / "video" / "expected";
  if (!std::filesystem::is_directory(expected)) GTEST_SKIP() << expected << " not found";
  size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(expected)) {
    const std::vector<uint8_t> bytes = clearhost::testing::ReadFileBytes(entry.path());
    const std::string text(bytes.begin(), bytes.end());
    for (const size_t piece_size : {size_t{0}, size_t{13}}) {
      const Frames parsed = Parse(text, piece_size);
      EXPECT_TRUE(parsed.problems.empty()) << entry.path();
      EXPECT_GT(parsed.frames.size(), 0u) << entry.path();
      EXPECT_EQ(Written(parsed), text) << entry.path();
    }
    ++files;
  }
  EXPECT_GT(files, 0u);
}

}  // namespace
}  // namespace clearhost::lists
