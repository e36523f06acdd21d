// Netpbm decoding (PBM, PGM, PPM; plain and raw), our own parser.
//
// Layout (netpbm.sourceforge.net/doc/pbm.html, pgm.html, ppm.html):
//   "P1".."P6", then width, height and (not for PBM) maxval as ASCII decimals separated by
//   whitespace, '#' starting a comment up to the end of the line. Plain formats (P1 P2 P3) go on
//   with ASCII samples (P1: one '0'/'1' digit per pixel, separators optional); raw formats (P4 P5
//   P6) have exactly one whitespace byte, then binary rows: P4 packs 8 pixels per byte, most
//   significant bit first, each row starting on a byte; P5/P6 samples are 1 byte (maxval < 256)
//   or 2 bytes big-endian. PBM 1 is black. Samples scale to 0..255 as round(v * 255 / maxval).
#include <algorithm>
#include <string>

#include "absl/strings/str_cat.h"
#include "image/decoders.h"

namespace clearhost::image::internal {
namespace {

constexpr uint64_t kMaxHeaderNumber = uint64_t{1} << 32;

Status Truncated() {
  return absl::DataLossError("truncated PNM data");
}

bool IsWhitespace(uint8_t c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

class PnmReader {
 public:
  explicit PnmReader(std::span<const uint8_t> bytes) : bytes_(bytes) {}

  size_t remaining() const { return bytes_.size() - position_; }
  const uint8_t* cursor() const { return bytes_.data() + position_; }
  void Advance(size_t count) { position_ += count; }

  void SkipWhitespaceAndComments() {
    while (position_ < bytes_.size()) {
      if (bytes_[position_] == '#') {
        while (position_ < bytes_.size() && bytes_[position_] != '\n') ++position_;
      } else if (IsWhitespace(bytes_[position_])) {
        ++position_;
      } else {
        return;
      }
    }
  }

  // An unsigned decimal after optional whitespace and comments; values above `max` are refused.
  Result<uint64_t> ReadNumber(uint64_t max, const char* what) {
    SkipWhitespaceAndComments();
    if (position_ >= bytes_.size()) return Truncated();
    if (bytes_[position_] < '0' || bytes_[position_] > '9') {
      return absl::InvalidArgumentError(absl::StrCat("malformed PNM: expected the ", what));
    }
    uint64_t value = 0;
    while (position_ < bytes_.size() && bytes_[position_] >= '0' && bytes_[position_] <= '9') {
      value = value * 10 + (bytes_[position_++] - '0');
      if (value > max) {
        return absl::InvalidArgumentError(absl::StrCat("PNM ", what, " is out of range"));
      }
    }
    return value;
  }

  // The one plain-PBM digit of the next pixel (separators are optional there).
  Result<bool> ReadBit() {
    SkipWhitespaceAndComments();
    if (position_ >= bytes_.size()) return Truncated();
    const uint8_t c = bytes_[position_++];
    if (c != '0' && c != '1') return absl::InvalidArgumentError("malformed PBM pixel");
    return c == '1';
  }

 private:
  std::span<const uint8_t> bytes_;
  size_t position_ = 0;
};

uint8_t Scale(uint64_t sample, uint64_t maxval) {
  if (maxval == 255) return uint8_t(std::min<uint64_t>(sample, 255));
  sample = std::min(sample, maxval);
  return uint8_t((sample * 255 + maxval / 2) / maxval);
}

}  // namespace

Result<DecodedImage> DecodePnm(std::span<const uint8_t> bytes, const DecodeOptions& options) {
  if (bytes.size() < 3 || bytes[0] != 'P' || bytes[1] < '1' || bytes[1] > '6') {
    return absl::InvalidArgumentError("not a PNM file");
  }
  const int kind = bytes[1] - '0';
  const bool bitmap = kind == 1 || kind == 4, raw = kind >= 4;
  const int channels = kind == 3 || kind == 6 ? 3 : 1;
  PnmReader reader(bytes);
  reader.Advance(2);
  CLEARHOST_ASSIGN_OR_RETURN(const uint64_t width, reader.ReadNumber(kMaxHeaderNumber, "width"));
  CLEARHOST_ASSIGN_OR_RETURN(const uint64_t height, reader.ReadNumber(kMaxHeaderNumber, "height"));
  uint64_t maxval = 1;
  if (!bitmap) {
    CLEARHOST_ASSIGN_OR_RETURN(maxval, reader.ReadNumber(65535, "maxval"));
    if (maxval == 0) return absl::InvalidArgumentError("PNM maxval is 0");
  }
  CLEARHOST_RETURN_IF_ERROR(CheckPixelLimit(width, height, options));
  if (raw) {  // exactly one whitespace byte before the raster
    if (reader.remaining() == 0) return Truncated();
    if (!IsWhitespace(*reader.cursor())) {
      return absl::InvalidArgumentError("malformed PNM: no whitespace before the raster");
    }
    reader.Advance(1);
  }
  // Refuse short files before allocating: every sample needs at least this many bytes.
  const uint64_t samples = width * height * channels;
  const uint64_t sample_bytes = maxval < 256 ? 1 : 2;
  const uint64_t needed = kind == 4   ? (width + 7) / 8 * height
                          : raw       ? samples * sample_bytes
                          : kind == 1 ? samples
                                      : 2 * samples - 1;  // digits and separators
  if (reader.remaining() < needed) return Truncated();

  DecodedImage out;
  out.stored_width = int(width);
  out.stored_height = int(height);
  out.image = MakeRgbImage(int(width), int(height));
  uint8_t* rgb = out.image.rgb.data();
  const uint8_t* raster = reader.cursor();
  for (uint64_t y = 0; y < height; ++y) {
    for (uint64_t x = 0; x < width; ++x, rgb += 3) {
      if (bitmap) {
        bool black = false;
        if (raw) {
          black = (raster[y * ((width + 7) / 8) + x / 8] >> (7 - x % 8)) & 1;
        } else {
          CLEARHOST_ASSIGN_OR_RETURN(black, reader.ReadBit());
        }
        rgb[0] = rgb[1] = rgb[2] = black ? 0 : 255;
        continue;
      }
      for (int c = 0; c < channels; ++c) {
        uint64_t sample = 0;
        if (raw) {
          const uint8_t* p = raster + ((y * width + x) * channels + c) * sample_bytes;
          sample = sample_bytes == 1 ? p[0] : uint64_t(p[0]) << 8 | p[1];
        } else {
          CLEARHOST_ASSIGN_OR_RETURN(sample, reader.ReadNumber(65535, "sample"));
        }
        rgb[c] = Scale(sample, maxval);
      }
      if (channels == 1) rgb[1] = rgb[2] = rgb[0];
    }
  }
  return out;
}

}  // namespace clearhost::image::internal
