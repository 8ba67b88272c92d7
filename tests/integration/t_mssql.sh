# SQL Server driver plugin.  The harness starts no SQL Server: the tests
# that need one run against DBARENA_TEST_MSSQL_URL (a login allowed to
# CREATE DATABASE, e.g. sqlserver://sa:PASSWORD@127.0.0.1:1433/master?trust_server_certificate=true)
# and otherwise report "skipped: no SQL Server".  What reached the server is
# read back with sqlcmd when installed, else with FreeTDS's bsqldb, else
# through the driver (tests/tools/drvtest).

ms_drvtest() { "$BUILD/tests/tools/drvtest" --plugin-dir "$BUILD/plugins" "$@"; }

ms_need_server() {
	[ -n "${DBARENA_TEST_MSSQL_URL:-}" ] || skip "no SQL Server (set DBARENA_TEST_MSSQL_URL)"
	[ -x "$BUILD/plugins/mssql.so" ] || [ -f "$BUILD/plugins/mssql.so" ] ||
		skip "no SQL Server plugin in this build (FreeTDS db-lib not installed)"
	local re='^(sqlserver|mssql)://([^:@/]*)(:([^@]*))?@([^:/?]+)(:([0-9]+))?(/([^?]*))?(\?(.*))?$'
	[[ "$DBARENA_TEST_MSSQL_URL" =~ $re ]] || fail "DBARENA_TEST_MSSQL_URL is not a sqlserver:// URL with user and host"
	MS_USER=${BASH_REMATCH[2]}
	MS_PASS=$(printf '%b' "${BASH_REMATCH[4]//%/\\x}") # percent-decoded for the clients
	MS_PASS_URL=${BASH_REMATCH[4]}
	MS_HOST=${BASH_REMATCH[5]}
	MS_PORT=${BASH_REMATCH[7]:-1433}
	MS_OPTS=${BASH_REMATCH[11]:-}
	MS_ADMIN_URL="sqlserver://$MS_USER:$MS_PASS_URL@$MS_HOST:$MS_PORT/master${MS_OPTS:+?$MS_OPTS}"
}

# ms_sql_db DB "SQL": rows tab-separated, no headers.
ms_sql_db() {
	if command -v sqlcmd >/dev/null 2>&1; then
		sqlcmd -S "$MS_HOST,$MS_PORT" -U "$MS_USER" -P "$MS_PASS" -d "$1" -C -b -h -1 -W -s $'\t' \
			-Q "SET NOCOUNT ON; $2"
	elif command -v bsqldb >/dev/null 2>&1; then
		printf 'SET NOCOUNT ON; %s\ngo\n' "$2" |
			bsqldb -S "$MS_HOST:$MS_PORT" -U "$MS_USER" -P "$MS_PASS" -D "$1" -q -t $'\t' 2>/dev/null
	else
		local url="sqlserver://$MS_USER:$MS_PASS_URL@$MS_HOST:$MS_PORT/$1${MS_OPTS:+?$MS_OPTS}"
		ms_drvtest "$url" exec "$2" | grep -v '^affected '
	fi
}
ms_sql() { ms_sql_db "$DB" "$1"; }

# Creates a fresh database and sets DB and URL for it.
ms_fresh_db() { # NAME
	DB=$1
	ms_drvtest "$MS_ADMIN_URL" exec "IF DB_ID(N'$DB') IS NOT NULL BEGIN ALTER DATABASE [$DB] SET SINGLE_USER WITH ROLLBACK IMMEDIATE; DROP DATABASE [$DB]; END" >/dev/null ||
		fail "cannot drop database $DB"
	ms_drvtest "$MS_ADMIN_URL" exec "CREATE DATABASE [$DB]" >/dev/null || fail "cannot create database $DB"
	URL="sqlserver://$MS_USER:$MS_PASS_URL@$MS_HOST:$MS_PORT/$DB${MS_OPTS:+?$MS_OPTS}"
}

# The e-commerce schema in T-SQL: identity keys, FKs, defaults, a computed column.
ms_ecommerce_schema() {
	ms_sql "CREATE TABLE users (
			id int IDENTITY(1,1) PRIMARY KEY,
			email nvarchar(120) NOT NULL UNIQUE,
			name nvarchar(80) NOT NULL,
			active bit NOT NULL DEFAULT 1,
			created_at datetime2(6) NOT NULL DEFAULT SYSUTCDATETIME());
		CREATE TABLE products (
			id int IDENTITY(1,1) PRIMARY KEY,
			sku varchar(24) NOT NULL,
			title nvarchar(200) NOT NULL,
			price decimal(10,2) NOT NULL);
		CREATE TABLE orders (
			id bigint IDENTITY(1,1) PRIMARY KEY,
			user_id int NOT NULL REFERENCES users(id),
			status varchar(16) NOT NULL,
			created_at datetime2(6) NOT NULL,
			ref uniqueidentifier NULL);
		CREATE TABLE order_items (
			order_id bigint NOT NULL REFERENCES orders(id),
			line int NOT NULL,
			product_id int NOT NULL REFERENCES products(id),
			qty smallint NOT NULL,
			unit_price decimal(10,2) NOT NULL,
			total AS (qty * unit_price),
			CONSTRAINT pk_order_items PRIMARY KEY (order_id, line));" >/dev/null
}

ms_ecommerce_ini() { # FILE
	cat >"$1" <<'EOF'
[seed]
global_seed = 42
batch_size = 250

[table users]
count = 300
[column users.id]
generator = sequential
[column users.email]
generator = email
[column users.name]
generator = name

[table products]
count = 50
[column products.id]
generator = sequential
[column products.sku]
generator = template
template = SKU-{random_int:1000:9999}
[column products.title]
generator = text
min_words = 1
max_words = 4
[column products.price]
generator = random_decimal
min = 1
max = 500

[table orders]
count = 600
[column orders.id]
generator = sequential
[column orders.user_id]
generator = foreign_key
references = users.id
[column orders.status]
generator = enum
values = pending, "on hold", shipped
[column orders.created_at]
generator = timestamp
type = range
start = 2024-01-01
end = 2024-12-31
[column orders.ref]
generator = uuid
null_probability = 0.2

[table order_items]
count = 1200
[column order_items.order_id]
generator = foreign_key
references = orders.id
[column order_items.line]
generator = sequential
[column order_items.product_id]
generator = foreign_key
references = products.id
[column order_items.qty]
generator = random_int
min = 1
max = 5
[column order_items.unit_price]
generator = random_decimal
min = 1
max = 500
EOF
}

# ---- without a server -------------------------------------------------------

test_mssql_plugin_listed_with_caps() {
	[ -f "$BUILD/plugins/mssql.so" ] || skip "no SQL Server plugin in this build (FreeTDS db-lib not installed)"
	expect_exit 0 dbarena plugins
	local line
	line=$(printf '%s\n' "$OUT" | grep '^mssql ')
	assert_contains "$line" "driver" "mssql line"
	assert_contains "$line" "bulk_load,prepare,transactions,schemas" "mssql caps"
	assert_not_contains "$line" "returning" "mssql caps"
	assert_contains "$line" "ok" "mssql load status"
	expect_exit 0 dbarena plugins --json
	assert_eq "dbarena-plugin-mssql" "$(printf '%s' "$OUT" | jq -r '.[] | select(.name == "mssql") | .package')" "package"
}

test_mssql_closed_port_fails_cleanly() {
	[ -f "$BUILD/plugins/mssql.so" ] || skip "no SQL Server plugin in this build (FreeTDS db-lib not installed)"
	local port
	port=$(free_port)
	expect_exit 1 dbarena query --url "sqlserver://sa:Hidden.Pw1@127.0.0.1:$port/testdb" --sql 'SELECT 1'
	assert_contains "$OUT" "dbarena: error: "
	assert_contains "$OUT" "cannot connect to SQL Server at \"127.0.0.1:$port\""
	assert_contains "$OUT" "  detail: "
	assert_not_contains "$OUT" "Hidden.Pw1" "error output"
	# the mssql:// spelling picks the same driver; the class is connection
	expect_exit 1 ms_drvtest "mssql://sa:Hidden.Pw1@127.0.0.1:$port/testdb?connect_timeout=2" exec 'SELECT 1'
	assert_contains "$OUT" "class=connection"
	assert_not_contains "$OUT" "Hidden.Pw1" "error output"
}

test_mssql_login_speaks_tds74_utf8() {
	[ -f "$BUILD/plugins/mssql.so" ] || skip "no SQL Server plugin in this build (FreeTDS db-lib not installed)"
	command -v python3 >/dev/null || skip "python3 is needed for the fake listener"
	local port
	port=$(free_port)
	# a listener that keeps the first packet (the pre-login) and hangs up
	python3 -c '
import socket, sys
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(1); s.settimeout(20)
open(sys.argv[3], "w").close()
c, _ = s.accept(); open(sys.argv[2], "wb").write(c.recv(4096)); c.close()' \
		"$port" "$WORK/ms_prelogin.bin" "$WORK/ms_listening" &
	local pid=$! i
	for i in $(seq 1 100); do [ -e "$WORK/ms_listening" ] && break; sleep 0.05; done
	run env TDSDUMP="$WORK/ms_tds.log" "$BUILD/tests/tools/drvtest" --plugin-dir "$BUILD/plugins" \
		"sqlserver://sa:Hidden.Pw1@127.0.0.1:$port/testdb" exec 'SELECT 1'
	wait "$pid"
	[ "$RC" = 1 ] || fail "exit status: expected 1, got $RC; output: $OUT"
	assert_contains "$OUT" "class=connection"
	assert_contains "$(cat "$WORK/ms_tds.log")" "protocol version 7.4" "FreeTDS trace"
	assert_contains "$(cat "$WORK/ms_tds.log")" "client_charset is UTF-8" "FreeTDS trace"
	assert_eq "12" "$(od -An -tx1 -N1 "$WORK/ms_prelogin.bin" | tr -d ' ')" "first packet type (PRELOGIN)"
}

test_mssql_url_option_errors_are_usage() {
	[ -f "$BUILD/plugins/mssql.so" ] || skip "no SQL Server plugin in this build (FreeTDS db-lib not installed)"
	expect_exit 2 dbarena query --url "sqlserver://sa:pw@127.0.0.1:1/testdb?sslmode=require" --sql 'SELECT 1'
	assert_contains "$OUT" 'unknown URL option "sslmode" for SQL Server'
	assert_contains "$OUT" "hint: valid options: encrypt, trust_server_certificate"
}

# ---- against DBARENA_TEST_MSSQL_URL ------------------------------------------

test_mssql_describe_catalog() {
	ms_need_server
	ms_fresh_db dbarena_t_describe
	ms_ecommerce_schema
	ms_sql "CREATE SCHEMA sales;" >/dev/null
	ms_sql "CREATE TABLE sales.[Odd]]Name] (id int NOT NULL, n nvarchar(10), CONSTRAINT pk_odd PRIMARY KEY (id));" >/dev/null
	expect_exit 0 ms_drvtest "$URL" describe order_items
	assert_contains "$OUT" "column order_id: type=bigint family=int"
	assert_contains "$OUT" "column unit_price: type=decimal family=decimal len=-1 prec=10 scale=2"
	assert_contains "$OUT" "column total: "
	assert_contains "$OUT" "generated=1"
	assert_contains "$OUT" "pk order_id,line"
	assert_contains "$OUT" "-> dbo.orders(id)"
	assert_contains "$OUT" "-> dbo.products(id)"
	expect_exit 0 ms_drvtest "$URL" describe users
	assert_contains "$OUT" "column id: type=int family=int len=-1 prec=10 scale=0 nullable=0 identity=1"
	assert_contains "$OUT" "column email: type=nvarchar family=text len=120"
	assert_contains "$OUT" "column active: type=bit family=bool"
	assert_contains "$OUT" "default=((1))"
	expect_exit 0 ms_drvtest "$URL" describe 'sales.Odd]Name'
	assert_contains "$OUT" "pk id"
	expect_exit 0 ms_drvtest "$URL" tables
	assert_eq "order_items
orders
products
sales.Odd]Name
users" "$OUT" "table list"
	expect_exit 1 ms_drvtest "$URL" describe nosuch
	assert_contains "$OUT" "class=usage"
	assert_contains "$OUT" 'table "nosuch" does not exist'
}

test_mssql_seed_ecommerce_fk_integrity() {
	ms_need_server
	ms_fresh_db dbarena_t_seed
	ms_ecommerce_schema
	ms_ecommerce_ini "$WORK/ms_ecommerce.ini"
	expect_exit 0 dbarena seed --url "$URL" --config "$WORK/ms_ecommerce.ini" --quiet
	assert_eq "300" "$(ms_sql 'SELECT COUNT(*) FROM users' | tr -d ' \r')" "users"
	assert_eq "1200" "$(ms_sql 'SELECT COUNT(*) FROM order_items' | tr -d ' \r')" "order_items"
	# explicit identity values went in as given (KEEPIDENTITY)
	assert_eq "1 300" "$(ms_sql 'SELECT MIN(id), MAX(id) FROM users' | tr -s '\t ' ' ' | sed 's/^ //;s/ $//')" "user ids"
	assert_eq "0" "$(ms_sql 'SELECT COUNT(*) FROM orders o LEFT JOIN users u ON u.id = o.user_id WHERE u.id IS NULL' | tr -d ' \r')" "orphan orders"
	assert_eq "0" "$(ms_sql 'SELECT COUNT(*) FROM order_items i LEFT JOIN orders o ON o.id = i.order_id WHERE o.id IS NULL' | tr -d ' \r')" "orphan items"
	# names with apostrophes and unicode survive bulk copy
	assert_eq "0" "$(ms_sql "SELECT COUNT(*) FROM users WHERE email NOT LIKE '%@%'" | tr -d ' \r')" "emails"

	# a failing run leaves nothing: a late CHECK violation rolls back every table
	ms_fresh_db dbarena_t_seed_fail
	ms_ecommerce_schema
	ms_sql "ALTER TABLE order_items ADD CONSTRAINT ck_qty CHECK (qty < 5)" >/dev/null
	expect_exit 1 dbarena seed --url "$URL" --config "$WORK/ms_ecommerce.ini" --quiet
	assert_contains "$OUT" "ck_qty"
	assert_eq "0 0" "$(ms_sql 'SELECT (SELECT COUNT(*) FROM users), (SELECT COUNT(*) FROM order_items)' | tr -s '\t ' ' ' | sed 's/^ //;s/ $//')" "rows after a failed run"
}

test_mssql_seed_is_deterministic_across_methods() {
	ms_need_server
	ms_ecommerce_ini "$WORK/ms_det.ini"
	ms_fresh_db dbarena_t_det_bulk
	ms_ecommerce_schema
	expect_exit 0 dbarena seed --url "$URL" --config "$WORK/ms_det.ini" --method bulk --quiet
	local a b
	a=$(ms_sql "SELECT CONVERT(varchar(64), HASHBYTES('SHA2_256', (SELECT * FROM orders ORDER BY id FOR JSON PATH)), 2)")
	ms_fresh_db dbarena_t_det_insert
	ms_ecommerce_schema
	# 1,200 rows with batch_size 2000: the insert path must split at 1,000 rows per VALUES list
	expect_exit 0 dbarena seed --url "$URL" --config "$WORK/ms_det.ini" --method insert --batch-size 2000 --quiet
	b=$(ms_sql "SELECT CONVERT(varchar(64), HASHBYTES('SHA2_256', (SELECT * FROM orders ORDER BY id FOR JSON PATH)), 2)")
	assert_eq "$a" "$b" "orders after bulk vs insert"
	assert_eq "1200" "$(ms_sql 'SELECT COUNT(*) FROM order_items' | tr -d ' \r')" "order_items via insert"
}

test_mssql_bulk_identity_nulls_and_empty_strings() {
	ms_need_server
	ms_fresh_db dbarena_t_bulk
	ms_sql "CREATE TABLE t (id int IDENTITY(1,1) PRIMARY KEY, s nvarchar(50) NULL, d datetime2(6) NULL,
		b bit NULL, u uniqueidentifier NULL, m decimal(12,4) NULL)" >/dev/null
	printf '10\tO'"'"'Brien Zoë 日本\t2024-01-02 03:04:05.123456\ttrue\t123e4567-e89b-42d3-a456-426614174000\t-12.3456\n11\t\\N\t\\N\t\\N\t\\N\t\\N\n12\t\t\\N\tfalse\t\\N\t0\n' >"$WORK/ms_rows.tsv"
	expect_exit 0 ms_drvtest "$URL" bulk t id:int s:text d:timestamp b:bool u:uuid m:decimal <"$WORK/ms_rows.tsv"
	assert_eq "10|O'Brien Zoë 日本|2024-01-02 03:04:05.123456|1|123E4567-E89B-42D3-A456-426614174000|-12.3456" \
		"$(ms_sql "SELECT CONCAT(id, '|', s, '|', CONVERT(varchar(27), d, 121), '|', b, '|', u, '|', m) FROM t WHERE id = 10" | sed 's/ *$//')" "row 10"
	assert_eq "1" "$(ms_sql "SELECT COUNT(*) FROM t WHERE id = 11 AND s IS NULL AND d IS NULL AND b IS NULL" | tr -d ' \r')" "NULLs"
	assert_eq "1" "$(ms_sql "SELECT COUNT(*) FROM t WHERE id = 12 AND s = N'' AND s IS NOT NULL" | tr -d ' \r')" "empty string is not NULL"
}

test_mssql_error_classes() {
	ms_need_server
	ms_fresh_db dbarena_t_errors
	ms_ecommerce_schema
	expect_exit 1 ms_drvtest "$URL" exec "INSERT INTO orders (user_id, status, created_at) VALUES (999, 'x', SYSUTCDATETIME())"
	assert_contains "$OUT" "class=constraint"
	assert_contains "$OUT" "code=547"
	expect_exit 1 ms_drvtest "$URL" exec "SELEC 1"
	assert_contains "$OUT" "class=syntax"
	expect_exit 1 ms_drvtest "$URL" exec "INSERT INTO users (email, name) VALUES (N'a@x', N'a'), (N'a@x', N'b')"
	assert_contains "$OUT" "class=constraint"
	assert_contains "$OUT" "code=2627"
	expect_exit 1 ms_drvtest "$URL" exec "SELECT * FROM nosuch"
	assert_contains "$OUT" "code=208"
	expect_exit 0 ms_drvtest "$URL" prepare "SELECT TOP (1) CONCAT(@p1, N'|', @p2, N'|', @p3) AS v" int:7 text:"Zoë" text:
	assert_contains "$OUT" "7|Zoë|"
}

test_mssql_workload_every_pattern() {
	ms_need_server
	ms_fresh_db dbarena_t_workload
	ms_ecommerce_schema
	ms_ecommerce_ini "$WORK/ms_wl.ini"
	expect_exit 0 dbarena seed --url "$URL" --config "$WORK/ms_wl.ini" --quiet
	local p
	for p in oltp ecommerce olap reporting time_series social_media iot read_heavy write_heavy balanced; do
		expect_exit 0 dbarena workload run --url "$URL" --pattern "$p" --duration 1 --connections 2 \
			--tps 0 --seed 7 --quiet --max-error-rate 5 --json "$WORK/ms_wl_$p.json"
		local ok
		ok=$(jq -r '.successful // .summary.successful // 0' "$WORK/ms_wl_$p.json")
		[ "${ok:-0}" -gt 0 ] || fail "pattern $p: no successful transactions"
		assert_eq "0" "$(jq -r '[.. | objects | select(has("syntax")) | .syntax] | add // 0' "$WORK/ms_wl_$p.json")" "pattern $p: syntax errors"
	done
	# FKs still hold after inserts and deletes
	assert_eq "0" "$(ms_sql 'SELECT COUNT(*) FROM order_items i LEFT JOIN orders o ON o.id = i.order_id WHERE o.id IS NULL' | tr -d ' \r')" "orphan items"
}
