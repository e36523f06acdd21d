#include "core/atomic_file.h"

#include <gtest/gtest.h>

#include "core/mapped_file.h"
#include "support/test_support.h"

namespace clearhost {
namespace {

namespace fs = std::filesystem;
using testing::ReadFileBytes;
using testing::ScratchDir;
using testing::WriteFile;

size_t EntriesIn(const fs::path& dir) {
  return size_t(std::distance(fs::directory_iterator(dir), fs::directory_iterator()));
}

TEST(AtomicFileWriterTest, CommitReplacesTheFileWholeAndLeavesNoTemporary) {
  ScratchDir dir;
  const fs::path path = dir.path() / "out.bin";
  WriteFile(path, {1, 2, 3});
  auto writer = AtomicFileWriter::Create(path).value();
  const std::vector<uint8_t> body = {9, 9, 9, 9, 9, 9};
  ASSERT_TRUE(writer.Write(body).ok());
  const std::vector<uint8_t> head = {7, 7};
  ASSERT_TRUE(writer.WriteAt(1, head).ok());
  EXPECT_EQ(writer.size(), 6u);
  // Until the commit, readers see the old file.
  EXPECT_EQ(ReadFileBytes(path), (std::vector<uint8_t>{1, 2, 3}));
  ASSERT_TRUE(writer.Commit().ok());
  EXPECT_EQ(ReadFileBytes(path), (std::vector<uint8_t>{9, 7, 7, 9, 9, 9}));
  EXPECT_EQ(EntriesIn(dir.path()), 1u);
}

TEST(AtomicFileWriterTest, AbandonedWriteRemovesItsTemporaryAndKeepsTheOldFile) {
  ScratchDir dir;
  const fs::path path = dir.path() / "out.bin";
  WriteFile(path, {1, 2, 3});
  {
    auto writer = AtomicFileWriter::Create(path).value();
    ASSERT_TRUE(writer.Write(std::vector<uint8_t>(1000, 5)).ok());
    EXPECT_EQ(EntriesIn(dir.path()), 2u);
  }
  EXPECT_EQ(EntriesIn(dir.path()), 1u);
  EXPECT_EQ(ReadFileBytes(path), (std::vector<uint8_t>{1, 2, 3}));
}

TEST(AtomicFileWriterTest, MissingDirectoryIsNamed) {
  ScratchDir dir;
  const auto writer = AtomicFileWriter::Create(dir.path() / "absent" / "out.bin");
  ASSERT_FALSE(writer.ok());
  EXPECT_EQ(writer.status().code(), absl::StatusCode::kNotFound);
  EXPECT_NE(writer.status().message().find("absent"), std::string::npos);
}

TEST(MappedFileTest, MapsWholeFilesAndRefusesOthers) {
  ScratchDir dir;
  WriteFile(dir.path() / "a.bin", {4, 5, 6});
  const auto mapped = MappedFile::Open(dir.path() / "a.bin").value();
  EXPECT_EQ(std::vector<uint8_t>(mapped->bytes().begin(), mapped->bytes().end()),
            (std::vector<uint8_t>{4, 5, 6}));
  WriteFile(dir.path() / "empty.bin", {});
  EXPECT_TRUE(MappedFile::Open(dir.path() / "empty.bin").value()->bytes().empty());
  EXPECT_EQ(MappedFile::Open(dir.path() / "none.bin").status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(MappedFile::Open(dir.path()).status().code(), absl::StatusCode::kFailedPrecondition);
}

TEST(MappedFileTest, MappingOutlivesAReplacementByRename) {
  ScratchDir dir;
  const fs::path path = dir.path() / "a.bin";
  WriteFile(path, {1, 1, 1});
  const auto mapped = MappedFile::Open(path).value();
  auto writer = AtomicFileWriter::Create(path).value();
  ASSERT_TRUE(writer.Write(std::vector<uint8_t>{2, 2}).ok());
  ASSERT_TRUE(writer.Commit().ok());
  EXPECT_EQ(std::vector<uint8_t>(mapped->bytes().begin(), mapped->bytes().end()),
            (std::vector<uint8_t>{1, 1, 1}));
}

}  // namespace
}  // namespace clearhost
