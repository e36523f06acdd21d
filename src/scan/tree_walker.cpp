#include "scan/tree_walker.h"

#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "core/posix_file.h"

namespace clearhost::scan {

struct TreeWalker::Directory {
  std::string path;
  uint64_t device = 0;
  uint64_t inode = 0;
  int depth = 0;
  std::vector<std::string> names;  // sorted
  size_t next = 0;
};

namespace {

WalkedFile Problem(std::string path, WalkedKind kind, Status problem) {
  WalkedFile walked;
  walked.path = std::move(path);
  walked.kind = kind;
  walked.problem = std::move(problem);
  return walked;
}

std::string JoinPath(const std::string& directory, const std::string& name) {
  if (!directory.empty() && directory.back() == '/') return absl::StrCat(directory, name);
  return absl::StrCat(directory, "/", name);
}

std::string ResolvedPath(const std::string& path) {
  char resolved[PATH_MAX];
  if (realpath(path.c_str(), resolved) == nullptr) return path;
  return resolved;
}

// The names in `path` (without . and ..), sorted; an error when it cannot be listed.
Result<std::vector<std::string>> ListDirectory(const std::string& path) {
  DIR* directory = opendir(path.c_str());
  if (directory == nullptr) return ErrnoStatus(errno, "cannot list directory");
  std::vector<std::string> names;
  errno = 0;
  while (const dirent* entry = readdir(directory)) {
    const std::string_view name = entry->d_name;
    if (name != "." && name != "..") names.emplace_back(name);
    errno = 0;
  }
  const int error = errno;
  closedir(directory);
  if (error != 0) return ErrnoStatus(error, "cannot list directory");
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace

FileIdentity IdentityOf(const struct ::stat& info) {
  FileIdentity identity;
  identity.device = uint64_t(info.st_dev);
  identity.inode = uint64_t(info.st_ino);
  identity.size = uint64_t(info.st_size);
  identity.mtime_ns = int64_t(info.st_mtim.tv_sec) * 1'000'000'000 + info.st_mtim.tv_nsec;
  return identity;
}

TreeWalker::TreeWalker(std::vector<std::string> roots, TreeWalkOptions options)
    : options_(options), pending_roots_(roots.rbegin(), roots.rend()) {
  for (const std::string& root : roots) resolved_roots_.push_back(ResolvedPath(root));
}

TreeWalker::~TreeWalker() = default;

bool TreeWalker::InsideRoots(const std::string& resolved) const {
  return std::any_of(resolved_roots_.begin(), resolved_roots_.end(), [&](const std::string& root) {
    return resolved == root || root == "/" ||
           (resolved.size() > root.size() && resolved.compare(0, root.size(), root) == 0 &&
            resolved[root.size()] == '/');
  });
}

std::optional<WalkedFile> TreeWalker::Visit(std::string path, int depth, bool is_root) {
  struct stat info {};
  if (lstat(path.c_str(), &info) != 0) {
    const int error = errno;
    return Problem(
        std::move(path), WalkedKind::kProblem,
        ErrnoStatus(error, error == ENOENT ? "vanished during the scan" : "cannot stat"));
  }
  const bool via_link = S_ISLNK(info.st_mode);
  if (via_link) {
    // A root named on the command line is followed: the user asked for it.
    if (!is_root && options_.symlinks == SymlinkPolicy::kNever) {
      return Problem(
          std::move(path), WalkedKind::kSkipped,
          absl::FailedPreconditionError("symbolic link: not followed (see --follow-symlinks)"));
    }
    if (!is_root && options_.symlinks == SymlinkPolicy::kInsideRoots &&
        !InsideRoots(ResolvedPath(path))) {
      return Problem(std::move(path), WalkedKind::kSkipped,
                     absl::FailedPreconditionError(
                         "symbolic link leads outside the scanned trees: not followed"));
    }
    if (stat(path.c_str(), &info) != 0) {
      const int error = errno;
      return Problem(std::move(path), WalkedKind::kProblem,
                     error == ELOOP ? absl::FailedPreconditionError("symbolic link loop")
                                    : ErrnoStatus(error, "dangling symbolic link"));
    }
  }
  if (S_ISREG(info.st_mode)) {
    WalkedFile walked;
    walked.path = std::move(path);
    walked.identity = IdentityOf(info);
    return walked;
  }
  if (!S_ISDIR(info.st_mode)) {
    return Problem(
        std::move(path), WalkedKind::kSkipped,
        absl::FailedPreconditionError("not a regular file (FIFO, socket or device): skipped"));
  }
  const uint64_t device = uint64_t(info.st_dev);
  const uint64_t inode = uint64_t(info.st_ino);
  for (const auto& ancestor : stack_) {
    if (ancestor->device == device && ancestor->inode == inode) {
      return Problem(std::move(path), WalkedKind::kProblem,
                     absl::FailedPreconditionError(absl::StrCat(
                         "symbolic link loop: leads back to ", ancestor->path, ", not walked")));
    }
  }
  if (via_link && !linked_directories_.insert({device, inode}).second) {
    return Problem(std::move(path), WalkedKind::kSkipped,
                   absl::FailedPreconditionError(
                       "directory already walked through another link: not walked again"));
  }
  if (!is_root && options_.one_file_system && !stack_.empty() && stack_.front()->device != device) {
    return Problem(
        std::move(path), WalkedKind::kSkipped,
        absl::FailedPreconditionError("another file system: not walked (--one-file-system)"));
  }
  if (depth > options_.max_depth) {
    return Problem(std::move(path), WalkedKind::kProblem,
                   absl::ResourceExhaustedError(absl::StrCat(
                       "directory deeper than ", options_.max_depth, " levels: not walked")));
  }
  auto names = ListDirectory(path);
  if (!names.ok()) return Problem(std::move(path), WalkedKind::kProblem, names.status());
  auto directory = std::make_unique<Directory>();
  directory->path = std::move(path);
  directory->device = device;
  directory->inode = inode;
  directory->depth = depth;
  directory->names = *std::move(names);
  stack_.push_back(std::move(directory));
  return std::nullopt;
}

std::optional<WalkedFile> TreeWalker::Next() {
  while (true) {
    if (stack_.empty()) {
      if (pending_roots_.empty()) return std::nullopt;
      std::string root = std::move(pending_roots_.back());
      pending_roots_.pop_back();
      if (auto walked = Visit(std::move(root), 0, true)) return walked;
      continue;
    }
    Directory& top = *stack_.back();
    if (top.next == top.names.size()) {
      stack_.pop_back();
      continue;
    }
    std::string child = JoinPath(top.path, top.names[top.next++]);
    if (auto walked = Visit(std::move(child), top.depth + 1, false)) return walked;
  }
}

}  // namespace clearhost::scan
