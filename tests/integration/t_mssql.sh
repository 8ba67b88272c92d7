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

# ---- a fake TDS server: what db-lib and the plugin put on the wire ------------
# Answers pre-login and login (TDS 7.4, no encryption), records every SQL
# batch, RPC and bulk load packet in $FAKE_LOG, and answers a few marked
# statements with canned results or errors.  It checks the plugin's side of
# the protocol, not SQL Server's behaviour.

ms_fake_start() { # CONNECTIONS
	command -v python3 >/dev/null || skip "python3 is needed for the fake TDS server"
	[ -f "$BUILD/plugins/mssql.so" ] || skip "no SQL Server plugin in this build (FreeTDS db-lib not installed)"
	cat >"$WORK/fake_tds.py" <<'PYEOF'
import socket, struct, sys

def pkt(typ, payload):
    return struct.pack('>BBHHBB', typ, 1, 8 + len(payload), 0, 1, 0) + payload

def bvar(s):
    u = s.encode('utf-16-le'); return bytes([len(s)]) + u

def usvar(s):
    u = s.encode('utf-16-le'); return struct.pack('<H', len(s)) + u

def done(status=0, cmd=0, count=0):
    return b'\xfd' + struct.pack('<HHQ', status, cmd, count)

def recv_msg(c):
    typ, data = None, b''
    while True:
        h = b''
        while len(h) < 8:
            x = c.recv(8 - len(h))
            if not x: return None, None
            h += x
        t, st, ln = h[0], h[1], struct.unpack('>H', h[2:4])[0]
        body = b''
        while len(body) < ln - 8:
            x = c.recv(ln - 8 - len(body))
            if not x: return None, None
            body += x
        typ = t; data += body
        if st & 1: return typ, data

COLL = b'\x09\x04\xd0\x00\x34'

def result_set():
    meta = b'\x81' + struct.pack('<H', 3)
    meta += struct.pack('<IH', 0, 1) + b'\x26\x04' + bvar('n')
    meta += struct.pack('<IH', 0, 1) + b'\xe7' + struct.pack('<H', 200) + COLL + bvar('s')
    meta += struct.pack('<IH', 0, 1) + b'\x68\x01' + bvar('b')
    rows = b''
    for n, s, b in ((42, "Zo\u00eb O'Brien \u65e5\u672c", 1), (7, None, None), (0, '', 0)):
        rows += b'\xd1' + b'\x04' + struct.pack('<i', n)
        if s is None: rows += b'\xff\xff'
        else:
            u = s.encode('utf-16-le'); rows += struct.pack('<H', len(u)) + u
        rows += b'\x00' if b is None else b'\x01' + bytes([b])
    return meta + rows + done(0x10, 0xc1, 3)

def error(num, cls, text):
    body = struct.pack('<iBB', num, 1, cls) + usvar(text) + bvar('fake') + bvar('') + struct.pack('<i', 1)
    return b'\xaa' + struct.pack('<H', len(body)) + body + done(0x02, 0xc3, 0)

def serve(c, log):
    typ, data = recv_msg(c)
    opts = [(0, b'\x10\x00\x07\xd0\x00\x00'), (1, b'\x02'), (2, b'\x00'), (3, b''), (4, b'\x00')]
    hdr, body, off = b'', b'', 5 * len(opts) + 1
    for t, v in opts:
        hdr += struct.pack('>BHH', t, off + len(body), len(v)); body += v
    c.sendall(pkt(4, hdr + b'\xff' + body))
    typ, data = recv_msg(c)
    if typ != 0x10: return
    ack = struct.pack('<B', 1) + b'\x74\x00\x00\x04' + bvar('fake') + b'\x10\x00\x07\xd0'
    env = b'\xe3' + struct.pack('<H', 3 + 10 + 10) + b'\x01' + bvar('testdb') + bvar('master')
    c.sendall(pkt(4, b'\xad' + struct.pack('<H', len(ack)) + ack + env + done()))
    while True:
        typ, data = recv_msg(c)
        if typ is None: return
        if typ == 6:
            c.sendall(pkt(4, done(0x20))); continue
        if typ == 7:
            log.write('BULK ' + data.hex() + '\n'); log.flush()
            c.sendall(pkt(4, done(0x10, 0, 0))); continue
        if typ == 3:
            skip = struct.unpack('<I', data[:4])[0]
            body = data[skip:]
            sql = 'RPC ' + body.decode('utf-16-le', 'replace') + ' | ' + body[1:].decode('utf-16-le', 'replace')
        else:
            skip = struct.unpack('<I', data[:4])[0]
            sql = data[skip:].decode('utf-16-le', 'replace')
        log.write(repr(sql) + '\n'); log.flush()
        if 'TWOSETS' in sql:
            first = b'\x81' + struct.pack('<H', 1) + struct.pack('<IH', 0, 1) + b'\x26\x04' + bvar('first')
            first += b'\xd1\x04' + struct.pack('<i', 1) + done(0x11, 0xc1, 1)
            c.sendall(pkt(4, first + done(0x11, 0xc3, 2) + result_set()))
        elif 'SELECT 42' in sql: c.sendall(pkt(4, result_set()))
        elif 'ROW_NUMBER' in sql:
            meta = b'\x81' + struct.pack('<H', 5)
            meta += struct.pack('<IH', 0, 0) + b'\xe7' + struct.pack('<H', 256) + COLL + bvar('name')
            meta += struct.pack('<IH', 0, 0) + b'\x26\x08' + bvar('o')
            meta += struct.pack('<IH', 0, 0) + b'\x68\x01' + bvar('is_identity')
            meta += struct.pack('<IH', 0, 1) + b'\xe7' + struct.pack('<H', 256) + COLL + bvar('t')
            meta += struct.pack('<IH', 0, 1) + b'\x26\x04' + bvar('cp')
            rows = b''
            for i, (n, ident, t, cp) in enumerate((('id', 1, 'int', None), ('s', 0, 'nvarchar', 0), ('b', 0, 'bit', None), ('ts', 0, 'datetime2', None), ('v', 0, 'varchar', 1252))):
                u = n.encode('utf-16-le'); tu = t.encode('utf-16-le')
                rows += b'\xd1' + struct.pack('<H', len(u)) + u + b'\x08' + struct.pack('<q', i + 1) + b'\x01' + bytes([ident])
                rows += struct.pack('<H', len(tu)) + tu
                rows += b'\x00' if cp is None else b'\x04' + struct.pack('<i', cp)
            c.sendall(pkt(4, meta + rows + done(0x10, 0xc1, 5)))
        elif 'FMTONLY' in sql:
            meta = b'\x81' + struct.pack('<H', 5)
            meta += struct.pack('<IH', 0, 0x10) + b'\x26\x04' + bvar('id')
            meta += struct.pack('<IH', 0, 1) + b'\xe7' + struct.pack('<H', 100) + COLL + bvar('s')
            meta += struct.pack('<IH', 0, 1) + b'\x68\x01' + bvar('b')
            meta += struct.pack('<IH', 0, 1) + b'\x2a\x06' + bvar('ts')
            meta += struct.pack('<IH', 0, 1) + b'\xa7' + struct.pack('<H', 20) + COLL + bvar('v')
            c.sendall(pkt(4, meta + done(0x10, 0xc1, 0)))
        elif 'DUPKEY' in sql: c.sendall(pkt(4, error(2627, 14, "Violation of PRIMARY KEY constraint 'pk_t'. Cannot insert duplicate key.")))
        elif 'DEADLOCK' in sql: c.sendall(pkt(4, error(1205, 13, 'Transaction (Process ID 52) was deadlocked')))
        elif 'identity_columns' in sql:
            meta = b'\x81' + struct.pack('<H', 1) + struct.pack('<IH', 0, 1) + b'\xe7' + struct.pack('<H', 256) + COLL + bvar('name')
            u = 'id'.encode('utf-16-le')
            c.sendall(pkt(4, meta + b'\xd1' + struct.pack('<H', len(u)) + u + done(0x10, 0xc1, 1)))
        else: c.sendall(pkt(4, done(0x10, 0xc3, 1)))

s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(('127.0.0.1', int(sys.argv[1]))); s.listen(4); s.settimeout(30)
open(sys.argv[3], 'w').close()
log = open(sys.argv[2], 'w')
for _ in range(int(sys.argv[4]) if len(sys.argv) > 4 else 1):
    c, _ = s.accept()
    try: serve(c, log)
    except Exception as e: log.write('server error: %r\n' % e)
    c.close()
PYEOF
	FAKE_PORT=$(free_port)
	FAKE_LOG=$WORK/fake_tds.log
	rm -f "$WORK/fake_ready" "$FAKE_LOG"
	python3 "$WORK/fake_tds.py" "$FAKE_PORT" "$FAKE_LOG" "$WORK/fake_ready" "$1" &
	FAKE_PID=$!
	local i
	for i in $(seq 1 100); do [ -e "$WORK/fake_ready" ] && break; sleep 0.05; done
	FAKE_URL="sqlserver://sa:Fake.Pw1@127.0.0.1:$FAKE_PORT/testdb"
}
ms_fake_stop() { wait "$FAKE_PID"; }

test_mssql_fake_server_results_and_errors() {
	ms_fake_start 4
	expect_exit 0 ms_drvtest "$FAKE_URL" exec 'SELECT 42'
	assert_eq "n	s	b
42	Zoë O'Brien 日本	1
7	\N	\N
0		0
affected 3" "$OUT" "rows: UTF-16 text as UTF-8, NULL apart from the empty string"
	# several result sets: all drained, the last one's rows handed over, counts summed
	ms_drvtest_many=$(ms_drvtest "$FAKE_URL" exec 'SELECT 1 AS first; UPDATE t SET x = 1; SELECT 42 -- TWOSETS')
	assert_eq "n	s	b
42	Zoë O'Brien 日本	1
7	\N	\N
0		0
affected 2" "$ms_drvtest_many" "the last result set"
	expect_exit 1 ms_drvtest "$FAKE_URL" exec 'INSERT INTO DUPKEY VALUES (1)'
	assert_contains "$OUT" "error: class=constraint sqlstate=23000 code=2627"
	assert_contains "$OUT" "message: Violation of PRIMARY KEY constraint 'pk_t'. Cannot insert duplicate key."
	expect_exit 1 ms_drvtest "$FAKE_URL" exec 'UPDATE DEADLOCK SET x = 1'
	assert_contains "$OUT" "error: class=deadlock sqlstate=40001 code=1205"
	ms_fake_stop
	local log
	log=$(cat "$FAKE_LOG")
	assert_contains "$log" "'use [testdb]'"
	assert_contains "$log" "SET QUOTED_IDENTIFIER ON"
	assert_contains "$log" "SET XACT_ABORT ON"
	assert_not_contains "$log" "server error"
}

test_mssql_fake_server_sp_executesql() {
	ms_fake_start 1
	expect_exit 0 ms_drvtest "$FAKE_URL" prepare "SELECT 42 WHERE @p1 = 1 AND @p2 = N'x'" int:1 text:Zoë text: null:
	assert_contains "$OUT" "affected 3"
	ms_fake_stop
	local log
	log=$(cat "$FAKE_LOG")
	assert_contains "$log" "sp_executesql"
	assert_contains "$log" "@p1 bigint, @p2 nvarchar(max), @p4 nvarchar(max)"
	assert_contains "$log" "DECLARE @p3 nvarchar(max) = N''; SELECT 42 WHERE @p1 = 1"
}

test_mssql_fake_server_bulk_copy_and_identity() {
	ms_fake_start 2
	printf '10\tZo\xc3\xab\tt\t2024-01-02 03:04:05.123456\tcaf\xc3\xa9\n11\t\\N\tf\t\\N\t\\N\n12\t\tt\t2024-01-02\tx\n' >"$WORK/fake_rows.tsv"
	expect_exit 0 ms_drvtest "$FAKE_URL" bulk t id:int s:text b:bool ts:timestamp v:text <"$WORK/fake_rows.tsv"
	assert_eq "3" "$OUT" "rows sent"
	expect_exit 0 ms_drvtest "$FAKE_URL" exec "INSERT INTO [t] ([id], [s]) VALUES (1, N'a')"
	ms_fake_stop
	local log
	log=$(cat "$FAKE_LOG")
	# explicit identity values: the identity column is part of the bulk insert
	assert_contains "$log" "'insert bulk [t] ([id] INT, [s] NVARCHAR(50), [b] BIT, [ts] DATETIME2, [v] VARCHAR(20))'"
	# row 10: id 10, "Zoë" as UTF-16LE for nvarchar, bit 1, ..., "café" in code page 1252 for varchar
	assert_contains "$log" "d1040a00000006005a006f00eb0001010"
	assert_contains "$log" "0400636166e9"
	# row 11: NULLs
	assert_contains "$log" "d1040b000000ffff010000ffff"
	# row 12 holds an empty string: an INSERT between bulk operations, identity kept
	assert_contains "$log" "SET IDENTITY_INSERT [t] ON; INSERT INTO [t] ([id], [s], [b], [ts], [v]) VALUES (12, N'', 1, CAST('2024-01-02T00:00:00.000000' AS datetime2(6)), N'x'); SET IDENTITY_INSERT [t] OFF"
	assert_contains "$log" "'COMMIT TRANSACTION'"
	# exec: an INSERT naming the identity column is wrapped
	assert_contains "$log" "SET IDENTITY_INSERT [t] ON; INSERT INTO [t] ([id], [s]) VALUES (1, N'a'); SET IDENTITY_INSERT [t] OFF"
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
