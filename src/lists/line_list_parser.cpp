#include "lists/line_list_parser.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "lists/list_text.h"

namespace clearhost::lists {

LineListParser::LineListParser(std::string_view display_name,
                               std::function<void(const ListProblem&)> on_problem,
                               size_t max_line_bytes)
    : display_name_(display_name), on_problem_(std::move(on_problem)), splitter_(max_line_bytes) {}

Status LineListParser::Feed(std::span<const uint8_t> bytes) {
  if (!error_.ok()) return error_;
  return splitter_.Feed(bytes, [this](const SplitLine& line) {
    summary_.lines = line.number;
    ParseLine(line);
    return error_;
  });
}

Result<ListSummary> LineListParser::Finish() {
  if (!error_.ok()) return error_;
  CLEARHOST_RETURN_IF_ERROR(splitter_.Finish([this](const SplitLine& line) {
    summary_.lines = line.number;
    ParseLine(line);
    return error_;
  }));
  EndOfInput();
  if (!error_.ok()) return error_;
  return summary_;
}

std::optional<std::string_view> LineListParser::EntryText(const SplitLine& line) {
  if (line.length > max_line_bytes()) {
    AddProblem(line.number, absl::StrCat("line of ", line.length, " bytes is over the limit of ",
                                         max_line_bytes(), "; skipped"));
    return std::nullopt;
  }
  const std::string_view text = LineText(line.text, line.number);
  if (std::string nul = NulByteProblem(text); !nul.empty()) {
    AddProblem(line.number, std::move(nul));
    return std::nullopt;
  }
  const std::string_view entry = TrimSpacesAndTabs(text);
  if (entry.empty() || entry.front() == '#') return std::nullopt;
  return entry;
}

void LineListParser::AddProblem(uint64_t line, std::string message) {
  ++summary_.problems;
  if (on_problem_) on_problem_({line, std::move(message)});
}

void LineListParser::CountRecord(Status delivered) {
  ++summary_.records;
  error_ = std::move(delivered);
}

std::string LineListParser::ErrorPrefix(uint64_t line) const {
  return absl::StrCat(display_name_, ":", line, ": ");
}

}  // namespace clearhost::lists
