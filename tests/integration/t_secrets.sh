# Secrets: passwords in --url stay out of the process's arguments as other
# users see them, and out of every message; %00 never cuts a URL short.

# The NUL-separated arguments of PID as another user (nobody) reads them.
cmdline_as_nobody() { # PID
	runuser -u nobody -- cat "/proc/$1/cmdline" | tr '\0' ' '
}

secret_role() { # creates role argv_user with password Hunter2zz in a fresh database
	pg_fresh_db secrets_argv
	pg_sql "CREATE TABLE items (id int PRIMARY KEY, v text)"
	pg_sql "INSERT INTO items SELECT g, 'x' FROM generate_series(1, 100) g"
	pg_sql_db postgres "DROP ROLE IF EXISTS argv_user" >/dev/null
	pg_sql_db postgres "CREATE ROLE argv_user LOGIN SUPERUSER PASSWORD 'Hunter2zz'" >/dev/null
}

test_secrets_url_password_not_in_proc_cmdline() {
	local url pid args rc form
	[ "$(id -u)" = 0 ] || skip "reading /proc as another user needs root (runuser)"
	secret_role
	for form in userinfo option; do
		if [ $form = userinfo ]; then
			url="postgres://argv_user:Hunter2zz@127.0.0.1:$PG_PORT/$DB?application_name=argvtest"
		else
			url="postgres://argv_user@127.0.0.1:$PG_PORT/$DB?password=Hunter2zz&application_name=argvtest"
		fi
		PGPASSWORD= "$DBARENA_BIN" --plugin-dir "$BUILD/plugins" workload run --url "$url" \
			--pattern read_heavy --duration 3 --connections 2 --tps 50 --quiet >"$WORK/argv.out" 2>&1 &
		pid=$!
		# once its sessions are open, the run is well past argument parsing
		for _ in $(seq 1 50); do
			[ "$(pg_sql_db postgres "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'argvtest'")" -ge 1 ] && break
			sleep 0.1
		done
		args=$(cmdline_as_nobody $pid)
		wait $pid; rc=$?
		echo "    $form: /proc/PID/cmdline as nobody: $args"
		[ "$rc" = 0 ] || fail "$form: the workload with the password failed: $(cat "$WORK/argv.out")"
		assert_contains "$args" "workload run --url postgres://argv_user" "$form: the arguments as read"
		assert_not_contains "$args" "Hunter2zz" "$form: /proc/PID/cmdline"
		case $form in
		userinfo) assert_contains "$args" "argv_user:xxxxxxxxx@127.0.0.1" ;;
		option) assert_contains "$args" "password=xxxxxxxxx&application_name" ;;
		esac
	done
}

test_secrets_password_option_masked_in_errors() {
	expect_exit 1 dbarena query --url "postgres://postgres@127.0.0.1:$PG_PORT/postgres?password=WrongPw99" --sql 'SELECT 1'
	assert_contains "$OUT" "password authentication failed"
	assert_contains "$OUT" "?password=****"
	assert_not_contains "$OUT" "WrongPw99" "PostgreSQL connection error"
	expect_exit 2 dbarena query --url "mysql://root@127.0.0.1:$MY_PORT/mysql?password=WrongPw99" --sql 'SELECT 1'
	assert_contains "$OUT" "?password=****"
	assert_not_contains "$OUT" "WrongPw99" "MySQL option error"
	expect_exit 2 dbarena seed --url "postgres://postgres:WrongPw99@127.0.0.1:0/x?sslpassword=Other55" --config /dev/null
	assert_not_contains "$OUT" "WrongPw99" "bad port"
	assert_not_contains "$OUT" "Other55" "bad port"
}

test_secrets_nul_escape_in_url_is_refused() {
	local u
	for u in "postgres://post%00gres:postgres@127.0.0.1:$PG_PORT/postgres" \
		 "postgres://postgres:post%00gres@127.0.0.1:$PG_PORT/postgres" \
		 "postgres://postgres:postgres@127.0.0.1:$PG_PORT/post%00gres" \
		 "postgres://postgres:postgres@127.0.0.1:$PG_PORT/postgres?application_name=a%00b"; do
		expect_exit 2 dbarena query --url "$u" --sql 'SELECT 1'
		assert_contains "$OUT" "%00 (a NUL byte) in the"
		assert_not_contains "$OUT" ":postgres@" "password in the error"
	done
}
