#include "scan/content_kind.h"

#include <cstring>

#include "image/image.h"
#include "video/video_sniff.h"

namespace clearhost::scan {
namespace {

bool StartsWith(std::span<const uint8_t> head, std::string_view magic, size_t offset = 0) {
  return head.size() >= offset + magic.size() &&
         std::memcmp(head.data() + offset, magic.data(), magic.size()) == 0;
}

// Containers and compressed streams libarchive reads.
bool IsArchive(std::span<const uint8_t> head) {
  using namespace std::string_view_literals;
  return StartsWith(head, "PK\x03\x04"sv) ||    // zip
         StartsWith(head, "PK\x05\x06"sv) ||    // empty zip
         StartsWith(head, "\x1f\x8b\x08"sv) ||  // gzip
         (StartsWith(head, "BZh"sv) && head.size() > 3 && head[3] >= '1' &&
          head[3] <= '9') ||  // bzip2
         StartsWith(head,
                    "\xfd"
                    "7zXZ\x00"sv) ||                  // xz
         StartsWith(head, "\x28\xb5\x2f\xfd"sv) ||    // zstd
         StartsWith(head, "7z\xbc\xaf\x27\x1c"sv) ||  // 7z
         StartsWith(head, "Rar!\x1a\x07"sv) ||        // rar 4 and 5
         StartsWith(head, "ustar"sv, 257) ||          // tar (POSIX and GNU)
         StartsWith(head, "070707"sv) ||              // cpio (odc)
         StartsWith(head, "07070"sv) ||               // cpio (newc, crc)
         StartsWith(head, "!<arch>\n"sv) ||           // ar
         StartsWith(head, "MSCF"sv);                  // cab
}

}  // namespace

ContentKind SniffContent(std::span<const uint8_t> head) {
  if (image::SniffImageFormat(head) != image::ImageFormat::kUnknown) return ContentKind::kImage;
  if (IsArchive(head)) return ContentKind::kArchive;
  if (video::LooksLikeVideo(head)) return ContentKind::kVideo;
  return ContentKind::kOther;
}

std::string_view ContentKindName(ContentKind kind) {
  switch (kind) {
    case ContentKind::kImage:
      return "image";
    case ContentKind::kArchive:
      return "archive";
    case ContentKind::kVideo:
      return "video";
    case ContentKind::kOther:
      break;
  }
  return "other";
}

}  // namespace clearhost::scan
