// vPDQ, Meta's video hash: one PDQ hash per sampled frame of a video, with its frame number,
// quality and timestamp, computed as Meta's reference (vpdq-hash-video) computes them:
//  - frames are numbered from 0 in decode order; every `(int)(seconds_per_hash * fps)`-th frame
//    is hashed (every frame when that is 0, e.g. seconds_per_hash = 0), fps being the stream's
//    average frame rate (else its base rate);
//  - the timestamp is the frame number divided by the frame rate, both in single precision;
//  - frames are converted to RGB24 with SWS_AREA at the declared size (or N x N when
//    `downsample_dimension` is N > 0) and hashed with PDQ from weighted-RGB luminance.
// The frames are what lists::FormatVpdqFrame writes as `frameNumber,quality,pdqHex,timestamp`.
// This is the library entry point for the hash command and the scanner; videos inside archives
// go through HashVideoBytes.
// Thread-safety: the functions keep no shared state; call them from any number of threads.
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "core/hash256.h"
#include "core/status.h"
#include "video/video_decoder.h"

namespace clearhost::video {

struct VideoHashOptions {
  double seconds_per_hash = 1.0;  // 0: every frame
  int downsample_dimension = 0;   // > 0: frames scaled to N x N before hashing
  int decoder_threads = 1;
  VideoLimits limits;
};

// One hashed frame (the fields of a vPDQ per-frame line; lists::VpdqFrame is the same record
// one layer up).
struct VideoFrameHash {
  uint32_t frame_number = 0;
  int quality = 0;
  Hash256 pdq;
  double timestamp_seconds = 0;
};

struct VideoHash {
  VideoInfo info;
  uint64_t frames_decoded = 0;
  std::vector<VideoFrameHash> frames;  // in frame order
};

// Hashes the video in `bytes`; `display_name` names it in error messages. Errors as
// VideoDecoder's, and InvalidArgument for a negative seconds_per_hash.
Result<VideoHash> HashVideoBytes(std::span<const uint8_t> bytes, const std::string& display_name,
                                 const VideoHashOptions& options);

// Maps the file into memory and hashes it with HashVideoBytes (NotFound etc. when it cannot be
// read; errors name the path).
Result<VideoHash> HashVideoFile(const std::filesystem::path& path, const VideoHashOptions& options);

// The sampling interval in frames for a frame rate: (int)(seconds_per_hash * fps), at least 1.
uint64_t FramesPerHash(double seconds_per_hash, double fps);

}  // namespace clearhost::video
