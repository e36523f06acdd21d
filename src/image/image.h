// Bounded image decoding: bytes in, 8-bit RGB pixels out, format chosen by content sniffing.
//
// Every decoder checks the declared width x height against `DecodeOptions::max_pixels` before
// it allocates the pixel buffer, so a decompression bomb is refused with an error instead of an
// out-of-memory kill. Colour handling is chosen for bit-exact PDQ: 8-bit channels as stored,
// grey replicated to R=G=B, alpha ignored (colour channels used as they are), 16-bit samples
// scaled with rounding, CMYK/YCCK converted to RGB, palette expanded.
// Thread-safety: pure functions; decoders keep no global state.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace clearhost::image {

enum class ImageFormat { kUnknown, kJpeg, kPng, kWebp, kGif, kTiff, kBmp, kPnm };

// Lowercase name ("jpeg", "png", ...; "unknown").
std::string_view ImageFormatName(ImageFormat format);

// Identifies the container from its first bytes (magic numbers), never from a file name.
ImageFormat SniffImageFormat(std::span<const uint8_t> head);

// Interleaved 8-bit RGB, row-major, no padding: pixel (x, y) starts at 3 * (y * width + x).
struct RgbImage {
  int width = 0;
  int height = 0;
  std::vector<uint8_t> rgb;
};

struct DecodeOptions {
  // Largest accepted width * height, checked before the pixel buffer is allocated.
  uint64_t max_pixels = 100'000'000;
  // Rotate/flip JPEG (and TIFF) pictures as their EXIF/TIFF orientation tag says, so the result
  // is the picture as a person sees it. Off reproduces Meta's reference tool.
  bool apply_exif_orientation = true;
  // When > 0, JPEGs are decoded with libjpeg-turbo's DCT-domain scaling (1/2, 1/4, 1/8) to the
  // smallest size whose width and height both stay >= this value (the `--fast` mode).
  int jpeg_min_dimension = 0;
};

struct DecodedImage {
  RgbImage image;
  ImageFormat format = ImageFormat::kUnknown;
  // Dimensions as stored in the file, before orientation or DCT scaling.
  int stored_width = 0;
  int stored_height = 0;
  // EXIF orientation 1..8 found in the file (1 when absent), whether or not it was applied.
  int exif_orientation = 1;
};

// Decodes `bytes`. Errors (each message says what is wrong, e.g. "truncated PNG data",
// "image is 100000x100000 = 10000000000 pixels, over the limit of 100000000"):
//  - InvalidArgument: not a supported image format, or a 0x0 / malformed image;
//  - DataLoss: truncated or corrupt data;
//  - ResourceExhausted: over the pixel limit.
Result<DecodedImage> DecodeImage(std::span<const uint8_t> bytes, const DecodeOptions& options);

}  // namespace clearhost::image
