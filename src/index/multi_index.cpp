#include "index/multi_index.h"

#include <algorithm>
#include <atomic>
#include <thread>
#include <utility>

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

// Writes every entry's substring values into the positions arrays (positions[t][i] = value of
// substring t of entry i) for entries [begin, end): one pass over the hashes for all tables.
void ExtractSubstrings(const SubstringLayout& layout, size_t begin, size_t end,
                       OwnedArrays& owned) {
  for (size_t i = begin; i < end; ++i) {
    const Hash256& hash = owned.entries[i];
    for (int table = 0; table < layout.count(); ++table) {
      owned.positions[table][i] = layout.Value(hash, table);
    }
  }
}

// Scratch for building one table: (value << 32 | entry) pairs, sorted by value.
struct TableScratch {
  std::vector<uint64_t> pairs;
  std::vector<uint64_t> sorted;
};

// Turns positions[table], holding substring values, into the table: the (value, entry) pairs
// are sorted by an LSD radix sort with digits of at most 11 bits (each pass streams through
// memory with a cache-resident counter array, where direct bucket counting would miss the
// cache once per entry), then positions and offsets are read off the sorted pairs in one pass.
void BuildTable(const SubstringLayout& layout, int table, OwnedArrays& owned,
                TableScratch& scratch) {
  constexpr int kMaxDigitBits = 11;
  std::vector<uint32_t>& positions = owned.positions[table];
  const size_t count = positions.size();
  scratch.pairs.resize(count);
  scratch.sorted.resize(count);
  for (size_t i = 0; i < count; ++i) scratch.pairs[i] = uint64_t{positions[i]} << 32 | i;
  const int bits = layout.bits(table);
  const int passes = (bits + kMaxDigitBits - 1) / kMaxDigitBits;
  const int digit_bits = (bits + passes - 1) / passes;
  std::vector<size_t> cursor(size_t{1} << digit_bits);
  for (int pass = 0; pass < passes; ++pass) {
    const int shift = 32 + pass * digit_bits;
    const uint64_t mask = (uint64_t{1} << digit_bits) - 1;
    std::fill(cursor.begin(), cursor.end(), 0);
    for (const uint64_t pair : scratch.pairs) ++cursor[(pair >> shift) & mask];
    size_t start = 0;
    for (size_t& slot : cursor) start += std::exchange(slot, start);
    for (const uint64_t pair : scratch.pairs)
      scratch.sorted[cursor[(pair >> shift) & mask]++] = pair;
    scratch.pairs.swap(scratch.sorted);
  }
  std::vector<uint32_t>& offsets = owned.offsets[table];
  offsets.assign(size_t{layout.bucket_count(table)} + 1, 0);
  size_t next_value = 0;
  for (size_t k = 0; k < count; ++k) {
    const uint64_t pair = scratch.pairs[k];
    const size_t value = size_t(pair >> 32);
    while (next_value <= value) offsets[next_value++] = uint32_t(k);
    positions[k] = uint32_t(pair);
  }
  while (next_value < offsets.size()) offsets[next_value++] = uint32_t(count);
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
  const int threads = std::max(1, std::min(options.threads, std::max(arrays.layout.count(), 1)));
  for (int table = 0; table < arrays.layout.count(); ++table) {
    owned->positions[table].resize(entries.size());
  }
  {
    std::vector<std::jthread> workers;
    for (int t = 0; t < threads; ++t) {
      const size_t begin = entries.size() * size_t(t) / size_t(threads);
      const size_t end = entries.size() * size_t(t + 1) / size_t(threads);
      workers.emplace_back(
          [&, begin, end] { ExtractSubstrings(arrays.layout, begin, end, *owned); });
    }
  }
  std::atomic<int> next_table{0};
  const auto build_tables = [&] {
    TableScratch scratch;
    for (int table = next_table++; table < arrays.layout.count(); table = next_table++) {
      BuildTable(arrays.layout, table, *owned, scratch);
    }
  };
  {
    std::vector<std::jthread> workers;
    for (int t = 1; t < threads; ++t) workers.emplace_back(build_tables);
    build_tables();
  }
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
