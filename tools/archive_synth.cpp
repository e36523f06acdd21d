#include "archive_synth.h"

#include <archive.h>
#include <archive_entry.h>

#include <cstdlib>
#include <memory>
#include <stdexcept>

#include "absl/strings/str_cat.h"

namespace clearhost::synth {
namespace {

struct Writer {
  std::vector<uint8_t>* out;
};

la_ssize_t Write(struct archive*, void* context, const void* buffer, size_t length) {
  auto* writer = static_cast<Writer*>(context);
  const auto* bytes = static_cast<const uint8_t*>(buffer);
  writer->out->insert(writer->out->end(), bytes, bytes + length);
  return la_ssize_t(length);
}

void Check(int code, struct archive* handle) {
  if (code < ARCHIVE_WARN) throw std::runtime_error(archive_error_string(handle));
}

}  // namespace

std::vector<uint8_t> MakeArchive(ArchiveFormat format, const std::vector<ArchiveMember>& members) {
  std::vector<uint8_t> out;
  Writer writer{&out};
  std::unique_ptr<struct archive, int (*)(struct archive*)> handle(archive_write_new(),
                                                                   archive_write_free);
  struct archive* a = handle.get();
  switch (format) {
    case ArchiveFormat::kZip:
      Check(archive_write_set_format_zip(a), a);
      break;
    case ArchiveFormat::kTarGz:
      Check(archive_write_set_format_pax_restricted(a), a);
      Check(archive_write_add_filter_gzip(a), a);
      break;
    case ArchiveFormat::kTarXz:
      Check(archive_write_set_format_pax_restricted(a), a);
      Check(archive_write_add_filter_xz(a), a);
      break;
    case ArchiveFormat::kTarZstd:
      Check(archive_write_set_format_pax_restricted(a), a);
      Check(archive_write_add_filter_zstd(a), a);
      break;
    case ArchiveFormat::kTarBz2:
      Check(archive_write_set_format_pax_restricted(a), a);
      Check(archive_write_add_filter_bzip2(a), a);
      break;
    case ArchiveFormat::kSevenZip:
      Check(archive_write_set_format_7zip(a), a);
      break;
  }
  archive_write_set_bytes_in_last_block(a, 1);
  Check(archive_write_open(a, &writer, nullptr, Write, nullptr), a);
  for (const ArchiveMember& member : members) {
    std::unique_ptr<archive_entry, void (*)(archive_entry*)> entry(archive_entry_new(),
                                                                   archive_entry_free);
    archive_entry_set_pathname(entry.get(), member.name.c_str());
    archive_entry_set_filetype(entry.get(), AE_IFREG);
    archive_entry_set_perm(entry.get(), 0644);
    archive_entry_set_size(entry.get(), la_int64_t(member.bytes.size()));
    Check(archive_write_header(a, entry.get()), a);
    if (!member.bytes.empty() &&
        archive_write_data(a, member.bytes.data(), member.bytes.size()) < 0) {
      throw std::runtime_error(archive_error_string(a));
    }
  }
  Check(archive_write_close(a), a);
  return out;
}

std::vector<uint8_t> MakeZipBomb(uint64_t zero_bytes) {
  return MakeArchive(ArchiveFormat::kZip,
                     {{"zeros.bin", std::vector<uint8_t>(size_t(zero_bytes), 0)}});
}

std::vector<uint8_t> MakeNestedZips(int levels, const ArchiveMember& innermost) {
  std::vector<uint8_t> bytes = MakeArchive(ArchiveFormat::kZip, {innermost});
  for (int level = 1; level < levels; ++level) {
    bytes = MakeArchive(ArchiveFormat::kZip, {{absl::StrCat("level", level, ".zip"), bytes}});
  }
  return bytes;
}

}  // namespace clearhost::synth
