// A read-only memory mapping of a whole regular file, for formats read in place (the index
// file). The mapping stays valid while any shared_ptr to it lives, even if the file is replaced
// by rename meanwhile (atomic writers never modify a published file in place).
// Thread-safety: immutable after Open; bytes() may be read from any thread.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>

#include "core/status.h"

namespace clearhost {

class MappedFile {
 public:
  // Maps `path`. NotFound, PermissionDenied, FailedPrecondition (not a regular file), DataLoss
  // (mmap failed), each naming the OS's reason. An empty file maps to no bytes.
  static Result<std::shared_ptr<const MappedFile>> Open(const std::filesystem::path& path);

  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  std::span<const uint8_t> bytes() const { return {data_, size_}; }

 private:
  MappedFile(const uint8_t* data, size_t size) : data_(data), size_(size) {}
  const uint8_t* data_;
  size_t size_;
};

}  // namespace clearhost
