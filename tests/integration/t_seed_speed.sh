# Fast seeding paths (issue 20): COPY ... FREEZE after a TRUNCATE in the run's
# transaction, MariaDB load sessions without unique and foreign-key checks,
# --jobs splitting one table into row ranges, --defer-indexes.  The rows must
# be byte-identical across all of them (checksums computed by the servers).

speed_ini() { # FILE ROWS
	cat >"$1" <<EOF2
[table orders]
count = $2
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
EOF2
}

pg_orders() {
	pg_sql "CREATE TABLE orders (id int PRIMARY KEY, user_id int, total numeric(10,2), status varchar(20), created_at timestamp)" >/dev/null
}
my_orders() {
	my_sql "CREATE TABLE orders (id int PRIMARY KEY, user_id int, total decimal(10,2), status varchar(20), created_at datetime, KEY by_user (user_id))"
}
pg_sum() { pg_sql "SELECT count(*) || ' ' || md5(string_agg(t::text, ',' ORDER BY id)) FROM orders t"; }
my_sum() {
	my_sql "SET SESSION group_concat_max_len = 1073741824; SELECT CONCAT(COUNT(*), ' ', MD5(GROUP_CONCAT(CONCAT_WS('|', id, user_id, total, status, created_at) ORDER BY id SEPARATOR ','))) FROM orders"
}
# Pages of orders marked all-frozen, and all its pages.
pg_frozen() {
	pg_sql "CREATE EXTENSION IF NOT EXISTS pg_visibility" >/dev/null
	pg_sql "SELECT all_frozen || '/' || pg_relation_size('orders') / 8192 FROM pg_visibility_map_summary('orders')"
}

test_seed_speed_pg_freeze_after_truncate() {
	local ref
	speed_ini "$WORK/o.ini" 20000
	pg_fresh_db speed_freeze; pg_orders
	pg_sql "CREATE EXTENSION pg_visibility" >/dev/null
	# a plain run into the empty table: TRUNCATE under the lock, then COPY FREEZE
	expect_exit 0 dbarena -vv seed --url "$URL" --config "$WORK/o.ini" --seed 3 --quiet
	assert_contains "$OUT" "FREEZE)" "COPY statement"
	ref=$(pg_sum)
	assert_eq "20000 " "${ref%% *} " "rows"
	local f; f=$(pg_frozen)
	[ "${f%/*}" = "${f#*/}" ] && [ "${f%/*}" -gt 0 ] || fail "pages not all frozen: $f"
	# --truncate of a full table: TRUNCATE in the same transaction, FREEZE again, same rows
	expect_exit 0 dbarena -vv seed --url "$URL" --config "$WORK/o.ini" --seed 3 --truncate --quiet
	assert_contains "$OUT" "FREEZE)" "COPY after --truncate"
	assert_eq "$ref" "$(pg_sum)" "rows after --truncate"
	f=$(pg_frozen)
	[ "${f%/*}" = "${f#*/}" ] || fail "pages not all frozen after --truncate: $f"
	# --method insert writes the same rows
	pg_sql "TRUNCATE orders" >/dev/null
	expect_exit 0 dbarena seed --url "$URL" --config "$WORK/o.ini" --seed 3 --method insert --quiet
	assert_eq "$ref" "$(pg_sum)" "rows with --method insert"
}

test_seed_speed_pg_no_freeze_when_referenced_from_outside() {
	speed_ini "$WORK/o.ini" 500
	pg_fresh_db speed_outside; pg_orders
	pg_sql "CREATE TABLE refs (id int PRIMARY KEY, order_id int REFERENCES orders(id))" >/dev/null
	# TRUNCATE would refuse (refs is not in the run): a plain COPY, still one transaction
	expect_exit 0 dbarena -vv seed --url "$URL" --config "$WORK/o.ini" --quiet
	assert_not_contains "$OUT" "FREEZE" "COPY statement"
	assert_eq 500 "$(pg_sql 'SELECT count(*) FROM orders')" "rows"
	# a row appearing in the table is never truncated away by a plain run
	expect_exit 1 dbarena seed --url "$URL" --config "$WORK/o.ini" --quiet
	assert_contains "$OUT" "already holds 500 rows"
}

my_parent_child() {
	my_sql "CREATE TABLE users (id int PRIMARY KEY, email varchar(100) NOT NULL UNIQUE)"
	my_sql "CREATE TABLE orders (id int PRIMARY KEY, user_id int NOT NULL, total decimal(10,2), status varchar(20),
		created_at datetime, KEY by_user (user_id), FOREIGN KEY (user_id) REFERENCES users (id))"
	cat >"$WORK/pc.ini" <<EOF2
[table users]
count = 300
[column users.id]
generator = sequential
[column users.email]
generator = email
[table orders]
count = 3000
[column orders.id]
generator = sequential
[column orders.user_id]
generator = foreign_key
references = users.id
[column orders.total]
generator = random_decimal
min = 1
max = 5000
[column orders.status]
generator = enum
values = pending, shipped
[column orders.created_at]
generator = timestamp
type = range
start = 2024-01-01
end = 2025-01-01
EOF2
}

test_seed_speed_mysql_checks_off_where_guaranteed() {
	local ref
	my_fresh_db speed_my1; my_parent_child
	expect_exit 0 dbarena seed --url "$URL" --config "$WORK/pc.ini" --seed 5 --quiet
	assert_contains "$OUT" "note: users loaded with unique_checks = 0 and foreign_key_checks = 0" "users note"
	assert_contains "$OUT" "note: orders loaded with unique_checks = 0 and foreign_key_checks = 0" "orders note"
	assert_contains "$OUT" "values restored after"
	assert_eq 0 "$(my_sql 'SELECT COUNT(*) FROM orders o LEFT JOIN users u ON u.id = o.user_id WHERE u.id IS NULL')" "orphans"
	assert_eq 300 "$(my_sql 'SELECT COUNT(DISTINCT email) FROM users')" "distinct emails"
	ref=$(my_sum)
	# the same rows with INSERTs and with every check on (no note: the generator is not ours to trust)
	my_fresh_db speed_my2; my_parent_child
	expect_exit 0 dbarena seed --url "$URL" --config "$WORK/pc.ini" --seed 5 --method insert --quiet
	assert_eq "$ref" "$(my_sum)" "rows with --method insert"
}

# A table with its primary key alone keeps the checks on: they guard nothing there, and with
# both off InnoDB's bulk mode loads it slower. A plain index of its own turns them off again.
test_seed_speed_mysql_checks_kept_without_secondary_index() {
	local ref
	speed_ini "$WORK/o.ini" 2000
	my_fresh_db speed_my_pk
	my_sql "CREATE TABLE orders (id int PRIMARY KEY, user_id int, total decimal(10,2), status varchar(20),
		created_at datetime)"
	expect_exit 0 dbarena seed --url "$URL" --config "$WORK/o.ini" --seed 4 --quiet
	assert_not_contains "$OUT" "unique_checks" "note for a primary-key-only table"
	ref=$(my_sum)
	assert_eq 2000 "${ref%% *}" "rows"
	my_fresh_db speed_my_ix
	my_sql "CREATE TABLE orders (id int PRIMARY KEY, user_id int, total decimal(10,2), status varchar(20),
		created_at datetime, KEY by_status (status))"
	expect_exit 0 dbarena seed --url "$URL" --config "$WORK/o.ini" --seed 4 --quiet
	assert_contains "$OUT" "note: orders loaded with unique_checks = 0 and foreign_key_checks = 0" "note"
	assert_eq "$ref" "$(my_sum)" "the same rows with the checks off"
}

test_seed_speed_mysql_checks_stay_on_for_other_generators() {
	my_fresh_db speed_my3; my_parent_child
	# user_id drawn by random_int: dbarena does not know the parents, the server must check
	sed -i 's/^generator = foreign_key$/generator = random_int\nmin = 1000\nmax = 2000/; /^references = /d' "$WORK/pc.ini"
	expect_exit 1 dbarena seed --url "$URL" --config "$WORK/pc.ini" --quiet
	assert_contains "$OUT" "foreign key constraint" "FK refusal"
	assert_eq 0 "$(my_sql 'SELECT COUNT(*) FROM users')" "nothing left"
}

test_seed_speed_pg_jobs_split_same_rows() {
	local ref
	speed_ini "$WORK/o.ini" 45000
	pg_fresh_db speed_jobs; pg_orders
	pg_sql "CREATE TABLE items (id int PRIMARY KEY, order_id int NOT NULL REFERENCES orders(id), qty int)" >/dev/null
	cat >>"$WORK/o.ini" <<EOF2
[table items]
count = 30000
[column items.id]
generator = sequential
[column items.order_id]
generator = foreign_key
references = orders.id
[column items.qty]
generator = random_int
min = 1
max = 9
EOF2
	items_sum() { pg_sql "SELECT md5(string_agg(t::text, ',' ORDER BY id)) FROM items t"; }
	expect_exit 0 dbarena seed --url "$URL" --config "$WORK/o.ini" --seed 11 --quiet
	ref="$(pg_sum) $(items_sum)"
	expect_exit 0 dbarena seed --url "$URL" --config "$WORK/o.ini" --seed 11 --truncate --jobs 4 --quiet
	assert_contains "$OUT" "note: orders loaded as 4 row ranges over 4 connections at once, each range its own transaction"
	assert_contains "$OUT" "note: items loaded as 3 row ranges"
	assert_eq "$ref" "$(pg_sum) $(items_sum)" "rows with --jobs 4"
	expect_exit 0 dbarena seed --url "$URL" --config "$WORK/o.ini" --seed 11 --truncate --jobs 2 --method insert --quiet
	assert_eq "$ref" "$(pg_sum) $(items_sum)" "rows with --jobs 2 --method insert"
}

test_seed_speed_mysql_jobs_split_same_rows() {
	local ref
	speed_ini "$WORK/o.ini" 40000
	my_fresh_db speed_myjobs; my_orders
	expect_exit 0 dbarena seed --url "$URL" --config "$WORK/o.ini" --seed 4 --quiet
	ref=$(my_sum)
	assert_eq "40000 " "${ref%% *} " "rows"
	expect_exit 0 dbarena seed --url "$URL" --config "$WORK/o.ini" --seed 4 --truncate --jobs 4 --quiet
	assert_contains "$OUT" "note: orders loaded as 4 row ranges"
	assert_eq "$ref" "$(my_sum)" "rows with --jobs 4"
}

pg_orders_indexed() {
	pg_sql "CREATE TABLE users (id int PRIMARY KEY, email text UNIQUE)" >/dev/null
	pg_orders
	pg_sql "CREATE INDEX orders_by_user ON orders (user_id); CREATE INDEX orders_by_day ON orders (created_at, status);
		ALTER TABLE orders ADD CONSTRAINT orders_total_ck CHECK (total < 4990);
		ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id)" >/dev/null
	cat >"$WORK/d.ini" <<EOF2
[table users]
count = 5000
[column users.id]
generator = sequential
[column users.email]
generator = email
EOF2
	speed_ini "$WORK/o.ini" "$1"
	sed -i 's/^generator = random_int$/generator = foreign_key\nreferences = users.id/; /^min = 1$/{N;/max = 100000/d}' "$WORK/o.ini"
	cat "$WORK/o.ini" >>"$WORK/d.ini"
}
# What the schema holds for orders: indexes and constraints with their definitions.
pg_shape() {
	pg_sql "SELECT string_agg(indexdef, '; ' ORDER BY indexname) FROM pg_indexes WHERE tablename = 'orders'"
	pg_sql "SELECT string_agg(conname || ' ' || pg_get_constraintdef(oid), '; ' ORDER BY conname) FROM pg_constraint WHERE conrelid = 'orders'::regclass"
}

test_seed_speed_pg_defer_indexes_same_rows_and_shape() {
	local shape ref
	pg_fresh_db speed_defer; pg_orders_indexed 20000
	# lift the CHECK for this test: every total allowed
	pg_sql "ALTER TABLE orders DROP CONSTRAINT orders_total_ck" >/dev/null
	shape=$(pg_shape)
	expect_exit 0 dbarena seed --url "$URL" --config "$WORK/d.ini" --seed 9 --quiet
	ref=$(pg_sum)
	expect_exit 0 dbarena -vv seed --url "$URL" --config "$WORK/d.ini" --seed 9 --truncate --defer-indexes --quiet
	assert_contains "$OUT" "note: orders: index orders_by_user re-created after the load in" "index note"
	assert_contains "$OUT" "note: orders: index orders_by_day re-created" "second index"
	assert_contains "$OUT" "note: orders: foreign key orders_user_fk re-created" "FK note"
	assert_not_contains "$OUT" "orders_pkey re-created" "the primary key stays"
	assert_contains "$OUT" "FREEZE)" "FREEZE with --defer-indexes"
	assert_eq "$ref" "$(pg_sum)" "rows with --defer-indexes"
	assert_eq "$shape" "$(pg_shape)" "indexes and constraints after the load"
	assert_eq 0 "$(pg_sql "SELECT count(*) FROM pg_index WHERE indrelid = 'orders'::regclass AND NOT indisvalid")" "valid indexes"
	# with --jobs 2 each table rebuilds in its own transaction
	expect_exit 0 dbarena seed --url "$URL" --config "$WORK/d.ini" --seed 9 --truncate --defer-indexes --jobs 2 --quiet
	assert_eq "$ref" "$(pg_sum)" "rows with --defer-indexes --jobs 2"
	assert_eq "$shape" "$(pg_shape)" "shape after --jobs 2"
}

test_seed_speed_pg_defer_indexes_failure_and_sigint_leave_all() {
	local shape before pid rc
	pg_fresh_db speed_defer_fail; pg_orders_indexed 20000
	pg_sql "INSERT INTO users VALUES (1, 'a@b'); INSERT INTO orders VALUES (1, 1, 1, 'x', now())" >/dev/null
	shape=$(pg_shape); before=$(pg_sum)
	# totals up to 5000 break the CHECK (< 4990) within 20000 rows: the COPY fails after the drops
	expect_exit 1 dbarena seed --url "$URL" --config "$WORK/d.ini" --truncate --defer-indexes --quiet
	assert_contains "$OUT" "orders_total_ck"
	assert_eq "$shape" "$(pg_shape)" "indexes and constraints after a failed load"
	assert_eq "$before" "$(pg_sum)" "rows after a failed load"
	# Ctrl-C in the middle of a long load
	pg_sql "ALTER TABLE orders DROP CONSTRAINT orders_total_ck" >/dev/null
	shape=$(pg_shape)
	sed -i 's/^count = 20000$/count = 3000000/' "$WORK/d.ini"
	"$DBARENA_BIN" --plugin-dir "$BUILD/plugins" seed --url "$URL" --config "$WORK/d.ini" --truncate --defer-indexes \
		--quiet >"$WORK/defer-int.out" 2>&1 &
	pid=$!
	for _ in $(seq 100); do
		[ "$(pg_sql "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'COPY \"orders\"%'")" = 1 ] && break
		sleep 0.1
	done
	sleep 0.5
	kill -INT $pid
	wait $pid; rc=$?
	assert_eq 130 "$rc" "exit status after SIGINT"
	assert_eq "$shape" "$(pg_shape)" "indexes and constraints after SIGINT"
	assert_eq "$before" "$(pg_sum)" "rows after SIGINT"
}

test_seed_speed_defer_indexes_refused_on_mysql() {
	speed_ini "$WORK/o.ini" 10
	my_fresh_db speed_mydefer; my_orders
	expect_exit 2 dbarena seed --url "$URL" --config "$WORK/o.ini" --defer-indexes --quiet
	assert_contains "$OUT" "--defer-indexes is for PostgreSQL only"
}
