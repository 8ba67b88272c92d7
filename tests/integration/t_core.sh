# Core: version, help, plugin listing and discovery, URLs, the query command.

test_core_version_and_help() {
	expect_exit 0 dbarena version
	assert_eq "dbarena 0.1.0 (plugin ABI 1.4)" "$OUT" "version"
	expect_exit 0 dbarena --version
	assert_eq "dbarena 0.1.0 (plugin ABI 1.4)" "$OUT" "--version"
	expect_exit 0 dbarena --help
	assert_contains "$OUT" "usage: dbarena"
	for c in create list inspect start stop restart destroy logs exec url query seed workload plugins; do
		assert_contains "$OUT" "  $c " "--help command list"
	done
	expect_exit 0 dbarena help seed
	assert_contains "$OUT" "usage: dbarena seed"
	expect_exit 0 dbarena query --help
	assert_contains "$OUT" "usage: dbarena query"
	expect_exit 2 dbarena frobnicate
	assert_contains "$OUT" 'dbarena: error: unknown command "frobnicate"'
	assert_contains "$OUT" "hint:"
	expect_exit 2 dbarena query --url "$PG_ADMIN_URL"
	assert_contains "$OUT" "dbarena: error:"
}

test_core_plugins_listing() {
	[ -f "$BUILD/plugins/postgres.so" ] || skip "the build has no postgres plugin"
	expect_exit 0 dbarena plugins
	assert_contains "$OUT" "postgres"
	echo "$OUT" | grep -E '^postgres +\| driver .*\| ok ' >/dev/null || fail "postgres not listed as ok: $OUT"
	expect_exit 0 dbarena plugins --json
	assert_eq "ok" "$(echo "$OUT" | jq -r '.[] | select(.name == "postgres") | .status')" "postgres status in JSON"
	assert_eq "driver" "$(echo "$OUT" | jq -r '.[] | select(.name == "postgres") | .kind')" "postgres kind in JSON"
}

test_core_plugins_lists_refused() {
	[ -f "$BUILD/plugins/postgres.so" ] || skip "the build has no postgres plugin"
	mkdir -p "$WORK/core-refused/bin"
	cp "$DBARENA_BIN" "$WORK/core-refused/bin/dbarena"
	# A truncated copy: dlopen fails, the listing says why and goes on.
	head -c 100 "$BUILD/plugins/postgres.so" > "$WORK/core-refused/broken.so"
	cp "$BUILD/plugins/postgres.so" "$WORK/core-refused/"
	run "$WORK/core-refused/bin/dbarena" --plugin-dir "$WORK/core-refused" plugins
	assert_eq 0 "$RC" "plugins with a broken file"
	assert_contains "$OUT" "broken"
	assert_contains "$OUT" "refused"
	echo "$OUT" | grep -E '^postgres .*\| ok ' >/dev/null || fail "postgres not ok next to a broken file: $OUT"
}

test_core_query_table_and_json() {
	[ -f "$BUILD/plugins/postgres.so" ] || skip "the build has no postgres plugin"
	pg_fresh_db core_query
	pg_sql "CREATE TABLE items (id int PRIMARY KEY, name text, price numeric(8,2));
		INSERT INTO items VALUES (1, 'apple', 1.50), (2, NULL, 20.00), (10, 'cherry pie', 3.25)"
	expect_exit 0 dbarena query --url "$URL" --sql 'SELECT id, name, price FROM items ORDER BY id'
	assert_contains "$OUT" "(3 rows)"
	assert_contains "$OUT" "cherry pie"
	# psql-like alignment: every row line has its separators in the header's columns.
	local header sep
	header=$(echo "$OUT" | head -n 1)
	sep=$(echo "$OUT" | sed -n 2p)
	assert_contains "$header" "id"
	assert_contains "$sep" "-+-"
	[ "${#header}" -le "${#sep}" ] || fail "header wider than separator: [$header] [$sep]"
	expect_exit 0 dbarena query --url "$URL" --sql 'SELECT id, name, price FROM items ORDER BY id' --json
	assert_eq 3 "$(echo "$OUT" | jq length)" "JSON rows"
	assert_eq "null" "$(echo "$OUT" | jq -c '.[1].name')" "NULL in JSON"
	assert_eq '"cherry pie"' "$(echo "$OUT" | jq -c '.[2].name')" "text in JSON"
	assert_eq 10 "$(echo "$OUT" | jq -r '.[2].id')" "id in JSON"
	# a statement without rows changes the database
	expect_exit 0 dbarena query --url "$URL" --sql "UPDATE items SET name = 'banana' WHERE id = 2"
	assert_eq banana "$(pg_sql 'SELECT name FROM items WHERE id = 2')" "row updated through dbarena query"
	printf 'SELECT count(*) AS n FROM items\n' > "$WORK/core_q.sql"
	expect_exit 0 dbarena query --url "$URL" --file "$WORK/core_q.sql" --json
	assert_eq 3 "$(echo "$OUT" | jq -r '.[0].n')" "--file"
}

test_core_query_db_error_exits_1() {
	[ -f "$BUILD/plugins/postgres.so" ] || skip "the build has no postgres plugin"
	pg_fresh_db core_dberr
	expect_exit 1 dbarena query --url "$URL" --sql 'SELECT * FROM no_such_table'
	assert_contains "$OUT" "dbarena: error:"
	assert_contains "$OUT" "no_such_table"
}

test_core_bad_url_exits_2() {
	expect_exit 2 dbarena query --url "postgres://u:hunter2@127.0.0.1:99999/x" --sql 'SELECT 1'
	assert_contains "$OUT" "port"
	assert_not_contains "$OUT" "hunter2"
	expect_exit 2 dbarena query --url "u:hunter2@127.0.0.1/x" --sql 'SELECT 1'
	assert_not_contains "$OUT" "hunter2"
}

test_core_unknown_scheme_exits_3() {
	expect_exit 3 dbarena query --url "cockroach://u:hunter2@127.0.0.1:26257/x" --sql 'SELECT 1'
	assert_contains "$OUT" 'no driver plugin for "cockroach://" URLs'
	assert_contains "$OUT" "install dbarena-plugin-cockroach"
	assert_not_contains "$OUT" "hunter2"
}

test_core_empty_plugin_dir_exits_3() {
	# A copy of the binary outside the build tree: only --plugin-dir and the system directory remain.
	mkdir -p "$WORK/core-empty/bin" "$WORK/core-empty/plugins-none"
	cp "$DBARENA_BIN" "$WORK/core-empty/bin/dbarena"
	run env -u DBARENA_PLUGIN_PATH "$WORK/core-empty/bin/dbarena" --plugin-dir "$WORK/core-empty/plugins-none" \
		query --url "$PG_ADMIN_URL" --sql 'SELECT 1'
	[ -f /usr/local/lib/dbarena/plugins/postgres.so ] && skip "a postgres plugin is installed system-wide"
	assert_eq 3 "$RC" "exit status without plugins; output: $OUT"
	assert_contains "$OUT" "install dbarena-plugin-postgres"
	assert_contains "$OUT" "$WORK/core-empty/plugins-none" "searched directories"
	# DBARENA_PLUGIN_PATH finds it
	run env DBARENA_PLUGIN_PATH="/nonexistent:$BUILD/plugins" "$WORK/core-empty/bin/dbarena" \
		query --url "$PG_ADMIN_URL" --sql 'SELECT 7 AS seven'
	assert_eq 0 "$RC" "with DBARENA_PLUGIN_PATH; output: $OUT"
	assert_contains "$OUT" "7"
}

test_core_wrong_password_exits_1() {
	[ -f "$BUILD/plugins/postgres.so" ] || skip "the build has no postgres plugin"
	expect_exit 1 dbarena query --url "postgres://postgres:Wr0ngSecret@127.0.0.1:$PG_PORT/postgres" --sql 'SELECT 1'
	assert_contains "$OUT" "dbarena: error:"
	assert_contains "$OUT" "password"
	assert_not_contains "$OUT" "Wr0ngSecret"
}

test_core_config_file_errors() {
	printf '[core]\nplugin_dir = %s\nbogus line\n' "$BUILD/plugins" > "$WORK/core-bad.ini"
	expect_exit 2 dbarena --config-file "$WORK/core-bad.ini" plugins
	assert_contains "$OUT" "$WORK/core-bad.ini:3"
	expect_exit 2 dbarena --config-file "$WORK/core-missing.ini" plugins
	assert_contains "$OUT" "cannot read config"
}
