// libFuzzer target: arbitrary bytes as a CAIDA as2org file (docs/formats.md, "AS organisations").
// Must never crash, hang or exceed memory; every problem names a line of the input; every AS read
// has a name lookup that does not fail.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "stats/as_org_file.h"

namespace {

void Check(bool condition) {
  if (!condition) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const uint64_t last_line = 1 + uint64_t(std::count(text.begin(), text.end(), '\n'));
  const clearhost::stats::AsOrgFile file = clearhost::stats::ParseAsOrg(text, "fuzz");
  for (const clearhost::stats::InputProblem& problem : file.problems) {
    Check(problem.file == "fuzz" && problem.line >= 1 && problem.line <= last_line);
  }
  for (const auto& [asn, organisation] : file.by_asn) {
    Check(file.Name(asn) ==
          (organisation.org_name.empty() ? organisation.aut_name : organisation.org_name));
  }
  return 0;
}
