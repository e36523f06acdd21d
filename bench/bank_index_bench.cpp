// The index over the store's banks: a full BankIndex::Build from the store against a Refresh
// that catches up with a 1% change (a replace import that adds 1% and removes 1%), measured in
// the same run. BM_Build/N reads N live entries from SQLite and builds; BM_Refresh1Percent/N
// applies the change to an index built before it. Their ratio is what incremental updates save.
// Run: build/bench/bank_index_bench [--benchmark_filter=/1000000]
#include <benchmark/benchmark.h>
#include <stdlib.h>

#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "scan/bank_index.h"
#include "store/bank_store.h"

namespace clearhost::scan {
namespace {

std::vector<lists::Signal> RandomPdqSignals(size_t count, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<lists::Signal> signals(count);
  for (lists::Signal& signal : signals) {
    for (uint64_t& word : signal.pdq.words()) word = rng();
  }
  return signals;
}

store::EntrySource SourceOf(const std::vector<lists::Signal>& signals) {
  return [&signals](const store::EntrySink& sink) -> Status {
    for (const lists::Signal& signal : signals) CLEARHOST_RETURN_IF_ERROR(sink(signal));
    return Status();
  };
}

template <typename T>
T Must(Result<T> result) {
  if (!result.ok()) {
    std::fprintf(stderr, "bank_index_bench: %s\n", std::string(result.status().message()).c_str());
    std::abort();
  }
  return std::move(*result);
}

// A fresh store under TMPDIR holding one bank of `count` random PDQ entries; removed at exit.
class BenchStore {
 public:
  explicit BenchStore(size_t count) : signals_(RandomPdqSignals(count, count)) {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "bank_index_bench.XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) std::abort();
    dir_ = pattern;
    store_.emplace(Must(store::BankStore::Open(dir_ / "bench.db")));
    Must(store_->CreateBank({.name = "bench"}, "bench"));
    Must(store_->ImportEntries("bench", SourceOf(signals_), "bench", store::ImportMode::kMerge));
  }
  ~BenchStore() {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  store::BankStore& store() { return *store_; }
  // Replaces 1% of the bank's entries with new ones (round `round` picks which).
  void ChangeOnePercent(int round) {
    const size_t changed = signals_.size() / 100;
    std::vector<lists::Signal> next = signals_;
    const std::vector<lists::Signal> fresh = RandomPdqSignals(changed, 1000 + round);
    std::copy(fresh.begin(), fresh.end(), next.begin() + (round % 100) * changed);
    Must(store_->ImportEntries("bench", SourceOf(next), "bench", store::ImportMode::kReplace));
    signals_ = std::move(next);
  }

 private:
  std::vector<lists::Signal> signals_;
  std::filesystem::path dir_;
  std::optional<store::BankStore> store_;
};

BenchStore& StoreOf(size_t count) {
  static std::map<size_t, std::unique_ptr<BenchStore>> stores;
  auto& slot = stores[count];
  if (slot == nullptr) slot = std::make_unique<BenchStore>(count);
  return *slot;
}

void BM_Build(benchmark::State& state) {
  BenchStore& bench = StoreOf(size_t(state.range(0)));
  for (auto _ : state) {
    BankIndex index = Must(BankIndex::Build(bench.store()));
    benchmark::DoNotOptimize(index.pdq_size());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}

void BM_Refresh1Percent(benchmark::State& state) {
  BenchStore& bench = StoreOf(size_t(state.range(0)));
  int round = 0;
  for (auto _ : state) {
    state.PauseTiming();
    BankIndex index = Must(BankIndex::Build(bench.store()));
    bench.ChangeOnePercent(round++);
    state.ResumeTiming();
    const RefreshSummary summary = Must(index.Refresh(bench.store()));
    state.counters["added"] = double(summary.added);
    state.counters["removed"] = double(summary.removed);
    state.counters["compacted"] = summary.compacted ? 1 : 0;
  }
}

BENCHMARK(BM_Build)->Arg(100'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_Refresh1Percent)
    ->Arg(100'000)
    ->Arg(1'000'000)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(3);

}  // namespace
}  // namespace clearhost::scan

BENCHMARK_MAIN();
