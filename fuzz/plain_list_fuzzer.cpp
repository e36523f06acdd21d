// libFuzzer target: arbitrary bytes as a plain hash list (docs/formats.md, "Plain hash list"),
// parsed in one piece and again fed to the parser in small pieces. Must never crash, hang or
// exceed memory; both parses must agree, every entry must be canonical and in line order, and no
// line may give both an entry and a problem. The line length limit is lowered to a few hundred
// bytes so that small inputs reach it.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "lists/plain_list.h"

namespace {

using clearhost::lists::ListProblem;
using clearhost::lists::PlainListCallbacks;
using clearhost::lists::Signal;

struct Delivered {
  std::vector<std::pair<uint64_t, Signal>> entries;
  std::vector<ListProblem> problems;

  friend bool operator==(const Delivered&, const Delivered&) = default;
};

PlainListCallbacks DeliverInto(Delivered& delivered) {
  PlainListCallbacks callbacks;
  callbacks.on_entry = [&delivered](const Signal& signal, uint64_t line) {
    delivered.entries.emplace_back(line, signal);
    return clearhost::Status();
  };
  callbacks.on_problem = [&delivered](const ListProblem& problem) {
    delivered.problems.push_back(problem);
  };
  return callbacks;
}

void Check(bool condition) {
  if (!condition) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace clearhost::lists;
  // The input's size picks the caller's type (none or one of the four), the piece size and the
  // line length limit, so that the bytes themselves stay a list.
  std::optional<SignalType> type;
  if (size % 5 != 0) type = kAllSignalTypes[size % 5 - 1];
  const size_t piece_bytes = 1 + (size / 5) % 13;
  const size_t max_line_bytes = 64 + (size / 65) % 256;
  const std::span<const uint8_t> bytes(data, size);

  const auto parse = [&](size_t piece_size, Delivered& delivered) {
    PlainListParser parser("fuzz", type, DeliverInto(delivered), max_line_bytes);
    for (size_t offset = 0; offset < size; offset += piece_size) {
      const clearhost::Status fed =
          parser.Feed(bytes.subspan(offset, std::min(piece_size, size - offset)));
      if (!fed.ok()) return clearhost::Result<PlainListSummary>(fed);
    }
    return parser.Finish();
  };
  Delivered whole;
  Delivered pieces;
  const clearhost::Result<PlainListSummary> whole_summary = parse(std::max<size_t>(size, 1), whole);
  const clearhost::Result<PlainListSummary> pieces_summary = parse(piece_bytes, pieces);

  Check(whole_summary.status() == pieces_summary.status());
  if (!whole_summary.ok()) return 0;
  Check(whole == pieces);
  const PlainListSummary& summary = *whole_summary;
  Check(summary.entries == whole.entries.size() && summary.problems == whole.problems.size());
  Check(summary.entries + summary.problems <= summary.lines);

  uint64_t previous_line = 0;
  for (const auto& [line, signal] : whole.entries) {
    Check(line > previous_line && line <= summary.lines);
    Check(signal.type == summary.type);
    const clearhost::Result<Signal> reparsed = ParseSignal(summary.type, signal.ToHex());
    Check(reparsed.ok() && *reparsed == signal);
    previous_line = line;
  }
  previous_line = 0;
  size_t next_entry = 0;
  for (const ListProblem& problem : whole.problems) {
    Check(problem.line > previous_line && problem.line <= summary.lines);
    Check(!problem.message.empty());
    while (next_entry < whole.entries.size() && whole.entries[next_entry].first < problem.line) {
      ++next_entry;
    }
    Check(next_entry == whole.entries.size() || whole.entries[next_entry].first != problem.line);
    previous_line = problem.line;
  }
  return 0;
}
