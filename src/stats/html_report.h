// One self-contained HTML report per period: headings, notes, inline SVG charts and tables,
// with inline CSS only (no script, no external file, no network), so it opens from a file or
// a mail attachment as it is.
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "stats/table.h"

namespace clearhost::stats {

struct ReportSection {
  std::string heading;
  std::string text;            // a paragraph (escaped)
  std::string svg;             // an SVG document from charts.h, inlined as it is
  std::optional<Table> table;  // shown as an HTML table
  size_t max_rows = 50;        // rows shown of `table`; the rest are counted
};

std::string HtmlReport(const std::string& title, const std::string& subtitle,
                       const std::vector<ReportSection>& sections);

}  // namespace clearhost::stats
