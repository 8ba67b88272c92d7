# shellcheck shell=bash
# The Prometheus endpoint (--metrics-addr): Debian's prometheus server scrapes a running workload
# every second on loopback; at the end the counters it stored are the run's JSON figures, and
# promtool accepts the exposition fetched mid-run.
EX=$ROOT/examples

mt_need() {
	local c
	for c in prometheus promtool curl; do
		command -v "$c" >/dev/null || skip "$c not installed (tests/deps.sh)"
	done
}
mt_ecommerce() {
	pg_fresh_db "$1"
	pg_sql "$(cat "$EX/ecommerce.sql")" >/dev/null
	expect_exit 0 dbarena seed --url "$URL" --config "$EX/ecommerce-seed.ini" --size small --quiet
}
# Starts prometheus scraping 127.0.0.1:$1 every second; PROM_URL, PROM_PID.
mt_prometheus() { # METRICS_PORT
	local d="$WORK/prom_$RANDOM" port i
	mkdir -p "$d"
	port=$(free_port)
	cat >"$d/prometheus.yml" <<YML
global:
  scrape_interval: 1s
  scrape_timeout: 1s
scrape_configs:
  - job_name: dbarena
    static_configs:
      - targets: ['127.0.0.1:$1']
YML
	prometheus --config.file="$d/prometheus.yml" --storage.tsdb.path="$d/tsdb" \
		--web.listen-address="127.0.0.1:$port" >"$d/log" 2>&1 &
	PROM_PID=$!
	PROM_URL="http://127.0.0.1:$port"
	for i in $(seq 1 60); do
		curl -fs "$PROM_URL/-/ready" >/dev/null 2>&1 && return 0
		sleep 0.5
	done
	cat "$d/log" >&2
	fail "prometheus did not start"
}
mt_prom_stop() { [ -n "${PROM_PID:-}" ] && kill "$PROM_PID" 2>/dev/null; wait_gone "${PROM_PID:-}"; }
# One instant query's scalar result ("" when empty).
mt_query() { # PROMQL
	curl -fsG "$PROM_URL/api/v1/query" --data-urlencode "query=$1" | jq -r '.data.result[0].value[1] // ""'
}
# Waits (up to 15 s) until PROMQL gives WANT; asserts it.
mt_expect() { # WANT PROMQL WHAT
	local got="" i
	for i in $(seq 1 30); do
		got=$(mt_query "$2")
		[ "$got" = "$1" ] && break
		sleep 0.5
	done
	assert_eq "$1" "$got" "$3 ($2)"
}

test_metrics_prometheus_scrapes_a_run() {
	mt_need
	mt_ecommerce mt_scrape
	local mport j="$WORK/mt_run.json" wpid rc i op
	mport=$(free_port)
	mt_prometheus "$mport"
	trap 'mt_prom_stop; [ -n "${MT_WPID:-}" ] && kill "$MT_WPID" 2>/dev/null' EXIT
	# The binary itself, not the dbarena function: $! is then its PID.
	"$DBARENA_BIN" --plugin-dir "$BUILD/plugins" workload run --url "$URL" --pattern oltp --connections 3 --tps 40 --duration 6 --json "$j" --quiet \
		--metrics-addr ":$mport" --metrics-linger 4 >"$WORK/mt_run.out" 2>"$WORK/mt_run.err" &
	wpid=$!
	MT_WPID=$wpid
	# Mid-run: once the run is measuring and a second's figures are in.
	for i in $(seq 1 80); do
		curl -fs "http://127.0.0.1:$mport/metrics" >"$WORK/mt_mid.prom" 2>/dev/null &&
			grep -q 'dbarena_state{state="running"} 1' "$WORK/mt_mid.prom" && break
		sleep 0.25
	done
	sleep 1
	curl -fs "http://127.0.0.1:$mport/metrics" >"$WORK/mt_mid.prom" || fail "no /metrics mid-run"
	promtool check metrics <"$WORK/mt_mid.prom" >"$WORK/mt_promtool.out" 2>&1 ||
		fail "promtool check metrics: $(cat "$WORK/mt_promtool.out")"
	assert_contains "$(cat "$WORK/mt_mid.prom")" 'dbarena_latency_scheduled_seconds_bucket{operation="select",le="+Inf"}' "histogram buckets"
	assert_contains "$(cat "$WORK/mt_mid.prom")" 'dbarena_state{state="running"} 1' "state mid-run"
	assert_eq 404 "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$mport/other")" "another path"
	wait "$wpid"
	rc=$?
	MT_WPID=
	assert_eq 0 "$rc" "workload exit ($(cat "$WORK/mt_run.err"))"
	assert_contains "$(cat "$WORK/mt_run.err")" "metrics: http://127.0.0.1:$mport/metrics" "the endpoint is announced"
	# What prometheus stored: the last value of each series (the run is over; max_over_time skips staleness).
	mt_expect "$(jget "$j" .successful)" 'sum(max_over_time(dbarena_transactions_total{result="ok"}[5m]))' "successful"
	mt_expect "$(jget "$j" .failed)" 'sum(max_over_time(dbarena_transactions_total{result="failed"}[5m]))' "failed"
	mt_expect "$(jget "$j" .skipped)" 'sum(max_over_time(dbarena_transactions_total{result="skipped"}[5m]))' "skipped"
	for op in select insert update delete; do
		mt_expect "$(jget "$j" ".operations.$op.successful")" \
			"max_over_time(dbarena_transactions_total{operation=\"$op\",result=\"ok\"}[5m])" "$op successful"
	done
	mt_expect "$(jget "$j" '.successful + .failed')" \
		'sum(max_over_time(dbarena_latency_scheduled_seconds_count[5m]))' "scheduled latency count"
	mt_expect "$(jget "$j" '.successful + .failed')" \
		'sum(max_over_time(dbarena_latency_service_seconds_count[5m]))' "service latency count"
	mt_expect "$(jget "$j" .reconnects)" 'max_over_time(dbarena_reconnects_total[5m])' "reconnects"
	mt_expect "$(jget "$j" '[.errors[].count] | add // 0')" 'sum(max_over_time(dbarena_errors_total[5m]))' "errors"
	mt_expect 40 'max_over_time(dbarena_target_tps[5m])' "target rate"
	mt_expect 1 'max_over_time(dbarena_state{state="done"}[5m])' "the final state was scraped"
	# The achieved rate over a tick is near the target at some point (generous: a loaded machine).
	local hi
	hi=$(mt_query 'max_over_time(dbarena_achieved_tps[5m])')
	awk -v h="$hi" 'BEGIN { exit !(h > 20 && h < 80) }' || fail "achieved tps peak $hi, target 40"
	# The p99 prometheus computes from the buckets agrees with the summary's within a bucket.
	echo "    prometheus p99 $(mt_query 'histogram_quantile(0.99, sum by (le) (max_over_time(dbarena_latency_scheduled_seconds_bucket[5m])))') s, JSON p99 $(jget "$j" .latency_scheduled.p99_us) us"
	mt_prom_stop
}

test_metrics_address_checks() {
	mt_ecommerce mt_addr
	local p
	p=$(free_port)
	expect_exit 2 dbarena workload run --url "$URL" --pattern oltp --duration 1 --quiet --metrics-addr "0.0.0.0:$p"
	assert_contains "$OUT" "not a loopback address" "public address refused"
	assert_contains "$OUT" "--metrics-public" "the hint names the option"
	expect_exit 2 dbarena workload run --url "$URL" --pattern oltp --duration 1 --quiet --metrics-addr "nonsense"
	assert_contains "$OUT" "not HOST:PORT" "bad address"
	expect_exit 0 dbarena workload run --url "$URL" --pattern oltp --duration 1 --quiet --metrics-addr "0.0.0.0:$p" --metrics-public
	assert_contains "$OUT" "metrics: http://0.0.0.0:$p/metrics" "public when asked"
	expect_exit 0 dbarena workload run --url "$URL" --pattern oltp --duration 1 --quiet --metrics-addr "[::1]:$p"
	assert_contains "$OUT" "metrics: http://[::1]:$p/metrics" "IPv6 loopback"
	# Port taken: a runtime error before any connection.
	exec 5<>/dev/tcp/127.0.0.1/"$PG_PORT"
	expect_exit 1 dbarena workload run --url "$URL" --pattern oltp --duration 1 --quiet --metrics-addr "127.0.0.1:$PG_PORT"
	assert_contains "$OUT" "cannot listen" "port in use"
	exec 5<&-
}

test_metrics_bench_run() {
	command -v curl >/dev/null || skip "curl not installed"
	pg_fresh_db mt_bench
	expect_exit 0 dbarena bench prepare --url "$URL" tpcb --scale 1 --jobs 2 --quiet
	local p j="$WORK/mt_bench.json" wpid i
	p=$(free_port)
	"$DBARENA_BIN" --plugin-dir "$BUILD/plugins" bench run --url "$URL" tpcb --connections 2 --phases 1s@50,2s@50 --json "$j" --quiet \
		--metrics-addr "127.0.0.1:$p" --metrics-linger 3 >/dev/null 2>&1 &
	wpid=$!
	# Until the final figures are up (the run has ended; the endpoint lingers 3 s).
	for i in $(seq 1 80); do
		curl -fs "http://127.0.0.1:$p/metrics" >"$WORK/mt_bench.prom" 2>/dev/null &&
			grep -q 'dbarena_state{state="done"} 1' "$WORK/mt_bench.prom" && break
		sleep 0.25
	done
	wait "$wpid" || fail "bench run failed"
	if command -v promtool >/dev/null; then promtool check metrics <"$WORK/mt_bench.prom" || fail "promtool"; fi
	assert_contains "$(cat "$WORK/mt_bench.prom")" 'dbarena_state{state="done"} 1' "final state while lingering"
	assert_contains "$(cat "$WORK/mt_bench.prom")" 'dbarena_phase{phase="phase2"} 1' "the last phase, by index and name"
	assert_eq "$(jget "$j" .successful)" \
		"$(awk '/^dbarena_transactions_total\{.*result="ok"/ { s += $2 } END { print s + 0 }' "$WORK/mt_bench.prom")" \
		"bench successful"
}
