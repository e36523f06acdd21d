#include "hash/box_filter.h"

#include <gtest/gtest.h>

#include <cstring>
#include <random>
#include <vector>

namespace clearhost::hash {
namespace {

// The reference's one-line running-sum filter, written plainly as the oracle.
void OneLineBox(const float* in, float* out, int length, int stride, int window) {
  const int half = (window + 2) / 2;
  int left = 0, right = 0, output = 0, size = 0;
  float sum = 0.0f;
  for (int i = 0; i < half - 1; ++i, right += stride, ++size) sum += in[right];
  for (int i = 0; i < window - half + 1; ++i, right += stride, output += stride) {
    sum += in[right];
    ++size;
    out[output] = sum / size;
  }
  for (int i = 0; i < length - window; ++i, right += stride, left += stride, output += stride) {
    sum += in[right];
    sum -= in[left];
    out[output] = sum / size;
  }
  for (int i = 0; i < half - 1; ++i, left += stride, output += stride) {
    sum -= in[left];
    --size;
    out[output] = sum / size;
  }
}

bool BitEqual(float a, float b) {
  return std::memcmp(&a, &b, sizeof a) == 0;
}

TEST(BoxFilterTest, WindowSizeIsCeilOfDimensionOver128) {
  EXPECT_EQ(JaroszWindowSize(1, 64), 1);
  EXPECT_EQ(JaroszWindowSize(128, 64), 1);
  EXPECT_EQ(JaroszWindowSize(129, 64), 2);
  EXPECT_EQ(JaroszWindowSize(1000, 64), 8);
  EXPECT_EQ(JaroszWindowSize(3000, 64), 24);
}

TEST(BoxFilterTest, LanesMatchOneLineReferenceBitForBit) {
  std::mt19937 rng(3);
  std::uniform_real_distribution<float> value(0.0f, 255.0f);
  for (int length : {5, 7, 64, 129, 300}) {
    for (int window : {1, 2, 3, 7, 8, 24}) {
      if (window > length) continue;
      const int lanes = 5;
      std::vector<float> in(size_t(length) * lanes), out(in.size()), sums(lanes);
      for (float& v : in) v = value(rng);
      BoxFilterLanes(in.data(), out.data(), length, lanes, lanes, window, sums.data());
      for (int lane = 0; lane < lanes; ++lane) {
        std::vector<float> dense_in(length), dense_out(length);
        for (int s = 0; s < length; ++s) dense_in[s] = in[size_t(s) * lanes + lane];
        OneLineBox(dense_in.data(), dense_out.data(), length, 1, window);
        for (int s = 0; s < length; ++s) {
          ASSERT_TRUE(BitEqual(out[size_t(s) * lanes + lane], dense_out[s]))
              << "length " << length << " window " << window << " lane " << lane << " step " << s;
        }
      }
    }
  }
}

TEST(BoxFilterTest, SampledOutputsEqualFullOutputs) {
  std::mt19937 rng(5);
  std::uniform_real_distribution<float> value(0.0f, 255.0f);
  const int length = 333, lanes = 4, window = 3;
  std::vector<float> in(size_t(length) * lanes), full(in.size()), sums(lanes);
  for (float& v : in) v = value(rng);
  BoxFilterLanes(in.data(), full.data(), length, lanes, lanes, window, sums.data());
  const std::vector<int> steps = {0, 0, 5, 100, 101, 332};  // repeats allowed
  std::vector<float> sampled(steps.size() * lanes);
  BoxFilterLanesSampled(in.data(), length, lanes, lanes, window, steps, sampled.data(), lanes,
                        sums.data());
  for (size_t k = 0; k < steps.size(); ++k) {
    for (int lane = 0; lane < lanes; ++lane) {
      EXPECT_TRUE(BitEqual(sampled[k * lanes + lane], full[size_t(steps[k]) * lanes + lane]));
    }
  }
}

}  // namespace
}  // namespace clearhost::hash
