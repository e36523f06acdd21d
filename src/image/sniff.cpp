// Container identification by magic bytes (never by file name).
#include <algorithm>
#include <array>
#include <cstring>

#include "image/image.h"

namespace clearhost::image {
namespace {

bool StartsWith(std::span<const uint8_t> head, std::span<const uint8_t> magic) {
  return head.size() >= magic.size() && std::equal(magic.begin(), magic.end(), head.begin());
}

bool StartsWith(std::span<const uint8_t> head, const char* magic, size_t length) {
  return StartsWith(head, std::span(reinterpret_cast<const uint8_t*>(magic), length));
}

bool IsPnmWhitespace(uint8_t c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

}  // namespace

std::string_view ImageFormatName(ImageFormat format) {
  switch (format) {
    case ImageFormat::kJpeg:
      return "jpeg";
    case ImageFormat::kPng:
      return "png";
    case ImageFormat::kWebp:
      return "webp";
    case ImageFormat::kGif:
      return "gif";
    case ImageFormat::kTiff:
      return "tiff";
    case ImageFormat::kBmp:
      return "bmp";
    case ImageFormat::kPnm:
      return "pnm";
    case ImageFormat::kUnknown:
      break;
  }
  return "unknown";
}

ImageFormat SniffImageFormat(std::span<const uint8_t> head) {
  // JPEG: SOI (FF D8) followed by the first marker's FF.
  static constexpr std::array<uint8_t, 3> kJpeg = {0xFF, 0xD8, 0xFF};
  // PNG: the 8-byte signature (PNG spec 5.2).
  static constexpr std::array<uint8_t, 8> kPng = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
  if (StartsWith(head, kJpeg)) return ImageFormat::kJpeg;
  if (StartsWith(head, kPng)) return ImageFormat::kPng;
  // WebP: "RIFF", 4-byte little-endian size, "WEBP".
  if (head.size() >= 12 && StartsWith(head, "RIFF", 4) &&
      std::memcmp(head.data() + 8, "WEBP", 4) == 0) {
    return ImageFormat::kWebp;
  }
  if (StartsWith(head, "GIF87a", 6) || StartsWith(head, "GIF89a", 6)) return ImageFormat::kGif;
  // TIFF: byte order "II" (little) or "MM" (big), then 42; BigTIFF has 43.
  if (StartsWith(head, "II*\0", 4) || StartsWith(head, "MM\0*", 4) ||
      StartsWith(head, "II+\0", 4) || StartsWith(head, "MM\0+", 4)) {
    return ImageFormat::kTiff;
  }
  // BMP: "BM" (the 14-byte file header and DIB header are checked by the decoder).
  if (StartsWith(head, "BM", 2)) return ImageFormat::kBmp;
  // Netpbm: "P1".."P6" followed by whitespace (or a comment, which netpbm also accepts).
  if (head.size() >= 3 && head[0] == 'P' && head[1] >= '1' && head[1] <= '6' &&
      (IsPnmWhitespace(head[2]) || head[2] == '#')) {
    return ImageFormat::kPnm;
  }
  return ImageFormat::kUnknown;
}

}  // namespace clearhost::image
