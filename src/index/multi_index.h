// Exact Hamming radius search by multi-index hashing (Norouzi, Punjani & Fleet): the 256 bits
// are cut into substrings (SubstringLayout, chosen from the number of entries), each with a
// table from substring value to entries. A query probes, per table, every substring value
// within that table's radius of the query's (ProbePlan: generalized pigeonhole), and verifies
// the candidates with the full popcount distance. Results equal brute force exactly; radii
// where probing would cost more than a scan use the SIMD scan.
//
// Tables are CSR arrays: per table, bucket_count + 1 offsets into a positions array that lists
// the entries grouped by substring value (no node-based maps). Memory: 32 bytes per hash for
// the hashes, 4 bytes per hash per table, and at most 16 bytes per hash of offsets
// (docs/index.md has the figures). The arrays may be owned by the index or borrowed from a
// mapped index file (FromArrays).
//
// Queries are memory-latency bound: a search collects all buckets first, prefetching the
// directory entries and bucket starts, then verifies candidates while prefetching a fixed
// distance ahead, so many cache misses are in flight at once.
// Thread-safety: immutable after construction; Search and SearchBatch may run concurrently.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "core/hash256.h"
#include "core/status.h"
#include "index/hamming_scan.h"
#include "index/substring_layout.h"

namespace clearhost::index {

// Hits of many queries in CSR form: query q's hits are hits[offsets[q] .. offsets[q + 1]).
struct BatchHits {
  std::vector<uint32_t> offsets;
  std::vector<Hit> hits;
  std::span<const Hit> For(size_t query) const {
    return std::span<const Hit>(hits).subspan(offsets[query], offsets[query + 1] - offsets[query]);
  }
};

class MultiIndex {
 public:
  // Positions are 32-bit.
  static constexpr size_t kMaxEntries = UINT32_MAX;

  // The arrays an index consists of, exactly as an index file stores them (views).
  struct Arrays {
    SubstringLayout layout;
    std::span<const Hash256> entries;
    // Per table: layout.bucket_count(s) + 1 ascending offsets into positions[s], the last
    // equal to entries.size().
    std::array<std::span<const uint32_t>, SubstringLayout::kMaxSubstrings> offsets;
    // Per table: every entry position once, grouped by substring value.
    std::array<std::span<const uint32_t>, SubstringLayout::kMaxSubstrings> positions;
  };

  struct BuildOptions {
    int threads = 1;  // tables are built in parallel
    // The substring layout; by default SubstringLayout::ChooseFor(entries.size()).
    const SubstringLayout* layout = nullptr;
    // Probe the tables even for radii where the cost model prefers a scan (tests, benchmarks).
    bool always_probe = false;
  };

  // An empty index.
  MultiIndex();

  // Builds the tables over a copy of `entries`; positions in hits refer to this order.
  // ResourceExhausted when there are more than kMaxEntries.
  static Result<MultiIndex> Build(std::span<const Hash256> entries, const BuildOptions& options);
  static Result<MultiIndex> Build(std::span<const Hash256> entries) {
    return Build(entries, BuildOptions{});
  }

  // Wraps arrays kept alive by `owner` (e.g. a mapped file) after checking every offset and
  // position, so that no array content can make a search read out of bounds. DataLoss names
  // the first inconsistency.
  static Result<MultiIndex> FromArrays(const Arrays& arrays, std::shared_ptr<const void> owner);

  const Arrays& arrays() const { return arrays_; }
  size_t size() const { return arrays_.entries.size(); }
  std::span<const Hash256> entries() const { return arrays_.entries; }
  const SubstringLayout& layout() const { return arrays_.layout; }

  // Bytes of the arrays (hashes, offsets, positions).
  size_t MemoryBytes() const;

  // Appends every entry within `max_distance` of `query`, sorted by position, each once.
  void Search(const Hash256& query, int max_distance, std::vector<Hit>& hits) const;

  // Searches every query, split over `threads` threads; `out` is replaced.
  void SearchBatch(std::span<const Hash256> queries, int max_distance, int threads,
                   BatchHits& out) const;

 private:
  MultiIndex(const Arrays& arrays, std::shared_ptr<const void> owner, bool always_probe);

  const ProbePlan& PlanFor(int max_distance, ProbePlan& storage) const;
  void Probe(const ProbePlan& plan, const Hash256& query, int max_distance,
             std::vector<Hit>& hits) const;

  Arrays arrays_;
  std::shared_ptr<const void> owner_;
  bool always_probe_ = false;
  // Plans for radii 0..kPlannedRadii, computed once.
  static constexpr int kPlannedRadii = 64;
  std::vector<ProbePlan> plans_;
};

}  // namespace clearhost::index
