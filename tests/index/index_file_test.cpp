#include "index/index_file.h"

#include <gtest/gtest.h>

#include <optional>

#include "index_test_data.h"
#include "support/test_support.h"

namespace clearhost::index {
namespace {

namespace fs = std::filesystem;
using clearhost::testing::ReadFileBytes;
using clearhost::testing::ScratchDir;
using clearhost::testing::WriteFile;

struct Built {
  std::vector<Hash256> hashes;
  std::vector<uint64_t> ids;
  std::unique_ptr<HammingIndex> pdq;
  std::vector<uint8_t> md5s;
  std::vector<uint64_t> md5_ids;
  std::optional<DigestIndex> md5;
  std::vector<std::string> sources = {"lists/hotline.txt", "lists/ncmec.txt"};
};

Built MakeIndex(size_t count, uint64_t seed) {
  Built built;
  built.hashes = testing::ClusteredSet(count, seed);
  for (size_t k = 0; k < count; ++k) built.ids.push_back(uint64_t(k % 2) << 32 | (k + 1));
  built.pdq = HammingIndex::Build(built.hashes, built.ids, {}).value();
  std::mt19937_64 rng(seed);
  for (size_t k = 0; k < 500; ++k) {
    for (int b = 0; b < 16; ++b) built.md5s.push_back(uint8_t(rng()));
    built.md5_ids.push_back(uint64_t(1) << 32 | (k + 1));
  }
  built.md5 = DigestIndex::Build(DigestType::kMd5, built.md5s, built.md5_ids, 99).value();
  return built;
}

Status Write(const fs::path& path, const Built& built) {
  IndexFileContents contents;
  contents.sources = built.sources;
  const auto snapshot = built.pdq->snapshot();
  contents.pdq = snapshot.get();
  contents.digests = {&*built.md5};
  return WriteIndexFile(path, contents);
}

std::vector<Match> Search(const HammingIndex& index, const Hash256& query) {
  std::vector<Match> matches;
  index.snapshot()->Search(query, 31, matches);
  return matches;
}

void ExpectSameAnswers(const IndexSet& file, const Built& built) {
  EXPECT_EQ(file.sources, built.sources);
  std::mt19937_64 rng(7);
  for (int trial = 0; trial < 30; ++trial) {
    const Hash256 query = testing::FlipBits(built.hashes[rng() % built.hashes.size()], 20, rng);
    ASSERT_EQ(Search(*file.pdq, query), Search(*built.pdq, query)) << trial;
  }
  const DigestIndex* md5 = file.Digests(DigestType::kMd5);
  ASSERT_NE(md5, nullptr);
  EXPECT_EQ(file.Digests(DigestType::kSha1), nullptr);
  for (size_t k = 0; k < 500; k += 37) {
    std::vector<uint64_t> ids;
    md5->Find(std::span<const uint8_t>(built.md5s).subspan(k * 16, 16), ids);
    EXPECT_EQ(ids, std::vector<uint64_t>{built.md5_ids[k]});
  }
}

TEST(IndexFileTest, RoundTripServesTheSameAnswersInPlace) {
  ScratchDir dir;
  const Built built = MakeIndex(30000, 1);
  ASSERT_TRUE(Write(dir.path() / "list.idx", built).ok());
  const IndexSet file = LoadIndexFile(dir.path() / "list.idx", {}).value();
  EXPECT_EQ(file.file_bytes, fs::file_size(dir.path() / "list.idx"));
  EXPECT_EQ(file.pdq->snapshot()->size(), 30000u);
  EXPECT_EQ(file.pdq->snapshot()->base().layout(), built.pdq->snapshot()->base().layout());
  ExpectSameAnswers(file, built);
  // No temporary file is left behind.
  EXPECT_EQ(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator()), 1);
}

TEST(IndexFileTest, EmptyIndexRoundTrips) {
  ScratchDir dir;
  ASSERT_TRUE(WriteIndexFile(dir.path() / "empty.idx", {}).ok());
  const IndexSet file = LoadIndexFile(dir.path() / "empty.idx", {}).value();
  EXPECT_EQ(file.pdq->snapshot()->size(), 0u);
  EXPECT_TRUE(file.sources.empty());
  EXPECT_TRUE(Search(*file.pdq, Hash256()).empty());
}

TEST(IndexFileTest, LoadedIndexTakesUpdates) {
  ScratchDir dir;
  const Built built = MakeIndex(5000, 2);
  ASSERT_TRUE(Write(dir.path() / "list.idx", built).ok());
  const IndexSet file = LoadIndexFile(dir.path() / "list.idx", {}).value();
  const std::vector<uint64_t> removed = {built.ids[10]};
  const std::vector<Hash256> added = {built.hashes[10]};
  const std::vector<uint64_t> added_ids = {uint64_t(7) << 32};
  ASSERT_TRUE(file.pdq->Update(added, added_ids, removed).ok());
  const std::vector<Match> matches = Search(*file.pdq, built.hashes[10]);
  ASSERT_FALSE(matches.empty());
  EXPECT_TRUE(std::none_of(matches.begin(), matches.end(),
                           [&](const Match& m) { return m.id == built.ids[10]; }));
  EXPECT_TRUE(std::any_of(matches.begin(), matches.end(),
                          [&](const Match& m) { return m.id == added_ids[0]; }));
  // A compacted loaded index writes out again.
  ASSERT_TRUE(file.pdq->Compact().ok());
  IndexFileContents contents;
  const auto snapshot = file.pdq->snapshot();
  contents.pdq = snapshot.get();
  ASSERT_TRUE(WriteIndexFile(dir.path() / "again.idx", contents).ok());
  EXPECT_EQ(LoadIndexFile(dir.path() / "again.idx", {}).value().pdq->snapshot()->size(), 5000u);
}

TEST(IndexFileTest, RefusesCorruptTruncatedAndForeignFilesNamingThem) {
  ScratchDir dir;
  const Built built = MakeIndex(3000, 3);
  const fs::path good = dir.path() / "good.idx";
  ASSERT_TRUE(Write(good, built).ok());
  const std::vector<uint8_t> bytes = ReadFileBytes(good);
  const fs::path bad = dir.path() / "bad.idx";
  auto expect_refused = [&](const std::vector<uint8_t>& content, absl::StatusCode code,
                            const std::string& words) {
    WriteFile(bad, content);
    const auto loaded = LoadIndexFile(bad, {});
    ASSERT_FALSE(loaded.ok()) << words;
    EXPECT_EQ(loaded.status().code(), code) << loaded.status();
    EXPECT_NE(loaded.status().message().find(bad.string()), std::string::npos);
    EXPECT_NE(loaded.status().message().find(words), std::string::npos) << loaded.status();
  };
  std::vector<uint8_t> flipped = bytes;
  flipped[20] ^= 1;  // file size field, guarded by the header checksum
  expect_refused(flipped, absl::StatusCode::kDataLoss, "header checksum");
  flipped = bytes;
  flipped[64 + 5] ^= 0x10;  // the section table
  expect_refused(flipped, absl::StatusCode::kDataLoss, "section table checksum");
  flipped = bytes;
  flipped[bytes.size() - 3] ^= 0x80;  // inside the last section
  expect_refused(flipped, absl::StatusCode::kDataLoss, "checksum mismatch in section");
  expect_refused(std::vector<uint8_t>(bytes.begin(), bytes.end() - 100),
                 absl::StatusCode::kDataLoss, "truncated");
  expect_refused(std::vector<uint8_t>(bytes.begin(), bytes.begin() + 30),
                 absl::StatusCode::kFailedPrecondition, "not a clearhost index");
  std::vector<uint8_t> future = bytes;
  future[8] = 2;
  expect_refused(future, absl::StatusCode::kFailedPrecondition, "version 2");
  const std::string text = "d8f8f0cee0f4a84f0637022a078f67f0b36e2ed596621e1d33e6339c4e9c9b22\n";
  expect_refused(std::vector<uint8_t>(text.begin(), text.end()),
                 absl::StatusCode::kFailedPrecondition, "not a clearhost index");
  EXPECT_EQ(LoadIndexFile(dir.path() / "missing.idx", {}).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(LoadIndexFile(dir.path(), {}).status().code(), absl::StatusCode::kFailedPrecondition);
}

TEST(IndexFileTest, RandomDamageIsRefusedOrHarmlessNeverACrash) {
  ScratchDir dir;
  const Built built = MakeIndex(2000, 4);
  const fs::path good = dir.path() / "good.idx";
  ASSERT_TRUE(Write(good, built).ok());
  const std::vector<uint8_t> bytes = ReadFileBytes(good);
  std::mt19937_64 rng(5);
  int refused = 0;
  for (int trial = 0; trial < 150; ++trial) {
    std::vector<uint8_t> damaged = bytes;
    for (int k = 0; k < 1 + int(rng() % 3); ++k)
      damaged[rng() % damaged.size()] ^= uint8_t(1 + rng() % 255);
    WriteFile(dir.path() / "damaged.idx", damaged);
    const auto loaded = LoadIndexFile(dir.path() / "damaged.idx", {});
    if (!loaded.ok()) {
      ++refused;
      continue;
    }
    ExpectSameAnswers(*loaded, built);  // damage fell into alignment padding
  }
  EXPECT_GT(refused, 140);
}

TEST(IndexFileTest, PreviousIndexKeepsServingWhenTheNewFileIsBad) {
  ScratchDir dir;
  const Built built = MakeIndex(3000, 6);
  const fs::path path = dir.path() / "list.idx";
  ASSERT_TRUE(Write(path, built).ok());
  const IndexSet serving = LoadIndexFile(path, {}).value();
  // The file is replaced by a damaged one: the reload fails, the mapped index still answers.
  std::vector<uint8_t> bytes = ReadFileBytes(path);
  bytes[bytes.size() / 2] ^= 0xff;
  WriteFile(dir.path() / "incoming.idx", bytes);
  fs::rename(dir.path() / "incoming.idx", path);
  EXPECT_FALSE(LoadIndexFile(path, {}).ok());
  ExpectSameAnswers(serving, built);
}

TEST(IndexFileTest, FailedWriteLeavesTheOldFileAndNoTemporaryFile) {
  ScratchDir dir;
  const Built built = MakeIndex(1000, 8);
  EXPECT_EQ(Write(dir.path() / "no-such-dir" / "list.idx", built).code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator()), 0);
  const fs::path path = dir.path() / "list.idx";
  ASSERT_TRUE(Write(path, built).ok());
  const std::vector<uint8_t> before = ReadFileBytes(path);
  // Two digest indexes of one type: refused before anything is written.
  IndexFileContents twice;
  twice.digests = {&*built.md5, &*built.md5};
  EXPECT_EQ(WriteIndexFile(path, twice).code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ReadFileBytes(path), before);
  EXPECT_EQ(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator()), 1);
}

}  // namespace
}  // namespace clearhost::index
