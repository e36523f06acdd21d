#include "core/crc32c.h"

#include <array>
#include <cstring>

#if defined(__SSE4_2__)
#include <nmmintrin.h>
#endif

namespace clearhost {

#if defined(__SSE4_2__)

uint32_t Crc32c(std::span<const uint8_t> bytes, uint32_t crc) {
  uint64_t state = ~crc;
  size_t k = 0;
  for (; k + 8 <= bytes.size(); k += 8) {
    uint64_t word;
    std::memcpy(&word, bytes.data() + k, 8);
    state = _mm_crc32_u64(state, word);
  }
  uint32_t tail = uint32_t(state);
  for (; k < bytes.size(); ++k) tail = _mm_crc32_u8(tail, bytes[k]);
  return ~tail;
}

#else

namespace {
constexpr std::array<uint32_t, 256> MakeTable() {
  std::array<uint32_t, 256> table{};
  for (uint32_t n = 0; n < 256; ++n) {
    uint32_t c = n;
    for (int k = 0; k < 8; ++k) c = (c & 1) ? 0x82f63b78u ^ (c >> 1) : c >> 1;
    table[n] = c;
  }
  return table;
}
constexpr std::array<uint32_t, 256> kTable = MakeTable();
}  // namespace

uint32_t Crc32c(std::span<const uint8_t> bytes, uint32_t crc) {
  uint32_t state = ~crc;
  for (const uint8_t byte : bytes) state = kTable[(state ^ byte) & 0xff] ^ (state >> 8);
  return ~state;
}

#endif

}  // namespace clearhost
