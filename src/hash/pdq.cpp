#include "hash/pdq.h"

#include <algorithm>
#include <cstring>

#if defined(__SSE4_1__)
#include <smmintrin.h>
#endif

#include "core/multiversion.h"
#include "hash/box_filter.h"
#include "hash/strip_kernels.h"
#include "hash/transpose8x8.h"

namespace clearhost::hash {
namespace {

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

#if defined(__SSE4_1__)
// Luminance of the four pixels at rgb (reads 16 bytes, uses 12) into out[0..4): channels shuffled
// apart, widened to float and combined exactly as the scalar expression does.
inline void Luma4(const uint8_t* rgb, float* out) {
  const __m128i red_bytes =
      _mm_setr_epi8(0, 3, 6, 9, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1);
  const __m128i green_bytes =
      _mm_setr_epi8(1, 4, 7, 10, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1);
  const __m128i blue_bytes =
      _mm_setr_epi8(2, 5, 8, 11, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1);
  const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(rgb));
  const __m128 red = _mm_cvtepi32_ps(_mm_cvtepu8_epi32(_mm_shuffle_epi8(bytes, red_bytes)));
  const __m128 green = _mm_cvtepi32_ps(_mm_cvtepu8_epi32(_mm_shuffle_epi8(bytes, green_bytes)));
  const __m128 blue = _mm_cvtepi32_ps(_mm_cvtepu8_epi32(_mm_shuffle_epi8(bytes, blue_bytes)));
  const __m128 luma = _mm_add_ps(_mm_add_ps(_mm_mul_ps(red, _mm_set1_ps(kLumaRed)),
                                            _mm_mul_ps(green, _mm_set1_ps(kLumaGreen))),
                                 _mm_mul_ps(blue, _mm_set1_ps(kLumaBlue)));
  _mm_storeu_ps(out, luma);
}
#endif

inline float LumaOf(const uint8_t* p, bool grey) {
  return grey ? float(p[0]) : kLumaRed * p[0] + kLumaGreen * p[1] + kLumaBlue * p[2];
}

// Luminance of rows [first_row, first_row + 8) written straight into strip layout
// (strip[8 * x + l]); rows past `valid_rows` repeat the last valid one.
CLEARHOST_MULTIVERSION void LumaStrip(const RgbView& pixels, int first_row, int valid_rows,
                                      bool grey, float* strip) {
  const int width = pixels.width;
  const uint8_t* rows[kStripRows];
  for (int l = 0; l < kStripRows; ++l) {
    rows[l] = pixels.rgb + size_t(first_row + std::min(l, valid_rows - 1)) * pixels.row_stride;
  }
  int x = 0;
#if defined(__SSE4_1__)
  // Eight pixels per row per block; the second 16-byte load ends at byte 3x + 28.
  if (!grey) {
    alignas(32) float block[kStripRows * kStripRows];
    for (; 3 * x + 28 <= 3 * width; x += kStripRows) {
      for (int l = 0; l < kStripRows; ++l) {
        Luma4(rows[l] + 3 * x, block + kStripRows * l);
        Luma4(rows[l] + 3 * x + 12, block + kStripRows * l + 4);
      }
      Transpose8x8(block, kStripRows, strip + kStripRows * x, kStripRows);
    }
  }
#endif
  for (; x < width; ++x) {
    for (int l = 0; l < kStripRows; ++l) strip[kStripRows * x + l] = LumaOf(rows[l] + 3 * x, grey);
  }
}

// Luminance of one row (the 64x64 fast path).
void LumaRow(const uint8_t* rgb, int width, bool grey, float* out) {
  for (int x = 0; x < width; ++x) out[x] = LumaOf(rgb + 3 * x, grey);
}

}  // namespace

bool PdqHasher::Downsample(const RgbView& pixels, LumaSource luma, Block64& out) {
  const int width = pixels.width, height = pixels.height;
  if (width < kPdqMinDimension || height < kPdqMinDimension) return false;
  const bool grey = luma == LumaSource::kGreyWhenAllGrey && AllGrey(pixels);
  if (width == kGridSize && height == kGridSize) {
    // The reference skips the blur for pictures that are already 64x64 (a window of 1 is the
    // identity mathematically, but not in float running sums).
    for (int row = 0; row < kGridSize; ++row) {
      LumaRow(pixels.rgb + size_t(row) * pixels.row_stride, kGridSize, grey,
              out.data() + row * kGridSize);
    }
    return true;
  }
  const int window_along_rows = JaroszWindowSize(width, kGridSize);
  const int window_along_columns = JaroszWindowSize(height, kGridSize);
  const auto sample_rows = SamplePositions(height);
  const auto sample_columns = SamplePositions(width);

  // Pass-1 rows live in a ring just large enough for the column window plus one strip ahead, so
  // memory is O(width * window) whatever the height.
  const int ring_rows =
      (window_along_columns + 2 * kStripRows + kStripRows - 1) / kStripRows * kStripRows;
  ring_.resize(size_t(width) * ring_rows);
  sampled_columns_.resize(size_t(height) * kGridSize);
  strip_in_.resize(size_t(width) * kStripRows);
  strip_out_.resize(size_t(width) * kStripRows);
  sums_.resize(std::max(width, kGridSize));

  int produced_rows = 0;
  // Pass 1: along rows, eight rows at a time in strip layout, into the ring.
  auto produce_strip = [&] {
    const int row = produced_rows;
    const int valid_rows = std::min(kStripRows, height - row);
    LumaStrip(pixels, row, valid_rows, grey, strip_in_.data());
    BoxFilterStrip(strip_in_.data(), strip_out_.data(), width, window_along_rows);
    StripToRows(strip_out_.data(), width, ring_.data() + size_t(row % ring_rows) * width, width,
                valid_rows);
    produced_rows += valid_rows;
  };
  // Pass 2 down the columns, fed from the ring and streamed into pass 3 along rows again,
  // which keeps only the 64 sampled columns.
  ColumnBoxStream columns(ring_.data(), ring_rows, width, height, window_along_columns,
                          sums_.data());
  std::array<float, kGridSize * kStripRows> strip_samples{};
  for (int row = 0; row < height; row += kStripRows) {
    const int valid_rows = std::min(kStripRows, height - row);
    while (columns.LastRowNeeded(valid_rows) >= produced_rows) produce_strip();
    columns.NextStrip(valid_rows, strip_in_.data());
    BoxFilterStripSampled(strip_in_.data(), width, window_along_rows, sample_columns,
                          strip_samples.data());
    for (int l = 0; l < valid_rows; ++l) {
      for (int c = 0; c < kGridSize; ++c) {
        sampled_columns_[size_t(row + l) * kGridSize + c] = strip_samples[c * kStripRows + l];
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
