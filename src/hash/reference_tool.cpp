#include "hash/reference_tool.h"

#include <array>
#include <cstring>

namespace clearhost::hash {

RgbView ReferenceToolResize(const RgbView& pixels, std::vector<uint8_t>& out) {
  constexpr int kSize = kReferenceToolMaxDimension;
  out.resize(size_t(kSize) * kSize * 3);
  std::array<int, kSize> source_columns{};
  for (int x = 0; x < kSize; ++x) {
    source_columns[x] = static_cast<int>(double(x) * pixels.width / kSize);
  }
  for (int y = 0; y < kSize; ++y) {
    const int source_row = static_cast<int>(double(y) * pixels.height / kSize);
    const uint8_t* in = pixels.rgb + size_t(source_row) * pixels.row_stride;
    uint8_t* row = out.data() + size_t(y) * kSize * 3;
    for (int x = 0; x < kSize; ++x) std::memcpy(row + 3 * x, in + 3 * source_columns[x], 3);
  }
  return RgbView{out.data(), kSize, kSize, size_t(kSize) * 3};
}

}  // namespace clearhost::hash
