// ArchiveReader: members of every format come out with their bytes and `archive!/member` paths,
// nested archives are opened up to the depth limit, and bombs are stopped by the limits.
#include "scan/archive_reader.h"

#include <gtest/gtest.h>

#include <map>

#include "absl/strings/str_cat.h"
#include "archive_synth.h"
#include "scan/content_kind.h"

namespace clearhost::scan {
namespace {

using synth::ArchiveFormat;
using synth::MakeArchive;

struct Collected {
  std::map<std::string, std::vector<uint8_t>> members;
  std::map<std::string, std::string> problems;
};

Status ReadAll(const std::vector<uint8_t>& bytes, Collected& collected, ArchiveLimits limits = {}) {
  ArchiveReader reader(limits);
  ArchiveCallbacks callbacks;
  callbacks.is_archive = [](std::span<const uint8_t> head) {
    return SniffContent(head) == ContentKind::kArchive;
  };
  callbacks.on_member = [&](const std::string& path, std::span<const uint8_t> member) {
    collected.members[path].assign(member.begin(), member.end());
  };
  callbacks.on_problem = [&](const std::string& path, const Status& problem) {
    collected.problems[path] = std::string(problem.message());
  };
  return reader.ReadMemory(bytes, "a", callbacks);
}

std::vector<uint8_t> Bytes(const std::string& text) {
  return {text.begin(), text.end()};
}

TEST(ArchiveReader, ReadsEveryFormatWithMemberPaths) {
  for (const ArchiveFormat format :
       {ArchiveFormat::kZip, ArchiveFormat::kTarGz, ArchiveFormat::kTarXz, ArchiveFormat::kTarZstd,
        ArchiveFormat::kTarBz2, ArchiveFormat::kSevenZip}) {
    const auto archive =
        MakeArchive(format, {{"dir/one.txt", Bytes("first")}, {"./two.bin", Bytes("second")}});
    ASSERT_EQ(SniffContent(archive), ContentKind::kArchive) << int(format);
    Collected collected;
    ASSERT_TRUE(ReadAll(archive, collected).ok()) << int(format);
    EXPECT_EQ(collected.members.size(), 2u) << int(format);
    EXPECT_EQ(collected.members["a!/dir/one.txt"], Bytes("first")) << int(format);
    EXPECT_EQ(collected.members["a!/two.bin"], Bytes("second")) << int(format);
    EXPECT_TRUE(collected.problems.empty()) << int(format);
  }
}

TEST(ArchiveReader, OpensNestedArchivesUpToTheDepthLimit) {
  const auto nested = synth::MakeNestedZips(3, {"deep.txt", Bytes("deep")});
  Collected collected;
  ASSERT_TRUE(ReadAll(nested, collected).ok());
  EXPECT_EQ(collected.members["a!/level2.zip!/level1.zip!/deep.txt"], Bytes("deep"));

  ArchiveLimits shallow;
  shallow.max_depth = 2;
  Collected limited;
  ASSERT_TRUE(ReadAll(nested, limited, shallow).ok());
  EXPECT_TRUE(limited.members.empty());
  ASSERT_EQ(limited.problems.count("a!/level2.zip!/level1.zip"), 1u);
  EXPECT_NE(limited.problems["a!/level2.zip!/level1.zip"].find("nested deeper than 2"),
            std::string::npos);
}

TEST(ArchiveReader, StopsAZipBombByItsExpansionRatio) {
  ArchiveLimits limits;
  limits.ratio_floor_bytes = 1 << 20;
  const auto bomb = synth::MakeZipBomb(32 << 20);
  ASSERT_LT(bomb.size(), size_t{1} << 20);
  Collected collected;
  const Status status = ReadAll(bomb, collected, limits);
  EXPECT_TRUE(absl::IsResourceExhausted(status)) << status;
  EXPECT_NE(status.message().find("archive bomb"), std::string_view::npos) << status;
  EXPECT_TRUE(collected.members.empty());
}

TEST(ArchiveReader, StopsABombNestedInsideAnotherArchive) {
  ArchiveLimits limits;
  limits.max_total_bytes = 8 << 20;
  const auto nested =
      MakeArchive(ArchiveFormat::kTarGz,
                  {{"ok.txt", Bytes("fine")}, {"inner.zip", synth::MakeZipBomb(16 << 20)}});
  Collected collected;
  const Status status = ReadAll(nested, collected, limits);
  EXPECT_TRUE(absl::IsResourceExhausted(status)) << status;
  EXPECT_EQ(collected.members.count("a!/ok.txt"), 1u);  // delivered before the bomb
}

TEST(ArchiveReader, ReportsAMemberOverTheSizeLimitAndGoesOn) {
  ArchiveLimits limits;
  limits.max_member_bytes = 1000;
  const auto archive = MakeArchive(
      ArchiveFormat::kZip, {{"big.bin", std::vector<uint8_t>(5000, 7)}, {"small", Bytes("s")}});
  Collected collected;
  ASSERT_TRUE(ReadAll(archive, collected, limits).ok());
  EXPECT_EQ(collected.problems.count("a!/big.bin"), 1u);
  EXPECT_EQ(collected.members["a!/small"], Bytes("s"));
}

TEST(ArchiveReader, RefusesTooManyMembers) {
  ArchiveLimits limits;
  limits.max_members = 3;
  std::vector<synth::ArchiveMember> members;
  for (int k = 0; k < 10; ++k) members.push_back({absl::StrCat("m", k), Bytes("x")});
  Collected collected;
  const Status status = ReadAll(MakeArchive(ArchiveFormat::kZip, members), collected, limits);
  EXPECT_TRUE(absl::IsResourceExhausted(status)) << status;
  EXPECT_EQ(collected.members.size(), 3u);
}

TEST(ArchiveReader, ReportsATruncatedArchiveAfterTheMembersBeforeTheCut) {
  auto archive = MakeArchive(ArchiveFormat::kTarGz, {{"one", std::vector<uint8_t>(4096, 1)},
                                                     {"two", std::vector<uint8_t>(65536, 2)}});
  archive.resize(archive.size() / 2);
  Collected collected;
  const Status status = ReadAll(archive, collected);
  EXPECT_FALSE(status.ok());
  EXPECT_NE(status.message().find("a"), std::string_view::npos);
}

}  // namespace
}  // namespace clearhost::scan
