#!/usr/bin/env bash
# Seeding speed against PostgreSQL: `dbarena seed` of N orders rows (default
# 1,000,000) versus psql's \copy of the very same rows (written once with
# `dbarena seed --csv-dir`).  Both load into an empty table in one
# transaction on the same private server; the two results are compared by
# checksum.
#   bench/seed-vs-copy.sh [ROWS]        (B=build dir, default build)
# Target: dbarena seed <= 1.2 x psql \copy (ratio printed last).
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
export ROOT
BUILD=$ROOT/${B:-build}
export BUILD
ROWS=${1:-1000000}
source "$ROOT/tests/integration/lib.sh"

WORK=$(mktemp -d /tmp/dbarena-bench.XXXXXX)
cleanup() { pg_stop; rm -rf "$WORK"; }
trap cleanup EXIT
echo "bench: starting PostgreSQL in $WORK"
pg_start "$WORK"
pg_fresh_db bench
pg_sql "CREATE TABLE orders (
	id bigint PRIMARY KEY,
	user_id bigint NOT NULL,
	status varchar(20) NOT NULL,
	total numeric(12,2) NOT NULL,
	created_at timestamptz NOT NULL,
	shipped_at timestamptz
)" >/dev/null

cat >"$WORK/orders.ini" <<EOF
[table orders]
count = $ROWS
[column orders.id]
generator = sequential
[column orders.user_id]
generator = random_int
min = 1
max = 100000
[column orders.status]
generator = enum
values = pending, "on hold", shipped, delivered, cancelled
weights = 10, 2, 30, 50, 8
[column orders.total]
generator = random_decimal
min = 1
max = 5000
[column orders.created_at]
generator = timestamp
type = range
start = 2024-01-01
end = 2025-01-01
[column orders.shipped_at]
generator = timestamp
type = range
start = 2024-06-01
end = 2025-06-01
null_probability = 0.3
EOF

now() { date +%s.%N; }
secs() { echo "$2 - $1" | bc -l; }
checksum() { pg_sql "SELECT md5(string_agg(t::text, E'\n' ORDER BY id)) FROM orders t"; }

dbarena seed --url "$URL" --config "$WORK/orders.ini" --csv-dir "$WORK/csv" --quiet
[ -s "$WORK/csv/orders.csv" ] || { echo "bench: no CSV written" >&2; exit 1; }

# Alternate the two loads (ROUNDS times, default 2) into the emptied table and
# keep the best time of each: a shared machine is noisy.
ROUNDS=${ROUNDS:-2}
seed_s=""; copy_s=""
best() { if [ -z "$1" ] || [ "$(echo "$2 < $1" | bc -l)" = 1 ]; then echo "$2"; else echo "$1"; fi; }
for round in $(seq "$ROUNDS"); do
	pg_sql 'TRUNCATE TABLE orders' >/dev/null
	t0=$(now)
	dbarena seed --url "$URL" --config "$WORK/orders.ini" --quiet >/dev/null
	t1=$(now)
	seed_s=$(best "$seed_s" "$(secs "$t0" "$t1")")
	[ "$(pg_sql 'SELECT COUNT(*) FROM orders')" = "$ROWS" ] || { echo "bench: seed row count" >&2; exit 1; }
	seed_sum=$(checksum)

	pg_sql 'TRUNCATE TABLE orders' >/dev/null
	t0=$(now)
	psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres -d "$DB" \
		-c "\\copy orders FROM '$WORK/csv/orders.csv' WITH (FORMAT csv, HEADER true)"
	t1=$(now)
	copy_s=$(best "$copy_s" "$(secs "$t0" "$t1")")
	copy_sum=$(checksum)
	[ "$seed_sum" = "$copy_sum" ] || echo "bench: warning: the two loads differ (checksum $seed_sum vs $copy_sum)" >&2
	printf 'round %d: seed %.2f s, copy %.2f s (best so far)\n' "$round" "$seed_s" "$copy_s"
done

ratio=$(echo "$seed_s / $copy_s" | bc -l)
printf 'rows                      %d (best of %d rounds)\n' "$ROWS" "$ROUNDS"
printf 'dbarena seed              %8.2f s  %10.0f rows/s\n' "$seed_s" "$(echo "$ROWS / $seed_s" | bc -l)"
printf 'psql \\copy                %8.2f s  %10.0f rows/s\n' "$copy_s" "$(echo "$ROWS / $copy_s" | bc -l)"
printf 'ratio seed/copy           %8.3f   (target <= 1.2)\n' "$ratio"
