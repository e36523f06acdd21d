#include "scan/archive_reader.h"

#include <archive.h>
#include <archive_entry.h>

#include <memory>
#include <string_view>

#include "absl/strings/str_cat.h"

namespace clearhost::scan {

struct ArchiveReader::LibArchive {
  struct Free {
    void operator()(archive* handle) const { archive_read_free(handle); }
  };
  std::unique_ptr<archive, Free> handle{archive_read_new()};
  archive* outermost = nullptr;  // whose bytes read count for the expansion ratio
};

namespace {

constexpr size_t kReadBlock = 64 << 10;

Status LibArchiveError(archive* handle, const std::string& path, const char* what) {
  const char* message = archive_error_string(handle);
  return absl::DataLossError(
      absl::StrCat(path, ": ", what, ": ", message != nullptr ? message : "unknown error"));
}

// "dir/a.jpg" from "./dir/a.jpg" or "/dir/a.jpg".
std::string MemberName(const char* name) {
  std::string_view view = name != nullptr ? name : "";
  while (view.starts_with("./")) view.remove_prefix(2);
  while (view.starts_with("/")) view.remove_prefix(1);
  return view.empty() ? std::string("data") : std::string(view);
}

void SupportEverything(archive* handle) {
  archive_read_support_filter_all(handle);
  archive_read_support_format_all(handle);
  // A single compressed stream (picture.jpg.gz) is read as one member named "data".
  archive_read_support_format_raw(handle);
}

}  // namespace

Status ArchiveReader::ReadFile(int fd, const std::string& path, const ArchiveCallbacks& callbacks) {
  LibArchive archive;
  SupportEverything(archive.handle.get());
  if (archive_read_open_fd(archive.handle.get(), fd, kReadBlock) != ARCHIVE_OK) {
    return LibArchiveError(archive.handle.get(), path, "not a readable archive");
  }
  archive.outermost = archive.handle.get();
  Totals totals;
  return ReadOpened(archive, path, 1, totals, callbacks);
}

Status ArchiveReader::ReadMemory(std::span<const uint8_t> bytes, const std::string& path,
                                 const ArchiveCallbacks& callbacks) {
  Totals totals;
  return ReadNested(bytes, path, 1, totals, nullptr, callbacks);
}

Status ArchiveReader::ReadNested(std::span<const uint8_t> bytes, const std::string& path, int depth,
                                 Totals& totals, archive* outermost,
                                 const ArchiveCallbacks& callbacks) {
  LibArchive archive;
  SupportEverything(archive.handle.get());
  if (archive_read_open_memory(archive.handle.get(), bytes.data(), bytes.size()) != ARCHIVE_OK) {
    return LibArchiveError(archive.handle.get(), path, "not a readable archive");
  }
  archive.outermost = outermost != nullptr ? outermost : archive.handle.get();
  return ReadOpened(archive, path, depth, totals, callbacks);
}

Status ArchiveReader::ReadOpened(LibArchive& archive, const std::string& path, int depth,
                                 Totals& totals, const ArchiveCallbacks& callbacks) {
  std::vector<uint8_t>& buffer = buffers_[size_t(depth) - 1];
  archive_entry* entry = nullptr;
  while (true) {
    const int header = archive_read_next_header(archive.handle.get(), &entry);
    if (header == ARCHIVE_EOF) return absl::OkStatus();
    if (header < ARCHIVE_WARN) {
      return LibArchiveError(archive.handle.get(), path, "corrupt or truncated archive");
    }
    if (archive_entry_filetype(entry) != AE_IFREG) continue;  // directories, links: no content
    const std::string member = absl::StrCat(path, "!/", MemberName(archive_entry_pathname(entry)));
    if (++totals.members > limits_.max_members) {
      return absl::ResourceExhaustedError(absl::StrCat(path, ": more than ", limits_.max_members,
                                                       " members: archive bomb? not read further"));
    }
    if (archive_entry_is_encrypted(entry)) {
      callbacks.on_problem(member, absl::FailedPreconditionError("encrypted: cannot be read"));
      continue;
    }
    if (archive_entry_size_is_set(entry) &&
        uint64_t(archive_entry_size(entry)) > limits_.max_member_bytes) {
      callbacks.on_problem(
          member, absl::ResourceExhaustedError(absl::StrCat(
                      "member of ", archive_entry_size(entry), " bytes is over the limit of ",
                      limits_.max_member_bytes, " bytes: not read")));
      continue;
    }
    size_t filled = 0;
    Status member_problem;
    while (true) {
      if (buffer.size() < filled + kReadBlock) buffer.resize(filled + kReadBlock);
      const la_ssize_t got =
          archive_read_data(archive.handle.get(), buffer.data() + filled, buffer.size() - filled);
      if (got == 0) break;
      if (got < 0) {
        if (got >= ARCHIVE_WARN) continue;
        // A member that cannot be read leaves the rest of the archive unreadable too.
        return LibArchiveError(archive.handle.get(), member, "cannot read member");
      }
      filled += size_t(got);
      totals.expanded_bytes += uint64_t(got);
      if (filled > limits_.max_member_bytes) {
        member_problem = absl::ResourceExhaustedError(absl::StrCat(
            "expands beyond the member limit of ", limits_.max_member_bytes, " bytes: not read"));
        break;
      }
      if (totals.expanded_bytes > limits_.max_total_bytes) {
        return absl::ResourceExhaustedError(absl::StrCat(path, ": expands beyond ",
                                                         limits_.max_total_bytes,
                                                         " bytes: archive bomb? not read further"));
      }
      if (totals.expanded_bytes > limits_.ratio_floor_bytes && archive.outermost != nullptr) {
        const uint64_t consumed = uint64_t(archive_filter_bytes(archive.outermost, -1));
        if (totals.expanded_bytes > limits_.max_ratio * (consumed + 1)) {
          return absl::ResourceExhaustedError(
              absl::StrCat(path, ": expands more than ", limits_.max_ratio,
                           " times its size: archive bomb? not read further"));
        }
      }
    }
    if (!member_problem.ok()) {
      callbacks.on_problem(member, member_problem);
      continue;
    }
    const std::span<const uint8_t> bytes(buffer.data(), filled);
    if (!callbacks.is_archive(bytes)) {
      callbacks.on_member(member, bytes);
      continue;
    }
    if (depth >= limits_.max_depth) {
      callbacks.on_problem(
          member, absl::ResourceExhaustedError(absl::StrCat(
                      "archive nested deeper than ", limits_.max_depth, " levels: not opened")));
      continue;
    }
    const Status nested_status =
        ReadNested(bytes, member, depth + 1, totals, archive.outermost, callbacks);
    if (!nested_status.ok()) {
      // A bomb at any level stops the whole archive.
      if (absl::IsResourceExhausted(nested_status)) return nested_status;
      callbacks.on_problem(member, nested_status);
    }
  }
}

}  // namespace clearhost::scan
