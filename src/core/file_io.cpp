#include "core/file_io.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"

namespace clearhost {
namespace {

class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  ~FileDescriptor() {
    if (fd_ >= 0) close(fd_);
  }
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

}  // namespace

Status ErrnoStatus(int error, std::string_view what) {
  const std::string message = absl::StrCat(std::string(what), ": ", std::strerror(error));
  switch (error) {
    case ENOENT:
    case ENOTDIR:
      return absl::NotFoundError(message);
    case EACCES:
    case EPERM:
      return absl::PermissionDeniedError(message);
    case ELOOP:
    case EISDIR:
      return absl::FailedPreconditionError(message);
    default:
      return absl::DataLossError(message);
  }
}

Result<std::vector<uint8_t>> ReadFileLimited(const std::filesystem::path& path,
                                             uint64_t max_bytes) {
  // O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused below anyway.
  FileDescriptor file(open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK));
  if (file.get() < 0) return ErrnoStatus(errno, "cannot open");
  struct stat info {};
  if (fstat(file.get(), &info) != 0) return ErrnoStatus(errno, "cannot stat");
  if (S_ISDIR(info.st_mode)) return absl::FailedPreconditionError("is a directory");
  if (!S_ISREG(info.st_mode)) {
    return absl::FailedPreconditionError("not a regular file (device, FIFO or socket)");
  }
  if (uint64_t(info.st_size) > max_bytes) {
    return absl::ResourceExhaustedError(
        absl::StrCat("file is ", info.st_size, " bytes, over the limit of ", max_bytes));
  }
  std::vector<uint8_t> bytes(size_t(info.st_size));
  size_t filled = 0;
  while (true) {
    if (filled == bytes.size()) {
      // The file may have grown since fstat (or reports size 0, like /proc files): keep reading
      // within the limit.
      if (bytes.size() >= max_bytes) {
        uint8_t probe = 0;
        const ssize_t extra = read(file.get(), &probe, 1);
        if (extra < 0 && errno == EINTR) continue;
        if (extra < 0) return ErrnoStatus(errno, "read failed");
        if (extra == 0) break;
        return absl::ResourceExhaustedError(
            absl::StrCat("file grew over the limit of ", max_bytes, " bytes"));
      }
      bytes.resize(std::min<uint64_t>(max_bytes, std::max<size_t>(4096, bytes.size() * 2)));
    }
    const ssize_t got = read(file.get(), bytes.data() + filled, bytes.size() - filled);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) return ErrnoStatus(errno, "read failed");
    if (got == 0) break;
    filled += size_t(got);
  }
  bytes.resize(filled);
  return bytes;
}

}  // namespace clearhost
