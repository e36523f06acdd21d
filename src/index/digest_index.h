// Exact lookup of cryptographic file digests (MD5, SHA-1, SHA-256) in a known-material list.
//
// The index is three flat arrays, the same in memory and in an index file: the digests back to
// back in entry order, their ids (parallel), and a power-of-two table of slots, each either
// kEmptySlot or an entry number. Lookup is open addressing with linear probing from a slot
// chosen by a seeded hash of every byte of the digest; the table is at most half full, so a
// probe sequence is short and always ends at an empty slot. No per-entry allocation: an entry
// costs its digest, its 8-byte id and 2 to 4 slots of 4 bytes.
//
// The slot hash reads the digest as 8-byte little-endian words, like the rest of the index
// file, and depends on the stored seed, so a reloaded file finds the same slots.
// Thread-safety: immutable after Build() or FromArrays(); Find() may run concurrently from many
// threads. Copies share the same arrays.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"

namespace clearhost::index {

enum class DigestType : uint8_t { kMd5, kSha1, kSha256 };

// Bytes in a digest of `type`: 16, 20 or 32.
size_t DigestSize(DigestType type);
// "md5", "sha1" or "sha256".
std::string_view DigestTypeName(DigestType type);

class DigestIndex {
 public:
  static constexpr uint32_t kEmptySlot = UINT32_MAX;
  // The most entries one index holds (entry numbers are 32-bit and kEmptySlot is reserved).
  static constexpr size_t kMaxEntries = size_t{1} << 31;

  // The flat arrays the index consists of, exactly as an index file stores them (views).
  struct Arrays {
    DigestType type;
    uint64_t seed;  // mixes the slot hash (stored so a file reloads the same slots)
    std::span<const uint8_t> digests;  // size() * DigestSize(type) bytes, in entry order
    std::span<const uint64_t> ids;     // size() ids, parallel to digests
    std::span<const uint32_t> slots;   // power-of-two count; kEmptySlot or an entry number
  };

  // Builds an index over copies of `digests` (back to back) and their `ids`.
  // InvalidArgument when digests.size() != ids.size() * DigestSize(type) or the type is unknown;
  // ResourceExhausted past kMaxEntries entries. Duplicate digests are allowed (the same digest
  // in two lists): Find returns every id.
  static Result<DigestIndex> Build(DigestType type, std::span<const uint8_t> digests,
                                   std::span<const uint64_t> ids, uint64_t seed);

  // Wraps arrays owned by `owner` (e.g. an mmapped index file) after checking that Find is
  // memory-safe and terminates on them: a known type, matching sizes, a power-of-two slot count
  // above size(), every occupied slot naming an entry, as many occupied slots as entries (so at
  // least one is empty). DataLoss naming the problem otherwise. Whether each entry sits in its
  // own probe sequence is not re-verified: a misplaced entry is simply not found.
  static Result<DigestIndex> FromArrays(const Arrays& arrays, std::shared_ptr<const void> owner);

  Arrays arrays() const { return arrays_; }
  DigestType type() const { return arrays_.type; }
  size_t size() const { return arrays_.ids.size(); }

  // Appends the id of every entry whose digest equals `digest`, in entry order for a built
  // index. A digest of another size finds nothing.
  void Find(std::span<const uint8_t> digest, std::vector<uint64_t>& ids) const;

 private:
  DigestIndex(const Arrays& arrays, std::shared_ptr<const void> owner)
      : arrays_(arrays), owner_(std::move(owner)) {}

  Arrays arrays_;
  std::shared_ptr<const void> owner_;  // keeps the arrays alive
};

}  // namespace clearhost::index
