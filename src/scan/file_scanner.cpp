#include "scan/file_scanner.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "absl/strings/str_cat.h"
#include "core/posix_file.h"
#include "image/image.h"

namespace clearhost::scan {
namespace {

constexpr size_t kChunkBytes = 1 << 20;

ScannedItem FailedItem(std::string path, Status error) {
  ScannedItem item;
  item.path = std::move(path);
  item.error = std::move(error);
  return item;
}

// Reads up to `size` bytes at `offset`; fewer only at the end of the file.
Result<size_t> ReadAt(int fd, uint8_t* out, size_t size, uint64_t offset) {
  size_t done = 0;
  while (done < size) {
    const ssize_t got = pread(fd, out + done, size - done, off_t(offset + done));
    if (got < 0) {
      if (errno == EINTR) continue;
      return ErrnoStatus(errno, "read failed");
    }
    if (got == 0) break;
    done += size_t(got);
  }
  return done;
}

}  // namespace

FileScanner::FileScanner(FileScanOptions options)
    : options_(options), hasher_(options.hashing), archives_(options.archives) {}

ScannedItem FileScanner::HashBytes(std::span<const uint8_t> bytes, const std::string& path,
                                   ContentKind kind) {
  ScannedItem item;
  item.path = path;
  item.kind = kind;
  item.bytes = bytes.size();
  if (kind != ContentKind::kImage) {
    auto digests = hash::ComputeDigests(bytes);
    if (digests.ok()) {
      item.digests = *std::move(digests);
    } else {
      item.error = digests.status();
    }
    if (kind == ContentKind::kVideo && item.error.ok()) HashVideo(bytes, item);
    return item;
  }
  hash::FileHashRecord record = hasher_.HashBytes(bytes);
  item.digests = std::move(record.digests);
  if (record.pdq) item.pdq = hash::PdqHash{record.pdq->hashes[0], record.pdq->quality};
  item.error = std::move(record.error);
  if (record.format == image::ImageFormat::kGif && options_.hash_videos) {
    // A GIF is a picture (its first frame) first; animated, it is a video too.
    auto hashed = video::HashVideoBytes(bytes, item.path, options_.videos);
    if (hashed.ok() && hashed->frames_decoded > 1) item.frames = std::move(hashed->frames);
  }
  return item;
}

void FileScanner::HashVideo(std::span<const uint8_t> bytes, ScannedItem& item) {
  if (!options_.hash_videos) return;
  auto hashed = video::HashVideoBytes(bytes, item.path, options_.videos);
  if (hashed.ok()) {
    item.frames = std::move(hashed->frames);
  } else {
    item.error = hashed.status();
  }
}

Status FileScanner::ScanMembers(const std::string& path, std::vector<ScannedItem>& items, int fd,
                                std::span<const uint8_t> bytes) {
  ArchiveCallbacks callbacks;
  callbacks.is_archive = [](std::span<const uint8_t> head) {
    return SniffContent(head) == ContentKind::kArchive;
  };
  callbacks.on_member = [&](const std::string& member, std::span<const uint8_t> member_bytes) {
    items.push_back(HashBytes(member_bytes, member, SniffContent(member_bytes)));
  };
  callbacks.on_problem = [&](const std::string& member, const Status& problem) {
    items.push_back(FailedItem(member, problem));
  };
  return fd >= 0 ? archives_.ReadFile(fd, path, callbacks)
                 : archives_.ReadMemory(bytes, path, callbacks);
}

std::vector<ScannedItem> FileScanner::ScanBytes(std::span<const uint8_t> bytes,
                                                const std::string& path) {
  std::vector<ScannedItem> items;
  const ContentKind kind = SniffContent(bytes);
  items.push_back(HashBytes(bytes, path, kind));
  if (kind == ContentKind::kArchive && options_.open_archives) {
    const Status read = ScanMembers(path, items, -1, bytes);
    if (!read.ok()) items[0].error = read;
  }
  return items;
}

std::vector<ScannedItem> FileScanner::ScanFile(const std::string& path) {
  std::vector<ScannedItem> items;
  // O_NONBLOCK: a file swapped for a FIFO after the walk must not block the open.
  const FileDescriptor fd(open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK));
  if (!fd.valid()) {
    const int error = errno;
    items.push_back(FailedItem(
        path, ErrnoStatus(error, error == ENOENT ? "vanished during the scan" : "cannot open")));
    return items;
  }
  struct stat info {};
  if (fstat(fd.get(), &info) != 0) {
    items.push_back(FailedItem(path, ErrnoStatus(errno, "cannot stat")));
    return items;
  }
  if (!S_ISREG(info.st_mode)) {
    items.push_back(FailedItem(path, absl::FailedPreconditionError(
                                         "not a regular file (FIFO, socket or device): skipped")));
    return items;
  }
  const uint64_t size = uint64_t(info.st_size);
  uint8_t head[kSniffBytes];
  auto head_bytes = ReadAt(fd.get(), head, sizeof head, 0);
  if (!head_bytes.ok()) {
    items.push_back(FailedItem(path, head_bytes.status()));
    return items;
  }
  const ContentKind kind = SniffContent(std::span<const uint8_t>(head, *head_bytes));

  // Pictures and videos are decoded from memory (never from a mapping: a file cut short while
  // mapped would kill the scan), so their size is limited.
  if (kind == ContentKind::kImage || (kind == ContentKind::kVideo && options_.hash_videos)) {
    if (size > options_.hashing.max_file_bytes) {
      ScannedItem item = FailedItem(
          path,
          absl::ResourceExhaustedError(absl::StrCat(
              std::string(ContentKindName(kind)), " file of ", size, " bytes is over the limit of ",
              options_.hashing.max_file_bytes, " bytes: not decoded (see --max-file-size)")));
      item.kind = kind;
      item.bytes = size;
      items.push_back(std::move(item));
      return items;
    }
    buffer_.resize(size_t(size));
    auto read = ReadAt(fd.get(), buffer_.data(), buffer_.size(), 0);
    if (!read.ok()) {
      items.push_back(FailedItem(path, read.status()));
      return items;
    }
    items.push_back(HashBytes(std::span<const uint8_t>(buffer_.data(), *read), path, kind));
    return items;
  }

  ScannedItem item;
  item.path = path;
  item.kind = kind;
  item.bytes = size;
  if (size > options_.max_digest_bytes) {
    item.error = absl::ResourceExhaustedError(
        absl::StrCat("file of ", size, " bytes is over the limit of ", options_.max_digest_bytes,
                     " bytes: not read (see --max-digest-size)"));
    items.push_back(std::move(item));
    return items;
  }
  // Digests streamed chunk by chunk: memory stays at one chunk whatever the file's size.
  hash::Digester digester;
  buffer_.resize(kChunkBytes);
  uint64_t offset = 0;
  while (true) {
    auto read = ReadAt(fd.get(), buffer_.data(), buffer_.size(), offset);
    if (!read.ok()) {
      item.error = read.status();
      items.push_back(std::move(item));
      return items;
    }
    if (*read == 0) break;
    digester.Update(std::span<const uint8_t>(buffer_.data(), *read));
    offset += *read;
  }
  item.bytes = offset;
  auto digests = digester.Finish();
  if (digests.ok()) {
    item.digests = *std::move(digests);
  } else {
    item.error = digests.status();
  }
  items.push_back(std::move(item));
  if (kind == ContentKind::kArchive && options_.open_archives) {
    if (lseek(fd.get(), 0, SEEK_SET) != 0) {
      items[0].error = ErrnoStatus(errno, "cannot rewind");
      return items;
    }
    const Status read = ScanMembers(path, items, fd.get(), {});
    if (!read.ok()) items[0].error = read;
  }
  return items;
}

}  // namespace clearhost::scan
