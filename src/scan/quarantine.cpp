#include "scan/quarantine.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "core/clock.h"
#include "core/posix_file.h"

namespace clearhost::scan {
namespace {

Status WriteAll(int fd, std::string_view bytes, std::string_view what) {
  while (!bytes.empty()) {
    const ssize_t wrote = write(fd, bytes.data(), bytes.size());
    if (wrote < 0) {
      if (errno == EINTR) continue;
      return ErrnoStatus(errno, what);
    }
    bytes.remove_prefix(size_t(wrote));
  }
  return Status();
}

// Copies `from` to `to` (created exclusively) and syncs it.
Status CopyFile(const std::string& from, const std::string& to) {
  const FileDescriptor in(open(from.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
  if (!in.valid()) return ErrnoStatus(errno, absl::StrCat(from, ": cannot open to quarantine"));
  const FileDescriptor out(open(to.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600));
  if (!out.valid()) return ErrnoStatus(errno, absl::StrCat(to, ": cannot create"));
  std::string buffer(1 << 20, '\0');
  while (true) {
    const ssize_t got = read(in.get(), buffer.data(), buffer.size());
    if (got < 0) {
      if (errno == EINTR) continue;
      return ErrnoStatus(errno, absl::StrCat(from, ": read failed"));
    }
    if (got == 0) break;
    CLEARHOST_RETURN_IF_ERROR(WriteAll(out.get(), std::string_view(buffer.data(), size_t(got)),
                                       absl::StrCat(to, ": write failed")));
  }
  if (fsync(out.get()) != 0) return ErrnoStatus(errno, absl::StrCat(to, ": sync failed"));
  return Status();
}

Status SyncDirectory(const std::filesystem::path& directory) {
  const FileDescriptor fd(open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!fd.valid() || fsync(fd.get()) != 0) {
    return ErrnoStatus(errno, absl::StrCat(directory.string(), ": cannot sync"));
  }
  return Status();
}

}  // namespace

Result<std::filesystem::path> QuarantineFile(const std::string& path,
                                             const std::filesystem::path& directory,
                                             const std::string& sha256,
                                             const std::string& details) {
  if (mkdir(directory.c_str(), 0700) != 0 && errno != EEXIST) {
    return ErrnoStatus(errno, absl::StrCat(directory.string(), ": cannot create quarantine"));
  }
  const std::filesystem::path target =
      directory / absl::StrCat(sha256, "-", std::filesystem::path(path).filename().string());
  struct stat info {};
  const bool source_there = lstat(path.c_str(), &info) == 0;
  const bool target_there = lstat(target.c_str(), &info) == 0;
  if (!source_there && !target_there) {
    return absl::NotFoundError(absl::StrCat(path, ": gone before it could be quarantined"));
  }
  if (source_there) {
    if (rename(path.c_str(), target.c_str()) != 0) {
      if (errno != EXDEV) {
        return ErrnoStatus(errno, absl::StrCat(path, ": cannot move into ", directory.string()));
      }
      const std::string partial = absl::StrCat(target.string(), ".partial");
      CLEARHOST_RETURN_IF_ERROR(CopyFile(path, partial));
      if (rename(partial.c_str(), target.c_str()) != 0) {
        return ErrnoStatus(errno, absl::StrCat(partial, ": cannot rename"));
      }
      CLEARHOST_RETURN_IF_ERROR(SyncDirectory(directory));
      if (unlink(path.c_str()) != 0) {
        return ErrnoStatus(errno, absl::StrCat(path, ": copied into quarantine, cannot unlink"));
      }
    }
    CLEARHOST_RETURN_IF_ERROR(SyncDirectory(directory));
  }
  nlohmann::ordered_json line = {{"time_us", SystemClockMicros()},
                                 {"original", path},
                                 {"quarantined", target.string()},
                                 {"sha256", sha256}};
  line["details"] = nlohmann::ordered_json::parse(details, nullptr, false);
  const std::filesystem::path manifest = directory / "manifest.jsonl";
  const FileDescriptor fd(open(manifest.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600));
  if (!fd.valid()) return ErrnoStatus(errno, absl::StrCat(manifest.string(), ": cannot open"));
  CLEARHOST_RETURN_IF_ERROR(WriteAll(
      fd.get(),
      absl::StrCat(line.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace),
                   "\n"),
      absl::StrCat(manifest.string(), ": write failed")));
  if (fdatasync(fd.get()) != 0) {
    return ErrnoStatus(errno, absl::StrCat(manifest.string(), ": sync failed"));
  }
  return target;
}

}  // namespace clearhost::scan
