#include "stats/removal_metrics.h"

#include <algorithm>
#include <map>

#include "absl/container/flat_hash_map.h"
#include "stats/field_parse.h"

namespace clearhost::stats {
namespace {

constexpr double kSecondsPerHour = 3600.0;

RemovalGroup Summarize(std::string kind, std::string name,
                       const std::vector<const Notice*>& notices, int64_t total, int64_t as_of,
                       int64_t reappearances) {
  RemovalGroup group;
  group.kind = std::move(kind);
  group.name = std::move(name);
  group.notices = int64_t(notices.size());
  group.share = total == 0 ? 0.0 : double(notices.size()) / double(total);
  group.reappearances = reappearances;
  std::vector<std::pair<int64_t, bool>> durations;
  for (const Notice* notice : notices) {
    // A removal after the as-of time had not happened yet then: the notice is open.
    if (notice->removed_at && *notice->removed_at <= as_of) {
      ++group.removed;
      durations.emplace_back(*notice->removed_at - notice->notified_at, true);
      group.removal_hours.push_back(double(*notice->removed_at - notice->notified_at) /
                                    kSecondsPerHour);
    } else {
      ++group.open;
      durations.emplace_back(std::max<int64_t>(0, as_of - notice->notified_at), false);
    }
  }
  const SurvivalCurve curve(std::move(durations));
  const auto quantile = [&](double q, double& hours, bool& censored) {
    const std::optional<int64_t> seconds = curve.Quantile(q);
    censored = !seconds.has_value();
    hours = double(seconds.value_or(curve.longest_follow_up())) / kSecondsPerHour;
  };
  quantile(0.5, group.median_hours, group.median_censored);
  quantile(0.9, group.p90_hours, group.p90_censored);
  group.removed_within_12h = 1.0 - curve.Online(12 * 3600);
  group.removed_within_24h = 1.0 - curve.Online(24 * 3600);
  group.online_after_48h = curve.Online(48 * 3600);
  return group;
}

}  // namespace

SurvivalCurve::SurvivalCurve(std::vector<std::pair<int64_t, bool>> durations) {
  // At equal times removals come before censorings: a notice censored at t was at risk at t.
  std::sort(durations.begin(), durations.end(), [](const auto& a, const auto& b) {
    if (a.first != b.first) return a.first < b.first;
    return a.second > b.second;
  });
  size_t at_risk = durations.size();
  double online = 1.0;
  for (size_t i = 0; i < durations.size();) {
    const int64_t time = durations[i].first;
    size_t removals = 0, leaving = 0;
    for (; i < durations.size() && durations[i].first == time; ++i, ++leaving) {
      if (durations[i].second) ++removals;
    }
    if (removals > 0) {
      online *= 1.0 - double(removals) / double(at_risk);
      steps_.emplace_back(time, online);
    }
    at_risk -= leaving;
    longest_follow_up_ = std::max(longest_follow_up_, time);
  }
}

double SurvivalCurve::Online(int64_t seconds) const {
  double online = 1.0;
  for (const auto& [time, after] : steps_) {
    if (time > seconds) break;
    online = after;
  }
  return online;
}

std::optional<int64_t> SurvivalCurve::Quantile(double quantile) const {
  for (const auto& [time, after] : steps_) {
    // A small tolerance so that 1 - 1/2 compares as 0.5.
    if (after <= 1.0 - quantile + 1e-12) return time;
  }
  return std::nullopt;
}

RemovalReport ComputeRemoval(const NoticeLog& log, const RemovalOptions& options) {
  RemovalReport report;
  report.as_of = options.as_of.value_or(options.to.value_or(log.latest_time));
  std::vector<const Notice*> selected;
  for (const Notice& notice : log.notices) {
    if (options.from && notice.notified_at < *options.from) continue;
    if (options.to && notice.notified_at >= *options.to) continue;
    if (notice.notified_at > report.as_of) continue;
    selected.push_back(&notice);
  }
  // Re-appearances: a notice for a URL that an earlier notice (in the whole log) had removed.
  absl::flat_hash_map<std::string, std::vector<const Notice*>> by_url;
  for (const Notice& notice : log.notices) by_url[notice.url].push_back(&notice);
  absl::flat_hash_map<const Notice*, bool> reappeared;
  for (auto& [url, notices] : by_url) {
    std::sort(notices.begin(), notices.end(),
              [](const Notice* a, const Notice* b) { return a->notified_at < b->notified_at; });
    std::optional<int64_t> first_removal;
    for (const Notice* notice : notices) {
      if (first_removal && notice->notified_at > *first_removal) reappeared[notice] = true;
      if (notice->removed_at && (!first_removal || *notice->removed_at < *first_removal)) {
        first_removal = notice->removed_at;
      }
    }
  }
  std::map<std::string, std::vector<const Notice*>> hosters, networks;
  const auto count_reappearances = [&](const std::vector<const Notice*>& notices) {
    int64_t count = 0;
    for (const Notice* notice : notices) {
      count += (reappeared.contains(notice) ? 1 : 0) + notice->reopenings;
    }
    return count;
  };
  for (const Notice* notice : selected) {
    hosters[notice->hoster].push_back(notice);
    networks[notice->asn].push_back(notice);
  }
  const int64_t total = int64_t(selected.size());
  report.groups.push_back(
      Summarize("all", "", selected, total, report.as_of, count_reappearances(selected)));
  for (const auto& [name, notices] : hosters) {
    report.groups.push_back(
        Summarize("hoster", name, notices, total, report.as_of, count_reappearances(notices)));
  }
  for (const auto& [name, notices] : networks) {
    report.groups.push_back(
        Summarize("network", name, notices, total, report.as_of, count_reappearances(notices)));
  }
  return report;
}

Table RemovalTable(const RemovalReport& report) {
  Table table;
  table.columns = {"kind",
                   "group",
                   "notices",
                   "share",
                   "removed",
                   "open",
                   "median_hours",
                   "median_censored",
                   "p90_hours",
                   "p90_censored",
                   "removed_within_12h",
                   "removed_within_24h",
                   "online_after_48h",
                   "reappearances",
                   "as_of"};
  for (const RemovalGroup& group : report.groups) {
    table.rows.push_back({Cell(group.kind), Cell(group.name), Cell(group.notices),
                          Cell(group.share), Cell(group.removed), Cell(group.open),
                          group.notices == 0 ? Cell() : Cell(group.median_hours),
                          Cell(group.median_censored),
                          group.notices == 0 ? Cell() : Cell(group.p90_hours),
                          Cell(group.p90_censored), Cell(group.removed_within_12h),
                          Cell(group.removed_within_24h), Cell(group.online_after_48h),
                          Cell(group.reappearances), Cell(FormatTimestamp(report.as_of))});
  }
  return table;
}

}  // namespace clearhost::stats
