#include "cases/transparency_report.h"

#include <algorithm>
#include <iterator>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "core/csv_field.h"

namespace clearhost::cases {
namespace {

constexpr SourceType kOrderTypes[] = {SourceType::kRemovalOrder, SourceType::kLawEnforcement};
constexpr SourceType kNoticeTypes[] = {SourceType::kHotline, SourceType::kArticle16Notice,
                                       SourceType::kTrustedFlagger};

bool IsOrder(SourceType type) {
  return std::find(std::begin(kOrderTypes), std::end(kOrderTypes), type) != std::end(kOrderTypes);
}

bool IsNotice(SourceType type) {
  return std::find(std::begin(kNoticeTypes), std::end(kNoticeTypes), type) !=
         std::end(kNoticeTypes);
}

// Rounds numerator / denominator (denominator > 0) down, also for negative numerators.
int64_t FloorDivide(int64_t numerator, int64_t denominator) {
  const int64_t quotient = numerator / denominator;
  return (numerator % denominator != 0 && numerator < 0) ? quotient - 1 : quotient;
}

// The action a case ended with, if it is actioned (state actioned or confirmed_gone).
std::optional<ActionKind> ActionTaken(const Case& c) {
  const bool actioned = c.state == CaseState::kActioned || c.state == CaseState::kConfirmedGone;
  return actioned ? c.action : std::nullopt;
}

void CountAction(ActionKind action, int64_t& removed, int64_t& disabled, int64_t& geo_blocked) {
  switch (action) {
    case ActionKind::kRemoved:
      ++removed;
      break;
    case ActionKind::kDisabled:
      ++disabled;
      break;
    case ActionKind::kGeoBlocked:
      ++geo_blocked;
      break;
  }
}

class OrderGroup {
 public:
  void Add(const Case& c) {
    ++figures_.count;
    const int64_t received = c.notice.received_at;
    if (c.acknowledged_at) to_acknowledge_.push_back(*c.acknowledged_at - received);
    if (c.actioned_at) {
      to_give_effect_.push_back(*c.actioned_at - received);
    } else {
      ++figures_.not_yet_given_effect;
    }
  }
  OrderFigures Finish() const {
    OrderFigures figures = figures_;
    figures.median_ms_to_acknowledge = MedianMilliseconds(to_acknowledge_);
    figures.median_ms_to_give_effect = MedianMilliseconds(to_give_effect_);
    return figures;
  }

 private:
  OrderFigures figures_;
  std::vector<int64_t> to_acknowledge_;
  std::vector<int64_t> to_give_effect_;
};

class NoticeGroup {
 public:
  void Add(const Case& c) {
    ++figures_.count;
    if (const std::optional<ActionKind> action = ActionTaken(c)) {
      CountAction(*action, figures_.removed, figures_.disabled, figures_.geo_blocked);
      if (c.actioned_at) to_act_.push_back(*c.actioned_at - c.notice.received_at);
    } else if (c.state == CaseState::kRejected) {
      ++figures_.rejected;
      if (c.closed_at) to_act_.push_back(*c.closed_at - c.notice.received_at);
    } else {
      ++figures_.still_open;
    }
  }
  NoticeFigures Finish() const {
    NoticeFigures figures = figures_;
    figures.median_ms_to_act = MedianMilliseconds(to_act_);
    return figures;
  }

 private:
  NoticeFigures figures_;
  std::vector<int64_t> to_act_;
};

template <typename Group>
auto FinishAll(const std::map<std::string, Group>& groups) {
  std::map<std::string, decltype(std::declval<Group>().Finish())> finished;
  for (const auto& [name, group] : groups) finished.emplace(name, group.Finish());
  return finished;
}

nlohmann::json Seconds(std::optional<int64_t> milliseconds) {
  if (!milliseconds) return nullptr;
  return static_cast<double>(*milliseconds) / 1000.0;
}

// Exact decimal seconds from milliseconds ("-1.250"), "" for none.
std::string SecondsText(std::optional<int64_t> milliseconds) {
  if (!milliseconds) return "";
  const int64_t ms = *milliseconds;
  const uint64_t magnitude = ms < 0 ? 0 - static_cast<uint64_t>(ms) : static_cast<uint64_t>(ms);
  return absl::StrFormat("%s%u.%03u", ms < 0 ? "-" : "", magnitude / 1000, magnitude % 1000);
}

nlohmann::json OrderJson(const OrderFigures& figures) {
  return {{"count", figures.count},
          {"median_seconds_to_acknowledge", Seconds(figures.median_ms_to_acknowledge)},
          {"median_seconds_to_give_effect", Seconds(figures.median_ms_to_give_effect)},
          {"not_yet_given_effect", figures.not_yet_given_effect}};
}

nlohmann::json NoticeJson(const NoticeFigures& figures) {
  return {{"count", figures.count},
          {"removed", figures.removed},
          {"disabled", figures.disabled},
          {"geo_blocked", figures.geo_blocked},
          {"rejected", figures.rejected},
          {"still_open", figures.still_open},
          {"median_seconds_to_act", Seconds(figures.median_ms_to_act)}};
}

template <typename Figures>
nlohmann::json GroupsJson(const std::map<std::string, Figures>& groups,
                          nlohmann::json (*to_json)(const Figures&)) {
  nlohmann::json object = nlohmann::json::object();
  for (const auto& [name, figures] : groups) object[name] = to_json(figures);
  return object;
}

class CsvWriter {
 public:
  void Row(std::string_view section, std::string_view breakdown, std::string_view group,
           std::string_view figure, std::string_view value) {
    absl::StrAppend(&text_, CsvField(section), ",", CsvField(breakdown), ",", CsvField(group), ",",
                    CsvField(figure), ",", CsvField(value), "\n");
  }
  void Row(std::string_view section, std::string_view breakdown, std::string_view group,
           std::string_view figure, int64_t value) {
    Row(section, breakdown, group, figure, absl::StrCat(value));
  }
  void Orders(std::string_view breakdown, std::string_view group, const OrderFigures& figures) {
    Row("orders", breakdown, group, "count", figures.count);
    Row("orders", breakdown, group, "median_seconds_to_acknowledge",
        SecondsText(figures.median_ms_to_acknowledge));
    Row("orders", breakdown, group, "median_seconds_to_give_effect",
        SecondsText(figures.median_ms_to_give_effect));
    Row("orders", breakdown, group, "not_yet_given_effect", figures.not_yet_given_effect);
  }
  void Notices(std::string_view breakdown, std::string_view group, const NoticeFigures& figures) {
    Row("notices", breakdown, group, "count", figures.count);
    Row("notices", breakdown, group, "removed", figures.removed);
    Row("notices", breakdown, group, "disabled", figures.disabled);
    Row("notices", breakdown, group, "geo_blocked", figures.geo_blocked);
    Row("notices", breakdown, group, "rejected", figures.rejected);
    Row("notices", breakdown, group, "still_open", figures.still_open);
    Row("notices", breakdown, group, "median_seconds_to_act",
        SecondsText(figures.median_ms_to_act));
  }
  std::string Take() { return std::move(text_); }

 private:
  std::string text_ = "section,breakdown,group,figure,value\n";
};

}  // namespace

std::optional<int64_t> MedianMilliseconds(std::vector<int64_t> durations) {
  if (durations.empty()) return std::nullopt;
  const size_t middle = durations.size() / 2;
  std::nth_element(durations.begin(), durations.begin() + middle, durations.end());
  int64_t twice_median = 2 * durations[middle];
  if (durations.size() % 2 == 0) {
    const int64_t lower = *std::max_element(durations.begin(), durations.begin() + middle);
    twice_median = lower + durations[middle];
  }
  // twice_median / 2 microseconds, to the nearest millisecond, halves up.
  return FloorDivide(twice_median + 1000, 2000);
}

TransparencyReport BuildTransparencyReport(std::span<const Case> cases, int64_t period_start,
                                           int64_t period_end) {
  TransparencyReport report;
  report.period_start = period_start;
  report.period_end = period_end;
  OrderGroup orders;
  std::map<std::string, OrderGroup> orders_by_member_state;
  std::map<std::string, OrderGroup> orders_by_type;
  for (const SourceType type : kOrderTypes) orders_by_type[std::string(SourceTypeName(type))];
  NoticeGroup notices;
  std::map<std::string, NoticeGroup> notices_by_source_type;
  for (const SourceType type : kNoticeTypes) {
    notices_by_source_type[std::string(SourceTypeName(type))];
  }

  for (const Case& c : cases) {
    const Notice& notice = c.notice;
    if (notice.received_at < period_start || notice.received_at >= period_end) continue;
    ++report.cases;
    const std::string type_name(SourceTypeName(notice.source_type));
    if (IsOrder(notice.source_type)) {
      orders.Add(c);
      orders_by_member_state[notice.member_state].Add(c);
      orders_by_type[type_name].Add(c);
    } else if (IsNotice(notice.source_type)) {
      notices.Add(c);
      notices_by_source_type[type_name].Add(c);
      if (notice.source_type == SourceType::kTrustedFlagger) ++report.trusted_flagger_notices;
    } else {
      OwnInitiativeFigures& own = report.own_initiative;
      ++own.count;
      if (const std::optional<ActionKind> action = ActionTaken(c)) {
        CountAction(*action, own.removed, own.disabled, own.geo_blocked);
      } else {
        ++own.not_actioned;
      }
    }
    if (notice.automated_detection) ++report.automated_detection;
    if (c.automated_decision) ++report.automated_decision;
    if (c.reopen_count > 0) ++report.reopened_cases;
    report.reopens += c.reopen_count;
  }
  report.orders = orders.Finish();
  report.orders_by_member_state = FinishAll(orders_by_member_state);
  report.orders_by_type = FinishAll(orders_by_type);
  report.notices = notices.Finish();
  report.notices_by_source_type = FinishAll(notices_by_source_type);
  return report;
}

nlohmann::json TransparencyReportJson(const TransparencyReport& report) {
  const OwnInitiativeFigures& own = report.own_initiative;
  return {
      {"period", {{"start_us", report.period_start}, {"end_us", report.period_end}}},
      {"cases", report.cases},
      {"orders",
       {{"all", OrderJson(report.orders)},
        {"by_member_state", GroupsJson(report.orders_by_member_state, &OrderJson)},
        {"by_type", GroupsJson(report.orders_by_type, &OrderJson)}}},
      {"notices",
       {{"all", NoticeJson(report.notices)},
        {"by_source_type", GroupsJson(report.notices_by_source_type, &NoticeJson)},
        {"from_trusted_flaggers", report.trusted_flagger_notices}}},
      {"own_initiative",
       {{"count", own.count},
        {"removed", own.removed},
        {"disabled", own.disabled},
        {"geo_blocked", own.geo_blocked},
        {"not_actioned", own.not_actioned}}},
      {"automated_means",
       {{"detection", report.automated_detection}, {"decision", report.automated_decision}}},
      {"recidivism", {{"reopened_cases", report.reopened_cases}, {"reopens", report.reopens}}},
  };
}

std::string TransparencyReportCsv(const TransparencyReport& report) {
  CsvWriter csv;
  csv.Row("period", "", "", "start_us", report.period_start);
  csv.Row("period", "", "", "end_us", report.period_end);
  csv.Row("cases", "all", "", "count", report.cases);
  csv.Orders("all", "", report.orders);
  for (const auto& [state, figures] : report.orders_by_member_state) {
    csv.Orders("member_state", state, figures);
  }
  for (const auto& [type, figures] : report.orders_by_type) csv.Orders("type", type, figures);
  csv.Notices("all", "", report.notices);
  for (const auto& [type, figures] : report.notices_by_source_type) {
    csv.Notices("source_type", type, figures);
  }
  csv.Row("notices", "all", "", "from_trusted_flaggers", report.trusted_flagger_notices);
  const OwnInitiativeFigures& own = report.own_initiative;
  csv.Row("own_initiative", "all", "", "count", own.count);
  csv.Row("own_initiative", "all", "", "removed", own.removed);
  csv.Row("own_initiative", "all", "", "disabled", own.disabled);
  csv.Row("own_initiative", "all", "", "geo_blocked", own.geo_blocked);
  csv.Row("own_initiative", "all", "", "not_actioned", own.not_actioned);
  csv.Row("automated_means", "all", "", "detection", report.automated_detection);
  csv.Row("automated_means", "all", "", "decision", report.automated_decision);
  csv.Row("recidivism", "all", "", "reopened_cases", report.reopened_cases);
  csv.Row("recidivism", "all", "", "reopens", report.reopens);
  return csv.Take();
}

}  // namespace clearhost::cases
