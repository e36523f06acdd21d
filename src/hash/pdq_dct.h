// The numeric stages of PDQ after downsampling: the 64x64 -> 16x16 DCT-II (rows/cols 1..16, no
// DC), the image-domain quality metric, the median and the bit thresholding, and the eight
// dihedral transforms of the DCT coefficients. Each follows Meta's reference operation by
// operation (float arithmetic, same summation order), so hashes are bit-identical.
// Thread-safety: pure functions.
#pragma once

#include <array>

#include "core/hash256.h"

namespace clearhost::hash {

using Block64 = std::array<float, 64 * 64>;  // row-major 64x64 downsample
using Block16 = std::array<float, 16 * 16>;  // row-major 16x16 DCT coefficients

// B = D A D^T with D the 16x64 DCT-II matrix without its DC row.
void Dct64To16(const Block64& in, Block16& out);

// 0..100: quantized sum of neighbour gradients of the 64x64 downsample.
int PdqQuality(const Block64& block);

// The ((count + 1) / 2)-th smallest of `values` (count <= 256): exactly the value the
// reference's Torben median returns, found by selection instead of repeated bisection.
float LowerMedian(const float* values, int count);

// Bit k set when coefficient k is strictly greater than the median coefficient.
Hash256 ThresholdAtMedian(const Block16& coefficients);

// The dihedral transforms, in the reference's order and naming.
enum class Dihedral {
  kOriginal,
  kRotate90,
  kRotate180,
  kRotate270,
  kFlipX,
  kFlipY,
  kFlipPlus1,
  kFlipMinus1
};
inline constexpr int kDihedralCount = 8;

// The reference's name of each transform: orig, rot90, rot180, rot270, flipx, flipy, flipplus1,
// flipminus1.
inline constexpr const char* kDihedralNames[kDihedralCount] = {
    "orig", "rot90", "rot180", "rot270", "flipx", "flipy", "flipplus1", "flipminus1"};

// Coefficients of the transformed picture, derived from the original's by sign changes and
// transposition (no re-hashing).
Block16 TransformCoefficients(const Block16& original, Dihedral transform);

}  // namespace clearhost::hash
