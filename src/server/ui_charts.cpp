#include "server/ui_charts.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "cases/deadline_policy.h"
#include "stats/charts.h"
#include "stats/svg_writer.h"

namespace clearhost::server {
namespace {

using stats::SvgWriter;
using stats::TextAnchor;

constexpr int kWidth = 760;
constexpr int kLabelWidth = 170;  // source type names, right-aligned before the bars
constexpr int kPlotWidth = 480;
constexpr int kRowHeight = 30;
constexpr int kTop = 50;

constexpr std::string_view kBandNames[kRemovalBands + 1] = {"< 1 h",   "1-12 h",  "12-24 h",
                                                            "24-48 h", ">= 48 h", "not gone"};
constexpr std::string_view kBandColours[kRemovalBands + 1] = {"#1a9850", "#91cf60", "#d9ef8b",
                                                              "#fc8d59", "#d73027", "#bbbbbb"};

std::vector<const SourceTypeMeasures*> WithCases(const std::vector<SourceTypeMeasures>& measures) {
  std::vector<const SourceTypeMeasures*> rows;
  for (const SourceTypeMeasures& row : measures) {
    if (row.cases > 0) rows.push_back(&row);
  }
  return rows;
}

SvgWriter Canvas(std::string_view title, size_t rows, int extra_bottom) {
  SvgWriter svg(kWidth, kTop + kRowHeight * int(std::max<size_t>(rows, 1)) + extra_bottom);
  svg.Title(title);
  svg.Text(16, 28, title, 18, TextAnchor::kStart, "#222", 0, true);
  return svg;
}

void RowLabel(SvgWriter& svg, int row, std::string_view label) {
  svg.Text(kLabelWidth - 8, kTop + row * kRowHeight + 19, label, 13, TextAnchor::kEnd);
}

void NoData(SvgWriter& svg, std::string_view text) {
  svg.Text(kLabelWidth, kTop + 19, text, 13, TextAnchor::kStart, "#666");
}

int Percent(int64_t part, int64_t whole) {
  return whole == 0 ? 0 : int(100 * part / whole);
}

}  // namespace

std::vector<SourceTypeMeasures> MeasureCases(const std::vector<cases::Case>& found) {
  std::vector<SourceTypeMeasures> measures;
  for (const cases::SourceType type : cases::kAllSourceTypes) {
    measures.push_back({.source_type = type});
  }
  for (const cases::Case& item : found) {
    SourceTypeMeasures& row = measures[size_t(item.notice.source_type)];
    ++row.cases;
    if (item.state == cases::CaseState::kConfirmedGone && item.closed_at) {
      const int64_t micros = *item.closed_at - item.notice.received_at;
      size_t band = 0;
      while (band < kRemovalBandHours.size() &&
             micros >= kRemovalBandHours[band] * cases::kMicrosPerHour) {
        ++band;
      }
      ++row.gone_within[band];
    } else {
      ++row.not_gone;
    }
    if (item.actioned_at) {
      ++row.actioned;
      if (*item.actioned_at <= item.deadline) ++row.actioned_in_time;
    }
  }
  return measures;
}

std::string CasesBySourceChart(const std::vector<SourceTypeMeasures>& measures) {
  const std::vector<const SourceTypeMeasures*> rows = WithCases(measures);
  SvgWriter svg = Canvas("Cases by source type", rows.size(), 10);
  if (rows.empty()) NoData(svg, "no cases yet");
  int64_t most = 1;
  for (const SourceTypeMeasures* row : rows) most = std::max(most, row->cases);
  for (size_t i = 0; i < rows.size(); ++i) {
    const int y = kTop + int(i) * kRowHeight;
    const double length = double(kPlotWidth) * double(rows[i]->cases) / double(most);
    RowLabel(svg, int(i), cases::SourceTypeName(rows[i]->source_type));
    svg.Rect(kLabelWidth, y + 4, length, kRowHeight - 8, stats::kBarColour);
    svg.Text(kLabelWidth + length + 6, y + 19, absl::StrCat(rows[i]->cases), 13);
  }
  return svg.Finish();
}

std::string RemovalBandsChart(const std::vector<SourceTypeMeasures>& measures) {
  const std::vector<const SourceTypeMeasures*> rows = WithCases(measures);
  SvgWriter svg =
      Canvas("Time from receipt to confirmed removal (share of cases)", rows.size(), 40);
  if (rows.empty()) NoData(svg, "no cases yet");
  for (size_t i = 0; i < rows.size(); ++i) {
    const int y = kTop + int(i) * kRowHeight;
    RowLabel(svg, int(i),
             absl::StrCat(std::string(cases::SourceTypeName(rows[i]->source_type)), " (",
                          rows[i]->cases, ")"));
    double x = kLabelWidth;
    for (size_t band = 0; band <= kRemovalBands; ++band) {
      const int64_t count = band < kRemovalBands ? rows[i]->gone_within[band] : rows[i]->not_gone;
      const double part = double(kPlotWidth) * double(count) / double(rows[i]->cases);
      if (part > 0) svg.Rect(x, y + 4, part, kRowHeight - 8, kBandColours[band]);
      x += part;
    }
  }
  // The legend, under the bars.
  const int legend_y = kTop + kRowHeight * int(std::max<size_t>(rows.size(), 1)) + 14;
  for (size_t band = 0; band <= kRemovalBands; ++band) {
    const double x = 16 + double(band) * 120;
    svg.Rect(x, legend_y, 14, 14, kBandColours[band]);
    svg.Text(x + 20, legend_y + 12, kBandNames[band], 13);
  }
  return svg.Finish();
}

std::string WithinDeadlineChart(const std::vector<SourceTypeMeasures>& measures) {
  std::vector<const SourceTypeMeasures*> rows;
  for (const SourceTypeMeasures& row : measures) {
    if (row.actioned > 0) rows.push_back(&row);
  }
  SvgWriter svg = Canvas("Actioned within the deadline (share of actioned cases)", rows.size(), 10);
  if (rows.empty()) NoData(svg, "no case actioned yet");
  for (size_t i = 0; i < rows.size(); ++i) {
    const int y = kTop + int(i) * kRowHeight;
    const int percent = Percent(rows[i]->actioned_in_time, rows[i]->actioned);
    RowLabel(svg, int(i), cases::SourceTypeName(rows[i]->source_type));
    svg.Rect(kLabelWidth, y + 4, kPlotWidth, kRowHeight - 8, "#eeeeee");
    svg.Rect(kLabelWidth, y + 4, kPlotWidth * percent / 100.0, kRowHeight - 8,
             percent == 100 ? "#1a9850" : stats::kBarColour);
    svg.Text(
        kLabelWidth + kPlotWidth + 6, y + 19,
        absl::StrCat(percent, "% (", rows[i]->actioned_in_time, " of ", rows[i]->actioned, ")"),
        13);
  }
  return svg.Finish();
}

}  // namespace clearhost::server
