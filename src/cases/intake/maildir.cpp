#include "cases/intake/maildir.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <ctime>
#include <span>
#include <system_error>

#include "absl/strings/str_cat.h"
#include "core/posix_file.h"

namespace clearhost::cases::intake {
namespace {

namespace fs = std::filesystem;

Status WriteAll(int fd, std::string_view bytes, const fs::path& path) {
  while (!bytes.empty()) {
    const ssize_t written = ::write(fd, bytes.data(), bytes.size());
    if (written < 0 && errno == EINTR) continue;
    if (written < 0) return ErrnoStatus(errno, absl::StrCat("cannot write ", path.string()));
    bytes.remove_prefix(static_cast<size_t>(written));
  }
  return Status();
}

// "<seconds>.P<pid>Q<counter>.<host>", Maildir's unique name.
std::string UniqueName() {
  static std::atomic<uint64_t> counter{0};
  char host[256] = "localhost";
  if (gethostname(host, sizeof(host) - 1) != 0) host[0] = '\0';
  host[sizeof(host) - 1] = '\0';
  std::string name = absl::StrCat(std::time(nullptr), ".P", getpid(), "Q", counter++, ".", host);
  std::replace(name.begin(), name.end(), '/', '_');
  std::replace(name.begin(), name.end(), ':', '_');
  return name;
}

Status SyncDirectory(const fs::path& directory) {
  FileDescriptor fd(::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!fd.valid() || ::fsync(fd.get()) != 0) {
    return ErrnoStatus(errno, absl::StrCat("cannot sync ", directory.string()));
  }
  return Status();
}

}  // namespace

Result<std::vector<fs::path>> MaildirMessages(const fs::path& dir) {
  std::error_code error;
  if (!fs::is_directory(dir / "new", error) || !fs::is_directory(dir / "cur", error)) {
    return absl::FailedPreconditionError(
        absl::StrCat(dir.string(), ": not a Maildir (no new/ and cur/ folders)"));
  }
  std::vector<fs::path> messages;
  for (const char* sub : {"new", "cur"}) {
    std::vector<fs::path> found;
    for (fs::directory_iterator it(dir / sub, error), end; !error && it != end;
         it.increment(error)) {
      const std::string name = it->path().filename().string();
      if (!name.empty() && name[0] != '.' && it->is_regular_file(error)) found.push_back(*it);
    }
    if (error) {
      return ErrnoStatus(error.value(), absl::StrCat("cannot list ", (dir / sub).string()));
    }
    std::sort(found.begin(), found.end());
    messages.insert(messages.end(), found.begin(), found.end());
  }
  return messages;
}

Status CreateMaildir(const fs::path& folder) {
  for (const char* sub : {"tmp", "new", "cur"}) {
    std::error_code error;
    fs::create_directories(folder / sub, error);
    if (error) {
      return ErrnoStatus(error.value(), absl::StrCat("cannot create ", (folder / sub).string()));
    }
  }
  return Status();
}

Result<fs::path> DeliverToMaildir(const fs::path& folder, std::string_view message) {
  CLEARHOST_RETURN_IF_ERROR(CreateMaildir(folder));
  const std::string name = UniqueName();
  const fs::path temporary = folder / "tmp" / name;
  const fs::path target = folder / "new" / name;
  FileDescriptor fd(::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
  if (!fd.valid()) return ErrnoStatus(errno, absl::StrCat("cannot create ", temporary.string()));
  Status written = WriteAll(fd.get(), message, temporary);
  if (written.ok() && ::fsync(fd.get()) != 0) {
    written = ErrnoStatus(errno, absl::StrCat("cannot sync ", temporary.string()));
  }
  if (written.ok() && ::rename(temporary.c_str(), target.c_str()) != 0) {
    written = ErrnoStatus(errno, absl::StrCat("cannot move ", temporary.string(), " to new/"));
  }
  if (!written.ok()) {
    ::unlink(temporary.c_str());
    return written;
  }
  CLEARHOST_RETURN_IF_ERROR(SyncDirectory(folder / "new"));
  return target;
}

}  // namespace clearhost::cases::intake
