// Hexadecimal encoding and strictly validated decoding of byte strings.
//
// Encoding is lowercase. Decoding accepts upper- and lowercase digits, rejects anything else
// (odd length, whitespace, non-hex characters) with an InvalidArgument naming the position.
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace clearhost {

// Lowercase hex of `bytes`, two characters per byte.
std::string HexEncode(std::span<const uint8_t> bytes);

// The value 0..15 of one hex digit, or -1 when `c` is not a hex digit.
int HexDigitValue(char c);

// Bytes of `hex`; InvalidArgument on odd length or a non-hex character.
Result<std::vector<uint8_t>> HexDecode(std::string_view hex);

}  // namespace clearhost
