#!/bin/sh
# The collector ingest benchmark (issue 7): N simulated terminals upload signed gzip batches over
# loopback to `rating-collector serve`: SQLite with one instance, PostgreSQL with one and with two
# instances on one database; beside each, the database's own bulk insert of the same rows.
# PostgreSQL runs durably here (fsync and synchronous_commit on), in a server this script starts in a
# temporary folder and stops at the end. Prints a table for bench/README.md.
# Usage: bench/ingest.sh [--terminals N] [--batch N] [--batches N] [--workers N]
set -eu
cd "$(dirname "$0")/.."
swift build -c release --product rating-bench >/dev/null
swift build -c release --product rating-collector >/dev/null
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
work=$(mktemp -d /tmp/rating-ingest-bench.XXXXXX)
as=""
if [ "$(id -u)" -eq 0 ]; then
    # initdb refuses root: the server runs as the postgres system user and owns the folder.
    as="runuser -u postgres --"
    chown postgres "$work"
fi
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
pids=""
cleanup() {
    for pid in $pids; do kill "$pid" 2>/dev/null || true; done
    $as "$bin/pg_ctl" -D "$work/data" -m fast stop >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT INT TERM
$as "$bin/initdb" -D "$work/data" -U postgres -A trust -E UTF8 --locale=C >"$work/initdb.log" 2>&1
$as "$bin/pg_ctl" -D "$work/data" -l "$work/server.log" -w -o "-c listen_addresses=127.0.0.1 -p $port -k $work -c max_connections=200" start >/dev/null
for db in one two bulk; do psql -X -q -h 127.0.0.1 -p "$port" -U postgres -c "CREATE DATABASE $db" postgres; done

# Starts `rating-collector serve` on DB and prints its URL once it listens.
start_collector() {
    portfile="$work/collector-$(date +%s%N).port"
    ./.build/release/rating-collector serve --db "$1" --listen 127.0.0.1:0 --port-file "$portfile" >/dev/null 2>"$portfile.log" &
    pids="$pids $!"
    tries=0
    until [ -s "$portfile" ]; do
        tries=$((tries + 1)); [ "$tries" -gt 300 ] && { echo "the collector did not start:" >&2; cat "$portfile.log" >&2; exit 1; }
        sleep 0.1
    done
    echo "http://127.0.0.1:$(cat "$portfile")"
}
stop_collectors() { for pid in $pids; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done; pids=""; }

bench=./.build/release/rating-bench
pg="postgres://postgres@127.0.0.1:$port"
echo "machine: $(uname -srm), $(nproc) cores; PostgreSQL $("$bin/postgres" --version | awk '{print $3}'), SQLite (WAL, synchronous=FULL)"
echo "| setup | ratings | seconds | ratings/s | batch p50 ms | batch p99 ms | 429/503 retried | stored | bulk insert of the same rows, ratings/s |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
url=$(start_collector "sqlite:$work/collector.sqlite")
$bench ingest --db "sqlite:$work/collector.sqlite" --collectors "$url" --bulk-db "sqlite:$work/bulk.sqlite" --dir "$work/tmp" \
    --label "SQLite, 1 instance" "$@"
stop_collectors
url=$(start_collector "$pg/one")
$bench ingest --db "$pg/one" --collectors "$url" --bulk-db "$pg/bulk" --dir "$work/tmp" --label "PostgreSQL, 1 instance" "$@"
stop_collectors
psql -X -q -h 127.0.0.1 -p "$port" -U postgres -c "DROP DATABASE bulk" -c "CREATE DATABASE bulk" postgres
first=$(start_collector "$pg/two")
second=$(start_collector "$pg/two")
$bench ingest --db "$pg/two" --collectors "$first,$second" --bulk-db "$pg/bulk" --dir "$work/tmp" --label "PostgreSQL, 2 instances" "$@"
stop_collectors
