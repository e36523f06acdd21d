// Fixture helpers for the image tests: byte strings, pixel comparison, and JPEG/PNG encoders for
// the variants test_support's EncodeJpeg/EncodePng do not make (grey, CMYK, palette, 16-bit,
// interlaced, alpha), plus hand-built EXIF segments. Everything is generated in the test.
#pragma once

// clang-format off
#include <cstdio>  // jpeglib.h needs FILE and size_t declared first
#include <jpeglib.h>
// clang-format on
#include <gtest/gtest.h>
#include <png.h>

#include <algorithm>
#include <csetjmp>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string_view>
#include <vector>

#include "image/image.h"

namespace clearhost::image::testing {

inline std::vector<uint8_t> Bytes(std::string_view text) {
  return std::vector<uint8_t>(text.begin(), text.end());
}

inline void Append(std::vector<uint8_t>& out, std::initializer_list<uint8_t> bytes) {
  // push_back, not insert: GCC 12 -O3 reports a false -Warray-bounds on inserting a short list.
  for (uint8_t b : bytes) out.push_back(b);
}

inline void AppendLe32(std::vector<uint8_t>& out, uint32_t value) {
  Append(out, {uint8_t(value), uint8_t(value >> 8), uint8_t(value >> 16), uint8_t(value >> 24)});
}

inline void AppendLe16(std::vector<uint8_t>& out, uint16_t value) {
  Append(out, {uint8_t(value), uint8_t(value >> 8)});
}

// Largest per-channel difference; -1 when the sizes differ.
inline int MaxAbsDiff(const RgbImage& a, const RgbImage& b) {
  if (a.width != b.width || a.height != b.height || a.rgb.size() != b.rgb.size()) return -1;
  int worst = 0;
  for (size_t i = 0; i < a.rgb.size(); ++i) worst = std::max(worst, std::abs(a.rgb[i] - b.rgb[i]));
  return worst;
}

// Mean per-channel difference (lossy codecs: sharp edges make the maximum large).
inline double MeanAbsDiff(const RgbImage& a, const RgbImage& b) {
  if (a.rgb.size() != b.rgb.size() || a.rgb.empty()) return 1e9;
  double total = 0;
  for (size_t i = 0; i < a.rgb.size(); ++i) total += std::abs(a.rgb[i] - b.rgb[i]);
  return total / double(a.rgb.size());
}

inline std::vector<uint8_t> Pixel(const RgbImage& image, int x, int y) {
  const uint8_t* p = &image.rgb[(size_t(y) * image.width + x) * 3];
  return {p[0], p[1], p[2]};
}

// A picture of four flat quadrants: top-left red, top-right green, bottom-left blue,
// bottom-right white (distinct corners for orientation tests). Quadrants of 8-multiple sizes
// survive JPEG nearly unchanged.
inline RgbImage QuadrantPicture(int width, int height) {
  RgbImage image{width, height, std::vector<uint8_t>(size_t(width) * height * 3)};
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      const bool right = x >= width / 2, bottom = y >= height / 2;
      uint8_t* p = &image.rgb[(size_t(y) * width + x) * 3];
      p[0] = (!right && !bottom) || (right && bottom) ? 255 : 0;
      p[1] = right ? 255 : 0;
      p[2] = bottom ? 255 : 0;
    }
  }
  return image;
}

// JPEG from raw samples: `components` per pixel in `in_space`, stored as `jpeg_space` (libjpeg
// writes an Adobe marker for CMYK and YCCK). libjpeg's default error handler exits on error,
// which is acceptable for fixtures built from valid parameters.
inline std::vector<uint8_t> EncodeJpegSamples(int width, int height, int components,
                                              J_COLOR_SPACE in_space, J_COLOR_SPACE jpeg_space,
                                              const std::vector<uint8_t>& samples, int quality) {
  jpeg_compress_struct cinfo{};
  jpeg_error_mgr jerr{};
  cinfo.err = jpeg_std_error(&jerr);
  jpeg_create_compress(&cinfo);
  unsigned char* buffer = nullptr;
  unsigned long size = 0;
  jpeg_mem_dest(&cinfo, &buffer, &size);
  cinfo.image_width = JDIMENSION(width);
  cinfo.image_height = JDIMENSION(height);
  cinfo.input_components = components;
  cinfo.in_color_space = in_space;
  jpeg_set_defaults(&cinfo);
  jpeg_set_colorspace(&cinfo, jpeg_space);
  jpeg_set_quality(&cinfo, quality, TRUE);
  jpeg_start_compress(&cinfo, TRUE);
  while (cinfo.next_scanline < cinfo.image_height) {
    JSAMPROW row = const_cast<JSAMPROW>(&samples[size_t(cinfo.next_scanline) * width * components]);
    jpeg_write_scanlines(&cinfo, &row, 1);
  }
  jpeg_finish_compress(&cinfo);
  jpeg_destroy_compress(&cinfo);
  std::vector<uint8_t> out(buffer, buffer + size);
  std::free(buffer);
  return out;
}

// libjpeg's own default decode to RGB (what ImageMagick gets), for bit-exactness checks.
inline RgbImage ReferenceJpegDecode(const std::vector<uint8_t>& jpeg) {
  jpeg_decompress_struct cinfo{};
  jpeg_error_mgr jerr{};
  cinfo.err = jpeg_std_error(&jerr);
  jpeg_create_decompress(&cinfo);
  jpeg_mem_src(&cinfo, jpeg.data(), static_cast<unsigned long>(jpeg.size()));
  jpeg_read_header(&cinfo, TRUE);
  cinfo.out_color_space = JCS_RGB;
  jpeg_start_decompress(&cinfo);
  RgbImage image{int(cinfo.output_width), int(cinfo.output_height), {}};
  image.rgb.resize(size_t(image.width) * image.height * 3);
  while (cinfo.output_scanline < cinfo.output_height) {
    JSAMPROW row = &image.rgb[size_t(cinfo.output_scanline) * image.width * 3];
    jpeg_read_scanlines(&cinfo, &row, 1);
  }
  jpeg_finish_decompress(&cinfo);
  jpeg_destroy_decompress(&cinfo);
  return image;
}

// `jpeg` with an APP1 segment carrying `payload` inserted right after SOI.
inline std::vector<uint8_t> WithApp1(const std::vector<uint8_t>& jpeg,
                                     const std::vector<uint8_t>& payload) {
  const size_t length = payload.size() + 2;
  std::vector<uint8_t> out(jpeg.begin(), jpeg.begin() + 2);
  Append(out, {0xFF, 0xE1, uint8_t(length >> 8), uint8_t(length)});
  out.insert(out.end(), payload.begin(), payload.end());
  out.insert(out.end(), jpeg.begin() + 2, jpeg.end());
  return out;
}

// An EXIF APP1 payload whose IFD0 holds one Orientation entry (tag 0x0112, SHORT, count 1).
inline std::vector<uint8_t> ExifPayload(int orientation, bool little_endian) {
  std::vector<uint8_t> out = Bytes(std::string_view("Exif\0\0", 6));
  auto u16 = [&](uint16_t v) {
    little_endian ? Append(out, {uint8_t(v), uint8_t(v >> 8)})
                  : Append(out, {uint8_t(v >> 8), uint8_t(v)});
  };
  auto u32 = [&](uint32_t v) {
    little_endian ? (u16(uint16_t(v)), u16(uint16_t(v >> 16)))
                  : (u16(uint16_t(v >> 16)), u16(uint16_t(v)));
  };
  Append(out, little_endian ? std::initializer_list<uint8_t>{'I', 'I'}
                            : std::initializer_list<uint8_t>{'M', 'M'});
  u16(42);
  u32(8);                                        // IFD0 right after the 8-byte TIFF header
  u16(2);                                        // two entries: an unrelated one first
  u16(0x010F), u16(2), u32(4), u32(0x00414141);  // Make, ASCII "AAA"
  u16(0x0112), u16(3), u32(1), u16(uint16_t(orientation)), u16(0);
  u32(0);  // no next IFD
  return out;
}

// A PNG from packed rows exactly as PNG stores them (big-endian 16-bit samples, sub-byte pixels
// packed from the high bits), optionally with a palette, tRNS and Adam7 interlacing.
struct PngSpec {
  int width = 0;
  int height = 0;
  int bit_depth = 8;
  int color_type = PNG_COLOR_TYPE_RGB;
  bool interlaced = false;
  std::vector<uint8_t> rows = {};  // height rows of png rowbytes each
  std::vector<png_color> palette = {};
  std::vector<uint8_t> trans_alpha = {};  // palette tRNS
};

inline std::vector<uint8_t> EncodePngSpec(const PngSpec& spec) {
  std::vector<uint8_t> out;
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
  png_infop info = png_create_info_struct(png);
  if (setjmp(png_jmpbuf(png)) != 0) {
    png_destroy_write_struct(&png, &info);
    throw std::runtime_error("png fixture encode failed");
  }
  png_set_write_fn(
      png, &out,
      [](png_structp p, png_bytep data, size_t length) {
        auto* sink = static_cast<std::vector<uint8_t>*>(png_get_io_ptr(p));
        sink->insert(sink->end(), data, data + length);
      },
      nullptr);
  png_set_IHDR(png, info, uint32_t(spec.width), uint32_t(spec.height), spec.bit_depth,
               spec.color_type, spec.interlaced ? PNG_INTERLACE_ADAM7 : PNG_INTERLACE_NONE,
               PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  if (!spec.palette.empty()) {
    png_set_PLTE(png, info, spec.palette.data(), int(spec.palette.size()));
  }
  if (!spec.trans_alpha.empty()) {
    png_set_tRNS(png, info, spec.trans_alpha.data(), int(spec.trans_alpha.size()), nullptr);
  }
  png_write_info(png, info);
  const size_t row_bytes = png_get_rowbytes(png, info);
  std::vector<png_bytep> rows(size_t(spec.height));
  for (int y = 0; y < spec.height; ++y) {
    rows[size_t(y)] = const_cast<png_bytep>(&spec.rows[size_t(y) * row_bytes]);
  }
  png_write_image(png, rows.data());
  png_write_end(png, nullptr);
  png_destroy_write_struct(&png, &info);
  return out;
}

// ---- Orientation checks ----

enum Colour { kRed, kGreen, kBlue, kWhite };

// The stored picture is red | green over blue | white. For each orientation: the colours seen
// at the displayed top-left, top-right, bottom-left, bottom-right (EXIF 2.3 definitions).
inline constexpr Colour kDisplayed[9][4] = {
    {},
    {kRed, kGreen, kBlue, kWhite},  // 1 as stored
    {kGreen, kRed, kWhite, kBlue},  // 2 mirror horizontal
    {kWhite, kBlue, kGreen, kRed},  // 3 rotate 180
    {kBlue, kWhite, kRed, kGreen},  // 4 mirror vertical
    {kRed, kBlue, kGreen, kWhite},  // 5 transpose
    {kBlue, kRed, kWhite, kGreen},  // 6 rotate 90 clockwise
    {kWhite, kGreen, kBlue, kRed},  // 7 transverse
    {kGreen, kWhite, kRed, kBlue},  // 8 rotate 90 counter-clockwise
};

inline Colour Classify(const std::vector<uint8_t>& p) {
  const bool r = p[0] > 128, g = p[1] > 128, b = p[2] > 128;
  if (r && g && b) return kWhite;
  if (r && !g && !b) return kRed;
  if (!r && g && !b) return kGreen;
  if (!r && !g && b) return kBlue;
  ADD_FAILURE() << "unexpected colour " << int(p[0]) << "," << int(p[1]) << "," << int(p[2]);
  return kRed;
}

inline void ExpectCorners(const RgbImage& image, int orientation) {
  const int w = image.width, h = image.height;
  EXPECT_EQ(Classify(Pixel(image, 2, 2)), kDisplayed[orientation][0]) << orientation;
  EXPECT_EQ(Classify(Pixel(image, w - 3, 2)), kDisplayed[orientation][1]) << orientation;
  EXPECT_EQ(Classify(Pixel(image, 2, h - 3)), kDisplayed[orientation][2]) << orientation;
  EXPECT_EQ(Classify(Pixel(image, w - 3, h - 3)), kDisplayed[orientation][3]) << orientation;
}

inline DecodeOptions NoOrientation() {
  DecodeOptions options;
  options.apply_exif_orientation = false;
  return options;
}

}  // namespace clearhost::image::testing
