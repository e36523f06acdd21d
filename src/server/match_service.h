// The banks a server matches against: the bank store (a SQLite file, store/bank_store.h), the
// in-memory BankIndex over its enabled banks, and matching for the API routes (/v1/match, the
// HMA-compatible /m/ routes, the dashboard).
//
// Hot swap: requests search the index under a reader lock. A background thread catches the
// index up with the store every refresh interval (BankIndex::Refresh: adds and removes only,
// a writer lock held for milliseconds, skipped when nothing changed); a change that needs a full
// rebuild (a bank removed) or an explicit Reload() builds a new index off to the side and swaps
// it in atomically, so no request waits for a build and none fails during one.
// Thread-safety: every method may be called from any thread.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/status.h"
#include "lists/signal_type.h"
#include "scan/bank_matcher.h"
#include "store/bank_store.h"

namespace clearhost::server {

class MatchService;

// A bank store leased by one request (a BankStore is used by one thread at a time); returned
// to the pool by the destructor.
class BankStoreLease {
 public:
  BankStoreLease(BankStoreLease&&) noexcept = default;
  BankStoreLease& operator=(BankStoreLease&&) = delete;
  ~BankStoreLease();

  store::BankStore& store() { return *store_; }

 private:
  friend class MatchService;
  BankStoreLease(MatchService* service, std::unique_ptr<store::BankStore> store)
      : service_(service), store_(std::move(store)) {}

  MatchService* service_;
  std::unique_ptr<store::BankStore> store_;
};

// One query of a match request.
struct MatchQuery {
  lists::Signal signal{};
  std::optional<int> quality{};  // PDQ quality when the caller knows it (then checked)
};

struct MatchRequestOptions {
  std::optional<int> radius{};  // replaces each bank's match_distance
  std::optional<std::vector<std::string>>
      banks{};          // only these block banks (by name); all if unset
  std::string actor{};  // who asked (the token's principal), for logs
};

// A match kept for the dashboard's "recent matches".
struct RecentMatch {
  int64_t at = 0;  // Unix microseconds
  std::string bank{};
  int64_t entry_id = 0;
  lists::SignalType type = lists::SignalType::kPdq;
  int distance = 0;
  scan::Verdict verdict = scan::Verdict::kMatch;
  std::string actor{};
};

// Counters for /metrics and the dashboard, since the server started.
struct MatchStatistics {
  int64_t queries = 0;
  std::vector<std::pair<std::string, int64_t>> matches_by_bank;  // by bank name
  int64_t refreshes = 0;
  int64_t rebuilds = 0;
  int64_t refresh_failures = 0;
};

// What the index serves now (GET /m/index/status, /ready, /metrics).
struct IndexStatus {
  size_t pdq_entries = 0;
  size_t digest_entries = 0;
  store::StoreVersion version{};
  int64_t built_at = 0;      // Unix microseconds of the current index's build
  int64_t refreshed_at = 0;  // of the last successful catch-up (or the build)
  bool ready = false;        // an index has been built
};

class MatchService {
 public:
  struct Options {
    std::string banks_path;  // the SQLite file of the bank store (created if absent)
    int refresh_interval_ms = 1000;
    int build_threads = 2;
    size_t recent_matches = 200;  // how many RecentMatch the service remembers
  };

  // Opens the store and builds the first index (in the calling thread), then starts the
  // refresher.
  static Result<std::unique_ptr<MatchService>> Open(const Options& options);
  ~MatchService();
  MatchService(const MatchService&) = delete;
  MatchService& operator=(const MatchService&) = delete;

  // A bank store for this request (opened when the pool has none idle).
  Result<BankStoreLease> LeaseStore();

  // The block-bank matches of each query (one vector per query, same order), with verdicts
  // (scan::BankMatcher). NotFound for an unknown bank name in options.banks.
  Result<std::vector<std::vector<scan::BankMatch>>> Match(std::span<const MatchQuery> queries,
                                                          const MatchRequestOptions& options);

  // Catches the index up with the store now (what the refresher does every interval).
  Status Refresh();
  // Builds a new index from the store and swaps it in.
  Status Reload();

  IndexStatus index_status() const;
  MatchStatistics statistics() const;
  // The newest matches first, at most `limit`.
  std::vector<RecentMatch> RecentMatches(size_t limit) const;

 private:
  friend class BankStoreLease;
  struct State;
  explicit MatchService(std::unique_ptr<State> state);
  void ReturnStore(std::unique_ptr<store::BankStore> store);

  std::unique_ptr<State> state_;
};

}  // namespace clearhost::server
