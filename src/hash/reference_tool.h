// Reproduces the pre-step of Meta's reference command-line tool (pdq-photo-hasher), so that
// `--compat reference-tool` output can be compared bit for bit with it: a picture wider or taller
// than 512 px is first resized to exactly 512x512 by nearest-neighbour sampling (CImg's resize:
// source index floor(x * width / 512), aspect ratio not kept).
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <vector>

#include "hash/pdq.h"

namespace clearhost::hash {

inline constexpr int kReferenceToolMaxDimension = 512;

// True when the reference tool would resize a picture of this size.
inline bool ReferenceToolResizes(int width, int height) {
  return width > kReferenceToolMaxDimension || height > kReferenceToolMaxDimension;
}

// The 512x512 nearest-neighbour resize, written into `out` (resized as needed); returns its view.
RgbView ReferenceToolResize(const RgbView& pixels, std::vector<uint8_t>& out);

}  // namespace clearhost::hash
