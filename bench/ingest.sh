#!/bin/sh
# The collector ingest benchmark (bench/README.md, "Collector ingest"): starts a throwaway
# PostgreSQL (initdb into a temporary folder, fsync on, 127.0.0.1 at a free port; as the
# postgres user when run as root), runs `rating-bench ingest` against SQLite and that server,
# and stops and removes the server afterwards.
# Usage: bench/ingest.sh [--terminals N] [--batches N] [--batch-size N] [--clients N] [--dir FOLDER]
set -eu
cd "$(dirname "$0")/.."
swift build -c release --product rating-bench
pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
pg_dir=$(mktemp -d)
as_pg=""
if [ "$(id -u)" = 0 ]; then
    chown postgres "$pg_dir"
    as_pg="runuser -u postgres --"
fi
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
stop() {
    $as_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$pg_dir"
}
trap stop EXIT INT TERM
$as_pg "$pg_bin/initdb" -D "$pg_dir/data" -U postgres --auth=trust >/dev/null
$as_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w \
    -o "-p $port -k $pg_dir -c listen_addresses=127.0.0.1 -c max_connections=100" start >/dev/null
echo "PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (fsync on)"
./.build/release/rating-bench ingest --postgres-port "$port" "$@"
