// The PDQ (256-bit) index a matcher serves: entries carry 64-bit ids that lead back to their
// list or bank entry, and the index takes adds and removes without a full rebuild.
//
// State is an immutable Snapshot: a base MultiIndex with its entries sorted by id, a tombstone
// bit per base entry, and a small delta (its own MultiIndex, or a scan while tiny) of entries
// added since the base was built. Update() builds the next snapshot in time proportional to
// the delta plus one bit per base entry, then publishes it atomically; Compact() folds delta
// and tombstones into a new base (a full build) and is run on demand or by the owner's
// background thread when NeedsCompaction(). Readers take a snapshot and search it without
// locks: a search sees either the state before an update or the one after, never a mixture.
// Thread-safety: all methods may be called concurrently; updates and compactions serialize.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "core/hash256.h"
#include "core/status.h"
#include "index/multi_index.h"

namespace clearhost::index {

// One match: the entry's id, its hash and its distance to the query.
struct Match {
  uint64_t id;
  Hash256 hash;
  uint16_t distance;
  friend bool operator==(const Match&, const Match&) = default;
};

class HammingSnapshot {
 public:
  // Appends every live entry within `max_distance` of `query`, sorted by id.
  void Search(const Hash256& query, int max_distance, std::vector<Match>& matches) const;

  size_t size() const;  // live entries
  // Whether the entry with id `id` is live (in the base and not removed, or in the delta).
  // O(log n); no allocation.
  bool Contains(uint64_t id) const;
  const MultiIndex& base() const { return base_; }
  std::span<const uint64_t> base_ids() const { return base_ids_; }
  size_t tombstone_count() const { return tombstone_count_; }
  size_t delta_size() const { return delta_.size(); }

  // Whether base entry `position` has been removed.
  bool IsRemoved(uint32_t position) const {
    return !tombstones_.empty() && (tombstones_[position >> 6] >> (position & 63)) & 1;
  }

 private:
  friend class HammingIndex;
  // Position of `id` among the base entries, or -1.
  int64_t BasePosition(uint64_t id) const;

  MultiIndex base_;
  std::span<const uint64_t> base_ids_;  // ascending, parallel to base_.entries()
  std::shared_ptr<const void> base_ids_owner_;
  std::vector<uint64_t> tombstones_;  // empty, or one bit per base entry
  size_t tombstone_count_ = 0;
  MultiIndex delta_;                        // entries added since the base was built
  std::vector<uint64_t> delta_ids_;         // parallel to delta_.entries()
  std::vector<uint64_t> delta_ids_sorted_;  // delta_ids_ ascending, for Contains()
};

class HammingIndex {
 public:
  struct Options {
    int build_threads = 1;
    // NeedsCompaction() once delta or tombstones exceed this share of the base.
    double compaction_share = 0.05;
  };

  // An index over `hashes` with parallel, distinct `ids` (InvalidArgument on a repeated id or
  // mismatched sizes).
  static Result<std::unique_ptr<HammingIndex>> Build(std::span<const Hash256> hashes,
                                                     std::span<const uint64_t> ids,
                                                     const Options& options);

  // An index over a loaded base (e.g. from an index file): `ids` ascending, distinct, parallel
  // to base.entries(), kept alive by `ids_owner`. DataLoss when they are not.
  static Result<std::unique_ptr<HammingIndex>> FromBase(MultiIndex base,
                                                        std::span<const uint64_t> ids,
                                                        std::shared_ptr<const void> ids_owner,
                                                        const Options& options);

  // The current state; hold it for as long as a consistent view is needed.
  std::shared_ptr<const HammingSnapshot> snapshot() const ABSL_LOCKS_EXCLUDED(mutex_);

  // Removes the entries `removed` and adds `added_hashes` with `added_ids`, as one step.
  // NotFound when a removed id is not live, AlreadyExists when an added id is live (after the
  // removals), InvalidArgument on mismatched sizes; on error nothing changes.
  Status Update(std::span<const Hash256> added_hashes, std::span<const uint64_t> added_ids,
                std::span<const uint64_t> removed) ABSL_LOCKS_EXCLUDED(update_mutex_, mutex_);

  // Rebuilds the base from the live entries (delta and tombstones folded in).
  Status Compact() ABSL_LOCKS_EXCLUDED(update_mutex_, mutex_);

  bool NeedsCompaction() const ABSL_LOCKS_EXCLUDED(mutex_);

 private:
  explicit HammingIndex(const Options& options) : options_(options) {}
  void Publish(std::shared_ptr<const HammingSnapshot> next) ABSL_LOCKS_EXCLUDED(mutex_);

  const Options options_;
  absl::Mutex update_mutex_;  // serializes Update and Compact
  mutable absl::Mutex mutex_;
  std::shared_ptr<const HammingSnapshot> current_ ABSL_GUARDED_BY(mutex_);
};

}  // namespace clearhost::index
