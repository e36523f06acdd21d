#include "video/video_sniff.h"

#include <algorithm>
#include <array>
#include <cstring>

namespace clearhost::video {
namespace {

bool StartsWith(std::span<const uint8_t> bytes, size_t offset, std::string_view magic) {
  return bytes.size() >= offset + magic.size() &&
         std::memcmp(bytes.data() + offset, magic.data(), magic.size()) == 0;
}

// ISO base media files that are still pictures (HEIF, AVIF, JPEG 2000, Canon raw) carry these
// major brands.
bool IsStillPictureBrand(std::span<const uint8_t> head) {
  constexpr std::array<std::string_view, 10> kStillBrands = {
      "heic", "heix", "heim", "heis", "mif1", "avif", "jp2 ", "jpx ", "jpm ", "crx "};
  return std::any_of(kStillBrands.begin(), kStillBrands.end(),
                     [&](std::string_view brand) { return StartsWith(head, 8, brand); });
}

bool IsMpegTs(std::span<const uint8_t> head) {
  constexpr size_t kPacket = 188;
  if (head.size() < kPacket + 1) return false;
  for (size_t offset = 0; offset < head.size() && offset <= 2 * kPacket; offset += kPacket) {
    if (head[offset] != 0x47) return false;
  }
  return true;
}

}  // namespace

std::string_view VideoContainerName(VideoContainer container) {
  switch (container) {
    case VideoContainer::kMp4:
      return "mp4";
    case VideoContainer::kMatroska:
      return "matroska";
    case VideoContainer::kAvi:
      return "avi";
    case VideoContainer::kFlv:
      return "flv";
    case VideoContainer::kMpegTs:
      return "mpegts";
    case VideoContainer::kMpegPs:
      return "mpeg";
    case VideoContainer::kOgg:
      return "ogg";
    case VideoContainer::kAsf:
      return "asf";
    case VideoContainer::kGif:
      return "gif";
    case VideoContainer::kUnknown:
      break;
  }
  return "unknown";
}

VideoContainer SniffVideoContainer(std::span<const uint8_t> head) {
  if (StartsWith(head, 4, "ftyp")) {
    return IsStillPictureBrand(head) ? VideoContainer::kUnknown : VideoContainer::kMp4;
  }
  // QuickTime files written without "ftyp" start with one of these atoms.
  for (std::string_view atom : {"moov", "mdat", "wide", "free", "skip"}) {
    if (StartsWith(head, 4, atom) && head.size() >= 12) return VideoContainer::kMp4;
  }
  if (StartsWith(head, 0, "\x1A\x45\xDF\xA3")) return VideoContainer::kMatroska;
  if (StartsWith(head, 0, "RIFF") && StartsWith(head, 8, "AVI ")) return VideoContainer::kAvi;
  if (StartsWith(head, 0, "FLV\x01")) return VideoContainer::kFlv;
  if (StartsWith(head, 0, "OggS")) return VideoContainer::kOgg;
  if (StartsWith(head, 0, "\x30\x26\xB2\x75\x8E\x66\xCF\x11")) return VideoContainer::kAsf;
  if (StartsWith(head, 0, std::string_view("\x00\x00\x01\xBA", 4)) ||
      StartsWith(head, 0, std::string_view("\x00\x00\x01\xB3", 4))) {
    return VideoContainer::kMpegPs;
  }
  if (StartsWith(head, 0, "GIF87a") || StartsWith(head, 0, "GIF89a")) return VideoContainer::kGif;
  if (IsMpegTs(head)) return VideoContainer::kMpegTs;
  return VideoContainer::kUnknown;
}

}  // namespace clearhost::video
