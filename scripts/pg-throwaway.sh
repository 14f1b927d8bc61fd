#!/usr/bin/env bash
# Sourced by the test command: starts a throwaway PostgreSQL cluster on a free port in a temp dir,
# exports TEST_DATABASE_URL and stops/removes the cluster when the calling shell exits.
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ -z "$PG_BIN" ] || [ ! -x "$PG_BIN/initdb" ]; then
  echo "PostgreSQL server binaries not found (apt-get install postgresql)" >&2
  return 1 2>/dev/null || exit 1
fi
PG_DIR=$(mktemp -d /tmp/quartier-pg.XXXXXX)
PG_PORT=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
as_pg() {
  # PostgreSQL refuses to run as root; use the postgres system user then.
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
[ "$(id -u)" = 0 ] && chown postgres "$PG_DIR"
as_pg "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1 \
  || { cat "$PG_DIR/initdb.log" >&2; return 1 2>/dev/null || exit 1; }
as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
  -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null \
  || { cat "$PG_DIR/server.log" >&2; return 1 2>/dev/null || exit 1; }
export TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/postgres"
stop_pg() { as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1; rm -rf "$PG_DIR"; }
trap stop_pg EXIT
echo "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') test cluster on port $PG_PORT"
