// The `stats` subcommands, each registered on the `stats` command, and the pieces they share:
// loading the rates inputs, printing problems and tables.
#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <string>
#include <vector>

#include "stats/attribution.h"
#include "stats/input_problem.h"
#include "stats/notice_log.h"
#include "stats/rates.h"
#include "stats/removal_metrics.h"
#include "stats/table.h"
#include "store/sql_connection.h"

namespace clearhost::cli {

void RegisterStatsRatesCommand(CLI::App& stats_command, int& exit_code);
void RegisterStatsAttributeCommand(CLI::App& stats_command, int& exit_code);
void RegisterStatsRemovalCommand(CLI::App& stats_command, int& exit_code);
// `stats chart` and `stats report`.
void RegisterStatsChartCommands(CLI::App& stats_command, int& exit_code);

// Prints each problem as "clearhost stats COMMAND: FILE:LINE: message" on stderr.
void PrintStatsProblems(std::string_view command, const std::vector<stats::InputProblem>& problems);
// Prints a one-line error for `status` and returns 1.
int StatsFail(std::string_view command, const Status& status);

// Adds --format csv|jsonl (default csv) to `command`.
void AddTableFormatOption(CLI::App& command, std::string& format);
// Writes `table` to stdout in `format`; false when stdout failed.
bool PrintTable(const stats::Table& table, const std::string& format);

// The rates inputs: --reports, --population, optional --countries and --regions.
struct RatesInputs {
  std::string reports;
  std::string population;
  std::string countries;
  std::string regions;
  std::string duplicates = "error";
};
// Adds --reports, --population (required when `required`), --countries, --regions, --duplicates.
void AddRatesInputOptions(CLI::App& command, RatesInputs& inputs, bool required);
// Reads the inputs and computes the rates; unreadable files or missing columns are an error;
// bad rows are printed (as `command`) and counted in `problems`.
Result<stats::RatesResult> LoadRates(std::string_view command, const RatesInputs& inputs,
                                     size_t& problems);

// The hosting attribution sources: --delegated, --pfx2as, --mmdb, --as-names (each repeatable).
struct AttributionInputs {
  std::vector<std::string> delegated;
  std::vector<std::string> pfx2as;
  std::vector<std::string> mmdb;
  std::vector<std::string> as_names;
  bool any() const {
    return !delegated.empty() || !pfx2as.empty() || !mmdb.empty() || !as_names.empty();
  }
};
void AddAttributionOptions(CLI::App& command, AttributionInputs& inputs);
// Reads the sources; an unreadable file or a bad .mmdb is an error; bad lines are printed (as
// `command`) and counted in `problems`.
Result<std::unique_ptr<stats::HostingAttributor>> LoadAttributor(std::string_view command,
                                                                 const AttributionInputs& inputs,
                                                                 size_t& problems);

// One notice per case in `database` (problems name it "case store"): notified at received_at,
// removed when it first reached confirmed_gone, re-openings counted; hoster (the AS's organisation)
// and network (the first origin AS) from the notice's IP through `attributor` when not null. The
// log's latest time is at least `now_seconds` (the default as-of: open cases run until now).
Result<stats::NoticeLog> LoadCaseNotices(store::SqlConnection& database,
                                         const stats::HostingAttributor* attributor,
                                         int64_t now_seconds);

// The removal period: --from, --to, --as-of (ISO 8601 timestamps).
struct RemovalPeriod {
  std::string from;
  std::string to;
  std::string as_of;
};
void AddRemovalPeriodOptions(CLI::App& command, RemovalPeriod& period);
Result<stats::RemovalOptions> ParseRemovalPeriod(const RemovalPeriod& period);

}  // namespace clearhost::cli
