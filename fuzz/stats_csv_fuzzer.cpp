// libFuzzer target: arbitrary bytes as a stats input CSV (docs/formats.md, "Measurement
// inputs"). The input's size modulo 5 picks the reader: report counts, population, countries,
// regions or notices. Must never crash, hang or exceed memory; every problem names a line of the
// file; rates and removal metrics computed from what was read stay consistent (shares in [0, 1],
// removed + open = notices, world reports = the sum of the rows).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <map>
#include <string_view>

#include "stats/country_table.h"
#include "stats/csv_table.h"
#include "stats/notice_log.h"
#include "stats/population_table.h"
#include "stats/rates.h"
#include "stats/region_table.h"
#include "stats/removal_metrics.h"
#include "stats/report_counts.h"

namespace {

using namespace clearhost::stats;

void Check(bool condition) {
  if (!condition) __builtin_trap();
}

void CheckProblems(const std::vector<InputProblem>& problems, uint64_t last_line) {
  for (const InputProblem& problem : problems) {
    Check(problem.line >= 1 && problem.line <= last_line && !problem.message.empty());
  }
}

bool InUnitRange(double value) {
  return value >= 0.0 && value <= 1.0 + 1e-9;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const clearhost::Result<CsvTable> csv = ParseCsv(text, "fuzz.csv");
  if (!csv.ok()) return 0;
  const uint64_t last_line = 1 + uint64_t(std::count(text.begin(), text.end(), '\n'));
  for (const CsvRecord& record : csv->records) Check(record.line >= 2 && record.line <= last_line);
  switch (size % 5) {
    case 0: {
      const auto reports = ReportCountsFromCsv(*csv);
      if (!reports.ok()) return 0;
      CheckProblems(reports->problems, last_line);
      const auto population = PopulationTable::FromCsv(*ParseCsv("iso3,year,population\n", "p"));
      const RatesResult rates = ComputeRates(*reports, *population, RatesOptions{});
      CheckProblems(rates.problems, last_line);
      std::map<int, int64_t> sums, worlds;
      for (const RateRow& row : rates.rows) {
        Check(row.reports >= 0);
        if (row.share_reports) Check(InUnitRange(*row.share_reports));
        if (row.kind == RateKind::kCountry || row.kind == RateKind::kUnknown) {
          sums[row.year] += row.reports;
        }
        if (row.kind == RateKind::kWorld) worlds[row.year] = row.reports;
      }
      Check(sums == worlds);
      (void)FormatJsonLines(RatesTable(rates.rows));
      break;
    }
    case 1: {
      const auto population = PopulationTable::FromCsv(*csv);
      if (population.ok()) CheckProblems(population->problems(), last_line);
      break;
    }
    case 2: {
      const auto countries = CountryTable::FromCsv(*csv);
      if (!countries.ok()) return 0;
      CheckProblems(countries->problems(), last_line);
      for (const Country& country : countries->countries()) {
        Check(countries->Find(country.iso3) == &country);
      }
      break;
    }
    case 3: {
      const auto regions = RegionTable::FromCsv(*csv);
      if (!regions.ok()) return 0;
      CheckProblems(regions->problems(), last_line);
      for (const CsvRecord& record : csv->records) {
        for (const std::string& field : record.fields)
          Check(regions->Chain(field).size() <= 1 + csv->records.size());
      }
      break;
    }
    default: {
      const auto log = NoticeLogFromCsv(*csv);
      if (!log.ok()) return 0;
      CheckProblems(log->problems, last_line);
      const RemovalReport report = ComputeRemoval(*log, RemovalOptions{});
      for (const RemovalGroup& group : report.groups) {
        Check(group.removed + group.open == group.notices);
        Check(InUnitRange(group.share) && InUnitRange(group.removed_within_12h) &&
              InUnitRange(group.online_after_48h));
        Check(group.removed_within_12h <= group.removed_within_24h + 1e-12);
      }
      (void)FormatCsv(RemovalTable(report));
      break;
    }
  }
  return 0;
}
