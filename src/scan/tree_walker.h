// Walks the trees a scan covers, one file at a time (pull: Next()), in sorted order, with memory
// bounded by the depth of the tree and the size of its largest directory, never by its size.
// What a hoster's storage holds beyond regular files is reported, not followed blindly:
//   - symbolic links: by default never followed (counted as skipped); `kInsideRoots` follows a
//     link only when its target lies inside one of the scanned roots, `kAlways` follows any;
//   - a directory reached again through a link (a loop, or a second way into the same tree) is
//     reported once as a problem and not walked again;
//   - FIFOs, sockets and devices are skipped and reported (opening a FIFO would block the scan);
//   - unreadable directories and files that vanish mid-walk are reported as problems.
// Thread-safety: a TreeWalker is used by one thread at a time.
#pragma once

#include <sys/stat.h>
#include <sys/types.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "core/status.h"

namespace clearhost::scan {

enum class SymlinkPolicy { kNever, kInsideRoots, kAlways };

struct TreeWalkOptions {
  SymlinkPolicy symlinks = SymlinkPolicy::kNever;
  bool one_file_system = false;  // do not descend into directories on other devices
  int max_depth = 256;           // deeper directories are reported, not walked
};

// What identifies a file's contents for the incremental scan: same identity, same bytes (as far
// as the file system tells; a content digest is the stronger check).
struct FileIdentity {
  uint64_t device = 0;
  uint64_t inode = 0;
  uint64_t size = 0;
  int64_t mtime_ns = 0;

  friend bool operator==(const FileIdentity&, const FileIdentity&) = default;
};

enum class WalkedKind {
  kFile,     // a regular file to scan
  kSkipped,  // not scanned on purpose (a symlink not followed, a special file): `problem` says why
  kProblem,  // could not be walked (permission, vanished, loop, too deep): `problem` says why
};

struct WalkedFile {
  std::string path;
  WalkedKind kind = WalkedKind::kFile;
  FileIdentity identity{};  // kFile only
  Status problem{};
};

class TreeWalker {
 public:
  TreeWalker(std::vector<std::string> roots, TreeWalkOptions options);
  ~TreeWalker();
  TreeWalker(const TreeWalker&) = delete;
  TreeWalker& operator=(const TreeWalker&) = delete;

  // The next file or problem in walk order; nullopt when the walk is done.
  std::optional<WalkedFile> Next();

 private:
  struct Directory;
  // Handles one path: a file comes back, a directory is pushed (and nullopt comes back).
  std::optional<WalkedFile> Visit(std::string path, int depth, bool is_root);
  bool InsideRoots(const std::string& resolved) const;

  const TreeWalkOptions options_;
  std::vector<std::string> pending_roots_;  // reversed: the next root is at the back
  std::vector<std::string> resolved_roots_;
  std::vector<std::unique_ptr<Directory>> stack_;
  std::set<std::pair<uint64_t, uint64_t>> linked_directories_;  // entered through a link
};

// FileIdentity of an open file, as fstat() tells it.
FileIdentity IdentityOf(const struct ::stat& info);

}  // namespace clearhost::scan
