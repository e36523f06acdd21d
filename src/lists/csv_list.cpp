#include "lists/csv_list.h"

#include <algorithm>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "core/csv_field.h"
#include "lists/list_text.h"

namespace clearhost::lists {
namespace {

// The fields of one whole record (no line feed outside quotes), or what is wrong with it.
Result<std::vector<std::string>> SplitCsvRecord(std::string_view text) {
  std::vector<std::string> fields;
  size_t i = 0;
  while (true) {
    std::string field;
    const size_t number = fields.size() + 1;
    if (i < text.size() && text[i] == '"') {
      ++i;
      while (true) {
        if (i >= text.size()) {
          return absl::InvalidArgumentError(
              absl::StrCat("field ", number, " opens a quote that is never closed"));
        }
        if (text[i] == '"') {
          if (i + 1 < text.size() && text[i + 1] == '"') {
            field += '"';
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        field += text[i++];
      }
      if (i < text.size() && text[i] != ',') {
        return absl::InvalidArgumentError(
            absl::StrCat("text after the closing quote of field ", number));
      }
    } else {
      const size_t end = std::min(text.find(',', i), text.size());
      field.assign(text.substr(i, end - i));
      if (field.find('"') != std::string::npos) {
        return absl::InvalidArgumentError(
            absl::StrCat("a quote inside unquoted field ", number, " (quote the whole field)"));
      }
      i = end;
    }
    fields.push_back(std::move(field));
    if (i >= text.size()) return fields;
    ++i;  // the comma
  }
}

// Tags as python-threatexchange writes them (space-separated); `;` separates too.
std::vector<std::string> SplitTags(std::string_view text) {
  return absl::StrSplit(std::string(text), absl::ByAnyChar(" ;\t"), absl::SkipEmpty());
}

std::string JoinedTags(const ListRecord& record) {
  return CsvField(absl::StrJoin(record.tags, " "));
}

}  // namespace

CsvListParser::CsvListParser(std::string_view display_name, ListCallbacks callbacks,
                             size_t max_line_bytes)
    : LineListParser(display_name, std::move(callbacks.on_problem), max_line_bytes),
      on_record_(std::move(callbacks.on_record)) {}

void CsvListParser::ParseLine(const SplitLine& line) {
  if (line.length > max_line_bytes()) {
    AddProblem(
        record_line_ != 0 ? record_line_ : line.number,
        absl::StrCat("line ", line.number, " of ", line.length, " bytes is over the limit of ",
                     max_line_bytes(), "; its record is skipped"));
    ResetRecord();
    return;
  }
  std::string_view text = line.text;
  if (line.number == 1 && text.starts_with(kUtf8ByteOrderMark)) {
    text.remove_prefix(kUtf8ByteOrderMark.size());
  }
  if (record_line_ == 0) {
    record_line_ = line.number;
  } else {
    record_ += '\n';
  }
  if (record_.size() + text.size() > max_line_bytes()) {
    AddProblem(record_line_, absl::StrCat("record over the limit of ", max_line_bytes(),
                                          " bytes (an unclosed quote?); skipped"));
    ResetRecord();
    return;
  }
  record_.append(text);
  in_quotes_ ^= std::count(text.begin(), text.end(), '"') % 2 == 1;
  if (in_quotes_) return;  // a quoted field goes on on the next line
  std::string_view whole = record_;
  if (!whole.empty() && whole.back() == '\r') whole.remove_suffix(1);
  ParseRecord(whole);
  ResetRecord();
}

void CsvListParser::EndOfInput() {
  if (record_line_ == 0) return;
  ParseRecord(record_);  // an unclosed quote: reported by the split
  ResetRecord();
}

void CsvListParser::ResetRecord() {
  record_.clear();
  record_line_ = 0;
  in_quotes_ = false;
}

void CsvListParser::ParseRecord(std::string_view text) {
  if (std::string nul = NulByteProblem(text); !nul.empty()) {
    AddProblem(record_line_, std::move(nul));
    return;
  }
  if (TrimSpacesAndTabs(text).empty()) return;  // blank lines are skipped
  Result<std::vector<std::string>> fields = SplitCsvRecord(text);
  if (!fields.ok()) {
    AddProblem(record_line_, std::string(fields.status().message()));
    return;
  }
  if (header_done_) {
    ParseRow(*fields);
  } else {
    ParseHeader(*fields);
  }
}

void CsvListParser::ParseHeader(const std::vector<std::string>& fields) {
  header_done_ = true;
  column_count_ = fields.size();
  for (size_t i = 0; i < fields.size(); ++i) {
    const std::string name = absl::AsciiStrToLower(std::string(TrimSpacesAndTabs(fields[i])));
    std::optional<size_t>* column = nullptr;
    if (name == "signal_type") column = &type_column_;
    if (name == "signal" || name == "signal_str") column = &signal_column_;
    if (name == "tags") column = &tags_column_;
    if (name == "collab") column = &collab_column_;
    if (name == "category") column = &category_column_;
    if (column == nullptr) continue;  // another column: ignored
    if (column->has_value()) {
      Refuse(absl::InvalidArgumentError(absl::StrCat(
          ErrorPrefix(record_line_), "the header names column ", QuoteForMessage(fields[i]),
          " twice (columns ", **column + 1, " and ", i + 1, "); refusing the list")));
      return;
    }
    *column = i;
  }
  if (!type_column_ || !signal_column_) {
    Refuse(absl::InvalidArgumentError(
        absl::StrCat(ErrorPrefix(record_line_),
                     "the header must name the columns signal_type and signal (or signal_str); "
                     "found ",
                     QuoteForMessage(absl::StrJoin(fields, ",")), "; refusing the list")));
  }
}

void CsvListParser::ParseRow(const std::vector<std::string>& fields) {
  if (fields.size() != column_count_) {
    AddProblem(record_line_,
               absl::StrCat(fields.size(), " fields, but the header has ", column_count_));
    return;
  }
  const Result<SignalType> type = ParseExchangeSignalTypeName(fields[*type_column_]);
  if (!type.ok()) {
    AddProblem(record_line_, std::string(type.status().message()));
    return;
  }
  Result<Signal> signal = ParseSignal(*type, fields[*signal_column_]);
  if (!signal.ok()) {
    AddProblem(record_line_, std::string(signal.status().message()));
    return;
  }
  ListRecord record;
  record.signal = *std::move(signal);
  record.line = record_line_;
  if (collab_column_) record.collab = fields[*collab_column_];
  if (category_column_) record.category = fields[*category_column_];
  if (tags_column_) record.tags = SplitTags(fields[*tags_column_]);
  CountRecord(on_record_ ? on_record_(record) : absl::OkStatus());
}

std::string CsvListHeader() {
  return "signal_type,signal,tags\n";
}

std::string FormatCsvRecord(const ListRecord& record) {
  return absl::StrCat(TypeName(record.signal.type), ",", record.signal.ToHex(), ",",
                      JoinedTags(record), "\n");
}

std::string HmaExportHeader() {
  return "collab,signal_type,signal_str,category,tags\r\n";
}

std::string FormatHmaRecord(const ListRecord& record) {
  return absl::StrCat(CsvField(record.collab), ",", TypeName(record.signal.type), ",",
                      record.signal.ToHex(), ",", CsvField(record.category), ",",
                      JoinedTags(record), "\r\n");
}

}  // namespace clearhost::lists
