// Removal metrics on a generated notice log against hand-computed Kaplan-Meier values,
// including notices still open (censored), a period filter, re-appearances and bad rows.
#include "stats/removal_metrics.h"

#include <gtest/gtest.h>

#include "stats/field_parse.h"

namespace clearhost::stats {
namespace {

// Day 1 starts at 2024-01-01T00:00:00Z; as of is 72 h later.
constexpr char kLog[] =
    "url,notified_at,removed_at,hoster,asn\n"
    "http://x.example/1,2024-01-01T00:00:00Z,2024-01-01T06:00:00Z,A,AS64496\n"
    "http://x.example/2,2024-01-01T00:00:00Z,2024-01-01T18:00:00Z,A,64496\n"
    "http://x.example/3,2024-01-01T00:00:00Z,,A,64496\n"
    "http://x.example/4,2024-01-02T00:00:00Z,,A,64496\n"
    "http://x.example/1,2024-01-01T12:00:00Z,2024-01-01T13:00:00Z,B,64497\n";

NoticeLog Log(std::string_view text) {
  auto log = NoticeLogFromCsv(*ParseCsv(text, "notices.csv"));
  EXPECT_TRUE(log.ok()) << log.status();
  return *log;
}

const RemovalGroup& Group(const RemovalReport& report, std::string_view kind,
                          std::string_view name) {
  for (const RemovalGroup& group : report.groups) {
    if (group.kind == kind && group.name == name) return group;
  }
  ADD_FAILURE() << "no group " << kind << " " << name;
  return report.groups.front();
}

TEST(RemovalMetricsTest, HandComputedKaplanMeierWithOpenNotices) {
  RemovalOptions options;
  options.as_of = *ParseTimestamp("2024-01-04T00:00:00Z");
  const RemovalReport report = ComputeRemoval(Log(kLog), options);

  // Hoster A: removals at 6 h and 18 h; open for 72 h and 48 h. S(6h) = 3/4, S(18h) = 1/2.
  const RemovalGroup& a = Group(report, "hoster", "A");
  EXPECT_EQ(a.notices, 4);
  EXPECT_DOUBLE_EQ(a.share, 0.8);
  EXPECT_EQ(a.removed, 2);
  EXPECT_EQ(a.open, 2);
  EXPECT_DOUBLE_EQ(a.median_hours, 18.0);
  EXPECT_FALSE(a.median_censored);
  EXPECT_DOUBLE_EQ(a.p90_hours, 72.0);  // never reached: ">= 72 h", the longest follow-up
  EXPECT_TRUE(a.p90_censored);
  EXPECT_DOUBLE_EQ(a.removed_within_12h, 0.25);
  EXPECT_DOUBLE_EQ(a.removed_within_24h, 0.5);
  EXPECT_DOUBLE_EQ(a.online_after_48h, 0.5);
  EXPECT_EQ(a.reappearances, 0);

  // Hoster B: one notice for a URL removed before (at 06:00), removed in 1 h.
  const RemovalGroup& b = Group(report, "hoster", "B");
  EXPECT_DOUBLE_EQ(b.median_hours, 1.0);
  EXPECT_DOUBLE_EQ(b.p90_hours, 1.0);
  EXPECT_DOUBLE_EQ(b.removed_within_12h, 1.0);
  EXPECT_DOUBLE_EQ(b.online_after_48h, 0.0);
  EXPECT_EQ(b.reappearances, 1);

  // All: removals at 1, 6, 18 h; open 48 and 72 h. S = 4/5, then 3/5, then 2/5.
  const RemovalGroup& all = Group(report, "all", "");
  EXPECT_EQ(all.notices, 5);
  EXPECT_DOUBLE_EQ(all.median_hours, 18.0);
  EXPECT_DOUBLE_EQ(all.removed_within_12h, 0.4);
  EXPECT_DOUBLE_EQ(all.removed_within_24h, 0.6);
  EXPECT_DOUBLE_EQ(all.online_after_48h, 0.4);
  EXPECT_TRUE(all.p90_censored);
  EXPECT_EQ(all.reappearances, 1);
  // Networks by AS number, the "AS" prefix dropped.
  EXPECT_EQ(Group(report, "network", "64496").notices, 4);
  EXPECT_EQ(Group(report, "network", "64497").notices, 1);
}

TEST(RemovalMetricsTest, PeriodSelectsNoticesAndDefaultsAsOfToItsEnd) {
  RemovalOptions options;
  options.from = *ParseTimestamp("2024-01-01T12:00:00Z");
  options.to = *ParseTimestamp("2024-01-02T12:00:00Z");
  const RemovalReport report = ComputeRemoval(Log(kLog), options);
  EXPECT_EQ(report.as_of, *options.to);
  const RemovalGroup& all = Group(report, "all", "");
  EXPECT_EQ(all.notices, 2);  // the B notice and notice 4 (open 12 h at the end of the period)
  EXPECT_EQ(all.removed, 1);
  EXPECT_EQ(all.open, 1);
  // S(1h) = 1/2 after B's removal; notice 4 censored at 12 h.
  EXPECT_DOUBLE_EQ(all.median_hours, 1.0);
  EXPECT_FALSE(all.median_censored);
  EXPECT_DOUBLE_EQ(all.online_after_48h, 0.5);
}

TEST(RemovalMetricsTest, BadRowsAreReportedByLine) {
  const NoticeLog log =
      Log("url,notified_at,removed_at,hoster,asn\n"
          "u,2024-01-02T00:00:00Z,2024-01-01T00:00:00Z,A,1\n"
          "u,yesterday,,A,1\n"
          "u,2024-01-01T00:00:00Z,,A,ASX\n"
          "u,2024-01-01T00:00:00Z,,A,1\n");
  EXPECT_EQ(log.notices.size(), 1u);
  ASSERT_EQ(log.problems.size(), 3u);
  EXPECT_EQ(log.problems[0].ToString(),
            "notices.csv:2: removed_at 2024-01-01T00:00:00Z is before notified_at "
            "2024-01-02T00:00:00Z");
  EXPECT_EQ(log.problems[1].line, 3u);
  EXPECT_EQ(log.problems[2].ToString(), "notices.csv:4: asn: 'ASX' is not an AS number");
  EXPECT_FALSE(NoticeLogFromCsv(*ParseCsv("url,notified_at,removed_at\n", "n.csv")).ok());
}

// A case store's notice carries its own re-openings (the content came back): they add to the
// URL-based re-appearances of its groups.
TEST(RemovalMetricsTest, ReopeningsCountAsReappearances) {
  NoticeLog log = Log(kLog);
  log.notices[4].reopenings = 2;  // hoster B's notice, whose URL notice 1 had got removed
  const RemovalReport report = ComputeRemoval(log, RemovalOptions{});
  EXPECT_EQ(Group(report, "hoster", "B").reappearances, 3);
  EXPECT_EQ(Group(report, "hoster", "A").reappearances, 0);
  EXPECT_EQ(Group(report, "all", "").reappearances, 3);
}

TEST(RemovalMetricsTest, TableColumns) {
  const std::string csv = FormatCsv(RemovalTable(ComputeRemoval(Log(kLog), RemovalOptions{})));
  EXPECT_EQ(csv.substr(0, csv.find('\n')),
            "kind,group,notices,share,removed,open,median_hours,median_censored,p90_hours,"
            "p90_censored,removed_within_12h,removed_within_24h,online_after_48h,reappearances,"
            "as_of");
}

}  // namespace
}  // namespace clearhost::stats
