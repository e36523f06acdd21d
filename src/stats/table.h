// A result table (named columns, rows of typed cells) and its two output forms: CSV with a
// header (RFC 4180 quoting) and JSON Lines (one object per row, in column order; an empty cell
// is null; a bool is true/false in both). Doubles are written unrounded (%.17g, enough to read
// back the same double).
// Thread-safety: a value type; the functions are pure.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace clearhost::stats {

using Cell = std::variant<std::monostate, std::string, int64_t, double, bool>;

template <typename T>
Cell OptionalCell(const std::optional<T>& value) {
  if (!value) return Cell();
  return Cell(*value);
}

struct Table {
  std::vector<std::string> columns;
  std::vector<std::vector<Cell>> rows;  // each as long as `columns`
};

enum class TableFormat { kCsv, kJsonLines };

// The header line and one line per row, each ending with "\n".
std::string FormatCsv(const Table& table);
// One JSON object per row, each ending with "\n".
std::string FormatJsonLines(const Table& table);
std::string FormatTable(const Table& table, TableFormat format);

// A cell as text: "" for an empty cell, %.17g for a double ("" when not finite).
std::string CellText(const Cell& cell);
// `text` as a JSON string literal, with quotes.
std::string JsonString(std::string_view text);

}  // namespace clearhost::stats
