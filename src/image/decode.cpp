// DecodeImage: sniff the container, run its decoder, apply the orientation tag.
#include <cstdio>
#include <string>

#include "absl/strings/str_cat.h"
#include "image/decoders.h"
#include "image/orientation.h"

namespace clearhost::image {
namespace {

std::string FirstBytesHex(std::span<const uint8_t> bytes) {
  std::string hex;
  for (size_t i = 0; i < bytes.size() && i < 4; ++i) {
    char byte[4];
    std::snprintf(byte, sizeof(byte), i == 0 ? "%02x" : " %02x", bytes[i]);
    hex += byte;
  }
  return hex;
}

Result<DecodedImage> DecodeSniffed(ImageFormat format, std::span<const uint8_t> bytes,
                                   const DecodeOptions& options) {
  switch (format) {
    case ImageFormat::kJpeg:
      return internal::DecodeJpeg(bytes, options);
    case ImageFormat::kPng:
      return internal::DecodePng(bytes, options);
    case ImageFormat::kWebp:
      return internal::DecodeWebp(bytes, options);
    case ImageFormat::kGif:
      return internal::DecodeGif(bytes, options);
    case ImageFormat::kTiff:
      return internal::DecodeTiff(bytes, options);
    case ImageFormat::kBmp:
      return internal::DecodeBmp(bytes, options);
    case ImageFormat::kPnm:
      return internal::DecodePnm(bytes, options);
    case ImageFormat::kUnknown:
      break;
  }
  if (bytes.empty()) return absl::InvalidArgumentError("not an image: the input is empty");
  return absl::InvalidArgumentError(
      absl::StrCat("not a recognised image format (first bytes: ", FirstBytesHex(bytes), ")"));
}

}  // namespace

Result<DecodedImage> DecodeImage(std::span<const uint8_t> bytes, const DecodeOptions& options) {
  const ImageFormat format = SniffImageFormat(bytes);
  CLEARHOST_ASSIGN_OR_RETURN(DecodedImage decoded, DecodeSniffed(format, bytes, options));
  decoded.format = format;
  if (options.apply_exif_orientation && decoded.exif_orientation != 1) {
    decoded.image = internal::ApplyOrientation(std::move(decoded.image), decoded.exif_orientation);
  }
  return decoded;
}

}  // namespace clearhost::image
