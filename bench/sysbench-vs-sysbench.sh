#!/usr/bin/env bash
# sysbench against sysbench on one private server (ENGINE=my, the default, for
# MariaDB; ENGINE=pg for PostgreSQL): `sysbench oltp_read_write prepare`
# versus `dbarena bench prepare sysbench` for TABLES x SIZE rows (wall time),
# then oltp_point_select and oltp_read_write, sysbench (--rand-type=uniform)
# versus `dbarena bench run sysbench --mode ...`, 4 connections, interleaved
# for ROUNDS rounds, the first of each pair alternating (A B, B A, ...).  Throughput is what the server counted:
# MariaDB's Com_stmt_execute (point select: one statement a transaction) or
# Com_commit (read_write), PostgreSQL's xact_commit, over the run's seconds.
#   bench/sysbench-vs-sysbench.sh [SIZE] [SECONDS] [ROUNDS]   (B=build dir, TABLES=4, THREADS=dbarena --threads,
#   default 4: a thread per connection, as sysbench has)
# Targets: prepare <= 0.5 x sysbench; TPS >= 1.0 x sysbench (ratios printed last).
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
export ROOT
BUILD=$ROOT/${B:-build}
export BUILD
SIZE=${1:-100000}
SECS=${2:-10}
ROUNDS=${3:-2}
TABLES=${TABLES:-4}
ENGINE=${ENGINE:-my}
CONN=4
source "$ROOT/tests/integration/lib.sh"
command -v sysbench >/dev/null || { echo "bench: sysbench not found (Debian: apt-get install sysbench)" >&2; exit 1; }

WORK=$(mktemp -d /tmp/dbarena-bench.XXXXXX)
cleanup() { if [ "$ENGINE" = pg ]; then pg_stop; else my_stop; fi; rm -rf "$WORK"; }
trap cleanup EXIT
echo "bench: starting $ENGINE in $WORK"
if [ "$ENGINE" = pg ]; then
	pg_start "$WORK"; pg_fresh_db sbtest
	SBCONN=(--db-driver=pgsql --pgsql-host=127.0.0.1 --pgsql-port="$PG_PORT" --pgsql-user=postgres
		--pgsql-password=postgres --pgsql-db="$DB")
else
	my_start "$WORK"; my_fresh_db sbtest
	SBCONN=(--db-driver=mysql --mysql-host=127.0.0.1 --mysql-port="$MY_PORT" --mysql-user=root
		--mysql-password=mysql --mysql-db="$DB")
fi
now() { date +%s.%N; }
# The server's count of what one transaction of TEST does once.
counted() { # TEST
	if [ "$ENGINE" = pg ]; then
		pg_sql "SELECT pg_stat_clear_snapshot(); SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()" | tail -n 1
	elif [ "$1" = oltp_point_select ]; then
		my_sql "SHOW GLOBAL STATUS LIKE 'Com_stmt_execute'" | awk '{ print $2 }'
	else
		my_sql "SHOW GLOBAL STATUS LIKE 'Com_commit'" | awk '{ print $2 }'
	fi
}
source "$ROOT/bench/lib.sh"
sb() { sysbench "$1" "${SBCONN[@]}" --tables="$TABLES" --table-size="$SIZE" --rand-type=uniform "${@:2}"; }

si=() di=()
for r in $(seq 1 "$ROUNDS"); do
	sb oltp_read_write cleanup >/dev/null 2>&1 || true
	t=$(now); sb oltp_read_write prepare >/dev/null; si+=("$(echo "$(now) - $t" | bc -l)")
	# Each tool prepares into an empty database: the other's tables are dropped first, untimed.
	dbarena bench cleanup --url "$URL" sysbench --tables "$TABLES" --quiet >/dev/null
	t=$(now); dbarena bench prepare --url "$URL" sysbench --tables "$TABLES" --scale "$SIZE" --jobs 4 --quiet
	di+=("$(echo "$(now) - $t" | bc -l)")
	echo "bench: prepare round $r: sysbench ${si[-1]} s, dbarena ${di[-1]} s"
done

sb_run() { sb "$1" --threads="$CONN" --time="$SECS" --report-interval=0 run >"$WORK/sb.out" 2>&1; }
db_run() {
	dbarena bench run --url "$URL" sysbench --tables "$TABLES" --scale "$SIZE" --mode "$1" --connections "$CONN" \
		--threads "${THREADS:-$CONN}" --duration "$SECS" --quiet --json "$WORK/db.json" >/dev/null
}
# The server-counted rate of TEST while RUN (sb_run or db_run) runs it, in RATE (no subshell: a failure stops the script).
rate() { # RUN TEST
	local c0 c1
	c0=$(counted "$2")
	"$1" "$2"
	sleep 1; c1=$(counted "$2")
	RATE=$(echo "($c1 - $c0) / $SECS" | bc -l)
}
declare -A st dt pm
for test in oltp_point_select oltp_read_write; do
	a=() b=() pr=()
	for r in $(seq 1 "$ROUNDS"); do
		# Who goes first alternates (A B, B A, ...): read_write's updates bloat the tables, and
		# PostgreSQL's throughput falls from run to run, which would favour whoever always ran first.
		if [ $((r % 2)) = 1 ]; then
			rate sb_run $test; a+=("$RATE"); rate db_run $test; b+=("$RATE")
		else
			rate db_run $test; b+=("$RATE"); rate sb_run $test; a+=("$RATE")
		fi
		pr+=("$(echo "${b[-1]} / ${a[-1]}" | bc -l)")
		echo "bench: $test round $r: sysbench $(printf '%.0f' "${a[-1]}")/s" \
			"($(awk '/transactions:/ { gsub(/[()]/, "", $3); print $3 }' "$WORK/sb.out") tps by sysbench)," \
			"dbarena $(printf '%.0f' "${b[-1]}")/s ($(jq -r .throughput_tps "$WORK/db.json") tps by dbarena, $(jq -r .failed "$WORK/db.json") failed), ratio $(printf '%.3f' "${pr[-1]}")"
	done
	pm[$test]=$(median "${pr[@]}")
	st[$test]=$(most "${a[@]}")
	dt[$test]=$(most "${b[@]}")
done

printf '%s: %d tables x %d rows, %d connections, %d s runs, %d rounds (best of each)\n' "$ENGINE" "$TABLES" "$SIZE" "$CONN" "$SECS" "$ROUNDS"
printf '%-34s %10.2f s\n' "sysbench oltp_read_write prepare" "$(best "${si[@]}")"
printf '%-34s %10.2f s\n' "dbarena bench prepare sysbench" "$(best "${di[@]}")"
printf '%-34s %10.3f   (target <= 0.5)\n' "ratio prepare dbarena/sysbench" "$(echo "$(best "${di[@]}") / $(best "${si[@]}")" | bc -l)"
for test in oltp_point_select oltp_read_write; do
	printf '%-34s %10.0f /s server-counted\n' "sysbench $test" "${st[$test]}"
	printf '%-34s %10.0f /s server-counted\n' "dbarena $test" "${dt[$test]}"
	printf '%-34s %10.3f   (target >= 1.0)\n' "ratio $test dbarena/sysbench" "$(echo "${dt[$test]} / ${st[$test]}" | bc -l)"
	printf '%-34s %10.3f\n' "  median of the pairs' ratios" "${pm[$test]}"
done
