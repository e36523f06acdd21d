#include "cli/bank_selection.h"

#include <cstdio>

namespace clearhost::cli {

Result<scan::BankMatcher::Options> BankMatchOptions(store::BankStore& store,
                                                    const std::vector<std::string>& banks,
                                                    std::optional<int> radius,
                                                    std::string_view command) {
  scan::BankMatcher::Options options;
  options.radius = radius;
  if (banks.empty()) return options;
  options.block_banks.emplace();
  for (const std::string& name : banks) {
    CLEARHOST_ASSIGN_OR_RETURN(const store::Bank bank, store.GetBank(name));
    if (!bank.settings.enabled) {
      std::fprintf(stderr, "%.*s: bank %s is disabled: its entries are not matched\n",
                   int(command.size()), command.data(), name.c_str());
    }
    options.block_banks->insert(bank.id);
  }
  return options;
}

}  // namespace clearhost::cli
