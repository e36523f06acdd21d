-- wrk script: POST /v1/match with a batch of $CLEARHOST_BATCH signals of type $CLEARHOST_TYPE
-- (pdq or md5; random values, made once). Prints one JSON line with signals per second.
function init(args)
  token = os.getenv("CLEARHOST_TOKEN")
  batch = tonumber(os.getenv("CLEARHOST_BATCH") or "1000")
  signal_type = os.getenv("CLEARHOST_TYPE") or "pdq"
  local words_per_signal = signal_type == "pdq" and 8 or 4
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
  local signals = {}
  for s = 1, batch do
    local words = {}
    for i = 1, words_per_signal do words[i] = string.format("%08x", math.random(0, 0xffffffff)) end
    signals[s] = string.format('{"type":"%s","value":"%s"}', signal_type, table.concat(words))
  end
  body = '{"signals":[' .. table.concat(signals, ",") .. ']}'
end

function request()
  return wrk.format("POST", "/v1/match", {["Authorization"] = "Bearer " .. token,
                                          ["Content-Type"] = "application/json"}, body)
end

function done(summary, latency, requests)
  -- done() runs in wrk's main Lua state, not the threads' where init() ran.
  local batch = tonumber(os.getenv("CLEARHOST_BATCH") or "1000")
  local signal_type = os.getenv("CLEARHOST_TYPE") or "pdq"
  local seconds = summary.duration / 1e6
  io.write(string.format(
    '{"route":"POST /v1/match (batch of %d %s)","requests":%d,"seconds":%.3f,' ..
    '"signals_per_second":%.1f,"p50_ms":%.2f,"p99_ms":%.2f,"non_2xx":%d,"socket_errors":%d}\n',
    batch, signal_type, summary.requests, seconds, summary.requests * batch / seconds,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
