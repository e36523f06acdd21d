// The scanner's per-file work, run on the worker threads: open the file (refusing anything but a
// regular file), sniff its content, and
//   - a picture: read it (up to the hashing limit), decode within the pixel limit, PDQ + digests;
//   - an archive: stream its digests, then every member through ArchiveReader, each member
//     hashed like a file of its own (`archive.zip!/dir/picture.jpg`);
//   - a video: stream its digests, then vPDQ-hash it (one PDQ hash per sampled frame; members
//     of archives from memory);
//   - anything else: stream its digests (no size limit but max_digest_bytes; never held whole).
// Only hashes and metadata come out; file contents are dropped.
// Thread-safety: a FileScanner holds scratch buffers; use one per thread.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "hash/digests.h"
#include "hash/file_hasher.h"
#include "hash/pdq.h"
#include "scan/archive_reader.h"
#include "scan/content_kind.h"
#include "video/vpdq_hasher.h"

namespace clearhost::scan {

// One thing the scan looked at: a file, or a member of an archive.
struct ScannedItem {
  std::string path;  // display path; members: `archive!/member`
  ContentKind kind = ContentKind::kOther;
  uint64_t bytes = 0;
  std::optional<hash::FileDigests> digests;   // set whenever the bytes could be read
  std::optional<hash::PdqHash> pdq;           // pictures that decoded
  std::vector<video::VideoFrameHash> frames;  // videos: the sampled frames' PDQ hashes
  Status error;                               // OK when everything the item should give came out
};

struct FileScanOptions {
  hash::FileHashOptions hashing;  // pictures: file-size and pixel limits, hash mode
  ArchiveLimits archives;
  bool open_archives = true;  // false: archives get digests only
  bool hash_videos = true;    // false: videos get digests only
  video::VideoHashOptions videos;
  uint64_t max_digest_bytes = uint64_t{4} << 30;  // larger files are reported, not read
};

class FileScanner {
 public:
  explicit FileScanner(FileScanOptions options);

  // Every item of the file at `path`: the file first, then its members if it is an archive.
  std::vector<ScannedItem> ScanFile(const std::string& path);

  // The same for bytes already in memory, named `path`.
  std::vector<ScannedItem> ScanBytes(std::span<const uint8_t> bytes, const std::string& path);

 private:
  // vPDQ-hashes the video in `bytes` into item.frames (or item.error).
  void HashVideo(std::span<const uint8_t> bytes, ScannedItem& item);
  // A picture or other non-archive's bytes, hashed.
  ScannedItem HashBytes(std::span<const uint8_t> bytes, const std::string& path, ContentKind kind);
  // Appends the members of the archive open on `fd` (or in `bytes` when fd < 0) to `items`;
  // returns whether the archive could be read to its end.
  Status ScanMembers(const std::string& path, std::vector<ScannedItem>& items, int fd,
                     std::span<const uint8_t> bytes);

  const FileScanOptions options_;
  hash::FileHasher hasher_;
  ArchiveReader archives_;
  std::vector<uint8_t> buffer_;  // a whole picture, or one chunk of a streamed file
};

}  // namespace clearhost::scan
