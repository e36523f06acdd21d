// A problem found in one line of an input file: the unit in which every stats reader reports
// bad rows (the row is skipped or kept as the reader documents, and the rest is still read).
// Thread-safety: a value type.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace clearhost::stats {

struct InputProblem {
  std::string file;
  uint64_t line = 0;  // 1-based; 0 when the problem concerns the whole file
  std::string message;

  // "FILE:LINE: message" ("FILE: message" for line 0), the form printed on stderr.
  std::string ToString() const;
};

// An InvalidArgument Status whose message is `FILE:LINE: message`.
Status InputError(std::string_view file, uint64_t line, std::string_view message);

}  // namespace clearhost::stats
