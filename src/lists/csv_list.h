// Reading and writing hash lists as CSV with a header (RFC 4180): clearhost's own CSV form
// (`signal_type,signal,tags`) and the HMA / python-threatexchange export
// (`collab,signal_type,signal_str,category,tags`, as `threatexchange dataset -P --csv` writes it);
// docs/formats.md ("CSV list", "HMA export") is the specification.
// Thread-safety: a CsvListParser is used by one thread at a time; the Format functions are pure.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lists/line_list_parser.h"
#include "lists/list_record.h"

namespace clearhost::lists {

// Reads either form: the header decides which columns hold what. A quoted field may span lines
// (the record's line is its first); one record is at most max_line_bytes long.
class CsvListParser final : public LineListParser {
 public:
  // `max_line_bytes` other than kMaxLineBytes is for tests and fuzzing.
  CsvListParser(std::string_view display_name, ListCallbacks callbacks,
                size_t max_line_bytes = kMaxLineBytes);

 private:
  void ParseLine(const SplitLine& line) override;
  void EndOfInput() override;
  void ParseRecord(std::string_view text);
  void ParseHeader(const std::vector<std::string>& fields);
  void ParseRow(const std::vector<std::string>& fields);
  void ResetRecord();

  const std::function<Status(const ListRecord&)> on_record_;
  std::string record_;        // the record so far: its lines joined by LF
  uint64_t record_line_ = 0;  // its first line; 0 when none is open
  bool in_quotes_ = false;    // the record's text ends inside a quoted field
  bool header_done_ = false;
  size_t column_count_ = 0;
  std::optional<size_t> type_column_, signal_column_, tags_column_, collab_column_,
      category_column_;
};

// clearhost's CSV form: "signal_type,signal,tags\n", then one FormatCsvRecord line per record
// (tags joined by one space).
std::string CsvListHeader();
std::string FormatCsvRecord(const ListRecord& record);

// The HMA / python-threatexchange export: "collab,signal_type,signal_str,category,tags\r\n", then
// one FormatHmaRecord line per record; CRLF line ends and minimal quoting, as Python's csv
// module writes them.
std::string HmaExportHeader();
std::string FormatHmaRecord(const ListRecord& record);

}  // namespace clearhost::lists
