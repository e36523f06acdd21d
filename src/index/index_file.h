// The index file: a built PDQ index (hashes, ids, multi-index tables) and digest indexes
// (MD5, SHA-1, SHA-256) with the names of the lists they came from, in one file that is
// mapped into memory and served in place: no rebuild on load. docs/formats.md ("Index file")
// gives the byte layout: magic, version, sizes, a CRC-32C per section and for the header.
//
// Written atomically (temporary file, fsync, rename), so a crash or a concurrent reader never
// sees a half-written index. Loading checks the magic, version, sizes, every checksum and
// every table offset before anything is served; a corrupt, truncated or wrong-version file is
// refused with an error naming the file and the problem, and the caller keeps serving the
// index it had.
// Thread-safety: the loaded indexes are safe for concurrent searches (see their headers).
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/mapped_file.h"
#include "core/status.h"
#include "index/digest_index.h"
#include "index/hamming_index.h"

namespace clearhost::index {

inline constexpr uint32_t kIndexFileVersion = 1;

// What WriteIndexFile stores (views; nothing is copied).
struct IndexFileContents {
  // Source names (list paths, bank names): entry ids written by `clearhost index build` are
  // source number << 32 | line number.
  std::span<const std::string> sources;
  // The PDQ entries; must be compacted (no delta, no tombstones).
  const HammingSnapshot* pdq = nullptr;
  // At most one per digest type.
  std::vector<const DigestIndex*> digests;
};

// Writes `contents` to `path` atomically. FailedPrecondition for an uncompacted snapshot or a
// repeated digest type; I/O errors name the path and the OS's reason.
Status WriteIndexFile(const std::filesystem::path& path, const IndexFileContents& contents);

// Indexes ready to serve with the names of their sources: loaded from an index file, or built
// in memory from lists.
struct IndexSet {
  std::vector<std::string> sources;
  std::unique_ptr<HammingIndex> pdq;  // never null; may be empty
  std::vector<DigestIndex> digests;   // at most one per type
  uint64_t file_bytes = 0;            // of the index file it was loaded from, else 0

  // The digest index of `type`, or nullptr when the file has none.
  const DigestIndex* Digests(DigestType type) const;
};

// Maps and checks `path` (see the header comment). DataLoss for corruption or truncation,
// FailedPrecondition for another format version or a file that is not an index, the OS's
// errors otherwise; every message starts with the path.
Result<IndexSet> LoadIndexFile(const std::filesystem::path& path,
                               const HammingIndex::Options& options);

}  // namespace clearhost::index
