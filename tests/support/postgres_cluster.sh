#!/usr/bin/env bash
# A throwaway PostgreSQL server for the test run (CTest fixture "postgres", tests/CMakeLists.txt).
#   postgres_cluster.sh start DIR   initdb a cluster, start it on a free port on 127.0.0.1 only,
#                                   and write its URL (postgresql://postgres@127.0.0.1:PORT/postgres)
#                                   to DIR/url
#   postgres_cluster.sh stop DIR    stop it (pg_ctl stop -m fast) and remove it and DIR
# Uses Debian's postgresql package (/usr/lib/postgresql/*/bin, the newest; $CLEARHOST_POSTGRES_BIN
# names another directory with initdb and pg_ctl). Without it, start writes no URL and exits 0:
# the PostgreSQL tests then skip (or fail, with CLEARHOST_REQUIRE_POSTGRES=1).
# The cluster itself lives in a fresh directory under /tmp (DIR/data names it), owned by the
# `postgres` user when run as root, since initdb refuses to run as root; trust authentication,
# fsync off: for tests only.
set -euo pipefail

command=${1:-}
dir=${2:-}
[ -n "$command" ] && [ -n "$dir" ] || { echo "usage: $0 start|stop DIR" >&2; exit 2; }

as_owner=()
if [ "$(id -u)" -eq 0 ]; then
  as_owner=(setpriv --reuid=postgres --regid=postgres --init-groups --)
fi

bin_dir() {  # $CLEARHOST_POSTGRES_BIN, else the newest installed server's bin directory, or nothing
  local candidates=(/usr/lib/postgresql/*/bin)
  [ -z "${CLEARHOST_POSTGRES_BIN:-}" ] || candidates=("$CLEARHOST_POSTGRES_BIN")
  printf '%s\n' "${candidates[@]}" | sort -V | while read -r candidate; do
    if [ -x "$candidate/initdb" ] && [ -x "$candidate/pg_ctl" ]; then echo "$candidate"; fi
  done | tail -n 1
}

stop_cluster() {
  [ -f "$dir/data" ] || return 0
  local cluster bin
  cluster=$(cat "$dir/data")
  bin=$(bin_dir)
  if [ -n "$bin" ] && [ -f "$cluster/data/postmaster.pid" ]; then
    "${as_owner[@]}" "$bin/pg_ctl" -D "$cluster/data" stop -m fast -w >/dev/null 2>&1 || true
  fi
  case "$cluster" in /tmp/clearhost-postgres.*) rm -rf "$cluster" ;; esac
}

port_in_use() {  # port_in_use PORT: whether something listens on 127.0.0.1:PORT
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

case "$command" in
  start)
    stop_cluster  # a cluster left behind by an interrupted run
    rm -rf "$dir"
    mkdir -p "$dir"
    bin=$(bin_dir)
    if [ -z "$bin" ]; then
      echo "postgres_cluster: no PostgreSQL server binaries (apt-get install postgresql):" \
        "the PostgreSQL tests will skip" >&2
      exit 0
    fi
    if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
      echo "postgres_cluster: running as root and there is no postgres user to run the server as:" \
        "the PostgreSQL tests will skip" >&2
      exit 0
    fi
    cluster=$(mktemp -d /tmp/clearhost-postgres.XXXXXX)
    echo "$cluster" > "$dir/data"
    [ "$(id -u)" -ne 0 ] || chown postgres:postgres "$cluster"
    "${as_owner[@]}" "$bin/initdb" -D "$cluster/data" -U postgres -A trust -E UTF8 --locale=C \
      --no-sync >"$cluster/initdb.log" 2>&1 || { cat "$cluster/initdb.log" >&2; exit 1; }
    for attempt in 1 2 3 4 5 6 7 8; do
      port=$((20000 + RANDOM % 30000))
      port_in_use "$port" && continue
      cat > "$cluster/data/clearhost.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$cluster'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
CONF
      grep -q "^include 'clearhost.conf'" "$cluster/data/postgresql.conf" ||
        echo "include 'clearhost.conf'" >> "$cluster/data/postgresql.conf"
      chown -R --reference="$cluster" "$cluster/data"
      if "${as_owner[@]}" "$bin/pg_ctl" -D "$cluster/data" -l "$cluster/server.log" -w -t 60 \
        start >/dev/null; then
        echo "postgresql://postgres@127.0.0.1:$port/postgres" > "$dir/url"
        echo "postgres_cluster: PostgreSQL $("$bin/pg_ctl" --version | awk '{print $3}')" \
          "on 127.0.0.1:$port ($cluster)"
        exit 0
      fi
      echo "postgres_cluster: start on port $port failed (attempt $attempt):" >&2
      tail -n 5 "$cluster/server.log" >&2 || true
    done
    exit 1
    ;;
  stop)
    stop_cluster
    rm -rf "$dir"
    ;;
  *)
    echo "usage: $0 start|stop DIR" >&2
    exit 2
    ;;
esac
