# Bounds real schemas add, seeded from the starter config unedited and run by a workload,
# checked with psql / mariadb: date and time-stamp CHECKs, a composite key part whose CHECK
# caps its counter (further INSERTs are skipped, not failed), and a table whose only column
# is defaulted (Kanboard's schema_version).

bounds_seed() {
	expect_exit 0 dbarena seed init --url "$URL"
	INIT=$OUT
	printf '%s\n' "$OUT" > "$WORK/b.ini"
	expect_exit 0 dbarena seed --url "$URL" --config "$WORK/b.ini" --quiet
	expect_exit 0 dbarena workload run --url "$URL" --pattern oltp --connections 2 --tps 50 --duration 2
	assert_contains "$OUT" " 0 failed" "workload"
}

test_schema_bounds_pg() {
	pg_fresh_db bounds_pg
	pg_sql "CREATE TABLE schema_version (version integer DEFAULT 0);
		CREATE TABLE trip (id serial PRIMARY KEY,
			d date NOT NULL CHECK (d >= '2015-01-01' AND d < '2015-03-01'),
			at timestamptz NOT NULL CHECK (at BETWEEN '2016-01-01 00:00:00+00' AND '2016-01-05 00:00:00+00'));
		CREATE TABLE slot (room integer NOT NULL, day_no smallint NOT NULL CHECK (day_no BETWEEN 1 AND 7),
			PRIMARY KEY (room, day_no));" >/dev/null
	bounds_seed
	assert_eq 100 "$(pg_sql 'SELECT COUNT(*) FROM schema_version')" "rows of a one-defaulted-column table"
	assert_eq 0 "$(pg_sql "SELECT COUNT(*) FROM trip WHERE d < '2015-01-01' OR d >= '2015-03-01'")" "date CHECK"
	assert_eq 0 "$(pg_sql "SELECT COUNT(*) FROM slot WHERE day_no NOT BETWEEN 1 AND 7")" "CHECK-capped key"
}

test_schema_bounds_my() {
	my_fresh_db bounds_my
	my_sql "CREATE TABLE schema_version (version int DEFAULT 0);
		CREATE TABLE trip (id int AUTO_INCREMENT PRIMARY KEY,
			d date NOT NULL CHECK (d >= '2015-01-01' AND d < '2015-03-01'),
			at datetime NOT NULL CHECK (at BETWEEN '2016-01-01 00:00:00' AND '2016-01-05 00:00:00'));
		CREATE TABLE slot (room int NOT NULL, day_no tinyint NOT NULL CHECK (day_no BETWEEN 1 AND 7),
			PRIMARY KEY (room, day_no));"
	bounds_seed
	assert_eq 100 "$(my_sql 'SELECT COUNT(*) FROM schema_version')" "rows of a one-defaulted-column table"
	assert_eq 0 "$(my_sql "SELECT COUNT(*) FROM trip WHERE d < '2015-01-01' OR d >= '2015-03-01'")" "date CHECK"
	assert_eq 0 "$(my_sql "SELECT COUNT(*) FROM slot WHERE day_no NOT BETWEEN 1 AND 7")" "CHECK-capped key"
}
