// GIF decoding through giflib: the first frame only, composed as a viewer shows it on a canvas
// of the logical screen size filled with the background colour (black without a global colour
// table), the frame at its offset and clipped to the canvas, transparent pixels leaving the
// canvas colour. Records are read one by one up to the first image, and that image is decoded
// line by line: later frames are never decompressed (DGifSlurp would decode them all).
#include <gif_lib.h>

#include <algorithm>
#include <cstring>
#include <vector>

#include "absl/strings/str_cat.h"
#include "image/decoders.h"

namespace clearhost::image::internal {
namespace {

struct GifSource {
  std::span<const uint8_t> bytes;
  size_t offset = 0;
  bool truncated = false;
};

int ReadGifBytes(GifFileType* gif, GifByteType* out, int length) {
  auto* source = static_cast<GifSource*>(gif->UserData);
  const size_t available = source->bytes.size() - source->offset;
  size_t count = length < 0 ? 0 : size_t(length);
  if (count > available) {
    source->truncated = true;
    count = available;
  }
  std::memcpy(out, source->bytes.data() + source->offset, count);
  source->offset += count;
  return int(count);
}

class GifCloser {
 public:
  explicit GifCloser(GifFileType* gif) : gif_(gif) {}
  ~GifCloser() {
    int error = 0;
    DGifCloseFile(gif_, &error);
  }
  GifCloser(const GifCloser&) = delete;
  GifCloser& operator=(const GifCloser&) = delete;

 private:
  GifFileType* gif_;
};

Status GifError(int code, const GifSource& source) {
  if (source.truncated || code == D_GIF_ERR_READ_FAILED) {
    return absl::DataLossError("truncated GIF data");
  }
  const char* text = GifErrorString(code);
  return absl::DataLossError(
      absl::StrCat("corrupt GIF data: ", text != nullptr ? text : "unknown giflib error"));
}

// Graphic Control Extension (GIF89a section 23): block size 4, packed flags (bit 0: transparent
// colour given), 2-byte delay, transparent colour index.
int TransparentIndex(const GifByteType* block) {
  if (block == nullptr || block[0] < 4) return -1;
  return (block[1] & 0x01) != 0 ? block[4] : -1;
}

// The canvas row each decoded line goes to: stored order, or the four interlace passes
// (rows 0, 8, 16...; 4, 12...; 2, 6...; 1, 3...).
std::vector<int> LineOrder(int height, bool interlaced) {
  std::vector<int> order;
  order.reserve(size_t(height));
  if (!interlaced) {
    for (int y = 0; y < height; ++y) order.push_back(y);
    return order;
  }
  static constexpr int kStart[] = {0, 4, 2, 1};
  static constexpr int kStep[] = {8, 8, 4, 2};
  for (int pass = 0; pass < 4; ++pass) {
    for (int y = kStart[pass]; y < height; y += kStep[pass]) order.push_back(y);
  }
  return order;
}

void FillBackground(const GifFileType& gif, RgbImage& canvas) {
  const ColorMapObject* map = gif.SColorMap;
  if (map == nullptr || gif.SBackGroundColor < 0 || gif.SBackGroundColor >= map->ColorCount) {
    return;  // MakeRgbImage gave black
  }
  const GifColorType colour = map->Colors[gif.SBackGroundColor];
  for (size_t i = 0; i < canvas.rgb.size(); i += 3) {
    canvas.rgb[i] = colour.Red;
    canvas.rgb[i + 1] = colour.Green;
    canvas.rgb[i + 2] = colour.Blue;
  }
}

Status DecodeFirstFrame(GifFileType& gif, const GifSource& source, int transparent,
                        const DecodeOptions& options, RgbImage& canvas) {
  if (DGifGetImageDesc(&gif) == GIF_ERROR) return GifError(gif.Error, source);
  const GifImageDesc& frame = gif.Image;
  CLEARHOST_RETURN_IF_ERROR(CheckPixelLimit(uint64_t(std::max(frame.Width, 0)),
                                            uint64_t(std::max(frame.Height, 0)), options));
  const ColorMapObject* map = frame.ColorMap != nullptr ? frame.ColorMap : gif.SColorMap;
  if (map == nullptr) return absl::InvalidArgumentError("GIF frame has no colour table");
  std::vector<GifPixelType> line(size_t(frame.Width));
  const std::vector<int> order = LineOrder(frame.Height, frame.Interlace);
  for (int row : order) {
    if (DGifGetLine(&gif, line.data(), frame.Width) == GIF_ERROR) {
      return GifError(gif.Error, source);
    }
    const int y = frame.Top + row;
    if (y < 0 || y >= canvas.height) continue;
    for (int column = 0; column < frame.Width; ++column) {
      const int x = frame.Left + column;
      const int index = line[size_t(column)];
      if (x < 0 || x >= canvas.width || index == transparent) continue;
      uint8_t* pixel = &canvas.rgb[(size_t(y) * canvas.width + x) * 3];
      if (index >= map->ColorCount) {
        pixel[0] = pixel[1] = pixel[2] = 0;  // out-of-range index: black
        continue;
      }
      pixel[0] = map->Colors[index].Red;
      pixel[1] = map->Colors[index].Green;
      pixel[2] = map->Colors[index].Blue;
    }
  }
  return absl::OkStatus();
}

}  // namespace

Result<DecodedImage> DecodeGif(std::span<const uint8_t> bytes, const DecodeOptions& options) {
  GifSource source{bytes};
  int open_error = 0;
  GifFileType* gif = DGifOpen(&source, ReadGifBytes, &open_error);
  if (gif == nullptr) return GifError(open_error, source);
  GifCloser closer(gif);
  CLEARHOST_RETURN_IF_ERROR(CheckPixelLimit(uint64_t(std::max(gif->SWidth, 0)),
                                            uint64_t(std::max(gif->SHeight, 0)), options));
  int transparent = -1;
  for (;;) {
    GifRecordType record = UNDEFINED_RECORD_TYPE;
    if (DGifGetRecordType(gif, &record) == GIF_ERROR) return GifError(gif->Error, source);
    if (record == TERMINATE_RECORD_TYPE) {
      return absl::InvalidArgumentError("GIF has no image");
    }
    if (record == EXTENSION_RECORD_TYPE) {
      int code = 0;
      GifByteType* block = nullptr;
      if (DGifGetExtension(gif, &code, &block) == GIF_ERROR) return GifError(gif->Error, source);
      if (code == GRAPHICS_EXT_FUNC_CODE) transparent = TransparentIndex(block);
      while (block != nullptr) {
        if (DGifGetExtensionNext(gif, &block) == GIF_ERROR) return GifError(gif->Error, source);
      }
      continue;
    }
    if (record != IMAGE_DESC_RECORD_TYPE) return absl::DataLossError("corrupt GIF data");
    DecodedImage out;
    out.stored_width = gif->SWidth;
    out.stored_height = gif->SHeight;
    out.image = MakeRgbImage(gif->SWidth, gif->SHeight);
    FillBackground(*gif, out.image);
    CLEARHOST_RETURN_IF_ERROR(DecodeFirstFrame(*gif, source, transparent, options, out.image));
    return out;
  }
}

}  // namespace clearhost::image::internal
