#include "core/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <string>

#include "absl/strings/str_cat.h"

namespace clearhost {
namespace {

Status WriteFully(int fd, std::span<const uint8_t> bytes, uint64_t offset) {
  while (!bytes.empty()) {
    const ssize_t written = pwrite(fd, bytes.data(), bytes.size(), off_t(offset));
    if (written < 0 && errno == EINTR) continue;
    if (written < 0) return ErrnoStatus(errno, "write failed");
    bytes = bytes.subspan(size_t(written));
    offset += uint64_t(written);
  }
  return absl::OkStatus();
}

}  // namespace

Result<AtomicFileWriter> AtomicFileWriter::Create(const std::filesystem::path& path) {
  const std::filesystem::path directory =
      path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
  std::string pattern =
      (directory / absl::StrCat(".", path.filename().string(), ".tmp.XXXXXX")).string();
  const int fd = mkostemp(pattern.data(), O_CLOEXEC);
  if (fd < 0) {
    return ErrnoStatus(errno, absl::StrCat("cannot create a file in ", directory.string()));
  }
  return AtomicFileWriter(path, pattern, FileDescriptor(fd));
}

AtomicFileWriter::AtomicFileWriter(AtomicFileWriter&& other) noexcept
    : target_(std::move(other.target_)),
      temporary_(std::exchange(other.temporary_, {})),
      file_(std::move(other.file_)),
      size_(other.size_) {}

AtomicFileWriter::~AtomicFileWriter() {
  if (!temporary_.empty()) unlink(temporary_.c_str());
}

Status AtomicFileWriter::Write(std::span<const uint8_t> bytes) {
  CLEARHOST_RETURN_IF_ERROR(WriteFully(file_.get(), bytes, size_));
  size_ += bytes.size();
  return absl::OkStatus();
}

Status AtomicFileWriter::WriteAt(uint64_t offset, std::span<const uint8_t> bytes) {
  return WriteFully(file_.get(), bytes, offset);
}

Status AtomicFileWriter::SetPermissions(std::filesystem::perms permissions) {
  if (fchmod(file_.get(), static_cast<mode_t>(permissions)) != 0) {
    return ErrnoStatus(errno, absl::StrCat("cannot set the mode of ", target_.string()));
  }
  return absl::OkStatus();
}

Status AtomicFileWriter::Commit() {
  if (fsync(file_.get()) != 0) return ErrnoStatus(errno, "fsync failed");
  file_.Reset();
  if (rename(temporary_.c_str(), target_.c_str()) != 0) {
    return ErrnoStatus(errno, absl::StrCat("cannot rename into ", target_.string()));
  }
  temporary_.clear();
  const std::filesystem::path directory =
      target_.has_parent_path() ? target_.parent_path() : std::filesystem::path(".");
  FileDescriptor directory_fd(open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!directory_fd.valid() || fsync(directory_fd.get()) != 0) {
    return ErrnoStatus(errno, absl::StrCat("cannot fsync directory ", directory.string()));
  }
  return absl::OkStatus();
}

}  // namespace clearhost
