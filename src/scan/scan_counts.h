// What a scan run counted, for the summary record, the progress line and the scan state (a
// resumed run goes on counting from its last checkpoint).
// Thread-safety: a plain value type.
#pragma once

#include <cstdint>
#include <string>

#include "core/status.h"

namespace clearhost::scan {

struct ScanCounts {
  uint64_t files = 0;         // regular files looked at (reused ones included)
  uint64_t bytes = 0;         // their sizes
  uint64_t hashed_files = 0;  // read and hashed in this run
  uint64_t reused_files = 0;  // unchanged since the state kept their hashes: not read
  uint64_t items = 0;         // files and archive members
  uint64_t pictures = 0;      // items decoded and PDQ-hashed (or reused)
  uint64_t videos = 0;        // items vPDQ-hashed (or reused)
  uint64_t archives = 0;
  uint64_t members = 0;  // archive members (at every level)
  uint64_t skipped = 0;  // symlinks not followed, special files
  uint64_t errors = 0;   // files, members and actions that failed
  uint64_t matches = 0;  // match records, whatever their verdict
  uint64_t acted = 0;    // matches with verdict "match"
  uint64_t held = 0;
  uint64_t suppressed = 0;
  uint64_t low_quality = 0;
  uint64_t quarantined = 0;  // files moved into quarantine
  uint64_t posted = 0;       // webhook documents delivered
  uint64_t noticed = 0;      // notices accepted by the notice-and-takedown service

  // {"files":...,...}: every field, by name.
  std::string ToJson() const;
  static Result<ScanCounts> FromJson(const std::string& json);
};

}  // namespace clearhost::scan
