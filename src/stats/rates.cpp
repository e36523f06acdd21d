#include "stats/rates.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"

namespace clearhost::stats {
namespace {

const Country* FindCountry(std::string_view code, const PopulationTable& population,
                           const RatesOptions& options) {
  if (options.countries != nullptr) {
    if (const Country* country = options.countries->Find(code)) return country;
  }
  return population.countries().Find(code);
}

std::optional<double> Per10k(int64_t reports, int64_t population) {
  if (population <= 0) return std::nullopt;
  return double(reports) * 10000.0 / double(population);
}

void RankCountries(std::vector<RateRow>& rows) {
  std::vector<RateRow*> rated;
  for (RateRow& row : rows) {
    if (row.kind == RateKind::kCountry && row.per_10k) rated.push_back(&row);
  }
  std::stable_sort(rated.begin(), rated.end(),
                   [](const RateRow* a, const RateRow* b) { return *a->per_10k > *b->per_10k; });
  for (size_t position = 0; position < rated.size(); ++position) {
    const bool tie = position > 0 && *rated[position]->per_10k == *rated[position - 1]->per_10k;
    rated[position]->rank = tie ? *rated[position - 1]->rank : int(position) + 1;
  }
}

}  // namespace

std::string_view RateKindName(RateKind kind) {
  switch (kind) {
    case RateKind::kCountry:
      return "country";
    case RateKind::kUnknown:
      return "unknown";
    case RateKind::kRegion:
      return "region";
    case RateKind::kSuperregion:
      return "superregion";
    case RateKind::kWorld:
      return "world";
  }
  return "unknown";
}

RatesResult ComputeRates(const ReportCounts& reports, const PopulationTable& population,
                         const RatesOptions& options) {
  RatesResult result;
  // Country rows per year, keyed by (kind, code or name) so that the year before is found.
  using RowKey = std::tuple<int, std::string, std::string>;  // kind, iso3, name
  std::map<int, std::map<RowKey, RateRow>> years;
  absl::flat_hash_map<std::pair<std::string, int>, uint64_t> first_line;
  absl::flat_hash_map<std::string, uint64_t> noted_codes;
  // Countries without a population: the first line and the years, noted once per country.
  std::map<std::string, std::pair<uint64_t, std::string>> without_population;
  for (const ReportCount& count : reports.counts) {
    RateRow row;
    row.year = count.year;
    row.reports = count.reports;
    const Country* country =
        count.code.empty() ? nullptr : FindCountry(count.code, population, options);
    if (country != nullptr) {
      row.kind = RateKind::kCountry;
      row.iso3 = country->iso3;
      row.iso2 = country->iso2;
      row.name = country->name.empty() ? count.name : country->name;
      if (options.countries != nullptr) {
        if (const Country* listed = options.countries->Find(country->iso3)) {
          row.region = listed->region;
          if (!listed->name.empty()) row.name = listed->name;
        }
      }
      if (row.iso2.empty()) {
        if (const Country* counted = population.countries().Find(row.iso3)) {
          row.iso2 = counted->iso2;
        }
      }
      row.population = population.Find(row.iso3, row.year);
    } else {
      row.kind = RateKind::kUnknown;
      row.iso3 = count.code;
      row.name = count.name;
    }
    const std::string code_or_name =
        row.iso3.empty() ? absl::StrCat("\"", row.name, "\"") : row.iso3;
    if (row.kind == RateKind::kUnknown && noted_codes.emplace(code_or_name, count.line).second) {
      result.notes.push_back({reports.file, count.line,
                              count.code.empty()
                                  ? absl::StrCat("no country code for '", count.name,
                                                 "': its reports count in the world total only")
                                  : absl::StrCat("unknown country code ", count.code,
                                                 ": its reports count in the world total only")});
    } else if (row.kind == RateKind::kCountry && !row.population) {
      auto& [line, years_without] = without_population[row.iso3];
      if (line == 0) line = count.line;
      absl::StrAppend(&years_without, years_without.empty() ? "" : ", ", row.year);
    }
    const auto key = std::make_pair(code_or_name, row.year);
    std::map<RowKey, RateRow>& year_rows = years[row.year];
    const RowKey row_key{int(row.kind), row.iso3, row.iso3.empty() ? row.name : ""};
    if (const auto earlier = first_line.find(key); earlier != first_line.end()) {
      if (options.duplicates == DuplicatePolicy::kError) {
        result.problems.push_back(
            {reports.file, count.line,
             absl::StrCat(code_or_name, " ", row.year, " is already given on line ",
                          earlier->second, " (not counted; --duplicates sum adds them)")});
      } else {
        year_rows[row_key].reports += row.reports;
        result.notes.push_back({reports.file, count.line,
                                absl::StrCat(code_or_name, " ", row.year,
                                             ": added to the figure on line ", earlier->second)});
      }
      continue;
    }
    first_line.emplace(key, count.line);
    year_rows.emplace(row_key, std::move(row));
  }
  for (const auto& [iso3, line_and_years] : without_population) {
    result.notes.push_back(
        {reports.file, line_and_years.first,
         absl::StrCat("no population for ", iso3, " in ", line_and_years.second, ": no rate")});
  }

  std::map<std::tuple<int, std::string, std::string>, RateRow> previous_aggregates;
  for (auto& [year, year_rows] : years) {
    std::vector<RateRow> rows;
    RateRow world;
    world.kind = RateKind::kWorld;
    world.year = year;
    world.name = "World";
    world.population = 0;
    std::map<std::string, RateRow> aggregates;
    for (auto& [key, row] : year_rows) {
      if (!row.population) row.reports_without_population = row.reports;
      row.per_10k = row.population ? Per10k(row.reports, *row.population) : std::nullopt;
      std::vector<RateRow*> totals = {&world};
      if (!row.region.empty()) {
        std::vector<std::string> chain = {row.region};
        if (options.regions != nullptr) chain = options.regions->Chain(row.region);
        for (const std::string& region : chain) {
          RateRow& aggregate = aggregates[region];
          if (aggregate.name.empty()) {
            aggregate.name = region;
            aggregate.year = year;
            aggregate.population = 0;
            aggregate.region = options.regions != nullptr
                                   ? std::string(options.regions->Parent(region))
                                   : std::string();
            aggregate.kind = options.regions != nullptr && aggregate.region.empty()
                                 ? RateKind::kSuperregion
                                 : RateKind::kRegion;
          }
          totals.push_back(&aggregate);
        }
      }
      for (RateRow* total : totals) {
        total->reports += row.reports;
        total->reports_without_population += row.reports_without_population;
        if (row.population) *total->population += *row.population;
      }
      rows.push_back(row);
    }
    std::vector<RateRow> regions, superregions;
    for (auto& [name, aggregate] : aggregates) {
      (aggregate.kind == RateKind::kSuperregion ? superregions : regions).push_back(aggregate);
    }
    rows.insert(rows.end(), regions.begin(), regions.end());
    rows.insert(rows.end(), superregions.begin(), superregions.end());
    rows.push_back(world);
    for (RateRow& row : rows) {
      if (row.kind != RateKind::kCountry && row.kind != RateKind::kUnknown) {
        row.per_10k = Per10k(row.reports - row.reports_without_population, *row.population);
        if (*row.population == 0) row.population.reset();
      }
      if (world.reports > 0) row.share_reports = double(row.reports) / double(world.reports);
      if (row.population && *world.population > 0) {
        row.share_population = double(*row.population) / double(*world.population);
      }
    }
    RankCountries(rows);
    // The same row the year before: countries by code (or name), aggregates by kind and name.
    std::map<std::tuple<int, std::string, std::string>, RateRow> this_year;
    for (RateRow& row : rows) {
      const std::tuple<int, std::string, std::string> key{int(row.kind), row.iso3,
                                                          row.iso3.empty() ? row.name : ""};
      if (const auto before = previous_aggregates.find(key);
          before != previous_aggregates.end() && before->second.year == year - 1) {
        const RateRow& previous = before->second;
        row.change_reports = row.reports - previous.reports;
        if (previous.reports > 0) {
          row.change_reports_pct =
              (double(row.reports) - double(previous.reports)) * 100.0 / double(previous.reports);
        }
        if (row.per_10k && previous.per_10k) row.change_per_10k = *row.per_10k - *previous.per_10k;
      }
      this_year.emplace(key, row);
    }
    previous_aggregates = std::move(this_year);
    result.rows.insert(result.rows.end(), rows.begin(), rows.end());
  }
  return result;
}

Table RatesTable(const std::vector<RateRow>& rows) {
  Table table;
  table.columns = {"year",
                   "kind",
                   "iso3",
                   "iso2",
                   "country",
                   "region",
                   "reports",
                   "population",
                   "per_10k",
                   "share_reports",
                   "share_population",
                   "rank",
                   "reports_without_population",
                   "change_reports",
                   "change_reports_pct",
                   "change_per_10k"};
  for (const RateRow& row : rows) {
    table.rows.push_back(
        {Cell(int64_t{row.year}), Cell(std::string(RateKindName(row.kind))), Cell(row.iso3),
         Cell(row.iso2), Cell(row.name), Cell(row.region), Cell(row.reports),
         OptionalCell(row.population), OptionalCell(row.per_10k), OptionalCell(row.share_reports),
         OptionalCell(row.share_population), row.rank ? Cell(int64_t{*row.rank}) : Cell(),
         Cell(row.reports_without_population), OptionalCell(row.change_reports),
         OptionalCell(row.change_reports_pct), OptionalCell(row.change_per_10k)});
  }
  return table;
}

}  // namespace clearhost::stats
