#include "server/ui_charts.h"

#include <gtest/gtest.h>

#include "cases/deadline_policy.h"

namespace clearhost::server {
namespace {

using cases::Case;
using cases::CaseState;
using cases::SourceType;

constexpr int64_t kHour = cases::kMicrosPerHour;
constexpr int64_t kStart = 1'700'000'000'000'000;

Case MakeCase(SourceType type, CaseState state, std::optional<int64_t> actioned_after,
              std::optional<int64_t> gone_after) {
  Case item;
  item.notice.source_type = type;
  item.notice.received_at = kStart;
  item.deadline = kStart + 24 * kHour;
  item.state = state;
  if (actioned_after) item.actioned_at = kStart + *actioned_after;
  if (gone_after) item.closed_at = kStart + *gone_after;
  return item;
}

TEST(UiChartsTest, CountsRemovalBandsAndDeadlinesPerSourceType) {
  const std::vector<Case> found = {
      MakeCase(SourceType::kHotline, CaseState::kConfirmedGone, kHour / 2, kHour / 2),
      MakeCase(SourceType::kHotline, CaseState::kConfirmedGone, 11 * kHour, 12 * kHour),
      MakeCase(SourceType::kHotline, CaseState::kConfirmedGone, 30 * kHour, 50 * kHour),
      MakeCase(SourceType::kHotline, CaseState::kActioned, 24 * kHour, std::nullopt),
      MakeCase(SourceType::kHotline, CaseState::kRejected, std::nullopt, 2 * kHour),
      MakeCase(SourceType::kRemovalOrder, CaseState::kReceived, std::nullopt, std::nullopt),
  };
  const std::vector<SourceTypeMeasures> measures = MeasureCases(found);
  ASSERT_EQ(measures.size(), std::size(cases::kAllSourceTypes));
  const SourceTypeMeasures& hotline = measures[size_t(SourceType::kHotline)];
  EXPECT_EQ(hotline.cases, 5);
  EXPECT_EQ(hotline.gone_within, (std::array<int64_t, kRemovalBands>{1, 0, 1, 0, 1}));
  EXPECT_EQ(hotline.not_gone, 2);  // actioned, rejected
  EXPECT_EQ(hotline.actioned, 4);
  EXPECT_EQ(hotline.actioned_in_time, 3);  // at the deadline still counts
  const SourceTypeMeasures& orders = measures[size_t(SourceType::kRemovalOrder)];
  EXPECT_EQ(orders.cases, 1);
  EXPECT_EQ(orders.not_gone, 1);
  EXPECT_EQ(orders.actioned, 0);
  EXPECT_EQ(measures[size_t(SourceType::kLawEnforcement)].cases, 0);
}

TEST(UiChartsTest, DrawsEveryChartEvenWithoutCases) {
  for (const std::vector<Case>& found :
       {std::vector<Case>{},
        std::vector<Case>{
            MakeCase(SourceType::kTrustedFlagger, CaseState::kConfirmedGone, kHour, 2 * kHour)}}) {
    const std::vector<SourceTypeMeasures> measures = MeasureCases(found);
    for (const std::string& svg : {CasesBySourceChart(measures), RemovalBandsChart(measures),
                                   WithinDeadlineChart(measures)}) {
      EXPECT_TRUE(svg.starts_with("<svg ")) << svg;
      EXPECT_TRUE(svg.ends_with("</svg>\n"));
      EXPECT_EQ(svg.find("style="), std::string::npos);  // the CSP forbids inline styles
      EXPECT_NE(svg.find(found.empty() ? "no case" : "trusted_flagger"), std::string::npos) << svg;
    }
  }
}

}  // namespace
}  // namespace clearhost::server
