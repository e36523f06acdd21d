#include "lists/te_list.h"

#include <gtest/gtest.h>

#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "lists/collect_records.h"

namespace clearhost::lists {
namespace {

using testing::Collected;
using testing::CollectInto;
using testing::FeedAll;
using testing::kMd5;
using testing::kPdq;
using testing::kSha1;
using testing::kSha256;

Collected Parse(std::string_view text, size_t piece_size = 0) {
  Collected collected;
  TeListParser parser("te.txt", CollectInto(collected));
  Result<ListSummary> summary = FeedAll(parser, text, piece_size);
  EXPECT_TRUE(summary.ok()) << summary.status();
  if (summary.ok()) collected.summary = *summary;
  return collected;
}

TEST(TeListTest, ReadsEveryTypeWithLineNumbers) {
  const std::string text = absl::StrCat("pdq ", kPdq, "\n\n# a comment\nmd5 ", kMd5, "\nSHA1\t",
                                        kSha1, "\nsha256 ", kSha256, "\nvideo_md5 ", kMd5);
  const Collected parsed = Parse(text);
  ASSERT_EQ(parsed.records.size(), 5u);
  EXPECT_TRUE(parsed.problems.empty());
  EXPECT_EQ(parsed.summary.lines, 7u);
  EXPECT_EQ(parsed.records[0].signal.type, SignalType::kPdq);
  EXPECT_EQ(parsed.records[0].signal.ToHex(), kPdq);
  EXPECT_EQ(parsed.records[1].line, 4u);
  EXPECT_EQ(parsed.records[2].signal.type, SignalType::kSha1);
  EXPECT_EQ(parsed.records[3].signal.ToHex(), kSha256);
  EXPECT_EQ(parsed.records[4].signal.type, SignalType::kMd5);  // ThreatExchange's name
  EXPECT_EQ(parsed.records[4].line, 7u);
}

TEST(TeListTest, EveryMalformedLineKindIsReportedWithItsLine) {
  const std::string text = absl::StrCat("pdq ", kPdq, "\n",        // 1 fine
                                        kPdq, "\n",                // 2 no type
                                        "url ", kPdq, "\n",        // 3 unknown type
                                        "vpdq ", kPdq, "\n",       // 4 vpdq is a file, not a signal
                                        "md5 ", kPdq, "\n",        // 5 wrong length for the type
                                        "pdq ", kPdq, " extra\n",  // 6 text after the signal
                                        "pdq ", std::string(63, 'a'), "x\n",       // 7 not hex
                                        "pdq ", kPdq, std::string(1, '\0'), "\n",  // 8 NUL byte
                                        "sha1 ", kSha1, "\n");                     // 9 fine
  const Collected parsed = Parse(text);
  ASSERT_EQ(parsed.records.size(), 2u);
  EXPECT_EQ(parsed.records[1].line, 9u);
  ASSERT_EQ(parsed.problems.size(), 7u);
  for (size_t i = 0; i < parsed.problems.size(); ++i) {
    EXPECT_EQ(parsed.problems[i].line, i + 2) << parsed.problems[i].message;
  }
  EXPECT_EQ(parsed.summary.problems, 7u);
  EXPECT_NE(parsed.problems[0].message.find("no signal after the signal type"), std::string::npos);
  EXPECT_NE(parsed.problems[1].message.find("unknown signal type 'url'"), std::string::npos);
  EXPECT_NE(parsed.problems[2].message.find("vpdq format"), std::string::npos);
  EXPECT_NE(parsed.problems[3].message.find("64 hex digits"), std::string::npos);
  EXPECT_NE(parsed.problems[4].message.find("text after the signal"), std::string::npos);
  EXPECT_NE(parsed.problems[5].message.find("'x' at character 64"), std::string::npos);
  EXPECT_NE(parsed.problems[6].message.find("NUL byte"), std::string::npos);
}

TEST(TeListTest, OverlongLinesAreSkipped) {
  Collected collected;
  TeListParser parser("te.txt", CollectInto(collected), 100);
  const std::string text = absl::StrCat("pdq ", std::string(200, 'f'), "\nmd5 ", kMd5, "\n");
  const Result<ListSummary> summary = FeedAll(parser, text, 7);
  ASSERT_TRUE(summary.ok());
  ASSERT_EQ(collected.problems.size(), 1u);
  EXPECT_EQ(collected.problems[0].line, 1u);
  EXPECT_NE(collected.problems[0].message.find("over the limit of 100"), std::string::npos);
  ASSERT_EQ(collected.records.size(), 1u);
  EXPECT_EQ(collected.records[0].line, 2u);
}

TEST(TeListTest, CrLfByteOrderMarkAndUppercaseAreNormalised) {
  const std::string text = absl::StrCat(
      "\xEF\xBB\xBFPDQ ", absl::AsciiStrToUpper(std::string(kPdq)), "\r\nmd5  ", kMd5, "\r\n");
  const Collected parsed = Parse(text, 3);
  ASSERT_EQ(parsed.records.size(), 2u);
  EXPECT_TRUE(parsed.problems.empty());
  EXPECT_EQ(FormatTeLine(parsed.records[0]) + FormatTeLine(parsed.records[1]),
            absl::StrCat("pdq ", kPdq, "\nmd5 ", kMd5, "\n"));
}

TEST(TeListTest, ErrorFromTheRecordCallbackStopsTheRead) {
  int calls = 0;
  TeListParser parser("te.txt", {.on_record =
                                     [&calls](const ListRecord&) {
                                       ++calls;
                                       return absl::CancelledError("enough");
                                     },
                                 .on_problem = nullptr});
  const std::string text = absl::StrCat("md5 ", kMd5, "\nmd5 ", kMd5, "\n");
  EXPECT_EQ(parser.Feed(testing::Bytes(text)).code(), absl::StatusCode::kCancelled);
  EXPECT_EQ(parser.Finish().status().code(), absl::StatusCode::kCancelled);
  EXPECT_EQ(calls, 1);
}

}  // namespace
}  // namespace clearhost::lists
