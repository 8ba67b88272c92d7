#!/usr/bin/env bash
# Workload engine vs pgbench, same server, same run (run by hand, not in make check):
#   1. select-only throughput, 4 connections, unthrottled:
#      pgbench -M prepared -S -c 4 -j 2  vs  dbarena custom point select, tps 0;
#   2. rate accuracy at 1,000 and 5,000 TPS over SECONDS (achieved/target), dbarena and pgbench -R;
#   3. client CPU (user+sys) per 1,000 transactions, dbarena vs pgbench, in the unthrottled runs.
#   bench/workload.sh [SCALE] [SECONDS]   (B=build dir, default build)
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
export ROOT
BUILD=$ROOT/${B:-build}
export BUILD
SCALE=${1:-10}
SECS=${2:-10}
source "$ROOT/tests/integration/lib.sh"
command -v pgbench >/dev/null || PATH=$PG_BIN:$PATH
WORK=$(mktemp -d /tmp/dbarena-bench.XXXXXX)
cleanup() { pg_stop; rm -rf "$WORK"; }
trap cleanup EXIT
pg_start "$WORK"
pg_fresh_db pgbench
pgbench -i -s "$SCALE" -q -h 127.0.0.1 -p "$PG_PORT" -U postgres "$DB" >/dev/null 2>&1
PGB=(pgbench -n -h 127.0.0.1 -p "$PG_PORT" -U postgres)

cat >"$WORK/select.ini" <<INI
[workload]
name = point select
connections = 4
target_tps = 0
duration_seconds = $SECS
[query point_select]
sql = SELECT abalance FROM pgbench_accounts WHERE aid = :aid
weight = 1
[param point_select.aid]
generator = random_int
min = 1
max = $((SCALE * 100000))
INI

# Client CPU (user + sys seconds) of one command, written by bash's time keyword.
TIMEFORMAT='%U + %S'

echo "== 1. select-only, 4 connections, unthrottled, ${SECS}s"
{ time "${PGB[@]}" -S -M prepared -c 4 -j 2 -T "$SECS" "$DB" >"$WORK/pg.out" 2>/dev/null; } 2>"$WORK/pg.cpu"
pg_out=$(cat "$WORK/pg.out")
pg_tps=$(echo "$pg_out" | awk '/^tps = / { print $3; exit }')
pg_tx=$(echo "$pg_out" | awk '/number of transactions actually processed/ { print $NF; exit }')
{ time "$DBARENA_BIN" --plugin-dir "$BUILD/plugins" workload run --url "$URL" --config "$WORK/select.ini" \
	--json "$WORK/sel.json" --quiet >/dev/null 2>&1; } 2>"$WORK/db.cpu"
db_tps=$(jq -r .throughput_tps "$WORK/sel.json")
db_tx=$(jq -r .total "$WORK/sel.json")
printf '   pgbench  %10.0f tps\n   dbarena  %10.0f tps\n   ratio    %10.3f (target >= 1.0)\n' \
	"$pg_tps" "$db_tps" "$(echo "$db_tps / $pg_tps" | bc -l)"

echo "== 2. rate accuracy over ${SECS}s (achieved / target)"
for rate in 1000 5000; do
	pr=$("${PGB[@]}" -S -M prepared -c 4 -j 2 -R "$rate" -T "$SECS" "$DB" 2>/dev/null | awk '/^tps = / { print $3; exit }')
	dbarena workload run --url "$URL" --config "$WORK/select.ini" --tps "$rate" --json "$WORK/r$rate.json" --quiet >/dev/null
	dr=$(jq -r .throughput_tps "$WORK/r$rate.json")
	printf '   %5d tps: dbarena %+6.2f %%   pgbench -R %+6.2f %%\n' "$rate" \
		"$(echo "($dr / $rate - 1) * 100" | bc -l)" "$(echo "($pr / $rate - 1) * 100" | bc -l)"
done

echo "== 3. client CPU per 1,000 transactions (unthrottled runs)"
printf '   pgbench  %8.4f s\n   dbarena  %8.4f s\n' \
	"$(echo "($(cat "$WORK/pg.cpu")) * 1000 / $pg_tx" | bc -l)" "$(echo "($(cat "$WORK/db.cpu")) * 1000 / $db_tx" | bc -l)"
