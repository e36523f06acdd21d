#include "hash/pdq_dct.h"

#include <cmath>
#include <cstdlib>

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

}  // namespace

void Dct64To16(const Block64& in, Block16& out) {
  const auto& d = DctMatrix();
  // T = D A, summed over k in increasing order for every (i, j), vectorized across j.
  std::array<float, 16 * 64> t{};
  for (int i = 0; i < 16; ++i) {
    float* row = &t[i * 64];
    for (int k = 0; k < 64; ++k) {
      const float coefficient = d[i * 64 + k];
      const float* a = &in[k * 64];
      for (int j = 0; j < 64; ++j) row[j] += coefficient * a[j];
    }
  }
  // B = T D^T: B[i][j] = sum_k T[i][k] * D[j][k], k increasing.
  for (int i = 0; i < 16; ++i) {
    for (int j = 0; j < 16; ++j) {
      float sum = 0.0f;
      for (int k = 0; k < 64; ++k) sum += t[i * 64 + k] * d[j * 64 + k];
      out[i * 16 + j] = sum;
    }
  }
}

int PdqQuality(const Block64& block) {
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

float TorbenMedian(const float* values, int count) {
  float min = values[0], max = values[0];
  for (int i = 1; i < count; ++i) {
    if (values[i] < min) min = values[i];
    if (values[i] > max) max = values[i];
  }
  const int half = (count + 1) / 2;
  int less = 0, greater = 0, equal = 0;
  float guess = 0, max_below = 0, min_above = 0;
  while (true) {
    guess = (min + max) / 2;
    less = greater = equal = 0;
    max_below = min;
    min_above = max;
    for (int i = 0; i < count; ++i) {
      if (values[i] < guess) {
        ++less;
        if (values[i] > max_below) max_below = values[i];
      } else if (values[i] > guess) {
        ++greater;
        if (values[i] < min_above) min_above = values[i];
      } else {
        ++equal;
      }
    }
    if (less <= half && greater <= half) break;
    if (less > greater) {
      max = max_below;
    } else {
      min = min_above;
    }
  }
  if (less >= half) return max_below;
  if (less + equal >= half) return guess;
  return min_above;
}

Hash256 ThresholdAtMedian(const Block16& coefficients) {
  const float median = TorbenMedian(coefficients.data(), 256);
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
