// CAIDA AS-to-organisation files (`YYYYMMDD.as-org2info.txt`): the names of autonomous systems
// and the organisations that run them, for shares by network. Two sections, each announced by
// a `# format:` line and in either order:
//   # format:org_id|changed|org_name|country|source
//   ORG-EX1-RIPE|20240101|Example Hosting B.V.|NL|RIPE
//   # format:aut|changed|aut_name|org_id|opaque_id|source
//   64496|20240101|EXAMPLE-AS|ORG-EX1-RIPE|x_RIPE|RIPE
// Other `#` lines and blank lines are skipped. A name may itself contain `|` (the fields
// around it are fixed). A record before any `# format:` line, a short line, a bad AS number or
// an unknown format is a problem naming file and line, and the line is skipped.
// Thread-safety: an AsOrgFile is a value; the functions are pure.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "core/status.h"
#include "stats/input_problem.h"

namespace clearhost::stats {

struct AsOrganisation {
  std::string aut_name{};  // the AS's own name, e.g. "EXAMPLE-AS"
  std::string org_id{};
  std::string org_name{};  // "" when the org_id has no organisation line
  std::string country{};   // the organisation's country as given
};

struct AsOrgFile {
  absl::flat_hash_map<uint32_t, AsOrganisation> by_asn{};
  std::vector<InputProblem> problems{};

  // The organisation's name for `asn`, else the AS's name, else "".
  std::string Name(uint32_t asn) const;
};

AsOrgFile ParseAsOrg(std::string_view text, std::string_view file);
// Reads and merges into `into` (a later file's AS wins); unreadable files are an error.
Status ReadAsOrg(const std::filesystem::path& path, AsOrgFile& into);

}  // namespace clearhost::stats
