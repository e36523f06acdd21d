// Removal performance per hoster and per network (and over all notices) for the notices sent
// in a period: counts, shares, time to removal (median, p90), shares removed within 12 h and
// 24 h, share still online after 48 h, and re-appearances (the same URL notified again after it
// had been removed, plus each notice's own re-openings).
//
// Censoring: a notice still open at the "as of" time has been online for at least
// (as_of - notified_at); it is not dropped and not treated as removed. Times are estimated
// with the Kaplan-Meier product-limit estimator S(t) (share still online t after notice):
//   S(t) = product over removal times t_i <= t of (1 - d_i / n_i)
// with d_i removals at t_i and n_i notices still at risk (removed at or after t_i, or open
// with at least t_i of follow-up). removed_within_12h = 1 - S(12 h), online_after_48h = S(48 h),
// median = the first t with S(t) <= 0.5, p90 = the first t with S(t) <= 0.1. When S never gets
// there, the quantile is only known to be at least the longest follow-up: it is given with
// `*_censored` = true, meaning ">= the value". (docs/formats.md, "stats removal output".)
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "stats/notice_log.h"
#include "stats/table.h"

namespace clearhost::stats {

struct RemovalOptions {
  std::optional<int64_t> from;   // notified_at >= from
  std::optional<int64_t> to;     // notified_at < to
  std::optional<int64_t> as_of;  // default: `to` if given, else the latest time in the log
};

// The Kaplan-Meier estimate over `durations` (seconds), each with whether it was a removal
// (true) or is censored (false).
class SurvivalCurve {
 public:
  explicit SurvivalCurve(std::vector<std::pair<int64_t, bool>> durations);
  // S(t): the share still online `seconds` after notice.
  double Online(int64_t seconds) const;
  // The first removal time with S <= 1 - quantile; nullopt when S stays above it.
  std::optional<int64_t> Quantile(double quantile) const;
  int64_t longest_follow_up() const { return longest_follow_up_; }

 private:
  std::vector<std::pair<int64_t, double>> steps_;  // (removal time, S just after it)
  int64_t longest_follow_up_ = 0;
};

struct RemovalGroup {
  std::string kind;  // "all", "hoster" or "network"
  std::string name;  // hoster name or AS number ("" when not given)
  int64_t notices = 0;
  double share = 0;
  int64_t removed = 0;
  int64_t open = 0;
  double median_hours = 0;
  bool median_censored = false;  // true: ">= median_hours"
  double p90_hours = 0;
  bool p90_censored = false;
  double removed_within_12h = 0;
  double removed_within_24h = 0;
  double online_after_48h = 0;
  int64_t reappearances = 0;
  std::vector<double> removal_hours;  // the removed notices' times, for charts
};

struct RemovalReport {
  int64_t as_of = 0;
  std::vector<RemovalGroup> groups;  // all, then hosters, then networks (by name)
};

RemovalReport ComputeRemoval(const NoticeLog& log, const RemovalOptions& options);

// kind,group,notices,share,removed,open,median_hours,median_censored,p90_hours,p90_censored,
// removed_within_12h,removed_within_24h,online_after_48h,reappearances,as_of
Table RemovalTable(const RemovalReport& report);

}  // namespace clearhost::stats
