#include "hash/pdq.h"

#include <algorithm>

#include "core/multiversion.h"
#include "hash/box_filter.h"

namespace clearhost::hash {
namespace {

// Rows processed together as SIMD lanes by the along-row passes.
constexpr int kStripLanes = 8;
constexpr int kGridSize = 64;

// The reference's luminance coefficients, as float.
constexpr float kLumaRed = 0.299f;
constexpr float kLumaGreen = 0.587f;
constexpr float kLumaBlue = 0.114f;

// decimateFloat's sample positions: cell centres, floor((i + 0.5) * dimension / 64) in double.
std::array<int, kGridSize> SamplePositions(int dimension) {
  std::array<int, kGridSize> positions{};
  for (int i = 0; i < kGridSize; ++i) {
    positions[i] = static_cast<int>(((i + 0.5) * dimension) / kGridSize);
  }
  return positions;
}

bool AllGrey(const RgbView& pixels) {
  for (int y = 0; y < pixels.height; ++y) {
    const uint8_t* p = pixels.rgb + y * pixels.row_stride;
    bool grey = true;
    for (int x = 0; x < pixels.width; ++x, p += 3) grey &= (p[0] == p[1]) & (p[1] == p[2]);
    if (!grey) return false;
  }
  return true;
}

// Writes luminance of rows [first_row, first_row + lanes) transposed: strip[x * kStripLanes + l].
// Lanes past the picture's last row are zero.
CLEARHOST_MULTIVERSION void LumaStrip(const RgbView& pixels, int first_row, bool grey,
                                      float* strip) {
  const int rows = std::min(kStripLanes, pixels.height - first_row);
  for (int l = 0; l < kStripLanes; ++l) {
    if (l >= rows) {
      for (int x = 0; x < pixels.width; ++x) strip[x * kStripLanes + l] = 0.0f;
      continue;
    }
    const uint8_t* p = pixels.rgb + (first_row + l) * pixels.row_stride;
    if (grey) {
      for (int x = 0; x < pixels.width; ++x) strip[x * kStripLanes + l] = float(p[3 * x]);
    } else {
      for (int x = 0; x < pixels.width; ++x) {
        strip[x * kStripLanes + l] =
            kLumaRed * p[3 * x] + kLumaGreen * p[3 * x + 1] + kLumaBlue * p[3 * x + 2];
      }
    }
  }
}

// Copies rows [first_row, first_row + lanes) of a width-wide float image into lane layout.
CLEARHOST_MULTIVERSION void TransposeToStrip(const float* image, int width, int height,
                                             int first_row, float* strip) {
  const int rows = std::min(kStripLanes, height - first_row);
  for (int l = 0; l < kStripLanes; ++l) {
    const float* row = image + size_t(first_row + std::min(l, rows - 1)) * width;
    for (int x = 0; x < width; ++x) strip[x * kStripLanes + l] = row[x];
  }
}

CLEARHOST_MULTIVERSION void TransposeFromStrip(const float* strip, int width, int height,
                                               int first_row, float* image) {
  const int rows = std::min(kStripLanes, height - first_row);
  for (int l = 0; l < rows; ++l) {
    float* row = image + size_t(first_row + l) * width;
    for (int x = 0; x < width; ++x) row[x] = strip[x * kStripLanes + l];
  }
}

}  // namespace

bool PdqHasher::Downsample(const RgbView& pixels, LumaSource luma, Block64& out) {
  const int width = pixels.width, height = pixels.height;
  if (width < kPdqMinDimension || height < kPdqMinDimension) return false;
  const bool grey = luma == LumaSource::kGreyWhenAllGrey && AllGrey(pixels);
  if (width == kGridSize && height == kGridSize) {
    // The reference skips the blur for pictures that are already 64x64 (a window of 1 is the
    // identity mathematically, but not in float running sums).
    std::array<float, kGridSize * kStripLanes> strip{};
    for (int row = 0; row < kGridSize; row += kStripLanes) {
      LumaStrip(pixels, row, grey, strip.data());
      TransposeFromStrip(strip.data(), kGridSize, kGridSize, row, out.data());
    }
    return true;
  }
  const int window_along_rows = JaroszWindowSize(width, kGridSize);
  const int window_along_columns = JaroszWindowSize(height, kGridSize);
  const auto sample_rows = SamplePositions(height);
  const auto sample_columns = SamplePositions(width);

  const size_t area = size_t(width) * height;
  blurred_rows_.resize(area);
  blurred_columns_.resize(area);
  sampled_columns_.resize(size_t(height) * kGridSize);
  strip_in_.resize(size_t(width) * kStripLanes);
  strip_out_.resize(size_t(width) * kStripLanes);
  sums_.resize(std::max(width, kGridSize));

  // Pass 1: along rows, luminance computed straight into lane layout.
  for (int row = 0; row < height; row += kStripLanes) {
    LumaStrip(pixels, row, grey, strip_in_.data());
    BoxFilterLanes(strip_in_.data(), strip_out_.data(), width, kStripLanes, kStripLanes,
                   window_along_rows, sums_.data());
    TransposeFromStrip(strip_out_.data(), width, height, row, blurred_rows_.data());
  }
  // Pass 2: down columns, every column a lane.
  BoxFilterLanes(blurred_rows_.data(), blurred_columns_.data(), height, width, width,
                 window_along_columns, sums_.data());
  // Pass 3: along rows again, keeping only the 64 sampled columns.
  std::array<float, kGridSize * kStripLanes> strip_samples{};
  for (int row = 0; row < height; row += kStripLanes) {
    TransposeToStrip(blurred_columns_.data(), width, height, row, strip_in_.data());
    BoxFilterLanesSampled(strip_in_.data(), width, kStripLanes, kStripLanes, window_along_rows,
                          sample_columns, strip_samples.data(), kStripLanes, sums_.data());
    const int rows = std::min(kStripLanes, height - row);
    for (int l = 0; l < rows; ++l) {
      for (int c = 0; c < kGridSize; ++c) {
        sampled_columns_[size_t(row + l) * kGridSize + c] = strip_samples[c * kStripLanes + l];
      }
    }
  }
  // Pass 4: down the 64 kept columns, keeping only the 64 sampled rows.
  BoxFilterLanesSampled(sampled_columns_.data(), height, kGridSize, kGridSize, window_along_columns,
                        sample_rows, out.data(), kGridSize, sums_.data());
  return true;
}

PdqHash PdqHasher::Hash(const RgbView& pixels, LumaSource luma) {
  Block64 block;
  if (!Downsample(pixels, luma, block)) return {};
  Block16 coefficients;
  Dct64To16(block, coefficients);
  return {ThresholdAtMedian(coefficients), PdqQuality(block)};
}

PdqDihedralHashes PdqHasher::HashDihedral(const RgbView& pixels, LumaSource luma) {
  Block64 block;
  PdqDihedralHashes result;
  if (!Downsample(pixels, luma, block)) return result;
  Block16 coefficients;
  Dct64To16(block, coefficients);
  for (int t = 0; t < kDihedralCount; ++t) {
    result.hashes[t] = ThresholdAtMedian(TransformCoefficients(coefficients, Dihedral(t)));
  }
  result.quality = PdqQuality(block);
  return result;
}

}  // namespace clearhost::hash
