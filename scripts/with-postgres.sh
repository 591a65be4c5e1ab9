#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL on loopback and TOOLGATE_TEST_DB pointing at it.
#
#   scripts/with-postgres.sh npx vitest run            # the whole suite on PostgreSQL
#   scripts/with-postgres.sh npx vitest run test/reliability
#
# The cluster lives in a temp dir (initdb + pg_ctl as the postgres user when run as root),
# listens on 127.0.0.1 only, on a free port, with trust auth for loopback; it is stopped and
# removed when the command ends. Needs PostgreSQL's server binaries (Debian: apt-get install
# postgresql); PG_BIN overrides where they are looked for.
set -euo pipefail

if [ "$#" -eq 0 ]; then
  echo "usage: scripts/with-postgres.sh <command> [args...]" >&2
  exit 2
fi

find_pg_bin() {
  if [ -n "${PG_BIN:-}" ]; then echo "$PG_BIN"; return; fi
  local dir
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$dir/initdb" ]; then echo "$dir"; return; fi
  done
  if command -v initdb >/dev/null 2>&1; then dirname "$(command -v initdb)"; return; fi
  echo "PostgreSQL server binaries (initdb, pg_ctl) not found; install them (Debian: apt-get install -y postgresql) or set PG_BIN" >&2
  exit 1
}
PG_BIN="$(find_pg_bin)"

# initdb refuses to run as root: run the server as the postgres user then.
RUN_AS=()
if [ "$(id -u)" = 0 ]; then
  if ! id postgres >/dev/null 2>&1; then
    echo "running as root but there is no postgres user to run the server as" >&2
    exit 1
  fi
  RUN_AS=(runuser -u postgres --)
fi

PGDIR="$(mktemp -d /tmp/toolgate-pg.XXXXXX)"
chmod 755 "$PGDIR"
[ "$(id -u)" = 0 ] && chown postgres "$PGDIR"
PORT="${TOOLGATE_PG_PORT:-$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')}"

cleanup() {
  "${RUN_AS[@]}" "$PG_BIN/pg_ctl" -D "$PGDIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PGDIR"
}
trap cleanup EXIT

"${RUN_AS[@]}" "$PG_BIN/initdb" -D "$PGDIR/data" -U postgres --auth=trust --encoding=UTF8 --no-locale >"$PGDIR/initdb.log" 2>&1 \
  || { cat "$PGDIR/initdb.log" >&2; exit 1; }
# fsync stays on: the crash tests rely on what PostgreSQL reports as committed being durable.
"${RUN_AS[@]}" "$PG_BIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/server.log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -p $PORT -k $PGDIR -c max_connections=300" start >/dev/null \
  || { cat "$PGDIR/server.log" >&2; exit 1; }
"$PG_BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -qc 'create database toolgate_test' >/dev/null

export TOOLGATE_TEST_DB="postgres://postgres@127.0.0.1:$PORT/toolgate_test"
echo "== PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $NF}') on 127.0.0.1:$PORT; TOOLGATE_TEST_DB=$TOOLGATE_TEST_DB" >&2
set +e
"$@"
status=$?
set -e
exit "$status"
