-- wrk script: GET /v1/match for one random PDQ hash per request (the worst case for the index:
-- a full probe, no early exit). Token from $CLEARHOST_TOKEN. Prints one JSON line at the end.
function init(args)
  token = os.getenv("CLEARHOST_TOKEN")
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
end

function request()
  local words = {}
  for i = 1, 8 do words[i] = string.format("%08x", math.random(0, 0xffffffff)) end
  return wrk.format("GET", "/v1/match?type=pdq&value=" .. table.concat(words),
                    {["Authorization"] = "Bearer " .. token})
end

function done(summary, latency, requests)
  io.write(string.format(
    '{"route":"GET /v1/match (1 random PDQ)","requests":%d,"seconds":%.3f,"per_second":%.1f,' ..
    '"p50_ms":%.2f,"p99_ms":%.2f,"non_2xx":%d,"socket_errors":%d}\n',
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
