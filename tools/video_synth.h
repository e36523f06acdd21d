// Benign synthetic videos for the tests, benchmarks and fuzz seeds, encoded with Debian's
// libavcodec encoders (mpeg4, mjpeg, ffv1...) into any container its libavformat writes: frames
// are tools/picture_synth pictures, a new one every `frames_per_scene` frames. Also audio-only
// files (a sine tone), for the "no video stream" error. Nothing here reads outside data.
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "core/status.h"

namespace clearhost::synth {

struct VideoSpec {
  int width = 160;
  int height = 120;
  int frames = 40;
  int fps = 10;
  int frames_per_scene = 5;
  uint32_t seed = 1;
  std::string codec = "mpeg4";         // an FFmpeg encoder name ("gif" with container "gif")
  std::string container = "matroska";  // an FFmpeg muxer name
};

// Encodes the video described by `spec` into `path`.
Status WriteVideo(const std::filesystem::path& path, const VideoSpec& spec);

// One second of a 440 Hz tone, PCM in the `container` (e.g. "matroska", "wav"): no video.
Status WriteAudioOnly(const std::filesystem::path& path, const std::string& container);

}  // namespace clearhost::synth
