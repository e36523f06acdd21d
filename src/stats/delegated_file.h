// RIR statistics files in the "delegated-extended" layout that every RIR publishes (and the
// plain "delegated" one, without the opaque id):
//   2|ripencc|20240101|...                       version line
//   ripencc|*|ipv4|*|12345|summary               summary lines
//   registry|cc|type|start|value|date|status[|opaque-id[|extensions]]
// For type ipv4 `value` is a number of addresses, not always a power of two, so the range is
// split into CIDR blocks; for ipv6 it is a prefix length. asn lines, lines without a country
// (status available/reserved) and comments (#) are skipped.
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

struct DelegatedBlock {
  IpPrefix prefix;
  std::string country;   // ISO 3166 alpha-2, upper case
  std::string registry;  // e.g. "ripencc"
  uint64_t line = 0;
};

struct DelegatedFile {
  std::vector<DelegatedBlock> blocks;
  std::vector<InputProblem> problems;  // malformed lines, each skipped
};

DelegatedFile ParseDelegated(std::string_view text, std::string_view file);
Result<DelegatedFile> ReadDelegated(const std::filesystem::path& path);

}  // namespace clearhost::stats
