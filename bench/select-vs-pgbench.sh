#!/usr/bin/env bash
# Point-select throughput against PostgreSQL: pgbench's built-in select-only
# script (-S: SELECT abalance FROM pgbench_accounts WHERE aid = :aid, aid
# uniform over the table) versus a dbarena workload running the same
# statement as a prepared custom query, on the same pgbench -i -s SCALE
# tables, 4 connections, closed loop (tps 0), SECONDS each.
#   bench/select-vs-pgbench.sh [SCALE] [SECONDS]   (B=build dir, default build)
# Prints both TPS figures and the ratio dbarena/pgbench last.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
export ROOT
BUILD=$ROOT/${B:-build}
export BUILD
SCALE=${1:-10}
SECS=${2:-20}
CONN=4
source "$ROOT/tests/integration/lib.sh"
command -v pgbench >/dev/null || PATH=$PG_BIN:$PATH
command -v pgbench >/dev/null || { echo "bench: pgbench not found" >&2; exit 1; }

WORK=$(mktemp -d /tmp/dbarena-bench.XXXXXX)
cleanup() { pg_stop; rm -rf "$WORK"; }
trap cleanup EXIT
echo "bench: starting PostgreSQL in $WORK"
pg_start "$WORK"
pg_fresh_db pgbench
pgbench -i -s "$SCALE" -q -h 127.0.0.1 -p "$PG_PORT" -U postgres "$DB" >/dev/null 2>&1

echo "bench: pgbench -S -M prepared -c $CONN -j $CONN -T $SECS"
pg_tps=$(pgbench -S -M prepared -c "$CONN" -j "$CONN" -T "$SECS" -n -h 127.0.0.1 -p "$PG_PORT" -U postgres "$DB" 2>/dev/null |
	awk '/^tps = / { print $3; exit }')

cat >"$WORK/select.ini" <<EOF
[workload]
name = point select
connections = $CONN
target_tps = 0
duration_seconds = $SECS

[query point_select]
sql = SELECT abalance FROM pgbench_accounts WHERE aid = :aid
weight = 1

[param point_select.aid]
generator = random_int
min = 1
max = $((SCALE * 100000))
EOF
echo "bench: dbarena workload run, $CONN connections, tps 0, $SECS s"
dbarena workload run --url "$URL" --config "$WORK/select.ini" --threads "${THREADS:-2}" --json "$WORK/select.json" --quiet >/dev/null
db_tps=$(jq -r .throughput_tps "$WORK/select.json")
db_p99=$(jq -r .latency_service.p99_us "$WORK/select.json")

printf '%-26s %12.1f tps\n' "pgbench -S" "$pg_tps"
printf '%-26s %12.1f tps   (service p99 %.0f us)\n' "dbarena workload" "$db_tps" "$db_p99"
printf '%-26s %12.3f\n' "ratio dbarena/pgbench" "$(echo "$db_tps / $pg_tps" | bc -l)"
