#include "lists/list_io.h"

#include <cerrno>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "core/posix_file.h"

namespace clearhost::lists {
namespace {

constexpr size_t kReadChunkBytes = 256 * 1024;

}  // namespace

Result<FilePointer> OpenListFile(const std::filesystem::path& path) {
  FilePointer file(std::fopen(path.c_str(), "rbe"));  // e: O_CLOEXEC
  if (file == nullptr) return ErrnoStatus(errno, absl::StrCat("cannot open ", path.string()));
  return file;
}

Status FeedFile(std::FILE* file, std::string_view display_name,
                absl::FunctionRef<Status(std::span<const uint8_t> chunk)> feed) {
  std::vector<uint8_t> buffer(kReadChunkBytes);
  while (true) {
    errno = 0;
    const size_t got = std::fread(buffer.data(), 1, buffer.size(), file);
    const int read_error = std::ferror(file) ? (errno != 0 ? errno : EIO) : 0;
    CLEARHOST_RETURN_IF_ERROR(feed(std::span<const uint8_t>(buffer).first(got)));
    if (read_error != 0) {
      return ErrnoStatus(read_error, absl::StrCat("cannot read ", std::string(display_name)));
    }
    if (got < buffer.size()) return absl::OkStatus();  // end of file
  }
}

}  // namespace clearhost::lists
