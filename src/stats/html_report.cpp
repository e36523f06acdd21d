#include "stats/html_report.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "stats/svg_writer.h"

namespace clearhost::stats {
namespace {

constexpr char kStyle[] =
    "body{font-family:'DejaVu Sans','Liberation Sans',Arial,sans-serif;margin:24px;color:#222}"
    "h1{font-size:26px}h2{font-size:20px;margin-top:32px}p{font-size:15px;max-width:60em}"
    "table{border-collapse:collapse;font-size:13px}"
    "th,td{border:1px solid #ccc;padding:3px 8px;text-align:right}"
    "th{background:#f2f2f2}td:nth-child(-n+3){text-align:left}"
    "svg{max-width:100%;height:auto}";

void AppendTable(std::string& out, const Table& table, size_t max_rows) {
  out += "<table>\n<tr>";
  for (const std::string& column : table.columns)
    absl::StrAppend(&out, "<th>", XmlEscape(column), "</th>");
  out += "</tr>\n";
  for (size_t row = 0; row < table.rows.size() && row < max_rows; ++row) {
    out += "<tr>";
    for (const Cell& cell : table.rows[row]) {
      std::string text = CellText(cell);
      // Rates and shares are shown to 6 significant digits here; the CSV keeps full precision.
      if (const auto* real = std::get_if<double>(&cell)) text = absl::StrCat(*real);
      absl::StrAppend(&out, "<td>", XmlEscape(text), "</td>");
    }
    out += "</tr>\n";
  }
  out += "</table>\n";
  if (table.rows.size() > max_rows) {
    absl::StrAppend(&out, "<p>(", table.rows.size() - max_rows,
                    " more rows in the CSV output.)</p>\n");
  }
}

}  // namespace

std::string HtmlReport(const std::string& title, const std::string& subtitle,
                       const std::vector<ReportSection>& sections) {
  std::string out =
      absl::StrCat("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>",
                   XmlEscape(title), "</title>\n<style>", kStyle, "</style>\n</head>\n<body>\n<h1>",
                   XmlEscape(title), "</h1>\n<p>", XmlEscape(subtitle), "</p>\n");
  for (const ReportSection& section : sections) {
    absl::StrAppend(&out, "<h2>", XmlEscape(section.heading), "</h2>\n");
    if (!section.text.empty()) absl::StrAppend(&out, "<p>", XmlEscape(section.text), "</p>\n");
    if (!section.svg.empty()) absl::StrAppend(&out, "<figure>\n", section.svg, "</figure>\n");
    if (section.table) AppendTable(out, *section.table, section.max_rows);
  }
  out += "</body>\n</html>\n";
  return out;
}

}  // namespace clearhost::stats
