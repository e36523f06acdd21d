#include "stats/charts.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "stats/svg_writer.h"

namespace clearhost::stats {
namespace {

constexpr std::string_view kGrid = "#dddddd";
constexpr std::string_view kAxis = "#444444";
constexpr std::string_view kPalette[] = {"#4e79a7", "#f28e2b", "#59a14f", "#b07aa1",
                                         "#76b7b2", "#edc948", "#9c755f", "#bab0ac"};

std::string TickLabel(double value, double step) {
  return step >= 1 ? absl::StrFormat("%.0f", value)
                   : absl::StrFormat("%.*f", int(std::ceil(-std::log10(step))), value);
}

}  // namespace

double NiceTickStep(double maximum, int ticks) {
  if (!(maximum > 0) || ticks < 1) return 1;
  const double raw = maximum / ticks;
  const double power = std::pow(10.0, std::floor(std::log10(raw)));
  for (const double factor : {1.0, 2.0, 5.0, 10.0}) {
    if (raw <= factor * power) return factor * power;
  }
  return 10 * power;
}

std::string RateBarChart(const std::vector<RateRow>& rows, int year,
                         std::string_view highlight_iso3, size_t top) {
  std::vector<const RateRow*> rated;
  for (const RateRow& row : rows) {
    if (row.year == year && row.kind == RateKind::kCountry && row.per_10k) rated.push_back(&row);
  }
  std::stable_sort(rated.begin(), rated.end(),
                   [](const RateRow* a, const RateRow* b) { return *a->per_10k > *b->per_10k; });
  std::vector<const RateRow*> shown(rated.begin(), rated.begin() + std::min(top, rated.size()));
  const bool highlight_shown = std::any_of(
      shown.begin(), shown.end(), [&](const RateRow* row) { return row->iso3 == highlight_iso3; });
  if (!highlight_shown) {
    for (const RateRow* row : rated) {
      if (row->iso3 == highlight_iso3) shown.push_back(row);
    }
  }
  const int left = 300, right = 80, top_margin = 70, row_height = 24, bottom = 30;
  const int width = 960;
  const int height = top_margin + row_height * int(std::max<size_t>(shown.size(), 1)) + bottom;
  SvgWriter svg(width, height);
  const std::string title = absl::StrCat("Reports per 10,000 inhabitants, ", year);
  svg.Title(title);
  svg.Text(16, 28, title, 20, TextAnchor::kStart, "#222", 0, true);
  double maximum = 0;
  for (const RateRow* row : shown) maximum = std::max(maximum, *row->per_10k);
  const double step = NiceTickStep(maximum, 6);
  const double axis_max = std::max(step, std::ceil(maximum / step) * step);
  const double plot_width = width - left - right;
  for (double tick = 0; tick <= axis_max + step / 2; tick += step) {
    const double x = left + plot_width * tick / axis_max;
    svg.Line(x, top_margin - 6, x, height - bottom, kGrid);
    svg.Text(x, top_margin - 12, TickLabel(tick, step), 13, TextAnchor::kMiddle, "#444");
  }
  for (size_t i = 0; i < shown.size(); ++i) {
    const RateRow& row = *shown[i];
    const bool highlighted = row.iso3 == highlight_iso3;
    const double y = top_margin + row_height * double(i);
    const double bar = plot_width * *row.per_10k / axis_max;
    svg.Rect(left, y + 3, bar, row_height - 6, highlighted ? kHighlightColour : kBarColour);
    const std::string label =
        absl::StrCat(row.rank ? absl::StrCat(*row.rank, ". ") : "", row.name, " (", row.iso3, ")");
    svg.Text(left - 8, y + row_height / 2.0 + 5, label, 14, TextAnchor::kEnd,
             highlighted ? kHighlightColour : "#222", 0, highlighted);
    svg.Text(left + bar + 6, y + row_height / 2.0 + 5, absl::StrFormat("%.1f", *row.per_10k), 13,
             TextAnchor::kStart, "#222");
  }
  svg.Line(left, top_margin - 6, left, height - bottom, kAxis);
  return svg.Finish();
}

std::string RateTimeSeries(const std::vector<RateRow>& rows,
                           const std::vector<std::string>& iso3s) {
  std::map<std::string, std::map<int, double>> series;
  std::map<std::string, std::string> names;
  std::set<int> years;
  for (const RateRow& row : rows) {
    if (row.kind != RateKind::kCountry || !row.per_10k) continue;
    years.insert(row.year);
    if (std::find(iso3s.begin(), iso3s.end(), row.iso3) == iso3s.end()) continue;
    series[row.iso3][row.year] = *row.per_10k;
    names[row.iso3] = row.name;
  }
  const int width = 1000, height = 520, left = 80, right = 290, top_margin = 60, bottom = 60;
  SvgWriter svg(width, height);
  const std::string title = "Reports per 10,000 inhabitants by year";
  svg.Title(title);
  svg.Text(16, 30, title, 20, TextAnchor::kStart, "#222", 0, true);
  double maximum = 0;
  for (const auto& [iso3, points] : series) {
    for (const auto& [year, rate] : points) maximum = std::max(maximum, rate);
  }
  const double step = NiceTickStep(maximum, 6);
  const double axis_max = std::max(step, std::ceil(maximum / step) * step);
  const double plot_width = width - left - right, plot_height = height - top_margin - bottom;
  const int first_year = years.empty() ? 0 : *years.begin();
  const int last_year = years.empty() ? 0 : *years.rbegin();
  const auto x_of = [&](int year) {
    return last_year == first_year
               ? left + plot_width / 2
               : left + plot_width * double(year - first_year) / double(last_year - first_year);
  };
  const auto y_of = [&](double rate) { return top_margin + plot_height * (1 - rate / axis_max); };
  for (double tick = 0; tick <= axis_max + step / 2; tick += step) {
    svg.Line(left, y_of(tick), left + plot_width, y_of(tick), kGrid);
    svg.Text(left - 8, y_of(tick) + 5, TickLabel(tick, step), 13, TextAnchor::kEnd, "#444");
  }
  for (const int year : years) {
    svg.Line(x_of(year), top_margin + plot_height, x_of(year), top_margin + plot_height + 6, kAxis);
    svg.Text(x_of(year), top_margin + plot_height + 24, absl::StrCat(year), 14, TextAnchor::kMiddle,
             "#222");
  }
  svg.Line(left, top_margin, left, top_margin + plot_height, kAxis);
  svg.Line(left, top_margin + plot_height, left + plot_width, top_margin + plot_height, kAxis);
  svg.Text(20, top_margin + plot_height / 2, "per 10,000", 14, TextAnchor::kMiddle, "#444", -90);
  for (size_t i = 0; i < iso3s.size(); ++i) {
    const auto found = series.find(iso3s[i]);
    if (found == series.end()) continue;
    const std::string colour(i == 0 ? kHighlightColour : kPalette[i % std::size(kPalette)]);
    std::vector<std::pair<double, double>> points;
    for (const auto& [year, rate] : found->second) points.emplace_back(x_of(year), y_of(rate));
    svg.Polyline(points, colour, i == 0 ? 4 : 2);
    for (const auto& [x, y] : points) svg.Circle(x, y, i == 0 ? 5 : 3.5, colour);
    const double legend_y = top_margin + 10 + 24 * double(i);
    svg.Rect(width - right + 20, legend_y - 10, 14, 14, colour);
    svg.Text(width - right + 40, legend_y + 2, absl::StrCat(names[iso3s[i]], " (", iso3s[i], ")"),
             14, TextAnchor::kStart, "#222", 0, i == 0);
  }
  return svg.Finish();
}

std::string RemovalDistributionChart(const RemovalReport& report, size_t top) {
  static constexpr double kBandEnds[] = {1, 6, 12, 24, 48};
  static constexpr std::string_view kBandNames[] = {"< 1 h",   "1-6 h",   "6-12 h", "12-24 h",
                                                    "24-48 h", ">= 48 h", "open"};
  static constexpr std::string_view kBandColours[] = {"#1a9850", "#91cf60", "#d9ef8b", "#fee08b",
                                                      "#fc8d59", "#d73027", "#999999"};
  std::vector<const RemovalGroup*> hosters;
  for (const RemovalGroup& group : report.groups) {
    if (group.kind == "hoster" && group.notices > 0) hosters.push_back(&group);
  }
  std::stable_sort(
      hosters.begin(), hosters.end(),
      [](const RemovalGroup* a, const RemovalGroup* b) { return a->notices > b->notices; });
  if (hosters.size() > top) hosters.resize(top);
  const int left = 230, right = 40, top_margin = 90, row_height = 28, bottom = 50;
  const int width = 960;
  const int height = top_margin + row_height * int(std::max<size_t>(hosters.size(), 1)) + bottom;
  SvgWriter svg(width, height);
  const std::string title = "Time to removal per hoster (share of notices)";
  svg.Title(title);
  svg.Text(16, 28, title, 20, TextAnchor::kStart, "#222", 0, true);
  for (size_t band = 0; band < std::size(kBandNames); ++band) {
    const double x = 16 + 120 * double(band);
    svg.Rect(x, 44, 14, 14, kBandColours[band]);
    svg.Text(x + 20, 56, kBandNames[band], 13, TextAnchor::kStart, "#222");
  }
  const double plot_width = width - left - right;
  for (int percent = 0; percent <= 100; percent += 25) {
    const double x = left + plot_width * percent / 100.0;
    svg.Line(x, top_margin - 6, x, height - bottom + 4, kGrid);
    svg.Text(x, height - bottom + 22, absl::StrCat(percent, "%"), 13, TextAnchor::kMiddle, "#444");
  }
  for (size_t i = 0; i < hosters.size(); ++i) {
    const RemovalGroup& hoster = *hosters[i];
    int64_t counts[std::size(kBandNames)] = {};
    for (const double hours : hoster.removal_hours) {
      size_t band = 0;
      while (band < std::size(kBandEnds) && hours >= kBandEnds[band]) ++band;
      ++counts[band];
    }
    counts[std::size(kBandNames) - 1] = hoster.open;
    const double y = top_margin + row_height * double(i);
    double x = left;
    for (size_t band = 0; band < std::size(kBandNames); ++band) {
      const double part = plot_width * double(counts[band]) / double(hoster.notices);
      if (part > 0) svg.Rect(x, y + 3, part, row_height - 6, kBandColours[band]);
      x += part;
    }
    svg.Text(
        left - 8, y + row_height / 2.0 + 5,
        absl::StrCat(hoster.name.empty() ? "(no hoster)" : hoster.name, " (", hoster.notices, ")"),
        14, TextAnchor::kEnd, "#222");
  }
  return svg.Finish();
}

}  // namespace clearhost::stats
