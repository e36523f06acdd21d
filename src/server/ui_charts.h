// The dashboard's measurement charts, computed from cases: how many cases per source type, the
// time from receipt to confirmed removal in bands (< 1 h, 1-12 h, 12-24 h, 24-48 h, >= 48 h, and
// not confirmed gone yet) per source type, and the share of actioned cases that were actioned
// within their deadline. Drawn as inline SVG with stats::SvgWriter.
// Thread-safety: pure functions.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "cases/case_record.h"

namespace clearhost::server {

// Upper bounds of the removal bands in hours; the last band is everything from 48 h on.
inline constexpr std::array<int64_t, 4> kRemovalBandHours = {1, 12, 24, 48};
inline constexpr size_t kRemovalBands = kRemovalBandHours.size() + 1;

struct SourceTypeMeasures {
  cases::SourceType source_type = cases::SourceType::kHotline;
  int64_t cases = 0;
  // Confirmed gone, by time from received_at to closed_at.
  std::array<int64_t, kRemovalBands> gone_within{};
  int64_t not_gone = 0;          // every other case (open, actioned, rejected, ...)
  int64_t actioned = 0;          // cases with an actioned_at
  int64_t actioned_in_time = 0;  // ... at or before their deadline
};

// One entry per source type, in cases::kAllSourceTypes order.
std::vector<SourceTypeMeasures> MeasureCases(const std::vector<cases::Case>& found);

// The three charts as SVG documents (they embed in HTML as they are).
std::string CasesBySourceChart(const std::vector<SourceTypeMeasures>& measures);
std::string RemovalBandsChart(const std::vector<SourceTypeMeasures>& measures);
std::string WithinDeadlineChart(const std::vector<SourceTypeMeasures>& measures);

}  // namespace clearhost::server
