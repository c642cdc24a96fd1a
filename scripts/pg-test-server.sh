#!/usr/bin/env bash
# Starts a throwaway PostgreSQL 15 for the tests, on loopback and a free port,
# with its data and unix socket in a fresh temporary directory.
#
#   eval "$(scripts/pg-test-server.sh start)"   # exports CESP_TEST_PG and CESP_TEST_PG_DIR
#   ... run tests ...
#   scripts/pg-test-server.sh stop "$CESP_TEST_PG_DIR"
#
# `start` prints shell `export` lines (everything else goes to stderr), so it can
# be eval'ed by hand or from scripts/test.sh. CESP_TEST_PG is a cesp database URI:
#   postgresql:host=127.0.0.1 port=N dbname=cesp_test user=postgres
# As root, initdb and postgres run as the `postgres` user (they refuse root).
set -euo pipefail

bindir="${PG_BINDIR:-/usr/lib/postgresql/15/bin}"

run_as_pg() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

free_port() {
  python3 - <<'PY' 2>/dev/null || echo $((20000 + RANDOM % 20000))
import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()
PY
}

start() {
  [ -x "$bindir/initdb" ] || { echo "pg-test-server: $bindir/initdb not found (apt-get install postgresql)" >&2; exit 5; }
  local dir user port
  dir="$(mktemp -d /tmp/cesp-pg.XXXXXX)"
  chmod 700 "$dir"
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres:postgres "$dir"
    user=postgres
  else
    user="$(id -un)"
  fi
  run_as_pg "$bindir/initdb" -D "$dir/data" -U "$user" -A trust -E UTF8 --no-locale >"$dir/initdb.log" 2>&1 ||
    { cat "$dir/initdb.log" >&2; exit 5; }
  for attempt in 1 2 3 4 5; do
    port="$(free_port)"
    if run_as_pg "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=on -c max_connections=100" start >&2; then
      break
    fi
    port=""
    echo "pg-test-server: start on port attempt $attempt failed, retrying" >&2
  done
  [ -n "$port" ] || { cat "$dir/server.log" >&2; exit 5; }
  run_as_pg "$bindir/createdb" -h 127.0.0.1 -p "$port" -U "$user" cesp_test >&2
  echo "export CESP_TEST_PG_DIR='$dir'"
  echo "export CESP_TEST_PG='postgresql:host=127.0.0.1 port=$port dbname=cesp_test user=$user'"
}

stop() {
  local dir="${1:-${CESP_TEST_PG_DIR:-}}"
  [ -n "$dir" ] && [ -d "$dir/data" ] || { echo "pg-test-server: nothing to stop" >&2; return 0; }
  run_as_pg "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >&2 || true
  rm -rf "$dir"
}

case "${1:-start}" in
  start) start ;;
  stop) stop "${2:-}" ;;
  *) echo "usage: $0 start | stop [DIR]" >&2; exit 2 ;;
esac
