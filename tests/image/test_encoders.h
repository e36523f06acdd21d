// Fixture encoders for the image tests built on giflib, libtiff and libwebp: GIF frames with
// offsets, transparency, interlacing and local palettes; TIFFs with any photometric, bit depth,
// alpha, orientation, strips or tiles; lossless/lossy WebP. Everything is generated in the test.
#pragma once

#include <gif_lib.h>
#include <tiffio.h>
#include <webp/encode.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <vector>

#include "support/test_support.h"

namespace clearhost::image::testing {

// ---- GIF --------------------------------------------------------------------------------------

struct GifFrameSpec {
  int left = 0;
  int top = 0;
  int width = 0;
  int height = 0;
  bool interlaced = false;
  std::vector<GifColorType> local_palette = {};  // empty: use the global one; size a power of two
  int transparent_index = -1;
  std::vector<uint8_t> indices = {};  // width * height, row-major in display order
};

struct GifSpec {
  int screen_width = 0;
  int screen_height = 0;
  int background_index = 0;
  std::vector<GifColorType> global_palette = {};  // empty: none; size a power of two
  std::vector<GifFrameSpec> frames = {};
};

inline std::vector<uint8_t> EncodeGif(const GifSpec& spec) {
  std::vector<uint8_t> out;
  int error = 0;
  GifFileType* gif = EGifOpen(
      &out,
      [](GifFileType* file, const GifByteType* data, int length) {
        auto* sink = static_cast<std::vector<uint8_t>*>(file->UserData);
        sink->insert(sink->end(), data, data + length);
        return length;
      },
      &error);
  if (gif == nullptr) throw std::runtime_error("EGifOpen failed");
  EGifSetGifVersion(gif, true);
  auto make_map = [](const std::vector<GifColorType>& colours) -> ColorMapObject* {
    if (colours.empty()) return nullptr;
    return GifMakeMapObject(int(colours.size()), colours.data());
  };
  ColorMapObject* global = make_map(spec.global_palette);
  bool ok = EGifPutScreenDesc(gif, spec.screen_width, spec.screen_height, 8, spec.background_index,
                              global) == GIF_OK;
  GifFreeMapObject(global);
  for (const GifFrameSpec& frame : spec.frames) {
    if (frame.transparent_index >= 0) {
      GraphicsControlBlock control{};
      control.DisposalMode = DISPOSAL_UNSPECIFIED;
      control.TransparentColor = frame.transparent_index;
      GifByteType extension[4];
      EGifGCBToExtension(&control, extension);
      ok = ok && EGifPutExtension(gif, GRAPHICS_EXT_FUNC_CODE, 4, extension) == GIF_OK;
    }
    ColorMapObject* local = make_map(frame.local_palette);
    ok = ok && EGifPutImageDesc(gif, frame.left, frame.top, frame.width, frame.height,
                                frame.interlaced, local) == GIF_OK;
    GifFreeMapObject(local);
    std::vector<int> order;  // rows in the order the file stores them
    if (frame.interlaced) {
      for (int pass : {0, 1, 2, 3}) {
        static constexpr int kStart[] = {0, 4, 2, 1}, kStep[] = {8, 8, 4, 2};
        for (int y = kStart[pass]; y < frame.height; y += kStep[pass]) order.push_back(y);
      }
    } else {
      for (int y = 0; y < frame.height; ++y) order.push_back(y);
    }
    for (int y : order) {
      auto* line = const_cast<GifPixelType*>(&frame.indices[size_t(y) * frame.width]);
      ok = ok && EGifPutLine(gif, line, frame.width) == GIF_OK;
    }
  }
  if (EGifCloseFile(gif, &error) != GIF_OK || !ok) throw std::runtime_error("GIF encode failed");
  return out;
}

// ---- TIFF -------------------------------------------------------------------------------------

struct TiffSpec {
  int width = 0;
  int height = 0;
  int samples_per_pixel = 3;
  int bits_per_sample = 8;
  int photometric = PHOTOMETRIC_RGB;
  int extra_sample = -1;  // EXTRASAMPLE_* for the last sample, or -1 for none
  int orientation = ORIENTATION_TOPLEFT;
  int compression = COMPRESSION_NONE;
  int rows_per_strip = 0;               // 0: one strip
  int tile_size = 0;                    // > 0: square tiles of this size (a multiple of 16)
  std::vector<uint16_t> colormap = {};  // 3 * 2^bits entries for PHOTOMETRIC_PALETTE
  std::vector<uint8_t> data = {};       // packed contiguous rows; 16-bit samples in native order
};

inline std::vector<uint8_t> EncodeTiff(const TiffSpec& spec) {
  clearhost::testing::ScratchDir dir;
  const std::filesystem::path path = dir.path() / "fixture.tif";
  TIFF* tiff = TIFFOpen(path.c_str(), "w");
  if (tiff == nullptr) throw std::runtime_error("TIFFOpen failed");
  TIFFSetField(tiff, TIFFTAG_IMAGEWIDTH, uint32_t(spec.width));
  TIFFSetField(tiff, TIFFTAG_IMAGELENGTH, uint32_t(spec.height));
  TIFFSetField(tiff, TIFFTAG_SAMPLESPERPIXEL, uint16_t(spec.samples_per_pixel));
  TIFFSetField(tiff, TIFFTAG_BITSPERSAMPLE, uint16_t(spec.bits_per_sample));
  TIFFSetField(tiff, TIFFTAG_PHOTOMETRIC, uint16_t(spec.photometric));
  TIFFSetField(tiff, TIFFTAG_PLANARCONFIG, uint16_t(PLANARCONFIG_CONTIG));
  TIFFSetField(tiff, TIFFTAG_ORIENTATION, uint16_t(spec.orientation));
  TIFFSetField(tiff, TIFFTAG_COMPRESSION, uint16_t(spec.compression));
  if (spec.extra_sample >= 0) {
    const uint16_t extra = uint16_t(spec.extra_sample);
    TIFFSetField(tiff, TIFFTAG_EXTRASAMPLES, uint16_t(1), &extra);
  }
  if (!spec.colormap.empty()) {
    const size_t n = spec.colormap.size() / 3;
    TIFFSetField(tiff, TIFFTAG_COLORMAP, spec.colormap.data(), spec.colormap.data() + n,
                 spec.colormap.data() + 2 * n);
  }
  const size_t row_bytes =
      (size_t(spec.width) * spec.samples_per_pixel * spec.bits_per_sample + 7) / 8;
  bool ok = true;
  if (spec.tile_size > 0) {
    TIFFSetField(tiff, TIFFTAG_TILEWIDTH, uint32_t(spec.tile_size));
    TIFFSetField(tiff, TIFFTAG_TILELENGTH, uint32_t(spec.tile_size));
    const size_t pixel_bytes = size_t(spec.samples_per_pixel) * spec.bits_per_sample / 8;
    std::vector<uint8_t> tile(size_t(spec.tile_size) * spec.tile_size * pixel_bytes);
    for (int ty = 0; ty < spec.height; ty += spec.tile_size) {
      for (int tx = 0; tx < spec.width; tx += spec.tile_size) {
        std::fill(tile.begin(), tile.end(), 0);
        for (int y = ty; y < std::min(spec.height, ty + spec.tile_size); ++y) {
          for (int x = tx; x < std::min(spec.width, tx + spec.tile_size); ++x) {
            std::memcpy(&tile[(size_t(y - ty) * spec.tile_size + (x - tx)) * pixel_bytes],
                        &spec.data[size_t(y) * row_bytes + x * pixel_bytes], pixel_bytes);
          }
        }
        ok = ok && TIFFWriteTile(tiff, tile.data(), uint32_t(tx), uint32_t(ty), 0, 0) > 0;
      }
    }
  } else {
    TIFFSetField(tiff, TIFFTAG_ROWSPERSTRIP,
                 uint32_t(spec.rows_per_strip > 0 ? spec.rows_per_strip : spec.height));
    std::vector<uint8_t> row(row_bytes);
    for (int y = 0; y < spec.height; ++y) {
      std::memcpy(row.data(), &spec.data[size_t(y) * row_bytes], row_bytes);
      ok = ok && TIFFWriteScanline(tiff, row.data(), uint32_t(y), 0) == 1;
    }
  }
  TIFFClose(tiff);
  if (!ok) throw std::runtime_error("TIFF encode failed");
  return clearhost::testing::ReadFileBytes(path);
}

// ---- WebP -------------------------------------------------------------------------------------

// Lossless (exact: colour kept under transparent pixels) or lossy at `quality`.
inline std::vector<uint8_t> EncodeWebp(int width, int height, const std::vector<uint8_t>& pixels,
                                       bool has_alpha, bool lossless, float quality = 90) {
  WebPConfig config;
  WebPPicture picture;
  if (!WebPConfigInit(&config) || !WebPPictureInit(&picture)) {
    throw std::runtime_error("libwebp version mismatch");
  }
  config.lossless = lossless ? 1 : 0;
  config.exact = 1;
  config.quality = quality;
  picture.use_argb = 1;
  picture.width = width;
  picture.height = height;
  const int ok_import = has_alpha ? WebPPictureImportRGBA(&picture, pixels.data(), width * 4)
                                  : WebPPictureImportRGB(&picture, pixels.data(), width * 3);
  WebPMemoryWriter writer;
  WebPMemoryWriterInit(&writer);
  picture.writer = WebPMemoryWrite;
  picture.custom_ptr = &writer;
  const bool ok = ok_import && WebPEncode(&config, &picture);
  WebPPictureFree(&picture);
  std::vector<uint8_t> out(writer.mem, writer.mem + writer.size);
  WebPMemoryWriterClear(&writer);
  if (!ok) throw std::runtime_error("WebP encode failed");
  return out;
}

}  // namespace clearhost::image::testing
