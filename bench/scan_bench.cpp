// The scanner's pipeline against its own floor. A tree of N generated JPEG pictures (plus one
// archive per 100 files holding ten more) is built once per size under TMPDIR.
//   BM_PerFileSum/N      every file through FileScanner::ScanFile on one thread, one after the
//                        other: the sum of the per-file read+decode+hash costs (CPU time);
//   BM_Scan/N/jobs:J     the whole `clearhost scan` engine (walk, pipeline, match, report to a
//                        file) with J workers, real time. The target: with J = cores,
//                        real time within 10% of PerFileSum / cores;
//   BM_FirstScan/N       a scan with a fresh --state (everything read, hashed, recorded);
//   BM_Rescan/N          the same tree scanned again with that state: nothing read or decoded.
// Counters: files/s and MB/s (file bytes). Run: build/bench/scan_bench (about two minutes: it
// builds a 10k- and a 100k-file tree first); one size: --benchmark_filter='/10000/|files:10000/'.
#include <benchmark/benchmark.h>
#include <stdlib.h>

#include <filesystem>
#include <map>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "archive_synth.h"
#include "picture_synth.h"
#include "scan/scanner.h"
#include "scan/tree_walker.h"

namespace clearhost::scan {
namespace {

namespace fs = std::filesystem;

struct Tree {
  fs::path root;
  std::vector<std::string> files;
  uint64_t bytes = 0;
};

// The tree of `count` files, built on first use and removed at exit.
const Tree& TreeOf(int count) {
  static std::map<int, Tree> trees;
  static struct Cleanup {
    ~Cleanup() {
      for (const auto& [count, tree] : trees) fs::remove_all(tree.root);
    }
  } cleanup;
  auto found = trees.find(count);
  if (found != trees.end()) return found->second;
  Tree tree;
  std::string pattern = (fs::temp_directory_path() / "scan_bench.XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) std::abort();
  tree.root = pattern;
  // A few distinct pictures, written many times: the decode cost per file is what matters.
  std::vector<std::vector<uint8_t>> pictures;
  for (uint32_t seed = 0; seed < 16; ++seed) {
    pictures.push_back(synth::EncodeJpeg(synth::MakePicture(400, 300, seed), 85, false));
  }
  for (int k = 0; k < count; ++k) {
    const fs::path dir = tree.root / absl::StrCat("d", k / 500);
    fs::create_directories(dir);
    const fs::path path = dir / absl::StrCat("f", k, ".jpg");
    if (k % 100 == 99) {
      std::vector<synth::ArchiveMember> members;
      for (int m = 0; m < 10; ++m)
        members.push_back({absl::StrCat("m", m, ".jpg"), pictures[size_t(m)]});
      synth::WriteBytes(absl::StrCat(path.string(), ".zip"),
                        synth::MakeArchive(synth::ArchiveFormat::kZip, members));
      continue;
    }
    synth::WriteBytes(path, pictures[size_t(k) % pictures.size()]);
  }
  TreeWalker walker({tree.root.string()}, {});
  while (auto walked = walker.Next()) {
    tree.files.push_back(walked->path);
    tree.bytes += walked->identity.size;
  }
  return trees.emplace(count, std::move(tree)).first->second;
}

// Matches nothing: an empty index, so the matcher's cost is the lookups themselves.
std::unique_ptr<ItemMatcher> EmptyMatcher() {
  index::IndexSet indexes;
  indexes.pdq = std::move(
      index::HammingIndex::FromBase(index::MultiIndex::Build({}, {}).value(), {}, nullptr, {})
          .value());
  return MakeIndexItemMatcher(std::move(indexes), 31, 50);
}

void SetCounters(benchmark::State& state, const Tree& tree) {
  state.counters["files/s"] = benchmark::Counter(double(tree.files.size()) * state.iterations(),
                                                 benchmark::Counter::kIsRate);
  state.counters["MB/s"] = benchmark::Counter(double(tree.bytes) / 1e6 * state.iterations(),
                                              benchmark::Counter::kIsRate);
}

void BM_PerFileSum(benchmark::State& state) {
  const Tree& tree = TreeOf(int(state.range(0)));
  FileScanner scanner({});
  for (auto _ : state) {
    for (const std::string& file : tree.files) benchmark::DoNotOptimize(scanner.ScanFile(file));
  }
  SetCounters(state, tree);
}

ScanOptions OptionsFor(const Tree& tree, int jobs, const fs::path& output) {
  ScanOptions options;
  options.roots = {tree.root.string()};
  options.jobs = jobs;
  options.output = output;
  return options;
}

void BM_Scan(benchmark::State& state) {
  const Tree& tree = TreeOf(int(state.range(0)));
  const auto matcher = EmptyMatcher();
  const fs::path output = absl::StrCat(tree.root.string(), ".report");
  for (auto _ : state) {
    const auto result = RunScan(OptionsFor(tree, int(state.range(1)), output), *matcher);
    if (!result.ok() || result->counts.files != tree.files.size()) std::abort();
  }
  fs::remove(output);
  SetCounters(state, tree);
}

void ScanWithState(benchmark::State& state, bool rescan) {
  const Tree& tree = TreeOf(int(state.range(0)));
  const auto matcher = EmptyMatcher();
  const fs::path output = absl::StrCat(tree.root.string(), ".report");
  const fs::path state_dir = absl::StrCat(tree.root.string(), ".state");
  ScanOptions options = OptionsFor(tree, 0, output);
  options.state_directory = state_dir;
  for (auto _ : state) {
    state.PauseTiming();
    if (!rescan) fs::remove_all(state_dir);
    if (rescan && !fs::exists(state_dir)) {
      if (!RunScan(options, *matcher).ok()) std::abort();
    }
    state.ResumeTiming();
    const auto result = RunScan(options, *matcher);
    if (!result.ok() || result->counts.files != tree.files.size()) std::abort();
    if (rescan && result->counts.hashed_files != 0) std::abort();
  }
  fs::remove(output);
  if (rescan) fs::remove_all(state_dir);
  SetCounters(state, tree);
}

void BM_FirstScan(benchmark::State& state) {
  ScanWithState(state, false);
}
void BM_Rescan(benchmark::State& state) {
  ScanWithState(state, true);
}

const int kCores = int(std::max(1u, std::thread::hardware_concurrency()));

BENCHMARK(BM_PerFileSum)->Arg(10000)->Unit(benchmark::kMillisecond)->Iterations(1);
BENCHMARK(BM_Scan)
    ->Args({10000, 1})
    ->Args({10000, kCores})
    ->ArgNames({"files", "jobs"})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(1);
BENCHMARK(BM_FirstScan)
    ->Arg(10000)
    ->Arg(100000)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(1);
BENCHMARK(BM_Rescan)
    ->Arg(10000)
    ->Arg(100000)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(1);

}  // namespace
}  // namespace clearhost::scan

BENCHMARK_MAIN();
