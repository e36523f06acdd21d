// `clearhost stats removal (--notices FILE | --db URL [attribution sources]) [--from TIME]
//  [--to TIME] [--as-of TIME]`
#include <cstdio>
#include <ctime>
#include <memory>

#include "cli/stats_commands.h"
#include "cli/store_options.h"
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

namespace {

struct RemovalArguments {
  std::string notices;
  std::string db;
  AttributionInputs sources;
  RemovalPeriod period;
  std::string format = "csv";
};

// The notice log from --notices or from the case store (--db), bad rows printed and counted.
Result<stats::NoticeLog> LoadRemovalNotices(const RemovalArguments& arguments, size_t& problems) {
  if (!arguments.notices.empty()) {
    CLEARHOST_ASSIGN_OR_RETURN(stats::NoticeLog log, stats::ReadNoticeLog(arguments.notices));
    PrintStatsProblems("removal", log.problems);
    problems += log.problems.size();
    return log;
  }
  std::unique_ptr<stats::HostingAttributor> attributor;
  if (arguments.sources.any()) {
    CLEARHOST_ASSIGN_OR_RETURN(attributor, LoadAttributor("removal", arguments.sources, problems));
  }
  CLEARHOST_ASSIGN_OR_RETURN(std::unique_ptr<store::SqlConnection> database,
                             OpenDatabase(arguments.db));
  CLEARHOST_ASSIGN_OR_RETURN(stats::NoticeLog log, LoadCaseNotices(*database, attributor.get(),
                                                                   int64_t(std::time(nullptr))));
  PrintStatsProblems("removal", log.problems);
  problems += log.problems.size();
  return log;
}

}  // namespace

void RegisterStatsRemovalCommand(CLI::App& stats_command, int& exit_code) {
  auto arguments = std::make_shared<RemovalArguments>();
  CLI::App* command = stats_command.add_subcommand(
      "removal", "Time to removal per hoster and network from notices or the case store");
  command->description(
      "Reads notices (CSV: url,notified_at,removed_at,hoster,asn; an empty removed_at is still\n"
      "open) or the case store's cases (--db: received_at, first confirmed_gone, re-openings;\n"
      "hoster and network from each notice's IP through --delegated/--pfx2as/--mmdb/--as-names)\n"
      "and prints, over all notices, per hoster and per network: notices, share, removed,\n"
      "open, median and p90 hours to removal, shares removed within 12 h and 24 h, share still\n"
      "online after 48 h, re-appearances. Open notices are censored, not dropped (Kaplan-Meier;\n"
      "a quantile not reached is printed with *_censored=true, meaning '>= value').");
  CLI::Option* notices =
      command->add_option("--notices", arguments->notices, "The notice log (CSV)");
  CLI::Option* db = command->add_option(
      "--db", arguments->db, "The case store: sqlite:FILE or postgresql://... (read only)");
  notices->excludes(db);
  db->excludes(notices);
  AddAttributionOptions(*command, arguments->sources);
  AddRemovalPeriodOptions(*command, arguments->period);
  AddTableFormatOption(*command, arguments->format);
  command->callback([arguments, &exit_code] {
    auto options = ParseRemovalPeriod(arguments->period);
    std::string message = options.ok() ? "" : std::string(options.status().message());
    if (message.empty() && arguments->notices.empty() == arguments->db.empty()) {
      message = "give --notices FILE or --db URL";
    }
    if (message.empty() && !arguments->notices.empty() && arguments->sources.any()) {
      message = "--delegated, --pfx2as, --mmdb and --as-names go with --db";
    }
    if (!message.empty()) {
      std::fprintf(stderr, "clearhost stats removal: %s\n", message.c_str());
      exit_code = 2;
      return;
    }
    size_t problems = 0;
    auto log = LoadRemovalNotices(*arguments, problems);
    if (!log.ok()) {
      exit_code = StatsFail("removal", log.status());
      return;
    }
    const bool printed =
        PrintTable(stats::RemovalTable(stats::ComputeRemoval(*log, *options)), arguments->format);
    exit_code = printed && problems == 0 ? 0 : 1;
  });
}

}  // namespace clearhost::cli
