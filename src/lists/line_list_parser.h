// The common part of the line-oriented list readers (ThreatExchange, CSV, vPDQ): lines from a
// LineSplitter, the summary, problems with line numbers, and the final error. A format's reader
// derives from it and parses one line at a time.
// Thread-safety: a parser is used by one thread at a time.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/status.h"
#include "lists/line_splitter.h"
#include "lists/list_record.h"

namespace clearhost::lists {

class LineListParser : public ListParser {
 public:
  Status Feed(std::span<const uint8_t> bytes) final;
  Result<ListSummary> Finish() final;

 protected:
  LineListParser(std::string_view display_name, std::function<void(const ListProblem&)> on_problem,
                 size_t max_line_bytes);

  // One whole line, in order: its raw text (BOM and CR kept), empty when it is over the limit.
  virtual void ParseLine(const SplitLine& line) = 0;
  // After the last line.
  virtual void EndOfInput() {}

  // The entry on an ordinary line: its text without BOM, CR and surrounding spaces and tabs; or
  // nullopt for a blank or `#` comment line, or a bad one (over the limit, NUL byte), which is
  // reported here.
  std::optional<std::string_view> EntryText(const SplitLine& line);

  void AddProblem(uint64_t line, std::string message);
  // Counts a delivered record; `delivered` is its callback's Status, which ends the read if bad.
  void CountRecord(Status delivered);
  // Ends the read with `error` (a refused list).
  void Refuse(Status error) { error_ = std::move(error); }
  // "NAME:LINE: ", the start of an error that refuses the list.
  std::string ErrorPrefix(uint64_t line) const;
  size_t max_line_bytes() const { return splitter_.max_line_bytes(); }

 private:
  const std::string display_name_;
  const std::function<void(const ListProblem&)> on_problem_;
  LineSplitter splitter_;
  ListSummary summary_;
  Status error_;
};

}  // namespace clearhost::lists
