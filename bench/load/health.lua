-- wrk script: GET /health, the HTTP layer alone (no token, no database): the ceiling the other
-- routes are compared with in the same run. Prints one JSON line at the end.
function done(summary, latency, requests)
  io.write(string.format(
    '{"route":"GET /health","requests":%d,"seconds":%.3f,"per_second":%.1f,' ..
    '"p50_ms":%.2f,"p99_ms":%.2f,"non_2xx":%d,"socket_errors":%d}\n',
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
