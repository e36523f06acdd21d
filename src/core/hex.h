// Hexadecimal encoding and strictly validated decoding of byte strings.
//
// Encoding is lowercase. Decoding accepts upper- and lowercase digits, rejects anything else
// (odd length, whitespace, non-hex characters) with an InvalidArgument naming the position.
// Thread-safety: pure functions.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace clearhost {

// Lowercase hex of `bytes`, two characters per byte.
std::string HexEncode(std::span<const uint8_t> bytes);

namespace internal {
// Hex digit values by byte: 0..15, or -1 for a byte that is not a hex digit.
inline constexpr std::array<int8_t, 256> kHexDigitValues = [] {
  std::array<int8_t, 256> values{};
  for (int c = 0; c < 256; ++c) {
    values[c] = c >= '0' && c <= '9'   ? int8_t(c - '0')
                : c >= 'a' && c <= 'f' ? int8_t(c - 'a' + 10)
                : c >= 'A' && c <= 'F' ? int8_t(c - 'A' + 10)
                                       : int8_t(-1);
  }
  return values;
}();
}  // namespace internal

// The value 0..15 of one hex digit, or -1 when `c` is not a hex digit (a table lookup: list
// parsing runs through here for every digit).
inline int HexDigitValue(char c) {
  return internal::kHexDigitValues[uint8_t(c)];
}

// Bytes of `hex`; InvalidArgument on odd length or a non-hex character.
Result<std::vector<uint8_t>> HexDecode(std::string_view hex);

}  // namespace clearhost
