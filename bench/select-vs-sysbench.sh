#!/usr/bin/env bash
# Point-select throughput against MariaDB: sysbench oltp_point_select versus a
# select-only dbarena workload running the same statement
# (SELECT c FROM sbtest1 WHERE id = ?, prepared, ids uniform over the table)
# on the same table (prepared by sysbench), 4 connections, closed loop.
#   bench/select-vs-sysbench.sh [TABLE_SIZE] [SECONDS]   (B=build dir, default build)
# Target: dbarena >= 1.0 x sysbench (ratio printed last).
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
export ROOT
BUILD=$ROOT/${B:-build}
export BUILD
SIZE=${1:-100000}
SECS=${2:-10}
THREADS=4
source "$ROOT/tests/integration/lib.sh"

WORK=$(mktemp -d /tmp/dbarena-bench.XXXXXX)
cleanup() { my_stop; rm -rf "$WORK"; }
trap cleanup EXIT
echo "bench: starting MariaDB in $WORK"
my_start "$WORK"
my_fresh_db sbtest

sb() {
	sysbench oltp_point_select --db-driver=mysql --mysql-host=127.0.0.1 --mysql-port="$MY_PORT" \
		--mysql-user=root --mysql-password=mysql --mysql-db="$DB" --tables=1 \
		--table-size="$SIZE" "$@"
}
sb prepare >/dev/null
# Warm the buffer pool for both runs alike.
my_sql 'SELECT COUNT(*), SUM(LENGTH(c)) FROM sbtest1' >/dev/null

sb --threads="$THREADS" --time="$SECS" --report-interval=0 run >"$WORK/sysbench.out"
sb_tps=$(awk '/transactions:/ { gsub(/[()]/, "", $3); print $3 }' "$WORK/sysbench.out")

cat >"$WORK/select.ini" <<EOF
[workload]
name = point select
tables = sbtest1
connections = $THREADS
target_tps = 0
duration_seconds = $SECS
seed = 42

[query point_select]
sql = SELECT c FROM sbtest1 WHERE id = :id
weight = 1

[param point_select.id]
generator = random_int
min = 1
max = $SIZE
EOF
dbarena workload run --url "$URL" --config "$WORK/select.ini" --json "$WORK/wl.json" --quiet >"$WORK/wl.out" 2>&1 ||
	{ cat "$WORK/wl.out" >&2; exit 1; }
db_tps=$(jq -r '.throughput_tps // empty' "$WORK/wl.json")
db_failed=$(jq -r '.failed // 0' "$WORK/wl.json")
[ -n "$db_tps" ] || { echo "bench: no throughput in the workload's JSON" >&2; cat "$WORK/wl.out" >&2; exit 1; }
[ "$db_failed" = 0 ] || echo "bench: warning: $db_failed failed transactions in the dbarena run" >&2

printf 'table size                %d rows, %d connections, %d s each\n' "$SIZE" "$THREADS" "$SECS"
printf 'sysbench oltp_point_select %10.0f tps\n' "$sb_tps"
printf 'dbarena workload (select)  %10.0f tps\n' "$db_tps"
printf 'ratio dbarena/sysbench     %10.3f   (target >= 1.0)\n' "$(echo "$db_tps / $sb_tps" | bc -l)"
