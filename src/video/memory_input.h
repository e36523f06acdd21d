// Feeds FFmpeg from a byte span: an AVIOContext whose read and seek callbacks walk the span, so
// videos are decoded from memory (mapped files, archive members) through one code path.
// Internal to src/video. Thread-safety: one thread at a time, like the context it feeds.
#pragma once

#include <cstdint>
#include <span>

#include "core/status.h"
#include "video/ffmpeg_handles.h"

namespace clearhost::video {

class MemoryInput {
 public:
  explicit MemoryInput(std::span<const uint8_t> bytes) : bytes_(bytes) {}
  MemoryInput(const MemoryInput&) = delete;
  MemoryInput& operator=(const MemoryInput&) = delete;

  // A read-only, seekable AVIOContext over the bytes; this MemoryInput must outlive it.
  Result<AvioContextPtr> MakeContext();

 private:
  static int Read(void* opaque, uint8_t* buffer, int size);
  static int64_t Seek(void* opaque, int64_t offset, int whence);

  std::span<const uint8_t> bytes_;
  size_t position_ = 0;
};

}  // namespace clearhost::video
