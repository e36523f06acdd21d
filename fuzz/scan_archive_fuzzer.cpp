// libFuzzer target: arbitrary bytes through the scanner's per-file job as if found on a disk
// (content sniffing, libarchive for every archive format, nested archives, the bomb limits, and
// each member sniffed, decoded and hashed). Must never crash, hang or exceed memory; errors are
// expected results.
#include <cstddef>
#include <cstdint>
#include <span>

#include "scan/file_scanner.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  clearhost::scan::FileScanOptions options;
  // Small limits keep each input's work small; the limit logic still runs.
  options.hashing.max_pixels = 1'000'000;
  options.archives.max_depth = 3;
  options.archives.max_member_bytes = 4 << 20;
  options.archives.max_total_bytes = 16 << 20;
  options.archives.max_members = 1000;
  options.archives.ratio_floor_bytes = 1 << 20;
  clearhost::scan::FileScanner scanner(options);
  const auto items = scanner.ScanBytes(std::span<const uint8_t>(data, size), "fuzz");
  if (items.empty() || items[0].path != "fuzz") __builtin_trap();
  for (size_t k = 1; k < items.size(); ++k) {
    if (!items[k].path.starts_with("fuzz!/")) __builtin_trap();
  }
  return 0;
}
