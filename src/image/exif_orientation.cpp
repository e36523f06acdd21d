// Reads the Orientation tag from a JPEG APP1 EXIF payload. The payload is hostile input: every
// offset is checked against its size before it is read.
//
// Layout (EXIF 2.3 / TIFF 6.0), offsets from the start of the TIFF header at payload byte 6:
//   payload[0..6)   "Exif\0\0"
//   +0  2 bytes     byte order: "II" little-endian or "MM" big-endian
//   +2  2 bytes     42
//   +4  4 bytes     offset of IFD0
//   IFD0: 2-byte entry count, then 12-byte entries: tag(2) type(2) count(4) value-or-offset(4).
//   Orientation is tag 0x0112, type SHORT (3), count 1, value in the first 2 value bytes.
#include <cstring>

#include "image/orientation.h"

namespace clearhost::image::internal {
namespace {

constexpr size_t kExifIdentifierSize = 6;
constexpr uint16_t kOrientationTag = 0x0112;
constexpr uint16_t kTypeShort = 3;
constexpr size_t kIfdEntrySize = 12;

class TiffReader {
 public:
  TiffReader(std::span<const uint8_t> tiff, bool little_endian)
      : tiff_(tiff), little_endian_(little_endian) {}

  // False when [offset, offset + 2) or [offset, offset + 4) is outside the data.
  bool U16(uint64_t offset, uint16_t& value) const {
    if (offset > tiff_.size() || tiff_.size() - offset < 2) return false;
    const uint8_t* p = tiff_.data() + offset;
    value = little_endian_ ? uint16_t(p[0] | p[1] << 8) : uint16_t(p[0] << 8 | p[1]);
    return true;
  }
  bool U32(uint64_t offset, uint32_t& value) const {
    uint16_t first = 0, second = 0;
    if (!U16(offset, first) || !U16(offset + 2, second)) return false;
    value = little_endian_ ? (uint32_t(second) << 16 | first) : (uint32_t(first) << 16 | second);
    return true;
  }

 private:
  std::span<const uint8_t> tiff_;
  bool little_endian_;
};

}  // namespace

bool IsExifPayload(std::span<const uint8_t> app1_payload) {
  return app1_payload.size() >= kExifIdentifierSize &&
         std::memcmp(app1_payload.data(), "Exif\0\0", kExifIdentifierSize) == 0;
}

int ReadExifOrientation(std::span<const uint8_t> app1_payload) {
  if (!IsExifPayload(app1_payload)) return 1;
  const std::span<const uint8_t> tiff = app1_payload.subspan(kExifIdentifierSize);
  if (tiff.size() < 8) return 1;
  bool little_endian = false;
  if (tiff[0] == 'I' && tiff[1] == 'I') {
    little_endian = true;
  } else if (!(tiff[0] == 'M' && tiff[1] == 'M')) {
    return 1;
  }
  const TiffReader reader(tiff, little_endian);
  uint16_t magic = 0, entry_count = 0;
  uint32_t ifd_offset = 0;
  if (!reader.U16(2, magic) || magic != 42 || !reader.U32(4, ifd_offset)) return 1;
  if (!reader.U16(ifd_offset, entry_count)) return 1;
  for (uint64_t i = 0; i < entry_count; ++i) {
    const uint64_t entry = uint64_t(ifd_offset) + 2 + i * kIfdEntrySize;
    uint16_t tag = 0, type = 0, value = 0;
    uint32_t count = 0;
    if (!reader.U16(entry, tag) || !reader.U16(entry + 2, type) || !reader.U32(entry + 4, count) ||
        !reader.U16(entry + 8, value)) {
      return 1;  // the entry runs past the end of the payload
    }
    if (tag != kOrientationTag) continue;
    if (type != kTypeShort || count != 1 || value < 1 || value > 8) return 1;
    return value;
  }
  return 1;
}

}  // namespace clearhost::image::internal
