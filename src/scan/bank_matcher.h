// Matching queries against the banks: BankIndex finds the candidates, and BankMatcher decides
// each one's verdict against the store, which is the final authority even when the index lags
// (an entry removed or disputed since the last Refresh never matches). Per query:
//   1. candidates within the search radius (the largest match_distance among enabled banks, or
//      the caller's override) or equal (digests), each entry once at its smallest distance;
//   2. each candidate's entry is looked up (BankStore::GetEntry): removed, disputed, or in a
//      bank that is gone or disabled -> dropped; beyond its bank's match_distance -> dropped;
//   3. an allow-bank entry left over makes the query allowlisted: its block-bank matches are
//      all suppressed (naming the closest allow entry) and counted, never acted on;
//   4. every block-bank match gets its verdict from DecideVerdict (scan/verdict.h): suppressed,
//      low_quality, held (the flood guard, recorded with BankStore::RecordEntryHit) or match.
// Thread-safety: a BankMatcher is used by one thread at a time, like the BankStore it uses; the
// BankIndex must not be refreshed while Match runs.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "core/clock.h"
#include "core/hash256.h"
#include "core/status.h"
#include "lists/signal_type.h"
#include "scan/bank_index.h"
#include "scan/verdict.h"
#include "store/bank_store.h"

namespace clearhost::scan {

struct BankQuery {
  lists::Signal signal{};  // a PDQ hash or a digest
  // More PDQ hashes of the same picture (its rotations and flips, hash::Dihedral order from 1):
  // what they find is matched too, naming the transform.
  std::span<const Hash256> transforms{};
  // PDQ quality of the picture (0..100); nullopt when unknown (then no quality check).
  std::optional<int> quality{};
  // Identifies the file for the flood guard's count of distinct files (e.g. its SHA-256 hex);
  // empty: the query's hex.
  std::string file_key{};
};

// The allow-bank entry that suppressed a match.
struct AllowHit {
  std::string bank{};
  int64_t entry_id = 0;
  int distance = 0;

  friend bool operator==(const AllowHit&, const AllowHit&) = default;
};

// One block-bank entry that matched a query, with its verdict.
struct BankMatch {
  int64_t entry_id = 0;
  int64_t bank_id = 0;
  std::string bank{};
  lists::Signal match{};  // the entry's signal
  int distance = 0;
  int transform = 0;  // 0: the query as given; k: BankQuery::transforms[k - 1] found it
  Verdict verdict = Verdict::kMatch;
  std::string reason{};                     // why it is not kMatch; empty for kMatch
  std::optional<AllowHit> suppressed_by{};  // kSuppressed only
};

// Matches per verdict, and queries, since the matcher was made.
struct MatchCounts {
  int64_t queries = 0;
  int64_t allowlisted_queries = 0;  // queries an allow bank covered
  std::array<int64_t, kVerdictCount> verdicts{};

  int64_t of(Verdict verdict) const { return verdicts[size_t(verdict)]; }
};

class BankMatcher {
 public:
  struct Options {
    // Replaces every bank's match_distance (allow banks included); nullopt: each bank's own.
    std::optional<int> radius{};
    // Only these block banks' matches are reported (by bank id); nullopt: all. Allow banks
    // always apply.
    std::optional<absl::flat_hash_set<int64_t>> block_banks{};
    MicrosClock clock = SystemClockMicros;  // the flood guard's time
  };

  // Both must outlive the matcher.
  BankMatcher(const BankIndex& index, store::BankStore& store, Options options)
      : index_(index), store_(store), options_(std::move(options)) {}

  // The block-bank matches of `query` with their verdicts, by distance, then entry id. Errors
  // come from the store.
  Result<std::vector<BankMatch>> Match(const BankQuery& query);

  const MatchCounts& counts() const { return counts_; }

 private:
  struct Found {
    Candidate candidate;
    int transform = 0;
  };
  // The candidates of the query and its transforms into `found_`: each entry once, at its
  // smallest distance, by distance then entry id.
  void FindCandidates(const BankQuery& query, int radius);

  const BankIndex& index_;
  store::BankStore& store_;
  const Options options_;
  MatchCounts counts_{};
  std::vector<Candidate> candidates_;  // scratch, reused across queries
  std::vector<Found> found_;           // scratch, reused across queries
};

}  // namespace clearhost::scan
