#include "picture_synth.h"

#include <jpeglib.h>
#include <png.h>

#include <cmath>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <stdexcept>

namespace clearhost::synth {

image::RgbImage MakePicture(int width, int height, uint32_t seed) {
  image::RgbImage picture;
  picture.width = width;
  picture.height = height;
  picture.rgb.resize(size_t(width) * height * 3);
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  const double fx = 1.0 + 5.0 * unit(rng), fy = 1.0 + 5.0 * unit(rng);
  const double phase = 6.28 * unit(rng);
  const double cx = width * unit(rng), cy = height * unit(rng);
  const double radius = 0.1 + 0.3 * unit(rng);
  const double diagonal = std::hypot(width, height);
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      const double u = double(x) / width, v = double(y) / height;
      const double wave = 0.5 + 0.5 * std::sin(6.28 * (fx * u + fy * v) + phase);
      const bool in_disc = std::hypot(x - cx, y - cy) < radius * diagonal;
      uint8_t* px = &picture.rgb[(size_t(y) * width + x) * 3];
      px[0] = uint8_t(255 * (in_disc ? 1.0 - wave : wave));
      px[1] = uint8_t(255 * u);
      px[2] = uint8_t(255 * (in_disc ? v : 1.0 - v));
    }
  }
  return picture;
}

std::vector<uint8_t> EncodePng(const image::RgbImage& image) {
  png_image png{};
  png.version = PNG_IMAGE_VERSION;
  png.width = image.width;
  png.height = image.height;
  png.format = PNG_FORMAT_RGB;
  png_alloc_size_t size = 0;
  png_image_write_to_memory(&png, nullptr, &size, 0, image.rgb.data(), 0, nullptr);
  std::vector<uint8_t> out(size);
  if (!png_image_write_to_memory(&png, out.data(), &size, 0, image.rgb.data(), 0, nullptr)) {
    throw std::runtime_error("png encode failed");
  }
  out.resize(size);
  return out;
}

std::vector<uint8_t> EncodeJpeg(const image::RgbImage& image, int quality, bool progressive) {
  jpeg_compress_struct cinfo{};
  jpeg_error_mgr jerr{};
  cinfo.err = jpeg_std_error(&jerr);
  jpeg_create_compress(&cinfo);
  unsigned char* buffer = nullptr;
  unsigned long size = 0;
  jpeg_mem_dest(&cinfo, &buffer, &size);
  cinfo.image_width = image.width;
  cinfo.image_height = image.height;
  cinfo.input_components = 3;
  cinfo.in_color_space = JCS_RGB;
  jpeg_set_defaults(&cinfo);
  jpeg_set_quality(&cinfo, quality, TRUE);
  if (progressive) jpeg_simple_progression(&cinfo);
  jpeg_start_compress(&cinfo, TRUE);
  while (cinfo.next_scanline < cinfo.image_height) {
    JSAMPROW row = const_cast<JSAMPROW>(&image.rgb[size_t(cinfo.next_scanline) * image.width * 3]);
    jpeg_write_scanlines(&cinfo, &row, 1);
  }
  jpeg_finish_compress(&cinfo);
  jpeg_destroy_compress(&cinfo);
  std::vector<uint8_t> out(buffer, buffer + size);
  std::free(buffer);
  return out;
}

image::RgbImage Resize(const image::RgbImage& picture, int width, int height) {
  image::RgbImage out;
  out.width = width;
  out.height = height;
  out.rgb.resize(size_t(width) * height * 3);
  for (int y = 0; y < height; ++y) {
    const int sy = int(int64_t(y) * picture.height / height);
    for (int x = 0; x < width; ++x) {
      const int sx = int(int64_t(x) * picture.width / width);
      for (int c = 0; c < 3; ++c) {
        out.rgb[(size_t(y) * width + x) * 3 + c] =
            picture.rgb[(size_t(sy) * picture.width + sx) * 3 + c];
      }
    }
  }
  return out;
}

image::RgbImage Crop(const image::RgbImage& picture, int x, int y, int width, int height) {
  image::RgbImage out;
  out.width = width;
  out.height = height;
  out.rgb.resize(size_t(width) * height * 3);
  for (int row = 0; row < height; ++row) {
    const uint8_t* in = &picture.rgb[(size_t(y + row) * picture.width + x) * 3];
    std::copy(in, in + size_t(width) * 3, &out.rgb[size_t(row) * width * 3]);
  }
  return out;
}

void WriteBytes(const std::filesystem::path& path, const std::vector<uint8_t>& bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

}  // namespace clearhost::synth
