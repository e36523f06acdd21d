#include "core/mapped_file.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include <cerrno>

#include "core/posix_file.h"

namespace clearhost {

Result<std::shared_ptr<const MappedFile>> MappedFile::Open(const std::filesystem::path& path) {
  FileDescriptor file(open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK));
  if (!file.valid()) return ErrnoStatus(errno, "cannot open");
  struct stat info {};
  if (fstat(file.get(), &info) != 0) return ErrnoStatus(errno, "cannot stat");
  if (S_ISDIR(info.st_mode)) return absl::FailedPreconditionError("is a directory");
  if (!S_ISREG(info.st_mode)) {
    return absl::FailedPreconditionError("not a regular file (device, FIFO or socket)");
  }
  const size_t size = size_t(info.st_size);
  if (size == 0) return std::shared_ptr<const MappedFile>(new MappedFile(nullptr, 0));
  void* data = mmap(nullptr, size, PROT_READ, MAP_PRIVATE, file.get(), 0);
  if (data == MAP_FAILED) return ErrnoStatus(errno, "cannot map");
  return std::shared_ptr<const MappedFile>(new MappedFile(static_cast<const uint8_t*>(data), size));
}

MappedFile::~MappedFile() {
  if (data_ != nullptr) munmap(const_cast<uint8_t*>(data_), size_);
}

}  // namespace clearhost
