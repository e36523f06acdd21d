#include "core/hash256.h"

#include "absl/strings/str_cat.h"
#include "core/hex.h"

namespace clearhost {

Result<Hash256> Hash256::FromHex(std::string_view hex) {
  if (hex.size() != kHexLength) {
    return absl::InvalidArgumentError(
        absl::StrCat("a 256-bit hash needs 64 hex digits, got ", hex.size()));
  }
  Hash256 hash;
  for (int i = 0; i < kHexLength; ++i) {
    const int digit = HexDigitValue(hex[i]);
    if (digit < 0) {
      return absl::InvalidArgumentError(absl::StrCat("non-hex character at position ", i));
    }
    // Digit i (from the left) holds bits 4*(63-i) .. 4*(63-i)+3.
    const int low_bit = 4 * (kHexLength - 1 - i);
    hash.words_[low_bit >> 6] |= uint64_t(digit) << (low_bit & 63);
  }
  return hash;
}

std::string Hash256::ToHex() const {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(kHexLength, '0');
  for (int i = 0; i < kHexLength; ++i) {
    const int low_bit = 4 * (kHexLength - 1 - i);
    out[i] = kDigits[(words_[low_bit >> 6] >> (low_bit & 63)) & 0xf];
  }
  return out;
}

}  // namespace clearhost
