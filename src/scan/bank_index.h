// The in-memory index over the store's enabled banks: PDQ hashes in a HammingIndex (ids are the
// store's entry ids) and digests in a hash map, built from BankStore::LiveEntries and kept up to
// date with BankStore::EntryChanges (Refresh) instead of rebuilding. It finds candidates only:
// whether a candidate is a match (its bank's distance, allowlists, disputes, the flood guard)
// is BankMatcher's decision (scan/bank_matcher.h), made against the store.
// Thread-safety: Find, version and the size accessors may run on many threads at once; Refresh
// needs exclusive access (no Find while it runs). The BankStore passed in is used on the calling
// thread only.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "core/status.h"
#include "index/hamming_index.h"
#include "lists/signal_type.h"
#include "store/bank_store.h"

namespace clearhost::scan {

// An entry whose signal is within the search radius of a PDQ query, or equal to a digest query.
struct Candidate {
  int64_t entry_id = 0;
  lists::Signal signal{};  // the entry's
  int distance = 0;        // PDQ Hamming distance; 0 for digests

  friend bool operator==(const Candidate&, const Candidate&) = default;
};

// What a Refresh changed.
struct RefreshSummary {
  int64_t added = 0;       // entries now served that were not
  int64_t removed = 0;     // entries no longer served
  bool rebuilt = false;    // a bank was removed: the index was built again from LiveEntries
  bool compacted = false;  // the PDQ index folded its delta into a new base

  friend bool operator==(const RefreshSummary&, const RefreshSummary&) = default;
};

class BankIndex {
 public:
  struct Options {
    int build_threads = 1;
    double compaction_share = 0.05;  // see index::HammingIndex::Options
  };

  // An index over every live entry of every enabled bank, from one snapshot of the store.
  static Result<BankIndex> Build(store::BankStore& store, const Options& options);
  static Result<BankIndex> Build(store::BankStore& store) { return Build(store, Options()); }

  // Catches up with the store's changes since version(): adds entries that became live, drops
  // those that stopped being live (removed, disputed, their bank disabled), rebuilds when a bank
  // was removed, compacts when the PDQ index asks for it, and reloads the bank table. Applying
  // the same change twice is harmless. On error the index serves what it did before (or, when
  // only the compaction failed, the refreshed entries) and a later Refresh tries again.
  Result<RefreshSummary> Refresh(store::BankStore& store);

  // Appends the candidates for `query` (PDQ: every entry within `max_distance`; digests: every
  // equal entry), ordered by distance, then entry id.
  void Find(const lists::Signal& query, int max_distance, std::vector<Candidate>& out) const;

  // The store version the index shows.
  store::StoreVersion version() const { return version_; }
  // Every bank as of the last Build or Refresh (enabled or not), by id.
  const absl::flat_hash_map<int64_t, store::Bank>& banks() const { return banks_; }
  // The largest match_distance among the enabled banks (0 when there are none): the radius
  // that finds every candidate without an override.
  int max_match_distance() const { return max_match_distance_; }
  size_t pdq_size() const { return pdq_->snapshot()->size(); }
  size_t digest_size() const { return digest_count_; }
  // The PDQ index's current state (for tests and statistics).
  std::shared_ptr<const index::HammingSnapshot> pdq_snapshot() const { return pdq_->snapshot(); }

 private:
  // A digest's type and bytes (zero padded), as lists::Signal holds them.
  struct DigestKey {
    lists::SignalType type;
    std::array<uint8_t, 32> bytes;

    friend bool operator==(const DigestKey&, const DigestKey&) = default;
    template <typename H>
    friend H AbslHashValue(H state, const DigestKey& key) {
      return H::combine(std::move(state), key.type, key.bytes);
    }
  };
  static DigestKey KeyOf(const lists::Signal& signal) { return {signal.type, signal.digest}; }

  BankIndex() = default;
  Status LoadBanks(store::BankStore& store);
  // Adds a digest entry; false when it was already there.
  bool AddDigest(const lists::Signal& signal, int64_t entry_id);
  // Removes a digest entry; false when it was not there.
  bool RemoveDigest(const lists::Signal& signal, int64_t entry_id);

  Options options_{};
  store::StoreVersion version_{};
  std::unique_ptr<index::HammingIndex> pdq_;
  absl::flat_hash_map<DigestKey, std::vector<int64_t>> digests_;  // ids ascending
  size_t digest_count_ = 0;
  absl::flat_hash_map<int64_t, store::Bank> banks_;
  int max_match_distance_ = 0;
};

}  // namespace clearhost::scan
