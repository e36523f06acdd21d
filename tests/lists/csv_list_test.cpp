#include "lists/csv_list.h"

#include <gtest/gtest.h>

#include <string>

#include "absl/strings/str_cat.h"
#include "lists/collect_records.h"

namespace clearhost::lists {
namespace {

using testing::Collected;
using testing::CollectInto;
using testing::FeedAll;
using testing::kMd5;
using testing::kPdq;
using testing::kSha256;

Result<Collected> Parse(std::string_view text, size_t piece_size = 0,
                        size_t max_line_bytes = kMaxLineBytes) {
  Collected collected;
  CsvListParser parser("list.csv", CollectInto(collected), max_line_bytes);
  CLEARHOST_ASSIGN_OR_RETURN(collected.summary, FeedAll(parser, text, piece_size));
  return collected;
}

TEST(CsvListTest, ReadsHeaderColumnsInAnyOrderAndIgnoresOthers) {
  const std::string text = absl::StrCat("Tags,note,SIGNAL,signal_type\n", "a b;c,first,", kPdq,
                                        ",pdq\n", ",,", kMd5, ",video_md5\n");
  const Result<Collected> parsed = Parse(text);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  ASSERT_EQ(parsed->records.size(), 2u);
  EXPECT_TRUE(parsed->problems.empty());
  EXPECT_EQ(parsed->records[0].line, 2u);
  EXPECT_EQ(parsed->records[0].signal.ToHex(), kPdq);
  EXPECT_EQ(parsed->records[0].tags, (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(parsed->records[1].signal.type, SignalType::kMd5);
  EXPECT_TRUE(parsed->records[1].tags.empty());
}

TEST(CsvListTest, QuotedFieldsMaySpanLinesAndHoldQuotesAndCommas) {
  const std::string text =
      absl::StrCat("signal_type,signal,tags,comment\r\n", "pdq,", kPdq,
                   ",\"x,y \"\"z\"\"\",\"two\r\nlines\"\r\n", "md5,\"", kMd5, "\",,\r\n");
  for (const size_t piece_size : {0, 1, 4}) {
    const Result<Collected> parsed = Parse(text, piece_size);
    ASSERT_TRUE(parsed.ok()) << parsed.status();
    EXPECT_TRUE(parsed->problems.empty());
    ASSERT_EQ(parsed->records.size(), 2u);
    EXPECT_EQ(parsed->records[0].tags, (std::vector<std::string>{"x,y", "\"z\""}));
    EXPECT_EQ(parsed->records[1].line, 4u);  // the record on lines 2-3 counts both
    EXPECT_EQ(parsed->summary.lines, 4u);
  }
}

TEST(CsvListTest, EveryMalformedRecordKindIsReportedWithItsLine) {
  const std::string text = absl::StrCat("signal_type,signal,tags\n",  // 1 header
                                        "pdq,", kPdq, ",\n",          // 2 fine
                                        "pdq,", kPdq, "\n",           // 3 two fields
                                        "pdq,", kPdq, ",a,b\n",       // 4 four fields
                                        "url,", kPdq, ",\n",          // 5 unknown type
                                        "md5,", kPdq, ",\n",          // 6 wrong length
                                        "pdq, ", kPdq, ",\n",         // 7 space before the hash
                                        "pdq,\"", kPdq, "\"x,\n",  // 8 text after a closing quote
                                        "pdq,ab\"c\"d,\n",         // 9 quote in an unquoted field
                                        "pdq,", kPdq, ",", std::string(1, '\0'), "\n",  // 10 NUL
                                        "vpdq,", kPdq, ",\n",        // 11 vpdq is a file
                                        "sha256,", kSha256, ",t\n",  // 12 fine
                                        "pdq,\"", kPdq, "\n");       // 13 quote never closed
  const Result<Collected> parsed = Parse(text);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  ASSERT_EQ(parsed->records.size(), 2u);
  EXPECT_EQ(parsed->records[1].line, 12u);
  ASSERT_EQ(parsed->problems.size(), 10u);
  const std::vector<uint64_t> lines = {3, 4, 5, 6, 7, 8, 9, 10, 11, 13};
  for (size_t i = 0; i < lines.size(); ++i) {
    EXPECT_EQ(parsed->problems[i].line, lines[i]) << parsed->problems[i].message;
  }
  EXPECT_NE(parsed->problems[0].message.find("2 fields, but the header has 3"), std::string::npos);
  EXPECT_NE(parsed->problems[2].message.find("unknown signal type 'url'"), std::string::npos);
  EXPECT_NE(parsed->problems[5].message.find("text after the closing quote of field 2"),
            std::string::npos);
  EXPECT_NE(parsed->problems[6].message.find("quote inside unquoted field 2"), std::string::npos);
  EXPECT_NE(parsed->problems[7].message.find("NUL byte"), std::string::npos);
  EXPECT_NE(parsed->problems[9].message.find("never closed"), std::string::npos);
}

TEST(CsvListTest, BadHeadersRefuseTheList) {
  const Result<Collected> missing = Parse(absl::StrCat("type,hash\npdq,", kPdq, "\n"));
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(missing.status().message().find("list.csv:1: the header must name"), std::string::npos)
      << missing.status();
  const Result<Collected> twice =
      Parse(absl::StrCat("\n\nsignal_type,signal,signal_str\npdq,", kPdq, ",x\n"));
  EXPECT_NE(twice.status().message().find("list.csv:3: the header names column 'signal_str' twice"),
            std::string::npos)
      << twice.status();
}

TEST(CsvListTest, AnUnclosedQuoteEndsAtTheRecordLimit) {
  const std::string text =
      absl::StrCat("signal_type,signal\npdq,\"", kPdq, "\n", std::string(50, 'a'), "\n",
                   std::string(50, 'a'), "\nmd5,", kMd5, "\n");
  const Result<Collected> parsed = Parse(text, 0, 120);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  ASSERT_EQ(parsed->problems.size(), 1u);
  EXPECT_EQ(parsed->problems[0].line, 2u);
  EXPECT_NE(parsed->problems[0].message.find("record over the limit of 120"), std::string::npos);
  ASSERT_EQ(parsed->records.size(), 1u);
  EXPECT_EQ(parsed->records[0].line, 5u);
}

TEST(CsvListTest, WritesRfc4180) {
  ListRecord record;
  record.signal = ParseSignal(SignalType::kMd5, kMd5).value();
  record.tags = {"a,b", "c"};
  EXPECT_EQ(CsvListHeader() + FormatCsvRecord(record),
            absl::StrCat("signal_type,signal,tags\nmd5,", kMd5, ",\"a,b c\"\n"));
}

// The shape python-threatexchange's `dataset -P --csv` (the library under HMA) writes: Python's
// csv module, CRLF line ends, tags joined by spaces.
TEST(CsvListTest, ReadsAndWritesTheHmaExport) {
  const std::string text =
      absl::StrCat("collab,signal_type,signal_str,category,tags\r\n", "Sample Data,pdq,", kPdq,
                   ",POSITIVE_CLASS,media_type_photo violating\r\n", "\"Bank, \"\"two\"\"\",md5,",
                   kMd5, ",INVESTIGATION_SEED,\r\n");
  const Result<Collected> parsed = Parse(text, 3);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_TRUE(parsed->problems.empty());
  ASSERT_EQ(parsed->records.size(), 2u);
  EXPECT_EQ(parsed->records[0].collab, "Sample Data");
  EXPECT_EQ(parsed->records[0].category, "POSITIVE_CLASS");
  EXPECT_EQ(parsed->records[0].tags, (std::vector<std::string>{"media_type_photo", "violating"}));
  EXPECT_EQ(parsed->records[1].collab, "Bank, \"two\"");
  std::string written = HmaExportHeader();
  for (const ListRecord& record : parsed->records) written += FormatHmaRecord(record);
  EXPECT_EQ(written, text);
}

}  // namespace
}  // namespace clearhost::lists
