// Hashes one file the way `clearhost hash` and the scanner need it: one read of the bytes feeds
// MD5/SHA-1/SHA-256; the bytes are sniffed and, when they are a picture, decoded within limits
// and PDQ-hashed (optionally all eight dihedral hashes). Only hashes and metadata come out; the
// pixels are dropped.
// Thread-safety: a FileHasher holds scratch buffers; use one per thread.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>

#include "core/status.h"
#include "hash/digests.h"
#include "hash/pdq.h"
#include "image/image.h"

namespace clearhost::hash {

enum class HashMode {
  kDefault,        // full-resolution picture as a person sees it (EXIF orientation applied)
  kReferenceTool,  // Meta's pdq-photo-hasher: no EXIF orientation, > 512 px resized to 512x512
  kFast,           // JPEG decoded at a reduced size in the DCT domain, then the default algorithm
};

struct FileHashOptions {
  HashMode mode = HashMode::kDefault;
  bool dihedral = false;
  uint64_t max_file_bytes = uint64_t{1} << 30;  // 1 GiB
  uint64_t max_pixels = 100'000'000;
  int fast_min_dimension = 512;  // kFast: the smallest width/height JPEG DCT scaling may reach
};

// What one file hashed to. `digests` is set whenever the file could be read; `pdq` when it was a
// picture that decoded; `error` is OK when everything the file should give was computed.
struct FileHashRecord {
  uint64_t bytes = 0;
  std::optional<FileDigests> digests;
  image::ImageFormat format = image::ImageFormat::kUnknown;
  int width = 0;  // decoded picture, after EXIF orientation (before any compat resize)
  int height = 0;
  std::optional<PdqDihedralHashes> pdq;  // hashes[0] is the plain PDQ hash
  Status error;
};

class FileHasher {
 public:
  explicit FileHasher(FileHashOptions options) : options_(options) {}

  FileHashRecord HashFile(const std::filesystem::path& path);
  FileHashRecord HashBytes(std::span<const uint8_t> bytes);

  const FileHashOptions& options() const { return options_; }

 private:
  FileHashOptions options_;
  PdqHasher pdq_;
  std::vector<uint8_t> resized_;
};

}  // namespace clearhost::hash
