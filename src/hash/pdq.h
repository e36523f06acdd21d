// PDQ perceptual hashing of RGB pixels, bit-identical to Meta's reference implementation.
//
// Pipeline: luminance 0.299R + 0.587G + 0.114B in float; two X,Y passes of a Jarosz box filter
// with windows ceil(width/128) and ceil(height/128); 64x64 decimation at cell centres; quality
// metric; 16x16 DCT; threshold at the median. Pictures under 5 px in a dimension hash to zero
// with quality 0; pictures of exactly 64x64 skip the blur, as in the reference. Only the values the
// decimation samples are carried through the last two filter passes, which is where most of the
// speed over the reference comes from. Thread-safety: a PdqHasher owns scratch buffers and is not
// thread-safe; use one per thread.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/hash256.h"
#include "hash/pdq_dct.h"

namespace clearhost::hash {

// A view of interleaved 8-bit RGB pixels.
struct RgbView {
  const uint8_t* rgb = nullptr;
  int width = 0;
  int height = 0;
  size_t row_stride = 0;  // bytes between rows; 3 * width when packed
};

// How luminance is taken from the pixels.
enum class LumaSource {
  kWeightedRgb,      // 0.299R + 0.587G + 0.114B, the reference library's fillFloatLumaFromRGB
  kGreyWhenAllGrey,  // the grey value itself when every pixel has R=G=B (the reference tool reads
                     // such pictures as one-channel greyscale), else weighted RGB
};

struct PdqHash {
  Hash256 hash;
  int quality = 0;
};

struct PdqDihedralHashes {
  std::array<Hash256, kDihedralCount> hashes;  // indexed by Dihedral
  int quality = 0;
};

// Pictures smaller than this in either dimension get the zero hash and quality 0.
inline constexpr int kPdqMinDimension = 5;

class PdqHasher {
 public:
  PdqHash Hash(const RgbView& pixels, LumaSource luma = LumaSource::kWeightedRgb);
  PdqDihedralHashes HashDihedral(const RgbView& pixels, LumaSource luma = LumaSource::kWeightedRgb);

  // Stage entry point (benchmarks, tests): luminance, blur and decimation to 64x64. Returns false
  // (and leaves `out` alone) for pictures under kPdqMinDimension.
  bool Downsample(const RgbView& pixels, LumaSource luma, Block64& out);

 private:
  std::vector<float> ring_;             // pass 1 output, the last few rows only
  std::vector<float> sampled_columns_;  // pass 3 output at the 64 sampled columns, height x 64
  std::vector<float> strip_in_;         // the same eight rows in strip layout
  std::vector<float> strip_out_;
  std::vector<float> sums_;
};

}  // namespace clearhost::hash
