// Reading whole files with a size limit, and OS errors as Statuses that name the file and reason.
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace clearhost {

// The Status for an OS error number, message "`what`: reason": NotFound (ENOENT, ENOTDIR),
// PermissionDenied (EACCES, EPERM), FailedPrecondition (ELOOP, EISDIR), else DataLoss.
Status ErrnoStatus(int error, std::string_view what);

// Reads the regular file at `path` completely. Errors: NotFound, PermissionDenied,
// FailedPrecondition (not a regular file: directory, FIFO, device...), ResourceExhausted (larger
// than `max_bytes`), DataLoss (a read failed, e.g. EIO). Messages give the OS's reason.
Result<std::vector<uint8_t>> ReadFileLimited(const std::filesystem::path& path, uint64_t max_bytes);

}  // namespace clearhost
