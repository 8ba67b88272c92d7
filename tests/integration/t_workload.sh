# Workload suite (SPEC section 3).  ENGINE=pg (default) or my: t_workload_mysql.sh runs the
# same checks against MariaDB; what reached the database is read with the server's own client.
ENGINE=${ENGINE:-pg}
EX=$ROOT/examples

wl_db_fresh() { if [ "$ENGINE" = my ]; then my_fresh_db "$1"; else pg_fresh_db "$1"; fi; }
wl_sql() { if [ "$ENGINE" = my ]; then my_sql "$1"; else pg_sql "$1"; fi; }
# A fresh database with the e-commerce schema and a small seed.
wl_ecommerce() {
	wl_db_fresh "$1"
	if [ "$ENGINE" = my ]; then my_sql "$(cat "$EX/ecommerce-mysql.sql")"; else pg_sql "$(cat "$EX/ecommerce.sql")" >/dev/null; fi
	expect_exit 0 dbarena seed --url "$URL" --config "$EX/ecommerce-seed.ini" --size small --quiet
}
wl_rows() { wl_sql "SELECT (SELECT COUNT(*) FROM users) + (SELECT COUNT(*) FROM products) + (SELECT COUNT(*) FROM orders) + (SELECT COUNT(*) FROM order_items)"; }
jget() { jq -r "$2" "$1"; }

test_workload_patterns_list() {
	expect_exit 0 dbarena workload patterns
	local p
	for p in oltp ecommerce olap reporting time_series social_media iot read_heavy write_heavy balanced; do
		assert_contains "$OUT" "$p" "pattern $p listed"
	done
	assert_contains "$OUT" "40 / 30 / 25 / 5" "oltp mix"
	assert_contains "$OUT" "95 / 3 / 2 / 0" "reporting mix"
	assert_contains "$OUT" "time-series, timeseries" "aliases"
}

test_workload_every_pattern_changes_rows() {
	wl_ecommerce wl_patterns
	local p before after ins del j
	for p in oltp ecommerce olap reporting time_series social_media iot read_heavy write_heavy balanced; do
		before=$(wl_rows)
		j="$WORK/wl_$p.json"
		expect_exit 0 dbarena workload run --url "$URL" --pattern "$p" --connections 4 --tps 50 --duration 2 \
			--json "$j" --quiet
		after=$(wl_rows)
		assert_eq 100 "$(jget "$j" .total)" "$p: scheduled transactions"
		assert_eq 0 "$(jget "$j" .failed)" "$p: failed ($(jget "$j" '.errors[0].sample // ""'))"
		ins=$(jget "$j" .operations.insert.successful)
		del=$(jget "$j" .operations.delete.successful)
		assert_eq "$((before + ins - del))" "$after" "$p: rows after $ins inserts and $del deletes"
		[ "$(jget "$j" .operations.select.successful)" -gt 0 ] || fail "$p: no select ran"
	done
	# FK integrity after all of it.
	assert_eq 0 "$(wl_sql 'SELECT COUNT(*) FROM order_items i LEFT JOIN orders o ON o.id = i.order_id WHERE o.id IS NULL')" "orphan items"
	assert_eq 0 "$(wl_sql "SELECT COUNT(*) FROM orders WHERE status NOT IN ('pending','on hold','shipped','delivered','cancelled')")" "order status values"
}

test_workload_updates_reach_the_database() {
	wl_ecommerce wl_updates
	local j="$WORK/wl_upd.json" upd
	wl_sql "UPDATE orders SET created_at = '2020-01-01'" >/dev/null
	expect_exit 0 dbarena workload run --url "$URL" --pattern write_heavy --tables orders --connections 2 \
		--tps 100 --duration 2 --json "$j" --quiet
	upd=$(jget "$j" .operations.update.successful)
	[ "$upd" -gt 20 ] || fail "only $upd updates"
	[ "$(wl_sql "SELECT COUNT(*) FROM orders WHERE created_at > '2020-01-01'")" -ge $((upd / 2)) ] ||
		fail "updates did not change orders.created_at"
}

test_workload_tps_accuracy() {
	wl_ecommerce wl_tps
	local j="$WORK/wl_tps.json" tput
	expect_exit 0 dbarena workload run --url "$URL" --pattern read_heavy --connections 4 --tps 200 --duration 3 \
		--json "$j" --quiet
	tput=$(jget "$j" .throughput_tps)
	awk -v t="$tput" 'BEGIN { exit !(t >= 196 && t <= 204) }' || fail "throughput $tput not within 2 % of 200"
	assert_eq 600 "$(jget "$j" .total)" "transactions in 3 s at 200 tps"
	assert_eq 0 "$(jget "$j" .not_started)" "scheduled transactions that never started"
	# Poisson arrivals: the same mean rate, seeded gaps.
	printf '[workload]\npattern = read_heavy\narrival = poisson\nseed = 3\n' >"$WORK/wl_poisson.ini"
	expect_exit 0 dbarena workload run --url "$URL" --config "$WORK/wl_poisson.ini" --connections 4 --tps 200 \
		--duration 2 --json "$j" --quiet
	tput=$(jget "$j" .total)
	[ "$tput" -ge 340 ] && [ "$tput" -le 460 ] || fail "poisson arrivals gave $tput transactions for a mean of 400"
	assert_eq 0 "$(jget "$j" .not_started)" "poisson: scheduled transactions that never started"
}

test_workload_exact_transaction_count() {
	wl_ecommerce wl_count
	local j="$WORK/wl_count.json"
	expect_exit 0 dbarena workload run --url "$URL" --pattern oltp --connections 4 --tps 0 --transactions 500 \
		--json "$j" --quiet
	assert_eq 500 "$(jget "$j" .total)" "transactions"
	assert_contains "$OUT" "total:       500 transactions" "summary"
}

test_workload_custom_queries() {
	wl_ecommerce wl_custom
	local j="$WORK/wl_custom.json"
	expect_exit 0 dbarena workload run --url "$URL" --config "$EX/ecommerce-workload.ini" --duration 2 --tps 100 \
		--json "$j" --quiet
	assert_eq 0 "$(jget "$j" .failed)" "failed ($(jget "$j" '.errors[0].sample // ""'))"
	[ "$(jget "$j" .operations.recent_orders.successful)" -gt 30 ] || fail "recent_orders ran too rarely"
	[ "$(jget "$j" .operations.order_value.successful)" -gt 5 ] || fail "order_value ran too rarely"
	assert_contains "$OUT" "recent_orders" "summary row"
}

bad_wl() { # NAME TEXT EXPECTED: exit 2, FILE:LINE, before any connection
	printf '%b' "$2" >"$WORK/$1.ini"
	expect_exit 2 dbarena workload run --url "postgres://postgres:x@127.0.0.1:1/none" --config "$WORK/$1.ini"
	assert_contains "$OUT" "$3" "message for $1"
}

test_workload_bad_configs() {
	local q='[workload]\npattern = oltp\n[query q]\nsql = SELECT * FROM users WHERE id = :id\nweight = 0.5\n'
	bad_wl wl_noparam "$q" "wl_noparam.ini:3: [query q] uses :id but there is no [param q.id]"
	bad_wl wl_badph "$q[param q.user]\ngenerator = random_int\n" "wl_badph.ini:6: [param q.user]: query \"q\" has no placeholder :user"
	bad_wl wl_badq "$q[param x.id]\ngenerator = random_int\n" "wl_badq.ini:6: [param x.id] names unknown query \"x\""
	bad_wl wl_key '[workload]\npattern = oltp\nspeed = 3\n' "wl_key.ini:3: unknown key \"speed\" in [workload]"
	bad_wl wl_sect '[workload]\npattern = oltp\n[load]\n' "wl_sect.ini:3: unknown section [load]"
	bad_wl wl_over "$q[param q.id]\ngenerator = random_int\n[query r]\nsql = SELECT 1\nweight = 0.6\n" "weights sum to 1.1, more than 1"
	bad_wl wl_reach '[operations]\nselect_weight = 0.5\ninsert_weight = 0.2\n' "the mix cannot reach 1"
	bad_wl wl_pat '[workload]\npattern = nope\n' "wl_pat.ini:2: unknown pattern \"nope\""
	bad_wl wl_gen "$q[param q.id]\ngenerator = random_intt\n" "wl_gen.ini:6: unknown generator"
	# :: casts and quoted colons are not placeholders
	printf '[query q]\nsql = SELECT %s::int, '"'"':x'"'"' FROM users WHERE id = :id\nweight = 1\n[param q.id]\ngenerator = random_int\nmin = 1\nmax = 5\n' \
		"'7'" >"$WORK/wl_cast.ini"
	if [ "$ENGINE" = pg ]; then
		wl_ecommerce wl_cast
		expect_exit 0 dbarena workload run --url "$URL" --config "$WORK/wl_cast.ini" --transactions 20 --tps 0 \
			--connections 1 --json "$WORK/wl_cast.json" --quiet
		assert_eq 20 "$(jget "$WORK/wl_cast.json" .operations.q.successful)" "query with a :: cast"
	fi
}

test_workload_coordinated_omission() {
	wl_ecommerce wl_co
	local j="$WORK/wl_co.json" locker p99
	printf '[workload]\ntables = users\n[operations]\nselect_weight = 1\nuse_joins = false\nuse_aggregations = false\n' \
		>"$WORK/wl_co.ini"
	(sleep 1; if [ "$ENGINE" = my ]; then my_sql "LOCK TABLES users WRITE; DO SLEEP(1); UNLOCK TABLES";
	 else pg_sql "BEGIN; LOCK TABLE users IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(1); COMMIT" >/dev/null; fi) &
	locker=$!
	expect_exit 0 dbarena workload run --url "$URL" --config "$WORK/wl_co.ini" --connections 4 --tps 100 \
		--duration 3 --json "$j" --quiet
	wait "$locker"
	p99=$(jget "$j" .latency_scheduled.p99_us)
	awk -v p="$p99" 'BEGIN { exit !(p >= 800000) }' || fail "scheduled p99 ${p99}us hides the 1 s stall"
	assert_eq 300 "$(jget "$j" .total)" "transactions"
}

test_workload_sigint_prints_summary() {
	wl_ecommerce wl_int
	# The binary itself, not the dbarena() wrapper: the signal must reach it, not a subshell.
	"$DBARENA_BIN" --plugin-dir "$BUILD/plugins" workload run --url "$URL" --pattern oltp --connections 2 \
		--tps 50 --duration 20 --quiet >"$WORK/wl_int.out" 2>&1 &
	local pid=$! rc
	sleep 1.5
	kill -INT "$pid"
	wait "$pid"
	rc=$?
	assert_eq 130 "$rc" "exit status after SIGINT"
	assert_contains "$(cat "$WORK/wl_int.out")" "transactions (" "summary after SIGINT"
	assert_contains "$(cat "$WORK/wl_int.out")" "latency" "latency table after SIGINT"
}

test_workload_server_restart() {
	[ "$ENGINE" = pg ] || skip "PostgreSQL restart drill (MariaDB has its own)"
	wl_ecommerce wl_restart
	local j="$WORK/wl_restart.json" wl harness=$$
	dbarena workload run --url "$URL" --pattern read_heavy --connections 2 --tps 50 --duration 4 \
		--json "$j" --quiet >"$WORK/wl_restart.out" 2>&1 &
	wl=$!
	sleep 1
	pg_restart || fail "PostgreSQL did not come back"
	# run.sh stops the server it started by PID: stop the restarted one when run.sh is gone.
	local newpid=$PG_PID
	(while kill -0 "$harness" 2>/dev/null; do sleep 1; done; kill -INT "$newpid" 2>/dev/null) </dev/null >/dev/null 2>&1 &
	wait "$wl"
	assert_eq 0 "$?" "exit status: $(cat "$WORK/wl_restart.out")"
	[ "$(jget "$j" .reconnects)" -ge 1 ] || fail "no reconnect counted"
	[ "$(jget "$j" .successful)" -gt 100 ] || fail "the run did not go on after the restart"
}

test_workload_max_error_rate() {
	wl_ecommerce wl_errs
	printf '[workload]\npattern = read_heavy\n[query broken]\nsql = SELECT * FROM no_such_table\nweight = 0.5\n' >"$WORK/wl_errs.ini"
	expect_exit 1 dbarena workload run --url "$URL" --config "$WORK/wl_errs.ini" --connections 2 --tps 100 \
		--duration 1 --max-error-rate 0 --json "$WORK/wl_errs.json"
	assert_contains "$OUT" "max-error-rate" "message"
	assert_eq syntax "$(jget "$WORK/wl_errs.json" '.errors[0].class')" "error class"
	[ "$(jget "$WORK/wl_errs.json" .operations.broken.failed)" -gt 10 ] || fail "failures not counted"
}

test_workload_example_configs() {
	wl_ecommerce wl_examples
	local f j
	for f in oltp ecommerce custom-mix custom-sql; do
		j="$WORK/wl_ex_$f.json"
		expect_exit 0 dbarena workload run --url "$URL" --config "$EX/$f-workload.ini" --duration 2 --tps 100 \
			--connections 4 --warmup 0 --json "$j" --quiet
		assert_eq 0 "$(jget "$j" .failed)" "$f: failed ($(jget "$j" '.errors[0].sample // ""'))"
		# 200 scheduled; the oltp example uses Poisson arrivals, so allow for their spread
		[ "$(jget "$j" .successful)" -ge 150 ] || fail "$f: only $(jget "$j" .successful) transactions"
	done
	assert_eq 0 "$(wl_sql 'SELECT COUNT(*) FROM order_items i LEFT JOIN orders o ON o.id = i.order_id WHERE o.id IS NULL')" "orphans"
}

test_workload_placeholders_reach_server_as_parameters() {
	[ "$ENGINE" = pg ] || skip "reads pg_stat_activity"
	wl_ecommerce wl_params
	local pid seen=""
	printf '[workload]\nconnections = 2\ntarget_tps = 0\n[query slow]\nsql = SELECT pg_sleep(0.3), :v::int AS v\nweight = 1\n[param slow.v]\ngenerator = random_int\nmin = 1\nmax = 9\n' \
		>"$WORK/params.ini"
	"$DBARENA_BIN" --plugin-dir "$BUILD/plugins" workload run --url "$URL" --config "$WORK/params.ini" \
		--duration 2 --quiet >/dev/null 2>&1 &
	pid=$!
	for _ in 1 2 3 4 5 6 7 8; do
		sleep 0.2
		seen=$(pg_sql "SELECT query FROM pg_stat_activity WHERE query LIKE '%pg_sleep(0.3)%' AND pid <> pg_backend_pid() LIMIT 1")
		[ -n "$seen" ] && break
	done
	wait $pid
	assert_contains "$seen" '$1::int' "statement text on the server"
}
