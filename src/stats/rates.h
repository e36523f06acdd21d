// Per-capita report rates: for each country and year, reports per 10,000 inhabitants, the
// country's share of all reports and of the population, its rank, the change from the year
// before; and the same totals for every region and superregion the country belongs to and for
// the world. Formulas (docs/formats.md, "stats rates output"):
//   per_10k          = reports * 10000 / population      (IEEE double division of exact integers)
//   share_reports    = reports / world reports            (world: every row of the year)
//   share_population = population / world population     (countries with a population)
//   aggregate per_10k = reports of members with a population * 10000 / their population
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "stats/country_table.h"
#include "stats/input_problem.h"
#include "stats/population_table.h"
#include "stats/region_table.h"
#include "stats/report_counts.h"
#include "stats/table.h"

namespace clearhost::stats {

enum class RateKind { kCountry, kUnknown, kRegion, kSuperregion, kWorld };
// "country", "unknown" (a code no table knows, or no code), "region", "superregion", "world".
std::string_view RateKindName(RateKind kind);

struct RateRow {
  RateKind kind = RateKind::kCountry;
  int year = 0;
  std::string iso3;     // countries; as written for unknown codes; "" for aggregates
  std::string iso2;     // when known
  std::string name;     // country or region name
  std::string region;   // a country's region; an aggregate's parent region ("" at the top)
  int64_t reports = 0;  // aggregates: the sum over their members
  std::optional<int64_t> population;
  // Reports of members (or of this country) with no population for the year: not in per_10k.
  int64_t reports_without_population = 0;
  std::optional<double> per_10k;
  std::optional<double> share_reports;
  std::optional<double> share_population;
  std::optional<int> rank;  // countries only: 1 = highest per_10k that year (ties share a rank)
  std::optional<int64_t> change_reports;  // against the same row the year before
  std::optional<double> change_reports_pct;
  std::optional<double> change_per_10k;
};

enum class DuplicatePolicy {
  kError,  // a second figure for a country-year is a problem and is not counted
  kSum,    // figures for the same country-year (e.g. two spellings of one name) are added
};

struct RatesOptions {
  const CountryTable* countries = nullptr;  // optional: names, alpha-2 codes, regions
  const RegionTable* regions = nullptr;     // optional: the region hierarchy
  DuplicatePolicy duplicates = DuplicatePolicy::kError;
};

struct RatesResult {
  // Ordered by year; within a year countries (by iso3), unknown codes, regions, superregions
  // (by name), then the world.
  std::vector<RateRow> rows;
  std::vector<InputProblem> problems;  // errors: duplicated country-years not counted
  std::vector<InputProblem> notes;     // kept rows worth a word: unknown codes, no population
};

RatesResult ComputeRates(const ReportCounts& reports, const PopulationTable& population,
                         const RatesOptions& options);

// The rows as a table: year,kind,iso3,iso2,country,region,reports,population,per_10k,
// share_reports,share_population,rank,reports_without_population,change_reports,
// change_reports_pct,change_per_10k.
Table RatesTable(const std::vector<RateRow>& rows);

}  // namespace clearhost::stats
