// Reading a list file in chunks for a streaming parser: opening a path and feeding a std::FILE*
// to its end, with errors that name the list and the OS's reason.
// Thread-safety: reentrant; the callback runs on the calling thread.
#pragma once

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <span>
#include <string_view>

#include "absl/functional/function_ref.h"
#include "core/status.h"

namespace clearhost::lists {

struct FileCloser {
  void operator()(std::FILE* file) const { std::fclose(file); }
};
using FilePointer = std::unique_ptr<std::FILE, FileCloser>;

// Opens `path` for reading. NotFound, PermissionDenied, FailedPrecondition (a directory) name the
// path. "-" is an ordinary file name here: reading stdin is the caller's business.
Result<FilePointer> OpenListFile(const std::filesystem::path& path);

// Reads `file` (a file, a pipe, stdin) to its end, passing each chunk to `feed`; does not close
// it. Returns the first error of `feed`, or a DataLoss-like error naming `display_name` and the
// OS's reason when reading fails (see ErrnoStatus in core/posix_file.h).
Status FeedFile(std::FILE* file, std::string_view display_name,
                absl::FunctionRef<Status(std::span<const uint8_t> chunk)> feed);

}  // namespace clearhost::lists
