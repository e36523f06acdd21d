// The measurement charts as SVG documents (drawn with SvgWriter, no browser needed):
//  - a bar chart of reports per 10,000 inhabitants by country for one year, the top countries
//    plus a highlighted one (always shown, in kHighlightColour);
//  - a time series of the rate per year for chosen countries (the highlighted one bold);
//  - the distribution of removal times per hoster (stacked shares of notices per time band,
//    open notices last).
// Text is at least 12 px, axes have ticks at round numbers.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "stats/rates.h"
#include "stats/removal_metrics.h"

namespace clearhost::stats {

inline constexpr std::string_view kHighlightColour = "#d62728";
inline constexpr std::string_view kBarColour = "#4e79a7";

// Countries of `year` by per_10k, highest first: the first `top` and `highlight_iso3`.
std::string RateBarChart(const std::vector<RateRow>& rows, int year,
                         std::string_view highlight_iso3, size_t top);

// per_10k by year for each of `iso3s` (the first one is the highlighted one).
std::string RateTimeSeries(const std::vector<RateRow>& rows, const std::vector<std::string>& iso3s);

// Per hoster (at most `top`, most notices first), the shares of its notices removed within
// < 1 h, 1-6 h, 6-12 h, 12-24 h, 24-48 h, >= 48 h, and still open.
std::string RemovalDistributionChart(const RemovalReport& report, size_t top);

// A round tick step (1, 2 or 5 times a power of ten) giving about `ticks` ticks up to `maximum`.
double NiceTickStep(double maximum, int ticks);

}  // namespace clearhost::stats
