# Hardening: hostile identifiers and values, secrets never shown, fault drills, leaks.

# ---- 1. hostile identifiers and values ----
# Names the config and the database must agree on, byte for byte.
HD_TABLE='we"ird tab;le'
HD_COLS=('co;l --x' 'order' 'select' 'key' 'sp ace' 'br[ack' 'back`tick' 'é表')
# Literal text every template row carries; {sequential} is replaced by the row number.
# shellcheck disable=SC2016 # literal backticks
HD_TEXT='O'"'"'Brien "q" `bt` [b] a;b --c é表 #%d end'
HD_ENUM=("say \"hi\"" "it's" 'semi;colon' '表 é')
HD_ROWS=25
# A second table for the workload, with an integer column to update.
HD_TABLE2='select ; -- [é表'

hd_ini_name() { # NAME -> "NAME" with inner quotes doubled
	printf '"%s"' "${1//\"/\"\"}"
}

hd_write_seed() { # FILE
	local f=$1 t c i
	t=$(hd_ini_name "$HD_TABLE")
	{
		printf '[seed]\nglobal_seed = 7\n\n[table %s]\ncount = %d\n\n' "$t" "$HD_ROWS"
		printf '[column %s.%s]\ngenerator = sequential\n\n' "$t" "$(hd_ini_name id)"
		for i in "${!HD_COLS[@]}"; do
			c=$(hd_ini_name "${HD_COLS[$i]}")
			if [ "$i" = 3 ]; then
				printf '[column %s.%s]\ngenerator = enum\nvalues = ' "$t" "$c"
				local v sep=''
				for v in "${HD_ENUM[@]}"; do printf '%s"%s"' "$sep" "${v//\"/\"\"}"; sep=', '; done
				printf '\n\n'
			else
				# {sequential} is the row number; the rest is literal.
				printf '[column %s.%s]\ngenerator = template\ntemplate = %s\n\n' "$t" "$c" \
					"${HD_TEXT/\%d/\{sequential\}}"
			fi
		done
	} > "$f"
}

# The expected template column, one line per row, as the server should print it.
hd_expected_md5() {
	local i
	for i in $(seq 1 "$HD_ROWS"); do
		printf '%s\n' "${HD_TEXT/\%d/$i}"
	done | md5sum | cut -d' ' -f1
}

test_hardening_hostile_names_postgres() {
	local c i ddl md5 want v
	pg_fresh_db hd_names
	q() { local s=${1//\"/\"\"}; printf '"%s"' "$s"; }
	ddl="CREATE TABLE $(q "$HD_TABLE") (id int PRIMARY KEY"
	for c in "${HD_COLS[@]}"; do ddl+=", $(q "$c") text NOT NULL"; done
	pg_sql "$ddl)"
	pg_sql "CREATE TABLE $(q "$HD_TABLE2") (id int PRIMARY KEY, $(q order) text, $(q 'é表 x') int)"
	pg_sql "INSERT INTO $(q "$HD_TABLE2") SELECT g, 'v;''\"' || g, g FROM generate_series(1, 50) g"
	hd_write_seed "$WORK/hd-pg.ini"
	expect_exit 0 dbarena seed --url "$URL" --config "$WORK/hd-pg.ini" --quiet
	assert_eq "$HD_ROWS" "$(pg_sql "SELECT count(*) FROM $(q "$HD_TABLE")")" "rows"
	want=$(hd_expected_md5)
	for i in "${!HD_COLS[@]}"; do
		[ "$i" = 3 ] && continue
		md5=$(pg_sql "SELECT md5(string_agg($(q "${HD_COLS[$i]}") || E'\\n', '' ORDER BY id)) FROM $(q "$HD_TABLE")")
		assert_eq "$want" "$md5" "column ${HD_COLS[$i]} byte for byte"
	done
	# Every enum value is one of the configured ones, quotes intact, and all of them appear.
	for v in "${HD_ENUM[@]}"; do
		[ "$(pg_sql "SELECT count(*) > 0 FROM $(q "$HD_TABLE") WHERE key = '${v//\'/\'\'}'")" = t ] ||
			fail "enum value [$v] never seen; got: $(pg_sql "SELECT DISTINCT key FROM $(q "$HD_TABLE")")"
	done
	hd_workload "$URL" "SELECT count(*) FROM $(q "$HD_TABLE2")" pg_sql "SELECT count(*) FROM $(q "$HD_TABLE")"
}

# Short built-in OLTP run on the hostile table (skipped while the workload command is missing).
hd_workload() { # URL COUNT_SQL SQLFN COUNT_SQL_OF_HD_TABLE
	local before after
	before=$("$3" "$2")
	expect_exit 0 dbarena workload run --url "$1" --pattern oltp --duration 2 --tps 20 --quiet --json "$WORK/hd-wl.json"
	after=$("$3" "$2")
	[ "$after" -ge 1 ] || fail "table empty after the workload ($before -> $after)"
	jq -e '[.operations[].successful] | add > 0' "$WORK/hd-wl.json" >/dev/null ||
		fail "no successful operation: $(head -c 600 "$WORK/hd-wl.json")"
	jq -e '.errors == []' "$WORK/hd-wl.json" >/dev/null ||
		fail "workload errors on hostile names: $(jq -c .errors "$WORK/hd-wl.json")"
	# Only the seeded table, named on the command line as in a config (quotes doubled).
	before=$("$3" "$4")
	expect_exit 0 dbarena workload run --url "$1" --pattern write_heavy --tables "$(hd_ini_name "$HD_TABLE")" \
		--duration 2 --tps 40 --quiet --json "$WORK/hd-wl1.json"
	jq -e '.operations.insert.successful > 0 and .operations.update.successful > 0 and .errors == []' \
		"$WORK/hd-wl1.json" >/dev/null ||
		fail "workload on [$HD_TABLE]: $(jq -c '[.operations, .errors]' "$WORK/hd-wl1.json")"
	after=$("$3" "$4")
	assert_eq "$((before + $(jq '.operations.insert.successful - .operations.delete.successful' "$WORK/hd-wl1.json")))" \
		"$after" "rows of [$HD_TABLE] after the workload"
}

test_hardening_hostile_names_mariadb() {
	local c i ddl md5 want v
	my_fresh_db hd_names
	# shellcheck disable=SC2016 # literal backticks
	q() { local s=${1//\`/\`\`}; printf '`%s`' "$s"; }
	ddl="CREATE TABLE $(q "$HD_TABLE") (id int PRIMARY KEY"
	for c in "${HD_COLS[@]}"; do ddl+=", $(q "$c") varchar(200) NOT NULL"; done
	my_sql "$ddl) CHARACTER SET utf8mb4"
	my_sql "CREATE TABLE $(q "$HD_TABLE2") (id int PRIMARY KEY, $(q order) varchar(50), $(q 'é表 x') int) CHARACTER SET utf8mb4"
	my_sql "INSERT INTO $(q "$HD_TABLE2") SELECT seq, concat('v;''\"', seq), seq FROM seq_1_to_50"
	hd_write_seed "$WORK/hd-my.ini"
	expect_exit 0 dbarena seed --url "$URL" --config "$WORK/hd-my.ini" --quiet
	assert_eq "$HD_ROWS" "$(my_sql "SELECT count(*) FROM $(q "$HD_TABLE")")" "rows"
	want=$(hd_expected_md5)
	for i in "${!HD_COLS[@]}"; do
		[ "$i" = 3 ] && continue
		md5=$(my_sql "SELECT md5(group_concat($(q "${HD_COLS[$i]}"), '\n' ORDER BY id SEPARATOR '')) FROM $(q "$HD_TABLE")")
		assert_eq "$want" "$md5" "column ${HD_COLS[$i]} byte for byte"
	done
	for v in "${HD_ENUM[@]}"; do
		v=${v//\\/\\\\}
		[ "$(my_sql "SELECT count(*) > 0 FROM $(q "$HD_TABLE") WHERE \`key\` = '${v//\'/\'\'}'")" = 1 ] ||
			fail "enum value [$v] never seen; got: $(my_sql "SELECT DISTINCT \`key\` FROM $(q "$HD_TABLE")")"
	done
	hd_workload "$URL" "SELECT count(*) FROM $(q "$HD_TABLE2")" my_sql "SELECT count(*) FROM $(q "$HD_TABLE")"
}

# ---- 2. secrets ----
HD_PW='Zx9-s3cr3t-Qv'

test_hardening_password_never_shown() {
	local conf url psout sampler bad
	export XDG_STATE_HOME=$WORK/state-hdsec
	trap 'dbarena destroy --all --yes >/dev/null 2>&1' EXIT
	# Sample every process's arguments while create runs: the default password must not show.
	( while :; do ps -eo args; sleep 0.05; done ) > "$WORK/hd-ps.txt" 2>/dev/null &
	sampler=$!
	expect_exit 0 dbarena create postgres --name hdsec
	kill "$sampler"; wait "$sampler" 2>/dev/null
	# Only the processes dbarena started: they all name the instance's state directory.
	bad=$(grep -F "$XDG_STATE_HOME" "$WORK/hd-ps.txt" | grep -E ':postgres@|PGPASSWORD|password=postgres|-ppostgres|--password=postgres' | sort -u)
	grep -q -F "$XDG_STATE_HOME" "$WORK/hd-ps.txt" || fail "no process of the instance was seen while create ran"
	[ -z "$bad" ] || fail "password in process arguments during create: $bad"
	# Give the instance a distinctive password.
	psql -X -q "$(dbarena url hdsec)" -c "ALTER USER postgres PASSWORD '$HD_PW'" || fail "alter password"
	conf=$XDG_STATE_HOME/dbarena/hdsec/instance.conf
	sed -i "s/^password=.*/password=$HD_PW/" "$conf"
	expect_exit 0 dbarena url hdsec
	assert_contains "$OUT" "$HD_PW" "url"
	url=$OUT
	expect_exit 0 dbarena inspect hdsec --show-password
	assert_contains "$OUT" "$HD_PW" "inspect --show-password"
	local cmd
	for cmd in "list" "list --json" "list --all" "inspect hdsec" "inspect hdsec --json"; do
		# shellcheck disable=SC2086
		expect_exit 0 dbarena $cmd
		assert_not_contains "$OUT" "$HD_PW" "dbarena $cmd"
	done
	# Error messages: wrong password, bad URL, unknown option.
	local port=${url##*@127.0.0.1:}; port=${port%%/*}
	expect_exit 1 dbarena query --url "postgres://postgres:${HD_PW}x@127.0.0.1:$port/testdb" --sql 'SELECT 1'
	assert_not_contains "$OUT" "$HD_PW" "wrong-password error"
	expect_exit 2 dbarena query --url "postgres://postgres:$HD_PW@127.0.0.1:notaport/testdb" --sql 'SELECT 1'
	assert_not_contains "$OUT" "$HD_PW" "bad URL error"
	expect_exit 2 dbarena query --url "$url?nosuchoption=1" --sql 'SELECT 1'
	assert_not_contains "$OUT" "$HD_PW" "unknown URL option error"
	expect_exit 1 dbarena query --url "$url" --sql 'SELECT nosuchcolumn'
	assert_not_contains "$OUT" "$HD_PW" "SQL error"
	# Seed and workload JSON files.
	psql -X -q "$url" -c 'CREATE TABLE s (id int PRIMARY KEY, v text)' || fail "create table"
	printf '[table s]\ncount = 5\n[column s.id]\ngenerator = sequential\n[column s.v]\ngenerator = text\n' > "$WORK/hd-sec.ini"
	expect_exit 0 dbarena seed --url "$url" --config "$WORK/hd-sec.ini" --json "$WORK/hd-seed.json"
	assert_not_contains "$OUT" "$HD_PW" "seed output"
	assert_not_contains "$(cat "$WORK/hd-seed.json")" "$HD_PW" "seed --json file"
	expect_exit 0 dbarena workload run hdsec --pattern oltp --tables s --duration 1 --tps 20 --json "$WORK/hd-wl.json"
	assert_not_contains "$OUT" "$HD_PW" "workload output"
	assert_not_contains "$(cat "$WORK/hd-wl.json")" "$HD_PW" "workload --json file"
	expect_exit 0 dbarena logs hdsec
	assert_not_contains "$OUT" "$HD_PW" "server log"
	# Arguments of the running server and anything else dbarena left running.
	psout=$(ps -eo args)
	assert_not_contains "$psout" "$HD_PW" "process arguments"
	# PGPASSWORD is honoured when the URL carries no password.
	expect_exit 0 env PGPASSWORD="$HD_PW" "$DBARENA_BIN" --plugin-dir "$BUILD/plugins" query \
		--url "postgres://postgres@127.0.0.1:$port/testdb" --sql 'SELECT 40 + 2'
	assert_contains "$OUT" "42" "query with PGPASSWORD"
	expect_exit 1 env PGPASSWORD=wrong "$DBARENA_BIN" --plugin-dir "$BUILD/plugins" query \
		--url "postgres://postgres@127.0.0.1:$port/testdb" --sql 'SELECT 1'
	# DBARENA_PASSWORD, and libpq's password file; neither shows in verbose output or errors.
	expect_exit 0 env -u PGPASSWORD DBARENA_PASSWORD="$HD_PW" "$DBARENA_BIN" --plugin-dir "$BUILD/plugins" -v -v -v \
		query --url "postgres://postgres@127.0.0.1:$port/testdb" --sql 'SELECT 40 + 2'
	assert_contains "$OUT" "42" "query with DBARENA_PASSWORD"
	assert_not_contains "$OUT" "$HD_PW" "verbose output with DBARENA_PASSWORD"
	expect_exit 1 env -u PGPASSWORD DBARENA_PASSWORD="${HD_PW}x" "$DBARENA_BIN" --plugin-dir "$BUILD/plugins" \
		query --url "postgres://postgres@127.0.0.1:$port/testdb" --sql 'SELECT 1'
	assert_not_contains "$OUT" "$HD_PW" "wrong DBARENA_PASSWORD error"
	printf '127.0.0.1:%s:testdb:postgres:%s\n' "$port" "$HD_PW" > "$WORK/hd-pgpass"
	chmod 600 "$WORK/hd-pgpass"
	expect_exit 0 env -u PGPASSWORD PGPASSFILE="$WORK/hd-pgpass" "$DBARENA_BIN" --plugin-dir "$BUILD/plugins" \
		query --url "postgres://postgres@127.0.0.1:$port/testdb" --sql 'SELECT 40 + 2'
	assert_contains "$OUT" "42" "query with a password file"
	# MariaDB: MYSQL_PWD and DBARENA_PASSWORD.
	expect_exit 0 env MYSQL_PWD=mysql "$DBARENA_BIN" --plugin-dir "$BUILD/plugins" \
		query --url "mysql://root@127.0.0.1:$MY_PORT/mysql" --sql 'SELECT 40 + 2'
	assert_contains "$OUT" "42" "query with MYSQL_PWD"
	expect_exit 0 env DBARENA_PASSWORD=mysql "$DBARENA_BIN" --plugin-dir "$BUILD/plugins" \
		query --url "mysql://root@127.0.0.1:$MY_PORT/mysql" --sql 'SELECT 40 + 2'
	assert_contains "$OUT" "42" "query with DBARENA_PASSWORD (MariaDB)"
	expect_exit 1 env DBARENA_PASSWORD="$HD_PW" "$DBARENA_BIN" --plugin-dir "$BUILD/plugins" \
		query --url "mysql://root@127.0.0.1:$MY_PORT/mysql" --sql 'SELECT 1'
	assert_not_contains "$OUT" "$HD_PW" "wrong password error (MariaDB)"
}

# ---- 3. fault drills ----
test_hardening_server_killed_mid_seed() {
	local url pid i n
	export XDG_STATE_HOME=$WORK/state-hdkill
	trap 'dbarena destroy --all --yes >/dev/null 2>&1' EXIT
	expect_exit 0 dbarena create postgres --name hdkill --init-script "$ROOT/examples/ecommerce.sql"
	url=$(dbarena url hdkill)
	pid=$(head -n 1 "$XDG_STATE_HOME/dbarena/hdkill/data/postmaster.pid")
	dbarena seed hdkill --config "$ROOT/examples/ecommerce-seed.ini" --rows users=2000000 --quiet \
		> "$WORK/hd-kill.out" 2>&1 &
	local seeder=$!
	# Kill the postmaster once rows are flowing (or after 5 s).
	for i in $(seq 1 50); do
		n=$(psql -X -A -t "$url" -c "SELECT count(*) FROM pg_stat_activity WHERE query ILIKE 'COPY%' OR query ILIKE 'INSERT%'" 2>/dev/null)
		[ "${n:-0}" -gt 0 ] && break
		sleep 0.1
	done
	# The whole server dies at once (an orphaned backend would otherwise finish the COPY
	# and even commit): the postmaster and each of its children, by PID.
	# shellcheck disable=SC2046 # one PID per word
	kill -KILL "$pid" $(ps -o pid= --ppid "$pid")
	wait "$seeder"
	local rc=$?
	[ "$rc" = 1 ] || fail "seed after the server was killed: exit $rc, expected 1; $(cat "$WORK/hd-kill.out")"
	grep -q "dbarena: error:" "$WORK/hd-kill.out" || fail "no error message: $(cat "$WORK/hd-kill.out")"
	echo "    seed output after the kill: $(cat "$WORK/hd-kill.out")"
	expect_exit 0 dbarena start hdkill
	assert_eq "0|0|0|0" "$(psql -X -A -t "$url" -c 'SELECT (SELECT count(*) FROM users), (SELECT count(*) FROM products), (SELECT count(*) FROM orders), (SELECT count(*) FROM order_items)')" \
		"rows visible after a crash mid-seed"
}

test_hardening_unreadable_config_and_broken_plugin() {
	local dir
	pg_fresh_db hd_fault
	if [ "$(id -u)" = 0 ]; then
		mkdir -p "$WORK/hd-dir.ini"
		expect_exit 2 dbarena seed --url "$URL" --config "$WORK/hd-dir.ini"
		assert_contains "$OUT" "hd-dir.ini"
	else
		printf '[table t]\ncount = 1\n' > "$WORK/hd-noread.ini"
		chmod 000 "$WORK/hd-noread.ini"
		expect_exit 2 dbarena seed --url "$URL" --config "$WORK/hd-noread.ini"
		assert_contains "$OUT" "hd-noread.ini"
	fi
	expect_exit 2 dbarena seed --url "$URL" --config "$WORK/hd-missing.ini"
	assert_contains "$OUT" "hd-missing.ini"
	# A plugin truncated on disk (an interrupted copy or upgrade).
	dir=$WORK/hd-plugins
	cp -r "$BUILD/plugins" "$dir"
	local size
	for size in 0 40; do
		truncate -s "$size" "$dir/postgres.so"
		run "$DBARENA_BIN" --plugin-dir "$dir" query --url "$URL" --sql 'SELECT 1'
		assert_eq 3 "$RC" "exit status with postgres.so cut to $size bytes ($OUT)"
		assert_contains "$OUT" "cannot load plugin"
		assert_contains "$OUT" "$dir/postgres.so"
		cp "$BUILD/plugins/postgres.so" "$dir/postgres.so"
	done
	# Cut inside the loadable segments: the loader maps pages past the end of the file.
	truncate -s 1000 "$dir/postgres.so"
	run "$DBARENA_BIN" --plugin-dir "$dir" query --url "$URL" --sql 'SELECT 1'
	assert_eq 3 "$RC" "exit status with postgres.so cut to 1000 bytes ($OUT)"
	assert_contains "$OUT" "cannot load plugin"
	assert_contains "$OUT" "truncated"
}

test_hardening_csv_disk_full() {
	local dir=$WORK/hd-tiny
	[ "$(id -u)" = 0 ] || skip "mounting a tmpfs needs root"
	mkdir -p "$dir"
	mount -t tmpfs -o size=64k tmpfs "$dir" 2>/dev/null || skip "mount -t tmpfs not permitted here"
	# shellcheck disable=SC2064 # dir is local: expand it now
	trap "umount '$dir'" EXIT
	pg_fresh_db hd_csv
	psql -X -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d "$DB" -f "$ROOT/examples/ecommerce.sql" || fail "schema"
	expect_exit 1 dbarena seed --url "$URL" --config "$ROOT/examples/ecommerce-seed.ini" --csv-dir "$dir" --quiet
	assert_contains "$OUT" "cannot write"
	assert_contains "$OUT" "$dir"
	assert_contains "$OUT" "No space left on device"
	local partial=${OUT#*cannot write \"}
	partial=${partial%%\"*}
	[ ! -e "$partial" ] || fail "the half-written $partial stayed behind"
	echo "    $OUT"
}

# ---- 4. resource hygiene ----
test_hardening_valgrind_seed_and_query() {
	local vg=(valgrind -q --leak-check=full --errors-for-leak-kinds=definite --error-exitcode=99)
	command -v valgrind >/dev/null || skip "valgrind not installed"
	# A sanitizer build (make check SANITIZE=...) has its own leak checker; valgrind cannot run it.
	readelf -d "$DBARENA_BIN" | grep -q "libasan\|libubsan" && skip "sanitizer build: LeakSanitizer checks leaks instead of valgrind"
	pg_fresh_db hd_vg
	psql -X -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d "$DB" -f "$ROOT/examples/ecommerce.sql" || fail "schema"
	run "${vg[@]}" "$DBARENA_BIN" --plugin-dir "$BUILD/plugins" seed --url "$URL" \
		--config "$ROOT/examples/ecommerce-seed.ini" --size small --quiet
	[ "$RC" = 0 ] || fail "valgrind seed: exit $RC; $OUT"
	assert_eq 300 "$(pg_sql 'SELECT count(*) FROM orders')" "orders seeded under valgrind"
	run "${vg[@]}" "$DBARENA_BIN" --plugin-dir "$BUILD/plugins" query --url "$URL" --sql 'SELECT count(*) FROM users'
	[ "$RC" = 0 ] || fail "valgrind query: exit $RC; $OUT"
	assert_contains "$OUT" "100"
}

# seed init on names with dots and quotes and a plain integer key: the config it writes seeds.
test_hardening_seed_init_hostile_names() {
	pg_fresh_db hd_init
	pg_sql 'CREATE TABLE "we""ird.t" (id int PRIMARY KEY, "a""b.c" text NOT NULL);
	        CREATE TABLE "sel ect" (id int PRIMARY KEY, "x.y" text NOT NULL, parent int REFERENCES "we""ird.t"(id))'
	expect_exit 0 dbarena seed init --url "$URL"
	printf '%s\n' "$OUT" > "$WORK/hd-init.ini"
	assert_contains "$OUT" '[table "we""ird.t"]'
	assert_contains "$OUT" '[column "sel ect"."x.y"]'
	expect_exit 0 dbarena seed --url "$URL" --config "$WORK/hd-init.ini" --size small --quiet
	# seed init gives a table without FKs 100 rows and a child 1000 (--size small: a tenth)
	assert_eq "10|100" "$(pg_sql 'SELECT (SELECT count(DISTINCT id) FROM "we""ird.t"), (SELECT count(*) FROM "sel ect")')" "rows from seed init"
	assert_eq 0 "$(pg_sql 'SELECT count(*) FROM "sel ect" s LEFT JOIN "we""ird.t" w ON w.id = s.parent WHERE s.parent IS NOT NULL AND w.id IS NULL')" "FK integrity"
}

# ---- statement timeout: a slow statement, and a server that stops answering (SIGSTOP) ----
hd_ms() { echo $(( $(date +%s%N) / 1000000 )); }
# The whole PostgreSQL server, postmaster and backends, by PID.
hd_pg_signal() { # SIG
	local kids
	PG_PID=$(pg_pid)
	kids=$(ps -o pid= --ppid "$PG_PID")
	kill -"$1" "$PG_PID"
	# shellcheck disable=SC2086 # one PID per word; a backend may have ended meanwhile
	kill -"$1" $kids 2>/dev/null || true
}
hd_pg_stop() { hd_pg_signal STOP; }
hd_pg_cont() { hd_pg_signal CONT; }
hd_my_stop() { kill -STOP "$(my_pid)"; }
hd_my_cont() { kill -CONT "$(my_pid)"; }
hd_ecommerce() { # pg|my
	if [ "$1" = my ]; then
		my_fresh_db hd_st
		my_sql "$(cat "$ROOT/examples/ecommerce-mysql.sql")"
	else
		pg_fresh_db hd_st
		pg_sql "$(cat "$ROOT/examples/ecommerce.sql")" >/dev/null
	fi
	expect_exit 0 dbarena seed --url "$URL" --config "$ROOT/examples/ecommerce-seed.ini" --size small --quiet
}
# A workload through a 3-second stop of the server: timeouts counted, sessions reopened, the run goes on.
hd_stop_drill() { # STOPFN CONTFN
	local j="$WORK/hd-stop.json" wl t0 t1 n
	t0=$(hd_ms)
	"$DBARENA_BIN" --plugin-dir "$BUILD/plugins" workload run --url "$URL" --pattern oltp --duration 8 \
		--connections 2 --tps 100 --statement-timeout 500 --max-error-rate 100 --json "$j" --quiet \
		> "$WORK/hd-stop.out" 2>&1 &
	wl=$!
	sleep 2
	"$1"
	sleep 3
	"$2"
	wait "$wl"
	assert_eq 0 "$?" "workload through a stopped server: $(cat "$WORK/hd-stop.out")"
	t1=$(hd_ms)
	echo "    8 s run with the server stopped for 3 s took $((t1 - t0)) ms"
	[ $((t1 - t0)) -lt 14000 ] || fail "the run took $((t1 - t0)) ms"
	n=$(jq '[.errors[] | select(.class == "timeout") | .count] | add // 0' "$j")
	echo "    timeouts: $n, reconnects: $(jq .reconnects "$j"), successful: $(jq .successful "$j")"
	echo "    timeout sample: $(jq -r '.errors[] | select(.class == "timeout") | .sample' "$j")"
	[ "$n" -ge 1 ] || fail "no timeout counted: $(jq -c .errors "$j")"
	[ "$(jq .reconnects "$j")" -ge 1 ] || fail "no session reopened"
	# The last intervals, after the server came back, did work.
	jq -e '[.intervals[-2:][] | .tps] | min > 20' "$j" >/dev/null ||
		fail "no throughput after the server came back: $(jq -c '[.intervals[] | .tps]' "$j")"
}
# The server stops and stays stopped past the end: the run still ends on time.
hd_stop_past_end() { # STOPFN CONTFN
	local t0 t1 wl rc j="$WORK/hd-stop2.json"
	t0=$(hd_ms)
	"$DBARENA_BIN" --plugin-dir "$BUILD/plugins" workload run --url "$URL" --pattern oltp --duration 3 \
		--connections 2 --tps 100 --statement-timeout 500 --json "$j" --quiet > "$WORK/hd-stop2.out" 2>&1 &
	wl=$!
	sleep 1
	"$1"
	for _ in $(seq 1 150); do kill -0 "$wl" 2>/dev/null || break; sleep 0.1; done
	t1=$(hd_ms)
	"$2"
	wait "$wl"
	rc=$?
	echo "    3 s run with the server stopped from 1 s on ended after $((t1 - t0)) ms, exit $rc"
	[ $((t1 - t0)) -lt 9000 ] || fail "the run did not end on time ($((t1 - t0)) ms)"
	# The statements in flight at the stop time out; what could not start shows as missing throughput.
	assert_eq 0 "$rc" "exit status: $(cat "$WORK/hd-stop2.out")"
	assert_contains "$(cat "$WORK/hd-stop2.out")" "timeout errors:"
	echo "    throughput $(jq .throughput_tps "$j") tps of 100, $(jq .failed "$j") failed, $(jq .not_started "$j") not started"
	jq -e '.throughput_tps < 70' "$j" >/dev/null || fail "throughput $(jq .throughput_tps "$j") tps with the server stopped for 2 of 3 s"
	# Every scheduled transaction is accounted for: run, or reported as not started.
	assert_eq 300 "$(jq '.total + .not_started' "$j")" "run + not started"
	assert_contains "$(cat "$WORK/hd-stop2.out")" "not started:"
}

# The timeout from the workload config: statements the server cancels count as timeouts.
hd_config_timeout() { # SLOW_SQL SQLSTATE
	local j="$WORK/hd-cfg.json"
	printf '[workload]\nstatement_timeout_ms = 300\n[query slow]\nsql = %s\nweight = 1\n' "$1" > "$WORK/hd-cfg.ini"
	expect_exit 0 dbarena workload run --url "$URL" --config "$WORK/hd-cfg.ini" --connections 1 --tps 0 \
		--transactions 3 --max-error-rate 100 --json "$j" --quiet
	echo "    errors: $(jq -c .errors "$j")"
	assert_eq "timeout 3 $2" "$(jq -r '.errors[] | "\(.class) \(.count) \(.sqlstate)"' "$j")" "errors of the slow query"
	[ "$(jq '.latency_service.max_us' "$j" | cut -d. -f1)" -lt 1500000 ] || fail "a statement ran $(jq .latency_service.max_us "$j") us"
	expect_exit 2 dbarena workload run --url "$URL" --config "$WORK/hd-cfg.ini" --statement-timeout 1e99
}

test_hardening_statement_timeout_postgres() {
	local t0 t1 q
	hd_ecommerce pg
	expect_exit 2 dbarena query --url "$URL" --statement-timeout soon --sql 'SELECT 1'
	assert_contains "$OUT" "--statement-timeout: expected milliseconds"
	expect_exit 2 dbarena workload run --url "$URL" --pattern oltp --statement-timeout -5
	# The server cancels a slow statement.
	t0=$(hd_ms)
	expect_exit 1 dbarena query --url "$URL" --statement-timeout 300 --sql 'SELECT pg_sleep(5)'
	t1=$(hd_ms)
	assert_contains "$OUT" "canceling statement due to statement timeout"
	[ $((t1 - t0)) -lt 3000 ] || fail "cancelled after $((t1 - t0)) ms"
	# A server that stops answering mid-statement: the client gives up at the timeout plus 1 s.
	trap hd_pg_cont EXIT
	t0=$(hd_ms)
	"$DBARENA_BIN" --plugin-dir "$BUILD/plugins" query --url "$URL" --statement-timeout 1500 \
		--sql 'SELECT pg_sleep(0.8)' > "$WORK/hd-q.out" 2>&1 &
	q=$!
	sleep 0.4
	hd_pg_stop
	wait "$q"
	assert_eq 1 "$?" "query against a stopped server: $(cat "$WORK/hd-q.out")"
	t1=$(hd_ms)
	hd_pg_cont
	echo "    query against a server stopped mid-statement: $(cat "$WORK/hd-q.out") after $((t1 - t0)) ms"
	assert_contains "$(cat "$WORK/hd-q.out")" "no answer from the server within the statement timeout (1500 ms)"
	if [ $((t1 - t0)) -lt 2400 ] || [ $((t1 - t0)) -ge 6000 ]; then fail "gave up after $((t1 - t0)) ms"; fi
	hd_config_timeout 'SELECT pg_sleep(2)' 57014
	hd_stop_drill hd_pg_stop hd_pg_cont
	hd_stop_past_end hd_pg_stop hd_pg_cont
}

test_hardening_statement_timeout_mariadb() {
	local t0 t1
	hd_ecommerce my
	t0=$(hd_ms)
	expect_exit 1 dbarena query --url "$URL" --statement-timeout 300 --sql 'SELECT SLEEP(5) FROM users LIMIT 2'
	t1=$(hd_ms)
	echo "    slow statement: $OUT"
	assert_contains "$OUT" "max_statement_time"
	[ $((t1 - t0)) -lt 3000 ] || fail "cancelled after $((t1 - t0)) ms"
	hd_config_timeout 'SELECT SLEEP(2) FROM users LIMIT 2' 70100
	trap hd_my_cont EXIT
	hd_stop_drill hd_my_stop hd_my_cont
	hd_stop_past_end hd_my_stop hd_my_cont
}

# Statements the server cancels at its timeout leave the session usable: the run keeps it, so the
# server sees no new sessions (each fast statement records its session's id) and none is counted
# as reopened, with a thread per session and with sessions sharing a thread.
hd_timeout_keeps_session() {
	local slow j t ids n
	e_fresh hd_keep
	if [ "$E" = my ]; then
		slow='SELECT SUM(seq % 7) FROM seq_1_to_10000000000'
		e_sql 'CREATE TABLE seen (id bigint NOT NULL)'
		printf '[query fast]\nsql = INSERT INTO seen VALUES (CONNECTION_ID())\nweight = 0.5\n' >"$WORK/hd-keep.ini"
	else
		slow='SELECT pg_sleep(2)'
		e_sql 'CREATE TABLE seen (id bigint NOT NULL)' >/dev/null
		printf '[query fast]\nsql = INSERT INTO seen VALUES (pg_backend_pid())\nweight = 0.5\n' >"$WORK/hd-keep.ini"
	fi
	printf '[workload]\nstatement_timeout_ms = 200\n[query slow]\nsql = %s\nweight = 0.5\n' "$slow" >>"$WORK/hd-keep.ini"
	for t in 0 1; do
		e_sql 'DELETE FROM seen' >/dev/null
		j="$WORK/hd-keep-$E-$t.json"
		if [ "$t" = 0 ]; then set --; else set -- --threads 1; fi
		expect_exit 0 dbarena workload run --url "$URL" --config "$WORK/hd-keep.ini" --connections 2 "$@" \
			--tps 0 --duration 2 --max-error-rate 100 --json "$j" --quiet
		ids=$(e_sql 'SELECT COUNT(DISTINCT id) FROM seen')
		n=$(jget "$j" '[.errors[] | select(.class == "timeout") | .count] | add // 0')
		echo "    threads ${t/0/each}: $(jget "$j" .successful) inserts, $(jget "$j" .failed) failed" \
			"($n timeouts), reconnects $(jget "$j" .reconnects), sessions seen by the server $ids"
		[ "$n" -ge 4 ] || fail "timeouts: $(jq -c .errors "$j")"
		assert_eq "$n" "$(jget "$j" .failed)" "failures that are timeouts ($(jq -c .errors "$j"))"
		[ "$(jget "$j" .successful)" -ge 4 ] || fail "$(jget "$j" .successful) inserts"
		assert_eq 0 "$(jget "$j" .reconnects)" "sessions reopened after server-side timeouts"
		assert_eq 2 "$ids" "sessions the inserts ran on"
	done
}
test_hardening_server_timeout_keeps_session() { each_engine hd_timeout_keeps_session; }
