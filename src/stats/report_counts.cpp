#include "stats/report_counts.h"

#include <optional>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "stats/field_parse.h"

namespace clearhost::stats {

Result<ReportCounts> ReportCountsFromCsv(const CsvTable& csv) {
  std::optional<size_t> code_column = csv.FindColumn("iso3");
  if (!code_column) code_column = csv.FindColumn("iso2");
  if (!code_column) {
    return InputError(csv.file, 1, "no column 'iso3' or 'iso2' with the country codes");
  }
  const std::optional<size_t> name_column = csv.FindColumn("country");
  // Wide layout: every column whose name is a year; long layout: `year` and `reports`.
  std::vector<std::pair<size_t, int>> year_columns;
  for (size_t column = 0; column < csv.header.size(); ++column) {
    if (auto year = ParseYear(csv.header[column]); year.ok()) {
      year_columns.emplace_back(column, *year);
    }
  }
  const std::optional<size_t> year_column = csv.FindColumn("year");
  const std::optional<size_t> reports_column = csv.FindColumn("reports");
  const bool long_layout = year_columns.empty() && year_column && reports_column;
  if (year_columns.empty() && !long_layout) {
    return InputError(csv.file, 1,
                      "no year columns (e.g. 2021) and no 'year' and 'reports' columns");
  }
  ReportCounts result;
  result.file = csv.file;
  for (const CsvRecord& record : csv.records) {
    const auto problem = [&](std::string message) {
      result.problems.push_back({csv.file, record.line, std::move(message)});
    };
    if (record.fields.size() != csv.header.size()) {
      problem(absl::StrCat(record.fields.size(), " fields, the header has ", csv.header.size()));
      continue;
    }
    ReportCount count;
    count.line = record.line;
    if (name_column) {
      count.name = std::string(TrimAscii(record.fields[*name_column]));
    }
    const std::string code(TrimAscii(record.fields[*code_column]));
    if (!code.empty()) {
      auto parsed = ParseCountryCode(code);
      if (!parsed.ok()) {
        problem(absl::StrCat(csv.header[*code_column], ": ", parsed.status().message()));
        continue;
      }
      count.code = *parsed;
    }
    const auto add = [&](int year, const std::string& cell, const std::string& column_name) {
      if (TrimAscii(cell).empty()) return;
      auto reports = ParseCount(cell);
      if (!reports.ok()) {
        problem(absl::StrCat(column_name, ": ", reports.status().message()));
        return;
      }
      ReportCount entry = count;
      entry.year = year;
      entry.reports = *reports;
      result.counts.push_back(std::move(entry));
    };
    if (long_layout) {
      auto year = ParseYear(record.fields[*year_column]);
      if (!year.ok()) {
        problem(absl::StrCat("year: ", year.status().message()));
        continue;
      }
      add(*year, record.fields[*reports_column], "reports");
    } else {
      for (const auto& [column, year] : year_columns) {
        add(year, record.fields[column], csv.header[column]);
      }
    }
  }
  return result;
}

Result<ReportCounts> ReadReportCounts(const std::filesystem::path& path) {
  CLEARHOST_ASSIGN_OR_RETURN(const CsvTable csv, ReadCsvFile(path));
  return ReportCountsFromCsv(csv);
}

}  // namespace clearhost::stats
