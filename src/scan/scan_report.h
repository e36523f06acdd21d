// The scan's JSON Lines report, one object per line, each with a "type":
//   "match"   path, kind, signal_type, signal, match (the list entry), distance, source (bank or
//             list), entry_id (banks) or line (index files), verdict (match, held, suppressed,
//             low_quality), reason when not acted on, and quality for pictures;
//   "error"   path, error: a file or member that could not be read or decoded;
//   "skipped" path, reason: a symlink not followed, a special file;
//   "summary" the counts of the whole run (last line).
// docs/formats.md ("clearhost scan output") is the specification. Written to stdout or to a
// file; the byte count lets the scan state cut a report file back to its last checkpoint.
// Thread-safety: a ScanReport is used by one thread at a time.
#pragma once

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>

#include "core/posix_file.h"
#include "core/status.h"
#include "scan/file_scanner.h"
#include "scan/item_matcher.h"

namespace clearhost::scan {

class ScanReport {
 public:
  // Writes to stdout.
  ScanReport() = default;
  // Writes to `path`, first cut back to `keep_bytes` (0: emptied, a new run).
  static Result<ScanReport> OpenFile(const std::filesystem::path& path, uint64_t keep_bytes);

  void Match(const ScannedItem& item, const ItemMatch& match);
  void Error(const std::string& path, const Status& error);
  void Skipped(const std::string& path, const Status& reason);
  void Summary(const std::string& counts_json);

  // Makes everything written so far durable (a file: flushed and fsynced) and returns the
  // report's length in bytes.
  Result<uint64_t> Sync();

 private:
  explicit ScanReport(FileDescriptor fd, uint64_t bytes) : fd_(std::move(fd)), bytes_(bytes) {}
  void WriteLine(const std::string& line);

  FileDescriptor fd_;  // invalid: stdout
  uint64_t bytes_ = 0;
  std::string pending_;  // buffered lines of a report file
  Status write_error_;
};

}  // namespace clearhost::scan
