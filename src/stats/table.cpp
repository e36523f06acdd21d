#include "stats/table.h"

#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "core/csv_field.h"

namespace clearhost::stats {

std::string CellText(const Cell& cell) {
  if (const auto* text = std::get_if<std::string>(&cell)) return *text;
  if (const auto* integer = std::get_if<int64_t>(&cell)) return absl::StrCat(*integer);
  if (const auto* flag = std::get_if<bool>(&cell)) return *flag ? "true" : "false";
  if (const auto* real = std::get_if<double>(&cell)) {
    return std::isfinite(*real) ? absl::StrFormat("%.17g", *real) : std::string();
  }
  return std::string();
}

std::string JsonString(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += absl::StrFormat("\\u%04x", static_cast<unsigned char>(c));
        } else {
          out += c;
        }
    }
  }
  out += '"';
  return out;
}

std::string FormatCsv(const Table& table) {
  std::string out;
  for (size_t column = 0; column < table.columns.size(); ++column) {
    absl::StrAppend(&out, column == 0 ? "" : ",", CsvField(table.columns[column]));
  }
  out += '\n';
  for (const auto& row : table.rows) {
    for (size_t column = 0; column < row.size(); ++column) {
      absl::StrAppend(&out, column == 0 ? "" : ",", CsvField(CellText(row[column])));
    }
    out += '\n';
  }
  return out;
}

std::string FormatJsonLines(const Table& table) {
  std::string out;
  for (const auto& row : table.rows) {
    out += '{';
    for (size_t column = 0; column < row.size() && column < table.columns.size(); ++column) {
      absl::StrAppend(&out, column == 0 ? "" : ",", JsonString(table.columns[column]), ":");
      const Cell& cell = row[column];
      if (const auto* text = std::get_if<std::string>(&cell)) {
        out += JsonString(*text);
      } else if (std::holds_alternative<std::monostate>(cell) || CellText(cell).empty()) {
        out += "null";
      } else {
        out += CellText(cell);
      }
    }
    out += "}\n";
  }
  return out;
}

std::string FormatTable(const Table& table, TableFormat format) {
  return format == TableFormat::kCsv ? FormatCsv(table) : FormatJsonLines(table);
}

}  // namespace clearhost::stats
