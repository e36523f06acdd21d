// `clearhost match --db ...`: matching hashes and files against the banks in the store, with a
// verdict per match (scan/bank_matcher.h). JSON Lines (or CSV) per match on stdout, a summary of
// the verdicts on stderr; docs/formats.md ("clearhost match output") has the fields.
// Thread-safety: call from the main thread.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "lists/signal_type.h"

namespace clearhost::cli {

struct MatchDbArguments {
  std::string db;                         // sqlite:FILE, or empty for the default database
  std::vector<std::string> banks;         // --bank: only these banks' matches (empty: all)
  std::optional<int> radius;              // --radius: replaces every bank's match_distance
  std::string hashes;                     // --hashes FILE or -
  std::vector<std::string> paths;         // files and directories to hash and match
  std::optional<lists::SignalType> type;  // --type of the --hashes list
  bool dihedral = false;
  bool csv = false;
  int jobs = 0;  // hashing threads (0: all cores)
};

// Runs the match; returns the exit code (0 all good, 1 some input or the store failed).
int RunMatchDb(const MatchDbArguments& arguments);

}  // namespace clearhost::cli
