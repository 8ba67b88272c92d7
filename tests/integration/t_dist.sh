# shellcheck shell=bash
# Distributed workers (docs/distributed.md): N processes of `workload run` / `bench run`
# with --worker I/N and a start barrier through the database take 1/N of the rate each,
# insert disjoint keys, and `report merge` gives the one result of the whole load.
# Counts are checked with psql / mariadb.  Rates are checked with generous margins.
ds_barrier_left() { # 1 when the barrier table exists
	if [ "$E" = my ]; then
		e_sql "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'dbarena_barrier'"
	else
		e_sql "SELECT COUNT(*) FROM pg_tables WHERE tablename = 'dbarena_barrier'"
	fi
}
near() { # EXPECTED ACTUAL PCT WHAT: |actual - expected| <= PCT % of expected
	awk -v e="$1" -v a="$2" -v p="$3" 'BEGIN { d = a - e; if (d < 0) d = -d; exit !(d <= e * p / 100) }' ||
		fail "$4: $2, expected $1 within $3 %"
}

# One table with an integer key and a unique text column, 100 rows, and an insert-only config.
ds_table() { # DB
	e_fresh "$1"
	e_sql "CREATE TABLE items (id INTEGER PRIMARY KEY, code VARCHAR(40) NOT NULL UNIQUE, v VARCHAR(40))"
	e_sql "INSERT INTO items (id, code, v) SELECT n, CONCAT('c', n), 'x' FROM (SELECT 1 + a.d + 10 * b.d AS n FROM
		(SELECT 0 AS d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL
		 SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9) a,
		(SELECT 0 AS d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL
		 SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9) b) s"
	assert_eq 100 "$(e_sql 'SELECT COUNT(*) FROM items')" "rows before"
	CFG=$WORK/dist_$E.ini
	printf '[workload]\ntables = items\nseed = 11\n\n[operations]\nselect_weight = 0\ninsert_weight = 1\nupdate_weight = 0\ndelete_weight = 0\n' >"$CFG"
}

# Starts worker I of N in the background: PIDS, files $WORK/dw_$E_$TAG_I.json, logs .log.
ds_worker() { # TAG I N [options...]
	local tag=$1 i=$2 n=$3; shift 3
	dbarena workload run --url "$URL" --config "$CFG" --worker "$i/$n" --quiet \
		--json "$WORK/dw_${E}_${tag}_$i.json" "$@" >"$WORK/dw_${E}_${tag}_$i.log" 2>&1 &
	PIDS+=("$!")
}
ds_wait_all() { # EXPECTED_RC: waits for PIDS
	local p rc
	for p in "${PIDS[@]}"; do
		wait "$p"; rc=$?
		[ "$rc" = "$1" ] || { cat "$WORK"/dw_*.log >&2; fail "worker pid $p exited $rc, expected $1"; }
	done
	PIDS=()
}

ds_three_workers() {
	local tps=150 dur=8 solo m w i before after sched skew
	ds_table "dist_three_$E"
	# One process at the whole rate: the reference.
	solo=$WORK/dw_${E}_solo.json
	expect_exit 0 dbarena workload run --url "$URL" --config "$CFG" --tps $tps --duration $dur --connections 3 \
		--json "$solo" --quiet
	assert_eq 0 "$(jget "$solo" .failed)" "solo: failed ($(jget "$solo" '.errors[0].sample // ""'))"
	before=$(e_sql 'SELECT COUNT(*) FROM items')
	PIDS=()
	for i in 0 1 2; do
		ds_worker three $i 3 --barrier "b_three_$E" --barrier-timeout 120 --tps $tps --duration $dur --connections 3
	done
	ds_wait_all 0
	after=$(e_sql 'SELECT COUNT(*) FROM items')
	for i in 0 1 2; do
		w=$WORK/dw_${E}_three_$i.json
		assert_eq "$i" "$(jget "$w" .worker.index)" "worker $i: index"
		assert_eq 3 "$(jget "$w" .worker.count)" "worker $i: count"
		assert_eq "b_three_$E" "$(jget "$w" .worker.barrier)" "worker $i: barrier"
		assert_eq 50 "$(jget "$w" .worker.target_tps)" "worker $i: its share of the rate"
		# the split is exact: 150 tps x 8 s = 1200 arrivals, 400 each
		sched=$(jget "$w" .worker.scheduled)
		assert_eq 400 "$sched" "worker $i: scheduled arrivals"
		assert_eq "$sched" "$(( $(jget "$w" .total) + $(jget "$w" .not_started) ))" "worker $i: ran + not started = its schedule"
		assert_eq 0 "$(jget "$w" .failed)" "worker $i: failed ($(jget "$w" '.errors[0].sample // ""'))"
		assert_eq 150 "$(jget "$w" .metadata.config.target_tps)" "worker $i: the config's rate is the whole load's"
	done
	skew=$(jq -s 'map(.worker.start_unix) | max - min' "$WORK"/dw_"${E}"_three_[012].json)
	echo "    $E: workers' starts within $skew s of each other (barrier waits $(jq -s -c 'map(.worker.barrier_wait_seconds * 1000 | floor)' "$WORK"/dw_"${E}"_three_[012].json) ms)"
	awk -v s="$skew" 'BEGIN { exit !(s < 1.0) }' || fail "workers started $skew s apart"
	m=$WORK/dw_${E}_three_merged.json
	expect_exit 0 dbarena report merge "$WORK"/dw_"${E}"_three_[012].json -o "$m"
	assert_eq 0 "$(jget "$m" .failed)" "merged: failed"
	echo "    $E: merged $(jget "$m" .total) transactions, $(jget "$m" .throughput_tps) tps; one process $(jget "$solo" .total), $(jget "$solo" .throughput_tps) tps"
	near "$(jget "$solo" .total)" "$(jget "$m" .total)" 5 "merged total vs one process"
	near $((tps * dur)) "$(jget "$m" .total)" 5 "merged total vs the target"
	assert_eq "$((after - before))" "$(jget "$m" .operations.insert.successful)" "rows the server counts = merged inserts"
	assert_eq "$((after - before))" "$(jget "$m" .histograms.scheduled.count)" "merged histogram count"
	assert_eq 0 "$(ds_barrier_left)" "barrier table left after the run"
	assert_eq "$after" "$(e_sql 'SELECT COUNT(DISTINCT code) FROM items')" "unique codes"
}
test_dist_three_workers_pg() { E=pg ds_three_workers; }
test_dist_three_workers_mysql() { E=my ds_three_workers; }

ds_barrier_timeout() {
	local i
	ds_table "dist_bt_$E"
	PIDS=()
	for i in 0 1; do
		ds_worker bt $i 3 --barrier "b_bt" --barrier-timeout 3 --tps 10 --duration 2 --connections 1
	done
	ds_wait_all 1
	for i in 0 1; do
		assert_contains "$(cat "$WORK/dw_${E}_bt_$i.log")" "of 3 workers arrived within 3 s" "worker $i: message"
		[ ! -s "$WORK/dw_${E}_bt_$i.json" ] || fail "worker $i wrote results though it never ran"
	done
	# the first to give up saw both; the other one, after that one left, itself alone
	assert_contains "$(cat "$WORK/dw_${E}_bt_0.log" "$WORK/dw_${E}_bt_1.log")" "barrier b_bt: 2 of 3 workers arrived" "2 arrived"
	assert_eq 100 "$(e_sql 'SELECT COUNT(*) FROM items')" "nothing inserted"
	assert_eq 0 "$(ds_barrier_left)" "barrier table left after a timeout"
}
test_dist_barrier_timeout_pg() { E=pg ds_barrier_timeout; }
test_dist_barrier_timeout_mysql() { E=my ds_barrier_timeout; }

test_dist_barrier_interrupt() {
	local E=pg p rc
	ds_table dist_bint
	# The binary itself, not the dbarena() wrapper: the signal must reach it, not a subshell.
	"$DBARENA_BIN" --plugin-dir "$BUILD/plugins" workload run --url "$URL" --config "$CFG" --worker 0/2 \
		--barrier bint --tps 10 --duration 2 --quiet >"$WORK/bint.log" 2>&1 &
	p=$!
	sleep 2
	kill -INT "$p"
	wait "$p"; rc=$?
	assert_eq 130 "$rc" "SIGINT while waiting at the barrier"
	assert_contains "$(cat "$WORK/bint.log")" "interrupted with 1 of 2 workers arrived" "message"
	assert_eq 0 "$(ds_barrier_left)" "barrier table left after an interrupt"
}

test_dist_bad_values() {
	local E=pg bad
	ds_table dist_bad
	for bad in 3/3 a/3 1/0 -1/3 1/3/4 /3 1/ 0/5000; do
		expect_exit 2 dbarena workload run --url "$URL" --config "$CFG" --worker "$bad" --duration 1
		assert_contains "$OUT" "is not a worker I/N" "--worker $bad"
	done
	expect_exit 2 dbarena workload run --url "$URL" --config "$CFG" --workers 3 --duration 1
	assert_contains "$OUT" "which worker this is is not known" "--workers without an index"
	JOB_COMPLETION_INDEX=3 expect_exit 2 dbarena workload run --url "$URL" --config "$CFG" --workers 3 --duration 1
	assert_contains "$OUT" "JOB_COMPLETION_INDEX='3' is not a worker index" "index out of range"
	DBARENA_WORKER=2/2 expect_exit 2 dbarena workload run --url "$URL" --config "$CFG" --duration 1
	assert_contains "$OUT" "DBARENA_WORKER: '2/2'" "environment"
	expect_exit 2 dbarena workload run --url "$URL" --config "$CFG" --worker 0/2 --workers 2 --duration 1
	expect_exit 2 dbarena workload run --url "$URL" --config "$CFG" --worker 0/2 --barrier 'a b' --duration 1
	assert_contains "$OUT" "--barrier 'a b'" "barrier name"
	expect_exit 2 dbarena workload run --url "$URL" --config "$CFG" --worker 0/2 --barrier x --barrier-timeout 0 --duration 1
	assert_contains "$OUT" "--barrier-timeout" "barrier timeout"
	expect_exit 2 dbarena bench run --url "$URL" tpcb --worker 2/2 --duration 1
	assert_contains "$OUT" "is not a worker I/N" "bench --worker"
	dbarena workload run --help >"$WORK/help.txt" 2>&1
	assert_contains "$(cat "$WORK/help.txt")" "--worker I/N" "help text"
}

test_dist_merge_checks() {
	local E=pg
	ds_table dist_merge
	# workers by index from the environment: Kubernetes (0-based) and Swarm (1-based)
	JOB_COMPLETION_INDEX=0 expect_exit 0 dbarena workload run --url "$URL" --config "$CFG" --workers 2 \
		--transactions 40 --tps 0 --connections 2 --json "$WORK/mk0.json" --quiet
	DBARENA_WORKER_SLOT=2 expect_exit 0 dbarena workload run --url "$URL" --config "$CFG" --workers 2 \
		--transactions 40 --tps 0 --connections 2 --json "$WORK/mk1.json" --quiet
	assert_eq 20 "$(jget "$WORK/mk0.json" .total)" "worker 0: half of --transactions"
	assert_eq 1 "$(jget "$WORK/mk1.json" .worker.index)" "slot 2 is worker 1"
	assert_eq DBARENA_WORKER_SLOT "$(jget "$WORK/mk1.json" .worker.source)" "source"
	assert_eq 140 "$(e_sql 'SELECT COUNT(*) FROM items')" "40 rows inserted"
	expect_exit 0 dbarena report merge "$WORK/mk0.json" "$WORK/mk1.json" -o "$WORK/mk.json"
	assert_eq 40 "$(jget "$WORK/mk.json" .total)" "merged"
	assert_eq 1 "$(jget "$WORK/mk.json" '.metadata.merged_from[1].worker.index')" "merged_from names the workers"
	# the same index twice is refused
	DBARENA_WORKER=0/2 expect_exit 0 dbarena workload run --url "$URL" --config "$CFG" \
		--transactions 10 --tps 0 --connections 1 --json "$WORK/mk0b.json" --quiet
	expect_exit 2 dbarena report merge "$WORK/mk0.json" "$WORK/mk0b.json" -o "$WORK/mkx.json"
	assert_contains "$OUT" "are both worker 0 of 2" "duplicate index"
	# a missing worker is a warning
	expect_exit 0 dbarena report merge "$WORK/mk0.json" -o "$WORK/mk_part.json"
	assert_contains "$OUT" "1 of 2 workers missing (1)" "missing worker"
	# different N, different seeds, or a single run among workers are refused
	expect_exit 0 dbarena workload run --url "$URL" --config "$CFG" --worker 1/3 \
		--transactions 10 --tps 0 --connections 1 --json "$WORK/mk13.json" --quiet
	expect_exit 2 dbarena report merge "$WORK/mk0.json" "$WORK/mk13.json" -o "$WORK/mkx.json"
	assert_contains "$OUT" "different numbers of workers" "different N"
	expect_exit 0 dbarena workload run --url "$URL" --config "$CFG" --worker 1/2 --seed 5 \
		--transactions 10 --tps 0 --connections 1 --json "$WORK/mk1s.json" --quiet
	expect_exit 2 dbarena report merge "$WORK/mk0.json" "$WORK/mk1s.json" -o "$WORK/mkx.json"
	assert_contains "$OUT" "different seeds" "different seeds"
	expect_exit 0 dbarena workload run --url "$URL" --config "$CFG" \
		--transactions 10 --tps 0 --connections 1 --json "$WORK/mksolo.json" --quiet
	expect_exit 2 dbarena report merge "$WORK/mk0.json" "$WORK/mksolo.json" -o "$WORK/mkx.json"
	assert_contains "$OUT" "distributed workers' results, the others not" "mixed"
	rm -f "$WORK/mkx.json"
	assert_eq 0 "$(jq -s 'map(.failed) | add' "$WORK"/mk0.json "$WORK"/mk1.json "$WORK"/mk0b.json "$WORK"/mk13.json \
		"$WORK"/mk1s.json "$WORK"/mksolo.json)" "failed inserts"
	# --transactions 10 split: 5 for a worker of 2, 3 for worker 1 of 3, 10 alone
	assert_eq 3 "$(jget "$WORK/mk13.json" .total)" "worker 1 of 3: its part of 10"
	assert_eq 163 "$(e_sql 'SELECT COUNT(*) FROM items')" "every insert a row"
}

ds_bench_tpcb() {
	local i m h
	e_fresh "dist_tpcb_$E"
	expect_exit 0 dbarena bench prepare --url "$URL" tpcb --scale 1 --jobs 2
	PIDS=()
	for i in 0 1; do
		dbarena bench run --url "$URL" tpcb --worker "$i/2" --barrier tpcb --barrier-timeout 120 --connections 2 \
			--duration 4 --quiet --json "$WORK/db_${E}_$i.json" >"$WORK/dw_${E}_tpcb_$i.log" 2>&1 &
		PIDS+=("$!")
	done
	ds_wait_all 0
	m=$WORK/db_${E}_merged.json
	expect_exit 0 dbarena report merge "$WORK/db_${E}_0.json" "$WORK/db_${E}_1.json" -o "$m"
	assert_eq bench "$(jget "$m" .kind)" "kind"
	assert_eq 0 "$(jget "$m" .failed)" "merged: failed ($(jget "$WORK/db_${E}_0.json" '.errors[0].sample // ""'))"
	h=$(e_sql 'SELECT COUNT(*) FROM pgbench_history')
	assert_eq "$h" "$(jget "$m" .successful)" "history rows = merged committed transactions"
	echo "    $E tpcb x2: $(jget "$m" .successful) transactions, $(jget "$m" .throughput_tps) tps"
	expect_exit 0 dbarena bench check --url "$URL" tpcb
	assert_eq 0 "$(ds_barrier_left)" "barrier table left"
}
test_dist_bench_tpcb_pg() { E=pg ds_bench_tpcb; }
test_dist_bench_tpcb_mysql() { E=my ds_bench_tpcb; }
