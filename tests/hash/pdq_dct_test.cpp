#include "hash/pdq_dct.h"

#include <gtest/gtest.h>

#include <random>

namespace clearhost::hash {
namespace {

// Torben's median exactly as the reference writes it: the oracle for LowerMedian.
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

TEST(PdqDctTest, LowerMedianEqualsTorbenOnRandomAndTiedInputs) {
  std::mt19937 rng(9);
  std::normal_distribution<float> spread(0.0f, 1000.0f);
  std::uniform_int_distribution<int> few(0, 5);
  for (int trial = 0; trial < 2000; ++trial) {
    std::array<float, 256> values;
    for (float& v : values) v = trial % 3 == 0 ? float(few(rng)) : spread(rng);
    if (trial % 7 == 0) values.fill(values[0]);
    EXPECT_EQ(LowerMedian(values.data(), 256), TorbenMedian(values.data(), 256)) << trial;
  }
}

TEST(PdqDctTest, ThresholdSetsBitsStrictlyAboveTheMedian) {
  Block16 coefficients;
  for (int k = 0; k < 256; ++k) coefficients[k] = float(k);
  const Hash256 hash = ThresholdAtMedian(coefficients);
  // Median is 127 (the 128th smallest): bits 128..255 set, 0..127 clear.
  for (int k = 0; k < 256; ++k) EXPECT_EQ(hash.Bit(k), k > 127) << k;
}

TEST(PdqDctTest, FlatBlockHasQualityZeroAndUniformGradientsCount) {
  Block64 flat;
  flat.fill(128.0f);
  EXPECT_EQ(PdqQuality(flat), 0);
  Block64 ramp;
  for (int i = 0; i < 64; ++i) {
    for (int j = 0; j < 64; ++j) ramp[i * 64 + j] = float(j) * 4.0f;  // |d| = int(400/255) = 1
  }
  EXPECT_EQ(PdqQuality(ramp), 64 * 63 / 90);
}

TEST(PdqDctTest, DihedralTransformsAreInvolutionsOrInverses) {
  Block16 a;
  for (int k = 0; k < 256; ++k) a[k] = float(k * 37 % 101) - 50.0f;
  for (Dihedral self_inverse : {Dihedral::kRotate180, Dihedral::kFlipX, Dihedral::kFlipY,
                                Dihedral::kFlipPlus1, Dihedral::kFlipMinus1}) {
    EXPECT_EQ(TransformCoefficients(TransformCoefficients(a, self_inverse), self_inverse), a);
  }
  EXPECT_EQ(
      TransformCoefficients(TransformCoefficients(a, Dihedral::kRotate90), Dihedral::kRotate270),
      a);
}

}  // namespace
}  // namespace clearhost::hash
