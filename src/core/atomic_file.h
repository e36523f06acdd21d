// Writing a file so that readers and crashes only ever see the old file or the complete new
// one: the bytes go to a temporary file in the same directory, which is fsynced and renamed over
// the target, and the directory is fsynced. Without Commit() the temporary file is removed.
// Thread-safety: one writer object per thread.
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>

#include "core/posix_file.h"
#include "core/status.h"

namespace clearhost {

class AtomicFileWriter {
 public:
  // Creates the temporary file beside `path`. Errors name the directory and the OS's reason.
  static Result<AtomicFileWriter> Create(const std::filesystem::path& path);

  AtomicFileWriter(AtomicFileWriter&&) noexcept;
  AtomicFileWriter& operator=(AtomicFileWriter&&) = delete;
  ~AtomicFileWriter();

  // Appends `bytes`.
  Status Write(std::span<const uint8_t> bytes);
  // Overwrites already written bytes at `offset` (e.g. a header completed last).
  Status WriteAt(uint64_t offset, std::span<const uint8_t> bytes);
  uint64_t size() const { return size_; }
  // Sets the file's permission bits; the file starts as 0600 (mkostemp's) and keeps them through
  // Commit().
  Status SetPermissions(std::filesystem::perms permissions);

  // fsync, rename over the target, fsync the directory. The writer is spent afterwards.
  Status Commit();

 private:
  AtomicFileWriter(std::filesystem::path target, std::filesystem::path temporary,
                   FileDescriptor file)
      : target_(std::move(target)), temporary_(std::move(temporary)), file_(std::move(file)) {}

  std::filesystem::path target_;
  std::filesystem::path temporary_;
  FileDescriptor file_;
  uint64_t size_ = 0;
};

}  // namespace clearhost
