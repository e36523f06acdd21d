// Expands command-line paths into the files to process: a file stands for itself, a directory
// is walked recursively in sorted order. Symbolic links are followed; a directory reached twice
// (a symlink loop or a second link to the same tree) is reported, not walked again. Problems are
// reported through the callback as errors for that path, never skipped silently.
// Thread-safety: call from one thread; the callback runs on the caller's thread.
#pragma once

#include <filesystem>
#include <functional>

#include "core/status.h"

namespace clearhost {

// Called once per file found (`problem` OK) and once per path that could not be walked or is not
// a regular file (`problem` says why). Return false to stop the walk early.
using WalkCallback = std::function<bool(const std::filesystem::path& path, const Status& problem)>;

// Walks every path in order. Returns false if the callback stopped the walk.
bool WalkPaths(const std::vector<std::filesystem::path>& paths, const WalkCallback& callback);

}  // namespace clearhost
