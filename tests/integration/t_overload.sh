# shellcheck shell=bash
# Overload, outages and long runs (issue 15): a workload asked for more than
# the server can do ends on time and reports what really ran, checked against
# the server's own counters; sessions come back quickly after a restart; memory
# stays flat over a write-heavy run.  Every test runs on PostgreSQL and MariaDB.

ov_fresh() { # pg|my NAME: a fresh database with the e-commerce schema and a small seed
	if [ "$1" = my ]; then
		my_fresh_db "$2"
		my_sql "$(cat "$ROOT/examples/ecommerce-mysql.sql")"
	else
		pg_fresh_db "$2"
		pg_sql "$(cat "$ROOT/examples/ecommerce.sql")" >/dev/null
	fi
	expect_exit 0 dbarena seed --url "$URL" --config "$ROOT/examples/ecommerce-seed.ini" --size small --quiet
}
ov_ms() { date +%s%3N; }
# Transactions the server ran: PostgreSQL's commits in this database (after the
# backends flushed their statistics), MariaDB's executed prepared statements.
ov_commits() { # pg|my
	if [ "$1" = my ]; then
		my_sql "SHOW GLOBAL STATUS LIKE 'Com_stmt_execute'" | awk '{print $2}'
	else
		sleep 1.2
		pg_sql "SELECT pg_stat_force_next_flush()" >/dev/null
		pg_sql "SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()"
	fi
}

# A run at 10x what the server manages for 5 s ends within 7 s and reports
# the throughput the server saw, with the schedule lag and the backlog.
ov_overload() { # pg|my
	local e=$1 j="$WORK/ov_$1.json" cap c0 c1 t0 t1 secs tput server setup extra
	ov_fresh "$e" "ov_over_$e"
	expect_exit 0 dbarena workload run --url "$URL" --pattern oltp --tps 0 --duration 2 --connections 8 \
		--json "$j" --quiet
	cap=$(jq -r '.throughput_tps | floor' "$j")
	echo "    $e: capacity ${cap} tps; running at $((cap * 10)) tps"
	# What 32 sessions cost before and after the run (logins, catalog reads, statement
	# preparation, which PostgreSQL counts as transactions too): a run of 1,000 transactions.
	c0=$(ov_commits "$e")
	t0=$(ov_ms)
	expect_exit 0 dbarena workload run --url "$URL" --pattern oltp --tps 0 --transactions 1000 \
		--connections 32 --json "$j" --quiet
	t1=$(ov_ms)
	c1=$(ov_commits "$e")
	setup=$((t1 - t0))
	extra=$((c1 - c0 - $(jq .total "$j")))
	echo "    $e: 1,000 transactions on 32 sessions took $setup ms; $extra server transactions of setup"
	c0=$(ov_commits "$e")
	t0=$(ov_ms)
	expect_exit 0 dbarena workload run --url "$URL" --pattern oltp --tps $((cap * 10)) --duration 5 \
		--connections 32 --json "$j" --quiet
	t1=$(ov_ms)
	c1=$(ov_commits "$e")
	secs=$(jq -r .duration_seconds "$j")
	tput=$(jq -r .throughput_tps "$j")
	server=$(awk -v a="$c0" -v b="$c1" -v x="$extra" -v s="$secs" 'BEGIN { printf "%.1f", (b - a - x) / s }')
	echo "    $e: wall $((t1 - t0)) ms, duration_seconds $secs, reported ${tput} tps, server $server tps"
	echo "    $e: not_started $(jq .not_started "$j"), backlog_at_end $(jq .backlog_at_end "$j"), lag $(jq -c .schedule_lag_us "$j")"
	# The run itself within 7 s: the wall time less what starting and ending 32 sessions took.
	[ $((t1 - t0 - setup)) -lt 7000 ] || fail "a 5 s run at 10x capacity took $((t1 - t0)) ms ($setup ms of setup)"
	awk -v s="$secs" 'BEGIN { exit !(s >= 5 && s < 7) }' || fail "duration_seconds $secs"
	awk -v t="$tput" -v s="$server" 'BEGIN { d = t - s; if (d < 0) d = -d; exit !(d <= 0.05 * s) }' ||
		fail "reported ${tput} tps, the server ran $server tps"
	[ "$(jq .not_started "$j")" -gt "$((cap * 10))" ] || fail "not_started $(jq .not_started "$j") at 10x capacity"
	[ "$(jq .backlog_at_end "$j")" -gt 0 ] || fail "no backlog at the end"
	jq -e '.schedule_lag_us | .mean > 100000 and .p99 >= .mean and .max >= .p99' "$j" >/dev/null ||
		fail "schedule lag $(jq -c .schedule_lag_us "$j")"
	assert_contains "$OUT" "schedule lag: mean" "summary"
	assert_contains "$OUT" "backlog:     " "summary"
	assert_not_contains "$OUT" "target $((cap * 10)).0" "summary"
}
test_overload_pg_ends_on_time() { ov_overload pg; }
test_overload_my_ends_on_time() { ov_overload my; }

# On schedule: the live view's marker shows while behind and clears once the run has caught up.
ov_marker() { # pg|my
	local e=$1 out="$WORK/ov_marker_$1.err" locker
	ov_fresh "$e" "ov_mark_$e"
	printf '[workload]\ntables = users\n[operations]\nselect_weight = 1\nuse_joins = false\nuse_aggregations = false\n' \
		>"$WORK/ov_mark.ini"
	(sleep 1; if [ "$e" = my ]; then my_sql "LOCK TABLES users WRITE; DO SLEEP(1.5); UNLOCK TABLES";
	 else pg_sql "BEGIN; LOCK TABLE users IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(1.5); COMMIT" >/dev/null; fi) &
	locker=$!
	dbarena workload run --url "$URL" --config "$WORK/ov_mark.ini" --connections 4 --tps 100 --duration 5 \
		--interval 0.5 --json "$WORK/ov_mark.json" >/dev/null 2>"$out"
	wait "$locker"
	echo "    $e: $(grep -c 'FALLING BEHIND' "$out") of $(grep -c '^\[' "$out") lines behind"
	grep -q 'FALLING BEHIND' "$out" || fail "no line showed the stall: $(cat "$out")"
	tail -n 2 "$out" | grep -q 'FALLING BEHIND' && fail "the marker stayed after the run caught up: $(cat "$out")"
	# --interval sets the JSON series too; the stall shows the age of what was in flight.
	n=$(jq '.intervals | length' "$WORK/ov_mark.json")
	[ "$n" -ge 8 ] || fail "$n JSON intervals for 5 s at --interval 0.5"
	jq -e '[.intervals[] | select(.p99_us == null) | .oldest_inflight_us] | max > 400000' \
		"$WORK/ov_mark.json" >/dev/null ||
		fail "no stalled interval shows the in-flight age: $(jq -c '[.intervals[] | [.tps, .p99_us, .oldest_inflight_us]]' "$WORK/ov_mark.json")"
}
test_overload_pg_marker_clears() { ov_marker pg; }
test_overload_my_marker_clears() { ov_marker my; }

# The server goes away for 3 s and comes back: the run is working again within about 1 s
# of the server accepting connections (jittered backoff capped low, not 100 ms doubling to 5 s).
ov_pg_down() { # SECS: pg_restart with the server down for SECS in between
	local run=() harness=$$ newpid
	[ "$(id -u)" = 0 ] && run=(runuser -u postgres --)
	"${run[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -w -t 60 -m fast stop >/dev/null
	sleep "$1"
	"${run[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
		-o "-h 127.0.0.1 -p $PG_PORT -k $PG_DIR -c max_connections=200 -c fsync=off" start >/dev/null
	PG_PID=$(head -n 1 "$PG_DIR/data/postmaster.pid")
	newpid=$PG_PID
	# run.sh stops the server it started by PID: stop the restarted one when run.sh is gone.
	(while kill -0 "$harness" 2>/dev/null; do sleep 1; done; kill -INT "$newpid" 2>/dev/null) </dev/null >/dev/null 2>&1 &
}
ov_my_down() { my_restart "$1"; } # SECS
ov_restart() { # pg|my SECS (down, not counting the stop and start themselves)
	local e=$1 j="$WORK/ov_restart_$1.json" wl t_down t_up gap out
	ov_fresh "$e" "ov_rst_$e"
	"$DBARENA_BIN" --plugin-dir "$BUILD/plugins" workload run --url "$URL" --pattern read_heavy --connections 4 \
		--tps 100 --duration 12 --interval 0.25 --json "$j" --quiet >"$WORK/ov_restart.out" 2>&1 &
	wl=$!
	sleep 3
	t_down=$(ov_ms)
	"ov_${e}_down" "$2" || fail "the server did not come back"
	t_up=$(ov_ms)
	wait "$wl"
	assert_eq 0 "$?" "exit status: $(cat "$WORK/ov_restart.out")"
	# The longest stretch of intervals in which (next to) nothing ended, in seconds.
	gap=$(jq '[.intervals[] | [.t, .tps]] | reduce .[] as $p ({run: 0, max: 0, t: 0};
		(if $p[1] < 10 then .run += ($p[0] - .t) | .max = ([.max, .run] | max) else .run = 0 end) | .t = $p[0])
		| .max * 100 | round / 100' "$j")
	out=$((t_up - t_down))
	echo "    $e: server down for $out ms (stop to accepting); the run stalled for ${gap} s; reconnects $(jq .reconnects "$j")"
	echo "    $e: intervals: $(jq -c '[.intervals[] | .tps | floor]' "$j")"
	awk -v g="$gap" -v o="$out" 'BEGIN { exit !(g <= o / 1000 + 0.75) }' ||
		fail "the run stalled for ${gap} s around an outage of $out ms"
	[ "$(jq .reconnects "$j")" -ge 4 ] || fail "reconnects $(jq .reconnects "$j")"
}
# About 3 s down in all (MariaDB takes longer to stop and start).
test_overload_pg_restart_recovers() { ov_restart pg 3; }
test_overload_my_restart_recovers() { ov_restart my 2; }

# Memory over a long write-heavy run: the keys a run inserts are a bounded sample,
# so RSS stops growing once the pools are full.
ov_rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null; }
ov_rss() { # pg|my
	local e=$1 j="$WORK/ov_rss_$1.json" wl r5 rend ins
	# A sanitizer build keeps freed memory in quarantine: RSS grows by design there.
	readelf -d "$DBARENA_BIN" | grep -q "libasan" && skip "sanitizer build: freed memory stays in ASan's quarantine"
	ov_fresh "$e" "ov_rss_$e"
	"$DBARENA_BIN" --plugin-dir "$BUILD/plugins" workload run --url "$URL" --pattern write_heavy --tables orders \
		--connections 4 --tps 0 --duration 20 --json "$j" --quiet >"$WORK/ov_rss.out" 2>&1 &
	wl=$!
	sleep 6
	r5=$(ov_rss_kb "$wl")
	sleep 13
	rend=$(ov_rss_kb "$wl")
	wait "$wl"
	assert_eq 0 "$?" "exit status: $(cat "$WORK/ov_rss.out")"
	ins=$(jq .operations.insert.successful "$j")
	echo "    $e: VmRSS $r5 kB at 6 s, $rend kB at 19 s; $ins inserts in 20 s"
	[ "$ins" -gt 40000 ] || skip "only $ins inserts: too few to tell growth from noise"
	[ $((rend - r5)) -lt 2048 ] || fail "RSS grew by $((rend - r5)) kB between 6 s and 19 s ($ins inserts)"
}
test_overload_pg_memory_flat() { ov_rss pg; }
test_overload_my_memory_flat() { ov_rss my; }

# Output hygiene: server notices go through dbarena's log, control characters from the
# server are escaped, a summary of custom queries alone shows the queries, and the
# target shows the rate that is scheduled.
test_overload_pg_server_text_is_escaped() {
	ov_fresh pg ov_hyg
	pg_sql "CREATE FUNCTION noisy(i int) RETURNS int LANGUAGE plpgsql AS \$\$
		BEGIN RAISE WARNING 'careful%', E'\\x1b[31m red'; RETURN i; END \$\$;
		CREATE FUNCTION broken(i int) RETURNS int LANGUAGE plpgsql AS \$\$
		BEGIN RAISE EXCEPTION 'broken%', E'\\x1b]0;owned\\x07'; END \$\$;" >/dev/null
	printf '[query noisy]\nsql = SELECT noisy(:i)\nweight = 0.5\n[param noisy.i]\ngenerator = random_int\nmin = 1\nmax = 9\n[query broken]\nsql = SELECT broken(:i)\nweight = 0.5\n[param broken.i]\ngenerator = random_int\nmin = 1\nmax = 9\n' \
		>"$WORK/ov_hyg.ini"
	expect_exit 0 dbarena workload run --url "$URL" --config "$WORK/ov_hyg.ini" --transactions 40 --tps 0 \
		--connections 2 --max-error-rate 100 --quiet
	echo "    $(printf '%s' "$OUT" | grep -m1 'careful' | cat -v)"
	echo "    $(printf '%s' "$OUT" | grep -m1 'broken' | cat -v)"
	case "$OUT" in *$'\x1b'*|*$'\x07'*) fail "raw control characters reached the terminal: $(printf '%s' "$OUT" | cat -v)" ;; esac
	printf '%s\n' "$OUT" | grep -q '^WARNING:' && fail "libpq printed a notice itself: $OUT"
	assert_contains "$OUT" 'dbarena: postgres: warning: server WARNING: careful\e[31m red' "the notice, logged and escaped"
	assert_contains "$OUT" 'broken\e]0;owned\x07' "the error sample, escaped"
	assert_contains "$OUT" "further server warnings are shown with -vv" "notices past the first ten"
	# Only the queries in the operation table.
	assert_contains "$OUT" "noisy     |" "query row"
	printf '%s\n' "$OUT" | grep -Eq '^(select|insert|update|delete) +\|' && fail "empty built-in rows: $OUT"
	expect_exit 0 dbarena workload run --url "$URL" --config "$WORK/ov_hyg.ini" --duration 1 --tps 1.5 \
		--connections 1 --max-error-rate 100 --quiet
	assert_contains "$OUT" "(target 1.5)" "the target as scheduled"
}
