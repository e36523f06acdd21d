// Benign archives for the scanner's tests, fuzz seeds and benchmarks, written in memory with
// libarchive's writer: the formats a hoster's storage holds (zip, tar.gz, 7z, ...), nested ones,
// and hostile ones (bombs).
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace clearhost::synth {

enum class ArchiveFormat { kZip, kTarGz, kTarXz, kTarZstd, kTarBz2, kSevenZip };

struct ArchiveMember {
  std::string name;
  std::vector<uint8_t> bytes;
};

// An archive of `members` in `format`.
std::vector<uint8_t> MakeArchive(ArchiveFormat format, const std::vector<ArchiveMember>& members);

// A zip holding one member of `zero_bytes` zeros: it expands about a thousand times.
std::vector<uint8_t> MakeZipBomb(uint64_t zero_bytes);

// `levels` zips, each holding the next; the innermost holds `innermost`.
std::vector<uint8_t> MakeNestedZips(int levels, const ArchiveMember& innermost);

}  // namespace clearhost::synth
