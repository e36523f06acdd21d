// `clearhost stats removal --notices FILE [--from TIME] [--to TIME] [--as-of TIME]`
#include <cstdio>
#include <memory>

#include "cli/stats_commands.h"
#include "stats/field_parse.h"
#include "stats/removal_metrics.h"

namespace clearhost::cli {

Result<stats::RemovalOptions> ParseRemovalPeriod(const RemovalPeriod& period) {
  stats::RemovalOptions options;
  const std::pair<const std::string*, std::optional<int64_t>*> fields[] = {
      {&period.from, &options.from}, {&period.to, &options.to}, {&period.as_of, &options.as_of}};
  for (const auto& [text, value] : fields) {
    if (text->empty()) continue;
    CLEARHOST_ASSIGN_OR_RETURN(*value, stats::ParseTimestamp(*text));
  }
  return options;
}

void AddRemovalPeriodOptions(CLI::App& command, RemovalPeriod& period) {
  command.add_option("--from", period.from, "Notices sent at or after this time (ISO 8601)");
  command.add_option("--to", period.to, "Notices sent before this time (ISO 8601)");
  command.add_option("--as-of", period.as_of,
                     "Open notices are censored at this time (default: --to, else the latest "
                     "time in the file)");
}

void RegisterStatsRemovalCommand(CLI::App& stats_command, int& exit_code) {
  struct Arguments {
    std::string notices;
    RemovalPeriod period;
    std::string format = "csv";
  };
  auto arguments = std::make_shared<Arguments>();
  CLI::App* command = stats_command.add_subcommand(
      "removal", "Time to removal per hoster and network from a CSV of notices");
  command->description(
      "Reads notices (CSV: url,notified_at,removed_at,hoster,asn; an empty removed_at is still\n"
      "open) and prints, over all notices, per hoster and per network: notices, share, removed,\n"
      "open, median and p90 hours to removal, shares removed within 12 h and 24 h, share still\n"
      "online after 48 h, re-appearances. Open notices are censored, not dropped (Kaplan-Meier;\n"
      "a quantile not reached is printed with *_censored=true, meaning '>= value').");
  command->add_option("--notices", arguments->notices, "The notice log (CSV)")->required();
  AddRemovalPeriodOptions(*command, arguments->period);
  AddTableFormatOption(*command, arguments->format);
  command->callback([arguments, &exit_code] {
    auto options = ParseRemovalPeriod(arguments->period);
    if (!options.ok()) {
      std::fprintf(stderr, "clearhost stats removal: %s\n",
                   std::string(options.status().message()).c_str());
      exit_code = 2;
      return;
    }
    auto log = stats::ReadNoticeLog(arguments->notices);
    if (!log.ok()) {
      exit_code = StatsFail("removal", log.status());
      return;
    }
    PrintStatsProblems("removal", log->problems);
    const bool printed =
        PrintTable(stats::RemovalTable(stats::ComputeRemoval(*log, *options)), arguments->format);
    exit_code = printed && log->problems.empty() ? 0 : 1;
  });
}

}  // namespace clearhost::cli
