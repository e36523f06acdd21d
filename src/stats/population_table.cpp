#include "stats/population_table.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "stats/field_parse.h"

namespace clearhost::stats {

std::optional<int64_t> PopulationTable::Find(std::string_view iso3, int year) const {
  const auto found = persons_.find(std::make_pair(std::string(iso3), year));
  if (found == persons_.end()) return std::nullopt;
  return found->second;
}

Result<PopulationTable> PopulationTable::FromCsv(const CsvTable& csv) {
  CLEARHOST_ASSIGN_OR_RETURN(const size_t iso3_column, csv.RequireColumn("iso3"));
  // WPP names the columns Time and Value; the plain layout year and population.
  const std::optional<size_t> time = csv.FindColumn("time");
  const std::optional<size_t> value = csv.FindColumn("value");
  CLEARHOST_ASSIGN_OR_RETURN(const size_t year_column,
                             time ? Result<size_t>(*time) : csv.RequireColumn("year"));
  CLEARHOST_ASSIGN_OR_RETURN(const size_t value_column,
                             value ? Result<size_t>(*value) : csv.RequireColumn("population"));
  const std::optional<size_t> sex_column = csv.FindColumn("sex");
  const std::optional<size_t> variant_column = csv.FindColumn("variant");
  std::optional<size_t> name_column = csv.FindColumn("location");
  if (!name_column) name_column = csv.FindColumn("country");
  const std::optional<size_t> iso2_column = csv.FindColumn("iso2");

  PopulationTable table;
  absl::flat_hash_map<std::pair<std::string, int>, uint64_t> first_line;
  for (const CsvRecord& record : csv.records) {
    const auto problem = [&](std::string message) {
      table.problems_.push_back({csv.file, record.line, std::move(message)});
    };
    if (record.fields.size() != csv.header.size()) {
      problem(absl::StrCat(record.fields.size(), " fields, the header has ", csv.header.size()));
      continue;
    }
    const auto field = [&](size_t column) { return std::string(TrimAscii(record.fields[column])); };
    if (sex_column && !EqualsIgnoreCase(field(*sex_column), "Both sexes")) continue;
    if (variant_column && !EqualsIgnoreCase(field(*variant_column), "Median")) continue;
    auto iso3 = ParseCountryCode(field(iso3_column));
    if (!iso3.ok() || iso3->size() != 3) {
      problem(absl::StrCat("iso3: '", field(iso3_column), "' is not an ISO 3166 alpha-3 code"));
      continue;
    }
    auto year = ParseYear(field(year_column));
    if (!year.ok()) {
      problem(absl::StrCat("year: ", year.status().message()));
      continue;
    }
    auto persons = ParseCount(field(value_column));
    if (!persons.ok()) {
      problem(absl::StrCat("population: ", persons.status().message()));
      continue;
    }
    if (*persons == 0) {
      problem("population: 0 persons");
      continue;
    }
    const auto key = std::make_pair(*iso3, *year);
    if (const auto earlier = first_line.find(key); earlier != first_line.end()) {
      problem(absl::StrCat("population of ", *iso3, " in ", *year, " is already given on line ",
                           earlier->second));
      continue;
    }
    first_line.emplace(key, record.line);
    table.persons_.emplace(key, *persons);
    Country country;
    country.iso3 = *iso3;
    if (name_column) country.name = std::string(field(*name_column));
    if (iso2_column) {
      auto iso2 = ParseCountryCode(field(*iso2_column));
      if (iso2.ok() && iso2->size() == 2 && table.countries_.Find(*iso2) == nullptr) {
        country.iso2 = *iso2;
      }
    }
    table.countries_.Add(std::move(country));
  }
  return table;
}

Result<PopulationTable> PopulationTable::Read(const std::filesystem::path& path) {
  CLEARHOST_ASSIGN_OR_RETURN(const CsvTable csv, ReadCsvFile(path));
  return FromCsv(csv);
}

}  // namespace clearhost::stats
