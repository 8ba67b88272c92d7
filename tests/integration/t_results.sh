# shellcheck shell=bash
# Results JSON v1 (docs/results.md): seed, workload and bench files validate against
# docs/results.schema.json; `report` prints the summary again, `report compare` gates a
# regression, `report merge` adds runs exactly.
EX=$ROOT/examples
SCHEMA=$ROOT/docs/results.schema.json

# Validates FILE against the schema (python3-jsonschema); run.sh also checks every file a test wrote.
validate() { # FILE
	[ "$(jq -r .schema_version "$1")" = 1 ] || fail "$1 has no schema_version 1"
	python3 "$ROOT/tests/tools/validate_results.py" "$SCHEMA" "$1" || fail "$1 does not validate against the results schema"
}

rs_pg_db() { # NAME: a fresh database with the e-commerce schema, seeded small
	pg_fresh_db "$1"
	pg_sql "$(cat "$EX/ecommerce.sql")" >/dev/null
	expect_exit 0 dbarena seed --url "$URL" --config "$EX/ecommerce-seed.ini" --size small --quiet --json "$WORK/$1_seed.json"
}

test_results_seed_json() {
	local j
	rs_pg_db res_seed
	j=$WORK/res_seed_seed.json
	validate "$j"
	assert_eq 1 "$(jget "$j" .schema_version)" "schema_version"
	assert_eq seed "$(jget "$j" .kind)" "kind"
	assert_eq PostgreSQL "$(jget "$j" .metadata.server.product)" "server product"
	assert_eq "$(pg_sql 'SHOW shared_buffers')" "$(jget "$j" .metadata.server.settings.shared_buffers)" "shared_buffers"
	assert_eq "$(pg_sql 'SHOW synchronous_commit')" "$(jget "$j" .metadata.server.settings.synchronous_commit)" "synchronous_commit"
	assert_eq "$(nproc)" "$(jget "$j" .metadata.client.cpus)" "client CPUs"
	assert_contains "$(jget "$j" .metadata.client.kernel)" "$(uname -r)" "kernel"
	assert_contains "$(jget "$j" '.metadata.command_line | join(" ")')" "postgres://postgres:****@" "password masked"
	assert_not_contains "$(jget "$j" '.metadata.command_line | join(" ")')" "postgres:postgres@" "no password"
	assert_eq "$(pg_sql "SELECT pg_total_relation_size('users')")" "$(jget "$j" '.tables[] | select(.table == "users") | .bytes')" "users bytes"
	assert_eq 100 "$(jget "$j" '.tables[] | select(.table == "users") | .rows')" "users rows"
	expect_exit 0 dbarena report "$j"
	assert_contains "$OUT" "order_items" "report of a seed result lists its tables"
}

test_results_seed_json_mysql() {
	local j=$WORK/res_seed_my.json
	my_fresh_db res_seed_my
	my_sql "$(cat "$EX/ecommerce-mysql.sql")"
	expect_exit 0 dbarena seed --url "$URL" --config "$EX/ecommerce-seed.ini" --size small --quiet --json "$j"
	validate "$j"
	assert_eq MariaDB "$(jget "$j" .metadata.server.product)" "server product"
	assert_eq "$(my_sql 'SELECT @@innodb_buffer_pool_size')" "$(jget "$j" .metadata.server.settings.innodb_buffer_pool_size)" "innodb_buffer_pool_size"
	assert_eq "$(my_sql 'SELECT @@innodb_flush_log_at_trx_commit')" "$(jget "$j" .metadata.server.settings.innodb_flush_log_at_trx_commit)" "flush_log_at_trx_commit"
	[ "$(jget "$j" '.tables[] | select(.table == "users") | .bytes')" -gt 0 ] || fail "users bytes"
}

test_results_workload_report_compare() {
	local j=$WORK/res_wl.json b=$WORK/res_wl_b.json summary
	rs_pg_db res_wl
	expect_exit 0 dbarena workload run --url "$URL" --pattern oltp --connections 4 --tps 100 --duration 3 \
		--json "$j" --quiet
	summary=$OUT
	validate "$j"
	assert_eq workload "$(jget "$j" .kind)" "kind"
	assert_eq 300 "$(jget "$j" .histograms.scheduled.count)" "histogram count = transactions"
	assert_eq 300 "$(jget "$j" '[.histograms.scheduled.buckets[][1]] | add')" "bucket counts add up"
	assert_eq 300 "$(jget "$j" '[.intervals[].histogram_scheduled.count] | add')" "interval histograms add up"
	assert_eq 100 "$(jget "$j" .metadata.config.target_tps)" "effective config"
	assert_eq "$(pg_sql 'SHOW work_mem')" "$(jget "$j" .metadata.server.settings.work_mem)" "server settings of a run"
	# report prints what the run printed
	expect_exit 0 dbarena report "$j"
	assert_eq "$summary" "$OUT" "report FILE prints the run's summary"
	# compare: identical runs pass the gate, a doctored one (throughput halved, p99 doubled) fails
	expect_exit 0 dbarena report compare "$j" "$j" --max-regression 5
	assert_contains "$OUT" "throughput" "compare shows throughput"
	assert_contains "$OUT" "+0.0%" "compare shows the change"
	jq '.duration_seconds *= 2' "$j" > "$b"
	expect_exit 1 dbarena report compare "$j" "$b" --max-regression 10
	assert_contains "$OUT" "throughput (tps) regressed" "names the metric"
	jq '.histograms.operations |= map_values(.scheduled.buckets |= map([(.[0] + 140), .[1]]) | .scheduled.max_us *= 4)' "$j" > "$b"
	expect_exit 1 dbarena report compare "$j" "$b" --max-regression 10
	assert_contains "$OUT" "p99 regressed" "names p99"
	expect_exit 0 dbarena report compare "$j" "$b"
	# bad files
	echo '{"total": 1}' > "$b"
	expect_exit 2 dbarena report "$b"
	assert_contains "$OUT" "$b: not a dbarena results file" "names the file"
	echo 'nope' > "$b"
	expect_exit 2 dbarena report compare "$j" "$b"
	assert_contains "$OUT" "$b" "names the file"
	expect_exit 2 dbarena report "$WORK/none.json"
}

test_results_merge_halves() {
	local a=$WORK/res_m_a.json b=$WORK/res_m_b.json m=$WORK/res_m.json pa pb pm
	rs_pg_db res_merge
	dbarena workload run --url "$URL" --pattern read_heavy --connections 2 --tps 50 --duration 3 --seed 1 \
		--json "$a" --quiet >/dev/null &
	local pid=$!
	expect_exit 0 dbarena workload run --url "$URL" --pattern read_heavy --connections 2 --tps 50 --duration 3 \
		--seed 2 --json "$b" --quiet
	wait $pid || fail "first half failed"
	expect_exit 0 dbarena report merge "$a" "$b" -o "$m"
	validate "$m"
	dbarena report merge "$a" "$b" > "$m.stdout" || fail "merge to stdout"
	assert_eq "$(jget "$m" .total)" "$(jget "$m.stdout" .total)" "merge to stdout"
	assert_eq 300 "$(jget "$m" .total)" "merged total"
	assert_eq $(( $(jget "$a" .successful) + $(jget "$b" .successful) )) "$(jget "$m" .successful)" "successful add"
	assert_eq $(( $(jget "$a" .operations.select.count) + $(jget "$b" .operations.select.count) )) \
		"$(jget "$m" .operations.select.count)" "select counts add"
	# bucket by bucket: the merged histogram is the sum
	assert_eq "$(jq -c -s '[.[0].histograms.scheduled.buckets, .[1].histograms.scheduled.buckets] | add
		| group_by(.[0]) | map([.[0][0], (map(.[1]) | add)])' "$a" "$b")" \
		"$(jq -c '.histograms.scheduled.buckets' "$m")" "buckets add"
	assert_eq 300 "$(jget "$m" '[.intervals[].histogram_scheduled.count] | add')" "intervals add"
	# a merged percentile lies between the halves' (within the histogram's 1 %)
	pa=$(jget "$a" .latency_scheduled.p99_us); pb=$(jget "$b" .latency_scheduled.p99_us); pm=$(jget "$m" .latency_scheduled.p99_us)
	python3 -c "import sys; a,b,m=map(float,sys.argv[1:]); sys.exit(0 if min(a,b)*0.99 <= m <= max(a,b)*1.01 else 1)" \
		"$pa" "$pb" "$pm" || fail "merged p99 $pm outside [$pa, $pb]"
	expect_exit 0 dbarena report "$m"
	assert_contains "$OUT" "300 transactions" "report of the merge"
}

test_results_bench_json() {
	local j=$WORK/res_bench.json
	pg_fresh_db res_bench
	expect_exit 0 dbarena bench prepare --url "$URL" tpcb --scale 1
	expect_exit 0 dbarena bench run --url "$URL" tpcb --connections 2 --duration 2 --json "$j" --quiet
	validate "$j"
	assert_eq bench "$(jget "$j" .kind)" "kind"
	expect_exit 0 dbarena bench run --url "$URL" tpcb --connections 2 --duration 2 --json "$j" --quiet
	local summary=$OUT
	expect_exit 0 dbarena report "$j"
	assert_eq "$summary" "$OUT" "report of a bench result"
}
