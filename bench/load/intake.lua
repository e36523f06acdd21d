-- wrk script: POST /v1/notices with a new reference per request (every request opens a case).
-- Token from $CLEARHOST_TOKEN. Prints throughput, p50/p99 latency and non-2xx answers as one
-- JSON line at the end.
local threads = {}
local next_thread = 0

function setup(thread)
  next_thread = next_thread + 1
  thread:set("thread_id", next_thread)
  table.insert(threads, thread)
end

function init(args)
  counter = 0
  token = os.getenv("CLEARHOST_TOKEN")
  run_id = os.getenv("CLEARHOST_RUN") or "0"
end

function request()
  counter = counter + 1
  local body = string.format(
    '{"source_type":"hotline","reference":"LOAD-%s-%d-%d",' ..
    '"urls":["https://files.example.net/load/%d/%d.jpg"],"ip":"192.0.2.%d",' ..
    '"hashes":[{"signal_type":"md5","value":"%032x"}]}',
    run_id, thread_id, counter, thread_id, counter, counter % 250 + 1, counter)
  return wrk.format("POST", "/v1/notices",
                    {["Authorization"] = "Bearer " .. token,
                     ["Content-Type"] = "application/json"}, body)
end

function done(summary, latency, requests)
  io.write(string.format(
    '{"route":"POST /v1/notices","requests":%d,"seconds":%.3f,"per_second":%.1f,' ..
    '"p50_ms":%.2f,"p99_ms":%.2f,"non_2xx":%d,"socket_errors":%d}\n',
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
