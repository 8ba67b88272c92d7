#!/usr/bin/env bash
# Sessions sharing threads: pgbench against dbarena with --threads 2 (two sessions a thread,
# as pgbench -j 2) and --threads 4 (a thread each), on one private PostgreSQL, interleaved
# A B C A B C for ROUNDS rounds, over a fixed count of transactions (N, all four sessions
# together): pgbench's TPC-B-like or select-only script (-M prepared -c 4 -j 2) against
# `dbarena bench run tpcb` (--select-only for MODE=select).  Prints each run's wall time and
# client CPU (user + system, /usr/bin/time), then the medians of dbarena/pgbench per pair.
#   bench/threads.sh [MODE] [N] [ROUNDS]   (MODE select | tpcb, default select 100000 4; B=build dir)
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
export ROOT
BUILD=$ROOT/${B:-build}
export BUILD
MODE=${1:-select}
N=${2:-100000}
ROUNDS=${3:-4}
source "$ROOT/tests/integration/lib.sh"
command -v pgbench >/dev/null || PATH=$PG_BIN:$PATH
WORK=$(mktemp -d /tmp/dbarena-bench.XXXXXX)
cleanup() { pg_stop; rm -rf "$WORK"; }
trap cleanup EXIT
echo "bench: starting PostgreSQL in $WORK"
pg_start "$WORK"
pg_fresh_db threads
export PGPASSWORD=postgres
pgbench -i -s 10 -q -h 127.0.0.1 -p "$PG_PORT" -U postgres "$DB" >/dev/null 2>&1
source "$ROOT/bench/lib.sh"
S=() D=()
[ "$MODE" = select ] && S=(-S) D=(--select-only)
# One run: "WALL CPU" in seconds.
timed() { /usr/bin/time -f '%e %U %S' -o "$WORK/t" "$@" >"$WORK/out" 2>&1 || { cat "$WORK/out" >&2; exit 1; }; awk '{ print $1, $2 + $3 }' "$WORK/t"; }
w2=() c2=() w4=() c4=()
for r in $(seq 1 "$ROUNDS"); do
	read -r pw pc < <(timed pgbench -n -M prepared "${S[@]}" -c 4 -j 2 -t $((N / 4)) -h 127.0.0.1 -p "$PG_PORT" -U postgres "$DB")
	for t in 2 4; do
		read -r dw dc < <(timed "$DBARENA_BIN" --plugin-dir "$BUILD/plugins" bench run --url "$URL" tpcb "${D[@]}" \
			--connections 4 --threads $t --transactions "$N" --quiet)
		eval "w$t+=(\"\$(echo \"$dw / $pw\" | bc -l)\") c$t+=(\"\$(echo \"$dc / $pc\" | bc -l)\")"
		printf 'bench: round %d: pgbench %.2f s wall, %.2f s CPU | dbarena --threads %d %.2f s wall, %.2f s CPU\n' \
			"$r" "$pw" "$pc" "$t" "$dw" "$dc"
	done
done
printf '%s, %d transactions, 4 sessions, %d rounds: medians of dbarena/pgbench per pair\n' "$MODE" "$N" "$ROUNDS"
printf '  --threads 2: wall %.3f (throughput %.3f x), client CPU %.3f\n' "$(median "${w2[@]}")" "$(echo "1 / $(median "${w2[@]}")" | bc -l)" "$(median "${c2[@]}")"
printf '  --threads 4: wall %.3f (throughput %.3f x), client CPU %.3f\n' "$(median "${w4[@]}")" "$(echo "1 / $(median "${w4[@]}")" | bc -l)" "$(median "${c4[@]}")"
