#include "lists/list_format.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "lists/collect_records.h"
#include "support/test_support.h"

namespace clearhost::lists {
namespace {

using testing::Collected;
using testing::CollectInto;
using testing::FeedAll;

TEST(ListFormatTest, NamesRoundTrip) {
  for (const ListFormat format : kAllListFormats) {
    EXPECT_EQ(ParseListFormatName(ListFormatName(format)), format);
  }
  EXPECT_EQ(ParseListFormatName("HMA"), ListFormat::kHma);
  EXPECT_EQ(ParseListFormatName("te"), ListFormat::kTe);
  EXPECT_EQ(ParseListFormatName("json"), std::nullopt);
  EXPECT_EQ(ParseListFormatName(""), std::nullopt);
}

std::string RandomHex(std::mt19937_64& random, size_t digits) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex;
  for (size_t i = 0; i < digits; ++i) hex += kDigits[random() % 16];
  return hex;
}

// `count` records of random signals (of `only_type` when given), with the metadata `format` keeps.
std::vector<ListRecord> GeneratedRecords(ListFormat format, size_t count, uint64_t seed,
                                         std::optional<SignalType> only_type = std::nullopt) {
  std::mt19937_64 random(seed);
  const std::vector<std::string> words = {"media_type_photo", "violating", "t,1", "q\"x", "z"};
  std::vector<ListRecord> records(count);
  for (ListRecord& record : records) {
    const SignalType type = only_type.value_or(kAllSignalTypes[random() % 4]);
    record.signal = ParseSignal(type, RandomHex(random, SignalHexLength(type))).value();
    if (format == ListFormat::kCsv || format == ListFormat::kHma) {
      for (size_t k = random() % 3; k > 0; --k) {
        // Tags hold no separator (space, tab or ';'): those split tags on reading.
        record.tags.push_back(words[random() % words.size()]);
      }
    }
    if (format == ListFormat::kHma) {
      record.collab = random() % 2 ? "Sample Data" : "BANK_1, \"two\"";
      record.category = random() % 2 ? "POSITIVE_CLASS" : "";
    }
  }
  return records;
}

std::string Write(ListFormat format, const std::vector<ListRecord>& records) {
  ListWriter writer = ListWriter::Create(format).value();
  std::string out;
  for (const ListRecord& record : records) EXPECT_TRUE(writer.Append(record, out).ok());
  writer.Finish(out);
  return out;
}

Collected Read(ListFormat format, std::string_view text, size_t piece_size) {
  Collected collected;
  const std::unique_ptr<ListParser> parser =
      MakeListParser(format, "generated", {}, CollectInto(collected));
  const Result<ListSummary> summary = FeedAll(*parser, text, piece_size);
  EXPECT_TRUE(summary.ok()) << summary.status();
  if (summary.ok()) collected.summary = *summary;
  return collected;
}

// write(read(x)) == x for generated files in every writable format, read whole and in pieces.
TEST(ListFormatTest, GeneratedFilesRoundTripByteForByte) {
  for (const ListFormat format :
       {ListFormat::kPlain, ListFormat::kTe, ListFormat::kCsv, ListFormat::kHma}) {
    for (const size_t count : {size_t{0}, size_t{1}, size_t{500}}) {
      const std::optional<SignalType> type =
          format == ListFormat::kPlain ? std::optional(SignalType::kSha1) : std::nullopt;
      const std::vector<ListRecord> records = GeneratedRecords(format, count, count + 1, type);
      const std::string text = Write(format, records);
      for (const size_t piece_size : {size_t{0}, size_t{7}}) {
        Collected read = Read(format, text, piece_size);
        EXPECT_TRUE(read.problems.empty()) << ListFormatName(format);
        ASSERT_EQ(read.records.size(), count) << ListFormatName(format);
        for (size_t i = 0; i < count; ++i) {
          EXPECT_NE(read.records[i].line, 0u);
          read.records[i].line = 0;
          EXPECT_EQ(read.records[i], records[i]) << ListFormatName(format) << " record " << i;
        }
        EXPECT_EQ(Write(format, read.records), text) << ListFormatName(format);
      }
    }
  }
}

TEST(ListFormatTest, WritersWriteTheDocumentedShapes) {
  ListRecord record;
  record.signal = ParseSignal(SignalType::kMd5, "D41D8CD98F00B204E9800998ECF8427E").value();
  record.tags = {"a"};
  record.collab = "c";
  record.category = "POSITIVE_CLASS";
  const std::string md5 = "d41d8cd98f00b204e9800998ecf8427e";
  EXPECT_EQ(Write(ListFormat::kPlain, {record}), "# signal_type: md5\n" + md5 + "\n");
  EXPECT_EQ(Write(ListFormat::kTe, {record}), "md5 " + md5 + "\n");
  EXPECT_EQ(Write(ListFormat::kCsv, {record}), "signal_type,signal,tags\nmd5," + md5 + ",a\n");
  EXPECT_EQ(
      Write(ListFormat::kHma, {record}),
      "collab,signal_type,signal_str,category,tags\r\nc,md5," + md5 + ",POSITIVE_CLASS,a\r\n");
  EXPECT_EQ(Write(ListFormat::kPlain, {}), "");
  EXPECT_EQ(Write(ListFormat::kCsv, {}), "signal_type,signal,tags\n");
}

TEST(ListFormatTest, APlainListHoldsOneType) {
  ListWriter writer = ListWriter::Create(ListFormat::kPlain).value();
  ListRecord md5;
  md5.signal = ParseSignal(SignalType::kMd5, "d41d8cd98f00b204e9800998ecf8427e").value();
  ListRecord pdq;
  std::string out;
  ASSERT_TRUE(writer.Append(md5, out).ok());
  const Status second = writer.Append(pdq, out);
  EXPECT_EQ(second.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(second.message().find("one signal type: pdq after md5"), std::string::npos);
}

TEST(ListFormatTest, VpdqIsReadAsPdqRecordsAndNotWrittenFromRecords) {
  const std::string hash = "e0f51d29c6c6b071050a4f8e3039e2d61f0a7d29e2d61d2bfda1e2d61939e7c3";
  const Collected read = Read(ListFormat::kVpdq, "0,100," + hash + ",0.000\nbad\n", 0);
  ASSERT_EQ(read.records.size(), 1u);
  EXPECT_EQ(read.records[0].signal.type, SignalType::kPdq);
  EXPECT_EQ(read.records[0].signal.ToHex(), hash);
  ASSERT_EQ(read.problems.size(), 1u);
  EXPECT_EQ(read.problems[0].line, 2u);
  EXPECT_EQ(ListWriter::Create(ListFormat::kVpdq).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(ListFormatTest, PlainOptionsReachThePlainParser) {
  Collected collected;
  const std::unique_ptr<ListParser> parser = MakeListParser(
      ListFormat::kPlain, "list.txt", {.plain_type = SignalType::kSha1}, CollectInto(collected));
  const Result<ListSummary> summary =
      FeedAll(*parser, "# signal_type: md5\nd41d8cd98f00b204e9800998ecf8427e\n");
  EXPECT_EQ(summary.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(ListFormatTest, ReadsFilesAndNamesThemInErrors) {
  const clearhost::testing::ScratchDir dir;
  const std::filesystem::path path = dir.path() / "list.csv";
  const std::string text = "signal_type,signal\nmd5,d41d8cd98f00b204e9800998ecf8427e\nmd5,x\n";
  clearhost::testing::WriteFile(path, std::vector<uint8_t>(text.begin(), text.end()));
  Collected collected;
  const Result<ListSummary> summary =
      ReadListFile(ListFormat::kCsv, path, {}, CollectInto(collected));
  ASSERT_TRUE(summary.ok()) << summary.status();
  EXPECT_EQ(summary->records, 1u);
  EXPECT_EQ(summary->problems, 1u);
  EXPECT_EQ(summary->lines, 3u);
  const Result<ListSummary> missing =
      ReadListFile(ListFormat::kTe, dir.path() / "absent.txt", {}, {});
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
  EXPECT_NE(missing.status().message().find("absent.txt"), std::string::npos);
}

}  // namespace
}  // namespace clearhost::lists
