// CAIDA RouteViews prefix-to-AS files ("pfx2as"): one line per routed prefix,
//   prefix<TAB>length<TAB>asn
// where asn is one AS number, several origins joined by "_" (a multi-origin prefix) or an AS
// set joined by "," (and these combined, e.g. "64496_64497,64498"). Every origin is kept, in
// the order given; the first is the one charts and shares count.
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/ip_address.h"
#include "core/status.h"
#include "stats/input_problem.h"

namespace clearhost::stats {

struct RoutedPrefix {
  IpPrefix prefix;
  std::vector<uint32_t> origins;  // at least one
  uint64_t line = 0;
};

struct Pfx2asFile {
  std::vector<RoutedPrefix> prefixes;
  std::vector<InputProblem> problems;  // malformed lines, each skipped
};

Pfx2asFile ParsePfx2as(std::string_view text, std::string_view file);
Result<Pfx2asFile> ReadPfx2as(const std::filesystem::path& path);

// "64496" or, for several origins, "64496_64497".
std::string FormatOrigins(const std::vector<uint32_t>& origins);

}  // namespace clearhost::stats
