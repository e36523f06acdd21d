#include "hash/pdq_dct.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>

#include "core/multiversion.h"

namespace clearhost::hash {
namespace {

// The reference builds D in double and stores it as float: D[i][j] =
// float(float(sqrt(2/64)) * cos(pi/128 * (i+1) * (2j+1))), i in 0..15, j in 0..63.
const std::array<float, 16 * 64>& DctMatrix() {
  static const std::array<float, 16 * 64> matrix = [] {
    constexpr double kPi = 3.14159265358979323846;
    const float scale = static_cast<float>(std::sqrt(2.0 / 64.0));
    std::array<float, 16 * 64> d{};
    for (int i = 0; i < 16; ++i) {
      for (int j = 0; j < 64; ++j) {
        d[i * 64 + j] = static_cast<float>(
            double(scale) * std::cos((kPi / 2.0 / 64.0) * double(i + 1) * double(2 * j + 1)));
      }
    }
    return d;
  }();
  return matrix;
}

// D transposed (64x16), so the second product can run across j with k still in order.
const std::array<float, 64 * 16>& DctMatrixTransposed() {
  static const std::array<float, 64 * 16> transposed = [] {
    const auto& d = DctMatrix();
    std::array<float, 64 * 16> t{};
    for (int i = 0; i < 16; ++i) {
      for (int k = 0; k < 64; ++k) t[k * 16 + i] = d[i * 64 + k];
    }
    return t;
  }();
  return transposed;
}

}  // namespace

CLEARHOST_MULTIVERSION void Dct64To16(const Block64& in, Block16& out) {
  typedef float Vec8 __attribute__((vector_size(32)));
  const auto& d = DctMatrix();
  const auto& dt = DctMatrixTransposed();
  // T = D A: T[i][j] = sum over k in increasing order of D[i][k] * A[k][j]; eight vector
  // accumulators hold a whole row of T (the order per element is the reference's).
  std::array<float, 16 * 64> t;
  for (int i = 0; i < 16; ++i) {
    Vec8 row[8] = {};
    for (int k = 0; k < 64; ++k) {
      const float coefficient = d[i * 64 + k];
      for (int c = 0; c < 8; ++c) {
        Vec8 a;
        std::memcpy(&a, &in[k * 64 + 8 * c], sizeof a);
        row[c] += coefficient * a;
      }
    }
    std::memcpy(&t[i * 64], row, sizeof row);
  }
  // B = T D^T: B[i][j] = sum over k in increasing order of T[i][k] * D[j][k].
  for (int i = 0; i < 16; ++i) {
    Vec8 low = {}, high = {};
    for (int k = 0; k < 64; ++k) {
      const float value = t[i * 64 + k];
      Vec8 column_low, column_high;
      std::memcpy(&column_low, &dt[k * 16], sizeof column_low);
      std::memcpy(&column_high, &dt[k * 16 + 8], sizeof column_high);
      low += value * column_low;
      high += value * column_high;
    }
    std::memcpy(&out[i * 16], &low, sizeof low);
    std::memcpy(&out[i * 16 + 8], &high, sizeof high);
  }
}

CLEARHOST_MULTIVERSION int PdqQuality(const Block64& block) {
  int gradient_sum = 0;
  for (int i = 0; i < 63; ++i) {
    for (int j = 0; j < 64; ++j) {
      const float difference = block[i * 64 + j] - block[(i + 1) * 64 + j];
      gradient_sum += std::abs(static_cast<int>((difference * 100) / 255));
    }
  }
  for (int i = 0; i < 64; ++i) {
    for (int j = 0; j < 63; ++j) {
      const float difference = block[i * 64 + j] - block[i * 64 + j + 1];
      gradient_sum += std::abs(static_cast<int>((difference * 100) / 255));
    }
  }
  const int quality = gradient_sum / 90;
  return quality > 100 ? 100 : quality;
}

float LowerMedian(const float* values, int count) {
  std::array<float, 256> copy;
  std::copy(values, values + count, copy.begin());
  const int rank = (count + 1) / 2 - 1;
  std::nth_element(copy.begin(), copy.begin() + rank, copy.begin() + count);
  return copy[rank];
}

Hash256 ThresholdAtMedian(const Block16& coefficients) {
  const float median = LowerMedian(coefficients.data(), 256);
  Hash256 hash;
  for (int k = 0; k < 256; ++k) {
    if (coefficients[k] > median) hash.SetBit(k);
  }
  return hash;
}

Block16 TransformCoefficients(const Block16& a, Dihedral transform) {
  // Coefficient (i, j) has frequencies i+1 and j+1. Mirroring along an axis negates the
  // coefficients of odd frequency (even index) along it; a quarter turn also transposes.
  Block16 b{};
  for (int i = 0; i < 16; ++i) {
    for (int j = 0; j < 16; ++j) {
      const float v = a[i * 16 + j];
      const bool odd_i = i & 1, odd_j = j & 1, odd_sum = (i + j) & 1;
      switch (transform) {
        case Dihedral::kOriginal:
          b[i * 16 + j] = v;
          break;
        case Dihedral::kRotate90:
          b[j * 16 + i] = odd_j ? v : -v;
          break;
        case Dihedral::kRotate180:
          b[i * 16 + j] = odd_sum ? -v : v;
          break;
        case Dihedral::kRotate270:
          b[j * 16 + i] = odd_i ? v : -v;
          break;
        case Dihedral::kFlipX:
          b[i * 16 + j] = odd_i ? v : -v;
          break;
        case Dihedral::kFlipY:
          b[i * 16 + j] = odd_j ? v : -v;
          break;
        case Dihedral::kFlipPlus1:
          b[j * 16 + i] = v;
          break;
        case Dihedral::kFlipMinus1:
          b[j * 16 + i] = odd_sum ? -v : v;
          break;
      }
    }
  }
  return b;
}

}  // namespace clearhost::hash
