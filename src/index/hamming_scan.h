// Brute-force Hamming radius search over a flat array of 256-bit hashes: the exact path for small
// lists and large radii, and the oracle the multi-index is tested against.
//
// One kernel per instruction set (scalar popcount, AVX2 nibble-table popcount, AVX-512
// VPOPCNTDQ), each in its own file compiled with its own flags, chosen at run time from the
// CPU's features. CLEARHOST_SIMD=scalar|avx2|avx512 overrides the choice (never above what the
// CPU supports). Every kernel returns identical results.
// Thread-safety: pure functions; the kernel choice is made once, thread-safely.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "core/hash256.h"

namespace clearhost::index {

// One hit: the position of the entry in the searched array and its distance to the query.
struct Hit {
  uint32_t position;
  uint16_t distance;
  friend bool operator==(const Hit&, const Hit&) = default;
};

enum class SimdLevel { kScalar, kAvx2, kAvx512 };

std::string_view SimdLevelName(SimdLevel level);

// The best level this CPU runs, lowered by CLEARHOST_SIMD when set.
SimdLevel ActiveSimdLevel();

// Appends to `hits`, in position order, every entry within `max_distance` of `query`.
void ScanWithinRadius(std::span<const Hash256> entries, const Hash256& query, int max_distance,
                      std::vector<Hit>& hits);

// The same with an explicit kernel (tests compare every level the CPU supports).
void ScanWithinRadius(SimdLevel level, std::span<const Hash256> entries, const Hash256& query,
                      int max_distance, std::vector<Hit>& hits);

// True when this CPU can run `level`.
bool CpuSupports(SimdLevel level);

}  // namespace clearhost::index
