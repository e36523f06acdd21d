// Hamming radius search, one run, same data: MultiIndex against the SIMD brute-force scan (and
// the scalar scan) at r=31, on uniform random hashes with half the queries planted at distance
// <= 31 of an entry. Compare the us_per_query counters between rows; FAISS peers come with the
// index file and CLI work (issue 3).
// Run: build/bench/index_bench [--benchmark_filter=...]
#include <benchmark/benchmark.h>

#include <map>
#include <random>

#include "index/multi_index.h"

namespace clearhost::index {
namespace {

Hash256 RandomHash(std::mt19937_64& rng) {
  Hash256 hash;
  for (auto& word : hash.words()) word = rng();
  return hash;
}

struct Data {
  std::vector<Hash256> entries;
  std::vector<Hash256> queries;
};

const Data& DataFor(size_t count) {
  static std::map<size_t, Data> cache;
  auto [it, inserted] = cache.try_emplace(count);
  if (inserted) {
    std::mt19937_64 rng(count);
    it->second.entries.resize(count);
    for (auto& hash : it->second.entries) hash = RandomHash(rng);
    for (int q = 0; q < 200; ++q) {
      Hash256 query = q % 2 == 0 ? it->second.entries[rng() % count] : RandomHash(rng);
      if (q % 2 == 0) {
        for (int flip = 0; flip < int(rng() % 32); ++flip) {
          const int bit = int(rng() % 256);
          query.words()[bit >> 6] ^= uint64_t{1} << (bit & 63);
        }
      }
      it->second.queries.push_back(query);
    }
  }
  return it->second;
}

void ReportPerQuery(benchmark::State& state, size_t queries) {
  state.counters["us_per_query"] =
      benchmark::Counter(double(queries) * 1e-6, benchmark::Counter::kIsIterationInvariantRate |
                                                     benchmark::Counter::kInvert);
}

void BM_MultiIndexR31(benchmark::State& state) {
  const Data& data = DataFor(size_t(state.range(0)));
  const MultiIndex index = MultiIndex::Build(data.entries).value();
  std::vector<Hit> hits;
  for (auto _ : state) {
    for (const auto& query : data.queries) {
      hits.clear();
      index.Search(query, 31, hits);
      benchmark::DoNotOptimize(hits.data());
    }
  }
  ReportPerQuery(state, data.queries.size());
  state.counters["bytes_per_hash"] = double(index.MemoryBytes()) / double(data.entries.size());
}
BENCHMARK(BM_MultiIndexR31)
    ->Arg(10'000)
    ->Arg(100'000)
    ->Arg(1'000'000)
    ->Unit(benchmark::kMillisecond);

void BM_BruteForceR31(benchmark::State& state) {
  const Data& data = DataFor(size_t(state.range(0)));
  const SimdLevel level = state.range(1) == 0 ? SimdLevel::kScalar : ActiveSimdLevel();
  state.SetLabel(std::string(SimdLevelName(level)));
  std::vector<Hit> hits;
  for (auto _ : state) {
    for (const auto& query : data.queries) {
      hits.clear();
      ScanWithinRadius(level, data.entries, query, 31, hits);
      benchmark::DoNotOptimize(hits.data());
    }
  }
  ReportPerQuery(state, data.queries.size());
}
BENCHMARK(BM_BruteForceR31)
    ->Args({10'000, 1})
    ->Args({100'000, 1})
    ->Args({1'000'000, 1})
    ->Args({1'000'000, 0})
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace clearhost::index

BENCHMARK_MAIN();
