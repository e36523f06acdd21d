#include "lists/plain_list.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "core/hex.h"
#include "support/test_support.h"

namespace clearhost::lists {
namespace {

using testing::ScratchDir;

constexpr char kPdqA[] = "d8f8f0cee0f4a84f0637022a078f67f0b36e2ed596621e1d33e6339c4e9c9b22";
constexpr char kPdqB[] = "f8f8f0cee0f4a84f0637022a078f67f0b36e2ed596621e1d33e6339c4e9c9b2f";
constexpr char kMd5[] = "d41d8cd98f00b204e9800998ecf8427e";
constexpr char kSha1[] = "da39a3ee5e6b4b0d3255bfef95601890afd80709";

// What a parse delivered through its callbacks, for comparing.
struct Parsed {
  SignalType type = SignalType::kPdq;
  uint64_t lines = 0;
  std::vector<std::pair<uint64_t, std::string>> entries;  // line, canonical hex
  std::vector<ListProblem> problems;

  friend bool operator==(const Parsed&, const Parsed&) = default;
};

PlainListCallbacks Recorder(Parsed& parsed) {
  return {
      .on_entry =
          [&parsed](const Signal& signal, uint64_t line) {
            parsed.entries.emplace_back(line, signal.ToHex());
            return absl::OkStatus();
          },
      .on_problem = [&parsed](const ListProblem& problem) { parsed.problems.push_back(problem); }};
}

Parsed Finished(Parsed parsed, const PlainListSummary& summary) {
  EXPECT_EQ(summary.entries, parsed.entries.size());
  EXPECT_EQ(summary.problems, parsed.problems.size());
  parsed.type = summary.type;
  parsed.lines = summary.lines;
  return parsed;
}

std::span<const uint8_t> Bytes(std::string_view text) {
  return {reinterpret_cast<const uint8_t*>(text.data()), text.size()};
}

// Parses `text` in one piece.
Result<Parsed> Parse(std::string_view text, std::optional<SignalType> type = std::nullopt) {
  Parsed parsed;
  CLEARHOST_ASSIGN_OR_RETURN(const PlainListSummary summary,
                             ParsePlainList(Bytes(text), "list.txt", type, Recorder(parsed)));
  return Finished(std::move(parsed), summary);
}

// Parses `text` fed in pieces of the given sizes (cycled).
Result<Parsed> ParseInPieces(std::string_view text, const std::vector<size_t>& piece_sizes,
                             std::optional<SignalType> type = std::nullopt) {
  Parsed parsed;
  PlainListParser parser("list.txt", type, Recorder(parsed));
  for (size_t offset = 0, i = 0; offset < text.size(); ++i) {
    const size_t size = std::min(piece_sizes[i % piece_sizes.size()], text.size() - offset);
    CLEARHOST_RETURN_IF_ERROR(parser.Feed(Bytes(text.substr(offset, size))));
    offset += size;
  }
  CLEARHOST_ASSIGN_OR_RETURN(const PlainListSummary summary, parser.Finish());
  return Finished(std::move(parsed), summary);
}

std::vector<std::pair<uint64_t, std::string>> Entries(
    std::initializer_list<std::pair<uint64_t, std::string_view>> entries) {
  std::vector<std::pair<uint64_t, std::string>> out;
  for (const auto& [line, hex] : entries) out.emplace_back(line, std::string(hex));
  return out;
}

std::string Upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = char(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

void WriteText(const std::filesystem::path& path, std::string_view text) {
  testing::WriteFile(path, std::vector<uint8_t>(text.begin(), text.end()));
}

TEST(PlainListTest, SkipsBlankLinesAndCommentsAndNumbersLines) {
  const std::string text =
      absl::StrCat("# a list\n\n", kPdqA, "\n   \n\t# indented comment\n", kPdqB, "\n");
  const Result<Parsed> parsed = Parse(text);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->type, SignalType::kPdq);  // the default
  EXPECT_EQ(parsed->lines, 6u);
  EXPECT_EQ(parsed->entries, Entries({{3, kPdqA}, {6, kPdqB}}));
  EXPECT_TRUE(parsed->problems.empty());
}

TEST(PlainListTest, FormatsDocumentExample) {
  const Result<Parsed> parsed = Parse(
      "# signal_type: md5\n"
      "# Exported 2024-05-01 from the hotline's bank.\n"
      "d41d8cd98f00b204e9800998ecf8427e\n"
      "D41D8CD98F00B204E9800998ECF8427E  same digest, uppercase, with a note\n"
      "\n"
      "da39a3ee5e6b4b0d3255bfef95601890afd80709\n");
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->type, SignalType::kMd5);
  EXPECT_EQ(parsed->entries, Entries({{3, kMd5}, {4, kMd5}}));
  const std::vector<ListProblem> expected = {
      {6, "40 hex digits: a sha1 digest, but this list holds md5 digests"}};
  EXPECT_EQ(parsed->problems, expected);
}

TEST(PlainListTest, LastLineWithoutLineFeedCounts) {
  const Result<Parsed> parsed = Parse(absl::StrCat(kPdqA, "\n", kPdqB));
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->lines, 2u);
  EXPECT_EQ(parsed->entries, Entries({{1, kPdqA}, {2, kPdqB}}));
}

TEST(PlainListTest, EmptyAndCommentOnlyListsHaveNoEntries) {
  for (const std::string_view text : {"", "\n", "# nothing here\n", "\r\n\r\n"}) {
    const Result<Parsed> parsed = Parse(text, SignalType::kMd5);
    ASSERT_TRUE(parsed.ok()) << parsed.status();
    EXPECT_EQ(parsed->type, SignalType::kMd5);
    EXPECT_TRUE(parsed->entries.empty());
    EXPECT_TRUE(parsed->problems.empty());
  }
}

TEST(PlainListTest, HeaderDeclaresTheType) {
  const Result<Parsed> parsed =
      Parse(absl::StrCat("# exported 2024-05-01\n\n#  SIGNAL_TYPE :\tMD5 \n", kMd5, "\n"));
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->type, SignalType::kMd5);
  EXPECT_EQ(parsed->entries, Entries({{4, kMd5}}));
}

TEST(PlainListTest, CallerTypeAppliesWithoutHeaderAndMayRepeatIt) {
  const Result<Parsed> without_header = Parse(absl::StrCat(kSha1, "\n"), SignalType::kSha1);
  ASSERT_TRUE(without_header.ok());
  EXPECT_EQ(without_header->type, SignalType::kSha1);
  EXPECT_EQ(without_header->entries, Entries({{1, kSha1}}));

  const Result<Parsed> same =
      Parse(absl::StrCat("# signal_type: sha1\n", kSha1, "\n"), SignalType::kSha1);
  ASSERT_TRUE(same.ok()) << same.status();
  EXPECT_EQ(same->entries, Entries({{2, kSha1}}));
}

TEST(PlainListTest, HeaderContradictingTheCallerRefusesTheList) {
  int entries = 0;
  PlainListCallbacks count;
  count.on_entry = [&entries](const Signal&, uint64_t) {
    ++entries;
    return absl::OkStatus();
  };
  const std::string text = absl::StrCat("# hotline export\n# signal_type: sha1\n", kSha1, "\n");
  const Result<PlainListSummary> summary =
      ParsePlainList(Bytes(text), "hotline.txt", SignalType::kMd5, count);
  EXPECT_EQ(summary.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(summary.status().message(),
            "hotline.txt:2: the header declares signal_type sha1 but md5 was asked for; refusing "
            "the list");
  EXPECT_EQ(entries, 0);
}

TEST(PlainListTest, ContradictoryOrUnknownHeadersRefuseTheList) {
  const Result<Parsed> twice = Parse("# signal_type: md5\n# signal_type: sha1\n");
  EXPECT_EQ(twice.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(twice.status().message(),
            "list.txt:2: the header declares signal_type sha1 but line 1 declared md5");

  const Result<Parsed> unknown = Parse("\n# signal_type: video_md5\n");
  EXPECT_EQ(unknown.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(unknown.status().message(),
            "list.txt:2: unknown signal_type 'video_md5' (known: pdq, md5, sha1, sha256)");

  EXPECT_TRUE(Parse("# signal_type: md5\n# Signal_Type: MD5\n").ok());
  // Not directives: ordinary comments.
  EXPECT_TRUE(Parse("# signal_type md5\n# signal_types: x\n# the signal_type: x\n").ok());
}

TEST(PlainListTest, HeaderAfterTheFirstEntryIsAProblem) {
  const std::string text =
      absl::StrCat(kPdqA, "\n# signal_type: pdq\n# signal_type: md5\n", kPdqB, "\n", kMd5, "\n");
  const Result<Parsed> parsed = Parse(text);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->type, SignalType::kPdq);
  EXPECT_EQ(parsed->entries, Entries({{1, kPdqA}, {4, kPdqB}}));
  ASSERT_EQ(parsed->problems.size(), 2u);
  EXPECT_EQ(parsed->problems[0].line, 3u);
  EXPECT_EQ(parsed->problems[0].message,
            "signal_type 'md5' after the first entry; the list holds pdq (a list holds one type)");
  EXPECT_EQ(parsed->problems[1].line, 5u);
}

TEST(PlainListTest, BadLinesBeforeTheHeaderDoNotEndIt) {
  const std::string text = absl::StrCat(std::string(1, '\0'), "\n# signal_type: md5\n", kMd5, "\n");
  const Result<Parsed> parsed = Parse(text);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->type, SignalType::kMd5);
  EXPECT_EQ(parsed->entries, Entries({{3, kMd5}}));
  ASSERT_EQ(parsed->problems.size(), 1u);
  EXPECT_EQ(parsed->problems[0].line, 1u);
}

TEST(PlainListTest, CrLfAndByteOrderMark) {
  const std::string text =
      absl::StrCat("\xEF\xBB\xBF# signal_type: md5\r\n", kMd5, "\r\n\r\n", Upper(kMd5), "\r\n");
  const Result<Parsed> parsed = Parse(text);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->type, SignalType::kMd5);
  EXPECT_EQ(parsed->entries, Entries({{2, kMd5}, {4, kMd5}}));
  EXPECT_TRUE(parsed->problems.empty());

  const Result<Parsed> bom_entry = Parse(absl::StrCat("\xEF\xBB\xBF", kPdqA, "\r\n"));
  ASSERT_TRUE(bom_entry.ok());
  EXPECT_EQ(bom_entry->entries, Entries({{1, kPdqA}}));
}

TEST(PlainListTest, ByteOrderMarkAfterLineOneIsAProblem) {
  const Result<Parsed> parsed = Parse(absl::StrCat(kPdqA, "\n\xEF\xBB\xBF", kPdqB, "\n"));
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->entries, Entries({{1, kPdqA}}));
  ASSERT_EQ(parsed->problems.size(), 1u);
  EXPECT_EQ(parsed->problems[0].line, 2u);
  EXPECT_EQ(parsed->problems[0].message, "byte 0xef at character 1 of the hash is not a hex digit");
}

TEST(PlainListTest, HashIsTheFirstField) {
  // clearhost's own `hash --format pdq` output, annotated lines, surrounding blanks, uppercase.
  const std::string text =
      absl::StrCat(kPdqA, ",100,photos/a b,c.jpg\n", kPdqB, "  from the 2024 export\n", "  \t",
                   Upper(kPdqA), "\t# trailing note\n", kPdqB, " \t\n");
  const Result<Parsed> parsed = Parse(text);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->entries, Entries({{1, kPdqA}, {2, kPdqB}, {3, kPdqA}, {4, kPdqB}}));
  EXPECT_TRUE(parsed->problems.empty());
}

TEST(PlainListTest, BadLinesAreProblemsAndTheRestLoads) {
  const std::string text = absl::StrCat(kPdqA, "\n",                         // 1 fine
                                        "not a hash\n",                      // 2
                                        std::string(kPdqA).substr(1), "\n",  // 3 short
                                        kMd5, "\n",                          // 4 md5 in a pdq list
                                        kSha1, ",1,x\n",                     // 5 sha1 in a pdq list
                                        kPdqA, "#note\n",  // 6 '#' inside the field
                                        ",", kPdqA, "\n",  // 7 empty first field
                                        kPdqB, "\n");      // 8 fine
  const Result<Parsed> parsed = Parse(text);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->entries, Entries({{1, kPdqA}, {8, kPdqB}}));
  const std::vector<ListProblem> expected = {
      {2, "'n' at character 1 of the hash is not a hex digit"},
      {3, "a pdq hash has 64 hex digits, got 63"},
      {4, "32 hex digits: an md5 digest, but this list holds pdq hashes"},
      {5, "40 hex digits: a sha1 digest, but this list holds pdq hashes"},
      {6, "'#' at character 65 of the hash is not a hex digit"},
      {7, "a pdq hash has 64 hex digits, got 0"},
  };
  EXPECT_EQ(parsed->problems, expected);
}

TEST(PlainListTest, MixedTypesInADigestList) {
  const std::string text =
      absl::StrCat("# signal_type: md5\n", kMd5, "\n", kPdqA, "\n", kSha1, "\n", kMd5, "\n");
  const Result<Parsed> parsed = Parse(text);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->entries, Entries({{2, kMd5}, {5, kMd5}}));
  const std::vector<ListProblem> expected = {
      {3, "64 hex digits: a pdq hash or a sha256 digest, but this list holds md5 digests"},
      {4, "40 hex digits: a sha1 digest, but this list holds md5 digests"},
  };
  EXPECT_EQ(parsed->problems, expected);
}

TEST(PlainListTest, NulBytesAreProblemsAndLinesStayNumbered) {
  std::string text = absl::StrCat(kPdqA, "\nab", std::string(1, '\0'), "cd\n# comment ",
                                  std::string(3, '\0'), "\n", kPdqB, "\n");
  text += std::string(5000, '\0') + "\n" + std::string(kPdqA) + "\n";
  const Result<Parsed> parsed = Parse(text);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->lines, 6u);
  EXPECT_EQ(parsed->entries, Entries({{1, kPdqA}, {4, kPdqB}, {6, kPdqA}}));
  const std::vector<ListProblem> expected = {
      {2, "NUL byte at character 3: binary data, not a text list"},
      {3, "NUL byte at character 11: binary data, not a text list"},
      {5, "NUL byte at character 1: binary data, not a text list"},
  };
  EXPECT_EQ(parsed->problems, expected);
}

TEST(PlainListTest, LineLengthLimit) {
  // Exactly kMaxLineBytes bytes still loads; one more is a problem.
  std::string longest = std::string(kPdqA) + " ";
  longest.resize(kMaxLineBytes, 'x');
  const std::string text = absl::StrCat(longest, "\n", longest, "x\n", kPdqB, "\n");
  for (const std::vector<size_t>& pieces :
       {std::vector<size_t>{text.size()}, std::vector<size_t>{1000}, std::vector<size_t>{1, 7}}) {
    const Result<Parsed> parsed = ParseInPieces(text, pieces);
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(parsed->entries, Entries({{1, kPdqA}, {3, kPdqB}}));
    const std::vector<ListProblem> expected = {
        {2, "line of 65537 bytes is over the limit of 65536; skipped"}};
    EXPECT_EQ(parsed->problems, expected);
  }
}

TEST(PlainListTest, MegabyteGarbageLineInTheMiddleOfAFile) {
  ScratchDir dir;
  std::mt19937 random(7);
  std::string garbage(1 << 20, '\0');
  for (char& c : garbage) {
    c = char(random() % 256);
    if (c == '\n') c = 'z';
  }
  const std::string text = absl::StrCat("# signal_type: pdq\n", kPdqA, "\n", garbage, "\n", kPdqB,
                                        "\n", Upper(kPdqA), "\n");
  WriteText(dir.path() / "list.txt", text);
  const Result<PlainList> list = LoadPlainListFile(dir.path() / "list.txt", std::nullopt);
  ASSERT_TRUE(list.ok()) << list.status();
  EXPECT_EQ(list->size(), 3u);
  EXPECT_EQ(list->lines, (std::vector<uint32_t>{2, 4, 5}));
  EXPECT_EQ(list->pdq[1].ToHex(), kPdqB);
  ASSERT_EQ(list->problems.size(), 1u);
  EXPECT_EQ(list->problems[0].line, 3u);
  EXPECT_EQ(list->problems[0].message, "line of 1048576 bytes is over the limit of 65536; skipped");
}

// VmHWM (peak resident memory) in KiB.
int64_t PeakResidentKib() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.starts_with("VmHWM:")) return std::stoll(line.substr(6));
  }
  return -1;
}

TEST(PlainListTest, AGigabyteLineIsSkippedInBoundedMemory) {
  Parsed parsed;
  PlainListParser parser("huge.txt", std::nullopt, Recorder(parsed));
  const std::string chunk(1 << 20, 'a');
  const int64_t peak_before = PeakResidentKib();
  ASSERT_TRUE(parser.Feed(Bytes(absl::StrCat(kPdqA, "\n"))).ok());
  for (int i = 0; i < 1024; ++i) ASSERT_TRUE(parser.Feed(Bytes(chunk)).ok());
  ASSERT_TRUE(parser.Feed(Bytes(absl::StrCat("\n", kPdqB))).ok());
  const Result<PlainListSummary> summary = parser.Finish();
  ASSERT_TRUE(summary.ok());
  EXPECT_LT(PeakResidentKib() - peak_before, 64 * 1024) << "the long line was held in memory";
  EXPECT_EQ(summary->lines, 3u);
  EXPECT_EQ(parsed.entries, Entries({{1, kPdqA}, {3, kPdqB}}));
  ASSERT_EQ(parsed.problems.size(), 1u);
  EXPECT_EQ(parsed.problems[0].message,
            "line of 1073741824 bytes is over the limit of 65536; skipped");
}

TEST(PlainListTest, ResultDoesNotDependOnHowBytesArrive) {
  std::string text = absl::StrCat("\xEF\xBB\xBF# signal_type: sha1\r\n", kSha1, ",1,a\r\n\n\n",
                                  "bad\r\n", kMd5, "\n  ", Upper(kSha1), "\t# x\n");
  text += std::string(70000, 'q') + "\n" + std::string(kSha1);
  const Result<Parsed> whole = Parse(text);
  ASSERT_TRUE(whole.ok());
  EXPECT_EQ(whole->entries.size(), 3u);
  EXPECT_EQ(whole->problems.size(), 3u);
  for (const std::vector<size_t>& pieces :
       std::vector<std::vector<size_t>>{{1}, {2}, {3, 5}, {64, 1}, {4096}, {65535, 2}}) {
    EXPECT_EQ(ParseInPieces(text, pieces).value(), *whole) << "pieces of " << pieces[0];
  }
}

TEST(PlainListTest, KeepsTheFirstThousandProblemsAndCountsAll) {
  std::string text;
  for (int i = 0; i < 2500; ++i) absl::StrAppend(&text, "bad line ", i, "\n", kPdqA, "\n");
  ScratchDir dir;
  WriteText(dir.path() / "bad.txt", text);
  const Result<PlainList> list = LoadPlainListFile(dir.path() / "bad.txt", SignalType::kPdq);
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(list->size(), 2500u);
  EXPECT_EQ(list->problem_count, 2500u);
  ASSERT_EQ(list->problems.size(), kMaxKeptProblems);
  EXPECT_EQ(list->problems.front().line, 1u);
  EXPECT_EQ(list->problems.back().line, 2 * kMaxKeptProblems - 1);
}

TEST(PlainListTest, ErrorFromTheEntryCallbackStopsTheRead) {
  int entries = 0;
  PlainListCallbacks stop_at_second;
  stop_at_second.on_entry = [&entries](const Signal&, uint64_t line) {
    if (++entries == 2) return absl::UnavailableError(absl::StrCat("store full at line ", line));
    return absl::OkStatus();
  };
  const std::string text = absl::StrCat(kPdqA, "\n\n", kPdqB, "\n", kPdqA, "\n");
  PlainListParser parser("list.txt", std::nullopt, stop_at_second);
  const Status fed = parser.Feed(Bytes(text));
  EXPECT_EQ(fed, absl::UnavailableError("store full at line 3"));
  EXPECT_EQ(entries, 2);
  EXPECT_EQ(parser.Feed(Bytes(text)), fed);  // final
  EXPECT_EQ(parser.Finish().status(), fed);
}

TEST(PlainListTest, ReadsFromAStream) {
  std::string text = absl::StrCat("# signal_type: md5\n", kMd5, "\n");
  std::FILE* stream = fmemopen(text.data(), text.size(), "r");
  ASSERT_NE(stream, nullptr);
  const Result<PlainList> list = LoadPlainList(stream, "<stdin>", std::nullopt);
  std::fclose(stream);
  ASSERT_TRUE(list.ok()) << list.status();
  EXPECT_EQ(list->type, SignalType::kMd5);
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ(HexEncode(list->digest(0)), kMd5);
  EXPECT_TRUE(list->pdq.empty());
}

TEST(PlainListTest, FileErrorsNameThePath) {
  ScratchDir dir;
  const Result<PlainList> missing = LoadPlainListFile(dir.path() / "missing.txt", std::nullopt);
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(missing.status().message(),
            absl::StrCat("cannot open ", (dir.path() / "missing.txt").string(),
                         ": No such file or directory"));

  const Result<PlainList> directory = LoadPlainListFile(dir.path(), std::nullopt);
  EXPECT_EQ(directory.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(directory.status().message(),
            absl::StrCat("cannot read ", dir.path().string(), ": Is a directory"));

  // Opens fine, but reading offset 0 fails with EIO, even for root.
  const Result<PlainListSummary> unreadable = ReadPlainListFile("/proc/self/mem", std::nullopt, {});
  EXPECT_EQ(unreadable.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(unreadable.status().message(), "cannot read /proc/self/mem: Input/output error");

  if (geteuid() != 0) {  // root reads anything
    WriteText(dir.path() / "secret.txt", kPdqA);
    std::filesystem::permissions(dir.path() / "secret.txt", std::filesystem::perms::none);
    EXPECT_EQ(LoadPlainListFile(dir.path() / "secret.txt", std::nullopt).status().code(),
              absl::StatusCode::kPermissionDenied);
  }
}

TEST(PlainListTest, EmptyFileLoads) {
  ScratchDir dir;
  WriteText(dir.path() / "empty.txt", "");
  const Result<PlainList> list = LoadPlainListFile(dir.path() / "empty.txt", SignalType::kSha256);
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(list->type, SignalType::kSha256);
  EXPECT_EQ(list->size(), 0u);
  EXPECT_EQ(list->problem_count, 0u);
}

// Random hex of `digits` digits, upper- or lowercase.
std::string RandomHex(std::mt19937_64& random, size_t digits) {
  static constexpr char kDigits[] = "0123456789abcdefABCDEF";
  std::string out(digits, '0');
  for (char& c : out) c = kDigits[random() % 22];
  return out;
}

TEST(PlainListTest, LargeListsRoundTrip) {
  ScratchDir dir;
  for (const SignalType type : {SignalType::kPdq, SignalType::kSha1}) {
    std::mt19937_64 random(42);
    std::string text = absl::StrCat("# signal_type: ", std::string(SignalTypeName(type)), "\n");
    std::vector<std::string> expected;
    for (int i = 0; i < 200'000; ++i) {
      expected.push_back(RandomHex(random, SignalHexLength(type)));
      absl::StrAppend(&text, expected.back(), i % 3 == 0 ? "\r\n" : "\n");
    }
    const auto path = dir.path() / absl::StrCat(std::string(SignalTypeName(type)), ".txt");
    WriteText(path, text);
    const Result<PlainList> list = LoadPlainListFile(path, std::nullopt);
    ASSERT_TRUE(list.ok()) << list.status();
    EXPECT_EQ(list->type, type);
    ASSERT_EQ(list->size(), expected.size());
    EXPECT_EQ(list->problem_count, 0u);
    for (size_t i = 0; i < expected.size(); ++i) {
      const std::string hex =
          type == SignalType::kPdq ? list->pdq[i].ToHex() : HexEncode(list->digest(i));
      ASSERT_EQ(hex, absl::AsciiStrToLower(expected[i])) << i;
      ASSERT_EQ(list->lines[i], i + 2) << i;
    }
  }
}

// Random edits of a valid list never crash the reader, and what it reports stays consistent:
// entries are canonical and in line order, and the bytes' split does not change the result.
TEST(PlainListTest, RandomMutationsNeverBreakTheReader) {
  const std::string base = absl::StrCat("\xEF\xBB\xBF# signal_type: md5\r\n# comment\n", kMd5,
                                        ",100,a.jpg\n\n", Upper(kMd5), "  note\r\n", kMd5);
  static constexpr char kInteresting[] = {'\n', '\r', '\0', '#', ',', ' ', '\t', 'g', 'F', ':'};
  std::mt19937_64 random(1234);
  for (int iteration = 0; iteration < 3000; ++iteration) {
    std::string text = base;
    const int edits = 1 + int(random() % 8);
    for (int e = 0; e < edits; ++e) {
      const size_t at = text.empty() ? 0 : random() % text.size();
      switch (random() % 4) {
        case 0:
          if (!text.empty()) text[at] = char(random() % 256);
          break;
        case 1:
          text.insert(text.begin() + at, kInteresting[random() % sizeof(kInteresting)]);
          break;
        case 2:
          if (!text.empty()) text.erase(at, 1 + random() % 40);
          break;
        case 3:
          text.insert(at, text.substr(random() % (text.size() + 1), random() % 60));
          break;
      }
    }
    const std::optional<SignalType> type =
        random() % 2 ? std::nullopt : std::optional(SignalType::kMd5);
    const Result<Parsed> whole = Parse(text, type);
    const Result<Parsed> pieces = ParseInPieces(text, {1 + random() % 13}, type);
    ASSERT_EQ(whole.status(), pieces.status()) << iteration;
    if (!whole.ok()) continue;
    ASSERT_EQ(*whole, *pieces) << iteration;
    uint64_t previous_line = 0;
    for (const auto& [line, hex] : whole->entries) {
      ASSERT_GT(line, previous_line);
      ASSERT_LE(line, whole->lines);
      ASSERT_EQ(hex, ParseSignal(whole->type, hex)->ToHex());
      previous_line = line;
    }
    ASSERT_LE(whole->entries.size() + whole->problems.size(), whole->lines);
  }
}

}  // namespace
}  // namespace clearhost::lists
