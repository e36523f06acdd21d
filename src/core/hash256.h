// A 256-bit perceptual hash (PDQ) and its Hamming distance.
//
// Bit k is DCT coefficient k (row-major over PDQ's 16x16 output). The hex form is the 256-bit
// number written most significant digit first, which is exactly what Meta's reference prints
// (its sixteen 16-bit words from the highest to the lowest): 64 lowercase hex digits.
// Thread-safety: a plain value type.
#pragma once

#include <array>
#include <bit>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"

namespace clearhost {

class Hash256 {
 public:
  static constexpr int kBits = 256;
  static constexpr int kHexLength = 64;

  constexpr Hash256() = default;

  // Parses 64 hex digits (either case); InvalidArgument names the length or bad position.
  static Result<Hash256> FromHex(std::string_view hex);

  // 64 lowercase hex digits, most significant first.
  std::string ToHex() const;

  bool Bit(int k) const { return (words_[k >> 6] >> (k & 63)) & 1u; }
  void SetBit(int k) { words_[k >> 6] |= uint64_t{1} << (k & 63); }

  // Word w holds bits 64*w .. 64*w+63.
  const std::array<uint64_t, 4>& words() const { return words_; }
  std::array<uint64_t, 4>& words() { return words_; }

  bool IsZero() const { return (words_[0] | words_[1] | words_[2] | words_[3]) == 0; }

  friend bool operator==(const Hash256&, const Hash256&) = default;

 private:
  std::array<uint64_t, 4> words_{};
};

// Number of differing bits, 0..256 (hardware popcount).
inline int HammingDistance(const Hash256& a, const Hash256& b) {
  int distance = 0;
  for (int w = 0; w < 4; ++w) distance += std::popcount(a.words()[w] ^ b.words()[w]);
  return distance;
}

}  // namespace clearhost
