# shellcheck shell=bash
# Standard benchmarks (dbarena bench): each prepares at a small scale, runs 3 s without a
# failure, and what it left is checked with psql / mariadb against the specification's
# row counts and invariants.  Every test runs on both engines (each_engine).

# The number of the benchmark's tables (by name prefix) left in the database.
bn_tables_like() { # PREFIX
	if [ "$E" = my ]; then
		e_sql "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name LIKE '$1%'"
	else
		e_sql "SELECT COUNT(*) FROM pg_tables WHERE schemaname = 'public' AND tablename LIKE '$1%'"
	fi
}
# Runs NAME for 3 s with 4 connections; JSON in $J; exits on a failure.
bn_run3() { # NAME [options...]
	local name=$1; shift
	J="$WORK/bench_${E}_${name}_$RANDOM.json"
	expect_exit 0 dbarena bench run --url "$URL" "$name" --connections 4 --duration 3 --json "$J" --quiet "$@"
	assert_eq 0 "$(jget "$J" .failed)" "$name $*: failed transactions ($(jget "$J" '.errors[0].sample // ""'))"
	[ "$(jget "$J" .successful)" -gt 0 ] || fail "$name $*: no transaction committed"
	echo "    $E $name $*: $(jget "$J" .successful) transactions, $(jget "$J" .throughput_tps) tps"
}

bn_tpcb() {
	e_fresh "bench_tpcb_$E"
	expect_exit 0 dbarena bench prepare --url "$URL" tpcb --scale 2 --jobs 2
	assert_contains "$OUT" "pgbench_accounts" "prepare reports the accounts table"
	assert_eq 2 "$(e_sql 'SELECT COUNT(*) FROM pgbench_branches')" "branches at scale 2"
	assert_eq 20 "$(e_sql 'SELECT COUNT(*) FROM pgbench_tellers')" "tellers at scale 2"
	assert_eq 200000 "$(e_sql 'SELECT COUNT(*) FROM pgbench_accounts')" "accounts at scale 2"
	assert_eq 200000 "$(e_sql 'SELECT COUNT(DISTINCT aid) FROM pgbench_accounts WHERE bid = FLOOR((aid - 1) / 100000) + 1')" "accounts' branches"
	expect_exit 1 dbarena bench prepare --url "$URL" tpcb --scale 2
	assert_contains "$OUT" "pgbench_branches, pgbench_tellers, pgbench_accounts, pgbench_history" "second prepare names the tables"
	bn_run3 tpcb
	# Every committed transaction inserted one history row: the client's count is the server's.
	assert_eq "$(jget "$J" .successful)" "$(e_sql 'SELECT COUNT(*) FROM pgbench_history')" "history rows = committed transactions"
	local a b t h
	a=$(e_sql 'SELECT SUM(abalance) FROM pgbench_accounts'); b=$(e_sql 'SELECT SUM(bbalance) FROM pgbench_branches')
	t=$(e_sql 'SELECT SUM(tbalance) FROM pgbench_tellers'); h=$(e_sql 'SELECT SUM(delta) FROM pgbench_history')
	assert_eq "$h" "$a" "sum of account balances = sum of deltas"
	assert_eq "$h" "$b" "sum of branch balances = sum of deltas"
	assert_eq "$h" "$t" "sum of teller balances = sum of deltas"
	h=$(e_sql 'SELECT COUNT(*) FROM pgbench_history')
	bn_run3 tpcb --select-only
	assert_eq "$h" "$(e_sql 'SELECT COUNT(*) FROM pgbench_history')" "select-only writes nothing"
	bn_run3 tpcb --simple-update
	assert_eq "$t" "$(e_sql 'SELECT SUM(tbalance) FROM pgbench_tellers')" "simple-update leaves the tellers alone"
	assert_eq "$(e_sql 'SELECT SUM(delta) FROM pgbench_history')" "$(e_sql 'SELECT SUM(abalance) FROM pgbench_accounts')" "accounts = deltas after -N"
	expect_exit 0 dbarena bench check --url "$URL" tpcb --simple-update
	expect_exit 0 dbarena bench cleanup --url "$URL" tpcb
	assert_eq 0 "$(bn_tables_like pgbench_)" "tables left after cleanup"
}
test_bench_tpcb() { each_engine bn_tpcb; }

test_bench_list_and_usage() {
	expect_exit 0 dbarena bench list
	local b
	for b in tpcb sysbench ycsb tpcc; do assert_contains "$OUT" "$b" "bench list names $b"; done
	assert_contains "$OUT" "not audited TPC results" "bench list says what these are"
	assert_contains "$OUT" "SQL Server" "bench list says SQL Server is untested"
	expect_exit 2 dbarena bench run --url "postgres://x@127.0.0.1:1/x" nosuch
	assert_contains "$OUT" 'unknown benchmark "nosuch"' "unknown benchmark"
}

bn_sysbench() {
	e_fresh "bench_sb_$E"
	expect_exit 0 dbarena bench prepare --url "$URL" sysbench --tables 2 --scale 10000 --jobs 2
	local i m k
	for i in 1 2; do
		assert_eq 10000 "$(e_sql "SELECT COUNT(*) FROM sbtest$i")" "sbtest$i rows"
		assert_eq "1 10000" "$(e_sql "SELECT MIN(id), MAX(id) FROM sbtest$i" | tr '|\t' '  ')" "sbtest$i ids"
		assert_eq 119 "$(e_sql "SELECT MIN(LENGTH(c)) FROM sbtest$i")" "sbtest$i: c is sysbench's 119 characters"
	done
	if [ "$E" = my ]; then
		assert_eq 1 "$(e_sql "SELECT COUNT(DISTINCT index_name) FROM information_schema.statistics WHERE table_schema = DATABASE() AND table_name = 'sbtest1' AND column_name = 'k'")" "index on k"
	else
		assert_eq 1 "$(e_sql "SELECT COUNT(*) FROM pg_indexes WHERE tablename = 'sbtest1' AND indexdef LIKE '%(k)%'")" "index on k"
	fi
	bn_run3 sysbench --tables 2
	assert_eq oltp_read_write "$(jget "$J" '.operations | keys[]' | grep oltp)" "default statement set"
	k=$(e_sql 'SELECT SUM(k) FROM sbtest1')
	for m in oltp_read_only oltp_point_select; do
		bn_run3 sysbench --tables 2 --mode "$m" --duration 1
	done
	assert_eq "$k" "$(e_sql 'SELECT SUM(k) FROM sbtest1')" "read-only sets change nothing"
	bn_run3 sysbench --tables 2 --mode write_only --duration 1
	for i in 1 2; do
		assert_eq 10000 "$(e_sql "SELECT COUNT(*) FROM sbtest$i")" "sbtest$i rows after the runs (delete/insert pairs)"
	done
	expect_exit 0 dbarena bench check --url "$URL" sysbench --tables 2 --scale 10000
	expect_exit 0 dbarena bench cleanup --url "$URL" sysbench --tables 2
	assert_eq 0 "$(bn_tables_like sbtest)" "tables left after cleanup"
}
test_bench_sysbench() { each_engine bn_sysbench; }

# P (the share of kind A among A and B) from the JSON in $J is within 4 standard errors.
bn_share() { # KIND_A KIND_B P WHAT
	local a b
	a=$(jget "$J" ".operations[\"$1\"].successful"); b=$(jget "$J" ".operations[\"$2\"].successful")
	awk -v a="$a" -v b="$b" -v p="$3" 'BEGIN { n = a + b; s = sqrt(p * (1 - p) / n); d = a / n - p;
		exit !(n > 0 && (d < 0 ? -d : d) <= 4 * s) }' ||
		fail "$4: $1 $a of $((a + b)) is not within 4 standard errors of $3"
	echo "    $E $4: $1 $a / $((a + b)) (expected share $3)"
}

bn_ycsb() {
	e_fresh "bench_ycsb_$E"
	expect_exit 0 dbarena bench prepare --url "$URL" ycsb --scale 2000
	assert_eq 2000 "$(e_sql 'SELECT COUNT(*) FROM usertable')" "records loaded"
	assert_eq "100 100" "$(e_sql 'SELECT MIN(LENGTH(field0)), MAX(LENGTH(field9)) FROM usertable' | tr '|\t' '  ')" "field length"
	assert_eq 2000 "$(e_sql "SELECT COUNT(*) FROM usertable WHERE ycsb_key LIKE 'user%'")" "YCSB's key names"
	expect_exit 0 dbarena bench check --url "$URL" ycsb --scale 2000
	bn_run3 ycsb --mode a
	bn_share read update 0.5 "workload a"
	bn_run3 ycsb --mode b --duration 2
	bn_share update read 0.05 "workload b"
	bn_run3 ycsb --mode d --duration 2
	bn_share insert read 0.05 "workload d"
	assert_eq "$((2000 + $(jget "$J" .operations.insert.successful)))" "$(e_sql 'SELECT COUNT(*) FROM usertable')" "rows after workload d's inserts"
	bn_run3 ycsb --mode e --duration 1
	bn_share scan insert 0.95 "workload e"
	bn_run3 ycsb --mode f --duration 1
	bn_share read read-modify-write 0.5 "workload f"
	expect_exit 0 dbarena bench check --url "$URL" ycsb --scale 2000
	expect_exit 0 dbarena bench cleanup --url "$URL" ycsb
	assert_eq 0 "$(bn_tables_like usertable)" "tables left after cleanup"
}
test_bench_ycsb() { each_engine bn_ycsb; }

# The specification's consistency conditions 1-4, asked with the server's own client: violations.
bn_tpcc_conditions() {
	e_sql "SELECT
	  (SELECT COUNT(*) FROM warehouse WHERE w_ytd <> (SELECT SUM(d_ytd) FROM district WHERE d_w_id = w_id)),
	  (SELECT COUNT(*) FROM district WHERE d_next_o_id - 1 <> (SELECT MAX(o_id) FROM orders WHERE o_w_id = d_w_id AND o_d_id = d_id)
	     OR d_next_o_id - 1 <> (SELECT MAX(no_o_id) FROM new_order WHERE no_w_id = d_w_id AND no_d_id = d_id)),
	  (SELECT COUNT(*) FROM (SELECT no_w_id, no_d_id FROM new_order GROUP BY no_w_id, no_d_id
	     HAVING MAX(no_o_id) - MIN(no_o_id) + 1 <> COUNT(*)) x),
	  (SELECT COUNT(*) FROM district WHERE (SELECT SUM(o_ol_cnt) FROM orders WHERE o_w_id = d_w_id AND o_d_id = d_id)
	     <> (SELECT COUNT(*) FROM order_line WHERE ol_w_id = d_w_id AND ol_d_id = d_id))" | tr '|\t' '  '
}

bn_tpcc() {
	e_fresh "bench_tpcc_$E"
	expect_exit 0 dbarena bench prepare --url "$URL" tpcc --scale 1 --jobs 3
	local t n rb orders pid i
	for t in "warehouse 1" "district 10" "customer 30000" "history 30000" "orders 30000" "new_order 9000" "item 100000" "stock 100000"; do
		assert_eq "${t#* }" "$(e_sql "SELECT COUNT(*) FROM ${t% *}")" "${t% *} rows for 1 warehouse"
	done
	n=$(e_sql 'SELECT COUNT(*) FROM order_line')
	[ "$n" -ge 150000 ] && [ "$n" -le 450000 ] || fail "order_line: $n rows, not 5 to 15 per order"
	assert_eq 100 "$(e_sql "SELECT COUNT(DISTINCT c_last) FROM customer WHERE c_id <= 1000 AND c_d_id = 1 AND c_last LIKE 'BAR%'" | tr -d ' ')" "C_LAST syllables"
	assert_eq 2100 "$(e_sql 'SELECT COUNT(*) FROM orders WHERE o_d_id = 1 AND o_carrier_id IS NOT NULL')" "delivered orders per district"
	assert_eq "0 0 0 0" "$(bn_tpcc_conditions)" "consistency conditions 1-4 after loading"
	expect_exit 1 dbarena bench prepare --url "$URL" tpcc
	assert_contains "$OUT" "warehouse, district, customer, history, new_order, orders, order_line, item, stock" "second prepare names the tables"
	bn_run3 tpcc
	assert_contains "$OUT" "NOPM" "tpcc reports NOPM"
	for t in new-order payment order-status delivery stock-level; do
		[ "$(jget "$J" ".operations[\"$t\"].successful")" -gt 0 ] || fail "no $t transaction ran"
	done
	bn_share new-order payment "$(awk 'BEGIN { print 45 / 88 }')" "tpcc mix"
	rb=$(printf '%s\n' "$OUT" | sed -n 's/.*; \([0-9]*\) rolled back.*/\1/p')
	orders=$(e_sql 'SELECT COUNT(*) FROM orders')
	assert_eq "$((30000 + $(jget "$J" '.operations["new-order"].successful') - rb))" "$orders" "orders = loaded + committed New-Orders"
	assert_eq "0 0 0 0" "$(bn_tpcc_conditions)" "consistency conditions 1-4 after a run"
	# TPC-C's keying and think times, scaled by 0.01: a terminal's mean cycle is about 210 ms
	# (11.36 s mean think + 9.63 s mean keying, times 0.01) plus the transaction itself, so four
	# terminals reach at most about 19 transactions a second.
	expect_exit 0 dbarena bench run --url "$URL" tpcc --connections 4 --duration 4 --think-time tpcc:0.01 \
		--json "$WORK/tpcc_think.json" --quiet
	awk -v t="$(jget "$WORK/tpcc_think.json" .throughput_tps)" 'BEGIN { exit !(t > 1 && t < 28) }' ||
		fail "TPC-C think time: $(jget "$WORK/tpcc_think.json" .throughput_tps) tps with 4 terminals"
	assert_eq 0 "$(jget "$WORK/tpcc_think.json" .failed)" "failed transactions with think time"
	echo "    $E: tpcc --think-time tpcc:0.01, 4 terminals: $(jget "$WORK/tpcc_think.json" .throughput_tps) tps"
	expect_exit 2 dbarena bench run --url "$URL" tpcb --think-time tpcc
	assert_contains "$OUT" "tpcc only" "TPC-C's think time on another benchmark"
	# Ctrl-C in the middle of a run: what was in flight is rolled back, the conditions still hold.
	# The binary itself, not the dbarena() wrapper: the signal must reach it, not a subshell.
	# A fresh count: the think-time run above committed New-Orders too, and a signal that lands
	# before dbarena has set its handler is ignored (a background job inherits SIGINT ignored).
	orders=$(e_sql 'SELECT COUNT(*) FROM orders')
	"$DBARENA_BIN" --plugin-dir "$BUILD/plugins" bench run --url "$URL" tpcc --connections 4 --duration 30 --quiet \
		>"$WORK/tpcc_int.out" 2>&1 &
	pid=$!
	# Mid-run: once New-Orders have committed (a busy machine may take seconds to start).
	for i in $(seq 1 100); do
		[ "$(e_sql 'SELECT COUNT(*) FROM orders')" -gt "$((orders + 20))" ] && break
		sleep 0.2
	done
	kill -INT "$pid"
	wait "$pid"; assert_eq 130 "$?" "exit code after SIGINT"
	[ "$(e_sql 'SELECT COUNT(*) FROM orders')" -gt "$orders" ] || fail "the interrupted run committed nothing"
	assert_eq "0 0 0 0" "$(bn_tpcc_conditions)" "consistency conditions 1-4 after SIGINT mid-run"
	expect_exit 0 dbarena bench check --url "$URL" tpcc --scale 1
	assert_contains "$OUT" "consistency condition 4" "bench check runs the conditions"
	expect_exit 0 dbarena bench cleanup --url "$URL" tpcc
	for t in warehouse district customer history new_order orders order_line item stock; do
		assert_eq 0 "$(bn_tables_like $t)" "$t left after cleanup"
	done
}
test_bench_tpcc() { each_engine bn_tpcc; }
