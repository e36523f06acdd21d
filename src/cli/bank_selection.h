// What `match --db` and `scan --db` share: turning --bank names and --radius into
// BankMatcher::Options, with a note on stderr for a named bank that is disabled.
// Thread-safety: call from the main thread.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scan/bank_matcher.h"
#include "store/bank_store.h"

namespace clearhost::cli {

// `banks` empty: every block bank. Errors: a bank that does not exist (NotFound), the store's.
// `command` names the command in the stderr note ("clearhost match").
Result<scan::BankMatcher::Options> BankMatchOptions(store::BankStore& store,
                                                    const std::vector<std::string>& banks,
                                                    std::optional<int> radius,
                                                    std::string_view command);

}  // namespace clearhost::cli
