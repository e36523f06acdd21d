// Hashing files and directory trees for the CLI commands (`hash`, `match PATH...`): a walker
// thread runs ahead into a bounded buffer, `jobs` workers hash, and records come back in walk
// order. Only hashes and metadata leave the workers; file contents are dropped.
// Thread-safety: on_record runs on the calling thread, one record at a time.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "hash/file_hasher.h"

namespace clearhost::cli {

// Hashes every file under `paths` (directories walked recursively in sorted order) with up to
// `jobs` threads (0 = all cores). A path the walk could not read arrives as a record whose
// error is set.
void HashPaths(
    const std::vector<std::string>& paths, const hash::FileHashOptions& options, int jobs,
    const std::function<void(const std::string& path, hash::FileHashRecord&&)>& on_record);

}  // namespace clearhost::cli
