// What a file's first bytes say it is, for the scanner's choice of what to do with it: decode
// and hash a picture, vPDQ-hash a video, open an archive (or compressed stream) and scan its
// members, or take the digests of anything else. Decided by magic numbers only, never by a file
// name. A GIF is a picture (its first frame); FileScanner hashes an animated one as a video too.
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace clearhost::scan {

enum class ContentKind { kOther, kImage, kArchive, kVideo };

// How many leading bytes SniffContent needs to see every signature it knows (tar's "ustar" magic
// sits at offset 257).
inline constexpr size_t kSniffBytes = 512;

ContentKind SniffContent(std::span<const uint8_t> head);

// "other", "image", "archive" or "video".
std::string_view ContentKindName(ContentKind kind);

}  // namespace clearhost::scan
