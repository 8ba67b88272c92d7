#!/usr/bin/env bash
# Client CPU per 1,000 transactions, dbarena against the peer clients, on one
# private PostgreSQL, interleaved A B A B for ROUNDS rounds:
#   select    pgbench -n -M prepared -S -c 4 -j 2   vs  dbarena workload run (custom point select, tps 0)
#   sysbench  sysbench oltp_point_select --threads=4  vs  dbarena bench run sysbench --mode oltp_point_select
#   tpcb      pgbench -n -M prepared -c 4 -j 2       vs  dbarena bench run tpcb
# The client's CPU is its user + system time (/usr/bin/time); the transactions
# are the server's: the database's xact_commit delta over the run.  Each pair
# prints both figures, the CPU ratio dbarena/peer and the throughput ratio;
# the medians over the pairs come last.
#   bench/client-cpu.sh [SCALE] [SECONDS] [ROUNDS]   (B=build dir; MODES="select sysbench tpcb";
#   THREADS=dbarena --threads, default 2; PERF=1 measures with perf stat instead of /usr/bin/time and
#   also prints each side's system calls and context switches per transaction)
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
export ROOT
BUILD=$ROOT/${B:-build}
export BUILD
SCALE=${1:-10}
SECS=${2:-10}
ROUNDS=${3:-3}
MODES=${MODES:-select sysbench tpcb}
THREADS=${THREADS:-2} # dbarena --threads (pgbench -j 2); sysbench has a thread per connection
CONN=4
source "$ROOT/tests/integration/lib.sh"
command -v pgbench >/dev/null || PATH=$PG_BIN:$PATH
command -v pgbench >/dev/null || { echo "bench: pgbench not found" >&2; exit 1; }
if [ -n "${PERF:-}" ]; then
	command -v perf >/dev/null || { echo "bench: perf not found (Debian: apt-get install linux-perf)" >&2; exit 1; }
else
	[ -x /usr/bin/time ] || { echo "bench: /usr/bin/time not found (Debian: apt-get install time)" >&2; exit 1; }
fi

WORK=$(mktemp -d /tmp/dbarena-bench.XXXXXX)
cleanup() { pg_stop; rm -rf "$WORK"; }
trap cleanup EXIT
echo "bench: starting PostgreSQL in $WORK"
pg_start "$WORK"
pg_fresh_db clientcpu
export PGPASSWORD=postgres
# The pgbench binary itself, not Debian's Perl wrapper (whose start-up would count as pgbench's CPU).
PGBENCH=$( [ -x "$PG_BIN/pgbench" ] && echo "$PG_BIN/pgbench" || command -v pgbench)
PGB=("$PGBENCH" -n -h 127.0.0.1 -p "$PG_PORT" -U postgres)
"${PGB[@]}" -i -s "$SCALE" -q "$DB" >/dev/null 2>&1
SBT=4 SBSIZE=100000
case " $MODES " in *" sysbench "*)
	command -v sysbench >/dev/null || { echo "bench: sysbench not found (Debian: apt-get install sysbench)" >&2; exit 1; }
	dbarena bench prepare --url "$URL" sysbench --tables "$SBT" --scale "$SBSIZE" --jobs 2 --force --quiet ;;
esac
SBCONN=(--db-driver=pgsql --pgsql-host=127.0.0.1 --pgsql-port="$PG_PORT" --pgsql-user=postgres
	--pgsql-password=postgres --pgsql-db="$DB")

cat >"$WORK/select.ini" <<INI
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
INI

commits() { pg_sql "SELECT pg_stat_clear_snapshot(); SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()" | tail -n 1; }
source "$ROOT/bench/lib.sh"

# The command of one side of MODE, in CMD.
peer() { # MODE
	case $1 in
	select) CMD=("${PGB[@]}" -S -M prepared -c "$CONN" -j 2 -T "$SECS" "$DB") ;;
	sysbench) CMD=(sysbench oltp_point_select "${SBCONN[@]}" --tables="$SBT" --table-size="$SBSIZE" --rand-type=uniform
		--threads="$CONN" --time="$SECS" --report-interval=0 run) ;;
	tpcb) CMD=("${PGB[@]}" -M prepared -c "$CONN" -j 2 -T "$SECS" "$DB") ;;
	esac
}
ours() { # MODE
	local DBA=("$DBARENA_BIN" --plugin-dir "$BUILD/plugins")
	case $1 in
	select) CMD=("${DBA[@]}" workload run --url "$URL" --config "$WORK/select.ini" --threads "$THREADS" --quiet) ;;
	sysbench) CMD=("${DBA[@]}" bench run --url "$URL" sysbench --tables "$SBT" --scale "$SBSIZE"
		--mode oltp_point_select --connections "$CONN" --threads "$THREADS" --duration "$SECS" --quiet) ;;
	tpcb) CMD=("${DBA[@]}" bench run --url "$URL" tpcb --connections "$CONN" --threads "$THREADS" --duration "$SECS" --quiet) ;;
	esac
}
# The system calls perf counts for PERF=1 (those a client makes per statement).
SYSCALLS=(sendto recvfrom poll ppoll select pselect6 futex)
# Runs CMD; prints its CPU seconds (user + system), and with PERF=1 also its system calls and
# context switches.
timed() {
	if [ -n "${PERF:-}" ]; then
		local ev=task-clock,context-switches
		for c in "${SYSCALLS[@]}"; do ev+=",syscalls:sys_enter_$c"; done
		perf stat -x, -e "$ev" -o "$WORK/cpu" "${CMD[@]}" >"$WORK/out" 2>&1 || { cat "$WORK/out" >&2; return 1; }
		awk -F, '$3 == "task-clock" { cpu = $1 / 1000 } $3 == "context-switches" { cs = $1 }
			$3 ~ /^syscalls:/ { sys += $1 } END { print cpu, sys, cs }' "$WORK/cpu"
	else
		/usr/bin/time -f '%U %S' -o "$WORK/cpu" "${CMD[@]}" >"$WORK/out" 2>&1 || { cat "$WORK/out" >&2; return 1; }
		awk '{ print $1 + $2, 0, 0 }' "$WORK/cpu"
	fi
}
# One run: prints "CPU-seconds commits system-calls context-switches"; CPU x 1e6 / commits = ms per 1,000.
measure() { # peer|ours MODE
	local c0 c1 cpu sys cs
	"$1" "$2"
	c0=$(commits)
	timed >"$WORK/t" || return 1
	read -r cpu sys cs <"$WORK/t"
	sleep 1
	c1=$(commits)
	echo "$cpu $((c1 - c0)) $sys $cs"
}

declare -A cpu_med tps_med pk_med db_med
for mode in $MODES; do
	peer_name=$([ "$mode" = sysbench ] && echo sysbench || echo pgbench)
	cr=() tr=() pk=() dk=()
	for r in $(seq 1 "$ROUNDS"); do
		# A failed run stops the script (in an && list, set -e would let it go on with the last figures).
		measure peer "$mode" >"$WORK/a" || exit 1
		measure ours "$mode" >"$WORK/b" || exit 1
		read -r pc pn ps pw <"$WORK/a"
		read -r dc dn ds dw <"$WORK/b"
		p1k=$(echo "$pc * 1000000 / $pn" | bc -l) d1k=$(echo "$dc * 1000000 / $dn" | bc -l)
		pk+=("$p1k") dk+=("$d1k")
		cr+=("$(echo "$d1k / $p1k" | bc -l)") tr+=("$(echo "$dn / $pn" | bc -l)")
		printf 'bench: %-8s pair %d: %s %7.0f tps %6.1f ms CPU/1k tx | dbarena %7.0f tps %6.1f ms CPU/1k tx | CPU ratio %.3f, tps ratio %.3f\n' \
			"$mode" "$r" "$peer_name" "$(echo "$pn / $SECS" | bc -l)" "$p1k" \
			"$(echo "$dn / $SECS" | bc -l)" "$d1k" "${cr[-1]}" "${tr[-1]}"
		[ -z "${PERF:-}" ] || printf 'bench: %-8s pair %d: per transaction, %s %.2f system calls %.2f switches | dbarena %.2f system calls %.2f switches\n' \
			"$mode" "$r" "$peer_name" "$(echo "$ps / $pn" | bc -l)" "$(echo "$pw / $pn" | bc -l)" \
			"$(echo "$ds / $dn" | bc -l)" "$(echo "$dw / $dn" | bc -l)"
	done
	cpu_med[$mode]=$(median "${cr[@]}") tps_med[$mode]=$(median "${tr[@]}")
	pk_med[$mode]=$(median "${pk[@]}") db_med[$mode]=$(median "${dk[@]}")
done

printf 'scale %d, %d connections, %d s runs, %d pairs (medians; CPU = client user + system per 1,000 server-counted commits)\n' \
	"$SCALE" "$CONN" "$SECS" "$ROUNDS"
for mode in $MODES; do
	printf '%-9s peer %6.1f ms  dbarena %6.1f ms  CPU ratio %.3f (target < 1.0)  tps ratio %.3f\n' "$mode" \
		"${pk_med[$mode]}" "${db_med[$mode]}" \
		"${cpu_med[$mode]}" "${tps_med[$mode]}"
done
