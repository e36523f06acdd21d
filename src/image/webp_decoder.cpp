// WebP decoding through libwebp (lossy, lossless, alpha dropped: colour channels as stored).
// Animated WebP needs libwebpdemux for its first frame and is refused for now.
#include <webp/decode.h>

#include "absl/strings/str_cat.h"
#include "image/decoders.h"

namespace clearhost::image::internal {
namespace {

Status WebpError(VP8StatusCode code) {
  switch (code) {
    case VP8_STATUS_OK:
      return absl::OkStatus();
    case VP8_STATUS_NOT_ENOUGH_DATA:
      return absl::DataLossError("truncated WebP data");
    case VP8_STATUS_BITSTREAM_ERROR:
      return absl::DataLossError("corrupt WebP data (bitstream error)");
    case VP8_STATUS_UNSUPPORTED_FEATURE:
      return absl::InvalidArgumentError("WebP uses a feature libwebp does not support");
    case VP8_STATUS_OUT_OF_MEMORY:
      return absl::ResourceExhaustedError("out of memory decoding WebP");
    case VP8_STATUS_INVALID_PARAM:
    case VP8_STATUS_SUSPENDED:
    case VP8_STATUS_USER_ABORT:
      break;
  }
  return absl::DataLossError(absl::StrCat("WebP decoding failed (libwebp status ", code, ")"));
}

}  // namespace

Result<DecodedImage> DecodeWebp(std::span<const uint8_t> bytes, const DecodeOptions& options) {
  WebPDecoderConfig config;
  if (!WebPInitDecoderConfig(&config)) return absl::InternalError("libwebp version mismatch");
  CLEARHOST_RETURN_IF_ERROR(WebpError(WebPGetFeatures(bytes.data(), bytes.size(), &config.input)));
  if (config.input.has_animation) {
    return absl::InvalidArgumentError("animated WebP not supported yet");
  }
  const int width = config.input.width, height = config.input.height;
  CLEARHOST_RETURN_IF_ERROR(CheckPixelLimit(uint64_t(width), uint64_t(height), options));
  DecodedImage out;
  out.stored_width = width;
  out.stored_height = height;
  out.image = MakeRgbImage(width, height);
  config.output.colorspace = MODE_RGB;
  config.output.is_external_memory = 1;
  config.output.u.RGBA.rgba = out.image.rgb.data();
  config.output.u.RGBA.stride = width * 3;
  config.output.u.RGBA.size = out.image.rgb.size();
  const VP8StatusCode code = WebPDecode(bytes.data(), bytes.size(), &config);
  WebPFreeDecBuffer(&config.output);  // frees nothing for external memory; kept for symmetry
  CLEARHOST_RETURN_IF_ERROR(WebpError(code));
  return out;
}

}  // namespace clearhost::image::internal
