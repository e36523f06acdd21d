#include "stats/input_problem.h"

#include "absl/strings/str_cat.h"

namespace clearhost::stats {

std::string InputProblem::ToString() const {
  if (line == 0) return absl::StrCat(file, ": ", message);
  return absl::StrCat(file, ":", line, ": ", message);
}

Status InputError(std::string_view file, uint64_t line, std::string_view message) {
  return absl::InvalidArgumentError(
      InputProblem{std::string(file), line, std::string(message)}.ToString());
}

}  // namespace clearhost::stats
