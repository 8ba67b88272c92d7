# Seeding suite (SPEC section 2).  ENGINE=pg (default) or my: the same checks run
# against MariaDB through t_seed_mysql.sh, always verified with the server's own client.
ENGINE=${ENGINE:-pg}
EX=$ROOT/examples

db_fresh() { if [ "$ENGINE" = my ]; then my_fresh_db "$1"; else pg_fresh_db "$1"; fi; }
db_sql() { if [ "$ENGINE" = my ]; then my_sql "$1"; else pg_sql "$1"; fi; }
db_schema() {
	if [ "$ENGINE" = my ]; then my_sql "$(cat "$EX/ecommerce-mysql.sql")"; else pg_sql "$(cat "$EX/ecommerce.sql")" >/dev/null; fi
}
# Table contents in key order, as the server prints them.
db_dump() {
	local t
	for t in users products orders order_items; do
		echo "== $t"
		if [ "$ENGINE" = my ]; then my_sql "SELECT * FROM $t ORDER BY id"; else pg_sql "SELECT * FROM $t ORDER BY id"; fi
	done
}
closed_url() { if [ "$ENGINE" = my ]; then echo "mysql://root:x@127.0.0.1:1/none"; else echo "postgres://postgres:x@127.0.0.1:1/none"; fi; }
total_rows() { db_sql "SELECT (SELECT COUNT(*) FROM users) + (SELECT COUNT(*) FROM products) + (SELECT COUNT(*) FROM orders) + (SELECT COUNT(*) FROM order_items)"; }

test_seed_ecommerce_fk_integrity() {
	db_fresh seed_fk; db_schema
	expect_exit 0 dbarena seed --url "$URL" --config "$EX/ecommerce-seed.ini" --size small --quiet
	assert_eq 100 "$(db_sql 'SELECT COUNT(*) FROM users')" "users"
	assert_eq 20 "$(db_sql 'SELECT COUNT(*) FROM products')" "products"
	assert_eq 300 "$(db_sql 'SELECT COUNT(*) FROM orders')" "orders"
	assert_eq 800 "$(db_sql 'SELECT COUNT(*) FROM order_items')" "order_items"
	assert_eq 0 "$(db_sql 'SELECT COUNT(*) FROM orders o LEFT JOIN users u ON u.id = o.user_id WHERE u.id IS NULL')" "orphan orders"
	assert_eq 0 "$(db_sql 'SELECT COUNT(*) FROM order_items i LEFT JOIN orders o ON o.id = i.order_id WHERE o.id IS NULL')" "orphan items"
	assert_eq 100 "$(db_sql 'SELECT COUNT(DISTINCT email) FROM users')" "unique emails"
	assert_eq 0 "$(db_sql "SELECT COUNT(*) FROM orders WHERE status NOT IN ('pending','on hold','shipped','delivered','cancelled')")" "enum values"
	assert_eq 0 "$(db_sql 'SELECT COUNT(*) FROM order_items WHERE quantity < 1 OR quantity > 5')" "random_int range"
}

test_seed_deterministic_across_methods_and_jobs() {
	local a b c
	db_fresh seed_det1; db_schema
	expect_exit 0 dbarena seed --url "$URL" --config "$EX/ecommerce-seed.ini" --size small --seed 7 --quiet
	a=$(db_dump)
	db_fresh seed_det2; db_schema
	expect_exit 0 dbarena seed --url "$URL" --config "$EX/ecommerce-seed.ini" --size small --seed 7 --jobs 2 --quiet
	b=$(db_dump)
	db_fresh seed_det3; db_schema
	expect_exit 0 dbarena seed --url "$URL" --config "$EX/ecommerce-seed.ini" --size small --seed 7 --method insert --batch-size 7 --quiet
	c=$(db_dump)
	[ "$a" = "$b" ] || fail "--jobs 2 changed the data"
	[ "$a" = "$c" ] || fail "--method insert --batch-size 7 changed the data"
	db_fresh seed_det4; db_schema
	expect_exit 0 dbarena seed --url "$URL" --config "$EX/ecommerce-seed.ini" --size small --seed 8 --quiet
	[ "$a" != "$(db_dump)" ] || fail "a different seed gave the same data"
}

bad_ini() { # NAME TEXT EXPECTED_MESSAGE: exit 2, FILE:LINE, no connection attempted
	printf '%b' "$2" > "$WORK/$1.ini"
	expect_exit 2 dbarena seed --url "$(closed_url)" --config "$WORK/$1.ini"
	assert_contains "$OUT" "$3" "message for $1"
	assert_not_contains "$OUT" "connect" "message for $1"
}

test_seed_bad_config_reports_file_line() {
	bad_ini unknown_gen '[table users]\ncount = 5\n[column users.id]\ngenerator = sequentail\n' "unknown_gen.ini:4: unknown generator \"sequentail\""
	bad_ini unknown_opt '[table users]\n[column users.id]\ngenerator = random_int\nmaxx = 5\n' "unknown_opt.ini:4: unknown option \"maxx\""
	bad_ini min_max '[table users]\n[column users.id]\ngenerator = random_int\nmin = 10\nmax = 1\n' "min_max.ini:"
	bad_ini dates '[table users]\n[column users.d]\ngenerator = date\nstart = 2024-05-01\nend = 2024-01-01\n' "dates.ini:"
	bad_ini tmpl '[table users]\n[column users.c]\ngenerator = template\ntemplate = abc{random_int:1\n' "tmpl.ini:"
	bad_ini dup '[table users]\ncount = 1\n\n[table users]\n' "dup.ini:4: duplicate section [table users]"
	bad_ini section '[tabel users]\n' "section.ini:1: unknown section [tabel users]"
	bad_ini nocol '[column users.id]\ngenerator = uuid\n' "nocol.ini:1:"
	bad_ini count '[table users]\ncount = many\n' "count.ini:2:"
}

test_seed_missing_column_and_fk_target() {
	db_fresh seed_missing; db_schema
	printf '[table users]\ncount = 3\n[column users.nosuch]\ngenerator = uuid\n' > "$WORK/m.ini"
	expect_exit 2 dbarena seed --url "$URL" --config "$WORK/m.ini"
	assert_contains "$OUT" "m.ini:3: table users has no column \"nosuch\""
	printf '[table users]\ncount = 3\n[table orders]\ncount = 2\n[column orders.user_id]\ngenerator = foreign_key\nreferences = users.nope\n' > "$WORK/f.ini"
	expect_exit 2 dbarena seed --url "$URL" --config "$WORK/f.ini"
	assert_contains "$OUT" "f.ini:"
	assert_contains "$OUT" "no column \"nope\""
	assert_eq 0 "$(total_rows)" "rows after refused runs"
}

test_seed_non_empty_truncate_incremental() {
	db_fresh seed_nonempty; db_schema
	expect_exit 0 dbarena seed --url "$URL" --config "$EX/ecommerce-seed.ini" --size small --quiet
	expect_exit 1 dbarena seed --url "$URL" --config "$EX/ecommerce-seed.ini" --size small --quiet
	assert_contains "$OUT" "already holds"
	assert_contains "$OUT" "--truncate"
	expect_exit 0 dbarena seed --url "$URL" --config "$EX/ecommerce-seed.ini" --size small --truncate --quiet
	assert_eq 300 "$(db_sql 'SELECT COUNT(*) FROM orders')" "orders after --truncate"
	expect_exit 0 dbarena seed --url "$URL" --config "$EX/ecommerce-seed.ini" --size small --incremental --quiet
	assert_eq 600 "$(db_sql 'SELECT COUNT(*) FROM orders')" "orders after --incremental"
	assert_eq 200 "$(db_sql 'SELECT MAX(id) FROM users')" "sequential continued"
	assert_eq 200 "$(db_sql 'SELECT COUNT(DISTINCT email) FROM users')" "emails still unique"
}

test_seed_atomic_failure_leaves_nothing() {
	db_fresh seed_atomic; db_schema
	# The last table violates quantity > 0: the whole run must roll back.
	sed 's/^min = 1$/min = -5/' "$EX/ecommerce-seed.ini" | awk '/order_items.quantity/{f=1} {print} ' > "$WORK/bad.ini"
	python3 - "$EX/ecommerce-seed.ini" "$WORK/bad.ini" <<'PY' 2>/dev/null || sed 's/^max = 5$/max = 5\nmin = -5/' "$EX/ecommerce-seed.ini" > "$WORK/bad.ini"
import sys
s = open(sys.argv[1]).read()
s = s.replace("[column order_items.quantity]\ngenerator = random_int\nmin = 1", "[column order_items.quantity]\ngenerator = random_int\nmin = -5")
open(sys.argv[2], "w").write(s)
PY
	expect_exit 1 dbarena seed --url "$URL" --config "$WORK/bad.ini" --size small --quiet
	assert_contains "$OUT" "order_items"
	assert_eq 0 "$(total_rows)" "rows after a failed run"
}

test_seed_sigint_rolls_back() {
	local pid rc
	db_fresh seed_sigint; db_schema
	# The binary itself (not the dbarena shell function) so that the signal reaches it.
	"$DBARENA_BIN" --plugin-dir "$BUILD/plugins" seed --url "$URL" --config "$EX/ecommerce-seed.ini" \
		--rows users=3000000 --quiet >"$WORK/sigint.out" 2>&1 &
	pid=$!
	sleep 1.5
	kill -INT $pid
	wait $pid; rc=$?
	assert_eq 130 "$rc" "exit status after SIGINT"
	assert_contains "$(cat "$WORK/sigint.out")" "interrupted"
	assert_eq 0 "$(total_rows)" "rows after SIGINT"
}

test_seed_dry_run_and_csv() {
	db_fresh seed_dry; db_schema
	expect_exit 0 dbarena seed --url "$URL" --config "$EX/ecommerce-seed.ini" --dry-run
	assert_contains "$OUT" "1. users: 1000 rows"
	assert_contains "$OUT" "foreign_key(references=users.id"
	assert_eq 0 "$(total_rows)" "rows after --dry-run"
	expect_exit 0 dbarena seed --url "$URL" --config "$EX/ecommerce-seed.ini" --size small --csv-dir "$WORK/csv" --quiet
	assert_eq 101 "$(wc -l < "$WORK/csv/users.csv")" "users.csv lines"
	assert_eq "id,email,full_name,phone,street,is_active,birth_date,created_at" "$(head -n 1 "$WORK/csv/users.csv")" "CSV header"
	assert_eq 0 "$(total_rows)" "rows after --csv-dir"
}

test_seed_json_and_summary() {
	db_fresh seed_json; db_schema
	expect_exit 0 dbarena seed --url "$URL" --config "$EX/ecommerce-seed.ini" --size small --json "$WORK/seed.json" --quiet
	assert_contains "$OUT" "order_items"
	assert_contains "$OUT" "total"
	assert_contains "$(cat "$WORK/seed.json")" '"total_rows": 1220'
}

test_seed_init_roundtrip() {
	db_fresh seed_init; db_schema
	# seed init cannot see CHECK constraints: drop them for this round trip.
	if [ "$ENGINE" = pg ]; then
		pg_sql 'ALTER TABLE orders DROP CONSTRAINT orders_status_check; ALTER TABLE order_items DROP CONSTRAINT order_items_quantity_check; ALTER TABLE products DROP CONSTRAINT products_price_check' >/dev/null
	fi
	expect_exit 0 dbarena seed init --url "$URL"
	printf '%s\n' "$OUT" > "$WORK/init.ini"
	assert_contains "$OUT" "[table orders]"
	assert_contains "$OUT" "references = users.id"
	expect_exit 0 dbarena seed --url "$URL" --config "$WORK/init.ini" --size small --quiet
	assert_eq 100 "$(db_sql 'SELECT COUNT(*) FROM order_items')" "order_items from seed init"
	assert_eq 0 "$(db_sql 'SELECT COUNT(*) FROM order_items i LEFT JOIN orders o ON o.id = i.order_id WHERE o.id IS NULL')" "FK integrity"
}

test_seed_quoted_names_and_self_reference() {
	[ "$ENGINE" = pg ] || skip "PostgreSQL-only schema (the MariaDB variant is in t_mysql.sh)"
	pg_fresh_db seed_quoted
	pg_sql 'CREATE SCHEMA sales; CREATE TABLE sales."Order Items" ("Item Id" int PRIMARY KEY, "unit price" numeric(8,2) NOT NULL, note varchar(5) NOT NULL);
	        CREATE TABLE emp (id int PRIMARY KEY, boss int REFERENCES emp(id), name text NOT NULL)'
	cat > "$WORK/q.ini" <<'INI'
[table sales."Order Items"]
count = 50
[column sales."Order Items"."Item Id"]
generator = sequential
[column sales."Order Items"."unit price"]
generator = random_decimal
min = 1
max = 9
[table emp]
count = 30
[column emp.id]
generator = sequential
[column emp.boss]
generator = foreign_key
references = emp.id
INI
	expect_exit 0 dbarena seed --url "$URL" --config "$WORK/q.ini" --quiet
	assert_eq 50 "$(pg_sql 'SELECT COUNT(*) FROM sales."Order Items" WHERE length(note) <= 5')" "quoted table rows (note inferred and cut to varchar(5))"
	assert_eq 0 "$(pg_sql 'SELECT COUNT(*) FROM emp WHERE boss IS NOT NULL AND boss >= id')" "self-reference points to earlier rows"
}

test_seed_fk_cycles_and_row_options() {
	[ "$ENGINE" = pg ] || skip "PostgreSQL-only schema"
	pg_fresh_db seed_cycle
	# a <-> b, both NOT NULL: with --jobs 2 (a transaction per table) an error naming the
	# tables, nothing written; with one transaction the cycle loads, integrity holding.
	pg_sql 'CREATE TABLE ca (id int PRIMARY KEY, b_id int NOT NULL); CREATE TABLE cb (id int PRIMARY KEY, a_id int NOT NULL REFERENCES ca(id));
	        ALTER TABLE ca ADD FOREIGN KEY (b_id) REFERENCES cb(id)'
	printf '[table ca]\ncount = 5\n[column ca.id]\ngenerator = sequential\n[table cb]\ncount = 5\n[column cb.id]\ngenerator = sequential\n' > "$WORK/c.ini"
	expect_exit 2 dbarena seed --url "$URL" --config "$WORK/c.ini" --jobs 2 --quiet
	assert_contains "$OUT" "foreign-key cycle"
	assert_contains "$OUT" "ca"
	assert_contains "$OUT" "cb"
	assert_eq 0 "$(pg_sql 'SELECT (SELECT COUNT(*) FROM ca) + (SELECT COUNT(*) FROM cb)')" "rows after a cycle error"
	expect_exit 0 dbarena seed --url "$URL" --config "$WORK/c.ini" --quiet
	assert_eq 10 "$(pg_sql 'SELECT (SELECT COUNT(*) FROM ca) + (SELECT COUNT(*) FROM cb)')" "rows of a NOT NULL cycle"
	assert_eq 0 "$(pg_sql 'SELECT COUNT(*) FROM ca LEFT JOIN cb ON cb.id = ca.b_id WHERE cb.id IS NULL')" "cycle FK integrity"
	pg_sql 'TRUNCATE ca, cb'
	# A nullable FK breaks the cycle: that column is seeded NULL and the summary says so.
	pg_sql 'ALTER TABLE ca ALTER COLUMN b_id DROP NOT NULL'
	printf '[column ca.b_id]\ngenerator = foreign_key\nreferences = cb.id\n' >> "$WORK/c.ini"
	expect_exit 0 dbarena seed --url "$URL" --config "$WORK/c.ini" --quiet
	assert_contains "$OUT" "seeded NULL"
	assert_eq 5 "$(pg_sql 'SELECT COUNT(*) FROM ca WHERE b_id IS NULL')" "cycle-breaking column"
	assert_eq 0 "$(pg_sql 'SELECT COUNT(*) FROM cb LEFT JOIN ca ON ca.id = cb.a_id WHERE ca.id IS NULL')" "FK integrity"
	# --rows: absolute counts; a table the config lacks is a usage error.
	expect_exit 0 dbarena seed --url "$URL" --config "$WORK/c.ini" --truncate --rows cb=9 --quiet
	assert_eq 9 "$(pg_sql 'SELECT COUNT(*) FROM cb')" "--rows cb=9"
	expect_exit 2 dbarena seed --url "$URL" --config "$WORK/c.ini" --rows nosuch=3 --quiet
	assert_contains "$OUT" "nosuch"
}

test_seed_sigterm_rolls_back() {
	local pid rc
	db_fresh seed_sigterm; db_schema
	"$DBARENA_BIN" --plugin-dir "$BUILD/plugins" seed --url "$URL" --config "$EX/ecommerce-seed.ini" \
		--rows users=3000000 --quiet >"$WORK/sigterm.out" 2>&1 &
	pid=$!
	sleep 1.5
	kill -TERM $pid
	wait $pid; rc=$?
	assert_eq 130 "$rc" "exit status after SIGTERM"
	assert_eq 0 "$(total_rows)" "rows after SIGTERM"
}

test_seed_named_instance_form_and_generated_always() {
	[ "$ENGINE" = pg ] || skip "PostgreSQL-only schema"
	pg_fresh_db seed_always
	pg_sql 'CREATE TABLE ga (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, v int NOT NULL)'
	# Not configured: the identity column is left to the database.
	printf '[table ga]\ncount = 4\n[column ga.v]\ngenerator = random_int\n' > "$WORK/ga.ini"
	expect_exit 0 dbarena seed --url "$URL" --config "$WORK/ga.ini" --quiet
	assert_eq "1,4" "$(pg_sql "SELECT MIN(id) || ',' || MAX(id) FROM ga")" "identity values from the database"
}

# Explicit values in identity/serial columns: inserts that leave the column out afterwards do
# not collide, and a sequence already further on is never moved back.
test_seed_identity_values_then_default_inserts() {
	local ddl
	db_fresh seed_ident
	if [ "$ENGINE" = my ]; then
		ddl='CREATE TABLE acct (id bigint AUTO_INCREMENT PRIMARY KEY, name varchar(40) NOT NULL);
		     CREATE TABLE note (id int AUTO_INCREMENT PRIMARY KEY, acct_id bigint NOT NULL REFERENCES acct(id), body text NOT NULL)'
	else
		ddl='CREATE TABLE acct (id bigserial PRIMARY KEY, name varchar(40) NOT NULL);
		     CREATE TABLE note (id int GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, acct_id bigint NOT NULL REFERENCES acct(id), body text NOT NULL)'
	fi
	db_sql "$ddl" >/dev/null
	printf '[table acct]\ncount = 50\n[column acct.id]\ngenerator = sequential\n[column acct.name]\ngenerator = name\ntype = first\n' > "$WORK/ident.ini"
	printf '[table note]\ncount = 120\n[column note.id]\ngenerator = sequential\nstart = 1000\n' >> "$WORK/ident.ini"
	printf '[column note.acct_id]\ngenerator = foreign_key\nreferences = acct.id\n[column note.body]\ngenerator = text\n' >> "$WORK/ident.ini"
	expect_exit 0 dbarena seed --url "$URL" --config "$WORK/ident.ini" --quiet
	if [ "$ENGINE" = my ]; then
		ins() { my_sql "INSERT INTO $1; SELECT LAST_INSERT_ID()"; }
	else
		ins() { pg_sql "INSERT INTO $1 RETURNING id"; }
	fi
	assert_eq 51 "$(ins "acct (name) VALUES ('after')")" "next acct id"
	assert_eq 1120 "$(ins "note (acct_id, body) VALUES (1, 'after')")" "next note id"
	# Further on already: an incremental seed below that point leaves it alone.
	db_sql "DELETE FROM note" >/dev/null
	expect_exit 0 dbarena seed --url "$URL" --config "$WORK/ident.ini" --rows acct=1,note=5 --incremental --quiet
	assert_eq 1121 "$(ins "note (acct_id, body) VALUES (1, 'again')")" "note id not moved back"
}
