// The scanner's quarantine action: a file with an acted-on match is moved (never deleted, never
// copied and left) into a quarantine directory, under a name made of its SHA-256 and its base
// name, and a line is appended to DIR/manifest.jsonl saying where it came from, when, and why.
// The move is a rename() (atomic) on one file system; across file systems the file is copied,
// synced, renamed into place and only then unlinked. Doing it again after a crash is safe: a
// source already gone with its destination in place only gets its manifest line.
// Quarantined files keep clearhost's promise: nothing is read, only moved; the directory is
// created 0700.
// Thread-safety: call from one thread per quarantine directory.
#pragma once

#include <filesystem>
#include <string>

#include "core/status.h"

namespace clearhost::scan {

// Moves `path` into `directory` as "<sha256>-<base name>" and appends `details` (a JSON object:
// the matches) to the manifest. Returns the quarantined path.
Result<std::filesystem::path> QuarantineFile(const std::string& path,
                                             const std::filesystem::path& directory,
                                             const std::string& sha256, const std::string& details);

}  // namespace clearhost::scan
