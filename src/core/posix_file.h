// Small POSIX file helpers shared by the file modules: an owning file descriptor and the
// mapping from errno to a Status whose message names the operation and the OS's reason.
// Thread-safety: FileDescriptor is a move-only value; ErrnoStatus is a pure function.
#pragma once

#include <string_view>
#include <utility>

#include "core/status.h"

namespace clearhost {

// NotFound (ENOENT, ENOTDIR), PermissionDenied (EACCES, EPERM), FailedPrecondition (ELOOP, EISDIR),
// ResourceExhausted (ENOSPC, EDQUOT), else DataLoss; message "<what>: <strerror>".
Status ErrnoStatus(int error, std::string_view what);

class FileDescriptor {
 public:
  explicit FileDescriptor(int fd = -1) : fd_(fd) {}
  ~FileDescriptor() { Reset(); }
  FileDescriptor(FileDescriptor&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  FileDescriptor& operator=(FileDescriptor&& other) noexcept {
    if (this != &other) {
      Reset();
      fd_ = std::exchange(other.fd_, -1);
    }
    return *this;
  }
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;

  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  void Reset();

 private:
  int fd_;
};

}  // namespace clearhost
