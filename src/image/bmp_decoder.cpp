// BMP decoding, our own parser (the input is hostile: every offset and size is checked).
//
// Layout, all little-endian (Microsoft "Bitmap Storage"; OS/2 1.x core header):
//   file header, 14 bytes: "BM", u32 file size, 2 x u16 reserved, u32 offset of the pixel rows
//   DIB header at byte 14, starting with its u32 size:
//     12  BITMAPCOREHEADER (OS/2 1.x): u16 width, u16 height, u16 planes, u16 bits per pixel;
//         palette entries are 3 bytes (B, G, R)
//     40  BITMAPINFOHEADER, 52/56 (V2/V3: + RGB(A) masks), 64 (OS/2 2.x), 108 (V4), 124 (V5):
//         i32 width, i32 height (negative: rows stored top-down), u16 planes, u16 bits per pixel,
//         u32 compression, u32 image size, 2 x i32 pixels per metre, u32 colours used,
//         u32 colours important, then the masks (V2+); palette entries are 4 bytes (B, G, R, x)
//   BI_BITFIELDS (3) / BI_ALPHABITFIELDS (6) with a 40-byte header: 3 / 4 u32 masks follow it.
//   The palette follows the headers; the pixel rows start at the file header's offset, bottom-up
//   unless the height is negative, each padded to a multiple of 4 bytes.
// Supported: 1/4/8-bit palette, 16-bit (5-5-5 or bit fields), 24-bit, 32-bit (BI_RGB or bit
// fields); alpha ignored. Refused: RLE4/RLE8, embedded JPEG/PNG, OS/2 2.x compression.
#include <array>
#include <bit>
#include <limits>
#include <vector>

#include "absl/strings/str_cat.h"
#include "image/decoders.h"

namespace clearhost::image::internal {
namespace {

constexpr size_t kFileHeaderSize = 14;
constexpr uint32_t kCoreHeaderSize = 12;
constexpr uint32_t kInfoHeaderSize = 40;
constexpr uint32_t kOs2InfoHeaderSize = 64;
constexpr uint32_t kMaxHeaderSize = 124;  // BITMAPV5HEADER
enum Compression : uint32_t {
  kRgb = 0,
  kRle8 = 1,
  kRle4 = 2,
  kBitfields = 3,
  kJpeg = 4,
  kPng = 5,
  kAlphaBitfields = 6
};

Status Truncated() {
  return absl::DataLossError("truncated BMP data");
}

uint32_t U32At(const uint8_t* p) {
  return uint32_t(p[0]) | uint32_t(p[1]) << 8 | uint32_t(p[2]) << 16 | uint32_t(p[3]) << 24;
}
uint16_t U16At(const uint8_t* p) {
  return uint16_t(p[0] | p[1] << 8);
}

// One colour channel of a 16/32-bit pixel: its mask, scaled to 0..255 with rounding.
class Channel {
 public:
  explicit Channel(uint32_t mask)
      : mask_(mask), shift_(mask == 0 ? 0 : std::countr_zero(mask)), max_(mask >> shift_) {}
  uint8_t Extract(uint32_t pixel) const {
    if (max_ == 0) return 0;
    return uint8_t(((uint64_t((pixel & mask_) >> shift_) * 255) + max_ / 2) / max_);
  }

 private:
  uint32_t mask_;
  int shift_;
  uint32_t max_;
};

struct BmpLayout {
  uint64_t width = 0;
  uint64_t height = 0;
  bool top_down = false;
  int bits_per_pixel = 0;
  uint32_t compression = kRgb;
  uint32_t colours_used = 0;
  size_t palette_offset = 0;
  size_t palette_entry_size = 4;
  std::array<uint32_t, 3> masks = {};
};

Result<BmpLayout> ParseHeaders(std::span<const uint8_t> bytes) {
  if (bytes.size() < kFileHeaderSize + 4) return Truncated();
  const uint32_t header_size = U32At(&bytes[kFileHeaderSize]);
  if (header_size != kCoreHeaderSize &&
      (header_size < kInfoHeaderSize || header_size > kMaxHeaderSize)) {
    return absl::InvalidArgumentError(absl::StrCat("unsupported BMP header size ", header_size));
  }
  if (bytes.size() - kFileHeaderSize < header_size) return Truncated();
  const uint8_t* header = &bytes[kFileHeaderSize];
  BmpLayout layout;
  layout.palette_offset = kFileHeaderSize + header_size;
  if (header_size == kCoreHeaderSize) {
    layout.width = U16At(header + 4);
    layout.height = U16At(header + 6);
    layout.bits_per_pixel = U16At(header + 10);
    layout.palette_entry_size = 3;
  } else {
    const auto width = int32_t(U32At(header + 4));
    const auto height = int32_t(U32At(header + 8));
    if (width < 0) return absl::InvalidArgumentError("BMP has a negative width");
    if (height == std::numeric_limits<int32_t>::min()) {
      return absl::InvalidArgumentError("BMP height is out of range");
    }
    layout.width = uint64_t(width);
    layout.top_down = height < 0;
    layout.height = uint64_t(height < 0 ? -int64_t{height} : int64_t{height});
    layout.bits_per_pixel = U16At(header + 14);
    layout.compression = U32At(header + 16);
    layout.colours_used = U32At(header + 32);
  }
  switch (layout.compression) {
    case kRgb:
      break;
    case kRle8:
    case kRle4:
      return absl::InvalidArgumentError("BMP RLE compression not supported");
    case kJpeg:
    case kPng:
      return absl::InvalidArgumentError("BMP with embedded JPEG or PNG data not supported");
    case kBitfields:
    case kAlphaBitfields:
      if (header_size != kOs2InfoHeaderSize) break;
      [[fallthrough]];  // OS/2 2.x uses 3 and 6 for Huffman 1D and RLE24
    default:
      return absl::InvalidArgumentError(
          absl::StrCat("unsupported BMP compression ", layout.compression));
  }
  const int bpp = layout.bits_per_pixel;
  if (bpp != 1 && bpp != 4 && bpp != 8 && bpp != 16 && bpp != 24 && bpp != 32) {
    return absl::InvalidArgumentError(absl::StrCat("unsupported BMP bit depth ", bpp));
  }
  layout.masks = bpp == 16 ? std::array<uint32_t, 3>{0x7C00, 0x03E0, 0x001F}
                           : std::array<uint32_t, 3>{0xFF0000, 0x00FF00, 0x0000FF};
  if (layout.compression == kBitfields || layout.compression == kAlphaBitfields) {
    if (bpp != 16 && bpp != 32) {
      return absl::InvalidArgumentError("BMP bit fields need 16 or 32 bits per pixel");
    }
    // Masks sit at the same place either way: inside V2+ headers, or right after a 40-byte one.
    const size_t masks_offset = kFileHeaderSize + kInfoHeaderSize;
    if (header_size == kInfoHeaderSize) {  // masks follow the header, before the palette
      layout.palette_offset += layout.compression == kAlphaBitfields ? 16 : 12;
    }
    if (bytes.size() < masks_offset + 12) return Truncated();
    for (int i = 0; i < 3; ++i) layout.masks[i] = U32At(&bytes[masks_offset + 4 * i]);
  }
  return layout;
}

}  // namespace

Result<DecodedImage> DecodeBmp(std::span<const uint8_t> bytes, const DecodeOptions& options) {
  CLEARHOST_ASSIGN_OR_RETURN(const BmpLayout layout, ParseHeaders(bytes));
  CLEARHOST_RETURN_IF_ERROR(CheckPixelLimit(layout.width, layout.height, options));
  const int bpp = layout.bits_per_pixel;
  const auto width = size_t(layout.width), height = size_t(layout.height);

  std::array<std::array<uint8_t, 3>, 256> palette = {};  // indices past the palette: black
  if (bpp <= 8) {
    const uint32_t max_colours = 1u << bpp;
    const uint32_t colours = layout.colours_used == 0 || layout.colours_used > max_colours
                                 ? max_colours
                                 : layout.colours_used;
    const size_t palette_size = colours * layout.palette_entry_size;
    if (layout.palette_offset > bytes.size() ||
        bytes.size() - layout.palette_offset < palette_size) {
      return Truncated();
    }
    for (uint32_t i = 0; i < colours; ++i) {
      const uint8_t* entry = &bytes[layout.palette_offset + i * layout.palette_entry_size];
      palette[i] = {entry[2], entry[1], entry[0]};
    }
  }

  const uint64_t stride = (layout.width * bpp + 31) / 32 * 4;
  const uint64_t last_row_bytes = (layout.width * bpp + 7) / 8;  // the last row may lack padding
  const uint64_t data_offset = U32At(&bytes[10]);
  if (data_offset > bytes.size() ||
      bytes.size() - data_offset < stride * (height - 1) + last_row_bytes) {
    return Truncated();
  }
  const Channel red(layout.masks[0]), green(layout.masks[1]), blue(layout.masks[2]);

  DecodedImage out;
  out.stored_width = int(width);
  out.stored_height = int(height);
  out.image = MakeRgbImage(int(width), int(height));
  for (size_t row = 0; row < height; ++row) {
    const uint8_t* src = &bytes[data_offset + row * stride];
    const size_t y = layout.top_down ? row : height - 1 - row;
    uint8_t* dst = &out.image.rgb[y * width * 3];
    for (size_t x = 0; x < width; ++x, dst += 3) {
      switch (bpp) {
        case 1:
        case 4:
        case 8: {
          const size_t bit = x * bpp;
          const int shift = 8 - bpp - int(bit % 8);  // leftmost pixel in the high bits
          const uint8_t index = uint8_t((src[bit / 8] >> shift) & ((1 << bpp) - 1));
          dst[0] = palette[index][0];
          dst[1] = palette[index][1];
          dst[2] = palette[index][2];
          break;
        }
        case 16:
        case 32: {
          const uint32_t pixel = bpp == 16 ? U16At(src + 2 * x) : U32At(src + 4 * x);
          dst[0] = red.Extract(pixel);
          dst[1] = green.Extract(pixel);
          dst[2] = blue.Extract(pixel);
          break;
        }
        case 24:
          dst[0] = src[3 * x + 2];
          dst[1] = src[3 * x + 1];
          dst[2] = src[3 * x];
          break;
      }
    }
  }
  return out;
}

}  // namespace clearhost::image::internal
