// Compiled with -mavx512f -mavx512vpopcntdq; called only when the CPU has both. Two hashes
// per 512-bit register.
#if defined(__x86_64__)
#include <immintrin.h>

#include "index/scan_kernels.h"

namespace clearhost::index::internal {

void ScanAvx512(const Hash256* entries, size_t count, const Hash256& query, int max_distance,
                std::vector<Hit>& hits) {
  // The query twice, built in memory (GCC 12 warns on the register broadcast intrinsics).
  alignas(64) uint64_t doubled[8];
  for (int w = 0; w < 8; ++w) doubled[w] = query.words()[w & 3];
  const __m512i q = _mm512_load_si512(doubled);
  const __m512i limit = _mm512_set1_epi64(max_distance);
  size_t i = 0;
  for (; i + 2 <= count; i += 2) {
    const __m512i e = _mm512_loadu_si512(entries[i].words().data());
    const __m512i lanes = _mm512_popcnt_epi64(_mm512_xor_si512(e, q));
    // Sum the four lane counts of each hash: swap 64-bit neighbours, then 128-bit neighbours
    // (zero-masked forms: GCC 12 warns on the unmasked ones, bug 105593).
    const __m512i pairs =
        _mm512_add_epi64(lanes, _mm512_maskz_shuffle_epi32(0xffff, lanes, _MM_PERM_BADC));
    const __m512i sums = _mm512_add_epi64(
        pairs, _mm512_maskz_shuffle_i64x2(0xff, pairs, pairs, _MM_SHUFFLE(2, 3, 0, 1)));
    const __mmask8 within = _mm512_cmple_epu64_mask(sums, limit) & 0x11;
    if (within != 0) {
      alignas(64) uint64_t distances[8];
      _mm512_store_si512(distances, sums);
      if (within & 0x01) hits.push_back({uint32_t(i), uint16_t(distances[0])});
      if (within & 0x10) hits.push_back({uint32_t(i + 1), uint16_t(distances[4])});
    }
  }
  if (i < count) {
    const int distance = HammingDistance(entries[i], query);
    if (distance <= max_distance) hits.push_back({uint32_t(i), uint16_t(distance)});
  }
}

}  // namespace clearhost::index::internal
#endif  // defined(__x86_64__)
