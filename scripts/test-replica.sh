#!/usr/bin/env bash
# `npm run test:replica`: a private PostgreSQL primary and a streaming replica of it, made from Debian's own
# binaries in a temporary directory on free ports, then test/read-replica.e2e-spec.ts against the pair, then
# both stopped and removed (also on failure or Ctrl-C). The machine's own cluster and its pg_hba.conf are never
# touched: the pair has its own data directories, configuration, sockets and ports.
# The jest results go to test-results/jest-replica.json (.ci/run adds them to its total).
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "${BIN:-}/initdb" ] || { echo "test-replica: no PostgreSQL binaries under /usr/lib/postgresql/*/bin" >&2; exit 1; }

# Postgres refuses to run as root: as root, run its tools as the postgres user.
if [ "$(id -u)" = 0 ]; then as_pg() { runuser -u postgres -- "$@"; }; else as_pg() { "$@"; }; fi

free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }

DIR=$(mktemp -d /tmp/tv-replica.XXXXXX)
chmod 700 "$DIR"
[ "$(id -u)" = 0 ] && chown postgres: "$DIR"
PRIMARY_PORT=$(free_port)
REPLICA_PORT=$(free_port)
while [ "$REPLICA_PORT" = "$PRIMARY_PORT" ]; do REPLICA_PORT=$(free_port); done

cleanup() {
  as_pg "$BIN/pg_ctl" -D "$DIR/replica" -m immediate stop >/dev/null 2>&1 || true
  as_pg "$BIN/pg_ctl" -D "$DIR/primary" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$DIR"
}
trap cleanup EXIT INT TERM

echo "==> primary on 127.0.0.1:$PRIMARY_PORT, replica on 127.0.0.1:$REPLICA_PORT ($DIR)"
as_pg "$BIN/initdb" -D "$DIR/primary" -U postgres --auth=trust -E UTF8 --no-sync >"$DIR/initdb.log" 2>&1 \
  || { cat "$DIR/initdb.log"; exit 1; }
# Test-only settings: no fsync (the data is thrown away), a small footprint on a shared machine.
cat >>"$DIR/primary/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PRIMARY_PORT
unix_socket_directories = '$DIR'
wal_level = replica
max_wal_senders = 4
hot_standby = on
fsync = off
synchronous_commit = off
full_page_writes = off
shared_buffers = 32MB
max_connections = 60
CONF
# The replication entry goes into the private cluster's own pg_hba.conf.
echo "host replication postgres 127.0.0.1/32 trust" >>"$DIR/primary/pg_hba.conf"
as_pg "$BIN/pg_ctl" -D "$DIR/primary" -l "$DIR/primary.log" -w start >/dev/null

as_pg "$BIN/pg_basebackup" -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -D "$DIR/replica" -R -X stream -c fast --no-sync
echo "port = $REPLICA_PORT" >>"$DIR/replica/postgresql.conf"
as_pg "$BIN/pg_ctl" -D "$DIR/replica" -l "$DIR/replica.log" -w start >/dev/null
as_pg "$BIN/psql" -h 127.0.0.1 -p "$REPLICA_PORT" -U postgres -Atc 'SELECT pg_is_in_recovery()' | grep -qx t \
  || { echo "test-replica: the replica is not in recovery" >&2; exit 1; }

status=0
DATABASE_URL="postgres://postgres@127.0.0.1:$PRIMARY_PORT/ticket_vendor" \
  TEST_READ_REPLICA_URL="postgres://postgres@127.0.0.1:$REPLICA_PORT/postgres" \
  TEST_RUN_NAME=replica \
  node scripts/run-tests.js --maxWorkers=1 test/read-replica.e2e-spec.ts "$@" || status=$?
exit $status
