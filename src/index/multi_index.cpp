#include "index/multi_index.h"

#include <algorithm>
#include <bit>

#include "absl/strings/str_cat.h"

namespace clearhost::index {
namespace {

constexpr uint32_t kBuckets = 1u << MultiIndex::kSubstringBits;

// Number of 16-bit values within `flips` bits of a given one: sum of C(16, k), k <= flips.
uint64_t BallSize(int flips) {
  uint64_t total = 0, binomial = 1;
  for (int k = 0; k <= flips && k <= 16; ++k) {
    total += binomial;
    binomial = binomial * uint64_t(16 - k) / uint64_t(k + 1);
  }
  return total;
}

// Calls visit(v) for every 16-bit value v within `flips` bit flips of `center`, each once.
template <typename Visit>
void ForEachWithinFlips(uint16_t center, int flips, int first_bit, Visit&& visit) {
  visit(center);
  if (flips == 0) return;
  for (int bit = first_bit; bit < 16; ++bit) {
    ForEachWithinFlips(uint16_t(center ^ (1u << bit)), flips - 1, bit + 1, visit);
  }
}

}  // namespace

Result<MultiIndex> MultiIndex::Build(std::span<const Hash256> entries) {
  if (entries.size() > kMaxEntries) {
    return absl::ResourceExhaustedError(
        absl::StrCat("an index holds at most ", kMaxEntries, " hashes, got ", entries.size()));
  }
  return MultiIndex(entries);
}

MultiIndex::MultiIndex(std::span<const Hash256> entries)
    : entries_(entries.begin(), entries.end()) {
  for (int s = 0; s < kSubstrings; ++s) {
    std::vector<uint32_t>& offsets = offsets_[s];
    offsets.assign(kBuckets + 1, 0);
    for (const Hash256& hash : entries_) ++offsets[Substring(hash, s) + 1];
    for (uint32_t v = 0; v < kBuckets; ++v) offsets[v + 1] += offsets[v];
    std::vector<uint32_t>& positions = positions_[s];
    positions.resize(entries_.size());
    std::vector<uint32_t> fill(offsets.begin(), offsets.end() - 1);
    for (uint32_t i = 0; i < entries_.size(); ++i) {
      positions[fill[Substring(entries_[i], s)]++] = i;
    }
  }
}

bool MultiIndex::ProbingPays(int flips) const {
  // Each probe costs about a bucket lookup; a scan costs one distance per entry.
  return uint64_t(kSubstrings) * BallSize(flips) * 4 < entries_.size();
}

void MultiIndex::ProbeTable(int table, uint16_t value, const Hash256& query, int max_distance,
                            int substring_radius, std::vector<Hit>& hits) const {
  const uint32_t begin = offsets_[table][value], end = offsets_[table][value + 1];
  for (uint32_t k = begin; k < end; ++k) {
    const uint32_t position = positions_[table][k];
    const Hash256& entry = entries_[position];
    // Reported by the first table within the substring radius only.
    bool found_earlier = false;
    for (int earlier = 0; earlier < table && !found_earlier; ++earlier) {
      found_earlier =
          std::popcount(unsigned(Substring(entry, earlier) ^ Substring(query, earlier))) <=
          substring_radius;
    }
    if (found_earlier) continue;
    const int distance = HammingDistance(entry, query);
    if (distance <= max_distance) hits.push_back({position, uint16_t(distance)});
  }
}

void MultiIndex::Search(const Hash256& query, int max_distance, std::vector<Hit>& hits) const {
  if (max_distance < 0) return;
  const int substring_radius = std::min(max_distance / kSubstrings, kSubstringBits);
  if (!ProbingPays(substring_radius)) {
    ScanWithinRadius(entries_, query, max_distance, hits);
    return;
  }
  const size_t first_new = hits.size();
  for (int table = 0; table < kSubstrings; ++table) {
    ForEachWithinFlips(Substring(query, table), substring_radius, 0, [&](uint16_t value) {
      ProbeTable(table, value, query, max_distance, substring_radius, hits);
    });
  }
  std::sort(hits.begin() + std::ptrdiff_t(first_new), hits.end(),
            [](const Hit& a, const Hit& b) { return a.position < b.position; });
}

}  // namespace clearhost::index
