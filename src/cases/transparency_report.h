// The figures a hoster publishes in its DSA Article 15 transparency report, computed from its
// cases: orders from authorities (Art. 15(1)(a)), notices (Art. 15(1)(b)), own-initiative
// actions (Art. 15(1)(c)), the use of automated means, and recidivism. A case counts in the
// period when its notice's received_at lies in [period_start, period_end). docs/dsa.md defines
// every figure, the median and the JSON and CSV layouts.
// Thread-safety: pure functions over values.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "cases/case_record.h"

namespace clearhost::cases {

// Orders (source types removal_order and law_enforcement) in one group. Durations are exact
// medians in milliseconds (nullopt: no case in the group has the timestamp).
struct OrderFigures {
  int64_t count = 0;
  std::optional<int64_t> median_ms_to_acknowledge;  // acknowledged_at - received_at
  std::optional<int64_t> median_ms_to_give_effect;  // actioned_at - received_at
  int64_t not_yet_given_effect = 0;                 // no actioned_at
  friend bool operator==(const OrderFigures&, const OrderFigures&) = default;
};

// Notices (hotline, article16_notice, trusted_flagger) in one group, by outcome: the action of
// a case in state actioned or confirmed_gone, rejected, or still open (every other state).
struct NoticeFigures {
  int64_t count = 0;
  int64_t removed = 0;
  int64_t disabled = 0;
  int64_t geo_blocked = 0;
  int64_t rejected = 0;
  int64_t still_open = 0;
  // actioned_at - received_at for actioned outcomes, closed_at - received_at for rejected ones.
  std::optional<int64_t> median_ms_to_act;
  friend bool operator==(const NoticeFigures&, const NoticeFigures&) = default;
};

// Own-initiative cases (proactive_match), by the same outcomes as notices.
struct OwnInitiativeFigures {
  int64_t count = 0;
  int64_t removed = 0;
  int64_t disabled = 0;
  int64_t geo_blocked = 0;
  int64_t not_actioned = 0;
  friend bool operator==(const OwnInitiativeFigures&, const OwnInitiativeFigures&) = default;
};

struct TransparencyReport {
  int64_t period_start = 0;  // Unix microseconds, inclusive
  int64_t period_end = 0;    // Unix microseconds, exclusive
  int64_t cases = 0;         // every case received in the period
  OrderFigures orders;
  std::map<std::string, OrderFigures> orders_by_member_state;  // "" when the order names none
  std::map<std::string, OrderFigures> orders_by_type;  // source type name; both always present
  NoticeFigures notices;
  // Source type name; hotline, article16_notice and trusted_flagger always present.
  std::map<std::string, NoticeFigures> notices_by_source_type;
  int64_t trusted_flagger_notices = 0;
  OwnInitiativeFigures own_initiative;
  int64_t automated_detection = 0;  // cases whose notice says automated_detection
  int64_t automated_decision = 0;   // cases actioned without a person
  int64_t reopened_cases = 0;       // cases with reopen_count > 0
  int64_t reopens = 0;              // sum of reopen_count
  friend bool operator==(const TransparencyReport&, const TransparencyReport&) = default;
};

// The exact median of `durations` (microseconds) in milliseconds, rounded to the nearest
// millisecond with halves rounded up; with an even count, the mean of the two middle values.
// nullopt for no durations. 64-bit integer arithmetic throughout (exact below ~146,000 years).
std::optional<int64_t> MedianMilliseconds(std::vector<int64_t> durations);

TransparencyReport BuildTransparencyReport(std::span<const Case> cases, int64_t period_start,
                                           int64_t period_end);

// The report as JSON; medians are seconds with millisecond precision (null when none).
nlohmann::json TransparencyReportJson(const TransparencyReport& report);

// The report as CSV: the header "section,breakdown,group,figure,value" and one row per figure
// (RFC 4180 quoting, LF line ends as in the stats CSVs; medians as seconds with three decimals, ""
// when none).
std::string TransparencyReportCsv(const TransparencyReport& report);

}  // namespace clearhost::cases
