# The workload suite of t_workload.sh, run against MariaDB (ENGINE=my, checked
# with the mariadb client), plus MariaDB-specific workload tests.

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
	dbarena workload run --url "$URL" --pattern read_heavy --connections 2 --tps 50 --duration 8 \
		--json "$j" --quiet >"$WORK/wl_my_restart.out" 2>&1 &
	wl=$!
	# Restart once the workload's sessions run (on a loaded machine its start can take longer
	# than the restart itself, and then no session ever sees it).
	for _ in $(seq 100); do
		[ "$(my_sql_db mysql "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE DB = '$DB' AND ID <> CONNECTION_ID()")" -ge 2 ] && break
		sleep 0.1
	done
	sleep 0.5
	my_restart || fail "MariaDB did not come back"
	wait "$wl"
	assert_eq 0 "$?" "exit status: $(cat "$WORK/wl_my_restart.out")"
	[ "$(jget "$j" .reconnects)" -ge 1 ] || fail "no reconnect counted: $(cat "$WORK/wl_my_restart.out")"
	[ "$(jget "$j" .successful)" -gt 100 ] || fail "the run did not go on after the restart"
	assert_contains "$(jq -c '.errors' "$j")" "connection" "error classes after a restart"
}
