// ServerMetrics and RouteLabel: bounded route labels, cumulative histogram buckets, escaping.
#include "server/server_metrics.h"

#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"

namespace clearhost::server {
namespace {

TEST(RouteLabelTest, FoldsIdsAndNamesIntoTemplates) {
  EXPECT_EQ(RouteLabel("/v1/cases/123/events"), "/v1/cases/{id}/events");
  EXPECT_EQ(RouteLabel("/v1/banks/hotline-nl"), "/v1/banks/{name}");
  EXPECT_EQ(RouteLabel("/v1/banks/hotline-nl/signals"), "/v1/banks/{name}/signals");
  EXPECT_EQ(RouteLabel("/c/bank/MY_BANK/content"), "/c/bank/{name}/content");
  EXPECT_EQ(RouteLabel("/v1/banks"), "/v1/banks");
  EXPECT_EQ(RouteLabel("/ui/cases/7"), "/ui");
  EXPECT_EQ(RouteLabel("/ui"), "/ui");
  EXPECT_EQ(RouteLabel("/"), "/");
  EXPECT_EQ(RouteLabel("/v1/entries/42/status"), "/v1/entries/{id}/status");
}

TEST(ServerMetricsTest, CountsRequestsAndFillsCumulativeBuckets) {
  ServerMetrics metrics;
  metrics.Observe("/v1/match", "POST", 200, 0.0004);  // first bucket
  metrics.Observe("/v1/match", "POST", 200, 0.003);   // 0.005 bucket
  metrics.Observe("/v1/match", "POST", 400, 30);      // beyond the last bound: +Inf only
  const std::string text = metrics.Render();
  for (const char* expected :
       {"clearhost_http_requests_total{route=\"/v1/match\",method=\"POST\",code=\"200\"} 2\n",
        "clearhost_http_requests_total{route=\"/v1/match\",method=\"POST\",code=\"400\"} 1\n",
        "clearhost_http_request_duration_seconds_bucket{route=\"/v1/match\",le=\"0.0005\"} 1\n",
        "clearhost_http_request_duration_seconds_bucket{route=\"/v1/match\",le=\"0.0025\"} 1\n",
        "clearhost_http_request_duration_seconds_bucket{route=\"/v1/match\",le=\"0.005\"} 2\n",
        "clearhost_http_request_duration_seconds_bucket{route=\"/v1/match\",le=\"5\"} 2\n",
        "clearhost_http_request_duration_seconds_bucket{route=\"/v1/match\",le=\"+Inf\"} 3\n",
        "clearhost_http_request_duration_seconds_count{route=\"/v1/match\"} 3\n",
        "# TYPE clearhost_http_requests_total counter\n"}) {
    EXPECT_NE(text.find(expected), std::string::npos) << expected << "\n" << text;
  }
}

TEST(ServerMetricsTest, TheLabelSetIsBounded) {
  ServerMetrics metrics;
  for (size_t i = 0; i < ServerMetrics::kMaxRoutes + 50; ++i) {
    metrics.Observe(absl::StrCat("/route", i), "GET", 200, 0.001);
  }
  const std::string text = metrics.Render();
  EXPECT_NE(text.find("route=\"other\",method=\"GET\",code=\"200\"} 50\n"), std::string::npos);
  EXPECT_EQ(text.find(absl::StrCat("/route", ServerMetrics::kMaxRoutes + 1, "\"")),
            std::string::npos);
}

TEST(ServerMetricsTest, LabelValuesAreEscaped) {
  EXPECT_EQ(EscapeLabel("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
  std::string out;
  AppendMetric(out, "x_total", "bank=\"a\"", 0.5);
  EXPECT_EQ(out, "x_total{bank=\"a\"} 0.5\n");
}

}  // namespace
}  // namespace clearhost::server
