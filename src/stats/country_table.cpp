#include "stats/country_table.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "stats/field_parse.h"

namespace clearhost::stats {

bool CountryTable::Add(Country country) {
  if (by_code_.contains(country.iso3)) return false;
  const size_t position = countries_.size();
  by_code_.emplace(country.iso3, position);
  if (!country.iso2.empty() && !by_code_.contains(country.iso2)) {
    by_code_.emplace(country.iso2, position);
  }
  countries_.push_back(std::move(country));
  return true;
}

const Country* CountryTable::Find(std::string_view code) const {
  const auto found = by_code_.find(std::string(code));
  return found == by_code_.end() ? nullptr : &countries_[found->second];
}

Result<CountryTable> CountryTable::FromCsv(const CsvTable& csv) {
  CLEARHOST_ASSIGN_OR_RETURN(const size_t name_column, csv.RequireColumn("country"));
  CLEARHOST_ASSIGN_OR_RETURN(const size_t iso2_column, csv.RequireColumn("iso2"));
  CLEARHOST_ASSIGN_OR_RETURN(const size_t iso3_column, csv.RequireColumn("iso3"));
  CLEARHOST_ASSIGN_OR_RETURN(const size_t region_column, csv.RequireColumn("region"));
  CountryTable table;
  for (const CsvRecord& record : csv.records) {
    const auto problem = [&](std::string message) {
      table.problems_.push_back({csv.file, record.line, std::move(message)});
    };
    if (record.fields.size() != csv.header.size()) {
      problem(absl::StrCat(record.fields.size(), " fields, the header has ", csv.header.size()));
      continue;
    }
    Country country;
    country.name = std::string(TrimAscii(record.fields[name_column]));
    country.region = std::string(TrimAscii(record.fields[region_column]));
    auto iso3 = ParseCountryCode(record.fields[iso3_column]);
    if (!iso3.ok() || iso3->size() != 3) {
      problem(
          absl::StrCat("iso3: '", record.fields[iso3_column], "' is not an ISO 3166 alpha-3 code"));
      continue;
    }
    country.iso3 = *iso3;
    if (!TrimAscii(record.fields[iso2_column]).empty()) {
      auto iso2 = ParseCountryCode(record.fields[iso2_column]);
      if (!iso2.ok() || iso2->size() != 2) {
        problem(absl::StrCat("iso2: '", record.fields[iso2_column],
                             "' is not an ISO 3166 alpha-2 code"));
        continue;
      }
      if (const Country* holder = table.Find(*iso2); holder != nullptr) {
        table.notes_.push_back(
            {csv.file, record.line,
             absl::StrCat("alpha-2 code ", *iso2, " is already ", holder->iso3,
                          "'s: ", country.iso3, " is kept without an alpha-2 code")});
      } else {
        country.iso2 = *iso2;
      }
    }
    const std::string iso3_code = country.iso3;
    if (!table.Add(std::move(country))) {
      problem(absl::StrCat("country code ", iso3_code, " is given twice"));
    }
  }
  return table;
}

Result<CountryTable> CountryTable::Read(const std::filesystem::path& path) {
  CLEARHOST_ASSIGN_OR_RETURN(const CsvTable csv, ReadCsvFile(path));
  return FromCsv(csv);
}

}  // namespace clearhost::stats
