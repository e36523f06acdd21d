// Compiled with -mavx2 only; called only when the CPU has AVX2.
#if defined(__x86_64__)
#include <immintrin.h>

#include "index/scan_kernels.h"

namespace clearhost::index::internal {
namespace {

// Population count of each byte through two 4-bit table lookups, summed per 64-bit lane.
inline __m256i PopcountPerLane(__m256i bits) {
  const __m256i table = _mm256_setr_epi8(0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4, 0, 1, 1, 2,
                                         1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4);
  const __m256i low_mask = _mm256_set1_epi8(0x0f);
  const __m256i low = _mm256_and_si256(bits, low_mask);
  const __m256i high = _mm256_and_si256(_mm256_srli_epi16(bits, 4), low_mask);
  const __m256i per_byte =
      _mm256_add_epi8(_mm256_shuffle_epi8(table, low), _mm256_shuffle_epi8(table, high));
  return _mm256_sad_epu8(per_byte, _mm256_setzero_si256());
}

}  // namespace

void ScanAvx2(const Hash256* entries, size_t count, const Hash256& query, int max_distance,
              std::vector<Hit>& hits) {
  const __m256i q = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(query.words().data()));
  for (size_t i = 0; i < count; ++i) {
    const __m256i e =
        _mm256_loadu_si256(reinterpret_cast<const __m256i*>(entries[i].words().data()));
    const __m256i lanes = PopcountPerLane(_mm256_xor_si256(e, q));
    // Sum the four 64-bit lane counts.
    const __m128i pair =
        _mm_add_epi64(_mm256_castsi256_si128(lanes), _mm256_extracti128_si256(lanes, 1));
    const int distance = int(_mm_cvtsi128_si64(pair) + _mm_extract_epi64(pair, 1));
    if (distance <= max_distance) hits.push_back({uint32_t(i), uint16_t(distance)});
  }
}

}  // namespace clearhost::index::internal
#endif  // defined(__x86_64__)
