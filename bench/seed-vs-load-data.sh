#!/usr/bin/env bash
# Seeding speed against MariaDB: `dbarena seed` of N rows (default 1,000,000)
# of orders(id int primary key, user_id int, total decimal(10,2), status
# varchar(20), created_at datetime) versus the mariadb client's LOAD DATA
# LOCAL INFILE of the very same rows (written once with `dbarena seed
# --csv-dir`), in one transaction each, on one private server, in
# interleaved pairs: the ratio of each pair and their median.
#   1. default flags   (target <= 0.85)
#   2. --jobs 2        (target <= 0.70)
#   bench/seed-vs-load-data.sh [ROWS]        (B=build dir, default build; PAIRS=3)
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
export ROOT
BUILD=$ROOT/${B:-build}
export BUILD
ROWS=${1:-1000000}
PAIRS=${PAIRS:-3}
source "$ROOT/tests/integration/lib.sh"

WORK=$(mktemp -d /tmp/dbarena-bench.XXXXXX)
cleanup() { my_stop; rm -rf "$WORK"; }
trap cleanup EXIT
echo "bench: starting MariaDB in $WORK"
my_start "$WORK"
my_fresh_db bench
my_sql "CREATE TABLE orders (id int PRIMARY KEY, user_id int, total decimal(10,2), status varchar(20),
	created_at datetime) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4"

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
[column orders.created_at]
generator = timestamp
type = range
start = 2024-01-01
end = 2025-01-01
EOF

now() { date +%s.%N; }
secs() { echo "$2 - $1" | bc -l; }
checksum() { my_sql 'SELECT SUM(CRC32(CONCAT_WS(0x1f, id, user_id, total, status, created_at))) FROM orders'; }
source "$ROOT/bench/lib.sh"

dbarena seed --url "$URL" --config "$WORK/orders.ini" --csv-dir "$WORK/csv" --quiet
[ -s "$WORK/csv/orders.csv" ] || { echo "bench: no CSV written" >&2; exit 1; }

run_pairs() { # LABEL TARGET SEED-FLAGS...
	local label=$1 target=$2 ratios="" t0 t1 s l sum_s sum_l
	shift 2
	echo "== $label (load average $(cut -d' ' -f1-3 /proc/loadavg))"
	for pair in $(seq "$PAIRS"); do
		my_sql 'TRUNCATE TABLE orders'
		t0=$(now)
		dbarena seed --url "$URL" --config "$WORK/orders.ini" --quiet "$@" >/dev/null
		t1=$(now)
		s=$(secs "$t0" "$t1")
		[ "$(my_sql 'SELECT COUNT(*) FROM orders')" = "$ROWS" ] || { echo "bench: seed row count" >&2; exit 1; }
		sum_s=$(checksum)
		my_sql 'TRUNCATE TABLE orders'
		t0=$(now)
		mariadb --no-defaults --local-infile=1 -h 127.0.0.1 -P "$MY_PORT" -uroot -pmysql -D "$DB" -e "
			SET autocommit = 0;
			LOAD DATA LOCAL INFILE '$WORK/csv/orders.csv' INTO TABLE orders CHARACTER SET utf8mb4
			  FIELDS TERMINATED BY ',' OPTIONALLY ENCLOSED BY '\"' ESCAPED BY '' LINES TERMINATED BY '\n'
			  IGNORE 1 LINES (id, user_id, total, status, created_at);
			COMMIT;"
		t1=$(now)
		l=$(secs "$t0" "$t1")
		sum_l=$(checksum)
		[ "$sum_s" = "$sum_l" ] || echo "bench: warning: the two loads differ ($sum_s vs $sum_l)" >&2
		r=$(echo "$s / $l" | bc -l)
		ratios="$ratios $r"
		printf 'pair %d: seed %.2f s, LOAD DATA %.2f s, ratio %.3f\n' "$pair" "$s" "$l" "$r"
	done
	printf 'median ratio seed/load    %.3f   (target <= %s; load average now %s)\n' \
		"$(echo "$ratios" | tr ' ' '\n' | grep . | median)" "$target" "$(cut -d' ' -f1 /proc/loadavg)"
}

echo "rows $ROWS, $PAIRS interleaved pairs"
run_pairs "default flags" 0.85
run_pairs "--jobs 2" 0.70 --jobs 2
