# Docker Swarm: a single-node swarm on the engine of tests/docker/ci.sh runs the dbarena image
# (built there from the build tree) as a service of 3 replicas, each `seed --workers 3` with
# DBARENA_WORKER_SLOT={{.Task.Slot}} and a barrier, against the harness's PostgreSQL on
# loopback (host network).  The rows equal those of one `seed`, checked with psql.  Then a
# service of 4 replicas runs `workload run --workers 4` at 2,000 TPS in total for 10 s; the
# server's count, the merged result and a one-process run of the same config agree.
SW_NOW="2026-01-15 12:00:00"
SW_SERVICE=dbarena-seed-test

sw_setup() {
	[ "${DBARENA_TEST_DOCKER:-0}" = 1 ] || skip "set DBARENA_TEST_DOCKER=1 with a Docker engine (tests/docker/ci.sh)"
	[ -n "${DBARENA_TEST_DOCKER_DBARENA_IMAGE:-}" ] || skip "no dbarena image (tests/docker/ci.sh builds one)"
	command -v docker >/dev/null || skip "no docker client"
	local state
	state=$(docker info --format '{{.Swarm.LocalNodeState}}' 2>/dev/null)
	if [ "$state" != active ]; then
		docker swarm init --advertise-addr 127.0.0.1 >"$WORK/swarm-init.log" 2>&1 ||
			fail "docker swarm init: $(cat "$WORK/swarm-init.log")"
		# shellcheck disable=SC2064 # leave only a swarm this test made
		trap "docker service rm $SW_SERVICE >/dev/null 2>&1; docker swarm leave --force >/dev/null 2>&1" EXIT
	else
		trap "docker service rm $SW_SERVICE >/dev/null 2>&1" EXIT
	fi
}

sw_db() { # NAME: chinook, empty
	pg_fresh_db "$1"
	pg_sql "$(cat "$ROOT/tests/corpus/chinook.pg.sql")" >/dev/null
}

sw_sums() {
	local t
	for t in $(grep '^\[table ' "$WORK/sw.ini" | sed 's/^\[table \(.*\)\]$/\1/'); do
		pg_sql "SELECT '$t', COUNT(*), md5(COALESCE(string_agg(x::text, '|' ORDER BY x::text), '')) FROM $t x"
	done
}

sw_wait() { # SECS [TASKS]: until every task of the service has ended; their states in STATES
	local i n=${2:-3}
	for ((i = 0; i < $1 * 2; i++)); do
		STATES=$(docker service ps "$SW_SERVICE" --format '{{.CurrentState}}' 2>/dev/null | awk '{print $1}' | sort | tr '\n' ' ')
		[ "$(wc -w <<<"$STATES")" -ge "$n" ] && ! grep -Eq 'New|Pending|Assigned|Accepted|Preparing|Starting|Running' <<<"$STATES" &&
			return 0
		sleep 0.5
	done
	return 1
}

test_docker_swarm_seed_workers() {
	local one three t t0
	sw_setup
	sw_db sw_one
	expect_exit 0 dbarena seed init --url "$URL"
	printf '%s\n' "$OUT" | sed 's/^count = .*/count = 3000/' > "$WORK/sw.ini"
	for t in artist album customer employee genre invoice invoice_line media_type playlist track; do
		printf '\n[column %s.%s_id]\ngenerator = sequential\n' "$t" "$t"
	done >> "$WORK/sw.ini"
	chmod 755 "$WORK"; chmod 644 "$WORK/sw.ini"
	expect_exit 0 dbarena seed --url "$URL" --config "$WORK/sw.ini" --now "$SW_NOW" --quiet
	one=$(sw_sums)
	sw_db sw_three
	t0=$(date +%s)
	docker service create --detach --name "$SW_SERVICE" --replicas 3 --restart-condition none --network host \
		--mount "type=bind,source=$WORK/sw.ini,target=/seed.ini,readonly" \
		-e 'DBARENA_WORKER_SLOT={{.Task.Slot}}' "$DBARENA_TEST_DOCKER_DBARENA_IMAGE" \
		seed --url "$URL" --config /seed.ini --workers 3 --barrier swarm --barrier-timeout 120 \
		--now "$SW_NOW" --quiet >"$WORK/service.log" 2>&1 || fail "docker service create: $(cat "$WORK/service.log")"
	sw_wait 180 || fail "the service's tasks did not end within 180 s: $STATES"
	[ "$STATES" = "Complete Complete Complete " ] ||
		fail "task states: $STATES; errors: $(docker service ps --no-trunc --format '{{.Error}}' "$SW_SERVICE" 2>&1); logs: $(docker service logs --raw "$SW_SERVICE" 2>&1 | tail -n 30)"
	echo "    3 swarm tasks complete in $(( $(date +%s) - t0 )) s" >&2
	three=$(sw_sums)
	[ "$one" = "$three" ] || fail "3 swarm workers differ from one seed:$(diff <(echo "$one") <(echo "$three"))"
	assert_eq 0 "$(pg_sql "SELECT COUNT(*) FROM pg_tables WHERE tablename = 'dbarena_barrier'")" "barrier table dropped"
	docker service rm "$SW_SERVICE" >/dev/null || fail "docker service rm"
}

# A workload of inserts: the server numbers the rows, so its count is what completed.
sw_wl_config() {
	cat >"$WORK/sw_wl.ini" <<'INI'
[workload]
name = swarm
connections = 4
seed = 7

[query hit]
sql = INSERT INTO sw_hits (w) VALUES (1)
weight = 1
INI
	chmod 644 "$WORK/sw_wl.ini"
}

test_docker_swarm_workload_workers() {
	local out="$WORK/swout" m="$WORK/sw_merged.json" one="$WORK/sw_one.json" n i t0
	SW_SERVICE=dbarena-workload-test
	sw_setup
	pg_fresh_db sw_wl
	pg_sql "CREATE TABLE sw_hits (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, w int NOT NULL)" >/dev/null
	sw_wl_config
	chmod 755 "$WORK"
	for i in 1 2 3 4; do mkdir -p "$out/$i"; done
	chmod -R 777 "$out" # the workers run as nobody
	t0=$(date +%s)
	docker service create --detach --name "$SW_SERVICE" --replicas 4 --restart-condition none --network host \
		--mount "type=bind,source=$WORK/sw_wl.ini,target=/wl.ini,readonly" \
		--mount "type=bind,source=$out/{{.Task.Slot}},target=/out" \
		-e 'DBARENA_WORKER_SLOT={{.Task.Slot}}' "$DBARENA_TEST_DOCKER_DBARENA_IMAGE" \
		workload run --url "$URL" --config /wl.ini --workers 4 --barrier swarm-wl --barrier-timeout 120 \
		--tps 2000 --duration 10 --json /out/run.json --quiet >"$WORK/service.log" 2>&1 ||
		fail "docker service create: $(cat "$WORK/service.log")"
	sw_wait 240 4 || fail "the service's tasks did not end within 240 s: $STATES"
	[ "$STATES" = "Complete Complete Complete Complete " ] ||
		fail "task states: $STATES; logs: $(docker service logs --raw "$SW_SERVICE" 2>&1 | tail -n 30)"
	echo "    4 swarm workers complete in $(( $(date +%s) - t0 )) s" >&2
	docker service rm "$SW_SERVICE" >/dev/null || fail "docker service rm"
	expect_exit 0 dbarena report merge "$out"/[1234]/run.json -o "$m"
	n=$(pg_sql "SELECT COUNT(*) FROM sw_hits")
	assert_eq 20000 "$(jq -s 'map(.worker.scheduled) | add' "$out"/[1234]/run.json)" \
		"the 4 workers' schedules make 2,000 TPS x 10 s"
	assert_eq "$n" "$(jq .successful "$m")" "the merged result counts what the server has"
	[ "$n" -ge 19800 ] && [ "$n" -le 20200 ] || fail "the server counted $n transactions, not 20,000 +- 1 %"
	assert_eq 0 "$(pg_sql "SELECT COUNT(*) FROM pg_tables WHERE tablename = 'dbarena_barrier'")" "barrier table dropped"
	# One process, the same config and rate, on the same server: the percentiles compared (printed).
	expect_exit 0 dbarena workload run --url "$URL" --config "$WORK/sw_wl.ini" --connections 16 --tps 2000 \
		--duration 10 --json "$one" --quiet
	echo "    swarm merged: $(jq -r '"\(.successful) ok, \(.throughput_tps) tps, p50 \(.latency_scheduled.p50_us) us, p99 \(.latency_scheduled.p99_us) us"' "$m")" >&2
	echo "    one process:  $(jq -r '"\(.successful) ok, \(.throughput_tps) tps, p50 \(.latency_scheduled.p50_us) us, p99 \(.latency_scheduled.p99_us) us"' "$one")" >&2
}
