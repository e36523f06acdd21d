#include "stats/csv_table.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/file_io.h"
#include "stats/field_parse.h"
#include "stats/input_problem.h"

namespace clearhost::stats {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

bool BlankRecord(const std::vector<std::string>& fields) {
  return fields.size() == 1 && TrimAscii(fields[0]).empty();
}

}  // namespace

std::optional<size_t> CsvTable::FindColumn(std::string_view name) const {
  for (size_t column = 0; column < header.size(); ++column) {
    if (EqualsIgnoreCase(TrimAscii(header[column]), name)) return column;
  }
  return std::nullopt;
}

Result<size_t> CsvTable::RequireColumn(std::string_view name) const {
  if (const auto column = FindColumn(name)) return *column;
  return InputError(file, 1,
                    absl::StrCat("no column '", std::string(name),
                                 "' (the header has: ", absl::StrJoin(header, ", "), ")"));
}

Result<CsvTable> ParseCsv(std::string_view text, std::string_view file) {
  CsvTable table;
  table.file = std::string(file);
  if (text.substr(0, kUtf8Bom.size()) == kUtf8Bom) text.remove_prefix(kUtf8Bom.size());
  uint64_t line = 1;
  size_t position = 0;
  bool have_header = false;
  while (position < text.size()) {
    CsvRecord record;
    record.line = line;
    std::string field;
    bool record_done = false;
    while (!record_done) {
      field.clear();
      if (position < text.size() && text[position] == '"') {
        const uint64_t quote_line = line;
        ++position;
        while (true) {
          if (position >= text.size()) {
            return InputError(file, quote_line, "unterminated quoted field");
          }
          const char c = text[position++];
          if (c == '"') {
            if (position < text.size() && text[position] == '"') {
              field += '"';
              ++position;
              continue;
            }
            break;
          }
          if (c == '\n') ++line;
          if (c == '\0') return InputError(file, line, "NUL byte");
          field += c;
        }
        if (position < text.size() && text[position] == '\r') ++position;
        if (position < text.size() && text[position] != ',' && text[position] != '\n') {
          return InputError(file, line, "a character after the closing quote of a field");
        }
      } else {
        while (position < text.size() && text[position] != ',' && text[position] != '\n') {
          if (text[position] == '\0') return InputError(file, line, "NUL byte");
          field += text[position++];
        }
        if (!field.empty() && field.back() == '\r') field.pop_back();
      }
      record.fields.push_back(field);
      if (position >= text.size()) {
        record_done = true;
      } else if (text[position++] == '\n') {
        ++line;
        record_done = true;
      }
    }
    if (BlankRecord(record.fields)) continue;
    if (!have_header) {
      table.header = std::move(record.fields);
      have_header = true;
    } else {
      table.records.push_back(std::move(record));
    }
  }
  if (!have_header) return InputError(file, 0, "empty file: no header line");
  return table;
}

Result<CsvTable> ReadCsvFile(const std::filesystem::path& path) {
  auto bytes = ReadFileLimited(path, kMaxCsvBytes);
  if (!bytes.ok()) {
    return Status(bytes.status().code(),
                  absl::StrCat(path.string(), ": ", bytes.status().message()));
  }
  return ParseCsv(std::string_view(reinterpret_cast<const char*>(bytes->data()), bytes->size()),
                  path.string());
}

}  // namespace clearhost::stats
