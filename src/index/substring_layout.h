// How multi-index hashing cuts the 256 bits of a hash into substrings, and which substrings a
// query of a given radius probes, and how far.
//
// The layout: `count` contiguous bit ranges of near-equal width (widths differ by at most one)
// covering all 256 bits; each gets a table with one bucket per substring value. The number of
// substrings is chosen from the number of entries by a cost model (docs/index.md explains it):
// wider substrings mean smaller buckets (fewer candidates to verify) but more probes and larger
// directories; the model picks the cheapest layout at radius 31 whose directories stay within
// kMaxDirectoryEntriesPerHash per entry, or no tables at all when a brute-force scan is cheaper.
//
// The probe plan (generalized pigeonhole principle): if a hash is within distance r of the
// query and the per-substring radii t_s satisfy sum_s (t_s + 1) >= r + 1, then at least one
// substring s differs from the query's in at most t_s bits. t_s = -1 leaves table s unprobed.
// Radii are handed out greedily by least added cost, which is optimal because the cost of
// raising one t_s grows with t_s.
// Thread-safety: plain values.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "core/hash256.h"
#include "core/status.h"

namespace clearhost::index {

class SubstringLayout {
 public:
  static constexpr int kMinSubstrings = 11;  // widths up to 24 bits
  static constexpr int kMaxSubstrings = 32;  // widths down to 8 bits
  static constexpr int kMaxSubstringBits = 24;
  // Directory size bound used by the choice: table offsets per entry, over all tables.
  static constexpr size_t kMaxDirectoryEntriesPerHash = 4;
  // Small indexes may always use 16 tables of 16 bits (4 MiB of directories).
  static constexpr size_t kAlwaysAffordableDirectoryEntries = size_t{16} << 16;

  // No tables: every search scans.
  SubstringLayout() = default;

  // `count` substrings (kMinSubstrings..kMaxSubstrings) of near-equal width, or
  // InvalidArgument.
  static Result<SubstringLayout> Even(int count);

  // The layout the cost model prefers for `entry_count` entries (see the header comment).
  static SubstringLayout ChooseFor(size_t entry_count);

  int count() const { return count_; }
  int bits(int substring) const { return specs_[substring].bits; }
  int first_bit(int substring) const { return specs_[substring].first_bit; }
  uint32_t bucket_count(int substring) const { return uint32_t{1} << specs_[substring].bits; }

  // The value of substring `substring` of `hash`: bits first_bit .. first_bit + bits - 1.
  uint32_t Value(const Hash256& hash, int substring) const {
    const Spec& spec = specs_[substring];
    uint64_t value = hash.words()[spec.word] >> spec.shift;
    if (spec.shift + spec.bits > 64) value |= hash.words()[spec.word + 1] << (64 - spec.shift);
    return uint32_t(value) & ((uint32_t{1} << spec.bits) - 1);
  }

  friend bool operator==(const SubstringLayout& a, const SubstringLayout& b) {
    if (a.count_ != b.count_) return false;
    for (int s = 0; s < a.count_; ++s) {
      if (a.specs_[s].bits != b.specs_[s].bits) return false;
    }
    return true;
  }

 private:
  struct Spec {
    uint8_t first_bit = 0;
    uint8_t bits = 0;
    uint8_t word = 0;
    uint8_t shift = 0;
  };
  int count_ = 0;
  std::array<Spec, kMaxSubstrings> specs_{};
};

// Which tables one query probes and how far, with the cost model's estimates.
struct ProbePlan {
  // Bit flips probed around the query's value per substring; -1 = table not probed.
  std::array<int8_t, SubstringLayout::kMaxSubstrings> substring_radius{};
  uint64_t probes = 0;             // buckets looked up
  double expected_candidates = 0;  // entries verified, for uniformly random entries
  bool certifies = false;          // the radii cover max_distance (else only a scan is exact)
  bool scan_is_cheaper = true;     // when set, search scans instead of probing
};

// The plan for radius `max_distance` over `entry_count` entries laid out by `layout`.
ProbePlan PlanProbes(const SubstringLayout& layout, size_t entry_count, int max_distance);

// Number of values within `flips` bit flips of a `bits`-bit value: sum of C(bits, k), k <= flips.
uint64_t HammingBallSize(int bits, int flips);

// Calls visit(v) once for every `bits`-bit value v within `flips` bit flips of `center`.
template <typename Visit>
void ForEachWithinFlips(uint32_t center, int bits, int flips, Visit&& visit) {
  visit(center);
  if (flips <= 0) return;
  // Iterative enumeration of bit combinations of size 1..flips (at most 3 deep in practice).
  int chosen[SubstringLayout::kMaxSubstringBits];
  for (int size = 1; size <= flips && size <= bits; ++size) {
    for (int k = 0; k < size; ++k) chosen[k] = k;
    while (true) {
      uint32_t value = center;
      for (int k = 0; k < size; ++k) value ^= uint32_t{1} << chosen[k];
      visit(value);
      int k = size - 1;
      while (k >= 0 && chosen[k] == bits - size + k) --k;
      if (k < 0) break;
      ++chosen[k];
      for (int j = k + 1; j < size; ++j) chosen[j] = chosen[j - 1] + 1;
    }
  }
}

}  // namespace clearhost::index
