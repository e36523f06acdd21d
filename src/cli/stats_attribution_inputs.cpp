// The options and loading shared by `stats attribute` and `stats removal --db`: the prefix
// tables, MaxMind databases and as2org files that attribute an address to a country and network.
#include <utility>

#include "cli/stats_commands.h"
#include "stats/as_org_file.h"
#include "stats/delegated_file.h"
#include "stats/mmdb_database.h"
#include "stats/pfx2as_file.h"

namespace clearhost::cli {

void AddAttributionOptions(CLI::App& command, AttributionInputs& inputs) {
  const std::pair<const char*, std::vector<std::string>*> options[] = {
      {"--delegated", &inputs.delegated},
      {"--pfx2as", &inputs.pfx2as},
      {"--mmdb", &inputs.mmdb},
      {"--as-names", &inputs.as_names}};
  const char* const help[] = {
      "RIR delegated(-extended) file (country)", "CAIDA prefix-to-AS file (network)",
      "MaxMind .mmdb, country or ASN database (after the prefix tables; docs/formats.md)",
      "CAIDA as2org file, as-org2info.txt (organisation names of networks)"};
  for (size_t i = 0; i < std::size(options); ++i) {
    command.add_option(options[i].first, *options[i].second, help[i])
        ->expected(1)
        ->allow_extra_args(false)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  }
}

Result<std::unique_ptr<stats::HostingAttributor>> LoadAttributor(std::string_view command,
                                                                 const AttributionInputs& inputs,
                                                                 size_t& problems) {
  std::vector<stats::DelegatedBlock> blocks;
  for (const std::string& path : inputs.delegated) {
    CLEARHOST_ASSIGN_OR_RETURN(const stats::DelegatedFile file, stats::ReadDelegated(path));
    PrintStatsProblems(command, file.problems);
    problems += file.problems.size();
    blocks.insert(blocks.end(), file.blocks.begin(), file.blocks.end());
  }
  std::vector<stats::RoutedPrefix> routes;
  for (const std::string& path : inputs.pfx2as) {
    CLEARHOST_ASSIGN_OR_RETURN(const stats::Pfx2asFile file, stats::ReadPfx2as(path));
    PrintStatsProblems(command, file.problems);
    problems += file.problems.size();
    routes.insert(routes.end(), file.prefixes.begin(), file.prefixes.end());
  }
  std::vector<std::unique_ptr<stats::MmdbDatabase>> databases;
  for (const std::string& path : inputs.mmdb) {
    CLEARHOST_ASSIGN_OR_RETURN(std::unique_ptr<stats::MmdbDatabase> database,
                               stats::MmdbDatabase::Open(path));
    databases.push_back(std::move(database));
  }
  stats::AsOrgFile names;
  for (const std::string& path : inputs.as_names) {
    CLEARHOST_RETURN_IF_ERROR(stats::ReadAsOrg(path, names));
  }
  PrintStatsProblems(command, names.problems);
  problems += names.problems.size();
  return std::make_unique<stats::HostingAttributor>(std::move(blocks), std::move(routes),
                                                    std::move(databases), std::move(names));
}

}  // namespace clearhost::cli
