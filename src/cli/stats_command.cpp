// `clearhost stats rates|attribute|removal|chart|report`: measurement (per-capita rates,
// hosting attribution, removal times) as CSV/JSON Lines tables, SVG charts and HTML reports.
#include <cstdio>
#include <memory>

#include "absl/strings/str_cat.h"
#include "cli/commands.h"
#include "cli/stats_commands.h"

namespace clearhost::cli {

void RegisterStatsCommand(CLI::App& command, int& exit_code) {
  command.description(
      "Measurement: per-capita report rates per country and region (rates), hosting country\n"
      "and network of reported items (attribute), time to removal per hoster and network\n"
      "(removal), SVG charts (chart) and one self-contained HTML report (report).\n"
      "Input and output formats: docs/formats.md.");
  command.require_subcommand(1);
  RegisterStatsRatesCommand(command, exit_code);
  RegisterStatsAttributeCommand(command, exit_code);
  RegisterStatsRemovalCommand(command, exit_code);
  RegisterStatsChartCommands(command, exit_code);
}

}  // namespace clearhost::cli
