#!/usr/bin/env bash
# Loopback load on `clearhost serve` with wrk: notice intake (every request opens a case) and
# case queries, on SQLite and on PostgreSQL (a throwaway cluster from
# tests/support/postgres_cluster.sh), each for a bounded time, after GET /health (the HTTP
# layer alone, the ceiling to compare with). Prints one JSON line per run: requests per second,
# p50 and p99 latency, non-2xx answers.
#   bench/load/serve_load.sh [SECONDS] [CONNECTIONS] [BACKENDS...]   (10 s, 16, sqlite postgresql)
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-10}
connections=${2:-16}
shift $(( $# > 2 ? 2 : $# ))
backends=("$@")
[ ${#backends[@]} -gt 0 ] || backends=(sqlite postgresql)
binary=build/clearhost
command -v wrk >/dev/null || { echo "serve_load: wrk is missing (apt-get install wrk)" >&2; exit 2; }
[ -x "$binary" ] || { echo "serve_load: build first (./run build)" >&2; exit 2; }

work=$(mktemp -d /tmp/clearhost-load.XXXXXX)
chmod 755 "$work"
server_pid=
cleanup() {
  [ -z "$server_pid" ] || kill "$server_pid" 2>/dev/null || true
  [ ! -d "$work/pg" ] || tests/support/postgres_cluster.sh stop "$work/pg" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

run_backend() {  # run_backend NAME URL
  local name=$1 url=$2
  local token
  token=$("$binary" tokens create --db "$url" --role admin --principal load-test 2>/dev/null)
  "$binary" serve --db "$url" --listen 127.0.0.1:0 --threads "$connections" 2>"$work/$name.log" &
  server_pid=$!
  local port=
  for _ in $(seq 1 300); do
    port=$(sed -n 's|.*listening on http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$work/$name.log")
    [ -n "$port" ] && break
    sleep 0.05
  done
  [ -n "$port" ] || { cat "$work/$name.log" >&2; exit 1; }
  echo "== $name: $seconds s per route, $connections connections, 2 wrk threads" >&2
  local line
  line=$(wrk -t2 -c"$connections" -d"${seconds}s" -s bench/load/health.lua \
    "http://127.0.0.1:$port/health" | tail -n 1)
  echo "{\"backend\":\"$name\",${line#\{}"
  line=$(CLEARHOST_TOKEN=$token CLEARHOST_RUN=$name wrk -t2 -c"$connections" -d"${seconds}s" \
    -s bench/load/intake.lua "http://127.0.0.1:$port" | tail -n 1)
  echo "{\"backend\":\"$name\",${line#\{}"
  local cases
  cases=$(curl -s -H "Authorization: Bearer $token" "http://127.0.0.1:$port/v1/cases?limit=1" |
    sed -n 's|.*"cases":\[{"id":\([0-9]*\),.*|\1|p')
  line=$(CLEARHOST_TOKEN=$token CLEARHOST_CASES=${cases:-1} wrk -t2 -c"$connections" \
    -d"${seconds}s" -s bench/load/query.lua "http://127.0.0.1:$port" | tail -n 1)
  echo "{\"backend\":\"$name\",\"cases\":${cases:-0},${line#\{}"
  kill -TERM "$server_pid"
  wait "$server_pid" || true
  server_pid=
}

for backend in "${backends[@]}"; do
  case "$backend" in
    sqlite) run_backend sqlite "sqlite:$work/load.db" ;;
    postgresql)
      tests/support/postgres_cluster.sh start "$work/pg" >&2
      [ -s "$work/pg/url" ] || { echo "serve_load: no PostgreSQL server binaries" >&2; continue; }
      run_backend postgresql "$(cat "$work/pg/url")"
      ;;
    *) echo "serve_load: unknown backend '$backend'" >&2; exit 2 ;;
  esac
done
