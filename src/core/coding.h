// Fixed-width little-endian encoding of integers, the one place clearhost's file formats turn
// numbers into bytes and back (docs/formats.md). Reads use memcpy, never pointer casts.
// Thread-safety: pure functions.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <vector>

namespace clearhost {

static_assert(std::endian::native == std::endian::little,
              "clearhost's file formats are little-endian; port coding.h first");

inline void PutFixed32(std::vector<uint8_t>& out, uint32_t value) {
  const size_t at = out.size();
  out.resize(at + 4);
  std::memcpy(out.data() + at, &value, 4);
}

inline void PutFixed64(std::vector<uint8_t>& out, uint64_t value) {
  const size_t at = out.size();
  out.resize(at + 8);
  std::memcpy(out.data() + at, &value, 8);
}

inline uint32_t DecodeFixed32(const uint8_t* bytes) {
  uint32_t value;
  std::memcpy(&value, bytes, 4);
  return value;
}

inline uint64_t DecodeFixed64(const uint8_t* bytes) {
  uint64_t value;
  std::memcpy(&value, bytes, 8);
  return value;
}

}  // namespace clearhost
