// Reading whole files with a size limit, with errors that name the file and the reason.
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <filesystem>
#include <vector>

#include "core/status.h"

namespace clearhost {

// Reads the regular file at `path` completely. Errors: NotFound, PermissionDenied,
// FailedPrecondition (not a regular file: directory, FIFO, device...), ResourceExhausted (larger
// than `max_bytes`), DataLoss (a read failed, e.g. EIO). Messages give the OS's reason.
Result<std::vector<uint8_t>> ReadFileLimited(const std::filesystem::path& path, uint64_t max_bytes);

}  // namespace clearhost
