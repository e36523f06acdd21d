-- wrk script: GET /v1/cases/{id} for ids 1..$CLEARHOST_CASES in turn, and every tenth request a
-- page of the case list. Token from $CLEARHOST_TOKEN. Prints one JSON line at the end.
function init(args)
  counter = 0
  token = os.getenv("CLEARHOST_TOKEN")
  cases = tonumber(os.getenv("CLEARHOST_CASES") or "1")
end

function request()
  counter = counter + 1
  local path
  if counter % 10 == 0 then
    path = "/v1/cases?limit=20"
  else
    path = string.format("/v1/cases/%d", counter % cases + 1)
  end
  return wrk.format("GET", path, {["Authorization"] = "Bearer " .. token})
end

function done(summary, latency, requests)
  io.write(string.format(
    '{"route":"GET /v1/cases/{id} (+ list)","requests":%d,"seconds":%.3f,"per_second":%.1f,' ..
    '"p50_ms":%.2f,"p99_ms":%.2f,"non_2xx":%d,"socket_errors":%d}\n',
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
