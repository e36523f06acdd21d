// Population per country and year, from a UN World Population Prospects data-portal export
// (columns ...,Location,Iso2,Iso3,...,Time,...,Variant,...,Sex,...,Value; often with a UTF-8
// BOM) or from a plain `iso3,year,population` table. Of a WPP export only the rows with Sex
// "Both sexes" and Variant "Median" are used (when those columns exist); values are persons.
// Thread-safety: immutable after Read; const methods may be called from any thread.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "core/status.h"
#include "stats/country_table.h"
#include "stats/csv_table.h"
#include "stats/input_problem.h"

namespace clearhost::stats {

class PopulationTable {
 public:
  // Missing columns are an error. Bad rows are problems and are skipped: a malformed code,
  // year or value, a population of zero or below, a country-year given twice.
  static Result<PopulationTable> FromCsv(const CsvTable& csv);
  static Result<PopulationTable> Read(const std::filesystem::path& path);

  // Persons in the country with alpha-3 code `iso3` in `year`.
  std::optional<int64_t> Find(std::string_view iso3, int year) const;
  // The countries the file names (name, alpha-2 when given, alpha-3; no region).
  const CountryTable& countries() const { return countries_; }
  const std::vector<InputProblem>& problems() const { return problems_; }

 private:
  absl::flat_hash_map<std::pair<std::string, int>, int64_t> persons_;
  CountryTable countries_;
  std::vector<InputProblem> problems_;
};

}  // namespace clearhost::stats
