#include "core/file_walk.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <set>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"

namespace clearhost {
namespace {

namespace fs = std::filesystem;

class Walker {
 public:
  explicit Walker(const WalkCallback& callback) : callback_(callback) {}

  // Returns false when the callback asked to stop.
  bool Visit(const fs::path& path) {
    struct stat info {};
    if (stat(path.c_str(), &info) != 0) {
      const int error = errno;
      if (error == ELOOP) {
        return callback_(path, absl::FailedPreconditionError("symlink loop (too many levels of "
                                                             "symbolic links)"));
      }
      return callback_(path,
                       absl::NotFoundError(absl::StrCat("cannot stat: ", std::strerror(error))));
    }
    if (S_ISREG(info.st_mode)) return callback_(path, Status());
    if (!S_ISDIR(info.st_mode)) {
      return callback_(path, absl::FailedPreconditionError(
                                 "not a regular file (device, FIFO or socket): skipped"));
    }
    if (!visited_.insert({info.st_dev, info.st_ino}).second) {
      return callback_(path, absl::FailedPreconditionError(
                                 "directory already visited (symlink loop?): not walked again"));
    }
    std::error_code error;
    std::vector<fs::path> children;
    for (fs::directory_iterator it(path, error), end; !error && it != end; it.increment(error)) {
      children.push_back(it->path());
    }
    if (error) {
      return callback_(path, absl::PermissionDeniedError(
                                 absl::StrCat("cannot list directory: ", error.message())));
    }
    std::sort(children.begin(), children.end());
    for (const fs::path& child : children) {
      if (!Visit(child)) return false;
    }
    return true;
  }

 private:
  const WalkCallback& callback_;
  std::set<std::pair<dev_t, ino_t>> visited_;
};

}  // namespace

bool WalkPaths(const std::vector<fs::path>& paths, const WalkCallback& callback) {
  Walker walker(callback);
  for (const fs::path& path : paths) {
    if (!walker.Visit(path)) return false;
  }
  return true;
}

}  // namespace clearhost
