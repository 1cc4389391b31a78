#!/usr/bin/env bash
# Run a command with DATABASE_URL pointing at PostgreSQL and TEST_DATABASE_NAME set to a fresh name.
#   1. $DATABASE_URL when set;
#   2. else the server on 127.0.0.1:5432 when one answers (trust auth, user postgres);
#   3. else (or with PG_THROWAWAY=1) a throw-away cluster from Debian's binaries on a free port, stopped
#      whatever happens.
# The test databases are created and dropped by the test run (one per xdist worker, each with its demo snapshot
# beside it, all named after TEST_DATABASE_NAME); this script drops them too if the run dies.
set -euo pipefail
cd "$(dirname "$0")/.."
run_name="anquan_test_$(date +%s)_$$"
export TEST_DATABASE_NAME="$run_name"
cluster_dir=""
pg_bin=""

answers() {  # host port
  python3 - "$1" "$2" <<'PY'
import socket, sys
s = socket.socket(); s.settimeout(1)
try:
    s.connect((sys.argv[1], int(sys.argv[2]))); print("yes")
except OSError:
    print("no")
PY
}

as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

cleanup() {
  local status=$?
  if [ -n "${DATABASE_URL:-}" ]; then
    .venv/bin/python - "$run_name" <<'PY' || true
import os, sys, psycopg, dj_database_url
cfg = dj_database_url.parse(os.environ["DATABASE_URL"])
conn = psycopg.connect(host=cfg["HOST"] or None, port=cfg["PORT"] or None, user=cfg["USER"] or None,
                       password=cfg["PASSWORD"] or None, dbname="postgres", autocommit=True)
left = conn.execute("SELECT datname FROM pg_database WHERE datname = %s OR starts_with(datname, %s)",
                    [sys.argv[1], sys.argv[1] + "_"]).fetchall()
for (name,) in left:
    conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
PY
  fi
  if [ -n "$cluster_dir" ]; then
    as_postgres "$pg_bin/pg_ctl" -D "$cluster_dir/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$cluster_dir"
  fi
  exit $status
}
trap cleanup EXIT INT TERM

if [ -z "${DATABASE_URL:-}" ]; then
  if [ "${PG_THROWAWAY:-0}" != 1 ] && [ "$(answers 127.0.0.1 5432)" = yes ]; then
    export DATABASE_URL="postgres://postgres@127.0.0.1:5432/postgres"
  else
    pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    if [ -z "$pg_bin" ]; then
      scripts/ensure-debian-packages.sh postgresql
      pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
    fi
    mkdir -p var
    cluster_dir=$(mktemp -d "$PWD/var/pgcluster.XXXXXX")
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    [ "$(id -u)" -eq 0 ] && chown -R postgres "$cluster_dir" && chmod 755 "$PWD/var"
    as_postgres "$pg_bin/initdb" -D "$cluster_dir/data" -U postgres --auth=trust -E UTF8 >/dev/null
    as_postgres "$pg_bin/pg_ctl" -D "$cluster_dir/data" -l "$cluster_dir/log" -w \
      -o "-p $port -k $cluster_dir -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
    export DATABASE_URL="postgres://postgres@127.0.0.1:$port/postgres"
    echo "Started a throw-away PostgreSQL on port $port"
  fi
fi
echo "PostgreSQL test database: $run_name"
"$@"
