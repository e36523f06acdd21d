// Rotations and mirrors of an RgbImage, as the EXIF/TIFF orientation tag asks.
#include "image/orientation.h"

#include <algorithm>
#include <array>
#include <cstring>

namespace clearhost::image::internal {
namespace {

// For output pixel (x, y), the stored pixel is (sx, sy) with
//   sx = x0 + sx_per_x * x + sx_per_y * y,   sy = y0 + sy_per_x * x + sy_per_y * y,
// where x0 is 0 or width - 1 and y0 is 0 or height - 1 (the `*_from_end` flags).
struct Mapping {
  bool x0_from_end;
  int sx_per_x;
  int sx_per_y;
  bool y0_from_end;
  int sy_per_x;
  int sy_per_y;
};

constexpr std::array<Mapping, 9> kMappings = {{
    {false, 1, 0, false, 0, 1},  // (unused)
    {false, 1, 0, false, 0, 1},  // 1 as stored
    {true, -1, 0, false, 0, 1},  // 2 mirror horizontally: sx = w-1-x
    {true, -1, 0, true, 0, -1},  // 3 rotate 180: sx = w-1-x, sy = h-1-y
    {false, 1, 0, true, 0, -1},  // 4 mirror vertically: sy = h-1-y
    {false, 0, 1, false, 1, 0},  // 5 transpose: sx = y, sy = x
    {false, 0, 1, true, -1, 0},  // 6 rotate 90 clockwise: sx = y, sy = h-1-x
    {true, 0, -1, true, -1, 0},  // 7 transverse: sx = w-1-y, sy = h-1-x
    {true, 0, -1, false, 1, 0},  // 8 rotate 90 counter-clockwise: sx = w-1-y, sy = x
}};

}  // namespace

RgbImage ApplyOrientation(RgbImage image, int orientation) {
  if (orientation < 2 || orientation > 8) return image;
  const Mapping& map = kMappings[size_t(orientation)];
  const int64_t width = image.width, height = image.height;
  RgbImage out;
  out.width = orientation >= 5 ? image.height : image.width;
  out.height = orientation >= 5 ? image.width : image.height;
  out.rgb.resize(image.rgb.size());
  // The same mapping as stored-pixel offsets: origin + x * step_x + y * step_y.
  const int64_t origin =
      (map.y0_from_end ? height - 1 : 0) * width + (map.x0_from_end ? width - 1 : 0);
  const int64_t step_x = map.sy_per_x * width + map.sx_per_x;
  const int64_t step_y = map.sy_per_y * width + map.sx_per_y;
  // Square tiles keep the column walks of 5..8 inside the cache.
  constexpr int64_t kTile = 64;
  const uint8_t* src = image.rgb.data();
  uint8_t* dst = out.rgb.data();
  const int64_t out_width = out.width, out_height = out.height;
  for (int64_t tile_y = 0; tile_y < out_height; tile_y += kTile) {
    const int64_t end_y = std::min(out_height, tile_y + kTile);
    for (int64_t tile_x = 0; tile_x < out_width; tile_x += kTile) {
      const int64_t end_x = std::min(out_width, tile_x + kTile);
      for (int64_t y = tile_y; y < end_y; ++y) {
        int64_t offset = origin + y * step_y + tile_x * step_x;
        uint8_t* row = dst + (y * out_width + tile_x) * 3;
        for (int64_t x = tile_x; x < end_x; ++x, offset += step_x, row += 3) {
          std::memcpy(row, src + offset * 3, 3);
        }
      }
    }
  }
  return out;
}

}  // namespace clearhost::image::internal
