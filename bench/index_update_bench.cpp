// Updating the PDQ index against rebuilding it, one run, same data: BM_FullBuild/N builds a
// HammingIndex over N random hashes; BM_OnePercentUpdate/N removes 1% of the entries and adds
// 1% new ones in one Update() (alternating with the reverse update, so every iteration is the
// same size); BM_Compact/N folds such a delta back into a new base. The target: the
// update takes < 5% of the full build's time.
// Run: build/bench/index_update_bench [--benchmark_filter=/10000000]
#include <benchmark/benchmark.h>

#include <map>
#include <random>

#include "index/hamming_index.h"

namespace clearhost::index {
namespace {

struct Data {
  std::vector<Hash256> hashes;
  std::vector<uint64_t> ids;
  std::vector<Hash256> added;  // 1% new entries
  std::vector<uint64_t> added_ids;
  std::vector<uint64_t> removed;  // 1% of the ids
};

Hash256 RandomHash(std::mt19937_64& rng) {
  Hash256 hash;
  for (auto& word : hash.words()) word = rng();
  return hash;
}

const Data& DataFor(size_t count) {
  static std::map<size_t, Data> cache;
  auto [it, inserted] = cache.try_emplace(count);
  Data& data = it->second;
  if (inserted) {
    std::mt19937_64 rng(count);
    for (size_t k = 0; k < count; ++k) {
      data.hashes.push_back(RandomHash(rng));
      data.ids.push_back(k * 2);
    }
    for (size_t k = 0; k < count / 100; ++k) {
      data.added.push_back(RandomHash(rng));
      data.added_ids.push_back(k * 2 + 1);
      data.removed.push_back(data.ids[rng() % count]);
    }
    std::sort(data.removed.begin(), data.removed.end());
    data.removed.erase(std::unique(data.removed.begin(), data.removed.end()), data.removed.end());
  }
  return data;
}

// Alternates a 1% update with its reverse (the removed entries back with their hashes and ids,
// the added ones removed), so every call changes the same number of entries.
class UpdateToggle {
 public:
  explicit UpdateToggle(const Data& data) : data_(data) {
    for (const uint64_t id : data.removed) removed_hashes_.push_back(data.hashes[id / 2]);
  }
  Status Next(HammingIndex& index) {
    forward_ = !forward_;
    return forward_ ? index.Update(data_.added, data_.added_ids, data_.removed)
                    : index.Update(removed_hashes_, data_.removed, data_.added_ids);
  }

 private:
  const Data& data_;
  std::vector<Hash256> removed_hashes_;
  bool forward_ = false;
};

void BM_FullBuild(benchmark::State& state) {
  const Data& data = DataFor(size_t(state.range(0)));
  for (auto _ : state) {
    auto index = HammingIndex::Build(data.hashes, data.ids, {}).value();
    benchmark::DoNotOptimize(index.get());
  }
}

void BM_OnePercentUpdate(benchmark::State& state) {
  const Data& data = DataFor(size_t(state.range(0)));
  auto index = HammingIndex::Build(data.hashes, data.ids, {}).value();
  UpdateToggle toggle(data);
  for (auto _ : state) {
    const Status status = toggle.Next(*index);
    if (!status.ok()) state.SkipWithError(std::string(status.message()).c_str());
  }
  state.counters["changed_entries"] = double(data.added.size() + data.removed.size());
}

void BM_Compact(benchmark::State& state) {
  const Data& data = DataFor(size_t(state.range(0)));
  auto index = HammingIndex::Build(data.hashes, data.ids, {}).value();
  UpdateToggle toggle(data);
  for (auto _ : state) {
    state.PauseTiming();
    const Status status = toggle.Next(*index);
    if (!status.ok()) state.SkipWithError(std::string(status.message()).c_str());
    state.ResumeTiming();
    if (!index->Compact().ok()) state.SkipWithError("compaction failed");
  }
}

BENCHMARK(BM_FullBuild)->Arg(1'000'000)->Arg(10'000'000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_OnePercentUpdate)->Arg(1'000'000)->Arg(10'000'000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Compact)->Arg(1'000'000)->Arg(10'000'000)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace clearhost::index

BENCHMARK_MAIN();
