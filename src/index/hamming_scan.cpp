#include "index/hamming_scan.h"

#include <cstdlib>
#include <string>

#include "index/scan_kernels.h"

namespace clearhost::index {

std::string_view SimdLevelName(SimdLevel level) {
  switch (level) {
    case SimdLevel::kScalar:
      return "scalar";
    case SimdLevel::kAvx2:
      return "avx2";
    case SimdLevel::kAvx512:
      return "avx512";
  }
  return "scalar";
}

bool CpuSupports(SimdLevel level) {
#if defined(__x86_64__)
  switch (level) {
    case SimdLevel::kScalar:
      return true;
    case SimdLevel::kAvx2:
      return __builtin_cpu_supports("avx2");
    case SimdLevel::kAvx512:
      return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vpopcntdq");
  }
#endif
  return level == SimdLevel::kScalar;
}

SimdLevel ActiveSimdLevel() {
  static const SimdLevel level = [] {
    SimdLevel best = SimdLevel::kScalar;
    for (SimdLevel candidate : {SimdLevel::kAvx2, SimdLevel::kAvx512}) {
      if (CpuSupports(candidate)) best = candidate;
    }
    if (const char* requested = std::getenv("CLEARHOST_SIMD")) {
      for (SimdLevel candidate : {SimdLevel::kScalar, SimdLevel::kAvx2, SimdLevel::kAvx512}) {
        if (SimdLevelName(candidate) == requested && int(candidate) <= int(best)) {
          best = candidate;
        }
      }
    }
    return best;
  }();
  return level;
}

void ScanWithinRadius(SimdLevel level, std::span<const Hash256> entries, const Hash256& query,
                      int max_distance, std::vector<Hit>& hits) {
  if (!CpuSupports(level)) level = SimdLevel::kScalar;
#if defined(__x86_64__)
  if (level == SimdLevel::kAvx512) {
    internal::ScanAvx512(entries.data(), entries.size(), query, max_distance, hits);
    return;
  }
  if (level == SimdLevel::kAvx2) {
    internal::ScanAvx2(entries.data(), entries.size(), query, max_distance, hits);
    return;
  }
#endif
  internal::ScanScalar(entries.data(), entries.size(), query, max_distance, hits);
}

void ScanWithinRadius(std::span<const Hash256> entries, const Hash256& query, int max_distance,
                      std::vector<Hit>& hits) {
  ScanWithinRadius(ActiveSimdLevel(), entries, query, max_distance, hits);
}

}  // namespace clearhost::index
