// Internal to image/: one decoder per container format, and the limit check every one of them
// runs before it allocates pixels. DecodeImage (decode.cpp) sniffs the format and calls one.
//
// Each decoder returns the pixels in stored order (EXIF/TIFF orientation NOT applied; DecodeImage
// applies it) with stored_width, stored_height and exif_orientation filled in; `format` is left
// for DecodeImage to set. Errors follow image.h: InvalidArgument (malformed or unsupported),
// DataLoss (truncated or corrupt), ResourceExhausted (over a limit).
// Thread-safety: pure functions (the TIFF decoder registers libtiff's process-wide handlers once).
#pragma once

#include <cstdint>
#include <span>

#include "core/status.h"
#include "image/image.h"

namespace clearhost::image::internal {

// Largest accepted width or height whatever `max_pixels` says: keeps every dimension, and every
// row size in bytes, well inside `int` and refuses absurd 1 x 10^9 strips.
inline constexpr uint64_t kMaxDimension = uint64_t{1} << 20;

// OK when 0 < width, height <= kMaxDimension and width * height <= options.max_pixels.
// InvalidArgument "image has zero width or height"; ResourceExhausted
// "image is WxH = N pixels, over the limit of M" (or a side over kMaxDimension).
Status CheckPixelLimit(uint64_t width, uint64_t height, const DecodeOptions& options);

// A zero-filled width x height RgbImage. Call only after CheckPixelLimit accepted the size.
RgbImage MakeRgbImage(int width, int height);

Result<DecodedImage> DecodeJpeg(std::span<const uint8_t> bytes, const DecodeOptions& options);
Result<DecodedImage> DecodePng(std::span<const uint8_t> bytes, const DecodeOptions& options);
Result<DecodedImage> DecodeWebp(std::span<const uint8_t> bytes, const DecodeOptions& options);
Result<DecodedImage> DecodeGif(std::span<const uint8_t> bytes, const DecodeOptions& options);
Result<DecodedImage> DecodeTiff(std::span<const uint8_t> bytes, const DecodeOptions& options);
Result<DecodedImage> DecodeBmp(std::span<const uint8_t> bytes, const DecodeOptions& options);
Result<DecodedImage> DecodePnm(std::span<const uint8_t> bytes, const DecodeOptions& options);

}  // namespace clearhost::image::internal
