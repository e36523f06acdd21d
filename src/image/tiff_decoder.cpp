// TIFF decoding through libtiff's RGBA interface (it handles bilevel, grey, palette, RGB, CMYK,
// YCbCr, CIE Lab, 8/16-bit, strips and tiles, most codecs): the first directory only, alpha
// dropped with colour channels as stored, rows in stored order with the Orientation tag reported
// for DecodeImage to apply.
//
// libtiff is read through TIFFClientOpenExt on the in-memory buffer. Its errors and warnings go to
// per-TIFF handlers (TIFFOpenOptions, libtiff >= 4.5) that keep the first error message; the
// process-wide default handlers, which print to stderr, are switched off once.
#include <tiffio.h>

#include <algorithm>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <vector>

#include "absl/strings/str_cat.h"
#include "image/decoders.h"

namespace clearhost::image::internal {
namespace {

// Rows decoded per TIFFRGBAImageGet call (rounded up to whole strips or tiles), so the 4-byte
// ABGR raster stays small next to the 3-byte output.
constexpr uint32_t kBandRows = 256;

struct TiffSource {
  std::span<const uint8_t> bytes;
  uint64_t offset = 0;
  char first_error[512] = {};
};

TiffSource& SourceOf(thandle_t handle) {
  return *static_cast<TiffSource*>(handle);
}

tmsize_t ReadTiff(thandle_t handle, void* out, tmsize_t size) {
  TiffSource& source = SourceOf(handle);
  if (size <= 0 || source.offset >= source.bytes.size()) return 0;
  const uint64_t count = std::min<uint64_t>(uint64_t(size), source.bytes.size() - source.offset);
  std::memcpy(out, source.bytes.data() + source.offset, count);
  source.offset += count;
  return tmsize_t(count);
}

tmsize_t WriteTiff(thandle_t, void*, tmsize_t) {
  return -1;
}  // read-only

toff_t SeekTiff(thandle_t handle, toff_t offset, int whence) {
  TiffSource& source = SourceOf(handle);
  uint64_t base = 0;
  if (whence == SEEK_CUR) base = source.offset;
  if (whence == SEEK_END) base = source.bytes.size();
  if (offset > UINT64_MAX - base) return toff_t(-1);
  source.offset = base + offset;  // past the end is allowed; reads there return 0 bytes
  return source.offset;
}

int CloseTiff(thandle_t) {
  return 0;
}
toff_t SizeTiff(thandle_t handle) {
  return SourceOf(handle).bytes.size();
}
int MapTiff(thandle_t, void**, toff_t*) {
  return 0;
}  // no mapping: libtiff reads via ReadTiff
void UnmapTiff(thandle_t, void*, toff_t) {}

int OnTiffError(TIFF*, void* user_data, const char* module, const char* format, va_list args) {
  auto* source = static_cast<TiffSource*>(user_data);
  if (source->first_error[0] == '\0') {
    char text[400];
    std::vsnprintf(text, sizeof(text), format, args);
    std::snprintf(source->first_error, sizeof(source->first_error), "%s: %s",
                  module != nullptr ? module : "libtiff", text);
  }
  return 1;  // handled: do not call the process-wide handler
}

int OnTiffWarning(TIFF*, void*, const char*, const char*, va_list) {
  return 1;
}

void SilenceProcessWideHandlers() {
  static std::once_flag once;
  std::call_once(once, [] {
    TIFFSetErrorHandler(nullptr);
    TIFFSetWarningHandler(nullptr);
  });
}

class TiffCloser {
 public:
  explicit TiffCloser(TIFF* tiff) : tiff_(tiff) {}
  ~TiffCloser() { TIFFClose(tiff_); }
  TiffCloser(const TiffCloser&) = delete;
  TiffCloser& operator=(const TiffCloser&) = delete;

 private:
  TIFF* tiff_;
};

class RgbaImageEnd {
 public:
  explicit RgbaImageEnd(TIFFRGBAImage* image) : image_(image) {}
  ~RgbaImageEnd() { TIFFRGBAImageEnd(image_); }
  RgbaImageEnd(const RgbaImageEnd&) = delete;
  RgbaImageEnd& operator=(const RgbaImageEnd&) = delete;

 private:
  TIFFRGBAImage* image_;
};

TIFF* OpenTiff(TiffSource& source, const DecodeOptions& options) {
  TIFFOpenOptions* open_options = TIFFOpenOptionsAlloc();
  if (open_options == nullptr) return nullptr;
  TIFFOpenOptionsSetErrorHandlerExtR(open_options, OnTiffError, &source);
  TIFFOpenOptionsSetWarningHandlerExtR(open_options, OnTiffWarning, nullptr);
  // Bounds every single allocation libtiff makes (strip buffers, tag arrays) by what an image
  // within the pixel limit can need: 8 bytes per pixel (4 samples of 16 bits), plus slack.
  const uint64_t max_alloc =
      std::min<uint64_t>(options.max_pixels, uint64_t{1} << 34) * 8 + (uint64_t{64} << 20);
  TIFFOpenOptionsSetMaxSingleMemAlloc(open_options, tmsize_t(max_alloc));
  // "m": no memory mapping.
  TIFF* tiff = TIFFClientOpenExt("memory", "rm", &source, ReadTiff, WriteTiff, SeekTiff, CloseTiff,
                                 SizeTiff, MapTiff, UnmapTiff, open_options);
  TIFFOpenOptionsFree(open_options);
  return tiff;
}

// libtiff premultiplies unassociated alpha through the UaToAa table; making that table the
// identity keeps the colour channels as stored (our rule: alpha ignored, never composited).
void KeepColourAsStored(TIFFRGBAImage& image) {
  if (image.UaToAa == nullptr) return;
  for (int alpha = 0; alpha < 256; ++alpha) {
    for (int value = 0; value < 256; ++value) image.UaToAa[alpha * 256 + value] = uint8_t(value);
  }
}

}  // namespace

Result<DecodedImage> DecodeTiff(std::span<const uint8_t> bytes, const DecodeOptions& options) {
  SilenceProcessWideHandlers();
  TiffSource source{bytes};
  TIFF* tiff = OpenTiff(source, options);
  if (tiff == nullptr) {
    return absl::DataLossError(absl::StrCat("cannot read TIFF: ", source.first_error));
  }
  TiffCloser closer(tiff);
  uint32_t width = 0, height = 0;
  TIFFGetField(tiff, TIFFTAG_IMAGEWIDTH, &width);
  TIFFGetField(tiff, TIFFTAG_IMAGELENGTH, &height);
  CLEARHOST_RETURN_IF_ERROR(CheckPixelLimit(width, height, options));
  char message[1024] = {};
  if (!TIFFRGBAImageOK(tiff, message)) {
    return absl::InvalidArgumentError(absl::StrCat("unsupported TIFF: ", message));
  }
  TIFFRGBAImage rgba{};
  if (!TIFFRGBAImageBegin(&rgba, tiff, /*stop_on_error=*/1, message)) {
    return absl::DataLossError(absl::StrCat("cannot decode TIFF: ", message, source.first_error));
  }
  RgbaImageEnd end(&rgba);
  KeepColourAsStored(rgba);
  // Asking for the file's own orientation makes libtiff flip nothing: rows come in stored order.
  rgba.req_orientation = rgba.orientation;
  uint32_t unit_rows = 0;  // rows per strip or per tile: bands are whole units
  if (TIFFIsTiled(tiff)) {
    TIFFGetField(tiff, TIFFTAG_TILELENGTH, &unit_rows);
  } else {
    TIFFGetFieldDefaulted(tiff, TIFFTAG_ROWSPERSTRIP, &unit_rows);
  }
  unit_rows = std::clamp<uint32_t>(unit_rows, 1, height);
  const uint32_t band_rows =
      std::min<uint64_t>(height, uint64_t(unit_rows) * ((kBandRows + unit_rows - 1) / unit_rows));

  DecodedImage out;
  out.stored_width = int(width);
  out.stored_height = int(height);
  out.exif_orientation = rgba.orientation >= 1 && rgba.orientation <= 8 ? rgba.orientation : 1;
  out.image = MakeRgbImage(int(width), int(height));
  std::vector<uint32_t> raster(size_t(width) * band_rows);
  for (uint32_t row = 0; row < height; row += band_rows) {
    const uint32_t rows = std::min(band_rows, height - row);
    rgba.row_offset = int(row);
    rgba.col_offset = 0;
    if (!TIFFRGBAImageGet(&rgba, raster.data(), width, rows)) {
      return absl::DataLossError(
          absl::StrCat("corrupt or truncated TIFF data: ", source.first_error));
    }
    uint8_t* rgb = &out.image.rgb[size_t(row) * width * 3];
    for (size_t i = 0; i < size_t(width) * rows; ++i, rgb += 3) {
      rgb[0] = uint8_t(TIFFGetR(raster[i]));
      rgb[1] = uint8_t(TIFFGetG(raster[i]));
      rgb[2] = uint8_t(TIFFGetB(raster[i]));
    }
  }
  return out;
}

}  // namespace clearhost::image::internal
