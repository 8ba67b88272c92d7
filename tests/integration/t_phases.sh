# shellcheck shell=bash
# Phases and ramps, think and keying time (workload run, bench run), on
# PostgreSQL and MariaDB; what each phase did is counted by the server.
EX=$ROOT/examples

ph_db() { # ENGINE NAME: a fresh database with phase_log
	if [ "$1" = my ]; then
		my_fresh_db "$2"
		my_sql "CREATE TABLE phase_log (id bigint AUTO_INCREMENT PRIMARY KEY, phase varchar(16) NOT NULL)"
	else
		pg_fresh_db "$2"
		pg_sql "CREATE TABLE phase_log (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, phase varchar(16) NOT NULL)"
	fi
}
ph_sql() { if [ "$1" = my ]; then my_sql "$2"; else pg_sql "$2"; fi; }
ph_within() { # EXPECTED ACTUAL PCT WHAT
	awk -v e="$1" -v a="$2" -v p="$3" 'BEGIN { exit !(a >= e * (1 - p / 100) && a <= e * (1 + p / 100)) }' ||
		fail "$4: $2, not within $3 % of $1"
}

# The example's three phases: warm-up 2 s at 100, ramp 100..400 over 4 s, 3 s at 400.
ph_three() { # ENGINE
	local j="$WORK/ph_$1.json" n
	ph_db "$1" "ph_three_$1"
	expect_exit 0 dbarena workload run --url "$URL" --config "$EX/phases-workload.ini" --json "$j" --quiet
	ph_within 200 "$(ph_sql "$1" "SELECT COUNT(*) FROM phase_log WHERE phase = 'warmup'")" 2 "warm-up rows"
	ph_within 1000 "$(ph_sql "$1" "SELECT COUNT(*) FROM phase_log WHERE phase = 'ramp'")" 2 "ramp rows"
	ph_within 1200 "$(ph_sql "$1" "SELECT COUNT(*) FROM phase_log WHERE phase = 'steady'")" 2 "steady rows"
	# The run's statistics leave the warm-up out; each phase has its own.
	ph_within 2200 "$(jget "$j" .total)" 2 "run total"
	assert_eq 0 "$(jget "$j" .operations.log_warmup.count)" "warm-up query in the run's statistics"
	assert_eq 0 "$(jget "$j" .failed)" "failed ($(jget "$j" '.errors[0].sample // ""'))"
	assert_eq "warmup ramp steady" "$(jget "$j" '[.phases[].name] | join(" ")')" "phases"
	assert_eq "true false false" "$(jget "$j" '[.phases[].warmup] | map(tostring) | join(" ")')" "warm-up flags"
	ph_within 200 "$(jget "$j" '.phases[0].count')" 2 "warm-up count in JSON"
	ph_within 1000 "$(jget "$j" '.phases[1].count')" 2 "ramp count in JSON"
	ph_within 1200 "$(jget "$j" '.phases[2].count')" 2 "steady count in JSON"
	assert_eq "1000" "$(jget "$j" '.phases[1].target_count')" "ramp target"
	assert_eq "0 4" "$(jget "$j" '.phase_boundaries | map(tostring) | join(" ")')" "boundaries (s after the warm-up)"
	n=$(jget "$j" '[.intervals[] | select(.phase == "steady")] | length')
	[ "$n" -ge 2 ] || fail "intervals of the steady phase: $n"
	[ "$(jget "$j" '[.intervals[] | select(.phase == "ramp")] | length')" -ge 3 ] || fail "ramp intervals"
	assert_contains "$OUT" "phases (the run's statistics above leave out warm-up phases)" "summary"
	assert_contains "$OUT" "ramp" "summary row"
}
test_phases_three_phase_postgres() { ph_three pg; }
test_phases_three_phase_mariadb() { ph_three my; }

# --phases for the simple cases, with poisson arrivals: the mean follows the rate.
test_phases_cli_ramp() {
	local j="$WORK/ph_cli.json"
	ph_db pg ph_cli
	printf '[workload]\narrival = poisson\nseed = 5\nconnections = 4\n[query ins]\nsql = INSERT INTO phase_log (phase) VALUES (%s)\nweight = 1\n' \
		"'x'" >"$WORK/ph_cli.ini"
	expect_exit 0 dbarena workload run --url "$URL" --config "$WORK/ph_cli.ini" --phases warmup:1s@50,2s@50..250,1s@250 \
		--json "$j" --quiet
	# 50 + 300 + 250 arrivals expected; poisson spreads them (sd about 25)
	n=$(pg_sql "SELECT COUNT(*) FROM phase_log")
	[ "$n" -ge 480 ] && [ "$n" -le 720 ] || fail "poisson phases gave $n rows for a mean of 600"
	assert_eq "warmup1 phase2 phase3" "$(jget "$j" '[.phases[].name] | join(" ")')" "CLI phase names"
	assert_eq 0 "$(jget "$j" .not_started)" "not started"
}

test_phases_bad_cli() {
	local u="postgres://postgres:x@127.0.0.1:1/none" p
	for p in "" "60" "60x@100" "60s@abc" "60s@-5" "10s@0" "warmup:1s@5" "10s@100,warmup:1s@10" "1s@100..x" "1s@5,,1s@6" "1s@5,"; do
		expect_exit 2 dbarena workload run --url "$u" --pattern oltp --phases "$p"
		assert_contains "$OUT" "--phases" "message for --phases \"$p\""
	done
	expect_exit 2 dbarena workload run --url "$u" --pattern oltp --phases 1s@10 --duration 5
	assert_contains "$OUT" "do not go with phases" "--duration with --phases"
	expect_exit 2 dbarena workload run --url "$u" --pattern oltp --think-time "sometimes 5"
	assert_contains "$OUT" "--think-time" "bad --think-time"
	expect_exit 2 dbarena bench run --url "$u" --phases 5s tpcb
	assert_contains "$OUT" "--phases" "bench --phases"
}

ph_bad() { # NAME TEXT EXPECTED: exit 2, FILE:LINE, before any connection
	printf '%b' "$2" >"$WORK/$1.ini"
	expect_exit 2 dbarena workload run --url "postgres://postgres:x@127.0.0.1:1/none" --config "$WORK/$1.ini"
	assert_contains "$OUT" "$3" "message for $1"
}

test_phases_bad_configs() {
	local w='[workload]\npattern = oltp\n'
	ph_bad ph_b1 "$w[phase a]\nduration = 5\nramp = 10\n" "ph_b1.ini:5: bad value \"10\" for ramp"
	ph_bad ph_b2 "$w[phase a]\nduration = 5\n" "ph_b2.ini:3: [phase a] needs target_tps"
	ph_bad ph_b3 "$w[phase a]\nduration = 5\ntarget_tps = 5\nspeed = 3\n" "ph_b3.ini:6: unknown key \"speed\" in [phase a]"
	ph_bad ph_b4 "$w[phase a]\nduration = 5\ntarget_tps = 5\nweight.nope = 1\n" "ph_b4.ini:6: weight.nope in [phase a] names no [query nope]"
	ph_bad ph_b5 "$w[phase a]\ntarget_tps = 5\nduration = 1\n[phase b]\nduration = 1\ntarget_tps = 5\nwarmup = yes\n" \
		"ph_b5.ini:6: [phase b]: a warm-up phase must come before"
	ph_bad ph_b6 "$w[phase a]\nduration = 2\ntarget_tps = 5\nwarmup = maybe\n" "ph_b6.ini:6: bad value \"maybe\" for warmup"
	ph_bad ph_b7 "${w}think_time = sometimes\n" "ph_b7.ini:3: bad value \"sometimes\" for think_time"
	ph_bad ph_b8 "$w[phase a]\nduration = 5\ntarget_tps = 5\n[phase a]\n" "ph_b8.ini:6: [phase a] again (first at line 3)"
	ph_bad ph_b9 "${w}warmup_seconds = 2\n[phase a]\nduration = 5\ntarget_tps = 5\n" "warmup_seconds (--warmup) exclude"
}

# Think time in a closed loop: each connection waits 50 ms after each transaction, so
# 2 connections in 3 s can do at most 2 x (3 / 0.05 + 1) = 122 (service time only lowers it).
ph_think() { # ENGINE
	local j="$WORK/ph_think_$1.json" n
	ph_db "$1" "ph_think_$1"
	printf '[workload]\nconnections = 2\n[query ins]\nsql = INSERT INTO phase_log (phase) VALUES (%s)\nweight = 1\n' \
		"'t'" >"$WORK/ph_think.ini"
	expect_exit 0 dbarena workload run --url "$URL" --config "$WORK/ph_think.ini" --tps 0 --duration 3 \
		--think-time "constant 50" --json "$j" --quiet
	n=$(ph_sql "$1" "SELECT COUNT(*) FROM phase_log")
	[ "$n" -le 122 ] || fail "think time 50 ms: $n transactions, more than 122 can fit"
	[ "$n" -ge 50 ] || fail "think time 50 ms: only $n transactions"
	assert_eq "$n" "$(jget "$j" .total)" "server and report agree"
	# The same pause split into keying and think time, from the config; per query, exponential.
	ph_sql "$1" "DELETE FROM phase_log"
	printf '[workload]\nconnections = 2\nkeying_time = constant 25\nthink_time = constant 25\n[query ins]\nsql = INSERT INTO phase_log (phase) VALUES (%s)\nweight = 1\n' \
		"'k'" >"$WORK/ph_keying.ini"
	expect_exit 0 dbarena workload run --url "$URL" --config "$WORK/ph_keying.ini" --tps 0 --duration 3 --quiet
	n=$(ph_sql "$1" "SELECT COUNT(*) FROM phase_log")
	[ "$n" -le 122 ] && [ "$n" -ge 50 ] || fail "keying 25 + think 25 ms: $n transactions"
	ph_sql "$1" "DELETE FROM phase_log"
	printf '[workload]\nconnections = 2\n[query ins]\nsql = INSERT INTO phase_log (phase) VALUES (%s)\nweight = 1\nthink_time = exponential 50\n' \
		"'e'" >"$WORK/ph_exp.ini"
	expect_exit 0 dbarena workload run --url "$URL" --config "$WORK/ph_exp.ini" --tps 0 --duration 3 --quiet
	n=$(ph_sql "$1" "SELECT COUNT(*) FROM phase_log")
	[ "$n" -le 170 ] && [ "$n" -ge 40 ] || fail "exponential think time, mean 50 ms: $n transactions"
}
test_phases_think_time_postgres() { ph_think pg; }
test_phases_think_time_mariadb() { ph_think my; }

# Open loop: think time paces each session, so one session cannot keep 100 tps with 50 ms pauses;
# the rest is reported as not started, and latency counts from the scheduled start.
test_phases_think_time_open_loop() {
	local j="$WORK/ph_open.json" n
	ph_db pg ph_open
	printf '[workload]\nconnections = 1\n[query ins]\nsql = INSERT INTO phase_log (phase) VALUES (%s)\nweight = 1\n' \
		"'o'" >"$WORK/ph_open.ini"
	expect_exit 0 dbarena workload run --url "$URL" --config "$WORK/ph_open.ini" --tps 100 --duration 2 \
		--think-time "constant 50" --json "$j" --quiet
	n=$(pg_sql "SELECT COUNT(*) FROM phase_log")
	[ "$n" -le 42 ] && [ "$n" -ge 15 ] || fail "one paced session: $n transactions"
	[ "$(jget "$j" .not_started)" -ge 100 ] || fail "not started: $(jget "$j" .not_started)"
}

# bench run shares the engine: --phases and --think-time apply to it.
test_phases_bench_tpcb() {
	local j="$WORK/ph_bench.json"
	pg_fresh_db ph_bench
	expect_exit 0 dbarena bench prepare --url "$URL" tpcb --scale 1 --quiet
	expect_exit 0 dbarena bench run --url "$URL" --connections 2 --phases warmup:1s@20,2s@20..60 --json "$j" --quiet tpcb
	ph_within 80 "$(jget "$j" .total)" 3 "bench measured phase"
	assert_eq 2 "$(jget "$j" '.phases | length')" "bench phases"
}
