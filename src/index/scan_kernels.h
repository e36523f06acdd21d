// Internal to index/: the per-instruction-set kernels behind ScanWithinRadius. Each appends the
// hits of entries[0..count) in position order, positions offset by `first_position`.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "index/hamming_scan.h"

namespace clearhost::index::internal {

void ScanScalar(const Hash256* entries, size_t count, const Hash256& query, int max_distance,
                std::vector<Hit>& hits);
void ScanAvx2(const Hash256* entries, size_t count, const Hash256& query, int max_distance,
              std::vector<Hit>& hits);
void ScanAvx512(const Hash256* entries, size_t count, const Hash256& query, int max_distance,
                std::vector<Hit>& hits);

}  // namespace clearhost::index::internal
