#!/usr/bin/env bash
# Seeding speed against MariaDB: `dbarena seed` of N orders rows (default
# 1,000,000) versus the mariadb client's LOAD DATA LOCAL INFILE of the very
# same rows (written once with `dbarena seed --csv-dir`).  Both load into an
# empty table in one transaction on the same private server.
#   bench/seed-vs-load-data.sh [ROWS]        (B=build dir, default build)
# Target: dbarena seed <= 1.15 x LOAD DATA LOCAL INFILE (ratio printed last).
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
export ROOT
BUILD=$ROOT/${B:-build}
export BUILD
ROWS=${1:-1000000}
source "$ROOT/tests/integration/lib.sh"

WORK=$(mktemp -d /tmp/dbarena-bench.XXXXXX)
cleanup() { my_stop; rm -rf "$WORK"; }
trap cleanup EXIT
echo "bench: starting MariaDB in $WORK"
my_start "$WORK"
my_fresh_db bench
my_sql "CREATE TABLE orders (
	id bigint PRIMARY KEY,
	user_id bigint NOT NULL,
	status enum('pending','on hold','shipped','delivered','cancelled') NOT NULL,
	total decimal(12,2) NOT NULL,
	created_at datetime(6) NOT NULL,
	shipped_at datetime(6) NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4"

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

dbarena seed --url "$URL" --config "$WORK/orders.ini" --csv-dir "$WORK/csv" --quiet
[ -s "$WORK/csv/orders.csv" ] || { echo "bench: no CSV written" >&2; exit 1; }

t0=$(now)
dbarena seed --url "$URL" --config "$WORK/orders.ini" --quiet
t1=$(now)
seed_s=$(secs "$t0" "$t1")
[ "$(my_sql 'SELECT COUNT(*) FROM orders')" = "$ROWS" ] || { echo "bench: seed row count" >&2; exit 1; }
seed_sum=$(my_sql 'SELECT SUM(CRC32(CONCAT_WS(0x1f, id, user_id, status, total, created_at, IFNULL(shipped_at, "N")))) FROM orders')

my_sql 'TRUNCATE TABLE orders'
t0=$(now)
mariadb --no-defaults --local-infile=1 -h 127.0.0.1 -P "$MY_PORT" -uroot -pmysql -D "$DB" -e "
	SET autocommit = 0;
	LOAD DATA LOCAL INFILE '$WORK/csv/orders.csv' INTO TABLE orders CHARACTER SET utf8mb4
	  FIELDS TERMINATED BY ',' OPTIONALLY ENCLOSED BY '\"' ESCAPED BY '' LINES TERMINATED BY '\n'
	  IGNORE 1 LINES (id, user_id, status, total, created_at, @s) SET shipped_at = NULLIF(@s, '');
	COMMIT;"
t1=$(now)
load_s=$(secs "$t0" "$t1")
load_sum=$(my_sql 'SELECT SUM(CRC32(CONCAT_WS(0x1f, id, user_id, status, total, created_at, IFNULL(shipped_at, "N")))) FROM orders')
[ "$seed_sum" = "$load_sum" ] || echo "bench: warning: the two loads differ (checksum $seed_sum vs $load_sum)" >&2

ratio=$(echo "$seed_s / $load_s" | bc -l)
printf 'rows                      %d\n' "$ROWS"
printf 'dbarena seed              %8.2f s  %10.0f rows/s\n' "$seed_s" "$(echo "$ROWS / $seed_s" | bc -l)"
printf 'LOAD DATA LOCAL INFILE    %8.2f s  %10.0f rows/s\n' "$load_s" "$(echo "$ROWS / $load_s" | bc -l)"
printf 'ratio seed/load           %8.3f   (target <= 1.15)\n' "$ratio"
