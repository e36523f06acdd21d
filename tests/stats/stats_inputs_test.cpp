// The stats input readers: CSV records, typed fields, report counts, populations, countries and
// regions, with a test per kind of bad input (each names its file and line).
#include <gtest/gtest.h>

#include "stats/country_table.h"
#include "stats/csv_table.h"
#include "stats/field_parse.h"
#include "stats/population_table.h"
#include "stats/region_table.h"
#include "stats/report_counts.h"

namespace clearhost::stats {
namespace {

CsvTable Csv(std::string_view text) {
  auto table = ParseCsv(text, "in.csv");
  EXPECT_TRUE(table.ok()) << table.status();
  return table.ok() ? *table : CsvTable();
}

TEST(CsvTableTest, QuotesBomCrlfAndLineNumbers) {
  const CsvTable table =
      Csv("\xEF\xBB\xBF"
          "a,b\r\n\"x,1\",\"say \"\"hi\"\"\"\r\n\r\n\"two\nlines\",3\nlast,\n");
  EXPECT_EQ(table.header, (std::vector<std::string>{"a", "b"}));
  ASSERT_EQ(table.records.size(), 3u);
  EXPECT_EQ(table.records[0].fields, (std::vector<std::string>{"x,1", "say \"hi\""}));
  EXPECT_EQ(table.records[0].line, 2u);
  EXPECT_EQ(table.records[1].fields[0], "two\nlines");
  EXPECT_EQ(table.records[1].line, 4u);
  EXPECT_EQ(table.records[2].line, 6u);
  EXPECT_EQ(table.records[2].fields, (std::vector<std::string>{"last", ""}));
}

TEST(CsvTableTest, UnterminatedQuoteNamesFileAndLine) {
  const auto table = ParseCsv("a,b\n1,2\n\"open,3\n", "in.csv");
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.status().message(), "in.csv:3: unterminated quoted field");
  EXPECT_FALSE(ParseCsv("", "e.csv").ok());
}

TEST(CsvTableTest, MissingColumnNamesTheHeader) {
  const CsvTable table = Csv("country,iso3,2020\n");
  const auto column = table.RequireColumn("region");
  ASSERT_FALSE(column.ok());
  EXPECT_EQ(column.status().message(),
            "in.csv:1: no column 'region' (the header has: country, iso3, 2020)");
}

TEST(FieldParseTest, Counts) {
  EXPECT_EQ(*ParseCount("1,234,567"), 1234567);
  EXPECT_EQ(*ParseCount(" 42 "), 42);
  EXPECT_EQ(*ParseCount("0"), 0);
  EXPECT_EQ(ParseCount("-5").status().message(), "negative count '-5'");
  EXPECT_FALSE(ParseCount("1,23").ok());
  EXPECT_FALSE(ParseCount("1234,567").ok());
  EXPECT_FALSE(ParseCount("12.5").ok());
  EXPECT_FALSE(ParseCount("abc").ok());
  EXPECT_FALSE(ParseCount("").ok());
  EXPECT_FALSE(ParseCount("99999999999999999999").ok());
}

TEST(FieldParseTest, CodesYearsAndTimestamps) {
  EXPECT_EQ(*ParseCountryCode("nld"), "NLD");
  EXPECT_EQ(*ParseCountryCode("XK"), "XK");
  EXPECT_FALSE(ParseCountryCode("N1D").ok());
  EXPECT_FALSE(ParseCountryCode("NETH").ok());
  EXPECT_EQ(*ParseYear("2021"), 2021);
  EXPECT_FALSE(ParseYear("21").ok());
  EXPECT_EQ(*ParseTimestamp("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(*ParseTimestamp("2024-02-29 12:00"), 1709208000);
  EXPECT_EQ(*ParseTimestamp("2024-02-29T14:00:00+02:00"), 1709208000);
  EXPECT_EQ(*ParseTimestamp("2024-02-29"), 1709164800);
  EXPECT_EQ(*ParseTimestamp("2024-02-29T12:00:00.250Z"), 1709208000);
  EXPECT_FALSE(ParseTimestamp("2023-02-29T00:00:00Z").ok());
  EXPECT_FALSE(ParseTimestamp("2024-01-01T25:00:00Z").ok());
  EXPECT_FALSE(ParseTimestamp("yesterday").ok());
  EXPECT_EQ(FormatTimestamp(1709208000), "2024-02-29T12:00:00Z");
  for (const int64_t seconds : {int64_t{0}, int64_t{951782400}, int64_t{4102444799}}) {
    EXPECT_EQ(*ParseTimestamp(FormatTimestamp(seconds)), seconds);
  }
}

TEST(ReportCountsTest, WideLayoutWithBadCells) {
  const auto counts =
      ReportCountsFromCsv(Csv("country,iso3,2019,2020\n"
                              "Netherlands,NLD,\"25,753\",\"25,704\"\n"
                              "Bad,N1D,1,2\n"
                              "Negative,ABC,-3,4\n"
                              "Words,DEF,many,\n"
                              "No Country Listed,,\"1,668,157\",7\n"
                              "Short,GHI,1\n"));
  ASSERT_TRUE(counts.ok()) << counts.status();
  ASSERT_EQ(counts->counts.size(), 5u);
  EXPECT_EQ(counts->counts[0].code, "NLD");
  EXPECT_EQ(counts->counts[0].reports, 25753);
  EXPECT_EQ(counts->counts[1].year, 2020);
  EXPECT_EQ(counts->counts[2].code, "ABC");
  EXPECT_EQ(counts->counts[2].year, 2020);
  EXPECT_EQ(counts->counts[3].code, "");
  EXPECT_EQ(counts->counts[3].reports, 1668157);
  ASSERT_EQ(counts->problems.size(), 4u);
  EXPECT_EQ(counts->problems[0].ToString(),
            "in.csv:3: iso3: 'N1D' is not an ISO 3166 alpha-2 or alpha-3 country code");
  EXPECT_EQ(counts->problems[1].ToString(), "in.csv:4: 2019: negative count '-3'");
  EXPECT_EQ(counts->problems[2].ToString(), "in.csv:5: 2019: 'many' is not a count");
  EXPECT_EQ(counts->problems[3].ToString(), "in.csv:7: 3 fields, the header has 4");
}

TEST(ReportCountsTest, MissingColumnsAreErrors) {
  EXPECT_EQ(ReportCountsFromCsv(Csv("country,code,2020\n")).status().message(),
            "in.csv:1: no column 'iso3' or 'iso2' with the country codes");
  EXPECT_FALSE(ReportCountsFromCsv(Csv("country,iso3,total\n")).ok());
  const auto long_layout = ReportCountsFromCsv(Csv("iso2,year,reports\nNL,2020,5\n"));
  ASSERT_TRUE(long_layout.ok());
  EXPECT_EQ(long_layout->counts[0].code, "NL");
}

TEST(PopulationTableTest, WppRowsFilteredAndBadRowsReported) {
  const auto population =
      PopulationTable::FromCsv(Csv("\xEF\xBB\xBFLocation,Iso2,Iso3,Time,Variant,Sex,Value\n"
                                   "Netherlands,NL,NLD,2020,Median,Both sexes,17434558\n"
                                   "Netherlands,NL,NLD,2020,Median,Male,8000000\n"
                                   "Netherlands,NL,NLD,2020,High,Both sexes,18000000\n"
                                   "Netherlands,NL,NLD,2020,Median,Both sexes,17434559\n"
                                   "Nowhere,NW,NWH,2020,Median,Both sexes,0\n"
                                   "Minus,MI,MIN,2020,Median,Both sexes,-4\n"
                                   "Text,TX,TXT,twenty,Median,Both sexes,4\n"));
  ASSERT_TRUE(population.ok()) << population.status();
  EXPECT_EQ(population->Find("NLD", 2020), 17434558);
  EXPECT_EQ(population->countries().Find("NL")->iso3, "NLD");
  ASSERT_EQ(population->problems().size(), 4u);
  EXPECT_EQ(population->problems()[0].ToString(),
            "in.csv:5: population of NLD in 2020 is already given on line 2");
  EXPECT_EQ(population->problems()[1].ToString(), "in.csv:6: population: 0 persons");
  EXPECT_EQ(population->problems()[2].ToString(), "in.csv:7: population: negative count '-4'");
  EXPECT_EQ(population->problems()[3].ToString(), "in.csv:8: year: 'twenty' is not a year");
  EXPECT_FALSE(PopulationTable::FromCsv(Csv("iso3,year\n")).ok());
}

TEST(CountryAndRegionTablesTest, CodesHierarchyAndProblems) {
  const auto countries =
      CountryTable::FromCsv(Csv("country,iso2,iso3,region\n"
                                "Iran,IR,IRN,Southern Asia\n"
                                "Iraq,IR,IRQ,Western Asia\n"
                                "Europe,,EEE,Europe\n"
                                "Broken,B1,BRK,Nowhere\n"
                                "Iran again,XI,IRN,Southern Asia\n"));
  ASSERT_TRUE(countries.ok());
  EXPECT_EQ(countries->Find("IR")->iso3, "IRN");
  EXPECT_EQ(countries->Find("IRQ")->region, "Western Asia");
  EXPECT_EQ(countries->Find("EEE")->name, "Europe");
  ASSERT_EQ(countries->notes().size(), 1u);
  EXPECT_EQ(countries->notes()[0].line, 3u);
  ASSERT_EQ(countries->problems().size(), 2u);
  EXPECT_EQ(countries->problems()[0].line, 5u);
  EXPECT_EQ(countries->problems()[1].ToString(), "in.csv:6: country code IRN is given twice");

  const auto regions =
      RegionTable::FromCsv(Csv("superregion,region\n"
                               "Americas,Latin America and the Caribbean\n"
                               "Latin America and the Caribbean,Caribbean\n"
                               "Antarctica,Antarctica\n"
                               "Caribbean,Americas\n"
                               "Asia,Caribbean\n"));
  ASSERT_TRUE(regions.ok());
  EXPECT_EQ(regions->Chain("Caribbean"),
            (std::vector<std::string>{"Caribbean", "Latin America and the Caribbean", "Americas"}));
  EXPECT_EQ(regions->Parent("Antarctica"), "");
  ASSERT_EQ(regions->problems().size(), 2u);
  EXPECT_EQ(regions->problems()[0].ToString(),
            "in.csv:5: 'Caribbean' is inside 'Americas': a cycle");
  EXPECT_EQ(regions->problems()[1].line, 6u);
}

}  // namespace
}  // namespace clearhost::stats
