// libFuzzer target: arbitrary bytes through video sniffing and the whole vPDQ path of
// `clearhost hash` (our AVIOContext over memory, every FFmpeg demuxer and decoder Debian's
// FFmpeg has, RGB conversion, PDQ). Must never crash, hang or exceed memory; errors are expected
// results. Limits are tight so that each input's work stays small (a 2 s decode budget, well
// under `./run fuzz`'s -timeout=10); the limit logic itself still runs.
#include <cstddef>
#include <cstdint>
#include <span>

#include "video/video_sniff.h"
#include "video/vpdq_hasher.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::span<const uint8_t> bytes(data, size);
  (void)clearhost::video::SniffVideoContainer(bytes);
  clearhost::video::VideoHashOptions options;
  options.seconds_per_hash = (size % 2) == 1 ? 0 : 1;
  options.limits.max_dimension = 2048;
  options.limits.max_frame_pixels = 1'000'000;
  options.limits.max_frames = 300;
  options.limits.max_decode_seconds = 2;
  const auto hashed = clearhost::video::HashVideoBytes(bytes, "fuzz", options);
  if (hashed.ok()) {
    // Hashed frames are in order and never more than were decoded.
    if (hashed->frames.size() > hashed->frames_decoded) __builtin_trap();
    for (size_t i = 1; i < hashed->frames.size(); ++i) {
      if (hashed->frames[i].frame_number <= hashed->frames[i - 1].frame_number) __builtin_trap();
    }
  }
  return 0;
}
