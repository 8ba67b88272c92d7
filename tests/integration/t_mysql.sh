# MySQL/MariaDB driver plugin against the harness MariaDB, checked with the mariadb client.
drvtest() { "$BUILD/tests/tools/drvtest" --plugin-dir "$BUILD/plugins" "$@"; }

test_mysql_describe_reserved_names() {
	my_fresh_db my_describe
	my_sql "CREATE TABLE parent (a int, b int, PRIMARY KEY (a, b));
		CREATE TABLE \`order\` (\`key\` bigint AUTO_INCREMENT PRIMARY KEY, status enum('new','it''s done') NOT NULL,
		  tags set('x','y'), price decimal(10,2) NOT NULL, note varchar(40), flag tinyint(1) NOT NULL DEFAULT 1,
		  total decimal(12,2) AS (price * 2) STORED, pa int, pb int, made datetime(6) NOT NULL,
		  FOREIGN KEY (pa, pb) REFERENCES parent (a, b))"
	expect_exit 0 drvtest "$URL" describe order
	assert_contains "$OUT" "key"
	assert_contains "$OUT" "identity"
	assert_contains "$OUT" "enum"
	assert_contains "$OUT" "it's done"
	assert_contains "$OUT" "generated"
	assert_contains "$OUT" "parent"
	assert_contains "$OUT" "column price: type=decimal(10,2) family=decimal len=-1 prec=10 scale=2 nullable=0"
	assert_contains "$OUT" "column note: type=varchar(40) family=text len=40"
	assert_contains "$OUT" "column flag: type=tinyint(1) family=bool"
	assert_contains "$OUT" "enum=x,y"
	assert_contains "$OUT" "pk key"
	assert_contains "$OUT" "pa,pb -> my_describe.parent(a,b)"
	# db.table from another database's connection.
	local url=$URL
	my_fresh_db my_describe_other
	expect_exit 0 drvtest "$URL" describe my_describe.order
	assert_contains "$OUT" "table my_describe.order"
	assert_contains "$OUT" "generated=1"
	URL=$url
	expect_exit 1 drvtest "$URL" describe nosuch
	assert_contains "$OUT" 'table "nosuch" does not exist'
}

# Both bulk paths: array binding (MariaDB's default) and LOAD DATA.
test_mysql_bulk_roundtrip_bytes() { my_bulk_roundtrip ""; my_bulk_roundtrip "?bulk=load-data"; }
my_bulk_roundtrip() { # URL_SUFFIX
	local want got
	my_fresh_db my_bulk
	my_sql 'CREATE TABLE t (id int PRIMARY KEY, s text, n int) CHARACTER SET utf8mb4'
	printf '1\ttab\\there\t5\n2\tline\\nbreak \\\\ back\t\\N\n3\tquote '"'"' "dq" é ✓ 😀\t7\n4\t\\N\t8\n' |
		drvtest "$URL$1" bulk t id:int s:text n:int >"$WORK/my_bulk.out" 2>&1 || fail "bulk: $(cat "$WORK/my_bulk.out")"
	assert_eq 4 "$(my_sql 'SELECT COUNT(*) FROM t')" "rows"
	hexof() { printf '%s' "$1" | od -An -tx1 | tr -d ' \n' | tr a-f A-F; }
	assert_eq "$(hexof "$(printf 'tab\there')")" "$(my_sql 'SELECT HEX(s) FROM t WHERE id = 1')" "tab"
	assert_eq "$(hexof "$(printf 'line\nbreak \\ back')")" "$(my_sql 'SELECT HEX(s) FROM t WHERE id = 2')" "newline and backslash"
	assert_eq "$(hexof "quote ' \"dq\" é ✓ 😀")" "$(my_sql 'SELECT HEX(s) FROM t WHERE id = 3')" "quotes and non-ASCII"
	assert_eq 1 "$(my_sql 'SELECT s IS NULL FROM t WHERE id = 4')" "NULL text"
	assert_eq "NULL" "$(my_sql 'SELECT COALESCE(n, "NULL") FROM t WHERE id = 2')" "NULL int"
}

test_mysql_bulk_duplicate_is_an_error() {
	local u
	for u in "" "?bulk=load-data"; do
		my_fresh_db my_dup
		my_sql 'CREATE TABLE t (id int PRIMARY KEY, s text)'
		printf '1\ta\n1\tb\n' | drvtest "$URL$u" bulk t id:int s:text >"$WORK/dup.out" 2>&1
		assert_eq 1 "$?" "bulk$u exit status"
		assert_contains "$(cat "$WORK/dup.out")" "class=constraint"
		assert_eq 0 "$(my_sql 'SELECT COUNT(*) FROM t')" "rows after a refused load"
	done
}

# With local_infile off on the server: MariaDB's array-bound INSERT does not need it; LOAD DATA
# (bulk=load-data, what MySQL servers get) is refused with a hint.
test_mysql_local_infile_refused() {
	my_fresh_db my_infile
	my_sql 'CREATE TABLE t (id int PRIMARY KEY)'
	my_sql_db mysql 'SET GLOBAL local_infile = 0'
	printf '1\n' | drvtest "$URL?bulk=load-data" bulk t id:int >"$WORK/infile.out" 2>&1
	local rc=$?
	printf '[table t]\ncount = 20\n' >"$WORK/infile.ini"
	run dbarena seed --url "$URL?bulk=load-data" --config "$WORK/infile.ini" --quiet
	local seed_rc=$RC seed_out=$OUT
	run dbarena seed --url "$URL" --config "$WORK/infile.ini" --quiet
	local array_rc=$RC array_out=$OUT
	my_sql 'TRUNCATE t'
	run dbarena seed --url "$URL" --config "$WORK/infile.ini" --method insert --quiet
	local insert_rc=$RC
	my_sql_db mysql 'SET GLOBAL local_infile = 1'
	assert_eq 1 "$seed_rc" "seed exit status with local_infile off: $seed_out"
	assert_contains "$seed_out" "hint:"
	assert_contains "$seed_out" "local_infile"
	assert_eq 0 "$array_rc" "seed through array binding with local_infile off: $array_out"
	assert_eq 0 "$insert_rc" "seed --method insert with local_infile off"
	assert_eq 20 "$(my_sql 'SELECT COUNT(*) FROM t')" "rows from --method insert"
	assert_eq 1 "$rc" "exit status"
	assert_contains "$(cat "$WORK/infile.out")" "local_infile"
	assert_contains "$(cat "$WORK/infile.out")" "--method insert"
	expect_exit 2 dbarena seed --url "$URL?bulk=fast" --config "$WORK/infile.ini" --quiet
	assert_contains "$OUT" "bulk=fast" "bad bulk= value named"
}

test_mysql_error_classes() {
	my_fresh_db my_errors
	my_sql 'CREATE TABLE t (id int PRIMARY KEY)'
	expect_exit 1 drvtest "$URL" exec 'INSERT INTO t VALUES (1), (1)'
	assert_contains "$OUT" "class=constraint"
	assert_contains "$OUT" "code=1062"
	expect_exit 1 drvtest "$URL" exec 'SELEC 1'
	assert_contains "$OUT" "class=syntax"
	assert_contains "$OUT" "code=1064"
	expect_exit 1 drvtest "mysql://root:secretpw@127.0.0.1:1/x" tables
	assert_contains "$OUT" "class=connection"
	assert_not_contains "$OUT" "secretpw"
}

test_mysql_query_and_prepare() {
	my_fresh_db my_query
	my_sql 'CREATE TABLE t (id int PRIMARY KEY, name varchar(20)); INSERT INTO t VALUES (1, "ann"), (2, NULL)'
	expect_exit 0 dbarena query --url "$URL" --sql 'SELECT id, name FROM t ORDER BY id' --json
	assert_contains "$OUT" '"name": null'
	expect_exit 0 drvtest "$URL" prepare 'SELECT name FROM t WHERE id = ?' int:1
	assert_contains "$OUT" "ann"
}

test_mysql_order_key_table_seeds() {
	my_fresh_db my_order
	my_sql 'CREATE TABLE `order` (`key` bigint PRIMARY KEY, `select` varchar(30) NOT NULL, at datetime(6) NOT NULL)'
	printf '[table order]\ncount = 50\n[column order.key]\ngenerator = sequential\n[column order.select]\ngenerator = name\n' > "$WORK/order.ini"
	expect_exit 0 dbarena seed --url "$URL" --config "$WORK/order.ini" --quiet
	assert_eq 50 "$(my_sql 'SELECT COUNT(DISTINCT `key`) FROM `order`')" "rows in \`order\`"
	expect_exit 0 dbarena seed --url "$URL" --config "$WORK/order.ini" --method insert --truncate --quiet
	assert_eq 50 "$(my_sql 'SELECT COUNT(*) FROM `order`')" "rows after --method insert --truncate"
}

test_mysql_missing_plugin_exits_3() {
	my_fresh_db my_noplugin
	mkdir -p "$WORK/pg-only"
	cp "$BUILD/plugins/postgres.so" "$WORK/pg-only/"
	run "$DBARENA_BIN" --plugin-dir "$WORK/pg-only" query --url "$URL" --sql 'SELECT 1'
	# --plugin-dir comes first, but the build tree is searched too; hide it with a copy of the binary.
	cp "$DBARENA_BIN" "$WORK/pg-only-dbarena"
	run "$WORK/pg-only-dbarena" --plugin-dir "$WORK/pg-only" query --url "$URL" --sql 'SELECT 1'
	assert_eq 3 "$RC" "exit status without the mysql plugin"
	assert_contains "$OUT" "install dbarena-plugin-mysql"
	pg_fresh_db pg_only
	run "$WORK/pg-only-dbarena" --plugin-dir "$WORK/pg-only" query --url "$URL" --sql 'SELECT 42'
	assert_eq 0 "$RC" "postgres without the mysql plugin"
	assert_contains "$OUT" "42"
}

test_mysql_url_options() {
	my_fresh_db my_urlopts
	expect_exit 0 dbarena query --url "$URL?ssl-mode=DISABLED" --sql 'SELECT 6 * 7'
	assert_contains "$OUT" "42"
	expect_exit 0 dbarena query --url "mariadb://root:mysql@127.0.0.1:$MY_PORT/$DB" --sql "SELECT @@character_set_client, @@local_infile"
	assert_contains "$OUT" "utf8mb4"
	expect_exit 2 dbarena query --url "$URL?ssl-mode=SOMETIMES" --sql 'SELECT 1'
	assert_contains "$OUT" 'ssl-mode'
	expect_exit 2 dbarena query --url "$URL?colour=blue" --sql 'SELECT 1'
	assert_contains "$OUT" 'unknown URL option "colour"'
	assert_not_contains "$OUT" ':mysql@'
}

test_mysql_prepared_long_values() {
	my_fresh_db my_longvals
	my_sql 'CREATE TABLE t (id int PRIMARY KEY, s text); INSERT INTO t VALUES (1, REPEAT("a", 1000)), (2, "short"), (3, REPEAT("b", 300)), (4, NULL)'
	expect_exit 0 drvtest "$URL" prepare 'SELECT id, s, LENGTH(s) FROM t WHERE id >= ? ORDER BY id' int:1
	assert_contains "$OUT" "$(printf 'a%.0s' $(seq 1 1000))"
	assert_contains "$OUT" "short"
	assert_contains "$OUT" "$(printf 'b%.0s' $(seq 1 300))"
	assert_contains "$OUT" "1000"
}

test_mysql_exec_last_result_set() {
	my_fresh_db my_multi
	expect_exit 0 drvtest "$URL" exec 'SELECT 111 AS first; CREATE TABLE t (id int); SELECT 222 AS second'
	assert_contains "$OUT" "222"
	assert_not_contains "$OUT" "111"
	assert_eq 0 "$(my_sql 'SELECT COUNT(*) FROM t')" "table made by the middle statement"
}

test_mysql_self_reference_and_generated_columns_seed() {
	my_fresh_db my_selfref
	my_sql 'CREATE TABLE emp (id int PRIMARY KEY, boss int, name varchar(5) NOT NULL,
		  id2 bigint AS (id * 2) STORED, tag varchar(10) AS (CONCAT("e", id)) VIRTUAL,
		  FOREIGN KEY (boss) REFERENCES emp (id))'
	printf '[table emp]\ncount = 300\n[column emp.id]\ngenerator = sequential\n[column emp.name]\ngenerator = name\n[column emp.boss]\ngenerator = foreign_key\nreferences = emp.id\n' >"$WORK/selfref.ini"
	expect_exit 0 dbarena seed --url "$URL" --config "$WORK/selfref.ini" --quiet
	assert_eq 300 "$(my_sql 'SELECT COUNT(*) FROM emp')" "rows"
	[ "$(my_sql 'SELECT COUNT(*) FROM emp WHERE boss IS NOT NULL')" -gt 200 ] || fail "bosses not seeded"
	assert_eq 0 "$(my_sql 'SELECT COUNT(*) FROM emp e LEFT JOIN emp b ON b.id = e.boss WHERE e.boss IS NOT NULL AND b.id IS NULL')" "dangling boss"
	assert_eq 0 "$(my_sql 'SELECT COUNT(*) FROM emp WHERE id2 <> id * 2 OR tag <> CONCAT("e", id) OR CHAR_LENGTH(name) > 5')" "generated columns and cut names"
}
