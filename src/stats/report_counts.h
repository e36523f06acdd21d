// Report counts per country and year, e.g. NCMEC's "CyberTipline reports by country" table:
// `country,iso3,2019,2020,...` (one column per year, counts possibly quoted with thousands
// separators, an empty cell meaning no figure for that year), or the long layout
// `country,iso3,year,reports`. The code column may be iso3 or iso2; an empty code (e.g. "No
// Country Listed") is kept as reports that no country is known for.
// Thread-safety: a value type; the functions are pure.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "core/status.h"
#include "stats/csv_table.h"
#include "stats/input_problem.h"

namespace clearhost::stats {

struct ReportCount {
  std::string code;  // ISO 3166 alpha-2 or alpha-3 as written (upper case); "" when none
  std::string name;  // the country column as written
  int year = 0;
  int64_t reports = 0;
  uint64_t line = 0;
};

struct ReportCounts {
  std::string file;
  std::vector<ReportCount> counts;  // in file order
  std::vector<InputProblem> problems;
};

// Missing columns (no code column, no year columns) are an error. Bad cells are problems: a
// malformed country code skips its row; a negative or malformed count skips that cell.
Result<ReportCounts> ReportCountsFromCsv(const CsvTable& csv);
Result<ReportCounts> ReadReportCounts(const std::filesystem::path& path);

}  // namespace clearhost::stats
