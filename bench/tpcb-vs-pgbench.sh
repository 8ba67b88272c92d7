#!/usr/bin/env bash
# tpcb against pgbench on one private PostgreSQL: `pgbench -i -s SCALE` versus
# `dbarena bench prepare tpcb --scale SCALE` (wall time), then pgbench's
# TPC-B-like script (-M prepared -c 4 -j 2) versus `dbarena bench run tpcb --threads 2
# --connections 4`, interleaved A B A B for ROUNDS rounds.  Throughput is what
# the server counted: the database's xact_commit delta over the run's seconds.
#   bench/tpcb-vs-pgbench.sh [SCALE] [SECONDS] [ROUNDS]   (B=build dir, default build)
# Targets: prepare <= 1.0 x pgbench -i; run >= 1.0 x pgbench (ratios printed last).
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
export ROOT
BUILD=$ROOT/${B:-build}
export BUILD
SCALE=${1:-10}
SECS=${2:-10}
ROUNDS=${3:-2}
CONN=4
source "$ROOT/tests/integration/lib.sh"
command -v pgbench >/dev/null || PATH=$PG_BIN:$PATH
command -v pgbench >/dev/null || { echo "bench: pgbench not found" >&2; exit 1; }

WORK=$(mktemp -d /tmp/dbarena-bench.XXXXXX)
cleanup() { pg_stop; rm -rf "$WORK"; }
trap cleanup EXIT
echo "bench: starting PostgreSQL in $WORK"
pg_start "$WORK"
pg_fresh_db tpcb
export PGPASSWORD=postgres
now() { date +%s.%N; }
commits() { pg_sql "SELECT pg_stat_clear_snapshot(); SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()" | tail -n 1; }
source "$ROOT/bench/lib.sh"

pi=() di=()
for r in $(seq 1 "$ROUNDS"); do
	t=$(now); pgbench -i -s "$SCALE" -q -h 127.0.0.1 -p "$PG_PORT" -U postgres "$DB" >/dev/null 2>&1; pi+=("$(echo "$(now) - $t" | bc -l)")
	t=$(now); dbarena bench prepare --url "$URL" tpcb --scale "$SCALE" --jobs 4 --force --quiet; di+=("$(echo "$(now) - $t" | bc -l)")
	echo "bench: prepare round $r: pgbench -i ${pi[-1]} s, dbarena ${di[-1]} s"
done
# The same tables for both runs from here on: pgbench's, freshly vacuumed.
pgbench -i -s "$SCALE" -q -h 127.0.0.1 -p "$PG_PORT" -U postgres "$DB" >/dev/null 2>&1

pt=() dt=() rr=()
for r in $(seq 1 "$ROUNDS"); do
	c0=$(commits)
	pgbench -n -M prepared -c "$CONN" -j 2 -T "$SECS" -h 127.0.0.1 -p "$PG_PORT" -U postgres "$DB" >"$WORK/pgbench.out" 2>&1
	sleep 1; c1=$(commits)
	pt+=("$(echo "($c1 - $c0) / $SECS" | bc -l)")
	c0=$(commits)
	dbarena bench run --url "$URL" tpcb --connections "$CONN" --threads "${THREADS:-2}" --duration "$SECS" --quiet --json "$WORK/db.json" >/dev/null
	sleep 1; c1=$(commits)
	dt+=("$(echo "($c1 - $c0) / $SECS" | bc -l)")
	rr+=("$(echo "${dt[-1]} / ${pt[-1]}" | bc -l)")
	echo "bench: run round $r: pgbench $(printf '%.0f' "${pt[-1]}") commits/s ($(awk '/^tps = / { print $3; exit }' "$WORK/pgbench.out") tps by pgbench)," \
		"dbarena $(printf '%.0f' "${dt[-1]}") commits/s ($(jq -r .throughput_tps "$WORK/db.json") tps by dbarena, $(jq -r .failed "$WORK/db.json") failed)," \
		"ratio $(printf '%.3f' "${rr[-1]}")"
done

printf 'scale %d, %d connections, %d s runs, %d rounds (best of each)\n' "$SCALE" "$CONN" "$SECS" "$ROUNDS"
printf '%-34s %10.2f s\n' "pgbench -i -s $SCALE" "$(best "${pi[@]}")"
printf '%-34s %10.2f s\n' "dbarena bench prepare tpcb" "$(best "${di[@]}")"
printf '%-34s %10.0f commits/s\n' "pgbench -M prepared -c $CONN -j 2" "$(most "${pt[@]}")"
printf '%-34s %10.0f commits/s\n' "dbarena bench run tpcb" "$(most "${dt[@]}")"
printf '%-34s %10.3f   (target <= 1.0)\n' "ratio prepare dbarena/pgbench" "$(echo "$(best "${di[@]}") / $(best "${pi[@]}")" | bc -l)"
printf '%-34s %10.3f   (target >= 1.0)\n' "ratio run dbarena/pgbench" "$(echo "$(most "${dt[@]}") / $(most "${pt[@]}")" | bc -l)"
printf '%-34s %10.3f   (pairs: %s)\n' "ratio run, median of pairs" "$(median "${rr[@]}")" "$(printf '%.2f ' "${rr[@]}")"
