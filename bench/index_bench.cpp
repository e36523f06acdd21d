// Exact Hamming radius search at r=31, in one run on the same data and queries: clearhost's
// MultiIndex against our own brute force and FAISS's IndexBinaryFlat and IndexBinaryMultiHash.
//
// Data (seeded, generated once per set and size, freed before the next):
//   uniform    N random 256-bit hashes;
//   clustered  N/100 random centres, each entry a random centre with 0..40 distinct bits flipped.
// Queries: 10,000 per data set; even ones are a random entry with 0..31 distinct bits flipped
// (a planted neighbour), odd ones random. Any prefix of the queries is half planted.
//
// Rows (named SET/SIZE/PEER, e.g. clustered/10M/faiss-multihash), all at r=31, one core:
//   oracle            printed as "bruteforce batch": our brute force (ScanWithinRadius, active
//                     SIMD level), cache-blocked: each 512 KiB block of entries against every
//                     query in turn, i.e. a batch pass. Its hits are the ground truth for every
//                     other row. It runs on --oracle-threads threads (default 2, each with a
//                     share of the queries) and reports CPU time summed over them per query,
//                     i.e. its one-core cost.
//   clearhost         MultiIndex::Build, then Search one query at a time; all queries.
//   bruteforce        ScanWithinRadius (active SIMD level) one query at a time.
//   bruteforce-scalar the same with the scalar kernel (sizes <= 1M).
//   faiss-flat        FAISS IndexBinaryFlat::range_search, one query per call.
//   faiss-multihash   FAISS IndexBinaryMultiHash(d=256, 16 tables of 16 bits), nflip=1, one query
//                     per call. Exact at r=31 by the pigeonhole principle (31 differing bits over
//                     16 substrings leave one substring with at most 1); the recall column checks.
// FAISS rows exist at 1M and 10M when index_bench was built with FAISS (Debian's libfaiss-dev;
// see bench/CMakeLists.txt), single-threaded (omp_set_num_threads(1)). FAISS's range_search
// keeps distances strictly below its radius, so it is given 32. Debian's libfaiss.a is built for
// baseline x86-64: its Hamming distances call libgcc's __popcountdi2, not the POPCNT instruction,
// so the FAISS rows are Debian's FAISS, not a FAISS compiled for this CPU.
// At 1M and more the per-query peers other than clearhost run the first --slow-queries queries
// (default 200, still half planted); the `queries` column says how many each row ran.
//
// Columns:
//   cpu us/q          the thread's CPU time per query (one call each), measured around the loop:
//                     the one-core cost, robust to other processes sharing the machine.
//   wall us/q, p99 wall  mean and 99th percentile of the wall time of one call (these include
//                     time the thread waited for a core).
//   vs ours           this row's CPU time / clearhost's CPU time over the same queries:
//                     > 1 means clearhost is that many times faster.
//   recall, precision hits compared with the oracle's (position and distance), over the queries
//                     the row ran; computed, never assumed.
//   build s           Build time (for brute force and FAISS Flat: copying the hashes in).
//   B/hash            resident memory the built structure adds, per hash: RSS from
//                     /proc/self/statm after Build minus before, both after malloc_trim(0). It
//                     includes the structure's own copy of the hashes (32 B/hash), not the
//                     caller's input array. peak B/hash: VmHWM during Build minus the same base.
// A scaling table (clearhost and bruteforce, 10k -> 10M) closes the run.
//
// Run:
//   build/bench/index_bench                          quick set: 10k, 100k, 1M (about 2 min)
//   build/bench/index_bench --benchmark_filter=.     full set: adds 10M (16 min on a shared
//                                                    2-core machine; the 10M oracle, FAISS
//                                                    MultiHash's build and clearhost's 10k
//                                                    queries take most of it)
//   build/bench/index_bench --benchmark_filter='uniform/10M/(clearhost|faiss)'
// --benchmark_filter (alias --filter) is a regular expression searched in the row names; a data
// set is generated only when one of its rows is selected, and its oracle always runs. Other
// --benchmark_* flags are ignored, so `./run bench ARGS` can pass Google Benchmark flags to
// every bench program. --queries=N and --slow-queries=N change the query counts.
// CLEARHOST_SIMD=scalar|avx2 lowers the SIMD level of the oracle and brute-force rows.
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <optional>
#include <random>
#include <regex>
#include <span>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "index_peers.h"

namespace clearhost::index::bench {
namespace {

constexpr int kRadius = 31;             // PDQ's match threshold
constexpr size_t kOracleBlock = 16384;  // entries: 512 KiB, half of this machine's L2

using Clock = std::chrono::steady_clock;

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// ---- Data ---------------------------------------------------------------------------------

Hash256 RandomHash(std::mt19937_64& rng) {
  Hash256 hash;
  for (auto& word : hash.words()) word = rng();
  return hash;
}

// Flips `count` distinct random bits of `hash` (so its distance to the original is `count`).
void FlipDistinctBits(Hash256& hash, int count, std::mt19937_64& rng) {
  Hash256 flipped;
  for (int done = 0; done < count;) {
    const int bit = int(rng() % Hash256::kBits);
    if (flipped.Bit(bit)) continue;
    flipped.SetBit(bit);
    ++done;
  }
  for (int w = 0; w < 4; ++w) hash.words()[w] ^= flipped.words()[w];
}

struct DataSet {
  std::string set;   // "uniform" or "clustered"
  std::string size;  // "10k", ..., "10M"
  std::vector<Hash256> entries;
  std::vector<Hash256> queries;
};

DataSet MakeDataSet(const std::string& set, const std::string& size_name, size_t size,
                    size_t query_count) {
  const bool clustered = set == "clustered";
  std::mt19937_64 rng(size * 2 + (clustered ? 1 : 0));
  DataSet data{set, size_name, std::vector<Hash256>(size), {}};
  if (clustered) {
    std::vector<Hash256> centres(std::max<size_t>(1, size / 100));
    for (auto& centre : centres) centre = RandomHash(rng);
    for (auto& entry : data.entries) {
      entry = centres[rng() % centres.size()];
      FlipDistinctBits(entry, int(rng() % 41), rng);
    }
  } else {
    for (auto& entry : data.entries) entry = RandomHash(rng);
  }
  data.queries.resize(query_count);
  for (size_t q = 0; q < query_count; ++q) {
    if (q % 2 == 0) {
      data.queries[q] = data.entries[rng() % size];
      FlipDistinctBits(data.queries[q], int(rng() % (kRadius + 1)), rng);
    } else {
      data.queries[q] = RandomHash(rng);
    }
  }
  return data;
}

// ---- Memory -------------------------------------------------------------------------------

// Returns freed heap pages to the system so that RSS deltas count live memory only.
void TrimHeap() {
#if defined(__GLIBC__)
  malloc_trim(0);
#endif
}

size_t ResidentBytes() {
  std::ifstream statm("/proc/self/statm");
  size_t total_pages = 0, resident_pages = 0;
  statm >> total_pages >> resident_pages;
  return resident_pages * size_t(sysconf(_SC_PAGESIZE));
}

// Resets the peak RSS (VmHWM) to the current RSS (Linux >= 4.0).
void ResetPeakResident() {
  std::ofstream("/proc/self/clear_refs") << "5";
}

size_t PeakResidentBytes() {
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("VmHWM:", 0) == 0)
      return size_t(std::strtoull(line.c_str() + 6, nullptr, 10)) * 1024;
  }
  return 0;
}

// ---- Measurement --------------------------------------------------------------------------

struct Row {
  std::string name;  // SET/SIZE/PEER
  std::string label;
  size_t queries = 0;
  double cpu_us = 0, wall_us = 0, p99_wall_us = 0, versus_ours = 0;  // per query
  double recall = 1, precision = 1;
  double build_seconds = 0, bytes_per_hash = 0, peak_bytes_per_hash = 0;
  bool is_oracle = false;
};

bool ByPosition(const Hit& a, const Hit& b) {
  return a.position < b.position;
}

// Sets recall and precision of `found` (sorted by position) against `truth` for the first
// found.size() queries. A hit counts when its position and distance equal the oracle's.
void Score(const std::vector<Hits>& found, const std::vector<Hits>& truth, Row& row) {
  size_t true_hits = 0, found_hits = 0, correct = 0;
  for (size_t q = 0; q < found.size(); ++q) {
    true_hits += truth[q].size();
    found_hits += found[q].size();
    auto t = truth[q].begin();
    for (const Hit& hit : found[q]) {
      t = std::lower_bound(t, truth[q].end(), hit, ByPosition);
      if (t != truth[q].end() && *t == hit) ++correct;
    }
  }
  row.recall = true_hits == 0 ? 1.0 : double(correct) / double(true_hits);
  row.precision = found_hits == 0 ? 1.0 : double(correct) / double(found_hits);
}

double ThreadCpuSeconds() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return double(now.tv_sec) + double(now.tv_nsec) * 1e-9;
}

// Ground truth: our brute force, queries [first, last) against each cache-sized block of
// entries in turn. Returns the thread's CPU seconds.
double ScanBlocked(const DataSet& data, size_t first, size_t last, std::vector<Hits>& truth) {
  const double cpu_start = ThreadCpuSeconds();
  const std::span<const Hash256> entries = data.entries;
  const SimdLevel level = ActiveSimdLevel();
  Hits block_hits;
  for (size_t begin = 0; begin < entries.size(); begin += kOracleBlock) {
    const auto block = entries.subspan(begin, std::min(kOracleBlock, entries.size() - begin));
    for (size_t q = first; q < last; ++q) {
      block_hits.clear();
      ScanWithinRadius(level, block, data.queries[q], kRadius, block_hits);
      for (const Hit& hit : block_hits) {
        truth[q].push_back({uint32_t(begin + hit.position), hit.distance});
      }
    }
  }
  return ThreadCpuSeconds() - cpu_start;
}

// The oracle on `threads` threads, each with its share of the queries (the truth is the same
// for any count). Its time is CPU time summed over the threads, i.e. the one-core cost.
std::vector<Hits> RunOracle(const DataSet& data, int threads, Row& row) {
  std::vector<Hits> truth(data.queries.size());
  std::vector<double> cpu_seconds(size_t(threads), 0);
  std::vector<std::thread> workers;
  const size_t share = (data.queries.size() + size_t(threads) - 1) / size_t(threads);
  for (int t = 0; t < threads; ++t) {
    const size_t first = std::min(data.queries.size(), size_t(t) * share);
    const size_t last = std::min(data.queries.size(), first + share);
    workers.emplace_back(
        [&, t, first, last] { cpu_seconds[size_t(t)] = ScanBlocked(data, first, last, truth); });
  }
  for (std::thread& worker : workers) worker.join();
  double total = 0;
  for (double seconds : cpu_seconds) total += seconds;
  row.queries = data.queries.size();
  row.cpu_us = total * 1e6 / double(row.queries);
  row.is_oracle = true;
  return truth;
}

// CPU seconds a row spent on its first `checkpoint` queries and on all `count` it ran.
struct CpuTimes {
  size_t checkpoint = 0, count = 0;
  double at_checkpoint = 0, total = 0;

  // The CPU seconds of the first n queries, or 0 when not measured.
  double For(size_t n) const { return n == count ? total : n == checkpoint ? at_checkpoint : 0; }
};

// Builds `peer` over the data set, runs the first `query_count` queries one call each, scores.
std::pair<Row, CpuTimes> Measure(Peer& peer, const DataSet& data, size_t query_count,
                                 size_t checkpoint, const std::vector<Hits>& truth, Row row) {
  TrimHeap();
  const size_t resident_before = ResidentBytes();
  ResetPeakResident();
  const auto build_start = Clock::now();
  peer.Build(data.entries);
  row.build_seconds = SecondsSince(build_start);
  const size_t peak = PeakResidentBytes();
  TrimHeap();
  const size_t resident_after = ResidentBytes();
  const double hashes = double(data.entries.size());
  row.bytes_per_hash = (double(resident_after) - double(resident_before)) / hashes;
  row.peak_bytes_per_hash =
      peak > resident_before ? (double(peak) - double(resident_before)) / hashes : 0;

  std::vector<Hits> found(query_count);
  std::vector<double> micros(query_count);
  CpuTimes cpu{checkpoint, query_count};
  Hits hits;
  const double cpu_start = ThreadCpuSeconds();
  for (size_t q = 0; q < query_count; ++q) {
    hits.clear();
    const auto start = Clock::now();
    peer.Search(data.queries[q], kRadius, hits);
    micros[q] = SecondsSince(start) * 1e6;
    std::sort(hits.begin(), hits.end(), ByPosition);
    found[q] = hits;
    if (q + 1 == checkpoint) cpu.at_checkpoint = ThreadCpuSeconds() - cpu_start;
  }
  cpu.total = ThreadCpuSeconds() - cpu_start;
  row.queries = query_count;
  Score(found, truth, row);
  row.cpu_us = cpu.total * 1e6 / double(query_count);
  double total = 0;
  for (double us : micros) total += us;
  row.wall_us = total / double(query_count);
  std::sort(micros.begin(), micros.end());
  row.p99_wall_us = micros[std::min(micros.size() - 1, size_t(double(micros.size()) * 0.99))];
  return {row, cpu};
}

// ---- Driver -------------------------------------------------------------------------------

struct Options {
  std::regex filter{"/(10k|100k|1M)/"};
  size_t queries = 10'000;
  size_t slow_queries = 200;
  int oracle_threads = 2;
};

// "12.34" or "-" when there is nothing to divide.
std::string Ratio(double numerator, double denominator) {
  if (numerator <= 0 || denominator <= 0) return "-";
  char text[32];
  std::snprintf(text, sizeof(text), "%.2f", numerator / denominator);
  return text;
}

void PrintHeader(const DataSet& data) {
  std::printf("\n== %s, %s hashes, %zu queries (%zu planted within %d), r = %d\n", data.set.c_str(),
              data.size.c_str(), data.queries.size(), (data.queries.size() + 1) / 2, kRadius,
              kRadius);
  std::printf("%-20s %7s %10s %10s %10s %8s %9s %10s %8s %8s %11s\n", "peer", "queries", "cpu us/q",
              "wall us/q", "p99 wall", "vs ours", "recall", "precision", "build s", "B/hash",
              "peak B/hash");
}

void PrintRow(const Row& row) {
  if (row.is_oracle) {
    std::printf("%-20s %7zu %10.1f %10s %10s %8s %9s %10s %8s %8s %11s\n", row.label.c_str(),
                row.queries, row.cpu_us, "-", "-", Ratio(row.versus_ours, 1).c_str(), "oracle",
                "oracle", "-", "-", "-");
    return;
  }
  std::printf("%-20s %7zu %10.1f %10.1f %10.1f %8s %8.3f%% %9.3f%% %8.2f %8.1f %11.1f\n",
              row.label.c_str(), row.queries, row.cpu_us, row.wall_us, row.p99_wall_us,
              Ratio(row.versus_ours, 1).c_str(), row.recall * 100, row.precision * 100,
              row.build_seconds, row.bytes_per_hash, row.peak_bytes_per_hash);
  std::fflush(stdout);
}

struct PeerSpec {
  std::string peer;   // in the row name
  std::string label;  // printed
  bool slow;          // runs the first slow_queries queries at >= 1M
  std::unique_ptr<Peer> (*make)();
};

std::vector<PeerSpec> PeersFor(size_t size) {
  std::vector<PeerSpec> peers;
  peers.push_back({"clearhost", "clearhost", false,
                   []() -> std::unique_ptr<Peer> { return std::make_unique<ClearhostPeer>(); }});
  peers.push_back({"bruteforce", "bruteforce " + std::string(SimdLevelName(ActiveSimdLevel())),
                   true, []() -> std::unique_ptr<Peer> {
                     return std::make_unique<BruteForcePeer>(ActiveSimdLevel());
                   }});
  if (size <= 1'000'000 && ActiveSimdLevel() != SimdLevel::kScalar) {
    peers.push_back({"bruteforce-scalar", "bruteforce scalar", true, []() -> std::unique_ptr<Peer> {
                       return std::make_unique<BruteForcePeer>(SimdLevel::kScalar);
                     }});
  }
#ifdef CLEARHOST_BENCH_HAVE_FAISS
  if (size >= 1'000'000) {
    peers.push_back({"faiss-flat", "FAISS BinaryFlat", true,
                     []() -> std::unique_ptr<Peer> { return std::make_unique<FaissFlatPeer>(); }});
    peers.push_back(
        {"faiss-multihash", "FAISS MultiHash16x16", true,
         []() -> std::unique_ptr<Peer> { return std::make_unique<FaissMultiHashPeer>(); }});
  }
#endif
  return peers;
}

// Runs every selected row of one data set; returns the rows.
std::vector<Row> RunDataSet(const DataSet& data, const Options& options) {
  const std::string prefix = data.set + "/" + data.size + "/";
  const size_t size = data.entries.size();
  PrintHeader(data);
  Row oracle{prefix + "oracle", "bruteforce batch"};
  const std::vector<Hits> truth = RunOracle(data, options.oracle_threads, oracle);
  std::vector<Row> rows;
  CpuTimes ours;
  bool subset_used = false;
  for (const PeerSpec& spec : PeersFor(size)) {
    Row row{prefix + spec.peer, spec.label};
    if (!std::regex_search(row.name, options.filter)) continue;
    const size_t query_count = spec.slow && size >= 1'000'000
                                   ? std::min(options.slow_queries, data.queries.size())
                                   : data.queries.size();
    subset_used |= query_count < data.queries.size();
    std::unique_ptr<Peer> peer = spec.make();
    const size_t checkpoint = std::min(options.slow_queries, query_count);
    auto [measured, cpu] = Measure(*peer, data, query_count, checkpoint, truth, row);
    row = measured;
    peer.reset();
    if (spec.peer == "clearhost") ours = cpu;
    if (ours.For(query_count) > 0) row.versus_ours = cpu.total / ours.For(query_count);
    PrintRow(row);
    rows.push_back(row);
  }
  // Printed last so that it can be compared with clearhost over all queries.
  if (ours.For(oracle.queries) > 0) {
    oracle.versus_ours = oracle.cpu_us * double(oracle.queries) * 1e-6 / ours.For(oracle.queries);
  }
  PrintRow(oracle);
  rows.push_back(oracle);
  if (subset_used) {
    std::printf(
        "(rows with fewer queries ran the first ones, half planted; their recall, "
        "precision and 'vs ours' are over those queries)\n");
  }
  return rows;
}

void PrintScaling(const std::vector<Row>& rows) {
  if (std::none_of(rows.begin(), rows.end(),
                   [](const Row& row) { return row.name.ends_with("/clearhost"); })) {
    return;
  }
  std::printf(
      "\n== Scaling, r = %d: clearhost MultiIndex against bruteforce (%s), CPU us per query, "
      "one query per call\n   (bruteforce over its first --slow-queries queries at >= 1M)\n",
      kRadius, std::string(SimdLevelName(ActiveSimdLevel())).c_str());
  std::printf("%-10s %6s %14s %8s %15s %10s %8s %8s\n", "set", "size", "clearhost us/q", "x prev",
              "bruteforce us/q", "bf / ours", "build s", "B/hash");
  for (const std::string set : {"uniform", "clustered"}) {
    const Row* previous = nullptr;
    for (const Row& row : rows) {
      if (!row.name.starts_with(set + "/") || !row.name.ends_with("/clearhost")) continue;
      const std::string prefix = row.name.substr(0, row.name.rfind('/') + 1);
      const std::string size = prefix.substr(set.size() + 1, prefix.size() - set.size() - 2);
      double brute = 0;
      for (const Row& other : rows) {
        if (other.name == prefix + "bruteforce") brute = other.cpu_us;
      }
      std::printf("%-10s %6s %14.1f %8s %15.1f %10s %8.2f %8.1f\n", set.c_str(), size.c_str(),
                  row.cpu_us, Ratio(row.cpu_us, previous ? previous->cpu_us : 0).c_str(), brute,
                  Ratio(brute, row.cpu_us).c_str(), row.build_seconds, row.bytes_per_hash);
      previous = &row;
    }
  }
}

int Main(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    auto value = [&](std::string_view flag) -> std::optional<std::string> {
      if (arg.rfind(flag, 0) == 0 && arg.size() > flag.size() && arg[flag.size()] == '=') {
        return std::string(arg.substr(flag.size() + 1));
      }
      return std::nullopt;
    };
    if (auto filter = value("--benchmark_filter"); filter) {
      options.filter = std::regex(*filter);
    } else if (auto filter = value("--filter"); filter) {
      options.filter = std::regex(*filter);
    } else if (auto count = value("--queries"); count) {
      options.queries = std::max<size_t>(2, std::strtoull(count->c_str(), nullptr, 10));
    } else if (auto count = value("--slow-queries"); count) {
      options.slow_queries = std::max<size_t>(2, std::strtoull(count->c_str(), nullptr, 10));
    } else if (auto count = value("--oracle-threads"); count) {
      options.oracle_threads = std::clamp(std::atoi(count->c_str()), 1, 64);
    } else if (arg.rfind("--benchmark_", 0) == 0) {
      std::fprintf(stderr, "index_bench: ignoring %s\n", argv[i]);
    } else {
      std::fprintf(
          stderr,
          "usage: index_bench [--benchmark_filter=REGEX] [--queries=N] "
          "[--slow-queries=N] [--oracle-threads=N]\n  (see the top of bench/index_bench.cpp)\n");
      return 2;
    }
  }
  const auto run_start = Clock::now();
  std::printf("index_bench: exact radius search, r = %d, one thread; brute force at %s\n", kRadius,
              std::string(SimdLevelName(ActiveSimdLevel())).c_str());
#ifdef CLEARHOST_BENCH_HAVE_FAISS
  std::printf(
      "%s peers: IndexBinaryFlat, IndexBinaryMultiHash (16 x 16 bits, nflip 1), "
      "single-threaded, at 1M and 10M\n",
      ConfigureFaiss().c_str());
#else
  std::printf(
      "FAISS peers skipped: index_bench was built without FAISS (install libfaiss-dev "
      "libblas-dev liblapack-dev and reconfigure)\n");
#endif
  const std::pair<const char*, size_t> sizes[] = {
      {"10k", 10'000}, {"100k", 100'000}, {"1M", 1'000'000}, {"10M", 10'000'000}};
  std::vector<Row> rows;
  for (const auto& [size_name, size] : sizes) {
    for (const std::string set : {"uniform", "clustered"}) {
      bool selected = false;
      for (const PeerSpec& spec : PeersFor(size)) {
        selected |= std::regex_search(set + "/" + size_name + "/" + spec.peer, options.filter);
      }
      if (!selected) continue;
      const auto start = Clock::now();
      const DataSet data = MakeDataSet(set, size_name, size, options.queries);
      std::printf("\n(%s %s generated in %.1f s)", set.c_str(), size_name, SecondsSince(start));
      for (Row& row : RunDataSet(data, options)) rows.push_back(std::move(row));
      std::printf("(%s %s: %.0f s, %.0f s since the start)\n", set.c_str(), size_name,
                  SecondsSince(start), SecondsSince(run_start));
    }
  }
  if (rows.empty()) {
    std::printf("no rows match the filter\n");
    return 0;
  }
  PrintScaling(rows);
  std::printf("\nindex_bench: %.0f s in all\n", SecondsSince(run_start));
  return 0;
}

}  // namespace
}  // namespace clearhost::index::bench

int main(int argc, char** argv) {
  return clearhost::index::bench::Main(argc, argv);
}
