// Exact Hamming radius search by multi-index hashing (Norouzi, Punjani & Fleet): the 256 bits are
// split into 16 substrings of 16 bits, each with its own table from substring value to entries.
// By the pigeonhole principle an entry within distance r of the query agrees with it within
// floor(r / 16) bits on at least one substring, so probing every substring value within that
// many bit flips of the query's, in every table, finds every match; candidates are verified
// with the full popcount distance. Results equal brute force exactly.
//
// Tables are CSR arrays (65537 offsets + entry positions sorted by substring), not node-based
// maps. Memory: 32 bytes per hash for the hashes plus 4 bytes per hash per table.
// A candidate found in table t is skipped when an earlier table would already have found it, so
// no per-query visited set is needed.
// Thread-safety: immutable after Build(); Search() may run concurrently from many threads.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "core/hash256.h"
#include "core/status.h"
#include "index/hamming_scan.h"

namespace clearhost::index {

class MultiIndex {
 public:
  static constexpr int kSubstrings = 16;
  static constexpr int kSubstringBits = 16;

  // The most entries one index holds (positions are 32-bit).
  static constexpr size_t kMaxEntries = UINT32_MAX;

  // Builds the tables over a copy of `entries`; positions in hits refer to this order.
  // ResourceExhausted when there are more than kMaxEntries.
  static Result<MultiIndex> Build(std::span<const Hash256> entries);

  size_t size() const { return entries_.size(); }
  std::span<const Hash256> entries() const { return entries_; }

  // Appends every entry within `max_distance` (0..256) of `query`, sorted by position.
  // Radii whose probe count would exceed a scan fall back to the brute-force kernels.
  void Search(const Hash256& query, int max_distance, std::vector<Hit>& hits) const;

  // Substring s (0..15) of a hash: bits 16s .. 16s+15.
  static uint16_t Substring(const Hash256& hash, int s) {
    return uint16_t(hash.words()[s >> 2] >> (16 * (s & 3)));
  }

 private:
  explicit MultiIndex(std::span<const Hash256> entries);

  // Whether probing is cheaper than scanning for this radius (probe count vs entries).
  bool ProbingPays(int flips) const;
  void ProbeTable(int table, uint16_t value, const Hash256& query, int max_distance,
                  int substring_radius, std::vector<Hit>& hits) const;

  std::vector<Hash256> entries_;
  std::array<std::vector<uint32_t>, kSubstrings> offsets_;    // 65537 each
  std::array<std::vector<uint32_t>, kSubstrings> positions_;  // size() each, grouped by value
};

}  // namespace clearhost::index
