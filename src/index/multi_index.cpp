#include "index/multi_index.h"

#include <algorithm>
#include <atomic>
#include <thread>

#include "absl/strings/str_cat.h"

namespace clearhost::index {
namespace {

// Candidates verified ahead of their prefetch: enough misses in flight to hide memory latency.
constexpr size_t kPrefetchDistance = 16;

struct OwnedArrays {
  std::vector<Hash256> entries;
  std::array<std::vector<uint32_t>, SubstringLayout::kMaxSubstrings> offsets;
  std::array<std::vector<uint32_t>, SubstringLayout::kMaxSubstrings> positions;
};

void BuildTable(const SubstringLayout& layout, int table, OwnedArrays& owned) {
  const std::vector<Hash256>& entries = owned.entries;
  std::vector<uint32_t>& offsets = owned.offsets[table];
  offsets.assign(size_t{layout.bucket_count(table)} + 1, 0);
  for (const Hash256& hash : entries) ++offsets[layout.Value(hash, table) + 1];
  for (size_t v = 0; v + 1 < offsets.size(); ++v) offsets[v + 1] += offsets[v];
  std::vector<uint32_t> cursor(offsets.begin(), offsets.end() - 1);
  std::vector<uint32_t>& positions = owned.positions[table];
  positions.resize(entries.size());
  for (size_t i = 0; i < entries.size(); ++i) {
    positions[cursor[layout.Value(entries[i], table)]++] = uint32_t(i);
  }
}

// Where one probed bucket's positions lie.
struct BucketRange {
  uint32_t table;
  uint32_t begin;
  uint32_t end;
};

// Per-thread buffers reused across searches (no allocation per query once warm).
struct SearchScratch {
  std::vector<uint64_t> probes;  // table << 32 | substring value
  std::vector<BucketRange> buckets;
  std::vector<uint32_t> candidates;
};

SearchScratch& ThreadScratch() {
  thread_local SearchScratch scratch;
  return scratch;
}

void Prefetch(const void* address) {
  __builtin_prefetch(address, 0, 3);
}

Status CheckTable(const MultiIndex::Arrays& arrays, int table) {
  const size_t count = arrays.entries.size();
  const std::span<const uint32_t> offsets = arrays.offsets[table];
  const std::span<const uint32_t> positions = arrays.positions[table];
  const auto corrupt = [&](std::string_view what) {
    return absl::DataLossError(absl::StrCat("index table ", table, ": ", std::string(what)));
  };
  if (offsets.size() != size_t{arrays.layout.bucket_count(table)} + 1) {
    return corrupt(absl::StrCat(offsets.size(), " offsets, expected ",
                                size_t{arrays.layout.bucket_count(table)} + 1));
  }
  if (positions.size() != count) {
    return corrupt(absl::StrCat(positions.size(), " positions for ", count, " entries"));
  }
  if (offsets.front() != 0 || offsets.back() != count) {
    return corrupt("offsets do not span the entries");
  }
  for (size_t v = 0; v + 1 < offsets.size(); ++v) {
    if (offsets[v] > offsets[v + 1]) return corrupt(absl::StrCat("offset ", v, " decreases"));
  }
  for (size_t k = 0; k < count; ++k) {
    if (positions[k] >= count) return corrupt(absl::StrCat("position ", k, " out of range"));
  }
  return absl::OkStatus();
}

}  // namespace

MultiIndex::MultiIndex() : MultiIndex(Arrays{}, nullptr, false) {}

MultiIndex::MultiIndex(const Arrays& arrays, std::shared_ptr<const void> owner, bool always_probe)
    : arrays_(arrays), owner_(std::move(owner)), always_probe_(always_probe) {
  plans_.reserve(kPlannedRadii + 1);
  ProbePlan storage;
  for (int radius = 0; radius <= kPlannedRadii; ++radius) {
    plans_.push_back(PlanFor(radius, storage));
  }
}

Result<MultiIndex> MultiIndex::Build(std::span<const Hash256> entries,
                                     const BuildOptions& options) {
  if (entries.size() > kMaxEntries) {
    return absl::ResourceExhaustedError(
        absl::StrCat("an index holds at most ", kMaxEntries, " hashes, got ", entries.size()));
  }
  auto owned = std::make_shared<OwnedArrays>();
  owned->entries.assign(entries.begin(), entries.end());
  Arrays arrays;
  arrays.layout =
      options.layout != nullptr ? *options.layout : SubstringLayout::ChooseFor(entries.size());
  std::atomic<int> next_table{0};
  const auto build_tables = [&] {
    for (int table = next_table++; table < arrays.layout.count(); table = next_table++) {
      BuildTable(arrays.layout, table, *owned);
    }
  };
  std::vector<std::jthread> workers;
  for (int t = 1; t < std::min(options.threads, arrays.layout.count()); ++t) {
    workers.emplace_back(build_tables);
  }
  build_tables();
  workers.clear();
  arrays.entries = owned->entries;
  for (int table = 0; table < arrays.layout.count(); ++table) {
    arrays.offsets[table] = owned->offsets[table];
    arrays.positions[table] = owned->positions[table];
  }
  return MultiIndex(arrays, std::move(owned), options.always_probe);
}

Result<MultiIndex> MultiIndex::FromArrays(const Arrays& arrays, std::shared_ptr<const void> owner) {
  if (arrays.entries.size() > kMaxEntries) {
    return absl::DataLossError(absl::StrCat("index claims ", arrays.entries.size(), " entries"));
  }
  for (int table = 0; table < arrays.layout.count(); ++table) {
    CLEARHOST_RETURN_IF_ERROR(CheckTable(arrays, table));
  }
  return MultiIndex(arrays, std::move(owner), false);
}

size_t MultiIndex::MemoryBytes() const {
  size_t bytes = arrays_.entries.size_bytes();
  for (int table = 0; table < arrays_.layout.count(); ++table) {
    bytes += arrays_.offsets[table].size_bytes() + arrays_.positions[table].size_bytes();
  }
  return bytes;
}

const ProbePlan& MultiIndex::PlanFor(int max_distance, ProbePlan& storage) const {
  if (size_t(max_distance) < plans_.size()) return plans_[size_t(max_distance)];
  storage = PlanProbes(arrays_.layout, size(), max_distance);
  if (always_probe_ && storage.certifies) storage.scan_is_cheaper = false;
  return storage;
}

void MultiIndex::Search(const Hash256& query, int max_distance, std::vector<Hit>& hits) const {
  if (max_distance < 0 || size() == 0) return;
  ProbePlan storage;
  const ProbePlan& plan = PlanFor(max_distance, storage);
  if (plan.scan_is_cheaper) {
    ScanWithinRadius(arrays_.entries, query, max_distance, hits);
    return;
  }
  Probe(plan, query, max_distance, hits);
}

void MultiIndex::Probe(const ProbePlan& plan, const Hash256& query, int max_distance,
                       std::vector<Hit>& hits) const {
  SearchScratch& scratch = ThreadScratch();
  const SubstringLayout& layout = arrays_.layout;
  // 1. Every bucket to look up; its directory entry is fetched meanwhile.
  scratch.probes.clear();
  for (int table = 0; table < layout.count(); ++table) {
    if (plan.substring_radius[table] < 0) continue;
    const uint32_t* offsets = arrays_.offsets[table].data();
    ForEachWithinFlips(layout.Value(query, table), layout.bits(table), plan.substring_radius[table],
                       [&](uint32_t value) {
                         Prefetch(offsets + value);
                         scratch.probes.push_back(uint64_t(table) << 32 | value);
                       });
  }
  // 2. Bucket ranges; the start of each bucket's positions is fetched meanwhile.
  scratch.buckets.clear();
  for (const uint64_t probe : scratch.probes) {
    const uint32_t table = uint32_t(probe >> 32), value = uint32_t(probe);
    const uint32_t* offsets = arrays_.offsets[table].data();
    const BucketRange bucket{table, offsets[value], offsets[value + 1]};
    if (bucket.begin == bucket.end) continue;
    Prefetch(arrays_.positions[table].data() + bucket.begin);
    scratch.buckets.push_back(bucket);
  }
  // 3. Candidate positions, then their verification with the entries prefetched ahead.
  scratch.candidates.clear();
  for (const BucketRange& bucket : scratch.buckets) {
    const uint32_t* positions = arrays_.positions[bucket.table].data();
    scratch.candidates.insert(scratch.candidates.end(), positions + bucket.begin,
                              positions + bucket.end);
  }
  const std::vector<uint32_t>& candidates = scratch.candidates;
  const Hash256* entries = arrays_.entries.data();
  const size_t first_new = hits.size();
  for (size_t k = 0; k < std::min(kPrefetchDistance, candidates.size()); ++k) {
    Prefetch(entries + candidates[k]);
  }
  for (size_t k = 0; k < candidates.size(); ++k) {
    if (k + kPrefetchDistance < candidates.size()) {
      Prefetch(entries + candidates[k + kPrefetchDistance]);
    }
    const int distance = HammingDistance(entries[candidates[k]], query);
    if (distance <= max_distance) hits.push_back({candidates[k], uint16_t(distance)});
  }
  // An entry near the query may sit in several probed buckets: report it once.
  const auto first = hits.begin() + std::ptrdiff_t(first_new);
  std::sort(first, hits.end(), [](const Hit& a, const Hit& b) { return a.position < b.position; });
  hits.erase(std::unique(first, hits.end()), hits.end());
}

void MultiIndex::SearchBatch(std::span<const Hash256> queries, int max_distance, int threads,
                             BatchHits& out) const {
  const size_t workers =
      std::max<size_t>(1, std::min(size_t(std::max(threads, 1)), queries.size()));
  std::vector<BatchHits> parts(workers);
  const auto search_part = [&](size_t part) {
    BatchHits& result = parts[part];
    const size_t begin = queries.size() * part / workers;
    const size_t end = queries.size() * (part + 1) / workers;
    result.offsets.assign(1, 0);
    for (size_t q = begin; q < end; ++q) {
      Search(queries[q], max_distance, result.hits);
      result.offsets.push_back(uint32_t(result.hits.size()));
    }
  };
  {
    std::vector<std::jthread> pool;
    for (size_t part = 1; part < workers; ++part) pool.emplace_back(search_part, part);
    if (!queries.empty()) search_part(0);
  }
  out.offsets.assign(1, 0);
  out.hits.clear();
  for (const BatchHits& part : parts) {
    const uint32_t base = uint32_t(out.hits.size());
    out.hits.insert(out.hits.end(), part.hits.begin(), part.hits.end());
    for (size_t q = 1; q < part.offsets.size(); ++q) out.offsets.push_back(base + part.offsets[q]);
  }
}

}  // namespace clearhost::index
