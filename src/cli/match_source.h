// What `match` and `scan` share: where the known hashes come from (--index FILE, --list LIST...
// or --db sqlite:FILE with --bank NAME...), and turning --bank names and --radius into
// BankMatcher::Options, with a note on stderr for a named bank that is disabled.
// Thread-safety: call from the main thread.
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scan/bank_matcher.h"
#include "store/bank_store.h"

namespace clearhost::cli {

struct MatchSource {
  std::string index;
  std::vector<std::string> lists;
  std::string db;
  std::vector<std::string> banks;
  std::string server;  // remote mode (scan only): a clearhost serve URL
};

// The options AddMatchSourceOptions added, for a command's own rules (e.g. excludes).
struct MatchSourceOptions {
  CLI::Option* index;
  CLI::Option* lists;
  CLI::Option* db;
  CLI::Option* banks;
};

// Adds --index, --list (repeatable), --db and --bank (repeatable; RequireMatchSource checks it
// has --db or --server), the first three mutually exclusive. `bank_help` says what --bank does for
// this command.
MatchSourceOptions AddMatchSourceOptions(CLI::App& command, MatchSource& source,
                                         const std::string& bank_help);

// Throws CLI::RequiredError unless one of --index, --list, --db was given.
void RequireMatchSource(const MatchSource& source);

// `banks` empty: every block bank. Errors: a bank that does not exist (NotFound), the store's.
// `command` names the command in the stderr note ("clearhost match").
Result<scan::BankMatcher::Options> BankMatchOptions(store::BankStore& store,
                                                    const std::vector<std::string>& banks,
                                                    std::optional<int> radius,
                                                    std::string_view command);

}  // namespace clearhost::cli
