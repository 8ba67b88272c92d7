#!/usr/bin/env bash
# Throttled benchmark runs and a table lock, on one private server (ENGINE=pg,
# the default, or ENGINE=my): for each benchmark, first a clean run at TPS for
# SECONDS, then the same run with a 2 s exclusive lock on one of its tables
# taken SECONDS/3 into it.  Printed per benchmark:
#   - the clean run's rate as the server counted it (tpcb: rows of pgbench_history,
#     exact; the others: the server's transaction counter less what a run's start adds,
#     approximate) and its deviation from TPS, beside the rate dbarena reports;
#   - the locked run's p99 latency from the scheduled start, which must show the lock:
#     a tool timing from the actual start (coordinated omission) reports a few ms here.
#   bench/throttle-lock.sh [TPS] [SECONDS]   (B=build dir; BENCHES="tpcb sysbench ycsb tpcc")
# Targets: rate within +-1 % of TPS; locked p99 >= 1.5 s.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
export ROOT
BUILD=$ROOT/${B:-build}
export BUILD
TPS=${1:-200}
SECS=${2:-10}
ENGINE=${ENGINE:-pg}
BENCHES=${BENCHES:-tpcb sysbench ycsb tpcc}
CONN=8
source "$ROOT/tests/integration/lib.sh"

WORK=$(mktemp -d /tmp/dbarena-bench.XXXXXX)
cleanup() { if [ "$ENGINE" = pg ]; then pg_stop; else my_stop; fi; rm -rf "$WORK"; }
trap cleanup EXIT
echo "bench: starting $ENGINE in $WORK"
if [ "$ENGINE" = pg ]; then
	pg_start "$WORK"; pg_fresh_db throttle
else
	my_start "$WORK"; my_fresh_db throttle
fi
# Commits plus rollbacks the server counted so far.
ended() {
	if [ "$ENGINE" = pg ]; then
		pg_sql "SELECT pg_stat_clear_snapshot(); SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = current_database()" | tail -n 1
	else
		my_sql "SHOW GLOBAL STATUS WHERE Variable_name IN ('Com_commit', 'Com_rollback', 'Com_select', 'Com_insert', 'Com_update', 'Com_delete', 'Com_stmt_execute')" |
			awk '{ s += $2 } END { print s }'
	fi
}
# Holds an exclusive lock on TABLE for 2 s, starting after DELAY seconds.
lock_later() { # DELAY TABLE
	sleep "$1"
	if [ "$ENGINE" = pg ]; then
		pg_sql "BEGIN; LOCK TABLE $2 IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(2); COMMIT" >/dev/null
	else
		my_sql "LOCK TABLES $2 WRITE; SELECT SLEEP(2); UNLOCK TABLES" >/dev/null
	fi
}
table_of() {
	case $1 in
	tpcb) echo pgbench_branches ;; sysbench) echo sbtest1 ;; ycsb) echo usertable ;; tpcc) echo district ;;
	esac
}
run() { # BENCH JSON
	dbarena bench run --url "$URL" "$1" --connections "$CONN" --tps "$TPS" --duration "$SECS" \
		--quiet --json "$2" >/dev/null
}

# The server's counter grown by a run of exactly N transactions.
counted_run() { # BENCH N
	local c0 c1
	c0=$(ended)
	dbarena bench run --url "$URL" "$1" --connections "$CONN" --transactions "$2" --quiet >/dev/null
	sleep 1; c1=$(ended)
	echo "$c1 - $c0 - 1" | bc -l
}

history_rows() { # BENCH
	[ "$1" = tpcb ] || { echo 0; return; }
	if [ "$ENGINE" = pg ]; then pg_sql "SELECT count(*) FROM pgbench_history"; else my_sql "SELECT count(*) FROM pgbench_history"; fi
}

lines=()
for b in $BENCHES; do
	echo "bench: preparing $b"
	dbarena bench prepare --url "$URL" "$b" --force --quiet
	# The throttled run's rate as the server counted it.  tpcb: rows added to pgbench_history
	# (one per transaction, exact).  The others: the server's transaction counter, less what a
	# run's start adds (measured by a run of exactly one transaction per connection), so
	# approximate: autovacuum and the statistics' own flushing add noise of a few per cent.
	base=$(counted_run "$b" "$CONN")
	base=$(echo "$base - $CONN" | bc -l)
	h0=$(history_rows "$b"); c0=$(ended)
	run "$b" "$WORK/$b.json"
	sleep 1; c1=$(ended); h1=$(history_rows "$b")
	if [ "$b" = tpcb ]; then
		how=exact; rate=$(echo "($h1 - $h0) / $SECS" | bc -l)
	else
		how=approx; rate=$(echo "($c1 - $c0 - $base - 1) / $SECS" | bc -l) # -1: this script's own read
	fi
	dev=$(echo "($rate - $TPS) * 100 / $TPS" | bc -l)
	lock_later "$(echo "$SECS / 3" | bc -l)" "$(table_of "$b")" &
	lk=$!
	run "$b" "$WORK/$b-lock.json"
	wait "$lk"
	p99=$(jq '.latency_scheduled.p99_us / 1000000' "$WORK/$b-lock.json")
	svc=$(jq '.latency_service.p99_us / 1000' "$WORK/$b-lock.json")
	lines+=("$(printf '%-9s rate (%s) %8.1f /s (%+.2f %% of %d; dbarena says %.1f)   locked run: p99 %.2f s scheduled, %.1f ms service, %s failed' \
		"$b" "$how" "$rate" "$dev" "$TPS" "$(jq .throughput_tps "$WORK/$b.json")" "$p99" "$svc" "$(jq .failed "$WORK/$b-lock.json")")")
	echo "bench: ${lines[-1]}"
	dbarena bench cleanup --url "$URL" "$b" --quiet
done
printf '%s: %d tps target, %d s runs, %d connections, 2 s exclusive lock at %d s (targets: rate +-1 %%, p99 >= 1.5 s)\n' \
	"$ENGINE" "$TPS" "$SECS" "$CONN" "$((SECS / 3))"
printf '%s\n' "${lines[@]}"
