// Drives `clearhost stats` end to end. On the shared data (testdata/stats) every country-year
// rate is checked against an independent computation in exact integer arithmetic, and region
// and world totals are checked to add up; bad inputs give FILE:LINE errors and exit codes.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "absl/strings/str_split.h"
#include "support/test_support.h"

namespace clearhost {
namespace {

using testing::ReadText;
using testing::WriteText;

namespace fs = std::filesystem;
using testing::RunClearhost;
using testing::ScratchDir;
using testing::WriteFile;

// An independent CSV line splitter (the shared files have no line breaks inside quotes).
std::vector<std::string> SplitCsvLine(const std::string& line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted && c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
      fields.back() += '"';
      ++i;
    } else if (c == '"') {
      quoted = !quoted;
    } else if (c == ',' && !quoted) {
      fields.emplace_back();
    } else if (c != '\r') {
      fields.back() += c;
    }
  }
  return fields;
}

std::vector<std::map<std::string, std::string>> ReadRows(const std::string& text) {
  std::vector<std::map<std::string, std::string>> rows;
  std::istringstream in(text);
  std::string line;
  std::getline(in, line);
  if (line.rfind("\xEF\xBB\xBF", 0) == 0) line = line.substr(3);
  const std::vector<std::string> header = SplitCsvLine(line);
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    const std::vector<std::string> fields = SplitCsvLine(line);
    std::map<std::string, std::string> row;
    for (size_t i = 0; i < header.size() && i < fields.size(); ++i) row[header[i]] = fields[i];
    rows.push_back(row);
  }
  return rows;
}

int64_t Digits(const std::string& text) {
  int64_t value = 0;
  for (const char c : text) {
    if (c >= '0' && c <= '9') value = value * 10 + (c - '0');
  }
  return value;
}

// Whether `rate` is the double nearest to reports * 10000 / population, checked exactly: with
// rate = mantissa * 2^exponent, |mantissa * population - reports * 10000 * 2^-exponent| must be
// at most half of population (half an ulp of the quotient, scaled by population * 2^-exponent).
bool IsNearestRate(double rate, int64_t reports, int64_t population) {
  if (rate == 0) return reports == 0;
  int exponent = 0;
  const double fraction = std::frexp(rate, &exponent);
  const auto mantissa = static_cast<__int128>(std::ldexp(fraction, 53));
  const int scale = 53 - exponent;  // rate = mantissa / 2^scale
  if (scale < 0 || scale > 70) return false;
  const __int128 lhs = mantissa * population;
  const __int128 rhs = (static_cast<__int128>(reports) * 10000) << scale;
  const __int128 difference = lhs > rhs ? lhs - rhs : rhs - lhs;
  return difference * 2 <= static_cast<__int128>(population);
}

TEST(StatsCliTest, RatesOnSharedDataMatchExactArithmeticAndAddUp) {
  CLEARHOST_REQUIRE_TESTDATA(testdata);
  const fs::path dir = testdata / "stats";
  const auto rates =
      RunClearhost({"stats", "rates", "--reports", (dir / "csam-reports-per-country.csv").string(),
                    "--population", (dir / "populations.csv").string(), "--countries",
                    (dir / "countries.csv").string(), "--regions", (dir / "regions.csv").string(),
                    "--duplicates", "sum"});
  ASSERT_EQ(rates.exit_code, 0) << rates.err;

  // The independent computation: counts per (iso3, year), duplicates added; populations.
  std::map<std::pair<std::string, int>, int64_t> reports;
  for (const auto& row : ReadRows(ReadText(dir / "csam-reports-per-country.csv"))) {
    for (const int year : {2019, 2020, 2021, 2022}) {
      const std::string& cell = row.at(std::to_string(year));
      if (!cell.empty() && !row.at("iso3").empty()) {
        reports[{row.at("iso3"), year}] += Digits(cell);
      }
    }
  }
  std::map<std::pair<std::string, int>, int64_t> population;
  for (const auto& row : ReadRows(ReadText(dir / "populations.csv"))) {
    if (row.at("Sex") == "Both sexes" && row.at("Variant") == "Median") {
      population[{row.at("Iso3"), std::stoi(row.at("Time"))}] = Digits(row.at("Value"));
    }
  }
  std::map<std::string, std::string> region_of;
  for (const auto& row : ReadRows(ReadText(dir / "countries.csv"))) {
    region_of[row.at("iso3")] = row.at("region");
  }

  size_t rated = 0;
  std::set<int> netherlands_years;
  std::map<std::pair<std::string, int>, int64_t> region_reports, region_population;
  std::map<std::pair<std::string, int>, int64_t> printed_region_reports, printed_region_population;
  std::map<int, int64_t> world_reports, all_rows_reports;
  for (const auto& row : ReadRows(rates.out)) {
    const int year = std::stoi(row.at("year"));
    const std::string& kind = row.at("kind");
    if (kind == "country" || kind == "unknown") all_rows_reports[year] += Digits(row.at("reports"));
    if (kind == "region" || kind == "superregion") {
      printed_region_reports[{row.at("country"), year}] = Digits(row.at("reports"));
      printed_region_population[{row.at("country"), year}] = Digits(row.at("population"));
    }
    if (kind == "world") world_reports[year] = Digits(row.at("reports"));
    if (kind != "country") continue;
    const std::pair<std::string, int> key{row.at("iso3"), year};
    ASSERT_TRUE(reports.contains(key)) << row.at("iso3") << " " << year;
    EXPECT_EQ(Digits(row.at("reports")), reports.at(key));
    if (row.at("iso3") == "NLD") netherlands_years.insert(year);
    if (row.at("region") == "Western Europe") {
      region_reports[{"Western Europe", year}] += reports.at(key);
      if (population.contains(key))
        region_population[{"Western Europe", year}] += population.at(key);
    }
    if (!population.contains(key)) {
      EXPECT_EQ(row.at("per_10k"), "") << row.at("iso3");
      continue;
    }
    EXPECT_EQ(Digits(row.at("population")), population.at(key));
    const double rate = std::strtod(row.at("per_10k").c_str(), nullptr);
    EXPECT_TRUE(IsNearestRate(rate, reports.at(key), population.at(key)))
        << row.at("iso3") << " " << year << " " << row.at("per_10k");
    ++rated;
  }
  EXPECT_GT(rated, 900u);  // 236 countries with a population x 4 years, less gaps
  EXPECT_EQ(netherlands_years, (std::set<int>{2019, 2020, 2021, 2022}));
  for (const int year : {2019, 2020, 2021, 2022}) {
    EXPECT_EQ(world_reports.at(year), all_rows_reports.at(year)) << year;
    EXPECT_EQ(printed_region_reports.at({"Western Europe", year}),
              region_reports.at({"Western Europe", year}));
    EXPECT_EQ(printed_region_population.at({"Western Europe", year}),
              region_population.at({"Western Europe", year}));
    // Europe = its four regions (Northern Europe includes the Channel Islands).
    int64_t europe = 0;
    for (const char* region :
         {"Western Europe", "Northern Europe", "Southern Europe", "Eastern Europe"}) {
      europe += printed_region_reports.at({region, year});
    }
    // EEE ("Europe") is counted in Europe directly.
    europe += reports.contains({"EEE", year}) ? reports.at({"EEE", year}) : 0;
    EXPECT_EQ(printed_region_reports.at({"Europe", year}), europe) << year;
  }
}

TEST(StatsCliTest, RatesDefaultRefusesDuplicatedCountryYears) {
  CLEARHOST_REQUIRE_TESTDATA(testdata);
  const fs::path dir = testdata / "stats";
  const auto rates =
      RunClearhost({"stats", "rates", "--reports", (dir / "csam-reports-per-country.csv").string(),
                    "--population", (dir / "populations.csv").string(), "--format", "jsonl"});
  EXPECT_EQ(rates.exit_code, 1);
  EXPECT_NE(rates.err.find("csam-reports-per-country.csv:96: GUF 2020 is already given on line 81"),
            std::string::npos)
      << rates.err;
  EXPECT_NE(rates.out.find("\"iso3\":\"NLD\""), std::string::npos);
}

TEST(StatsCliTest, RatesBadInputsNameFileAndLine) {
  ScratchDir dir;
  WriteText(dir.path() / "reports.csv",
            "country,iso3,2020\nNetherlands,NLD,-4\nBelgium,BEL,12\nBelgium,BEL,13\nMars,MRS,1\n");
  WriteText(dir.path() / "population.csv", "iso3,year,population\nBEL,2020,11561717\n");
  WriteText(dir.path() / "no-columns.csv", "iso3,when,population\n");
  const auto rates =
      RunClearhost({"stats", "rates", "--reports", (dir.path() / "reports.csv").string(),
                    "--population", (dir.path() / "population.csv").string()});
  EXPECT_EQ(rates.exit_code, 1);
  EXPECT_NE(rates.err.find("reports.csv:2: 2020: negative count '-4'"), std::string::npos)
      << rates.err;
  EXPECT_NE(rates.err.find("reports.csv:4: BEL 2020 is already given on line 3"),
            std::string::npos);
  EXPECT_NE(rates.err.find("reports.csv:5: unknown country code MRS"), std::string::npos);
  EXPECT_NE(rates.out.find("2020,unknown,MRS,,Mars"), std::string::npos) << rates.out;

  const auto missing =
      RunClearhost({"stats", "rates", "--reports", (dir.path() / "reports.csv").string(),
                    "--population", (dir.path() / "no-columns.csv").string()});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("no-columns.csv:1: no column 'year'"), std::string::npos)
      << missing.err;
  EXPECT_EQ(RunClearhost({"stats", "rates", "--reports", "x.csv"}).exit_code, 2);
  EXPECT_EQ(RunClearhost({"stats", "rates", "--reports", (dir.path() / "absent.csv").string(),
                          "--population", (dir.path() / "population.csv").string()})
                .exit_code,
            1);
}

TEST(StatsCliTest, AttributeWithRepeatedTablesAndRemoval) {
  ScratchDir dir;
  WriteText(dir.path() / "ripe.txt", "ripencc|NL|ipv4|192.0.2.0|256|20100101|allocated|x\n");
  WriteText(dir.path() / "arin.txt",
            "arin|US|ipv6|2001:db8::|32|20100101|allocated|y\narin|US|ipv4|10.0.0.0|0|x|y\n");
  WriteText(dir.path() / "pfx2as.txt", "192.0.2.0\t24\t64496\n2001:db8::\t32\t64497_64498\n");
  WriteText(dir.path() / "items.csv",
            "url,ip,time\nhttp://a.example/1,192.0.2.5,2022-05-01T00:00:00Z\n"
            "http://b.example/2,2001:db8::9,2022-05-02\n");
  const auto attributed = RunClearhost(
      {"stats", "attribute", "--items", (dir.path() / "items.csv").string(), "--delegated",
       (dir.path() / "ripe.txt").string(), "--delegated", (dir.path() / "arin.txt").string(),
       "--pfx2as", (dir.path() / "pfx2as.txt").string(), "--format", "jsonl"});
  EXPECT_EQ(attributed.exit_code, 1);  // arin.txt:2 delegates 0 addresses
  EXPECT_NE(attributed.err.find("arin.txt:2: address count 0 is out of range"), std::string::npos)
      << attributed.err;
  EXPECT_NE(attributed.out.find("\"country\":\"NL\""), std::string::npos) << attributed.out;
  EXPECT_NE(attributed.out.find("\"country\":\"US\""), std::string::npos);
  EXPECT_NE(attributed.out.find("\"origins\":\"64497_64498\""), std::string::npos);
  EXPECT_EQ(RunClearhost({"stats", "attribute", "--items", (dir.path() / "items.csv").string(),
                          "--reports", "r.csv"})
                .exit_code,
            2);

  WriteText(dir.path() / "notices.csv",
            "url,notified_at,removed_at,hoster,asn\nu,2024-01-01T00:00:00Z,,A,1\n"
            "v,2024-01-01T00:00:00Z,2024-01-01T01:00:00Z,A,1\nw,bad,,A,1\n");
  const auto removal =
      RunClearhost({"stats", "removal", "--notices", (dir.path() / "notices.csv").string(),
                    "--as-of", "2024-01-03T00:00:00Z"});
  EXPECT_EQ(removal.exit_code, 1);
  EXPECT_NE(removal.err.find("notices.csv:4: notified_at: 'bad' is not a timestamp"),
            std::string::npos)
      << removal.err;
  EXPECT_NE(removal.out.find("all,,2,1,1,1,1,false,48,true,0.5,0.5,0.5,0,2024-01-03T00:00:00Z"),
            std::string::npos)
      << removal.out;
  EXPECT_EQ(RunClearhost({"stats", "removal", "--notices", "n.csv", "--from", "soon"}).exit_code,
            2);
}

}  // namespace
}  // namespace clearhost
