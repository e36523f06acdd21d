#include "server/match_service.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "core/clock.h"

namespace clearhost::server {
namespace {

// An index and the lock that keeps a catch-up (writer) apart from searches (readers).
struct ServedIndex {
  explicit ServedIndex(scan::BankIndex built, int64_t at)
      : index(std::move(built)), built_at(at), refreshed_at(at) {}
  mutable absl::Mutex mutex;
  scan::BankIndex index ABSL_GUARDED_BY(mutex);
  const int64_t built_at;
  std::atomic<int64_t> refreshed_at;
};

}  // namespace

struct MatchService::State {
  Options options;

  absl::Mutex stores_mutex;
  std::vector<std::unique_ptr<store::BankStore>> idle_stores ABSL_GUARDED_BY(stores_mutex);

  // The index requests search; swapped whole by a rebuild.
  mutable absl::Mutex served_mutex;
  std::shared_ptr<ServedIndex> served ABSL_GUARDED_BY(served_mutex);
  // One catch-up or rebuild at a time.
  absl::Mutex refresh_mutex;

  mutable absl::Mutex statistics_mutex;
  int64_t queries ABSL_GUARDED_BY(statistics_mutex) = 0;
  std::map<std::string, int64_t> matches_by_bank ABSL_GUARDED_BY(statistics_mutex);
  std::deque<RecentMatch> recent ABSL_GUARDED_BY(statistics_mutex);
  std::atomic<int64_t> refreshes{0};
  std::atomic<int64_t> rebuilds{0};
  std::atomic<int64_t> refresh_failures{0};

  std::mutex stop_mutex;
  std::condition_variable stop_signal;
  bool stopping = false;
  std::thread refresher;

  std::shared_ptr<ServedIndex> Served() const {
    absl::MutexLock lock(&served_mutex);
    return served;
  }
};

BankStoreLease::~BankStoreLease() {
  if (store_ != nullptr) service_->ReturnStore(std::move(store_));
}

MatchService::MatchService(std::unique_ptr<State> state) : state_(std::move(state)) {}

MatchService::~MatchService() {
  {
    std::lock_guard lock(state_->stop_mutex);
    state_->stopping = true;
  }
  state_->stop_signal.notify_all();
  if (state_->refresher.joinable()) state_->refresher.join();
}

Result<std::unique_ptr<MatchService>> MatchService::Open(const Options& options) {
  if (options.banks_path.empty()) return absl::InvalidArgumentError("no bank store file given");
  auto state = std::make_unique<State>();
  state->options = options;
  std::unique_ptr<MatchService> service(new MatchService(std::move(state)));
  CLEARHOST_RETURN_IF_ERROR(service->Reload());
  State& opened = *service->state_;
  opened.refresher = std::thread([&opened, service = service.get()] {
    std::unique_lock lock(opened.stop_mutex);
    while (!opened.stop_signal.wait_for(
        lock, std::chrono::milliseconds(opened.options.refresh_interval_ms),
        [&opened] { return opened.stopping; })) {
      lock.unlock();
      if (Status refreshed = service->Refresh(); !refreshed.ok()) {
        std::fprintf(stderr, "%s\n",
                     absl::StrCat("{\"level\":\"error\",\"what\":\"index refresh\",\"error\":",
                                  nlohmann::json(std::string(refreshed.message())).dump(), "}")
                         .c_str());
      }
      lock.lock();
    }
  });
  return service;
}

Result<BankStoreLease> MatchService::LeaseStore() {
  {
    absl::MutexLock lock(&state_->stores_mutex);
    if (!state_->idle_stores.empty()) {
      std::unique_ptr<store::BankStore> store = std::move(state_->idle_stores.back());
      state_->idle_stores.pop_back();
      return BankStoreLease(this, std::move(store));
    }
  }
  CLEARHOST_ASSIGN_OR_RETURN(store::BankStore opened,
                             store::BankStore::Open(state_->options.banks_path));
  return BankStoreLease(this, std::make_unique<store::BankStore>(std::move(opened)));
}

void MatchService::ReturnStore(std::unique_ptr<store::BankStore> store) {
  absl::MutexLock lock(&state_->stores_mutex);
  state_->idle_stores.push_back(std::move(store));
}

Status MatchService::Reload() {
  absl::MutexLock refresh_lock(&state_->refresh_mutex);
  CLEARHOST_ASSIGN_OR_RETURN(BankStoreLease lease, LeaseStore());
  scan::BankIndex::Options index_options;
  index_options.build_threads = state_->options.build_threads;
  CLEARHOST_ASSIGN_OR_RETURN(scan::BankIndex built,
                             scan::BankIndex::Build(lease.store(), index_options));
  auto served = std::make_shared<ServedIndex>(std::move(built), SystemClockMicros());
  {
    absl::MutexLock lock(&state_->served_mutex);
    state_->served = std::move(served);
  }
  state_->rebuilds.fetch_add(1);
  return Status();
}

Status MatchService::Refresh() {
  Status status = [this]() -> Status {
    {
      absl::MutexLock refresh_lock(&state_->refresh_mutex);
      std::shared_ptr<ServedIndex> served = state_->Served();
      CLEARHOST_ASSIGN_OR_RETURN(BankStoreLease lease, LeaseStore());
      CLEARHOST_ASSIGN_OR_RETURN(store::StoreVersion latest, lease.store().LatestVersion());
      store::StoreVersion current;
      {
        absl::ReaderMutexLock read(&served->mutex);
        current = served->index.version();
      }
      if (latest == current) {
        served->refreshed_at.store(SystemClockMicros());
        return Status();
      }
      // Only this thread changes the index (refresh_mutex), so `current` stays valid. A bank
      // removed since means a full rebuild: done beside the served index (Reload), not under
      // its writer lock.
      CLEARHOST_ASSIGN_OR_RETURN(
          store::EntryChangesResult changes,
          lease.store().EntryChanges(current, [](const store::EntryChange&) { return Status(); }));
      if (!changes.rebuild) {
        absl::MutexLock write(&served->mutex);
        CLEARHOST_ASSIGN_OR_RETURN(scan::RefreshSummary summary,
                                   served->index.Refresh(lease.store()));
        (summary.rebuilt ? state_->rebuilds : state_->refreshes).fetch_add(1);
        served->refreshed_at.store(SystemClockMicros());
        return Status();
      }
    }
    return Reload();
  }();
  if (!status.ok()) state_->refresh_failures.fetch_add(1);
  return status;
}

Result<std::vector<std::vector<scan::BankMatch>>> MatchService::Match(
    std::span<const MatchQuery> queries, const MatchRequestOptions& options) {
  std::shared_ptr<ServedIndex> served = state_->Served();
  CLEARHOST_ASSIGN_OR_RETURN(BankStoreLease lease, LeaseStore());
  std::vector<std::vector<scan::BankMatch>> results(queries.size());
  absl::ReaderMutexLock read(&served->mutex);
  scan::BankMatcher::Options matcher_options;
  matcher_options.radius = options.radius;
  if (options.banks.has_value()) {
    absl::flat_hash_set<int64_t> ids;
    for (const std::string& name : *options.banks) {
      bool found = false;
      for (const auto& [id, bank] : served->index.banks()) {
        if (bank.settings.name == name) {
          ids.insert(id);
          found = true;
        }
      }
      if (!found) return absl::NotFoundError(absl::StrCat("no bank named '", name, "'"));
    }
    matcher_options.block_banks = std::move(ids);
  }
  scan::BankMatcher matcher(served->index, lease.store(), std::move(matcher_options));
  for (size_t i = 0; i < queries.size(); ++i) {
    scan::BankQuery query;
    query.signal = queries[i].signal;
    query.quality = queries[i].quality;
    query.file_key = queries[i].file_key;
    CLEARHOST_ASSIGN_OR_RETURN(results[i], matcher.Match(query));
  }
  const int64_t now = SystemClockMicros();
  absl::MutexLock lock(&state_->statistics_mutex);
  state_->queries += int64_t(queries.size());
  for (size_t i = 0; i < queries.size(); ++i) {
    for (const scan::BankMatch& match : results[i]) {
      ++state_->matches_by_bank[match.bank];
      state_->recent.push_front(RecentMatch{now, match.bank, match.entry_id, queries[i].signal.type,
                                            match.distance, match.verdict, options.actor});
      if (state_->recent.size() > state_->options.recent_matches) state_->recent.pop_back();
    }
  }
  return results;
}

IndexStatus MatchService::index_status() const {
  IndexStatus status;
  std::shared_ptr<ServedIndex> served = state_->Served();
  if (served == nullptr) return status;
  absl::ReaderMutexLock read(&served->mutex);
  status.pdq_entries = served->index.pdq_size();
  status.digest_entries = served->index.digest_size();
  status.version = served->index.version();
  status.built_at = served->built_at;
  status.refreshed_at = served->refreshed_at.load();
  status.ready = true;
  return status;
}

MatchStatistics MatchService::statistics() const {
  MatchStatistics statistics;
  {
    absl::MutexLock lock(&state_->statistics_mutex);
    statistics.queries = state_->queries;
    statistics.matches_by_bank.assign(state_->matches_by_bank.begin(),
                                      state_->matches_by_bank.end());
  }
  statistics.refreshes = state_->refreshes.load();
  statistics.rebuilds = state_->rebuilds.load();
  statistics.refresh_failures = state_->refresh_failures.load();
  return statistics;
}

std::vector<RecentMatch> MatchService::RecentMatches(size_t limit) const {
  absl::MutexLock lock(&state_->statistics_mutex);
  const size_t count = std::min(limit, state_->recent.size());
  return std::vector<RecentMatch>(state_->recent.begin(), state_->recent.begin() + count);
}

}  // namespace clearhost::server
