# Binary COPY on PostgreSQL: chosen for tables whose every column has a
# binary encoder (integers, numeric, text, varchar, timestamp, timestamptz,
# date, boolean), text COPY otherwise; DBARENA_PG_COPY=text|binary overrides.
# Rows must be byte-identical to text COPY's (checksums computed by psql).

bin_sum() { # TABLE
	pg_sql "SELECT count(*) || ' ' || md5(string_agg(t::text, ',' ORDER BY 1)) FROM $1 t"
}

test_seed_binary_orders_identical_to_text() {
	local ref
	cat >"$WORK/b.ini" <<EOF2
[table orders]
count = 5000
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
EOF2
	pg_fresh_db bin_orders
	pg_sql "CREATE TABLE orders (id int PRIMARY KEY, user_id int, total numeric(10,2), status varchar(20), created_at timestamp)" >/dev/null
	DBARENA_PG_COPY=text expect_exit 0 dbarena -vv seed --url "$URL" --config "$WORK/b.ini" --seed 5 --quiet
	assert_not_contains "$OUT" "FORMAT binary" "text COPY statement"
	ref=$(bin_sum orders)
	assert_eq "5000 " "${ref%% *} " "rows"
	expect_exit 0 dbarena -vv seed --url "$URL" --config "$WORK/b.ini" --seed 5 --truncate --quiet
	assert_contains "$OUT" "FROM STDIN (FORMAT binary, FREEZE)" "binary COPY statement"
	assert_eq "$ref" "$(bin_sum orders)" "binary rows"
	# split over connections: each range its own binary COPY, the same rows
	expect_exit 0 dbarena seed --url "$URL" --config "$WORK/b.ini" --seed 5 --truncate --jobs 3 --quiet
	assert_eq "$ref" "$(bin_sum orders)" "binary rows with --jobs 3"
}

test_seed_binary_every_type_nulls_and_escapes() {
	local ref
	cat >"$WORK/w.ini" <<EOF2
[table parent]
count = 50
[column parent.at]
generator = timestamp
type = range
start = 1999-12-30
end = 2000-01-03
[table wide]
count = 3000
[column wide.id]
generator = sequential
start = -1500
[column wide.s]
generator = random_int
min = -32768
max = 32767
null_probability = 0.1
[column wide.b]
generator = random_int
min = -9000000000000000000
max = 9000000000000000000
[column wide.n]
generator = random_decimal
min = -99999.5
max = 99999.5
precision = 4
null_probability = 0.1
[column wide.n2]
generator = random_decimal
min = -1
max = 1
precision = 1
[column wide.t]
generator = template
template = a\\\\b	{random_int:0:99}
[column wide.v]
generator = text
max_words = 3
[column wide.e]
generator = email
[column wide.tz]
generator = timestamp
type = relative
offset_seconds = -86400
jitter_seconds = 86400
[column wide.d]
generator = date
start = 1960-01-01
end = 2040-12-31
[column wide.f]
generator = boolean
null_probability = 0.2
[column wide.at]
generator = foreign_key
references = parent.at
[column wide.code]
generator = random_int
min = 1
max = 999
EOF2
	pg_fresh_db bin_wide
	pg_sql "CREATE TABLE parent (at timestamp PRIMARY KEY)" >/dev/null
	pg_sql "CREATE TABLE wide (id bigint PRIMARY KEY, s smallint, b bigint, n numeric(12,4), n2 numeric, t text, v varchar(12), e varchar(60), tz timestamptz, d date, f boolean, at timestamp REFERENCES parent(at), code varchar(5))" >/dev/null
	DBARENA_PG_COPY=text expect_exit 0 dbarena seed --url "$URL" --config "$WORK/w.ini" --seed 9 --quiet
	ref="$(bin_sum parent) $(bin_sum wide)"
	assert_contains "$ref" "3000 " "rows"
	pg_sql "TRUNCATE wide, parent" >/dev/null
	expect_exit 0 dbarena -vv seed --url "$URL" --config "$WORK/w.ini" --seed 9 --quiet
	assert_contains "$OUT" "FORMAT binary" "binary COPY statement"
	assert_eq "$ref" "$(bin_sum parent) $(bin_sum wide)" "binary rows"
	# text with a tab and a backslash arrived as written
	assert_eq 0 "$(pg_sql "SELECT count(*) FROM wide WHERE strpos(t, chr(92)) = 0 OR strpos(t, chr(9)) = 0")" "template text"
}

test_seed_binary_other_types_stay_text() {
	cat >"$WORK/u.ini" <<EOF2
[table ids]
count = 100
[column ids.id]
generator = sequential
[column ids.u]
generator = uuid
EOF2
	pg_fresh_db bin_text
	pg_sql "CREATE TABLE ids (id int PRIMARY KEY, u uuid)" >/dev/null
	expect_exit 0 dbarena -vv seed --url "$URL" --config "$WORK/u.ini" --quiet
	assert_not_contains "$OUT" "FORMAT binary" "COPY statement for a uuid column"
	assert_eq 100 "$(pg_sql 'SELECT count(DISTINCT u) FROM ids')" "rows"
}

test_seed_binary_falls_back_to_text_for_values_it_cannot_encode() {
	local ref
	cat >"$WORK/f.ini" <<EOF2
[table odd]
count = 4000
[column odd.id]
generator = sequential
[column odd.q]
generator = template
template = {random_int:1:9}{enum:0|0|0| }
[column odd.at]
generator = template
template = 2024-03-0{random_int:1:9} 10:00:00
EOF2
	pg_fresh_db bin_fallback
	# "7 " is an integer to the server's text input, not to the binary encoder
	pg_sql "CREATE TABLE odd (id int PRIMARY KEY, q int, at timestamp)" >/dev/null
	DBARENA_PG_COPY=text expect_exit 0 dbarena seed --url "$URL" --config "$WORK/f.ini" --seed 2 --quiet
	ref=$(bin_sum odd)
	assert_eq "4000 " "${ref%% *} " "rows"
	pg_sql "TRUNCATE odd" >/dev/null
	expect_exit 0 dbarena -vv seed --url "$URL" --config "$WORK/f.ini" --seed 2 --quiet
	assert_contains "$OUT" "FORMAT binary" "binary COPY first"
	assert_contains "$OUT" "text COPY from here" "then text COPY"
	assert_eq "$ref" "$(bin_sum odd)" "rows after the switch"
}
