#include "index/scan_kernels.h"

namespace clearhost::index::internal {

void ScanScalar(const Hash256* entries, size_t count, const Hash256& query, int max_distance,
                std::vector<Hit>& hits) {
  for (size_t i = 0; i < count; ++i) {
    const int distance = HammingDistance(entries[i], query);
    if (distance <= max_distance) hits.push_back({uint32_t(i), uint16_t(distance)});
  }
}

}  // namespace clearhost::index::internal
