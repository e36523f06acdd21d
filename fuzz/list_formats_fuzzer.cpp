// libFuzzer target: arbitrary bytes as a list in each format of lists/list_format.h (plain,
// ThreatExchange local file, CSV / HMA export, vPDQ), parsed in one piece and again fed to the
// parser in small pieces. Must never crash, hang or exceed memory; both parses must agree, records
// and problems must come in line order, and every record must survive its format's writer and a
// second read unchanged. The line length limit is lowered so that small inputs reach it.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "lists/list_format.h"

namespace {

using clearhost::lists::ListCallbacks;
using clearhost::lists::ListFormat;
using clearhost::lists::ListProblem;
using clearhost::lists::ListRecord;
using clearhost::lists::ListSummary;

struct Delivered {
  std::vector<ListRecord> records;
  std::vector<ListProblem> problems;

  friend bool operator==(const Delivered&, const Delivered&) = default;
};

ListCallbacks DeliverInto(Delivered& delivered) {
  return {.on_record =
              [&delivered](const ListRecord& record) {
                delivered.records.push_back(record);
                return clearhost::Status();
              },
          .on_problem =
              [&delivered](const ListProblem& problem) { delivered.problems.push_back(problem); }};
}

void Check(bool condition) {
  if (!condition) __builtin_trap();
}

clearhost::Result<ListSummary> Parse(ListFormat format, std::span<const uint8_t> bytes,
                                     size_t piece_size, size_t max_line_bytes,
                                     Delivered& delivered) {
  const std::unique_ptr<clearhost::lists::ListParser> parser = clearhost::lists::MakeListParser(
      format, "fuzz", {.plain_type = std::nullopt, .max_line_bytes = max_line_bytes},
      DeliverInto(delivered));
  for (size_t offset = 0; offset < bytes.size(); offset += piece_size) {
    const clearhost::Status fed =
        parser->Feed(bytes.subspan(offset, std::min(piece_size, bytes.size() - offset)));
    if (!fed.ok()) return fed;
  }
  return parser->Finish();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace clearhost::lists;
  // The input's size picks the format, the piece size and the line length limit, so that the
  // bytes themselves stay a list.
  const ListFormat format = kAllListFormats[size % kAllListFormats.size()];
  const size_t piece_bytes = 1 + (size / 5) % 13;
  const size_t max_line_bytes = 64 + (size / 65) % 256;
  const std::span<const uint8_t> bytes(data, size);

  Delivered whole;
  Delivered pieces;
  const clearhost::Result<ListSummary> whole_summary =
      Parse(format, bytes, std::max<size_t>(size, 1), max_line_bytes, whole);
  const clearhost::Result<ListSummary> pieces_summary =
      Parse(format, bytes, piece_bytes, max_line_bytes, pieces);
  Check(whole_summary.status() == pieces_summary.status());
  if (!whole_summary.ok()) return 0;
  Check(whole == pieces);
  const ListSummary& summary = *whole_summary;
  Check(summary.records == whole.records.size() && summary.problems == whole.problems.size());
  Check(summary.records + summary.problems <= summary.lines);

  uint64_t previous_line = 0;
  for (const ListRecord& record : whole.records) {
    Check(record.line > previous_line && record.line <= summary.lines);
    previous_line = record.line;
  }
  previous_line = 0;
  for (const ListProblem& problem : whole.problems) {
    Check(problem.line >= previous_line && problem.line <= summary.lines);
    Check(!problem.message.empty());
    previous_line = problem.line;
  }

  // What was read, written in the format and read again, is the same records.
  if (format == ListFormat::kVpdq || whole.records.empty()) return 0;
  if (format == ListFormat::kPlain) {
    // A plain list holds one type: all records have the header's (or pdq).
    for (const ListRecord& record : whole.records) {
      Check(record.signal.type == whole.records.front().signal.type);
    }
  }
  clearhost::Result<ListWriter> writer = ListWriter::Create(format);
  Check(writer.ok());
  std::string written;
  for (const ListRecord& record : whole.records) Check(writer->Append(record, written).ok());
  writer->Finish(written);
  Delivered again;
  const clearhost::Result<ListSummary> again_summary =
      Parse(format, std::span(reinterpret_cast<const uint8_t*>(written.data()), written.size()),
            std::max<size_t>(written.size(), 1), clearhost::lists::kMaxLineBytes, again);
  Check(again_summary.ok() && again.problems.empty());
  Check(again.records.size() == whole.records.size());
  for (size_t i = 0; i < whole.records.size(); ++i) {
    ListRecord expected = whole.records[i];
    ListRecord actual = again.records[i];
    expected.line = actual.line = 0;
    if (format == ListFormat::kCsv) {
      expected.collab.clear();  // clearhost's csv form has no such columns
      expected.category.clear();
    }
    Check(actual == expected);
  }
  return 0;
}
