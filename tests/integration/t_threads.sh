# shellcheck shell=bash
# --threads: several sessions on one worker thread (drivers that wait through the host: postgres
# and mysql).  Checked from outside: the process's thread count and the server's sessions while
# it runs, the rows it wrote (psql, mariadb), and that a session waiting for the server does not
# hold up the others on its thread.

# The sessions the server has open on $DB.
th_sessions() {
	if [ "$E" = my ]; then
		my_sql_db mysql "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE DB = '$DB'"
	else
		pg_sql_db postgres "SELECT count(*) FROM pg_stat_activity WHERE datname = '$DB' AND state IS NOT NULL"
	fi
}
# The threads of PID and the server's sessions on $DB, sampled mid-run.
th_sample() { # PID
	local i p
	for i in $(seq 1 50); do
		[ "$(th_sessions)" -ge 6 ] && break
		sleep 0.1
	done
	p=$(pgrep -P "$1" -x dbarena || echo "$1") # the function's subshell runs the binary
	TH_TASKS=$(ls "/proc/$p/task" | wc -l)
	TH_SESSIONS=$(th_sessions)
}

th_tpcb() {
	e_fresh "threads_tpcb_$E"
	expect_exit 0 dbarena bench prepare --url "$URL" tpcb --scale 1 --quiet
	local j="$WORK/threads_tpcb_$E.json" pid
	dbarena bench run --url "$URL" tpcb --connections 6 --threads 2 --duration 3 --json "$j" --quiet >"$WORK/threads_tpcb.out" 2>&1 &
	pid=$!
	th_sample "$pid"
	wait "$pid" || fail "bench run exited $?: $(cat "$WORK/threads_tpcb.out")"
	assert_eq 6 "$TH_SESSIONS" "server sessions during the run"
	# The main thread and two workers (the opening threads are gone by then).
	assert_eq 3 "$TH_TASKS" "threads of the dbarena process"
	assert_eq 0 "$(jq -r .failed "$j")" "failed ($(jq -r '.errors[0].sample // ""' "$j"))"
	[ "$(jq -r .successful "$j")" -gt 100 ] || fail "only $(jq -r .successful "$j") transactions"
	echo "    $E: 6 sessions on 2 threads, $(jq -r .throughput_tps "$j") tps"
	assert_eq "$(jq -r .successful "$j")" "$(e_sql 'SELECT COUNT(*) FROM pgbench_history')" "history rows = committed transactions"
	assert_eq "$(e_sql 'SELECT SUM(delta) FROM pgbench_history')" "$(e_sql 'SELECT SUM(bbalance) FROM pgbench_branches')" "branch balances = deltas"
	expect_exit 0 dbarena bench check --url "$URL" tpcb
}
test_threads_tpcb_six_sessions_on_two_threads() { each_engine th_tpcb; }

# Four sessions on one thread, each statement sleeping 0.2 s in the server: they sleep at the
# same time (about 4 x 10 in 2 s), not one after another (about 10).
test_threads_a_waiting_session_does_not_hold_up_its_thread() {
	pg_fresh_db threads_sleep
	printf 'SELECT pg_sleep(0.2);\n' >"$WORK/threads_sleep.sql"
	local j="$WORK/threads_sleep.json" n
	expect_exit 0 dbarena workload run --url "$URL" --script "$WORK/threads_sleep.sql" --connections 4 --threads 1 \
		--tps 0 --duration 2 --json "$j" --quiet
	n=$(jq -r .successful "$j")
	echo "    4 sessions on 1 thread: $n sleeps of 0.2 s in 2 s"
	[ "$n" -ge 30 ] || fail "$n statements: the sessions waited one after another"
	[ "$n" -le 44 ] || fail "$n statements: more than four sessions can sleep in 2 s"
}

# A fixed rate and an exact count hold with shared threads; latency is from the schedule.
test_threads_rate_and_count() {
	pg_fresh_db threads_rate
	expect_exit 0 dbarena bench prepare --url "$URL" tpcb --scale 1 --quiet
	local j="$WORK/threads_rate.json" tps
	expect_exit 0 dbarena bench run --url "$URL" tpcb --connections 4 --threads 2 --tps 200 --duration 4 \
		--json "$j" --quiet
	tps=$(jq -r .throughput_tps "$j")
	awk -v t="$tps" 'BEGIN { exit !(t >= 196 && t <= 204) }' || fail "throughput $tps at --tps 200"
	j="$WORK/threads_count.json"
	expect_exit 0 dbarena bench run --url "$URL" tpcb --connections 5 --threads 2 --transactions 777 --json "$j" --quiet
	assert_eq 777 "$(jq -r .successful "$j")" "transactions"
	assert_eq "$(( $(jq -r .successful "$WORK/threads_rate.json") + 777 ))" "$(pg_sql 'SELECT COUNT(*) FROM pgbench_history')" "history rows"
}

# The sleep test on MariaDB, and a sysbench read/write run whose rows mariadb counts.
test_threads_mysql_sessions_share_a_thread() {
	E=my
	my_fresh_db threads_my
	printf 'SELECT SLEEP(0.2);\n' >"$WORK/threads_my.sql"
	local j="$WORK/threads_my.json" n cancelled
	expect_exit 0 dbarena workload run --url "$URL" --script "$WORK/threads_my.sql" --connections 4 --threads 1 \
		--tps 0 --duration 2 --json "$j" --quiet
	n=$(jq -r .successful "$j")
	echo "    4 sessions on 1 thread: $n sleeps of 0.2 s in 2 s"
	[ "$n" -ge 30 ] && [ "$n" -le 44 ] || fail "$n statements of SLEEP(0.2) in 2 s over 4 sessions"
	expect_exit 0 dbarena bench prepare --url "$URL" sysbench --scale 2000 --tables 2 --quiet
	j="$WORK/threads_my_rw.json"
	expect_exit 0 dbarena bench run --url "$URL" sysbench --tables 2 \
		--connections 4 --threads 2 --duration 2 --json "$j" --quiet
	assert_eq 0 "$(jq -r .failed "$j")" "failed ($(jq -r '.errors[0].sample // ""' "$j"))"
	assert_eq 4000 "$(my_sql 'SELECT (SELECT COUNT(*) FROM sbtest1) + (SELECT COUNT(*) FROM sbtest2)')" "rows kept (each delete is followed by its insert)"
	# Statements the server cancels at the timeout fail as timeouts; the run goes on.  A scan the
	# server checks row by row, not SLEEP(): MariaDB 10.11 now and then counts a SLEEP() as past
	# max_statement_time yet lets it sleep on, and the client's own timeout ends it at 2 s.
	printf 'SELECT SUM(seq %% 7) FROM seq_1_to_10000000000;\n' >"$WORK/threads_my_slow.sql"
	j="$WORK/threads_my_slow.json"
	cancelled=$(my_sql "SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'MAX_STATEMENT_TIME_EXCEEDED'")
	expect_exit 0 dbarena workload run --url "$URL" --script "$WORK/threads_my_slow.sql" --connections 3 --threads 1 \
		--tps 0 --duration 2 --statement-timeout 300 --max-error-rate 100 --json "$j" --quiet
	cancelled=$(( $(my_sql "SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'MAX_STATEMENT_TIME_EXCEEDED'") - cancelled ))
	[ "$(jq -r .failed "$j")" -ge 9 ] || fail "$(jq -r .failed "$j") timeouts: 3 sessions of statements cancelled at 0.3 s ($(jq -c .errors "$j"))"
	# The server's own count: every timeout dbarena reports is a statement the server cancelled.
	[ "$cancelled" -ge "$(jq -r .failed "$j")" ] || fail "the server cancelled $cancelled statements; dbarena reports $(jq -r .failed "$j") timeouts"
	assert_eq timeout "$(jq -r '.errors[0].class' "$j")" "error class"
	expect_exit 2 dbarena bench run --url "$URL" tpcb --threads 0
	assert_contains "$OUT" "--threads" "bad value named"
	# The config's key: its file and line named, nothing run.
	printf '[workload]\nduration_seconds = 1\n\nthreads = 0\n' >"$WORK/threads0.ini"
	expect_exit 2 dbarena workload run --url "$URL" --config "$WORK/threads0.ini" --quiet
	assert_contains "$OUT" "threads0.ini:4" "file and line of threads = 0"
}

# A public application schema (kanboard's): seed init -> seed -> the oltp and ecommerce patterns
# with six sessions on two threads; every transaction completes, none fails.
th_corpus() {
	e_fresh "threads_kb_$E"
	e_sql "$(cat "$ROOT/tests/corpus/kanboard.$E.sql")" >/dev/null
	expect_exit 0 dbarena seed init --url "$URL"
	printf '%s\n' "$OUT" >"$WORK/threads_kb_$E.ini"
	expect_exit 0 dbarena seed --url "$URL" --config "$WORK/threads_kb_$E.ini" --quiet
	local p j
	for p in oltp ecommerce; do
		j="$WORK/threads_kb_${E}_$p.json"
		expect_exit 0 dbarena workload run --url "$URL" --pattern "$p" --connections 6 --threads 2 --tps 0 \
			--transactions 600 --json "$j" --quiet
		assert_eq 600 "$(jget "$j" .total)" "$p: transactions"
		assert_eq 0 "$(jget "$j" .failed)" "$p: failed ($(jget "$j" '.errors[0].sample // ""'))"
	done
}
test_threads_public_schema() { each_engine th_corpus; }

# A connection with a thread of its own waits in recv() on a blocking socket
# (the PostgreSQL driver's lean wait); a row past libpq's 32 kB read-ahead
# turns that off for the connection, and nothing hangs or fails either way.
test_threads_pg_lean_wait_wide_rows() {
	pg_fresh_db threads_lean
	pg_sql "CREATE TABLE wide (id int PRIMARY KEY, v text); INSERT INTO wide VALUES (1, 'short'), (2, repeat('x', 200000))"
	printf 'SELECT v FROM wide WHERE id = 1;\nSELECT v FROM wide WHERE id = 2;\nSELECT v FROM wide WHERE id = 1;\n' >"$WORK/lean.sql"
	local j="$WORK/lean.json"
	expect_exit 0 timeout 60 "$DBARENA_BIN" --plugin-dir "$BUILD/plugins" workload run --url "$URL" \
		--script "$WORK/lean.sql" --connections 2 --tps 0 --transactions 300 --json "$j" --quiet
	assert_eq 300 "$(jq -r .successful "$j")" "transactions"
	assert_eq 0 "$(jq -r .failed "$j")" "failed"
}
