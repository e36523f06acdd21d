// Importing PDQ entries into a bank of the SQLite store. BM_ImportFresh/N imports N random PDQ
// hashes into a new, empty bank (one transaction); BM_ReimportSame/N imports the same N again
// (every entry already live: the idempotent case); BM_SortOnly/N is the import's own work
// without SQLite (the bounded-memory sort, spilling runs past 1M entries), its floor. The
// issue's target: 10M entries in seconds, memory bounded by the sort's run size and the page
// cache (SqliteOptions::cache_kib), not by N.
// Run: build/bench/store_bench [--benchmark_filter=/1000000]; 10M: --benchmark_filter=/10000000
#include <benchmark/benchmark.h>
#include <stdlib.h>

#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "store/bank_store.h"
#include "store/sorted_signals.h"

namespace clearhost::store {
namespace {

std::vector<lists::Signal> RandomPdqSignals(size_t count) {
  std::mt19937_64 rng(count);
  std::vector<lists::Signal> signals(count);
  for (lists::Signal& signal : signals) {
    for (uint64_t& word : signal.pdq.words()) word = rng();
  }
  return signals;
}

EntrySource SourceOf(const std::vector<lists::Signal>& signals) {
  return [&signals](const EntrySink& sink) -> Status {
    for (const lists::Signal& signal : signals) CLEARHOST_RETURN_IF_ERROR(sink(signal));
    return Status();
  };
}

// A fresh directory under TMPDIR, removed by the destructor.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "store_bench.XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) std::abort();
    path_ = pattern;
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

BankStore MustOpen(const std::filesystem::path& path) {
  Result<BankStore> store = BankStore::Open(path);
  if (!store.ok()) std::abort();
  return std::move(*store);
}

void Import(benchmark::State& state, bool twice) {
  const std::vector<lists::Signal> signals = RandomPdqSignals(state.range(0));
  for (auto _ : state) {
    state.PauseTiming();
    TempDir dir;
    BankStore store = MustOpen(dir.path() / "bench.db");
    if (!store.CreateBank({.name = "bench"}, "bench").ok()) std::abort();
    if (twice &&
        !store.ImportEntries("bench", SourceOf(signals), "bench", ImportMode::kMerge).ok()) {
      std::abort();
    }
    state.ResumeTiming();
    const Result<ImportSummary> summary =
        store.ImportEntries("bench", SourceOf(signals), "bench", ImportMode::kMerge);
    if (!summary.ok()) state.SkipWithError(std::string(summary.status().message()).c_str());
    state.PauseTiming();
    {
      BankStore closing = std::move(store);  // the last connection checkpoints the WAL
    }
    state.counters["db_bytes_per_entry"] =
        double(std::filesystem::file_size(dir.path() / "bench.db")) / double(signals.size());
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}

void BM_ImportFresh(benchmark::State& state) {
  Import(state, /*twice=*/false);
}
void BM_ReimportSame(benchmark::State& state) {
  Import(state, /*twice=*/true);
}

void BM_SortOnly(benchmark::State& state) {
  const std::vector<lists::Signal> signals = RandomPdqSignals(state.range(0));
  for (auto _ : state) {
    SortedSignals sorted;
    for (const lists::Signal& signal : signals) {
      if (!sorted.Add(signal).ok()) std::abort();
    }
    size_t distinct = 0;
    if (!sorted
             .ForEach([&](const SignalKey&) {
               ++distinct;
               return Status();
             })
             .ok()) {
      std::abort();
    }
    benchmark::DoNotOptimize(distinct);
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}

BENCHMARK(BM_ImportFresh)
    ->Arg(100'000)
    ->Arg(1'000'000)
    ->Arg(10'000'000)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1);
BENCHMARK(BM_ReimportSame)
    ->Arg(100'000)
    ->Arg(1'000'000)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1);
BENCHMARK(BM_SortOnly)
    ->Arg(1'000'000)
    ->Arg(10'000'000)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1);

}  // namespace
}  // namespace clearhost::store

BENCHMARK_MAIN();
