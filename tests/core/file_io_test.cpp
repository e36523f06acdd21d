#include "core/file_io.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "support/test_support.h"

namespace clearhost {
namespace {

using testing::ScratchDir;

TEST(FileIoTest, ReadsWholeFile) {
  ScratchDir dir;
  const std::vector<uint8_t> bytes = {1, 2, 3, 4, 5};
  testing::WriteFile(dir.path() / "f", bytes);
  auto read = ReadFileLimited(dir.path() / "f", 100);
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(*read, bytes);
}

TEST(FileIoTest, EmptyFileIsEmpty) {
  ScratchDir dir;
  testing::WriteFile(dir.path() / "empty", {});
  auto read = ReadFileLimited(dir.path() / "empty", 100);
  ASSERT_TRUE(read.ok());
  EXPECT_TRUE(read->empty());
}

TEST(FileIoTest, RefusesFilesOverTheLimit) {
  ScratchDir dir;
  testing::WriteFile(dir.path() / "big", std::vector<uint8_t>(1000, 7));
  auto read = ReadFileLimited(dir.path() / "big", 999);
  EXPECT_EQ(read.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_NE(read.status().message().find("over the limit"), std::string::npos);
}

TEST(FileIoTest, MissingDirectoryAndFifoAreErrors) {
  ScratchDir dir;
  EXPECT_EQ(ReadFileLimited(dir.path() / "missing", 10).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(ReadFileLimited(dir.path(), 10).status().code(), absl::StatusCode::kFailedPrecondition);
  const auto fifo = dir.path() / "fifo";
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  // Must not block waiting for a writer.
  EXPECT_EQ(ReadFileLimited(fifo, 10).status().code(), absl::StatusCode::kFailedPrecondition);
}

TEST(FileIoTest, ReadErrorIsReported) {
  // /proc/self/mem opens fine but reading offset 0 fails with EIO: an unreadable file even for
  // root.
  auto read = ReadFileLimited("/proc/self/mem", 1 << 20);
  EXPECT_FALSE(read.ok());
  EXPECT_NE(read.status().message().find("read failed"), std::string::npos) << read.status();
}

}  // namespace
}  // namespace clearhost
