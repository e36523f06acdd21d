// Splitting a byte stream, fed in pieces of any size, into numbered lines with bounded memory:
// the piece every streaming list reader (plain, ThreatExchange, CSV, vPDQ) is built on.
// Thread-safety: a LineSplitter is used by one thread at a time.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "absl/functional/function_ref.h"
#include "core/status.h"

namespace clearhost::lists {

// A line longer than this many bytes (without its line feed) is a problem; it is skipped without
// ever being held in memory whole.
inline constexpr size_t kMaxLineBytes = 64 * 1024;

// One whole line: its bytes without the LF (empty when `length` is over the splitter's limit:
// such a line is never held), its full length, and its 1-based number.
struct SplitLine {
  std::string_view text;
  uint64_t length = 0;
  uint64_t number = 0;
};

class LineSplitter {
 public:
  using OnLine = absl::FunctionRef<Status(const SplitLine& line)>;

  explicit LineSplitter(size_t max_line_bytes) : max_line_bytes_(max_line_bytes) {}

  // Calls `on_line` for each line that `bytes` completes, in order, and keeps the unfinished last
  // one (at most max_line_bytes() of it). Stops at and returns the first error of `on_line`.
  Status Feed(std::span<const uint8_t> bytes, OnLine on_line);

  // Calls `on_line` for the last line when the input does not end with a line feed.
  Status Finish(OnLine on_line);

  size_t max_line_bytes() const { return max_line_bytes_; }
  // Lines completed so far.
  uint64_t lines() const { return lines_; }

 private:
  Status EndLine(std::string_view text, uint64_t length, OnLine on_line);

  const size_t max_line_bytes_;
  uint64_t lines_ = 0;
  std::string unfinished_line_;         // its first max_line_bytes_ bytes at most
  uint64_t unfinished_line_bytes_ = 0;  // its full length so far
};

}  // namespace clearhost::lists
