#include "cli/match_source.h"

#include <cstdio>

namespace clearhost::cli {

MatchSourceOptions AddMatchSourceOptions(CLI::App& command, MatchSource& source,
                                         const std::string& bank_help) {
  auto* index = command.add_option("--index", source.index, "Index file to match against");
  auto* lists =
      command
          .add_option("--list", source.lists,
                      "Plain hash list to match against, indexed in memory (repeat for several)")
          ->expected(1)
          ->allow_extra_args(false)
          ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  auto* db = command.add_option(
      "--db", source.db,
      "Match the enabled banks of this store (sqlite:FILE; see `clearhost lists`)");
  auto* banks = command.add_option("--bank", source.banks, bank_help)
                    ->expected(1)
                    ->allow_extra_args(false)
                    ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  index->excludes(lists);
  db->excludes(index)->excludes(lists);
  return {index, lists, db, banks};
}

void RequireMatchSource(const MatchSource& source) {
  if (source.index.empty() && source.lists.empty() && source.db.empty() && source.server.empty()) {
    throw CLI::RequiredError(source.server.empty() ? "--index, --list or --db"
                                                   : "--index, --list, --db or --server");
  }
  if (!source.banks.empty() && source.db.empty() && source.server.empty()) {
    throw CLI::RequiredError("--bank needs --db (or, for scan, --server)");
  }
}

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
