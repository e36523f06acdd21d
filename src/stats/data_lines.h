// The data lines of the line-based stats inputs (RIR delegated files, pfx2as tables): each line
// with its 1-based number, a trailing carriage return dropped, blank lines and `#` comments
// skipped.
// Thread-safety: a DataLines is used by one thread at a time; it views `text`, which must outlive
// it.
#pragma once

#include <cstdint>
#include <string_view>

namespace clearhost::stats {

class DataLines {
 public:
  explicit DataLines(std::string_view text) : text_(text) {}

  // The next data line into `line`; false at the end of the text.
  bool Next(std::string_view& line);
  // The 1-based number of the line Next returned last.
  uint64_t number() const { return number_; }

 private:
  std::string_view text_;
  size_t position_ = 0;
  uint64_t number_ = 0;
};

}  // namespace clearhost::stats
