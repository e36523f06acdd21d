// Reads archives for the scanner without extracting anything to disk: zip, tar (plain or
// compressed with gzip, bzip2, xz, zstd, lzma), 7z, rar, cpio, ar, cab and single compressed
// streams, as far as Debian's libarchive reads them. Members are handed over one at a time in
// memory; archives inside archives are opened in turn, up to a depth limit. Limits against
// archive bombs apply to the outermost archive as a whole (every level together): expanded
// bytes, members, the expansion ratio, and the size of one member.
//
// A member's path is the archive's path, "!/", and the member's name inside it:
// `backup.tar.gz!/www/picture.jpg`, nested `site.zip!/old.tar!/a.png`.
// Thread-safety: an ArchiveReader is used by one thread at a time (one per scan worker).
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "core/status.h"

struct archive;

namespace clearhost::scan {

struct ArchiveLimits {
  int max_depth = 4;  // the outermost archive is depth 1; deeper archives are reported, not read
  uint64_t max_member_bytes = uint64_t{256} << 20;  // one member, expanded
  uint64_t max_total_bytes = uint64_t{4} << 30;     // all members at every level, expanded
  uint64_t max_members = 100'000;                   // members at every level
  // Expanded bytes per archive byte read, checked once more than ratio_floor_bytes expanded:
  // pictures hardly compress, so a much higher ratio is a bomb, not a photo album.
  uint64_t max_ratio = 100;
  uint64_t ratio_floor_bytes = uint64_t{64} << 20;
};

struct ArchiveCallbacks {
  // Each member that is not itself an archive to open, with its bytes (valid during the call).
  std::function<void(const std::string& path, std::span<const uint8_t> bytes)> on_member;
  // Each member (or nested archive) that could not be read; the walk goes on where it can.
  std::function<void(const std::string& path, const Status& problem)> on_problem;
  // Whether bytes are an archive to open (the scanner's content sniffing).
  std::function<bool(std::span<const uint8_t> head)> is_archive;
};

class ArchiveReader {
 public:
  explicit ArchiveReader(ArchiveLimits limits)
      : limits_(limits), buffers_(size_t(std::max(limits.max_depth, 1))) {}

  // Reads the archive open on `fd` (its display path `path`). Members come through the
  // callbacks in archive order. The result is an error when the archive as a whole could not
  // be read to its end (corrupt, truncated, or a limit hit): members delivered before stay
  // delivered.
  Status ReadFile(int fd, const std::string& path, const ArchiveCallbacks& callbacks);

  // The same for an archive already in memory (a member of another archive, or a test's bytes).
  Status ReadMemory(std::span<const uint8_t> bytes, const std::string& path,
                    const ArchiveCallbacks& callbacks);

 private:
  struct Totals {
    uint64_t expanded_bytes = 0;
    uint64_t members = 0;
  };
  struct LibArchive;
  Status ReadOpened(LibArchive& archive, const std::string& path, int depth, Totals& totals,
                    const ArchiveCallbacks& callbacks);
  // `outermost`: the archive whose bytes read count for the ratio; null: this one.
  Status ReadNested(std::span<const uint8_t> bytes, const std::string& path, int depth,
                    Totals& totals, struct archive* outermost, const ArchiveCallbacks& callbacks);

  const ArchiveLimits limits_;
  // One member buffer per depth, reused; sized once, so a nested read never moves the buffer an
  // outer level is reading into.
  std::vector<std::vector<uint8_t>> buffers_;
};

}  // namespace clearhost::scan
