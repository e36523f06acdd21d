// Reading a small CSV file (RFC 4180: quoted fields, doubled quotes, CRLF or LF, line breaks
// inside quotes) into records that remember their line numbers, with header lookup by name.
// A UTF-8 byte order mark before the header is dropped (UN WPP exports start with one). The
// stats inputs are small tables (kilobytes to megabytes), so a file is read whole, up to
// kMaxCsvBytes.
// Thread-safety: a CsvTable is a value; the functions are pure.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace clearhost::stats {

inline constexpr uint64_t kMaxCsvBytes = 512ull << 20;

struct CsvRecord {
  uint64_t line = 0;  // the 1-based line on which the record starts
  std::vector<std::string> fields;
};

struct CsvTable {
  std::string file;  // the name used in messages
  std::vector<std::string> header;
  std::vector<CsvRecord> records;  // without the header; blank lines are skipped

  // The position of the column named `name` (compared case-insensitively, surrounding spaces
  // ignored), if any.
  std::optional<size_t> FindColumn(std::string_view name) const;
  // The same, or an InvalidArgument error "FILE:1: no column 'name' (the header has: ...)".
  Result<size_t> RequireColumn(std::string_view name) const;
};

// Parses `text`. Errors (InvalidArgument, "FILE:LINE: ..."): empty input (no header), an
// unterminated quoted field, a character after a closing quote, a NUL byte.
Result<CsvTable> ParseCsv(std::string_view text, std::string_view file);

// Reads and parses the file at `path` (named by its path in messages).
Result<CsvTable> ReadCsvFile(const std::filesystem::path& path);

}  // namespace clearhost::stats
