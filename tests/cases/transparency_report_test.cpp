#include "cases/transparency_report.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace clearhost::cases {
namespace {

constexpr int64_t kSecond = 1'000'000;
constexpr int64_t kHour = 3600 * kSecond;
constexpr int64_t kStart = 1'767'225'600 * kSecond;  // 2026-01-01T00:00:00Z
constexpr int64_t kEnd = 1'782'864'000 * kSecond;    // 2026-07-01T00:00:00Z
constexpr char kCommaState[] = "Land, with comma";

Case MakeCase(SourceType type, int64_t received_at, CaseState state,
              std::optional<ActionKind> action = std::nullopt) {
  Case c;
  c.notice.source_type = type;
  c.notice.received_at = received_at;
  c.state = state;
  c.action = action;
  return c;
}

Case Order(SourceType type, std::string member_state, int64_t received_at,
           std::optional<int64_t> acknowledged_after, std::optional<int64_t> actioned_after) {
  Case c =
      MakeCase(type, received_at, actioned_after ? CaseState::kActioned : CaseState::kAssessing,
               actioned_after ? std::optional(ActionKind::kRemoved) : std::nullopt);
  c.notice.member_state = std::move(member_state);
  if (acknowledged_after) c.acknowledged_at = received_at + *acknowledged_after;
  if (actioned_after) c.actioned_at = received_at + *actioned_after;
  return c;
}

// Ten cases in the period (three orders, five notices, two own-initiative matches) and two
// just outside it; docs/dsa.md walks through the same figures.
std::vector<Case> Cases() {
  std::vector<Case> cases;
  // Orders. The first is received exactly at the period's start (included).
  cases.push_back(Order(SourceType::kRemovalOrder, "NL", kStart, 10 * kSecond, 100 * kSecond));
  cases.push_back(
      Order(SourceType::kRemovalOrder, "NL", kStart + kHour, 20 * kSecond, 300 * kSecond));
  cases.push_back(Order(SourceType::kLawEnforcement, kCommaState, kStart + 2 * kHour, 30 * kSecond,
                        std::nullopt));
  // Outside the period: at its (exclusive) end, and just before its start.
  for (const int64_t outside : {kEnd, kStart - 1}) {
    Case excluded = Order(SourceType::kRemovalOrder, "NL", outside, kSecond, kSecond);
    excluded.reopen_count = 5;
    excluded.notice.automated_detection = true;
    excluded.automated_decision = true;
    cases.push_back(excluded);
  }
  // Notices.
  Case hotline_removed =
      MakeCase(SourceType::kHotline, kStart + kHour, CaseState::kActioned, ActionKind::kRemoved);
  hotline_removed.actioned_at = kStart + 2 * kHour;  // 3600 s
  hotline_removed.reopen_count = 1;
  cases.push_back(hotline_removed);
  Case hotline_rejected = MakeCase(SourceType::kHotline, kStart + kHour, CaseState::kRejected);
  hotline_rejected.closed_at = kStart + 3 * kHour;  // 7200 s
  cases.push_back(hotline_rejected);
  cases.push_back(MakeCase(SourceType::kArticle16Notice, kStart, CaseState::kAssessing));
  Case flagger_geo_blocked = MakeCase(SourceType::kTrustedFlagger, kStart,
                                      CaseState::kConfirmedGone, ActionKind::kGeoBlocked);
  flagger_geo_blocked.actioned_at = kStart + kHour / 2;  // 1800 s
  flagger_geo_blocked.closed_at = kStart + kHour;
  flagger_geo_blocked.notice.automated_detection = true;
  cases.push_back(flagger_geo_blocked);
  // Disabled, but without the time it happened: counted, no duration.
  cases.push_back(
      MakeCase(SourceType::kTrustedFlagger, kEnd - 1, CaseState::kActioned, ActionKind::kDisabled));
  // Own initiative.
  Case matched_removed = MakeCase(SourceType::kProactiveMatch, kStart + kHour, CaseState::kActioned,
                                  ActionKind::kRemoved);
  matched_removed.actioned_at = kStart + kHour + kSecond;
  matched_removed.notice.automated_detection = true;
  matched_removed.automated_decision = true;
  cases.push_back(matched_removed);
  Case matched_open = MakeCase(SourceType::kProactiveMatch, kStart + kHour, CaseState::kReceived);
  matched_open.notice.automated_detection = true;
  matched_open.reopen_count = 2;
  cases.push_back(matched_open);
  return cases;
}

TEST(MedianMillisecondsTest, OddCountTakesTheMiddleValue) {
  EXPECT_EQ(MedianMilliseconds({3000, 1000, 2000}), 2);
  EXPECT_EQ(MedianMilliseconds({7 * kSecond}), 7000);
}

TEST(MedianMillisecondsTest, EvenCountTakesTheMeanOfTheTwoMiddleValues) {
  EXPECT_EQ(MedianMilliseconds({5000, 1000, 4000, 2000}), 3);
  EXPECT_EQ(MedianMilliseconds({10 * kSecond, 20 * kSecond}), 15'000);
  EXPECT_EQ(MedianMilliseconds({1000, 2000}), 2);  // 1.5 ms: halves round up
  EXPECT_EQ(MedianMilliseconds({0, 1}), 0);        // 0.5 microseconds
}

TEST(MedianMillisecondsTest, RoundsToTheNearestMillisecondWithHalvesUp) {
  EXPECT_EQ(MedianMilliseconds({1499}), 1);
  EXPECT_EQ(MedianMilliseconds({1500}), 2);
  EXPECT_EQ(MedianMilliseconds({-1500}), -1);
  EXPECT_EQ(MedianMilliseconds({-1501}), -2);
}

TEST(MedianMillisecondsTest, IsExactForValuesADoubleCannotHold) {
  // Microsecond values near 2^62: a double's spacing there is 1024 microseconds.
  EXPECT_EQ(MedianMilliseconds({4'503'599'627'370'497'000, 4'503'599'627'370'497'002}),
            4'503'599'627'370'497);
}

TEST(MedianMillisecondsTest, NothingToTakeAMedianOf) {
  EXPECT_EQ(MedianMilliseconds({}), std::nullopt);
}

TEST(TransparencyReportTest, CountsOnlyCasesReceivedInTheHalfOpenPeriod) {
  const std::vector<Case> cases = Cases();
  const TransparencyReport report = BuildTransparencyReport(cases, kStart, kEnd);
  EXPECT_EQ(report.period_start, kStart);
  EXPECT_EQ(report.period_end, kEnd);
  EXPECT_EQ(report.cases, 10);
  EXPECT_EQ(report.orders.count, 3);
  EXPECT_EQ(BuildTransparencyReport(cases, kStart, kStart).cases, 0);
  EXPECT_EQ(BuildTransparencyReport(cases, kStart - 1, kStart).cases, 1);
  EXPECT_EQ(BuildTransparencyReport(cases, kEnd, kEnd + 1).cases, 1);
}

TEST(TransparencyReportTest, OrdersByMemberStateAndType) {
  const TransparencyReport report = BuildTransparencyReport(Cases(), kStart, kEnd);
  EXPECT_EQ(report.orders, (OrderFigures{3, 20'000, 200'000, 1}));
  const OrderFigures dutch{2, 15'000, 200'000, 0};
  const OrderFigures unacted{1, 30'000, std::nullopt, 1};
  EXPECT_EQ(report.orders_by_member_state,
            (std::map<std::string, OrderFigures>{{"NL", dutch}, {kCommaState, unacted}}));
  EXPECT_EQ(report.orders_by_type, (std::map<std::string, OrderFigures>{
                                       {"removal_order", dutch}, {"law_enforcement", unacted}}));
}

TEST(TransparencyReportTest, NoticesBySourceTypeAndOutcome) {
  const TransparencyReport report = BuildTransparencyReport(Cases(), kStart, kEnd);
  // Times to act: 3600 s (removed), 7200 s (rejected), 1800 s (geo-blocked).
  EXPECT_EQ(report.notices, (NoticeFigures{5, 1, 1, 1, 1, 1, 3'600'000}));
  EXPECT_EQ(
      report.notices_by_source_type,
      (std::map<std::string, NoticeFigures>{{"hotline", {2, 1, 0, 0, 1, 0, 5'400'000}},
                                            {"article16_notice", {1, 0, 0, 0, 0, 1, std::nullopt}},
                                            {"trusted_flagger", {2, 0, 1, 1, 0, 0, 1'800'000}}}));
  EXPECT_EQ(report.trusted_flagger_notices, 2);
}

TEST(TransparencyReportTest, OwnInitiativeAutomationAndRecidivism) {
  const TransparencyReport report = BuildTransparencyReport(Cases(), kStart, kEnd);
  EXPECT_EQ(report.own_initiative, (OwnInitiativeFigures{2, 1, 0, 0, 1}));
  EXPECT_EQ(report.automated_detection, 3);
  EXPECT_EQ(report.automated_decision, 1);
  EXPECT_EQ(report.reopened_cases, 2);
  EXPECT_EQ(report.reopens, 3);
}

TEST(TransparencyReportTest, EmptyPeriodKeepsTheFixedGroupsWithNullMedians) {
  const TransparencyReport report = BuildTransparencyReport({}, kStart, kEnd);
  EXPECT_EQ(report.cases, 0);
  EXPECT_EQ(report.orders, OrderFigures{});
  EXPECT_TRUE(report.orders_by_member_state.empty());
  EXPECT_EQ(report.orders_by_type.size(), 2u);
  EXPECT_EQ(report.notices_by_source_type.size(), 3u);
  const nlohmann::json json = TransparencyReportJson(report);
  EXPECT_TRUE(json["orders"]["all"]["median_seconds_to_acknowledge"].is_null());
  EXPECT_TRUE(json["notices"]["by_source_type"]["hotline"]["median_seconds_to_act"].is_null());
  EXPECT_EQ(json["orders"]["by_member_state"], nlohmann::json::object());
}

TEST(TransparencyReportTest, JsonGivesMediansInSeconds) {
  const nlohmann::json json =
      TransparencyReportJson(BuildTransparencyReport(Cases(), kStart, kEnd));
  EXPECT_EQ(json["period"], (nlohmann::json{{"start_us", kStart}, {"end_us", kEnd}}));
  EXPECT_EQ(json["cases"], 10);
  EXPECT_EQ(json["orders"]["all"], (nlohmann::json{{"count", 3},
                                                   {"median_seconds_to_acknowledge", 20.0},
                                                   {"median_seconds_to_give_effect", 200.0},
                                                   {"not_yet_given_effect", 1}}));
  EXPECT_EQ(json["orders"]["by_member_state"][kCommaState]["median_seconds_to_give_effect"],
            nullptr);
  EXPECT_EQ(json["orders"]["by_member_state"]["NL"]["median_seconds_to_acknowledge"], 15.0);
  EXPECT_EQ(json["notices"]["by_source_type"]["hotline"],
            (nlohmann::json{{"count", 2},
                            {"removed", 1},
                            {"disabled", 0},
                            {"geo_blocked", 0},
                            {"rejected", 1},
                            {"still_open", 0},
                            {"median_seconds_to_act", 5400.0}}));
  EXPECT_EQ(json["notices"]["from_trusted_flaggers"], 2);
  EXPECT_EQ(
      json["own_initiative"],
      (nlohmann::json{
          {"count", 2}, {"removed", 1}, {"disabled", 0}, {"geo_blocked", 0}, {"not_actioned", 1}}));
  EXPECT_EQ(json["automated_means"], (nlohmann::json{{"detection", 3}, {"decision", 1}}));
  EXPECT_EQ(json["recidivism"], (nlohmann::json{{"reopened_cases", 2}, {"reopens", 3}}));
}

TEST(TransparencyReportTest, CsvHasOneRowPerFigureAndQuotesCommas) {
  const std::string csv = TransparencyReportCsv(BuildTransparencyReport(Cases(), kStart, kEnd));
  EXPECT_EQ(csv.rfind("section,breakdown,group,figure,value\n", 0), 0u);
  // Header; 3 period/case rows; 4 per order group (all, 2 states, 2 types); 7 per notice group
  // (all, 3 types) and the trusted-flagger count; 5 own-initiative; 2 automation; 2 recidivism.
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 1 + 3 + 4 * 5 + 7 * 4 + 1 + 5 + 2 + 2);
  for (const char* row : {
           "period,,,start_us,1767225600000000\n",
           "cases,all,,count,10\n",
           "orders,all,,median_seconds_to_acknowledge,20.000\n",
           "orders,member_state,NL,median_seconds_to_acknowledge,15.000\n",
           "orders,member_state,\"Land, with comma\",count,1\n",
           "orders,member_state,\"Land, with comma\",median_seconds_to_give_effect,\n",
           "orders,type,law_enforcement,not_yet_given_effect,1\n",
           "notices,source_type,article16_notice,median_seconds_to_act,\n",
           "notices,source_type,hotline,median_seconds_to_act,5400.000\n",
           "notices,all,,from_trusted_flaggers,2\n",
           "own_initiative,all,,not_actioned,1\n",
           "automated_means,all,,detection,3\n",
           "recidivism,all,,reopens,3\n",
       }) {
    EXPECT_NE(csv.find(row), std::string::npos) << row;
  }
}

TEST(TransparencyReportTest, CsvWritesNegativeAndFractionalSecondsExactly) {
  // An action recorded 1.25 s before the notice (clock skew) is kept, not hidden.
  Case skewed =
      MakeCase(SourceType::kHotline, kStart + kHour, CaseState::kActioned, ActionKind::kRemoved);
  skewed.actioned_at = skewed.notice.received_at - 1'250'000;
  const std::vector<Case> cases = {skewed};
  const TransparencyReport report = BuildTransparencyReport(cases, kStart, kEnd);
  EXPECT_NE(TransparencyReportCsv(report).find("notices,all,,median_seconds_to_act,-1.250\n"),
            std::string::npos);
  EXPECT_EQ(TransparencyReportJson(report)["notices"]["all"]["median_seconds_to_act"], -1.25);
}

}  // namespace
}  // namespace clearhost::cases
