# PostgreSQL driver plugin, driven directly through tests/tools/drvtest;
# what reached the server is checked with psql.

drvtest() { "$BUILD/tests/tools/drvtest" --plugin-dir "$BUILD/plugins" "$@"; }

test_postgres_describe_mixed_case_schema_table() {
	pg_fresh_db pg_describe
	pg_sql "CREATE SCHEMA sales;
		CREATE TYPE sales.status AS ENUM ('new', 'on hold', 'shipped');
		CREATE TABLE sales.\"Orders\" (region int, \"Order No\" bigint, PRIMARY KEY (region, \"Order No\"));
		CREATE TABLE sales.\"Order Items\" (
			id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
			region int NOT NULL,
			\"Order No\" bigint NOT NULL,
			price numeric(10,2) NOT NULL DEFAULT 0,
			qty smallint DEFAULT 1,
			total numeric GENERATED ALWAYS AS (price * qty) STORED,
			\"Label\" varchar(40),
			st sales.status NOT NULL DEFAULT 'new',
			ref uuid,
			created timestamptz DEFAULT now(),
			CONSTRAINT items_order_fk FOREIGN KEY (region, \"Order No\") REFERENCES sales.\"Orders\" (region, \"Order No\"));
		CREATE TABLE serials (id serial PRIMARY KEY, body text);"
	expect_exit 0 drvtest "$URL" describe 'sales.Order Items'
	local want
	want='table sales.Order Items
column id: type=bigint family=int len=-1 prec=19 scale=0 nullable=0 identity=1 generated=0
column region: type=integer family=int len=-1 prec=10 scale=0 nullable=0 identity=0 generated=0
column Order No: type=bigint family=int len=-1 prec=19 scale=0 nullable=0 identity=0 generated=0
column price: type=numeric family=decimal len=-1 prec=10 scale=2 nullable=0 identity=0 generated=0 default=0
column qty: type=smallint family=int len=-1 prec=5 scale=0 nullable=1 identity=0 generated=0 default=1
column total: type=numeric family=decimal len=-1 prec=-1 scale=-1 nullable=1 identity=0 generated=1
column Label: type=character varying family=text len=40 prec=-1 scale=-1 nullable=1 identity=0 generated=0
column st: type=sales.status family=enum len=-1 prec=-1 scale=-1 nullable=0 identity=0 generated=0 default='"'"'new'"'"'::sales.status enum=new,on hold,shipped
column ref: type=uuid family=uuid len=-1 prec=-1 scale=-1 nullable=1 identity=0 generated=0
column created: type=timestamp with time zone family=timestamp len=-1 prec=-1 scale=-1 nullable=1 identity=0 generated=0 default=now()
pk id
fk items_order_fk: region,Order No -> sales.Orders(region,Order No)
rows -1'
	assert_eq "$want" "$OUT" "describe output"

	# quoted form, serial identity, estimated rows after ANALYZE
	pg_sql "INSERT INTO serials (body) SELECT 'x' FROM generate_series(1, 50); ANALYZE serials"
	expect_exit 0 drvtest "$URL" describe '"public"."serials"'
	assert_contains "$OUT" "column id: type=integer family=int len=-1 prec=10 scale=0 nullable=0 identity=1 generated=0 default=nextval('serials_id_seq'::regclass)"
	assert_contains "$OUT" "rows 50"

	expect_exit 0 drvtest "$URL" tables
	assert_eq "sales.Order Items
sales.Orders
serials" "$OUT" "table list"

	expect_exit 1 drvtest "$URL" describe 'order items'
	assert_contains "$OUT" 'class=usage'
	assert_contains "$OUT" 'table "order items" does not exist'
}

test_postgres_bulk_round_trips_bytes() {
	pg_fresh_db pg_bulk
	pg_sql 'CREATE SCHEMA "Mixed"; CREATE TABLE "Mixed"."Bulk T" (id bigint PRIMARY KEY, "Body" text, ts timestamptz,
		d date, ok bool, amt numeric(12,2), u uuid, f float8)'
	# drvtest reads tab-separated fields with COPY-style escapes (\t \n \r \\, \N
	# for NULL) and hands raw bytes to the driver, which must re-encode them
	row() { local IFS=$'\t'; printf '%s\n' "$*"; }
	{
		row 1 'tab\there\nnew line\r\ncrlf' '2024-01-02 03:04:05.123456' 2024-02-29 t 12.50 \
			0b5f8a4e-2a52-4a40-9e39-1f8a2c6a0f11 0.1
		row 2 '\N' '\N' '\N' '\N' '\N' '\N' '\N'
		row 3 "back\\\\slash 'single' \"double\" ünïcødé €" '1969-12-31 23:59:59.999999' 1900-01-01 f -0.01 '\N' -1e+300
		row 4 '\\N is not null: \\N' '2000-01-01 00:00:00' 2000-01-01 t 0 '\N' 0
	} > "$WORK/bulk.in"
	expect_exit 0 drvtest "$URL" bulk 'Mixed.Bulk T' id:int Body:text ts:timestamp d:date ok:bool amt:decimal u:uuid f:double < "$WORK/bulk.in"
	assert_eq 4 "$OUT" "rows loaded"

	local body
	body=$(printf 'tab\there\nnew line\r\ncrlf' | md5sum | cut -d' ' -f1)
	assert_eq "$body" "$(pg_sql 'SELECT md5("Body") FROM "Mixed"."Bulk T" WHERE id = 1')" "body with tab/newline/CR"
	body=$(printf '%s' "back\\slash 'single' \"double\" ünïcødé €" | md5sum | cut -d' ' -f1)
	assert_eq "$body" "$(pg_sql 'SELECT md5("Body") FROM "Mixed"."Bulk T" WHERE id = 3')" "body with backslash, quotes, UTF-8"
	body=$(printf '%s' '\N is not null: \N' | md5sum | cut -d' ' -f1)
	assert_eq "$body" "$(pg_sql 'SELECT md5("Body") FROM "Mixed"."Bulk T" WHERE id = 4')" "literal backslash-N text"
	assert_eq "t|t|t|t|t|t|t" "$(pg_sql 'SELECT "Body" IS NULL, ts IS NULL, d IS NULL, ok IS NULL, amt IS NULL, u IS NULL, f IS NULL FROM "Mixed"."Bulk T" WHERE id = 2')" "NULLs"
	assert_eq "2024-01-02 03:04:05.123456|2024-02-29|t|12.50|0b5f8a4e-2a52-4a40-9e39-1f8a2c6a0f11|0.1" \
		"$(pg_sql "SET TimeZone = 'UTC'; SELECT to_char(ts, 'YYYY-MM-DD HH24:MI:SS.US'), d, ok, amt, u, f FROM \"Mixed\".\"Bulk T\" WHERE id = 1")" "typed values row 1"
	assert_eq "1969-12-31 23:59:59.999999|1900-01-01|f|-0.01|-1e+300" \
		"$(pg_sql "SET TimeZone = 'UTC'; SELECT to_char(ts, 'YYYY-MM-DD HH24:MI:SS.US'), d, ok, amt, f FROM \"Mixed\".\"Bulk T\" WHERE id = 3")" "typed values row 3"
}

test_postgres_bulk_failure_leaves_nothing() {
	pg_fresh_db pg_bulk_fail
	pg_sql 'CREATE TABLE t (id int PRIMARY KEY, name text)'
	# a value the row source cannot read aborts the COPY
	printf '1\tone\n2\ttwo\nnot-a-number\tthree\n' > "$WORK/bad.in"
	expect_exit 1 drvtest "$URL" bulk t id:int name:text < "$WORK/bad.in"
	assert_contains "$OUT" 'line 3: bad value for column 1'
	assert_eq 0 "$(pg_sql 'SELECT count(*) FROM t')" "rows after a failed row source"
	# a row the server refuses (duplicate key) rolls the whole load back
	printf '1\tone\n2\ttwo\n1\tagain\n' > "$WORK/dup.in"
	expect_exit 1 drvtest "$URL" bulk t id:int name:text < "$WORK/dup.in"
	assert_contains "$OUT" 'class=constraint sqlstate=23505'
	assert_eq 0 "$(pg_sql 'SELECT count(*) FROM t')" "rows after a refused row"
}

test_postgres_error_classes() {
	pg_fresh_db pg_errors
	pg_sql 'CREATE TABLE u (id int PRIMARY KEY)'
	expect_exit 0 drvtest "$URL" exec 'INSERT INTO u VALUES (1)'
	expect_exit 1 drvtest "$URL" exec 'INSERT INTO u VALUES (1)'
	assert_contains "$OUT" 'error: class=constraint sqlstate=23505'
	assert_contains "$OUT" 'detail: Key (id)=(1) already exists.'
	expect_exit 1 drvtest "$URL" exec 'SELEC 1'
	assert_contains "$OUT" 'error: class=syntax sqlstate=42601'
	expect_exit 1 drvtest "$URL" exec "SET statement_timeout = '50ms'; SELECT pg_sleep(2)"
	assert_contains "$OUT" 'error: class=timeout sqlstate=57014'
	# a lock wait that gives up is retryable, like a deadlock
	pg_sql 'BEGIN; LOCK TABLE u; SELECT pg_sleep(1.5); COMMIT' >/dev/null &
	local holder=$! i
	for i in $(seq 1 50); do
		[ "$(pg_sql "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE c.relname = 'u' AND l.mode = 'AccessExclusiveLock' AND l.granted")" = 1 ] && break
		sleep 0.05
	done
	expect_exit 1 drvtest "$URL" exec "SET lock_timeout = '50ms'; LOCK TABLE u"
	wait "$holder"
	assert_contains "$OUT" 'error: class=deadlock sqlstate=55P03'

	local port
	port=$(free_port)
	expect_exit 1 drvtest "postgres://postgres:Sekr1tPw@127.0.0.1:$port/x" tables
	assert_contains "$OUT" 'error: class=connection'
	assert_not_contains "$OUT" 'Sekr1tPw'
	expect_exit 1 drvtest "postgres://postgres:Sekr1tPw@127.0.0.1:$PG_PORT/$DB" tables
	assert_contains "$OUT" 'error: class=connection'
	assert_contains "$OUT" 'password authentication failed'
	assert_not_contains "$OUT" 'Sekr1tPw'
	expect_exit 1 drvtest "$URL?frobnicate=1" tables
	assert_contains "$OUT" 'class=usage'
	assert_contains "$OUT" 'unknown PostgreSQL URL option "frobnicate"'
	expect_exit 0 drvtest "$URL?application_name=pgtest&sslmode=disable" exec "SELECT current_setting('application_name')"
	assert_contains "$OUT" 'pgtest'
}

test_postgres_prepare_and_literals() {
	pg_fresh_db pg_prepare
	pg_sql 'CREATE TABLE p (id bigint PRIMARY KEY, name text, ts timestamptz, ok bool, amt numeric(8,2))'
	expect_exit 0 drvtest "$URL" prepare 'INSERT INTO p VALUES ($1, $2, $3, $4, $5)' \
		int:7 "text:it's a \"test\" \\ ü" 'timestamp:2024-05-06 07:08:09.5' bool:f decimal:3.25
	assert_contains "$OUT" 'affected 1'
	assert_eq "7|it's a \"test\" \\ ü|2024-05-06 07:08:09.500000|f|3.25" \
		"$(pg_sql "SET TimeZone = 'UTC'; SELECT id, name, to_char(ts, 'YYYY-MM-DD HH24:MI:SS.US'), ok, amt FROM p")" "prepared insert"
	expect_exit 0 drvtest "$URL" prepare 'SELECT name, $2::int + 1 AS n FROM p WHERE id = $1' int:7 int:41
	assert_eq "name	n
it's a \"test\" \\\\ ü	42
affected 1" "$OUT" "prepared select rows (backslash shown escaped)"

	# render_literal output is read back by the server as the same value
	local lit
	lit=$(drvtest "$URL" literal "text:it's \\ \"q\" ü")
	assert_eq "$(printf '%s' "it's \\ \"q\" ü" | md5sum | cut -d' ' -f1)" "$(pg_sql "SELECT md5($lit)")" "text literal"
	lit=$(drvtest "$URL" literal 'timestamp:1999-12-31 23:59:59.000001')
	assert_eq "1999-12-31 23:59:59.000001" "$(pg_sql "SET TimeZone = 'UTC'; SELECT to_char(${lit}::timestamptz, 'YYYY-MM-DD HH24:MI:SS.US')")" "timestamp literal"
	lit=$(drvtest "$URL" literal 'double:0.1')
	assert_eq "t" "$(pg_sql "SELECT $lit::float8 = 0.1::float8")" "double literal"
}

# Sixteen URL options (the most a URL may carry) next to every default the driver adds.
test_postgres_sixteen_url_options() {
	local o
	pg_fresh_db pg_opts
	o='sslmode=disable&gssencmode=disable&keepalives=1&keepalives_idle=30&keepalives_interval=10'
	o+='&keepalives_count=3&tcp_user_timeout=0&target_session_attrs=any&fallback_application_name=x'
	o+='&options=-c%20work_mem%3D4MB&sslcompression=0&channel_binding=prefer&krbsrvname=postgres'
	o+='&sslsni=1&ssl_min_protocol_version=TLSv1.2&sslkey=%2Fnonexistent'
	expect_exit 0 dbarena query --url "$URL?$o" --sql 'SHOW work_mem'
	assert_contains "$OUT" "4MB"
	expect_exit 2 dbarena query --url "$URL?$o&sslcert=%2Fnonexistent" --sql 'SELECT 1'
	assert_contains "$OUT" "too many URL options"
}
