// Drives `clearhost index build` and `clearhost match` end to end: lists with bad lines, exact
// answers against a brute-force model, CSV, digests, damaged index files and usage errors.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <random>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "core/hash256.h"
#include "hash/digests.h"
#include "support/test_support.h"

namespace clearhost {
namespace {

using testing::JsonLines;
using testing::WriteText;

namespace fs = std::filesystem;
using testing::ReadFileBytes;
using testing::RunClearhost;
using testing::ScratchDir;
using testing::WriteFile;

Hash256 RandomHash(std::mt19937_64& rng) {
  Hash256 hash;
  for (auto& word : hash.words()) word = rng();
  return hash;
}

Hash256 Flip(Hash256 hash, int flips, std::mt19937_64& rng) {
  for (int k = 0; k < flips; ++k) {
    const int bit = int(rng() % 256);
    hash.words()[bit >> 6] ^= uint64_t{1} << (bit & 63);
  }
  return hash;
}

TEST(IndexCliTest, BuildReportsBadLinesByNumberAndIndexesTheRest) {
  ScratchDir dir;
  std::mt19937_64 rng(1);
  const Hash256 first = RandomHash(rng), second = RandomHash(rng);
  WriteText(dir.path() / "list.txt",
            absl::StrCat("# hotline list\n", first.ToHex(), "\n", "not-a-hash\n",
                         first.ToHex().substr(0, 63), "\n", "d41d8cd98f00b204e9800998ecf8427e\n",
                         second.ToHex(), "\n"));
  const fs::path index = dir.path() / "list.idx";
  const auto built =
      RunClearhost({"index", "build", "--out", index.string(), (dir.path() / "list.txt").string()});
  EXPECT_EQ(built.exit_code, 1) << built.err;
  const std::string list = (dir.path() / "list.txt").string();
  EXPECT_NE(built.err.find(list + ":3: "), std::string::npos) << built.err;
  EXPECT_NE(built.err.find(list + ":4: "), std::string::npos) << built.err;
  EXPECT_NE(built.err.find(list + ":5: "), std::string::npos) << built.err;
  EXPECT_NE(built.err.find("md5"), std::string::npos) << "mixed type named: " << built.err;
  EXPECT_NE(built.err.find("2 pdq"), std::string::npos) << built.err;
  ASSERT_TRUE(fs::exists(index));

  WriteText(dir.path() / "queries.txt", absl::StrCat(second.ToHex(), "\n"));
  const auto matched = RunClearhost(
      {"match", "--index", index.string(), "--hashes", (dir.path() / "queries.txt").string()});
  ASSERT_EQ(matched.exit_code, 0) << matched.err;
  const auto lines = JsonLines(matched.out);
  ASSERT_EQ(lines.size(), 1u);
  ASSERT_EQ(lines[0]["matches"].size(), 1u);
  EXPECT_EQ(lines[0]["matches"][0]["line"], 6);
  EXPECT_EQ(lines[0]["matches"][0]["list"], list);
  EXPECT_EQ(lines[0]["matches"][0]["distance"], 0);
}

TEST(IndexCliTest, MatchEqualsBruteForceOverTheListsInBothFormats) {
  ScratchDir dir;
  std::mt19937_64 rng(2);
  std::vector<Hash256> entries;
  std::string list_text;
  for (int k = 0; k < 3000; ++k) {
    entries.push_back(RandomHash(rng));
    absl::StrAppend(&list_text, entries.back().ToHex(), "\n");
  }
  WriteText(dir.path() / "a.txt", list_text);
  std::vector<Hash256> queries;
  std::string query_text;
  for (int q = 0; q < 200; ++q) {
    queries.push_back(q % 2 ? RandomHash(rng) : Flip(entries[rng() % entries.size()], 30, rng));
    absl::StrAppend(&query_text, queries.back().ToHex(), "\n");
  }
  WriteText(dir.path() / "q.txt", query_text);
  const fs::path index = dir.path() / "a.idx";
  ASSERT_EQ(
      RunClearhost({"index", "build", "--out", index.string(), (dir.path() / "a.txt").string()})
          .exit_code,
      0);
  for (const bool from_lists : {false, true}) {
    std::vector<std::string> source =
        from_lists ? std::vector<std::string>{"--list", (dir.path() / "a.txt").string()}
                   : std::vector<std::string>{"--index", index.string()};
    std::vector<std::string> args = {"match", "--radius", "40", "--hashes",
                                     (dir.path() / "q.txt").string()};
    args.insert(args.begin() + 1, source.begin(), source.end());
    const auto json = RunClearhost(args);
    ASSERT_EQ(json.exit_code, 0) << json.err;
    const auto lines = JsonLines(json.out);
    ASSERT_EQ(lines.size(), queries.size());
    args.push_back("--format");
    args.push_back("csv");
    const auto csv = RunClearhost(args);
    ASSERT_EQ(csv.exit_code, 0) << csv.err;
    std::vector<std::string> rows = absl::StrSplit(csv.out, '\n', absl::SkipEmpty());
    ASSERT_FALSE(rows.empty());
    EXPECT_EQ(rows[0], "query,match,distance");
    size_t expected_rows = 0;
    for (size_t q = 0; q < queries.size(); ++q) {
      std::multiset<std::pair<int, std::string>> expected, actual;
      for (size_t e = 0; e < entries.size(); ++e) {
        const int distance = HammingDistance(entries[e], queries[q]);
        if (distance <= 40) expected.insert({distance, entries[e].ToHex()});
      }
      for (const auto& match : lines[q]["matches"]) {
        actual.insert({match["distance"].get<int>(), match["match"].get<std::string>()});
      }
      ASSERT_EQ(actual, expected) << "query " << q;
      EXPECT_EQ(lines[q]["input"], absl::StrCat((dir.path() / "q.txt").string(), ":", q + 1));
      expected_rows += expected.size();
    }
    EXPECT_EQ(rows.size(), expected_rows + 1);
  }
}

TEST(IndexCliTest, DigestListsMatchFilesByContent) {
  ScratchDir dir;
  const std::string content = "an ordinary benign file\n";
  fs::create_directories(dir.path() / "files");
  WriteText(dir.path() / "files" / "a.txt", content);
  WriteText(dir.path() / "files" / "b.txt", "something else\n");
  const auto digests =
      hash::ComputeDigests(std::span<const uint8_t>(
                               reinterpret_cast<const uint8_t*>(content.data()), content.size()))
          .value();
  WriteText(dir.path() / "md5.txt", absl::StrCat("# signal_type: md5\n", digests.md5, "\n"));
  WriteText(dir.path() / "sha256.txt",
            absl::StrCat("# signal_type: sha256\n", digests.sha256, "\n"));
  const fs::path index = dir.path() / "d.idx";
  const auto built =
      RunClearhost({"index", "build", "--out", index.string(), (dir.path() / "md5.txt").string(),
                    (dir.path() / "sha256.txt").string()});
  ASSERT_EQ(built.exit_code, 0) << built.err;
  // --type gives the type of lists without a header; a header that disagrees refuses the list.
  WriteText(dir.path() / "bare.txt", absl::StrCat(digests.sha1, "\n"));
  EXPECT_EQ(RunClearhost({"index", "build", "--out", (dir.path() / "sha1.idx").string(), "--type",
                          "sha1", (dir.path() / "bare.txt").string()})
                .exit_code,
            0);
  EXPECT_EQ(RunClearhost({"index", "build", "--out", (dir.path() / "x.idx").string(), "--type",
                          "sha1", (dir.path() / "md5.txt").string()})
                .exit_code,
            1);
  const auto matched =
      RunClearhost({"match", "--index", index.string(), (dir.path() / "files").string()});
  ASSERT_EQ(matched.exit_code, 0) << matched.err;
  const auto lines = JsonLines(matched.out);
  ASSERT_EQ(lines.size(), 2u);
  ASSERT_EQ(lines[0]["matches"].size(), 2u) << matched.out;
  EXPECT_EQ(lines[0]["matches"][0]["type"], "md5");
  EXPECT_EQ(lines[0]["matches"][1]["type"], "sha256");
  EXPECT_TRUE(lines[1]["matches"].empty());
}

TEST(IndexCliTest, DihedralFindsARotatedCopyAndNamesTheTransform) {
  ScratchDir dir;
  const image::RgbImage picture = testing::MakeTestPicture(160, 120, 5);
  image::RgbImage rotated{picture.height, picture.width, {}};
  rotated.rgb.resize(picture.rgb.size());
  for (int y = 0; y < picture.height; ++y) {
    for (int x = 0; x < picture.width; ++x) {  // a quarter turn clockwise
      const size_t from = (size_t(y) * picture.width + x) * 3;
      const size_t to = (size_t(x) * rotated.width + (picture.height - 1 - y)) * 3;
      std::copy_n(picture.rgb.begin() + std::ptrdiff_t(from), 3,
                  rotated.rgb.begin() + std::ptrdiff_t(to));
    }
  }
  fs::create_directories(dir.path() / "known");
  WriteFile(dir.path() / "known" / "a.png", testing::EncodePng(picture));
  WriteFile(dir.path() / "rotated.png", testing::EncodePng(rotated));
  const auto hashed = RunClearhost({"hash", "--format", "pdq", (dir.path() / "known").string()});
  ASSERT_EQ(hashed.exit_code, 0) << hashed.err;
  WriteText(dir.path() / "known.pdq", hashed.out);
  const std::string list = (dir.path() / "known.pdq").string();
  const std::string query = (dir.path() / "rotated.png").string();
  const auto plain = RunClearhost({"match", "--list", list, query});
  ASSERT_EQ(plain.exit_code, 0) << plain.err;
  EXPECT_TRUE(JsonLines(plain.out)[0]["matches"].empty()) << plain.out;
  const auto dihedral = RunClearhost({"match", "--list", list, "--dihedral", query});
  ASSERT_EQ(dihedral.exit_code, 0) << dihedral.err;
  const auto matches = JsonLines(dihedral.out)[0]["matches"];
  ASSERT_EQ(matches.size(), 1u) << dihedral.out;
  EXPECT_LE(matches[0]["distance"].get<int>(), 31);
  EXPECT_TRUE(matches[0].contains("transform"));
  EXPECT_EQ(matches[0]["line"], 1);
}

TEST(IndexCliTest, DamagedOrMissingInputsAreNamedAndNothingIsLost) {
  ScratchDir dir;
  std::mt19937_64 rng(3);
  WriteText(dir.path() / "a.txt", absl::StrCat(RandomHash(rng).ToHex(), "\n"));
  const fs::path index = dir.path() / "a.idx";
  ASSERT_EQ(
      RunClearhost({"index", "build", "--out", index.string(), (dir.path() / "a.txt").string()})
          .exit_code,
      0);
  const std::vector<uint8_t> good = ReadFileBytes(index);

  // A list that cannot be read fails the build and leaves the old index untouched.
  const auto missing =
      RunClearhost({"index", "build", "--out", index.string(), (dir.path() / "a.txt").string(),
                    (dir.path() / "absent.txt").string()});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("absent.txt"), std::string::npos) << missing.err;
  EXPECT_EQ(ReadFileBytes(index), good);

  // A damaged index is refused with the file named.
  std::vector<uint8_t> damaged = good;
  damaged[damaged.size() - 5] ^= 0x40;
  WriteFile(dir.path() / "bad.idx", damaged);
  WriteText(dir.path() / "q.txt", absl::StrCat(RandomHash(rng).ToHex(), "\n"));
  const auto refused = RunClearhost({"match", "--index", (dir.path() / "bad.idx").string(),
                                     "--hashes", (dir.path() / "q.txt").string()});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find("bad.idx"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("checksum"), std::string::npos) << refused.err;
  EXPECT_TRUE(refused.out.empty());

  // Bad query lines are named; the good ones are still answered.
  WriteText(dir.path() / "q2.txt", absl::StrCat("xyz\n", RandomHash(rng).ToHex(), "\n"));
  const auto partly = RunClearhost(
      {"match", "--index", index.string(), "--hashes", (dir.path() / "q2.txt").string()});
  EXPECT_EQ(partly.exit_code, 1);
  EXPECT_NE(partly.err.find("q2.txt:1: "), std::string::npos) << partly.err;
  EXPECT_EQ(JsonLines(partly.out).size(), 1u);
}

TEST(IndexCliTest, UsageErrorsExitTwo) {
  ScratchDir dir;
  WriteText(dir.path() / "a.txt", "");
  const std::string list = (dir.path() / "a.txt").string();
  EXPECT_EQ(RunClearhost({"match", "--hashes", list}).exit_code, 2);
  EXPECT_EQ(RunClearhost({"match", "--list", list}).exit_code, 2);
  EXPECT_EQ(RunClearhost({"match", "--list", list, "--radius", "300", "--hashes", list}).exit_code,
            2);
  EXPECT_EQ(RunClearhost({"match", "--list", list, "--index", list, "--hashes", list}).exit_code,
            2);
  EXPECT_EQ(RunClearhost({"index", "build", list}).exit_code, 2);
  EXPECT_EQ(RunClearhost({"index", "build", "--out", "x", "--type", "crc32", list}).exit_code, 2);
}

}  // namespace
}  // namespace clearhost
