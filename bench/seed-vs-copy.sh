#!/usr/bin/env bash
# Seeding speed against PostgreSQL: `dbarena seed` of N rows (default
# 1,000,000) of orders(id int primary key, user_id int, total numeric(10,2),
# status varchar(20), created_at timestamp) versus psql's \copy of the very
# same rows (written once with `dbarena seed --csv-dir`), on one private
# server, in interleaved pairs (seed, copy, seed, copy, ...): the ratio of
# each pair and their median.
#   1. default flags, table with its primary key     (target <= 0.80)
#   2. --truncate --defer-indexes --jobs 2, table with its primary key and
#      one secondary index, against \copy into the same indexed table
#                                                     (target <= 0.60)
#   bench/seed-vs-copy.sh [ROWS]        (B=build dir, default build; PAIRS=3)
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
echo "bench: starting PostgreSQL in $WORK"
pg_start "$WORK"
pg_fresh_db bench
pg_sql "CREATE TABLE orders (id int PRIMARY KEY, user_id int, total numeric(10,2), status varchar(20), created_at timestamp)" >/dev/null

cat >"$WORK/orders.ini" <<EOF
[table orders]
count = $ROWS
[column orders.id]
generator = sequential
[column orders.user_id]
generator = random_int
min = 1
max = 100000
[column orders.total]
generator = random_decimal
min = 1
max = 5000
[column orders.status]
generator = enum
values = pending, "on hold", shipped, delivered, cancelled
weights = 10, 2, 30, 50, 8
[column orders.created_at]
generator = timestamp
type = range
start = 2024-01-01
end = 2025-01-01
EOF

now() { date +%s.%N; }
secs() { echo "$2 - $1" | bc -l; }
checksum() { pg_sql "SELECT md5(string_agg(t::text, ',' ORDER BY id)) FROM orders t"; }
source "$ROOT/bench/lib.sh"

dbarena seed --url "$URL" --config "$WORK/orders.ini" --csv-dir "$WORK/csv" --quiet
[ -s "$WORK/csv/orders.csv" ] || { echo "bench: no CSV written" >&2; exit 1; }

run_pairs() { # LABEL TARGET SEED-FLAGS...
	local label=$1 target=$2 ratios="" t0 t1 s c sum_s sum_c
	shift 2
	echo "== $label (load average $(cut -d' ' -f1-3 /proc/loadavg))"
	for pair in $(seq "$PAIRS"); do
		pg_sql 'TRUNCATE TABLE orders' >/dev/null
		pg_sql 'CHECKPOINT' >/dev/null
		t0=$(now)
		dbarena seed --url "$URL" --config "$WORK/orders.ini" --quiet "$@" >/dev/null
		t1=$(now)
		s=$(secs "$t0" "$t1")
		[ "$(pg_sql 'SELECT COUNT(*) FROM orders')" = "$ROWS" ] || { echo "bench: seed row count" >&2; exit 1; }
		sum_s=$(checksum)
		pg_sql 'TRUNCATE TABLE orders' >/dev/null
		pg_sql 'CHECKPOINT' >/dev/null
		t0=$(now)
		psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres -d "$DB" \
			-c "\\copy orders FROM '$WORK/csv/orders.csv' WITH (FORMAT csv, HEADER true)"
		t1=$(now)
		c=$(secs "$t0" "$t1")
		sum_c=$(checksum)
		[ "$sum_s" = "$sum_c" ] || echo "bench: warning: the two loads differ ($sum_s vs $sum_c)" >&2
		r=$(echo "$s / $c" | bc -l)
		ratios="$ratios $r"
		printf 'pair %d: seed %.2f s, \\copy %.2f s, ratio %.3f\n' "$pair" "$s" "$c" "$r"
	done
	printf 'median ratio seed/copy    %.3f   (target <= %s; load average now %s)\n' \
		"$(echo "$ratios" | tr ' ' '\n' | grep . | median)" "$target" "$(cut -d' ' -f1 /proc/loadavg)"
}

echo "rows $ROWS, $PAIRS interleaved pairs"
run_pairs "default flags, primary key only" 0.80
pg_sql "CREATE INDEX orders_by_user ON orders (user_id)" >/dev/null
run_pairs "--truncate --defer-indexes --jobs 2, primary key + one index" 0.60 --truncate --defer-indexes --jobs 2
