// Bounded video frame decoding with FFmpeg (libavformat, libavcodec, libswscale): bytes in, the
// first video stream's frames out as 8-bit RGB, in decode order, numbered from 0.
//
// Every container and codec Debian's FFmpeg reads is accepted. Input always comes from memory
// through our own AVIOContext, and demuxers are refused any other file or URL (an HLS playlist
// or concat script cannot make FFmpeg open a path of its choosing). Frames are converted to
// RGB24 with SWS_AREA scaling, as Meta's vpdq does, at the stream's declared size or at
// `output_dimension` x `output_dimension`. Only frames the caller asks for are converted; the
// packet, frames, RGB buffer and scaler are allocated once per video and reused.
// Limits (VideoLimits) are checked before decoding starts where the container declares them
// and again while decoding, and a wall-clock budget interrupts FFmpeg itself, so a hostile file
// gets an error, never a hang or an unbounded allocation.
// Thread-safety: a VideoDecoder is used by one thread at a time; separate decoders are
// independent.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>

#include "core/status.h"
#include "hash/pdq.h"

namespace clearhost::video {

struct VideoLimits {
  int max_dimension = 16384;               // width or height, declared or decoded
  uint64_t max_frame_pixels = 67'108'864;  // width * height (8192 x 8192)
  double max_duration_seconds = 6 * 3600;  // declared duration, and frames / fps while decoding
  uint64_t max_frames = 2'000'000;         // frames decoded (not only those hashed); < 2^32
  double max_decode_seconds = 600;         // wall-clock budget for one video
};

struct VideoDecodeSettings {
  VideoLimits limits;
  int output_dimension = 0;  // > 0: frames scaled to this square size; 0: the declared size
  int decoder_threads = 1;   // FFmpeg slice threads; callers usually parallelise across files
};

// What the container and codec declare about the first video stream.
struct VideoInfo {
  std::string container;  // FFmpeg's demuxer name, e.g. "mov,mp4,m4a,3gp,3g2,mj2"
  std::string codec;      // e.g. "h264"
  int width = 0;
  int height = 0;
  double fps = 0;                // average frame rate, else the stream's base rate
  double duration_seconds = -1;  // -1 when the container does not say
};

class VideoDecoder {
 public:
  // Opens the first video stream in `bytes` (which must outlive the decoder). `display_name`
  // names the input in error messages. Errors: InvalidArgument (not a video FFmpeg reads, no
  // video stream, no decoder, zero frame rate or size), ResourceExhausted (over a limit),
  // DeadlineExceeded (over the time budget).
  static Result<std::unique_ptr<VideoDecoder>> Open(std::span<const uint8_t> bytes,
                                                    std::string display_name,
                                                    const VideoDecodeSettings& settings);
  ~VideoDecoder();
  VideoDecoder(const VideoDecoder&) = delete;
  VideoDecoder& operator=(const VideoDecoder&) = delete;

  const VideoInfo& info() const;
  int output_width() const;
  int output_height() const;

  // Decodes every frame. For each frame number `wanted` accepts, the frame is converted to RGB
  // and passed to `on_frame` (the view is valid during the call only); a non-OK Status from it
  // stops decoding and is returned. Returns the number of frames decoded. Errors: DataLoss
  // (corrupt or truncated data), ResourceExhausted, DeadlineExceeded. Call once.
  Result<uint64_t> Decode(
      const std::function<bool(uint64_t frame_number)>& wanted,
      const std::function<Status(uint64_t frame_number, const hash::RgbView& rgb)>& on_frame);

 private:
  struct State;
  explicit VideoDecoder(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace clearhost::video
