#include "video/memory_input.h"

#include <algorithm>
#include <cstring>

extern "C" {
#include <libavutil/mem.h>
}

namespace clearhost::video {
namespace {

// FFmpeg's own default for file input.
constexpr int kIoBufferBytes = 32768;

}  // namespace

Result<AvioContextPtr> MemoryInput::MakeContext() {
  auto* buffer = static_cast<unsigned char*>(av_malloc(kIoBufferBytes));
  if (buffer == nullptr) return absl::ResourceExhaustedError("out of memory for video input");
  AvioContextPtr context(avio_alloc_context(buffer, kIoBufferBytes, /*write_flag=*/0, this,
                                            &MemoryInput::Read, nullptr, &MemoryInput::Seek));
  if (context == nullptr) {
    av_free(buffer);
    return absl::ResourceExhaustedError("out of memory for video input");
  }
  return context;
}

int MemoryInput::Read(void* opaque, uint8_t* buffer, int size) {
  auto& input = *static_cast<MemoryInput*>(opaque);
  const size_t left = input.bytes_.size() - input.position_;
  if (left == 0) return AVERROR_EOF;
  const size_t count = std::min(left, size_t(std::max(size, 0)));
  std::memcpy(buffer, input.bytes_.data() + input.position_, count);
  input.position_ += count;
  return int(count);
}

int64_t MemoryInput::Seek(void* opaque, int64_t offset, int whence) {
  auto& input = *static_cast<MemoryInput*>(opaque);
  const auto size = int64_t(input.bytes_.size());
  int64_t base = 0;
  switch (whence & ~AVSEEK_FORCE) {
    case AVSEEK_SIZE:
      return size;
    case SEEK_SET:
      break;
    case SEEK_CUR:
      base = int64_t(input.position_);
      break;
    case SEEK_END:
      base = size;
      break;
    default:
      return AVERROR(EINVAL);
  }
  int64_t target = 0;
  if (__builtin_add_overflow(base, offset, &target)) return AVERROR(EINVAL);
  if (target < 0 || target > size) return AVERROR(EINVAL);
  input.position_ = size_t(target);
  return target;
}

}  // namespace clearhost::video
