#!/usr/bin/env bash
# TPC-C-like against Percona-Lab's sysbench-tpcc on one private MariaDB:
# `sysbench tpcc.lua prepare` versus `dbarena bench prepare tpcc` for WAREHOUSES
# warehouses (wall time), then the run at 4 connections without think time,
# sysbench-tpcc versus `dbarena bench run tpcc`, interleaved A B A B for ROUNDS
# rounds.  Throughput is what the server counted (Com_commit over the run's
# seconds: both sides commit each TPC-C transaction once; New-Order's rollbacks
# are not counted on either side).
#   SYSBENCH_TPCC=DIR bench/tpcc-vs-sysbench-tpcc.sh [WAREHOUSES] [SECONDS] [ROUNDS]
#   (B=build dir; THREADS=dbarena --threads, default 4: a thread per connection, as sysbench has)
# DIR is a clone of https://github.com/Percona-Lab/sysbench-tpcc (tpcc.lua and
# its modules); sysbench itself is Debian's package.
# sysbench-tpcc's prepare sleeps a fixed 30 s between creating its tables and
# loading them: the script prints its time with and without that sleep, and the
# target ratio is taken against the time without it.
# Targets: prepare <= 0.5 x sysbench-tpcc; TPS >= 1.0 x sysbench-tpcc.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
export ROOT
BUILD=$ROOT/${B:-build}
export BUILD
WH=${1:-4}
SECS=${2:-20}
ROUNDS=${3:-2}
CONN=4
SLEPT=30
source "$ROOT/tests/integration/lib.sh"
command -v sysbench >/dev/null || { echo "bench: sysbench not found (Debian: apt-get install sysbench)" >&2; exit 1; }
SBT=${SYSBENCH_TPCC:-}
[ -f "$SBT/tpcc.lua" ] || {
	echo "bench: set SYSBENCH_TPCC to a clone of https://github.com/Percona-Lab/sysbench-tpcc" >&2
	exit 1
}

WORK=$(mktemp -d /tmp/dbarena-bench.XXXXXX)
cleanup() { my_stop; rm -rf "$WORK"; }
trap cleanup EXIT
echo "bench: starting MariaDB in $WORK"
my_start "$WORK"
my_fresh_db sbtpcc
SBCONN=(--db-driver=mysql --mysql-host=127.0.0.1 --mysql-port="$MY_PORT" --mysql-user=root
	--mysql-password=mysql --mysql-db=sbtpcc)
my_fresh_db dbtpcc
now() { date +%s.%N; }
commits() { my_sql "SHOW GLOBAL STATUS LIKE 'Com_commit'" | awk '{ print $2 }'; }
source "$ROOT/bench/lib.sh"
# sysbench-tpcc is run from its own directory (it loads its modules by name).
sbt() { (cd "$SBT" && sysbench tpcc.lua "${SBCONN[@]}" --tables=1 --scale="$WH" "$@"); }

si=() di=() pr=()
for r in $(seq 1 "$ROUNDS"); do
	sbt cleanup >/dev/null 2>&1 || true
	t=$(now); sbt --threads="$CONN" prepare >"$WORK/sbt-prepare.out" 2>&1
	si+=("$(echo "$(now) - $t - $SLEPT" | bc -l)")
	t=$(now); dbarena bench prepare --url "$URL" tpcc --scale "$WH" --jobs "$CONN" --force --quiet
	di+=("$(echo "$(now) - $t" | bc -l)")
	pr+=("$(echo "${di[-1]} / ${si[-1]}" | bc -l)")
	printf 'bench: prepare round %d: sysbench-tpcc %.2f s (+%d s of its sleep), dbarena %.2f s, ratio %.3f\n' \
		"$r" "${si[-1]}" "$SLEPT" "${di[-1]}" "${pr[-1]}"
done

a=() b=() rr=()
for r in $(seq 1 "$ROUNDS"); do
	c0=$(commits)
	sbt --threads="$CONN" --time="$SECS" --report-interval=0 run >"$WORK/sbt.out" 2>&1
	sleep 1; c1=$(commits)
	a+=("$(echo "($c1 - $c0) / $SECS" | bc -l)")
	c0=$(commits)
	dbarena bench run --url "$URL" tpcc --scale "$WH" --connections "$CONN" --threads "${THREADS:-$CONN}" --duration "$SECS" \
		--quiet --json "$WORK/db.json" >/dev/null
	sleep 1; c1=$(commits)
	b+=("$(echo "($c1 - $c0) / $SECS" | bc -l)")
	rr+=("$(echo "${b[-1]} / ${a[-1]}" | bc -l)")
	printf 'bench: run round %d: sysbench-tpcc %.0f commits/s (%s), dbarena %.0f commits/s (%s tps, %s failed), ratio %.3f\n' \
		"$r" "${a[-1]}" "$(awk '/transactions:/ { gsub(/[()]/, "", $3); print $3 " tps by sysbench" }' "$WORK/sbt.out")" \
		"${b[-1]}" "$(jq -r .throughput_tps "$WORK/db.json")" "$(jq -r .failed "$WORK/db.json")" "${rr[-1]}"
done

printf 'MariaDB: %d warehouses, %d connections, %d s runs, %d rounds\n' "$WH" "$CONN" "$SECS" "$ROUNDS"
printf '%-40s %10.2f s (best; +%d s of fixed sleep not counted)\n' "sysbench-tpcc prepare" "$(best "${si[@]}")" "$SLEPT"
printf '%-40s %10.2f s (best)\n' "dbarena bench prepare tpcc" "$(best "${di[@]}")"
printf '%-40s %10.3f   (median of pairs; target <= 0.5)\n' "ratio prepare dbarena/sysbench-tpcc" "$(median "${pr[@]}")"
printf '%-40s %10.0f /s server-counted (best)\n' "sysbench-tpcc run" "$(most "${a[@]}")"
printf '%-40s %10.0f /s server-counted (best)\n' "dbarena bench run tpcc" "$(most "${b[@]}")"
printf '%-40s %10.3f   (median of pairs; target >= 1.0)\n' "ratio run dbarena/sysbench-tpcc" "$(median "${rr[@]}")"
