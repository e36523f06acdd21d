// CRC-32C (Castagnoli), the checksum of clearhost's file formats: hardware-accelerated with
// SSE4.2 (part of the x86-64-v2 baseline), table-driven elsewhere. Same value as RFC 3720's.
// Thread-safety: pure function.
#pragma once

#include <cstdint>
#include <span>

namespace clearhost {

// The CRC-32C of `bytes`, continuing from `crc` (the result of the preceding bytes, 0 at start).
uint32_t Crc32c(std::span<const uint8_t> bytes, uint32_t crc = 0);

}  // namespace clearhost
