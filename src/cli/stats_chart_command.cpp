// `clearhost stats chart --kind bar|series|removal ... --out FILE.svg` and
// `clearhost stats report ... --out FILE.html`.
#include <cstdio>
#include <memory>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "cli/stats_commands.h"
#include "core/atomic_file.h"
#include "stats/charts.h"
#include "stats/field_parse.h"
#include "stats/html_report.h"
#include "stats/removal_metrics.h"

namespace clearhost::cli {
namespace {

struct ChartArguments {
  std::string kind = "bar";
  RatesInputs rates;
  std::string notices;
  RemovalPeriod period;
  int year = 0;
  std::string highlight = "NLD";
  std::string series;
  size_t top = 30;
  std::string out;
};

int LatestYear(const std::vector<stats::RateRow>& rows) {
  int year = 0;
  for (const stats::RateRow& row : rows) year = std::max(year, row.year);
  return year;
}

std::vector<std::string> SeriesCodes(const ChartArguments& arguments,
                                     const std::vector<stats::RateRow>& rows, int year) {
  std::vector<std::string> codes = {arguments.highlight};
  if (!arguments.series.empty()) {
    for (const absl::string_view code : absl::StrSplit(arguments.series, ',', absl::SkipEmpty())) {
      if (std::string(code) != arguments.highlight) codes.emplace_back(code);
    }
    return codes;
  }
  // Default: the highlighted country and the five highest rates of `year`.
  for (const stats::RateRow& row : rows) {
    if (row.year == year && row.kind == stats::RateKind::kCountry && row.rank && *row.rank <= 5 &&
        row.iso3 != arguments.highlight) {
      codes.push_back(row.iso3);
    }
  }
  return codes;
}

// Written atomically (a reader sees the old file or the new one), readable by all (0644).
Status WriteOut(const std::string& path, const std::string& text) {
  CLEARHOST_ASSIGN_OR_RETURN(AtomicFileWriter writer, AtomicFileWriter::Create(path));
  CLEARHOST_RETURN_IF_ERROR(writer.Write(
      std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(text.data()), text.size())));
  CLEARHOST_RETURN_IF_ERROR(writer.SetPermissions(std::filesystem::perms(0644)));
  return writer.Commit();
}

int RunChart(const ChartArguments& arguments) {
  size_t problems = 0;
  std::string svg;
  if (arguments.kind == "removal") {
    auto options = ParseRemovalPeriod(arguments.period);
    if (!options.ok()) return StatsFail("chart", options.status());
    auto log = stats::ReadNoticeLog(arguments.notices);
    if (!log.ok()) return StatsFail("chart", log.status());
    PrintStatsProblems("chart", log->problems);
    problems += log->problems.size();
    svg = stats::RemovalDistributionChart(stats::ComputeRemoval(*log, *options), arguments.top);
  } else {
    auto rates = LoadRates("chart", arguments.rates, problems);
    if (!rates.ok()) return StatsFail("chart", rates.status());
    const int year = arguments.year != 0 ? arguments.year : LatestYear(rates->rows);
    svg = arguments.kind == "bar"
              ? stats::RateBarChart(rates->rows, year, arguments.highlight, arguments.top)
              : stats::RateTimeSeries(rates->rows, SeriesCodes(arguments, rates->rows, year));
  }
  const Status written = WriteOut(arguments.out, svg);
  if (!written.ok()) return StatsFail("chart", written);
  return problems == 0 ? 0 : 1;
}

int RunReport(const ChartArguments& arguments) {
  size_t problems = 0;
  auto rates = LoadRates("report", arguments.rates, problems);
  if (!rates.ok()) return StatsFail("report", rates.status());
  const int year = arguments.year != 0 ? arguments.year : LatestYear(rates->rows);
  std::vector<stats::RateRow> year_rows;
  for (const stats::RateRow& row : rates->rows) {
    if (row.year == year) year_rows.push_back(row);
  }
  std::vector<stats::ReportSection> sections;
  stats::ReportSection bar;
  bar.heading = absl::StrCat("Reports per 10,000 inhabitants, ", year);
  bar.text = absl::StrCat("per_10k = reports * 10000 / population. The top ", arguments.top,
                          " countries and ", arguments.highlight,
                          " (highlighted). Unknown codes count in the world total only.");
  bar.svg = stats::RateBarChart(rates->rows, year, arguments.highlight, arguments.top);
  sections.push_back(bar);
  stats::ReportSection series;
  series.heading = "Rates by year";
  series.svg = stats::RateTimeSeries(rates->rows, SeriesCodes(arguments, rates->rows, year));
  sections.push_back(series);
  stats::ReportSection table;
  table.heading = absl::StrCat("Countries, regions and the world, ", year);
  table.table = stats::RatesTable(year_rows);
  table.max_rows = 400;
  sections.push_back(table);
  std::string subtitle = absl::StrCat("Year ", year, "; reports from ", arguments.rates.reports,
                                      ", population from ", arguments.rates.population, ".");
  if (!arguments.notices.empty()) {
    auto options = ParseRemovalPeriod(arguments.period);
    if (!options.ok()) return StatsFail("report", options.status());
    auto log = stats::ReadNoticeLog(arguments.notices);
    if (!log.ok()) return StatsFail("report", log.status());
    PrintStatsProblems("report", log->problems);
    problems += log->problems.size();
    const stats::RemovalReport removal = stats::ComputeRemoval(*log, *options);
    stats::ReportSection removal_section;
    removal_section.heading = "Time to removal";
    removal_section.text = absl::StrCat(
        "Notices sent",
        options->from ? absl::StrCat(" from ", stats::FormatTimestamp(*options->from)) : "",
        options->to ? absl::StrCat(" before ", stats::FormatTimestamp(*options->to)) : "",
        ", as of ", stats::FormatTimestamp(removal.as_of),
        ". Open notices are censored (Kaplan-Meier); a *_censored quantile means '>= value'.");
    removal_section.svg = stats::RemovalDistributionChart(removal, arguments.top);
    removal_section.table = stats::RemovalTable(removal);
    sections.push_back(removal_section);
  }
  const Status written = WriteOut(
      arguments.out, stats::HtmlReport("clearhost measurement report", subtitle, sections));
  if (!written.ok()) return StatsFail("report", written);
  return problems == 0 ? 0 : 1;
}

void AddCommonOptions(CLI::App& command, ChartArguments& arguments, bool rates_required) {
  AddRatesInputOptions(command, arguments.rates, rates_required);
  command.add_option("--notices", arguments.notices, "Notice log (removal)");
  AddRemovalPeriodOptions(command, arguments.period);
  command.add_option("--year", arguments.year, "The year shown (default: the latest)");
  command.add_option("--highlight", arguments.highlight,
                     "ISO 3166 alpha-3 code of the highlighted country (default NLD)");
  command.add_option("--series", arguments.series, "Countries of the time series: NLD,BEL,...");
  command.add_option("--top", arguments.top, "Countries or hosters shown (default 30)")
      ->check(CLI::Range(1, 500));
}

}  // namespace

void RegisterStatsChartCommands(CLI::App& stats_command, int& exit_code) {
  auto chart_arguments = std::make_shared<ChartArguments>();
  CLI::App* chart = stats_command.add_subcommand("chart", "An SVG chart of rates or removal times");
  chart->description(
      "Writes an SVG chart: --kind bar (rates by country for --year, --highlight in red),\n"
      "series (rate per year for --series countries) or removal (time-to-removal bands per\n"
      "hoster, from --notices).");
  chart->add_option("--kind", chart_arguments->kind, "bar (default), series or removal")
      ->check(CLI::IsMember({"bar", "series", "removal"}));
  AddCommonOptions(*chart, *chart_arguments, false);
  chart->add_option("--out", chart_arguments->out, "The SVG file to write")->required();
  chart->callback([chart_arguments, &exit_code] {
    const bool needs_rates = chart_arguments->kind != "removal";
    if (needs_rates &&
        (chart_arguments->rates.reports.empty() || chart_arguments->rates.population.empty())) {
      std::fprintf(stderr, "clearhost stats chart: --kind %s needs --reports and --population\n",
                   chart_arguments->kind.c_str());
      exit_code = 2;
      return;
    }
    if (!needs_rates && chart_arguments->notices.empty()) {
      std::fprintf(stderr, "clearhost stats chart: --kind removal needs --notices\n");
      exit_code = 2;
      return;
    }
    exit_code = RunChart(*chart_arguments);
  });

  auto report_arguments = std::make_shared<ChartArguments>();
  CLI::App* report =
      stats_command.add_subcommand("report", "One self-contained HTML report for a period");
  report->description(
      "Writes one HTML file (inline CSS and SVG, no script, nothing fetched): the rate bar\n"
      "chart and time series, the rates table of --year and, with --notices, time to removal\n"
      "for the notices sent between --from and --to.");
  AddCommonOptions(*report, *report_arguments, true);
  report->add_option("--out", report_arguments->out, "The HTML file to write")->required();
  report->callback([report_arguments, &exit_code] { exit_code = RunReport(*report_arguments); });
}

}  // namespace clearhost::cli
