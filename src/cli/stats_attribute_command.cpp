// `clearhost stats attribute --items FILE [--delegated FILE]... [--pfx2as FILE]...
//  [--mmdb FILE]... [--as-names FILE]... [--by item|country|network]`
#include <cstdio>
#include <memory>

#include "absl/strings/str_cat.h"
#include "cli/stats_commands.h"
#include "stats/attribution.h"

namespace clearhost::cli {
namespace {

struct AttributeArguments {
  std::string items;
  AttributionInputs sources;
  std::string by = "item";
  RatesInputs rates;
  double report_weight = 1.0;
  double hosting_weight = 1.0;
  std::string format = "csv";
};

int RunAttribute(const AttributeArguments& arguments) {
  size_t problems = 0;
  auto attributor = LoadAttributor("attribute", arguments.sources, problems);
  if (!attributor.ok()) return StatsFail("attribute", attributor.status());
  auto csv = stats::ReadCsvFile(arguments.items);
  if (!csv.ok()) return StatsFail("attribute", csv.status());
  auto items = stats::AttributeItems(*csv, **attributor);
  if (!items.ok()) return StatsFail("attribute", items.status());
  PrintStatsProblems("attribute", items->problems);
  problems += items->problems.size();

  stats::Table table;
  if (arguments.by == "network") {
    table = stats::NetworkSharesTable(*items);
  } else if (arguments.by == "country") {
    std::optional<stats::RatesResult> rates;
    if (!arguments.rates.reports.empty()) {
      auto loaded = LoadRates("attribute", arguments.rates, problems);
      if (!loaded.ok()) return StatsFail("attribute", loaded.status());
      rates = std::move(*loaded);
    }
    table = stats::CountrySharesTable(*items, rates ? &rates->rows : nullptr,
                                      {arguments.report_weight, arguments.hosting_weight});
  } else {
    table = stats::ItemsTable(*items);
  }
  const bool printed = PrintTable(table, arguments.format);
  return printed && problems == 0 ? 0 : 1;
}

}  // namespace

void RegisterStatsAttributeCommand(CLI::App& stats_command, int& exit_code) {
  auto arguments = std::make_shared<AttributeArguments>();
  CLI::App* command = stats_command.add_subcommand(
      "attribute", "Hosting country and network of reported items (longest-prefix match)");
  command->description(
      "Reads reported items (CSV: url,ip[,time]) and prints, per item, the hosting country\n"
      "from RIR delegated(-extended) files and the origin AS from CAIDA pfx2as files, both by\n"
      "longest-prefix match over IPv4 and IPv6; MaxMind .mmdb country and ASN databases fill\n"
      "in what the prefix tables do not cover, and CAIDA as2org files name the networks.\n"
      "--by country or --by network prints shares instead; with --reports and --population,\n"
      "--by country adds the combined rate\n"
      "(report_weight * reports + hosting_weight * hosted items) * 10000 / population.");
  command->add_option("--items", arguments->items, "Reported items: url,ip[,time]")->required();
  AddAttributionOptions(*command, arguments->sources);
  command->add_option("--by", arguments->by, "item (default), country or network")
      ->check(CLI::IsMember({"item", "country", "network"}));
  AddRatesInputOptions(*command, arguments->rates, false);
  command->add_option("--report-weight", arguments->report_weight,
                      "Weight of reports in combined_per_10k (default 1)");
  command->add_option("--hosting-weight", arguments->hosting_weight,
                      "Weight of hosted items in combined_per_10k (default 1)");
  AddTableFormatOption(*command, arguments->format);
  command->callback([arguments, &exit_code] {
    if (arguments->rates.reports.empty() != arguments->rates.population.empty()) {
      std::fprintf(stderr, "clearhost stats attribute: --reports and --population go together\n");
      exit_code = 2;
      return;
    }
    exit_code = RunAttribute(*arguments);
  });
}

}  // namespace clearhost::cli
