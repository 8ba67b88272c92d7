#!/usr/bin/env bash
# Generation speed on one core, for the orders row of bench/seed-vs-copy.sh:
#   orders(id int primary key, user_id int, total numeric(10,2),
#          status varchar(20), created_at timestamp)
#   1. without a server: tests/tools/genbench draws ROWS rows with the
#      core's generators and encodes them with the PostgreSQL driver's COPY
#      text encoder into its buffer (dropped instead of sent); the rate is
#      rows per second of CPU time (one core, whatever else runs)  (target >= 2,000,000)
#   2. with a private PostgreSQL (SERVER=1, the default): `dbarena seed
#      --csv-dir` to a directory in /dev/shm (generation and CSV writing), and
#      the client CPU of `dbarena seed` through COPY (user + system seconds)
# Each measure runs RUNS times (default 3); the median is printed.
#   bench/gen-speed.sh [ROWS]        (B=build dir, default build; RUNS=3; SERVER=0 skips 2)
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
export ROOT
BUILD=$ROOT/${B:-build}
export BUILD
ROWS=${1:-1000000}
RUNS=${RUNS:-3}
source "$ROOT/bench/lib.sh"

make -C "$ROOT" --no-print-directory B="${B:-build}" all "${B:-build}/tests/tools/genbench" >/dev/null
echo "== genbench: generate + COPY text encoding, no server, $ROWS rows (load average $(cut -d' ' -f1-3 /proc/loadavg))"
rates=""
for i in $(seq "$RUNS"); do
	r=$("$BUILD/tests/tools/genbench" "$ROWS")
	echo "  run $i: $r"
	rates="$rates $(echo "$r" | awk '{ print $10 }')"
done
echo "genbench median rows per CPU second $(echo "$rates" | tr ' ' '\n' | grep . | median)   (target >= 2000000)"

[ "${SERVER:-1}" = 1 ] || exit 0
source "$ROOT/tests/integration/lib.sh"
WORK=$(mktemp -d /tmp/dbarena-bench.XXXXXX)
CSV=$(mktemp -d /dev/shm/dbarena-bench.XXXXXX 2>/dev/null || mktemp -d /tmp/dbarena-bench-csv.XXXXXX)
cleanup() { pg_stop; rm -rf "$WORK" "$CSV"; }
trap cleanup EXIT
pg_start "$WORK"
pg_fresh_db bench
pg_sql "CREATE TABLE orders (id int PRIMARY KEY, user_id int, total numeric(10,2), status varchar(20), created_at timestamp)" >/dev/null
sed -n '/^cat >"\$WORK\/orders.ini"/,/^EOF/p' "$ROOT/bench/seed-vs-copy.sh" | sed '1d;$d' | sed "s/\$ROWS/$ROWS/" >"$WORK/orders.ini"

echo "== seed --csv-dir $CSV: generate + CSV, $ROWS rows"
rates=""
for i in $(seq "$RUNS"); do
	t0=$(date +%s.%N)
	dbarena seed --url "$URL" --config "$WORK/orders.ini" --csv-dir "$CSV/csv" --quiet >/dev/null
	t1=$(date +%s.%N)
	r=$(echo "$ROWS / ($t1 - $t0)" | bc -l | cut -d. -f1)
	echo "  run $i: $r rows/s (whole command, with connect and describe)"
	rates="$rates $r"
done
echo "csv median rows/s        $(echo "$rates" | tr ' ' '\n' | grep . | median)"

echo "== seed through COPY: client CPU for $ROWS rows"
cpus=""
for i in $(seq "$RUNS"); do
	c=$( { /usr/bin/time -f "%U %S" "$DBARENA_BIN" --plugin-dir "$BUILD/plugins" seed --url "$URL" \
		--config "$WORK/orders.ini" --truncate --quiet >/dev/null; } 2>&1 | tail -1 | awk '{ print $1 + $2 }')
	echo "  run $i: $c s client CPU ($(echo "$ROWS / $c" | bc -l | cut -d. -f1) rows per CPU second)"
	cpus="$cpus $c"
done
echo "copy median client CPU s $(echo "$cpus" | tr ' ' '\n' | grep . | median)"
