# The workload suite of t_workload.sh, run against MariaDB (ENGINE=my, checked
# with the mariadb client), plus MariaDB-specific workload tests.

# Stops the harness MariaDB and starts it again on the same port and data
# directory (fault drills).  The restarted server is not the PID run.sh
# knows, so a watcher stops it once run.sh (this test's parent) is gone.
my_restart() {
	local harness=$$ i
	kill -TERM "$MY_PID" 2>/dev/null
	wait_gone "$MY_PID"
	mariadbd --no-defaults --datadir="$MY_DIR/data" --socket="$MY_DIR/sock" --port="$MY_PORT" \
		--bind-address=127.0.0.1 --local-infile=1 --user="$(id -un)" --skip-name-resolve \
		--innodb-flush-log-at-trx-commit=0 --innodb-buffer-pool-size=256M --max-connections=300 \
		--pid-file="$MY_DIR/pid" --log-error="$MY_DIR/error.log" 2>>"$MY_DIR/stderr.log" </dev/null &
	MY_PID=$!
	local pid=$MY_PID
	(while kill -0 "$harness" 2>/dev/null; do sleep 1; done; kill -TERM "$pid" 2>/dev/null) \
		</dev/null >/dev/null 2>&1 &
	for i in $(seq 1 120); do
		my_sql_db mysql 'SELECT 1' >/dev/null 2>&1 && return 0
		sleep 0.5
	done
	return 1
}

if [ -f "$ROOT/tests/integration/t_workload.sh" ]; then
	source "$ROOT/tests/integration/t_workload.sh"
	for f in $(declare -F | awk '{print $3}' | grep '^test_workload_' | grep -v '^test_workload_mysql_'); do
		eval "$(declare -f "$f" | sed "1s/^$f /_pg_$f /")"
		unset -f "$f"
		eval "test_workload_mysql_${f#test_workload_}() { ENGINE=my; _pg_$f; }"
	done
fi

workload_built() {
	dbarena workload patterns >/dev/null 2>&1 || skip "the workload command is not built yet"
}

test_workload_mysql_order_key_table() {
	workload_built
	my_fresh_db my_wl_order
	my_sql "$(cat <<'SQL'
CREATE TABLE `order` (`key` bigint AUTO_INCREMENT PRIMARY KEY, `select` varchar(30) NOT NULL,
  status enum('new', 'it''s done') NOT NULL, at datetime(6) NOT NULL)
SQL
)"
	printf '[table order]\ncount = 200\n' >"$WORK/wl_order.ini"
	expect_exit 0 dbarena seed --url "$URL" --config "$WORK/wl_order.ini" --quiet
	expect_exit 0 dbarena workload run --url "$URL" --pattern balanced --connections 2 --duration 2 \
		--tps 200 --seed 7 --json "$WORK/wl_order.json" --quiet
	[ "$(jget "$WORK/wl_order.json" .successful)" -gt 100 ] || fail "too few transactions: $OUT"
	assert_eq 0 "$(jget "$WORK/wl_order.json" .failed)" "failed transactions"
	# Every status is one of the ENUM labels (index 0 is the empty error value).
	assert_eq 0 "$(my_sql 'SELECT COUNT(*) FROM `order` WHERE status + 0 = 0')" "rows outside the ENUM"
	[ "$(my_sql 'SELECT COUNT(*) FROM `order` WHERE status + 0 = 2 AND `key` > 200')" -ge 1 ] ||
		fail "the label with an apostrophe was never inserted"
	[ "$(my_sql 'SELECT COUNT(*) FROM `order` WHERE `key` > 200')" -ge 1 ] || fail "no inserted rows reached \`order\`"
}

test_workload_mysql_restart_mid_run() {
	workload_built
	ENGINE=my
	wl_ecommerce my_wl_restart
	local j="$WORK/wl_my_restart.json" wl
	dbarena workload run --url "$URL" --pattern read_heavy --connections 2 --tps 50 --duration 4 \
		--json "$j" --quiet >"$WORK/wl_my_restart.out" 2>&1 &
	wl=$!
	sleep 1
	my_restart || fail "MariaDB did not come back"
	wait "$wl"
	assert_eq 0 "$?" "exit status: $(cat "$WORK/wl_my_restart.out")"
	[ "$(jget "$j" .reconnects)" -ge 1 ] || fail "no reconnect counted: $(cat "$WORK/wl_my_restart.out")"
	[ "$(jget "$j" .successful)" -gt 100 ] || fail "the run did not go on after the restart"
	assert_contains "$(jq -c '.errors' "$j")" "connection" "error classes after a restart"
}
