#!/usr/bin/env bash
# Loopback load on the matching API of `clearhost serve` with wrk: a bank of N random PDQ hashes
# (and N/10 MD5 digests), then single lookups (GET /v1/match, one random hash each: every query
# probes the whole index) and batches (POST /v1/match, PDQ and MD5), each for a bounded time,
# after GET /health (the HTTP layer alone) in the same run. Prints one JSON line per run.
#   bench/load/match_load.sh [ENTRIES] [SECONDS] [CONNECTIONS]   (10000000, 10 s, 16)
set -euo pipefail
cd "$(dirname "$0")/../.."
entries=${1:-10000000}
seconds=${2:-10}
connections=${3:-16}
binary=build/clearhost
command -v wrk >/dev/null || { echo "match_load: wrk is missing (apt-get install wrk)" >&2; exit 2; }
[ -x "$binary" ] || { echo "match_load: build first (./run build)" >&2; exit 2; }

work=$(mktemp -d /tmp/clearhost-match-load.XXXXXX)
server_pid=
cleanup() {
  [ -z "$server_pid" ] || kill "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

db="sqlite:$work/banks.db"
echo "== importing $entries random PDQ hashes and $((entries / 10)) MD5 digests" >&2
head -c $((entries * 32)) /dev/urandom | od -An -v -tx1 -w32 | tr -d ' ' > "$work/pdq.txt"
head -c $((entries / 10 * 16)) /dev/urandom | od -An -v -tx1 -w16 | tr -d ' ' > "$work/md5.txt"
start=$(date +%s.%N)
"$binary" lists import --db "$db" --bank load-pdq "$work/pdq.txt" >&2
"$binary" lists import --db "$db" --bank load-md5 --type md5 "$work/md5.txt" >&2
echo "== imported in $(awk "BEGIN{print $(date +%s.%N) - $start}") s" >&2
rm -f "$work/pdq.txt" "$work/md5.txt"
token=$("$binary" tokens create --db "$db" --role operator --principal load-test 2>/dev/null)
start=$(date +%s.%N)
"$binary" serve --db "$db" --listen 127.0.0.1:0 --threads "$connections" 2>"$work/serve.log" &
server_pid=$!
port=
for _ in $(seq 1 6000); do
  port=$(sed -n 's|.*listening on http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$work/serve.log")
  [ -n "$port" ] && break
  sleep 0.05
done
[ -n "$port" ] || { cat "$work/serve.log" >&2; exit 1; }
echo "== serving after $(awk "BEGIN{print $(date +%s.%N) - $start}") s (index built), RSS $(ps -o rss= -p "$server_pid") KiB" >&2
url="http://127.0.0.1:$port"
run() {  # run SCRIPT PATH [ENV...]
  local script=$1 path=$2
  shift 2
  env CLEARHOST_TOKEN="$token" "$@" wrk -t2 -c"$connections" -d"${seconds}s" --latency \
    -s "bench/load/$script" "$url$path" | tail -n 1
}
echo "{\"entries\":$entries,$(run health.lua /health | sed 's/^{//')"
echo "{\"entries\":$entries,$(run match.lua / | sed 's/^{//')"
echo "{\"entries\":$entries,$(run match_batch.lua / CLEARHOST_BATCH=1000 CLEARHOST_TYPE=pdq | sed 's/^{//')"
echo "{\"entries\":$entries,$(run match_batch.lua / CLEARHOST_BATCH=10000 CLEARHOST_TYPE=md5 | sed 's/^{//')"
echo "== server RSS after the runs: $(ps -o rss= -p "$server_pid") KiB" >&2
kill -TERM "$server_pid"
wait "$server_pid" || true
server_pid=
