// Longest-prefix match: PrefixTable (sorted disjoint ranges, binary search) against a
// brute-force linear scan over the same prefixes, IPv4 and IPv6, and against a MaxMind ASN
// database of the same IPv4 prefixes read through libmaxminddb (Mmdb: MmdbDatabase::Lookup,
// the tree walk plus reading the AS number), in the same run. Compare the items_per_second of
// Lookup/... with BruteForce/... and Mmdb/... (lookups per second); Lookup's and Mmdb's batch
// is 1M addresses, so their time per iteration is the time for 1M lookups.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <random>
#include <vector>

#include "mmdb_synth.h"
#include "picture_synth.h"
#include "stats/mmdb_database.h"
#include "core/prefix_table.h"

namespace {

using clearhost::PrefixTable;

template <typename Address>
struct Prefix {
  Address start;
  int length;
};

template <typename Address>
Address HostMask(int length) {
  constexpr int kBits = sizeof(Address) * 8;
  if (length == 0) return static_cast<Address>(~Address{0});
  if (length == kBits) return 0;
  return static_cast<Address>((Address{1} << (kBits - length)) - 1);
}

template <typename Address>
Address RandomAddress(std::mt19937_64& rng) {
  if constexpr (sizeof(Address) == 4) {
    return static_cast<Address>(rng());
  } else {
    const Address high = rng();
    return static_cast<Address>((high << 64) | rng());
  }
}

// Routing-table-like lengths: mostly /16../24 for IPv4 and /32../48 for IPv6, nested.
template <typename Address>
std::vector<Prefix<Address>> MakePrefixes(size_t count) {
  std::mt19937_64 rng(7);
  const int low = sizeof(Address) == 4 ? 8 : 19;
  const int high = sizeof(Address) == 4 ? 24 : 48;
  std::vector<Prefix<Address>> prefixes;
  for (size_t i = 0; i < count; ++i) {
    const int length = low + int(rng() % (high - low + 1));
    prefixes.push_back(
        {static_cast<Address>(RandomAddress<Address>(rng) & ~HostMask<Address>(length)), length});
  }
  return prefixes;
}

template <typename Address>
std::vector<Address> MakeQueries(const std::vector<Prefix<Address>>& prefixes, size_t count) {
  std::mt19937_64 rng(11);
  std::vector<Address> queries;
  for (size_t i = 0; i < count; ++i) {
    // Half inside a known prefix, half anywhere.
    const auto& prefix = prefixes[rng() % prefixes.size()];
    queries.push_back(i % 2 == 0
                          ? static_cast<Address>(prefix.start | (RandomAddress<Address>(rng) &
                                                                 HostMask<Address>(prefix.length)))
                          : RandomAddress<Address>(rng));
  }
  return queries;
}

template <typename Address>
void Lookup(benchmark::State& state) {
  const auto prefixes = MakePrefixes<Address>(size_t(state.range(0)));
  typename PrefixTable<Address>::Builder builder;
  for (size_t i = 0; i < prefixes.size(); ++i) {
    builder.Add(prefixes[i].start, prefixes[i].length, uint32_t(i));
  }
  const PrefixTable<Address> table = builder.Build();
  const auto queries = MakeQueries(prefixes, 1'000'000);
  for (auto _ : state) {
    uint64_t found = 0;
    for (const Address query : queries) found += table.Lookup(query);
    benchmark::DoNotOptimize(found);
  }
  state.SetItemsProcessed(int64_t(state.iterations()) * int64_t(queries.size()));
  state.counters["ranges"] = double(table.ranges());
}

template <typename Address>
void BruteForce(benchmark::State& state) {
  const auto prefixes = MakePrefixes<Address>(size_t(state.range(0)));
  const auto queries = MakeQueries(prefixes, 200);
  for (auto _ : state) {
    uint64_t found = 0;
    for (const Address query : queries) {
      int best_length = -1;
      uint32_t best = PrefixTable<Address>::kNoValue;
      for (size_t i = 0; i < prefixes.size(); ++i) {
        const auto& prefix = prefixes[i];
        if (prefix.length > best_length &&
            (query & ~HostMask<Address>(prefix.length)) == prefix.start) {
          best_length = prefix.length;
          best = uint32_t(i);
        }
      }
      found += best;
    }
    benchmark::DoNotOptimize(found);
  }
  state.SetItemsProcessed(int64_t(state.iterations()) * int64_t(queries.size()));
}

void Mmdb(benchmark::State& state) {
  const auto prefixes = MakePrefixes<uint32_t>(size_t(state.range(0)));
  clearhost::synth::MmdbWriter writer(4, "GeoLite2-ASN");
  for (size_t i = 0; i < prefixes.size(); ++i) {
    writer.AddV4(prefixes[i].start, prefixes[i].length,
                 clearhost::synth::AsnRecord(uint32_t(i + 1), ""));
  }
  const std::filesystem::path path =
      std::filesystem::temp_directory_path() / "clearhost_stats_bench.mmdb";
  clearhost::synth::WriteBytes(path, writer.Build());
  auto database = clearhost::stats::MmdbDatabase::Open(path);
  std::filesystem::remove(path);  // mapped: the mapping outlives the name
  if (!database.ok()) {
    state.SkipWithError(std::string(database.status().message()).c_str());
    return;
  }
  const auto queries = MakeQueries(prefixes, 1'000'000);
  for (auto _ : state) {
    uint64_t found = 0;
    for (const uint32_t query : queries) {
      const auto match = (*database)->Lookup(clearhost::IpAddress{false, query});
      if (match.ok() && match->has_value()) found += (*match)->asn;
    }
    benchmark::DoNotOptimize(found);
  }
  state.SetItemsProcessed(int64_t(state.iterations()) * int64_t(queries.size()));
}

BENCHMARK_TEMPLATE(Lookup, uint32_t)
    ->Arg(10'000)
    ->Arg(100'000)
    ->Arg(1'000'000)
    ->Unit(benchmark::kMillisecond);
// 100k prefixes: the synthetic writer's 24-bit records address at most 16M nodes and bytes.
BENCHMARK(Mmdb)->Arg(10'000)->Arg(100'000)->Unit(benchmark::kMillisecond);
BENCHMARK_TEMPLATE(BruteForce, uint32_t)
    ->Arg(10'000)
    ->Arg(1'000'000)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_TEMPLATE(Lookup, unsigned __int128)
    ->Arg(10'000)
    ->Arg(100'000)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_TEMPLATE(BruteForce, unsigned __int128)
    ->Arg(10'000)
    ->Arg(100'000)
    ->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
