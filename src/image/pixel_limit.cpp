// The size check every decoder runs before allocating pixels (decompression-bomb defence).
#include <string>

#include "absl/strings/str_cat.h"
#include "image/decoders.h"

namespace clearhost::image::internal {

Status CheckPixelLimit(uint64_t width, uint64_t height, const DecodeOptions& options) {
  if (width == 0 || height == 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("image has zero width or height (", width, "x", height, ")"));
  }
  if (width > kMaxDimension || height > kMaxDimension) {
    return absl::ResourceExhaustedError(absl::StrCat(
        "image is ", width, "x", height, ", a side over the limit of ", kMaxDimension, " pixels"));
  }
  const uint64_t pixels = width * height;  // both <= 2^20: no overflow
  if (pixels > options.max_pixels) {
    return absl::ResourceExhaustedError(absl::StrCat("image is ", width, "x", height, " = ", pixels,
                                                     " pixels, over the limit of ",
                                                     options.max_pixels));
  }
  return absl::OkStatus();
}

RgbImage MakeRgbImage(int width, int height) {
  RgbImage image;
  image.width = width;
  image.height = height;
  image.rgb.resize(size_t(width) * size_t(height) * 3);
  return image;
}

}  // namespace clearhost::image::internal
