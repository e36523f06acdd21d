// Request counters and latency histograms for /metrics (Prometheus text format 0.0.4). Paths
// are folded into a bounded set of route labels ("/v1/cases/{id}", "/c/bank/{name}") so a
// client cannot grow the label set.
// Thread-safety: Observe() and Render() may run on any threads at once.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <tuple>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

namespace clearhost::server {

// The route label of a path some route served: numeric segments become {id}; the segment
// after /v1/banks/ or /c/bank/ becomes {name}; everything under /ui is /ui. (Paths no route
// served are labelled "unmatched" by the caller.)
std::string RouteLabel(std::string_view path);

class ServerMetrics {
 public:
  // Upper bounds of the latency buckets, in seconds (the last bucket is +Inf).
  static constexpr std::array<double, 13> kBuckets = {
      0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};

  // At most this many route labels are kept; later ones are counted as "other".
  static constexpr size_t kMaxRoutes = 256;

  void Observe(std::string_view route, std::string_view method, int status, double seconds);
  // clearhost_http_requests_total and clearhost_http_request_duration_seconds, as text.
  std::string Render() const;

 private:
  struct Latency {
    std::array<int64_t, kBuckets.size() + 1> counts{};  // per bucket, not cumulative
    double sum = 0;
    int64_t count = 0;
  };
  mutable absl::Mutex mutex_;
  std::map<std::tuple<std::string, std::string, int>, int64_t> requests_ ABSL_GUARDED_BY(mutex_);
  std::map<std::string, Latency> latency_ ABSL_GUARDED_BY(mutex_);
};

// Appends one metric line: `name{labels} value`.
void AppendMetric(std::string& out, std::string_view name, std::string_view labels, double value);
// Appends "# HELP" and "# TYPE" lines.
void AppendMetricHeader(std::string& out, std::string_view name, std::string_view type,
                        std::string_view help);
// Appends a metric with one unlabelled sample: its header lines and `name value`.
void AppendSingleMetric(std::string& out, std::string_view name, std::string_view type,
                        std::string_view help, double value);
// A label value escaped for the text format (backslash, quote, newline).
std::string EscapeLabel(std::string_view value);

}  // namespace clearhost::server
