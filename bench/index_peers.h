// The searchers index_bench compares, behind one interface: clearhost's MultiIndex, our brute
// force at a chosen SIMD level, and (when built with FAISS) FAISS's IndexBinaryFlat and
// IndexBinaryMultiHash. Each Build() takes its own copy of what it needs, so the resident
// memory it adds is comparable; Search() appends the hits within `max_distance` of one query,
// in any order.
// Thread-safety: Build() once, then Search() from one thread (FAISS is set single-threaded).
#pragma once

#include <cstring>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <type_traits>
#include <vector>

#ifdef CLEARHOST_BENCH_HAVE_FAISS
#include <faiss/Index.h>
#include <faiss/IndexBinaryFlat.h>
#include <faiss/IndexBinaryHash.h>
#include <faiss/impl/AuxIndexStructures.h>
#include <omp.h>
#endif

#include "index/multi_index.h"

namespace clearhost::index::bench {

using Hits = std::vector<Hit>;

class Peer {
 public:
  virtual ~Peer() = default;
  virtual void Build(std::span<const Hash256> entries) = 0;
  virtual void Search(const Hash256& query, int max_distance, Hits& hits) const = 0;
};

// clearhost's index: MultiIndex::Build, then Search one query per call. The calls to adapt when
// the index API changes (a batch search, say) are these two.
class ClearhostPeer final : public Peer {
 public:
  void Build(std::span<const Hash256> entries) override {
    index_.emplace(MultiIndex::Build(entries).value());
  }
  void Search(const Hash256& query, int max_distance, Hits& hits) const override {
    index_->Search(query, max_distance, hits);
  }

 private:
  std::optional<MultiIndex> index_;
};

class BruteForcePeer final : public Peer {
 public:
  explicit BruteForcePeer(SimdLevel level) : level_(level) {}
  void Build(std::span<const Hash256> entries) override {
    entries_.assign(entries.begin(), entries.end());
  }
  void Search(const Hash256& query, int max_distance, Hits& hits) const override {
    ScanWithinRadius(level_, entries_, query, max_distance, hits);
  }

 private:
  SimdLevel level_;
  std::vector<Hash256> entries_;
};

#ifdef CLEARHOST_BENCH_HAVE_FAISS
// FAISS takes codes as bytes: a Hash256 is four uint64 words, i.e. 32 bytes whose bit order is
// irrelevant to a Hamming distance.
static_assert(sizeof(Hash256) == 32 && std::is_trivially_copyable_v<Hash256>);

inline const uint8_t* Codes(std::span<const Hash256> hashes) {
  return reinterpret_cast<const uint8_t*>(hashes.data());
}

// A query (or the last entry) with 8 spare bytes after it: IndexBinaryMultiHash reads each
// 16-bit substring as a uint64 load at its byte offset, so the last one reads 6 bytes past the
// code.
struct PaddedCode {
  explicit PaddedCode(const Hash256& hash) { std::memcpy(bytes, &hash, sizeof(hash)); }
  uint8_t bytes[sizeof(Hash256) + 8] = {};
};

// FAISS's id type (faiss::Index::idx_t in 1.7.3, faiss::idx_t later).
using FaissId = decltype(faiss::IndexBinary::ntotal);

// FAISS's range_search keeps distances strictly below its radius: it is given max_distance + 1.
inline void AppendRangeResult(const faiss::RangeSearchResult& result, Hits& hits) {
  for (size_t k = result.lims[0]; k < result.lims[1]; ++k) {
    hits.push_back({uint32_t(result.labels[k]), uint16_t(result.distances[k])});
  }
}

class FaissFlatPeer final : public Peer {
 public:
  void Build(std::span<const Hash256> entries) override {
    index_ = std::make_unique<faiss::IndexBinaryFlat>(Hash256::kBits);
    index_->add(FaissId(entries.size()), Codes(entries));
  }
  void Search(const Hash256& query, int max_distance, Hits& hits) const override {
    faiss::RangeSearchResult result(1);
    index_->range_search(1, Codes({&query, 1}), max_distance + 1, &result);
    AppendRangeResult(result, hits);
  }

 private:
  std::unique_ptr<faiss::IndexBinaryFlat> index_;
};

class FaissMultiHashPeer final : public Peer {
 public:
  void Build(std::span<const Hash256> entries) override {
    index_ = std::make_unique<faiss::IndexBinaryMultiHash>(Hash256::kBits, /*nhash=*/16,
                                                           /*b=*/16);
    index_->nflip = 1;  // substrings probed within 1 bit flip: exact up to 2 * 16 - 1 = 31
    if (entries.empty()) return;
    index_->add(FaissId(entries.size() - 1), Codes(entries));
    const PaddedCode last(entries.back());
    index_->add(1, last.bytes);
  }
  void Search(const Hash256& query, int max_distance, Hits& hits) const override {
    const PaddedCode padded(query);
    faiss::RangeSearchResult result(1);
    index_->range_search(1, padded.bytes, max_distance + 1, &result);
    AppendRangeResult(result, hits);
  }

 private:
  std::unique_ptr<faiss::IndexBinaryMultiHash> index_;
};

// FAISS as the one-core peer: every OpenMP region of this process runs one thread.
inline std::string ConfigureFaiss() {
  omp_set_num_threads(1);
  return "FAISS " + std::to_string(FAISS_VERSION_MAJOR) + "." +
         std::to_string(FAISS_VERSION_MINOR) + "." + std::to_string(FAISS_VERSION_PATCH);
}
#endif  // CLEARHOST_BENCH_HAVE_FAISS

}  // namespace clearhost::index::bench
