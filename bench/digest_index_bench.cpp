// Exact digest lookup, one run, same data: DigestIndex against std::unordered_map<std::string,
// uint64_t> (the obvious peer) over random SHA-256 digests, 10k entries (fits in cache) and 1M
// (does not), each queried with 1M digests that alternate between an entry and a random digest.
// Read the ns_per_lookup counters as a ratio between the two rows of one size, never as absolute
// times; on a shared machine take several repetitions (--benchmark_repetitions=10) and compare
// minimums. bytes_per_entry is DigestIndex's whole footprint (digest, id and slots); the map
// costs about 112 with glibc malloc. Both rows check that exactly half the queries were found.
// Run: build/bench/digest_index_bench [--benchmark_filter=...]
#include <benchmark/benchmark.h>

#include <algorithm>
#include <map>
#include <random>
#include <string>
#include <unordered_map>

#include "index/digest_index.h"

namespace clearhost::index {
namespace {

constexpr size_t kQueries = 1'000'000;
constexpr size_t kDigestSize = 32;

struct Data {
  std::vector<uint8_t> digests;  // entries back to back
  std::vector<uint64_t> ids;
  std::vector<uint8_t> queries;  // kQueries back to back, every other one an entry
};

const Data& DataFor(size_t entries) {
  static std::map<size_t, Data> cache;
  auto [it, inserted] = cache.try_emplace(entries);
  if (inserted) {
    std::mt19937_64 rng(entries);
    Data& made = it->second;
    made.digests.resize(entries * kDigestSize);
    for (auto& byte : made.digests) byte = uint8_t(rng());
    made.ids.resize(entries);
    for (auto& id : made.ids) id = rng();
    made.queries.resize(kQueries * kDigestSize);
    for (size_t query = 0; query < kQueries; ++query) {
      uint8_t* out = made.queries.data() + query * kDigestSize;
      if (query % 2 == 0) {
        const uint8_t* entry = made.digests.data() + rng() % entries * kDigestSize;
        std::copy(entry, entry + kDigestSize, out);
      } else {
        for (size_t k = 0; k < kDigestSize; ++k) out[k] = uint8_t(rng());
      }
    }
  }
  return it->second;
}

void ReportPerLookup(benchmark::State& state, size_t found) {
  if (found != kQueries / 2) state.SkipWithError("wrong number of queries found");
  state.counters["ns_per_lookup"] =
      benchmark::Counter(double(kQueries) * 1e-9, benchmark::Counter::kIsIterationInvariantRate |
                                                      benchmark::Counter::kInvert);
}

void BM_DigestIndexFind(benchmark::State& state) {
  const size_t entries = size_t(state.range(0));
  const Data& data = DataFor(entries);
  const DigestIndex index =
      DigestIndex::Build(DigestType::kSha256, data.digests, data.ids, /*seed=*/7).value();
  const std::span<const uint8_t> queries(data.queries);
  std::vector<uint64_t> ids;
  size_t found = 0;
  for (auto _ : state) {
    found = 0;
    for (size_t query = 0; query < kQueries; ++query) {
      ids.clear();
      index.Find(queries.subspan(query * kDigestSize, kDigestSize), ids);
      found += ids.size();
    }
    benchmark::DoNotOptimize(found);
  }
  ReportPerLookup(state, found);
  state.counters["bytes_per_entry"] =
      double(data.digests.size() + data.ids.size() * 8 + index.arrays().slots.size() * 4) /
      double(entries);
}
BENCHMARK(BM_DigestIndexFind)->Arg(10'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond);

void BM_UnorderedMapFind(benchmark::State& state) {
  const size_t entries = size_t(state.range(0));
  const Data& data = DataFor(entries);
  std::unordered_map<std::string, uint64_t> map;
  map.reserve(entries);
  for (size_t entry = 0; entry < entries; ++entry) {
    const char* digest = reinterpret_cast<const char*>(data.digests.data()) + entry * kDigestSize;
    map.emplace(std::string(digest, kDigestSize), data.ids[entry]);
  }
  // Keys made before timing, so the loop measures lookups, not string construction.
  std::vector<std::string> queries(kQueries);
  for (size_t query = 0; query < kQueries; ++query) {
    const char* digest = reinterpret_cast<const char*>(data.queries.data()) + query * kDigestSize;
    queries[query].assign(digest, kDigestSize);
  }
  size_t found = 0;
  for (auto _ : state) {
    found = 0;
    for (const std::string& query : queries) found += map.count(query);
    benchmark::DoNotOptimize(found);
  }
  ReportPerLookup(state, found);
}
BENCHMARK(BM_UnorderedMapFind)->Arg(10'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace clearhost::index

BENCHMARK_MAIN();
