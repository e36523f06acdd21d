// Recognises video containers by their first bytes (magic numbers), never by file name, so the
// hash command and the scanner know which files to hand to the video decoder.
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace clearhost::video {

enum class VideoContainer {
  kUnknown,
  kMp4,       // ISO base media / QuickTime: "ftyp" (not a still-picture brand), "moov"...
  kMatroska,  // Matroska and WebM: EBML header 1A 45 DF A3
  kAvi,       // "RIFF" size "AVI "
  kFlv,       // "FLV" 01
  kMpegTs,    // 0x47 sync byte every 188 bytes
  kMpegPs,    // pack header 00 00 01 BA, or a sequence header 00 00 01 B3
  kOgg,       // "OggS"
  kAsf,       // ASF/WMV GUID 30 26 B2 75 8E 66 CF 11
  kGif,       // "GIF87a"/"GIF89a": also a picture; hashed as a video when animated
};

// Lowercase name ("mp4", "matroska", ...; "unknown").
std::string_view VideoContainerName(VideoContainer container);

// Identifies the container from the first bytes of a file (at least 12; 564 lets MPEG-TS be
// checked on three packets).
VideoContainer SniffVideoContainer(std::span<const uint8_t> head);

// Whether `head` starts a video container (GIF included: it may be animated).
inline bool LooksLikeVideo(std::span<const uint8_t> head) {
  return SniffVideoContainer(head) != VideoContainer::kUnknown;
}

}  // namespace clearhost::video
