# CHECK constraints, domains and the column types of real schemas: seed init ->
# seed (unedited) -> workload, checked with psql / mariadb (the server enforces
# the CHECKs; the queries check what the values look like).
CORPUS=$ROOT/tests/corpus

values_seed() { # seed init, then seed with the config unedited
	expect_exit 0 dbarena seed init --url "$URL"
	INIT=$OUT
	printf '%s\n' "$OUT" > "$WORK/v.ini"
	expect_exit 0 dbarena seed --url "$URL" --config "$WORK/v.ini" --quiet
}

values_run() { # ENGINE: three short workloads with no failed transaction
	for p in oltp ecommerce olap; do
		expect_exit 0 dbarena workload run --url "$URL" --pattern "$p" --connections 2 --tps 50 --duration 2
		assert_contains "$OUT" " 0 failed" "workload $p on $1"
	done
}

test_schema_values_checks_pg() {
	pg_fresh_db values_pg
	pg_sql "$(cat "$CORPUS/shop_checks.pg.sql")" >/dev/null
	values_seed
	assert_contains "$INIT" "; CHECK odd_rule is not understood" "unparsed CHECK named"
	assert_eq 100 "$(pg_sql 'SELECT COUNT(*) FROM vendor')" "parents"
	assert_eq 0 "$(pg_sql 'SELECT COUNT(*) FROM gadget g LEFT JOIN vendor v ON v.id = g.vendor_id WHERE v.id IS NULL')" "orphans"
	assert_eq 0 "$(pg_sql "SELECT COUNT(*) FROM gadget WHERE status NOT IN ('draft','live','retired') OR price <= 0 OR price > 900 OR stock > 50 OR length(code) < 6 OR (phone IS NULL AND email IS NULL)")" "CHECKs hold"
	assert_eq 0 "$(pg_sql 'SELECT COUNT(*) FROM vendor WHERE rating >= 1 OR since < 1950 OR since > 2030')" "numeric(4,4) and domain"
	values_run pg
	assert_eq 1 "$(pg_sql "SELECT COUNT(DISTINCT family(ip)) FROM vendor")" "inet values"
	assert_eq 0 "$(pg_sql "SELECT COUNT(*) FROM vendor WHERE jsonb_typeof(doc) <> 'object' OR cardinality(tags) < 1")" "jsonb and arrays"
}

test_schema_values_checks_my() {
	my_fresh_db values_my
	my_sql "$(cat "$CORPUS/shop_checks.my.sql")"
	values_seed
	assert_contains "$INIT" "; CHECK odd_rule is not understood" "unparsed CHECK named"
	assert_eq 0 "$(my_sql 'SELECT COUNT(*) FROM gadget g LEFT JOIN vendor v ON v.id = g.vendor_id WHERE v.id IS NULL')" "orphans"
	assert_eq 0 "$(my_sql "SELECT COUNT(*) FROM gadget WHERE status NOT IN ('draft','live','retired') OR price <= 0 OR stock > 50 OR char_length(code) < 6")" "CHECKs hold"
	values_run my
	assert_eq 0 "$(my_sql 'SELECT COUNT(*) FROM vendor WHERE rating >= 1 OR NOT json_valid(doc)')" "decimal(4,4) and JSON"
}

test_schema_values_inferred_pg() {
	# no [column] sections: every NOT NULL column is inferred, and the CHECKs still hold
	pg_fresh_db values_inf_pg
	pg_sql "$(cat "$CORPUS/shop_checks.pg.sql")" >/dev/null
	printf '[table vendor]\ncount = 20\n[table gadget]\ncount = 60\n' > "$WORK/inf.ini"
	expect_exit 0 dbarena seed --url "$URL" --config "$WORK/inf.ini" --quiet
	assert_eq 60 "$(pg_sql 'SELECT COUNT(*) FROM gadget')" "gadgets"
	assert_eq 0 "$(pg_sql "SELECT COUNT(*) FROM gadget WHERE phone IS NULL AND email IS NULL")" "one contact set"
	assert_eq 3 "$(pg_sql "SELECT COUNT(DISTINCT status) FROM gadget")" "statuses from the CHECK"
}

test_schema_values_inferred_my() {
	my_fresh_db values_inf_my
	my_sql "$(cat "$CORPUS/shop_checks.my.sql")"
	printf '[table vendor]\ncount = 20\n[table gadget]\ncount = 60\n' > "$WORK/inf.ini"
	expect_exit 0 dbarena seed --url "$URL" --config "$WORK/inf.ini" --quiet
	assert_eq 0 "$(my_sql "SELECT COUNT(*) FROM gadget WHERE phone IS NULL AND email IS NULL")" "one contact set"
	assert_eq 0 "$(my_sql "SELECT COUNT(*) FROM vendor WHERE since < 1901 OR NOT json_valid(doc)")" "YEAR and JSON"
}

test_schema_values_unhandled_type_pg() {
	pg_fresh_db values_other_pg
	pg_sql "CREATE TABLE shape (id serial PRIMARY KEY, label text NOT NULL, frame box)" >/dev/null
	expect_exit 0 dbarena seed init --url "$URL"
	assert_contains "$OUT" "; frame (box): no generator for this type; left NULL" "nullable box in seed init"
	printf '%s\n' "$OUT" > "$WORK/o.ini"
	expect_exit 0 dbarena seed --url "$URL" --config "$WORK/o.ini" --quiet
	assert_eq 0 "$(pg_sql 'SELECT COUNT(frame) FROM shape')" "box left NULL"
	pg_sql "TRUNCATE shape; ALTER TABLE shape ALTER frame SET NOT NULL" >/dev/null
	printf '[table shape]\ncount = 5\n' > "$WORK/o2.ini"
	expect_exit 2 dbarena seed --url "$URL" --config "$WORK/o2.ini" --quiet
	assert_contains "$OUT" "column shape.frame (box) is NOT NULL without a default" "error names column and type"
}

test_schema_values_citext_pg() {
	pg_fresh_db values_citext
	pg_sql "CREATE EXTENSION IF NOT EXISTS citext" >/dev/null 2>&1 || skip "citext is not installed (postgresql-contrib)"
	pg_sql "CREATE TABLE login (id serial PRIMARY KEY, email citext NOT NULL CHECK (length(email) >= 5))" >/dev/null
	expect_exit 0 dbarena seed init --url "$URL"
	printf '%s\n' "$OUT" > "$WORK/c.ini"
	expect_exit 0 dbarena seed --url "$URL" --config "$WORK/c.ini" --quiet
	assert_eq 0 "$(pg_sql "SELECT COUNT(*) FROM login WHERE length(email) < 5")" "citext CHECK holds"
}
