// libFuzzer target: arbitrary bytes through the whole per-file job of `clearhost hash`
// (sniffing, every image decoder, EXIF orientation, PDQ, digests). Must never crash, hang or
// exceed memory; errors are expected results.
#include <cstddef>
#include <cstdint>
#include <span>

#include "hash/file_hasher.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  clearhost::hash::FileHashOptions options;
  options.max_pixels = 4'000'000;  // keeps each input's work small; the limit logic still runs
  options.dihedral = (size % 2) == 1;
  clearhost::hash::FileHasher hasher(options);
  const auto record = hasher.HashBytes(std::span<const uint8_t>(data, size));
  if (record.pdq && record.width > 0 && record.height > 0 && record.error.ok()) {
    // A hashed picture always has its digests.
    if (!record.digests) __builtin_trap();
  }
  return 0;
}
