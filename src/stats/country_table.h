// The country directory (countries.csv: `country,iso2,iso3,region`): names, ISO 3166 alpha-2
// and alpha-3 codes and the region each country is counted in. Codes that are not official
// ISO 3166 (XKX/XK for Kosovo, EEE for "Europe") are accepted as the file gives them.
// Thread-safety: immutable after Read; const methods may be called from any thread.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "core/status.h"
#include "stats/csv_table.h"
#include "stats/input_problem.h"

namespace clearhost::stats {

struct Country {
  std::string name;
  std::string iso2;  // may be empty (e.g. EEE "Europe" has none)
  std::string iso3;
  std::string region;
};

class CountryTable {
 public:
  // Reads a parsed countries.csv. Missing columns are an error; a bad row (no alpha-3 code, a
  // malformed code, an alpha-3 code given twice) is a problem and is skipped. An alpha-2 code
  // that an earlier row already has is a note: the later country is kept without it.
  static Result<CountryTable> FromCsv(const CsvTable& csv);
  static Result<CountryTable> Read(const std::filesystem::path& path);

  // Adds a country (used for countries that only the population file names). Returns false
  // when its alpha-3 code is already known; an alpha-2 code already known is not indexed.
  bool Add(Country country);

  // The country whose alpha-2 or alpha-3 code is `code` (upper case).
  const Country* Find(std::string_view code) const;
  const std::vector<Country>& countries() const { return countries_; }
  const std::vector<InputProblem>& problems() const { return problems_; }
  const std::vector<InputProblem>& notes() const { return notes_; }

 private:
  std::vector<Country> countries_;
  absl::flat_hash_map<std::string, size_t> by_code_;
  std::vector<InputProblem> problems_;
  std::vector<InputProblem> notes_;
};

}  // namespace clearhost::stats
