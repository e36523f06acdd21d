// Reading and writing lists in ThreatExchange's local-file form (python-threatexchange's
// LocalFileSignalExchangeAPI): one `<signal_type> <signal>` per line; docs/formats.md
// ("ThreatExchange local file") is the specification.
// Thread-safety: a TeListParser is used by one thread at a time; FormatTeLine is pure.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "lists/line_list_parser.h"
#include "lists/list_record.h"

namespace clearhost::lists {

// Records carry the signal and line only (the form has no metadata).
class TeListParser final : public LineListParser {
 public:
  // `max_line_bytes` other than kMaxLineBytes is for tests and fuzzing.
  TeListParser(std::string_view display_name, ListCallbacks callbacks,
               size_t max_line_bytes = kMaxLineBytes);

 private:
  void ParseLine(const SplitLine& line) override;

  const std::function<Status(const ListRecord&)> on_record_;
};

// "pdq 0123...\n": the record's line in the canonical form (type name, one space, lowercase hex).
std::string FormatTeLine(const ListRecord& record);

}  // namespace clearhost::lists
