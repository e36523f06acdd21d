// `clearhost stats rates --reports FILE --population FILE [--countries FILE] [--regions FILE]`
#include <cstdio>
#include <memory>
#include <optional>

#include "absl/strings/str_cat.h"
#include "cli/stats_commands.h"
#include "stats/country_table.h"
#include "stats/population_table.h"
#include "stats/region_table.h"
#include "stats/report_counts.h"

namespace clearhost::cli {

void PrintStatsProblems(std::string_view command,
                        const std::vector<stats::InputProblem>& problems) {
  for (const stats::InputProblem& problem : problems) {
    std::fprintf(stderr, "clearhost stats %.*s: %s\n", int(command.size()), command.data(),
                 problem.ToString().c_str());
  }
}

int StatsFail(std::string_view command, const Status& status) {
  std::fprintf(stderr, "clearhost stats %.*s: %s\n", int(command.size()), command.data(),
               std::string(status.message()).c_str());
  return 1;
}

void AddTableFormatOption(CLI::App& command, std::string& format) {
  command.add_option("--format", format, "csv (default) or jsonl (JSON Lines)")
      ->check(CLI::IsMember({"csv", "jsonl"}, CLI::ignore_case));
}

bool PrintTable(const stats::Table& table, const std::string& format) {
  const std::string out = stats::FormatTable(
      table, format == "jsonl" ? stats::TableFormat::kJsonLines : stats::TableFormat::kCsv);
  std::fwrite(out.data(), 1, out.size(), stdout);
  return std::fflush(stdout) == 0;
}

void AddRatesInputOptions(CLI::App& command, RatesInputs& inputs, bool required) {
  command.add_option("--reports", inputs.reports, "Report counts: country,iso3,YEAR,YEAR...")
      ->required(required);
  command
      .add_option("--population", inputs.population,
                  "Population: a UN WPP export (Iso3, Time, Value) or iso3,year,population")
      ->required(required);
  command.add_option("--countries", inputs.countries,
                     "Country directory: country,iso2,iso3,region (gives regions)");
  command.add_option("--regions", inputs.regions, "Region hierarchy: superregion,region");
  command
      .add_option("--duplicates", inputs.duplicates,
                  "A second figure for one country-year: error (default: reported, not "
                  "counted, exit 1) or sum (added)")
      ->check(CLI::IsMember({"error", "sum"}));
}

Result<stats::RatesResult> LoadRates(std::string_view command, const RatesInputs& inputs,
                                     size_t& problems) {
  CLEARHOST_ASSIGN_OR_RETURN(const stats::ReportCounts reports,
                             stats::ReadReportCounts(inputs.reports));
  CLEARHOST_ASSIGN_OR_RETURN(const stats::PopulationTable population,
                             stats::PopulationTable::Read(inputs.population));
  std::optional<stats::CountryTable> countries;
  std::optional<stats::RegionTable> regions;
  if (!inputs.countries.empty()) {
    CLEARHOST_ASSIGN_OR_RETURN(countries, stats::CountryTable::Read(inputs.countries));
  }
  if (!inputs.regions.empty()) {
    CLEARHOST_ASSIGN_OR_RETURN(regions, stats::RegionTable::Read(inputs.regions));
  }
  stats::RatesOptions options;
  options.countries = countries ? &*countries : nullptr;
  options.regions = regions ? &*regions : nullptr;
  options.duplicates =
      inputs.duplicates == "sum" ? stats::DuplicatePolicy::kSum : stats::DuplicatePolicy::kError;
  stats::RatesResult rates = stats::ComputeRates(reports, population, options);
  const std::vector<stats::InputProblem>* lists[] = {
      &reports.problems, &population.problems(), countries ? &countries->problems() : nullptr,
      regions ? &regions->problems() : nullptr, &rates.problems};
  for (const std::vector<stats::InputProblem>* list : lists) {
    if (list == nullptr) continue;
    PrintStatsProblems(command, *list);
    problems += list->size();
  }
  std::vector<stats::InputProblem> notes = countries ? countries->notes() : rates.notes;
  if (countries) notes.insert(notes.end(), rates.notes.begin(), rates.notes.end());
  for (const stats::InputProblem& note : notes) {
    std::fprintf(stderr, "clearhost stats %.*s: note: %s\n", int(command.size()), command.data(),
                 note.ToString().c_str());
  }
  return rates;
}

void RegisterStatsRatesCommand(CLI::App& stats_command, int& exit_code) {
  struct Arguments {
    RatesInputs inputs;
    std::string format = "csv";
  };
  auto arguments = std::make_shared<Arguments>();
  CLI::App* command = stats_command.add_subcommand(
      "rates", "Reports per 10,000 inhabitants per country, region and year");
  command->description(
      "Prints one row per country and year (and per region, superregion and the world) with\n"
      "reports, population, per_10k = reports * 10000 / population (unrounded), shares of all\n"
      "reports and of the population, rank and change from the year before. Unknown country\n"
      "codes are kept (kind 'unknown') and noted on stderr; bad rows are reported as\n"
      "FILE:LINE and the exit code is 1. Columns: docs/formats.md.");
  AddRatesInputOptions(*command, arguments->inputs, true);
  AddTableFormatOption(*command, arguments->format);
  command->callback([arguments, &exit_code] {
    size_t problems = 0;
    const auto rates = LoadRates("rates", arguments->inputs, problems);
    if (!rates.ok()) {
      exit_code = StatsFail("rates", rates.status());
      return;
    }
    const bool printed = PrintTable(stats::RatesTable(rates->rows), arguments->format);
    exit_code = printed && problems == 0 ? 0 : 1;
  });
}

}  // namespace clearhost::cli
