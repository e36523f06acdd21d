#include "lists/te_list.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "lists/list_text.h"

namespace clearhost::lists {

TeListParser::TeListParser(std::string_view display_name, ListCallbacks callbacks,
                           size_t max_line_bytes)
    : LineListParser(display_name, std::move(callbacks.on_problem), max_line_bytes),
      on_record_(std::move(callbacks.on_record)) {}

void TeListParser::ParseLine(const SplitLine& line) {
  const std::optional<std::string_view> entry = EntryText(line);
  if (!entry) return;
  const size_t type_end = entry->find_first_of(" \t");
  if (type_end == std::string_view::npos) {
    AddProblem(line.number, absl::StrCat("no signal after the signal type ",
                                         QuoteForMessage(*entry), " (want TYPE SIGNAL)"));
    return;
  }
  const Result<SignalType> type = ParseExchangeSignalTypeName(entry->substr(0, type_end));
  if (!type.ok()) {
    AddProblem(line.number, std::string(type.status().message()));
    return;
  }
  const std::string_view signal_text = TrimSpacesAndTabs(entry->substr(type_end));
  if (signal_text.find_first_of(" \t") != std::string_view::npos) {
    AddProblem(line.number, absl::StrCat("text after the signal: ", QuoteForMessage(signal_text),
                                         " (want TYPE SIGNAL)"));
    return;
  }
  Result<Signal> signal = ParseSignal(*type, signal_text);
  if (!signal.ok()) {
    AddProblem(line.number, std::string(signal.status().message()));
    return;
  }
  ListRecord record;
  record.signal = *std::move(signal);
  record.line = line.number;
  CountRecord(on_record_ ? on_record_(record) : absl::OkStatus());
}

std::string FormatTeLine(const ListRecord& record) {
  return absl::StrCat(TypeName(record.signal.type), " ", record.signal.ToHex(), "\n");
}

}  // namespace clearhost::lists
