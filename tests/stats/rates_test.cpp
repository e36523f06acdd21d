// ComputeRates on small hand-computed inputs: rates, shares, ranks, year-over-year change,
// region and world totals, unknown codes and duplicated country-years.
#include "stats/rates.h"

#include <gtest/gtest.h>

namespace clearhost::stats {
namespace {

CsvTable Csv(std::string_view text) {
  return *ParseCsv(text, "in.csv");
}

const RateRow* FindRow(const RatesResult& result, int year, RateKind kind, std::string_view name) {
  for (const RateRow& row : result.rows) {
    if (row.year == year && row.kind == kind && (row.iso3 == name || row.name == name)) return &row;
  }
  return nullptr;
}

struct Fixture {
  ReportCounts reports;
  PopulationTable population;
  CountryTable countries;
  RegionTable regions;
};

Fixture MakeFixture(std::string_view reports_csv) {
  Fixture fixture{*ReportCountsFromCsv(Csv(reports_csv)),
                  *PopulationTable::FromCsv(Csv("iso3,year,population\n"
                                                "NLD,2020,1000000\nNLD,2021,2000000\n"
                                                "BEL,2020,500000\nBEL,2021,500000\n"
                                                "JPN,2020,4000000\nJPN,2021,4000000\n")),
                  *CountryTable::FromCsv(Csv("country,iso2,iso3,region\n"
                                             "Netherlands,NL,NLD,Western Europe\n"
                                             "Belgium,BE,BEL,Western Europe\n"
                                             "Japan,JP,JPN,Eastern Asia\n"
                                             "Aland,AX,ALA,Northern Europe\n")),
                  *RegionTable::FromCsv(Csv("superregion,region\n"
                                            "Europe,Western Europe\nEurope,Northern Europe\n"
                                            "Asia,Eastern Asia\n"))};
  return fixture;
}

TEST(RatesTest, CountriesRegionsWorldAndChanges) {
  const Fixture fixture = MakeFixture(
      "country,iso3,2020,2021\n"
      "Netherlands,NLD,100,300\n"
      "Belgium,BE,50,50\n"
      "Japan,JPN,40,\n"
      "Aland,ALA,7,7\n"
      "Atlantis,ATL,3,3\n"
      "No Country Listed,,10,20\n");
  RatesOptions options;
  options.countries = &fixture.countries;
  options.regions = &fixture.regions;
  const RatesResult result = ComputeRates(fixture.reports, fixture.population, options);
  EXPECT_TRUE(result.problems.empty());

  const RateRow* nld = FindRow(result, 2020, RateKind::kCountry, "NLD");
  ASSERT_NE(nld, nullptr);
  EXPECT_EQ(nld->per_10k, 1.0);  // 100 * 10000 / 1,000,000
  EXPECT_EQ(nld->iso2, "NL");
  EXPECT_EQ(nld->region, "Western Europe");
  EXPECT_EQ(nld->rank, 1);  // BEL 1.0 ties; JPN 0.1
  EXPECT_EQ(FindRow(result, 2020, RateKind::kCountry, "BEL")->rank, 1);
  EXPECT_EQ(FindRow(result, 2020, RateKind::kCountry, "JPN")->rank, 3);
  EXPECT_EQ(nld->share_reports, 100.0 / 210.0);
  EXPECT_EQ(nld->share_population, 1000000.0 / 5500000.0);

  const RateRow* nld_2021 = FindRow(result, 2021, RateKind::kCountry, "NLD");
  EXPECT_EQ(nld_2021->per_10k, 1.5);
  EXPECT_EQ(nld_2021->change_reports, 200);
  EXPECT_EQ(nld_2021->change_reports_pct, 200.0);
  EXPECT_EQ(nld_2021->change_per_10k, 0.5);
  // Japan has no 2021 figure: no 2021 row, and Eastern Asia has no 2021 row either.
  EXPECT_EQ(FindRow(result, 2021, RateKind::kCountry, "JPN"), nullptr);

  const RateRow* aland = FindRow(result, 2020, RateKind::kCountry, "ALA");
  ASSERT_NE(aland, nullptr);
  EXPECT_FALSE(aland->population);
  EXPECT_FALSE(aland->per_10k);
  EXPECT_EQ(aland->reports_without_population, 7);

  const RateRow* western = FindRow(result, 2020, RateKind::kRegion, "Western Europe");
  ASSERT_NE(western, nullptr);
  EXPECT_EQ(western->reports, 150);
  EXPECT_EQ(western->population, 1500000);
  EXPECT_EQ(western->region, "Europe");
  const RateRow* europe = FindRow(result, 2020, RateKind::kSuperregion, "Europe");
  ASSERT_NE(europe, nullptr);
  EXPECT_EQ(europe->reports, 157);  // Aland's 7 count, without a population
  EXPECT_EQ(europe->reports_without_population, 7);
  EXPECT_EQ(europe->per_10k, 150.0 * 10000.0 / 1500000.0);

  EXPECT_NE(FindRow(result, 2020, RateKind::kUnknown, "ATL"), nullptr);
  EXPECT_NE(FindRow(result, 2020, RateKind::kUnknown, "No Country Listed"), nullptr);
  const RateRow* world = FindRow(result, 2020, RateKind::kWorld, "World");
  ASSERT_NE(world, nullptr);
  EXPECT_EQ(world->reports, 100 + 50 + 40 + 7 + 3 + 10);
  EXPECT_EQ(world->population, 5500000);
  EXPECT_EQ(world->reports_without_population, 7 + 3 + 10);
  EXPECT_EQ(world->share_reports, 1.0);
  // Unknown codes and missing populations are noted, once per code.
  EXPECT_EQ(result.notes.size(), 3u);
}

TEST(RatesTest, DuplicatedCountryYearIsAnErrorOrASum) {
  const Fixture fixture = MakeFixture(
      "country,iso3,2020\n"
      "Netherlands,NLD,100\n"
      "Nederland,NL,20\n");
  RatesOptions refuse;
  refuse.countries = &fixture.countries;  // resolves NL to NLD
  const RatesResult refused = ComputeRates(fixture.reports, fixture.population, refuse);
  ASSERT_EQ(refused.problems.size(), 1u);
  EXPECT_EQ(refused.problems[0].ToString(),
            "in.csv:3: NLD 2020 is already given on line 2 (not counted; --duplicates sum adds "
            "them)");
  EXPECT_EQ(FindRow(refused, 2020, RateKind::kCountry, "NLD")->reports, 100);
  RatesOptions sum = refuse;
  sum.duplicates = DuplicatePolicy::kSum;
  const RatesResult summed = ComputeRates(fixture.reports, fixture.population, sum);
  EXPECT_TRUE(summed.problems.empty());
  EXPECT_EQ(FindRow(summed, 2020, RateKind::kCountry, "NLD")->reports, 120);
}

TEST(RatesTest, TableHasTheContractColumns) {
  const Fixture fixture = MakeFixture("country,iso3,2020\nNetherlands,NLD,3\n");
  RatesOptions options;
  options.countries = &fixture.countries;
  const Table table = RatesTable(ComputeRates(fixture.reports, fixture.population, options).rows);
  const std::string csv = FormatCsv(table);
  EXPECT_EQ(csv.substr(0, csv.find('\n')),
            "year,kind,iso3,iso2,country,region,reports,population,per_10k,share_reports,"
            "share_population,rank,reports_without_population,change_reports,"
            "change_reports_pct,change_per_10k");
  EXPECT_NE(
      csv.find("2020,country,NLD,NL,Netherlands,Western Europe,3,1000000,0.029999999999999999,1,"),
      std::string::npos)
      << csv;
  const std::string json = FormatJsonLines(table);
  EXPECT_NE(json.find("\"per_10k\":0.029999999999999999"), std::string::npos) << json;
  EXPECT_NE(json.find("\"change_reports\":null"), std::string::npos) << json;
}

}  // namespace
}  // namespace clearhost::stats
