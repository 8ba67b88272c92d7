#!/usr/bin/env bash
# Binary versus text COPY on PostgreSQL: `dbarena seed --truncate` of ROWS
# rows (default 1,000,000) of the orders table of bench/seed-vs-copy.sh with
# DBARENA_PG_COPY=binary and =text, in interleaved pairs (binary, text,
# binary, text, ...) on one private server: the time ratio binary/text of
# each pair and their median (below 1: binary is faster), and a check that
# both loaded the same rows.
#   bench/copy-binary.sh [ROWS]        (B=build dir, default build; PAIRS=3)
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
export ROOT
BUILD=$ROOT/${B:-build}
export BUILD
ROWS=${1:-1000000}
PAIRS=${PAIRS:-3}
source "$ROOT/tests/integration/lib.sh"

WORK=$(mktemp -d /tmp/dbarena-bench.XXXXXX)
cleanup() { pg_stop; rm -rf "$WORK"; }
trap cleanup EXIT
pg_start "$WORK"
pg_fresh_db bench
pg_sql "CREATE TABLE orders (id int PRIMARY KEY, user_id int, total numeric(10,2), status varchar(20), created_at timestamp)" >/dev/null
sed -n '/^cat >"\$WORK\/orders.ini"/,/^EOF/p' "$ROOT/bench/seed-vs-copy.sh" | sed '1d;$d' | sed "s/\$ROWS/$ROWS/" >"$WORK/orders.ini"
source "$ROOT/bench/lib.sh"
load() { # MODE -> seconds
	local t0 t1
	pg_sql 'CHECKPOINT' >/dev/null
	t0=$(date +%s.%N)
	DBARENA_PG_COPY=$1 dbarena seed --url "$URL" --config "$WORK/orders.ini" --truncate --quiet >/dev/null
	t1=$(date +%s.%N)
	echo "$t1 - $t0" | bc -l
}
sum() { pg_sql "SELECT count(*) || ' ' || md5(string_agg(t::text, ',' ORDER BY id)) FROM orders t"; }

echo "== $ROWS rows, binary vs text COPY (load average $(cut -d' ' -f1-3 /proc/loadavg))"
ratios=""
for pair in $(seq "$PAIRS"); do
	b=$(load binary); sb=$(sum)
	t=$(load text); st=$(sum)
	[ "$sb" = "$st" ] || echo "bench: WARNING: binary and text COPY loaded different rows" >&2
	r=$(echo "$b / $t" | bc -l)
	printf 'pair %d: binary %6.2f s  text %6.2f s  ratio %.3f\n' "$pair" "$b" "$t" "$r"
	ratios="$ratios $r"
done
printf 'median ratio binary/text %.3f\n' "$(echo "$ratios" | tr ' ' '\n' | grep . | median)"
