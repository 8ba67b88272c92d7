#!/usr/bin/env bash
# Peak memory of `dbarena seed` for ROWS rows (default 10,000,000) of the
# orders table of bench/seed-vs-copy.sh on a private PostgreSQL, with
# --jobs 1 and --jobs 4: the maximum resident set size reported by
# /usr/bin/time -v for each run (target <= 64 MB), and the row count and
# checksum (sum of hashtext of each row) of both loads (they must agree).
#   bench/seed-memory.sh [ROWS]        (B=build dir, default build)
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
export ROOT
BUILD=$ROOT/${B:-build}
export BUILD
ROWS=${1:-10000000}
[ -x /usr/bin/time ] || { echo "bench: needs /usr/bin/time (apt-get install -y time)" >&2; exit 1; }
source "$ROOT/tests/integration/lib.sh"

WORK=$(mktemp -d /tmp/dbarena-bench.XXXXXX)
cleanup() { pg_stop; rm -rf "$WORK"; }
trap cleanup EXIT
pg_start "$WORK"
pg_fresh_db bench
pg_sql "CREATE TABLE orders (id int PRIMARY KEY, user_id int, total numeric(10,2), status varchar(20), created_at timestamp)" >/dev/null
sed -n '/^cat >"\$WORK\/orders.ini"/,/^EOF/p' "$ROOT/bench/seed-vs-copy.sh" | sed '1d;$d' | sed "s/\$ROWS/$ROWS/" >"$WORK/orders.ini"

sums=""
for jobs in 1 4; do
	/usr/bin/time -v -o "$WORK/time.$jobs" "$DBARENA_BIN" --plugin-dir "$BUILD/plugins" seed --url "$URL" \
		--config "$WORK/orders.ini" --truncate --jobs "$jobs" --quiet >/dev/null
	kb=$(awk -F: '/Maximum resident set size/ { gsub(/ /, "", $2); print $2 }' "$WORK/time.$jobs")
	wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { print $2 }' "$WORK/time.$jobs")
	sum=$(pg_sql "SELECT count(*) || ' ' || sum(hashtext(t::text)::bigint) FROM orders t")
	sums="$sums|$sum"
	printf 'jobs %d  peak RSS %6.1f MB  wall %s  rows+checksum %s   (target <= 64 MB)\n' "$jobs" "$(echo "$kb / 1024" | bc -l)" "$wall" "$sum"
done
[ "$(echo "$sums" | cut -d'|' -f2)" = "$(echo "$sums" | cut -d'|' -f3)" ] || echo "bench: WARNING: --jobs 1 and --jobs 4 loaded different rows" >&2
