#include "index/index_file.h"

#include <algorithm>
#include <cstring>
#include <type_traits>

#include "absl/strings/str_cat.h"
#include "core/atomic_file.h"
#include "core/coding.h"
#include "core/crc32c.h"

namespace clearhost::index {
namespace {

// Layout constants; docs/formats.md ("Index file") is the reference for each.
constexpr char kMagic[8] = {'C', 'L', 'H', 'X', 'I', 'D', 'X', '\n'};
constexpr size_t kHeaderBytes = 64;
constexpr size_t kHeaderCrcOffset = 60;
constexpr size_t kSectionEntryBytes = 32;
constexpr size_t kSectionAlignment = 64;
constexpr uint32_t kMaxSections = 1024;
constexpr size_t kMetaBytes = 48;

// Section kinds. Tables and digest sections add the table number or the digest type.
enum SectionKind : uint32_t {
  kMeta = 1,
  kSources = 2,
  kPdqHashes = 3,
  kPdqIds = 4,
  kTableOffsets = 0x100,    // + table
  kTablePositions = 0x200,  // + table
  kDigestMeta = 0x300,      // + digest type
  kDigestValues = 0x310,    // + digest type
  kDigestIds = 0x320,       // + digest type
  kDigestSlots = 0x330,     // + digest type
};
constexpr int kDigestTypes = 3;

template <typename T>
std::span<const uint8_t> BytesOf(std::span<const T> values) {
  return {reinterpret_cast<const uint8_t*>(values.data()), values.size_bytes()};
}

// A typed view of a section. Sections start 64-byte aligned in a page-aligned mapping, so the
// elements are aligned; the element types are trivially copyable plain data.
template <typename T>
std::span<const T> ViewAs(std::span<const uint8_t> bytes) {
  static_assert(std::is_trivially_copyable_v<T>);
  return {reinterpret_cast<const T*>(bytes.data()), bytes.size() / sizeof(T)};
}

struct PendingSection {
  uint32_t kind;
  std::span<const uint8_t> bytes;
};

Status WriteSections(AtomicFileWriter& writer, const std::vector<PendingSection>& sections) {
  std::vector<uint8_t> table;
  uint64_t offset = kHeaderBytes + sections.size() * kSectionEntryBytes;
  std::vector<uint64_t> offsets;
  for (const PendingSection& section : sections) {
    offset = (offset + kSectionAlignment - 1) / kSectionAlignment * kSectionAlignment;
    offsets.push_back(offset);
    PutFixed32(table, section.kind);
    PutFixed32(table, Crc32c(section.bytes));
    PutFixed64(table, offset);
    PutFixed64(table, section.bytes.size());
    PutFixed64(table, 0);
    offset += section.bytes.size();
  }
  const uint64_t file_bytes = offset;
  std::vector<uint8_t> header(kMagic, kMagic + 8);
  PutFixed32(header, kIndexFileVersion);
  PutFixed32(header, uint32_t(sections.size()));
  PutFixed64(header, file_bytes);
  PutFixed64(header, kHeaderBytes);
  PutFixed32(header, Crc32c(table));
  header.resize(kHeaderCrcOffset, 0);
  PutFixed32(header, Crc32c(header));
  CLEARHOST_RETURN_IF_ERROR(writer.Write(header));
  CLEARHOST_RETURN_IF_ERROR(writer.Write(table));
  static constexpr uint8_t kZeros[kSectionAlignment] = {};
  for (size_t k = 0; k < sections.size(); ++k) {
    CLEARHOST_RETURN_IF_ERROR(
        writer.Write(std::span<const uint8_t>(kZeros, size_t(offsets[k] - writer.size()))));
    CLEARHOST_RETURN_IF_ERROR(writer.Write(sections[k].bytes));
  }
  return absl::OkStatus();
}

// The parsed section table of a mapped file: kind -> bytes.
class Sections {
 public:
  static Result<Sections> Parse(std::span<const uint8_t> file);

  // The section of `kind`, or nullopt.
  std::optional<std::span<const uint8_t>> Find(uint32_t kind) const {
    for (const auto& [k, bytes] : sections_) {
      if (k == kind) return bytes;
    }
    return std::nullopt;
  }
  Result<std::span<const uint8_t>> Require(uint32_t kind, std::string_view what) const {
    if (auto bytes = Find(kind)) return *bytes;
    return absl::DataLossError(absl::StrCat("the ", std::string(what), " section is missing"));
  }

 private:
  std::vector<std::pair<uint32_t, std::span<const uint8_t>>> sections_;
};

Result<Sections> Sections::Parse(std::span<const uint8_t> file) {
  if (file.size() < kHeaderBytes || std::memcmp(file.data(), kMagic, 8) != 0) {
    return absl::FailedPreconditionError(
        "not a clearhost index file (no CLHXIDX header); build one with `clearhost index build`");
  }
  const uint8_t* header = file.data();
  const uint32_t version = DecodeFixed32(header + 8);
  if (version != kIndexFileVersion) {
    return absl::FailedPreconditionError(
        absl::StrCat("index format version ", version, ", this clearhost reads version ",
                     kIndexFileVersion, "; rebuild the index with `clearhost index build`"));
  }
  if (Crc32c(file.first(kHeaderCrcOffset)) != DecodeFixed32(header + kHeaderCrcOffset)) {
    return absl::DataLossError("header checksum mismatch (corrupt file)");
  }
  const uint32_t count = DecodeFixed32(header + 12);
  const uint64_t file_bytes = DecodeFixed64(header + 16);
  const uint64_t table_offset = DecodeFixed64(header + 24);
  if (file_bytes != file.size()) {
    return absl::DataLossError(absl::StrCat("truncated or extended: the header says ", file_bytes,
                                            " bytes, the file has ", file.size()));
  }
  if (count > kMaxSections || table_offset != kHeaderBytes ||
      table_offset + uint64_t(count) * kSectionEntryBytes > file.size()) {
    return absl::DataLossError("section table out of bounds");
  }
  const std::span<const uint8_t> table =
      file.subspan(size_t(table_offset), size_t(count) * kSectionEntryBytes);
  if (Crc32c(table) != DecodeFixed32(header + 32)) {
    return absl::DataLossError("section table checksum mismatch (corrupt file)");
  }
  Sections sections;
  for (uint32_t k = 0; k < count; ++k) {
    const uint8_t* entry = table.data() + size_t(k) * kSectionEntryBytes;
    const uint32_t kind = DecodeFixed32(entry);
    const uint64_t offset = DecodeFixed64(entry + 8), size = DecodeFixed64(entry + 16);
    if (offset % kSectionAlignment != 0 || offset > file.size() || size > file.size() - offset) {
      return absl::DataLossError(absl::StrCat("section ", k, " out of bounds"));
    }
    if (sections.Find(kind)) {
      return absl::DataLossError(absl::StrCat("section kind ", kind, " appears twice"));
    }
    const std::span<const uint8_t> bytes = file.subspan(size_t(offset), size_t(size));
    if (Crc32c(bytes) != DecodeFixed32(entry + 4)) {
      return absl::DataLossError(
          absl::StrCat("checksum mismatch in section ", k, " (kind ", kind, "): corrupt file"));
    }
    sections.sections_.emplace_back(kind, bytes);
  }
  return sections;
}

std::vector<uint8_t> EncodeSources(std::span<const std::string> sources) {
  std::vector<uint8_t> out;
  PutFixed32(out, uint32_t(sources.size()));
  for (const std::string& source : sources) {
    PutFixed32(out, uint32_t(source.size()));
    out.insert(out.end(), source.begin(), source.end());
  }
  return out;
}

Result<std::vector<std::string>> DecodeSources(std::span<const uint8_t> bytes) {
  const auto corrupt = absl::DataLossError("sources section is malformed");
  if (bytes.size() < 4) return corrupt;
  const uint32_t count = DecodeFixed32(bytes.data());
  size_t at = 4;
  std::vector<std::string> sources;
  for (uint32_t k = 0; k < count; ++k) {
    if (bytes.size() - at < 4) return corrupt;
    const uint32_t length = DecodeFixed32(bytes.data() + at);
    at += 4;
    if (bytes.size() - at < length) return corrupt;
    sources.emplace_back(reinterpret_cast<const char*>(bytes.data() + at), length);
    at += length;
  }
  if (at != bytes.size()) return corrupt;
  return sources;
}

Result<MultiIndex> LoadPdq(const Sections& sections, std::span<const uint8_t> meta,
                           std::shared_ptr<const void> owner) {
  const uint64_t count = DecodeFixed64(meta.data());
  const uint32_t substrings = DecodeFixed32(meta.data() + 8);
  MultiIndex::Arrays arrays;
  if (substrings != 0) {
    auto layout = SubstringLayout::Even(int(substrings));
    if (!layout.ok()) return absl::DataLossError("unsupported substring layout");
    arrays.layout = *layout;
  }
  CLEARHOST_ASSIGN_OR_RETURN(auto hashes, sections.Require(kPdqHashes, "PDQ hashes"));
  if (hashes.size() != count * sizeof(Hash256)) {
    return absl::DataLossError("PDQ hashes section has the wrong size");
  }
  arrays.entries = ViewAs<Hash256>(hashes);
  for (int table = 0; table < arrays.layout.count(); ++table) {
    CLEARHOST_ASSIGN_OR_RETURN(auto offsets, sections.Require(kTableOffsets + table, "offsets"));
    CLEARHOST_ASSIGN_OR_RETURN(auto positions,
                               sections.Require(kTablePositions + table, "positions"));
    if (offsets.size() % 4 != 0 || positions.size() % 4 != 0) {
      return absl::DataLossError(absl::StrCat("table ", table, " has a partial element"));
    }
    arrays.offsets[table] = ViewAs<uint32_t>(offsets);
    arrays.positions[table] = ViewAs<uint32_t>(positions);
  }
  return MultiIndex::FromArrays(arrays, std::move(owner));
}

Result<std::optional<DigestIndex>> LoadDigests(const Sections& sections, int type,
                                               std::shared_ptr<const void> owner) {
  const auto meta = sections.Find(kDigestMeta + type);
  if (!meta) return std::optional<DigestIndex>();
  if (meta->size() != 16) return absl::DataLossError("digest meta section has the wrong size");
  DigestIndex::Arrays arrays;
  arrays.type = DigestType(type);
  arrays.seed = DecodeFixed64(meta->data());
  CLEARHOST_ASSIGN_OR_RETURN(auto digests, sections.Require(kDigestValues + type, "digests"));
  CLEARHOST_ASSIGN_OR_RETURN(auto ids, sections.Require(kDigestIds + type, "digest ids"));
  CLEARHOST_ASSIGN_OR_RETURN(auto slots, sections.Require(kDigestSlots + type, "digest slots"));
  if (ids.size() % 8 != 0 || slots.size() % 4 != 0) {
    return absl::DataLossError("digest section has a partial element");
  }
  arrays.digests = digests;
  arrays.ids = ViewAs<uint64_t>(ids);
  arrays.slots = ViewAs<uint32_t>(slots);
  CLEARHOST_ASSIGN_OR_RETURN(DigestIndex index, DigestIndex::FromArrays(arrays, std::move(owner)));
  return std::optional<DigestIndex>(std::move(index));
}

Result<IndexSet> Load(const std::filesystem::path& path, const HammingIndex::Options& options) {
  CLEARHOST_ASSIGN_OR_RETURN(std::shared_ptr<const MappedFile> mapping, MappedFile::Open(path));
  CLEARHOST_ASSIGN_OR_RETURN(Sections sections, Sections::Parse(mapping->bytes()));
  CLEARHOST_ASSIGN_OR_RETURN(auto meta, sections.Require(kMeta, "meta"));
  if (meta.size() != kMetaBytes) return absl::DataLossError("meta section has the wrong size");
  IndexSet file;
  file.file_bytes = mapping->bytes().size();
  CLEARHOST_ASSIGN_OR_RETURN(auto sources, sections.Require(kSources, "sources"));
  CLEARHOST_ASSIGN_OR_RETURN(file.sources, DecodeSources(sources));
  CLEARHOST_ASSIGN_OR_RETURN(MultiIndex base, LoadPdq(sections, meta, mapping));
  CLEARHOST_ASSIGN_OR_RETURN(auto ids, sections.Require(kPdqIds, "PDQ ids"));
  if (ids.size() != base.size() * sizeof(uint64_t)) {
    return absl::DataLossError("PDQ ids section has the wrong size");
  }
  CLEARHOST_ASSIGN_OR_RETURN(
      file.pdq, HammingIndex::FromBase(std::move(base), ViewAs<uint64_t>(ids), mapping, options));
  for (int type = 0; type < kDigestTypes; ++type) {
    CLEARHOST_ASSIGN_OR_RETURN(std::optional<DigestIndex> digests,
                               LoadDigests(sections, type, mapping));
    if (digests) file.digests.push_back(std::move(*digests));
  }
  return file;
}

}  // namespace

Status WriteIndexFile(const std::filesystem::path& path, const IndexFileContents& contents) {
  static const HammingSnapshot kEmpty;
  const HammingSnapshot& pdq = contents.pdq != nullptr ? *contents.pdq : kEmpty;
  if (pdq.delta_size() != 0 || pdq.tombstone_count() != 0) {
    return absl::FailedPreconditionError("only a compacted PDQ index can be written");
  }
  const MultiIndex::Arrays& arrays = pdq.base().arrays();
  std::vector<uint8_t> meta;
  PutFixed64(meta, arrays.entries.size());
  PutFixed32(meta, uint32_t(arrays.layout.count()));
  meta.resize(kMetaBytes, 0);
  const std::vector<uint8_t> sources = EncodeSources(contents.sources);
  std::vector<PendingSection> sections = {
      {kMeta, meta},
      {kSources, sources},
      {kPdqHashes, BytesOf(arrays.entries)},
      {kPdqIds, BytesOf(pdq.base_ids())},
  };
  for (int table = 0; table < arrays.layout.count(); ++table) {
    sections.push_back({kTableOffsets + uint32_t(table), BytesOf(arrays.offsets[table])});
    sections.push_back({kTablePositions + uint32_t(table), BytesOf(arrays.positions[table])});
  }
  std::vector<std::vector<uint8_t>> digest_metas;
  digest_metas.reserve(contents.digests.size());
  bool seen[kDigestTypes] = {};
  for (const DigestIndex* digests : contents.digests) {
    const DigestIndex::Arrays digest_arrays = digests->arrays();
    const uint32_t type = uint32_t(digest_arrays.type);
    if (seen[type]) {
      return absl::FailedPreconditionError(absl::StrCat(
          "two ", std::string(DigestTypeName(digest_arrays.type)), " indexes for one file"));
    }
    seen[type] = true;
    std::vector<uint8_t>& digest_meta = digest_metas.emplace_back();
    PutFixed64(digest_meta, digest_arrays.seed);
    PutFixed64(digest_meta, digest_arrays.ids.size());
    sections.push_back({kDigestMeta + type, digest_meta});
    sections.push_back({kDigestValues + type, digest_arrays.digests});
    sections.push_back({kDigestIds + type, BytesOf(digest_arrays.ids)});
    sections.push_back({kDigestSlots + type, BytesOf(digest_arrays.slots)});
  }
  auto with_path = [&](const Status& status) {
    return Status(status.code(), absl::StrCat(path.string(), ": ", std::string(status.message())));
  };
  auto writer = AtomicFileWriter::Create(path);
  if (!writer.ok()) return with_path(writer.status());
  Status status = WriteSections(*writer, sections);
  if (status.ok()) status = writer->Commit();
  return status.ok() ? status : with_path(status);
}

const DigestIndex* IndexSet::Digests(DigestType type) const {
  for (const DigestIndex& index : digests) {
    if (index.type() == type) return &index;
  }
  return nullptr;
}

Result<IndexSet> LoadIndexFile(const std::filesystem::path& path,
                               const HammingIndex::Options& options) {
  Result<IndexSet> file = Load(path, options);
  if (!file.ok()) {
    return Status(file.status().code(),
                  absl::StrCat(path.string(), ": ", std::string(file.status().message())));
  }
  return file;
}

}  // namespace clearhost::index
