#include "server/server_metrics.h"

#include <cstdio>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace clearhost::server {

std::string RouteLabel(std::string_view path) {
  if (path == "/ui" || path.starts_with("/ui/")) return "/ui";
  std::string label;
  std::string_view previous;
  std::string_view before_previous;
  for (const absl::string_view piece :
       absl::StrSplit(absl::string_view(path.data(), path.size()), '/', absl::SkipEmpty())) {
    const std::string_view segment(piece.data(), piece.size());
    const bool numeric = std::all_of(segment.begin(), segment.end(), absl::ascii_isdigit);
    const bool named = (before_previous == "v1" && previous == "banks") ||
                       (before_previous == "c" && previous == "bank");
    label += '/';
    label += numeric ? "{id}" : named ? "{name}" : std::string(segment);
    before_previous = previous;
    previous = segment;
  }
  return label.empty() ? "/" : label;
}

void ServerMetrics::Observe(std::string_view route, std::string_view method, int status,
                            double seconds) {
  absl::MutexLock lock(&mutex_);
  std::string label(route);
  if (latency_.size() >= kMaxRoutes && !latency_.contains(label)) label = "other";
  ++requests_[{label, std::string(method), status}];
  Latency& latency = latency_[label];
  size_t bucket = 0;
  while (bucket < kBuckets.size() && seconds > kBuckets[bucket]) ++bucket;
  ++latency.counts[bucket];
  latency.sum += seconds;
  ++latency.count;
}

std::string ServerMetrics::Render() const {
  std::string out;
  absl::MutexLock lock(&mutex_);
  AppendMetricHeader(out, "clearhost_http_requests_total", "counter",
                     "HTTP requests answered, by route, method and status");
  for (const auto& [key, count] : requests_) {
    const auto& [route, method, status] = key;
    AppendMetric(out, "clearhost_http_requests_total",
                 absl::StrCat("route=\"", EscapeLabel(route), "\",method=\"", EscapeLabel(method),
                              "\",code=\"", status, "\""),
                 double(count));
  }
  AppendMetricHeader(out, "clearhost_http_request_duration_seconds", "histogram",
                     "Time from the request read to the answer, by route");
  for (const auto& [route, latency] : latency_) {
    const std::string route_label = absl::StrCat("route=\"", EscapeLabel(route), "\"");
    int64_t cumulative = 0;
    for (size_t i = 0; i <= kBuckets.size(); ++i) {
      cumulative += latency.counts[i];
      char bound[32];
      if (i < kBuckets.size()) {
        std::snprintf(bound, sizeof bound, "%g", kBuckets[i]);
      } else {
        std::snprintf(bound, sizeof bound, "+Inf");
      }
      AppendMetric(out, "clearhost_http_request_duration_seconds_bucket",
                   absl::StrCat(route_label, ",le=\"", bound, "\""), double(cumulative));
    }
    AppendMetric(out, "clearhost_http_request_duration_seconds_sum", route_label, latency.sum);
    AppendMetric(out, "clearhost_http_request_duration_seconds_count", route_label,
                 double(latency.count));
  }
  return out;
}

void AppendMetric(std::string& out, std::string_view name, std::string_view labels, double value) {
  char number[40];
  std::snprintf(number, sizeof number, "%.17g", value);
  absl::StrAppend(&out, std::string(name));
  if (!labels.empty()) absl::StrAppend(&out, "{", std::string(labels), "}");
  absl::StrAppend(&out, " ", number, "\n");
}

void AppendMetricHeader(std::string& out, std::string_view name, std::string_view type,
                        std::string_view help) {
  absl::StrAppend(&out, "# HELP ", std::string(name), " ", std::string(help), "\n", "# TYPE ",
                  std::string(name), " ", std::string(type), "\n");
}

void AppendSingleMetric(std::string& out, std::string_view name, std::string_view type,
                        std::string_view help, double value) {
  AppendMetricHeader(out, name, type, help);
  AppendMetric(out, name, "", value);
}

std::string EscapeLabel(std::string_view value) {
  std::string escaped;
  for (const char c : value) {
    if (c == '\\') {
      escaped += "\\\\";
    } else if (c == '"') {
      escaped += "\\\"";
    } else if (c == '\n') {
      escaped += "\\n";
    } else {
      escaped += c;
    }
  }
  return escaped;
}

}  // namespace clearhost::server
