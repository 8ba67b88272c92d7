# shellcheck shell=bash
# Transactions of several statements, retries, --latency-limit and errors per code
# (PostgreSQL and MariaDB), checked with psql / mariadb.
EX=$ROOT/examples

tx_accounts() { # pg|my NAME
	if [ "$1" = my ]; then my_fresh_db "$2"; my_sql "$(cat "$EX/accounts.sql")"; else
		pg_fresh_db "$2"; pg_sql "$(cat "$EX/accounts.sql")" >/dev/null; fi
}

# Two connections read a balance and write it back + 1 through the binding, serializable,
# on two rows: concurrent ones conflict.
tx_bump_ini() {
	cat >"$WORK/bump.ini" <<'INI'
[workload]
isolation = serializable

[transaction bump]
weight = 1
statements = read_bal, write_bal

[query read_bal]
sql = SELECT id AS acct, balance AS bal FROM accounts WHERE id = :pick

[param read_bal.pick]
generator = random_int
min = 1
max = 2

[query write_bal]
sql = UPDATE accounts SET balance = :bal + 1 WHERE id = :acct
INI
}

pg_rollbacks() { pg_sql "SELECT xact_rollback FROM pg_stat_database WHERE datname = current_database()"; }

test_txn_pg_serializable_retries() {
	E=pg
	tx_accounts pg txn_pg_retry
	tx_bump_ini
	local j="$WORK/b1.json" j2="$WORK/b10.json" rb0 rb1 ok retries
	run dbarena workload run --url "$URL" --config "$WORK/bump.ini" --connections 2 --tps 0 \
		--transactions 400 --max-tries 1 --json "$j" --quiet
	[ "$(jget "$j" '[.error_codes[] | select(.sqlstate == "40001")][0].count // 0')" -gt 0 ] ||
		fail "no serialization failure at --max-tries 1: $OUT"
	assert_contains "$OUT" "SQLSTATE 40001" "the summary lists 40001"
	assert_eq 0 "$(jget "$j" .retries)" "no retries at --max-tries 1"
	assert_eq "$(jget "$j" .failed)" "$(jget "$j" '[.error_codes[].count] | add')" "failures by code add up"
	ok=$(jget "$j" .successful)
	assert_eq $((2000 + ok)) "$(pg_sql 'SELECT SUM(balance) FROM accounts WHERE id <= 2')" "one increment per committed transaction"
	pg_sql "UPDATE accounts SET balance = 1000" >/dev/null
	sleep 1
	rb0=$(pg_rollbacks)
	# Two sessions on the same two rows conflict almost every time; a slow (sanitizer) build has
	# lost one transaction in 400 to ten failures in a row, so the test allows 100 tries.
	expect_exit 0 dbarena workload run --url "$URL" --config "$WORK/bump.ini" --connections 2 --tps 0 \
		--transactions 400 --max-tries 100 --per-statement --json "$j2" --quiet
	assert_eq 400 "$(jget "$j2" .successful)" "every transaction completes at --max-tries 100"
	assert_eq 0 "$(jget "$j2" .failed)" "no failure at --max-tries 100"
	assert_eq 2400 "$(pg_sql 'SELECT SUM(balance) FROM accounts WHERE id <= 2')" "400 increments"
	retries=$(jget "$j2" .retries)
	[ "$retries" -gt 0 ] || fail "no retries: $OUT"
	[ "$(jget "$j2" .retried)" -gt 0 ] && [ "$(jget "$j2" .retried)" -le "$retries" ] || fail "retried vs retries: $OUT"
	assert_contains "$OUT" "retried:" "summary line"
	assert_contains "$OUT" "bump.read_bal" "per-statement row"
	[ "$(jget "$j2" '.statements["bump.write_bal"].count')" -ge 400 ] || fail "per-statement count"
	sleep 1
	rb1=$(pg_rollbacks)
	# Each failed try is rolled back once: the server's count grows by the retries (a margin for others).
	[ $((rb1 - rb0)) -ge "$retries" ] && [ $((rb1 - rb0)) -le $((retries + 5)) ] ||
		fail "xact_rollback grew by $((rb1 - rb0)), retries $retries"
	echo "    pg: $retries retries in $(jget "$j2" .retried) transactions; xact_rollback +$((rb1 - rb0))"
}

test_txn_mysql_deadlock_retries() {
	E=my
	tx_accounts my txn_my_deadlock
	cat >"$WORK/dl.ini" <<'INI'
[transaction one_two]
weight = 0.5
statements = up1, up2

[transaction two_one]
weight = 0.5
statements = up2, up1

[query up1]
sql = UPDATE accounts SET balance = balance + 1 WHERE id = 1

[query up2]
sql = UPDATE accounts SET balance = balance + 1 WHERE id = 2
INI
	local j="$WORK/dl1.json" j2="$WORK/dl10.json" d0 d1 retries
	d0=$(my_sql "SHOW GLOBAL STATUS LIKE 'Innodb_deadlocks'" | cut -f2)
	run dbarena workload run --url "$URL" --config "$WORK/dl.ini" --connections 2 --tps 0 \
		--transactions 600 --json "$j" --quiet
	[ "$(jget "$j" '[.error_codes[] | select(.native_code == 1213)][0].count // 0')" -gt 0 ] ||
		fail "no deadlock at --max-tries 1: $OUT"
	assert_contains "$OUT" "code 1213" "the summary lists 1213"
	assert_eq $((2000 + 2 * $(jget "$j" .successful))) "$(my_sql 'SELECT SUM(balance) FROM accounts WHERE id <= 2')" "two per commit"
	my_sql "UPDATE accounts SET balance = 1000"
	d1=$(my_sql "SHOW GLOBAL STATUS LIKE 'Innodb_deadlocks'" | cut -f2)
	assert_eq "$(jget "$j" .failed)" "$((d1 - d0))" "failures = the server's deadlocks"
	expect_exit 0 dbarena workload run --url "$URL" --config "$WORK/dl.ini" --connections 2 --tps 0 \
		--transactions 600 --max-tries 10 --json "$j2" --quiet
	assert_eq 600 "$(jget "$j2" .successful)" "every transaction completes"
	assert_eq 3200 "$(my_sql 'SELECT SUM(balance) FROM accounts WHERE id <= 2')" "600 transactions of two increments"
	retries=$(jget "$j2" .retries)
	[ "$retries" -gt 0 ] || fail "no retries: $OUT"
	d0=$d1
	d1=$(my_sql "SHOW GLOBAL STATUS LIKE 'Innodb_deadlocks'" | cut -f2)
	assert_eq "$retries" "$((d1 - d0))" "retries = the server's deadlocks"
	echo "    mariadb: $retries retries in $(jget "$j2" .retried) transactions"
}

# The example config: transfers keep the total; audits read it.
tx_example() { # pg|my
	E=$1
	tx_accounts "$1" "txn_example_$1"
	local j="$WORK/ex_$1.json"
	expect_exit 0 dbarena workload run --url "$URL" --config "$EX/transactions-workload.ini" --duration 3 \
		--max-tries 20 --json "$j" --quiet
	assert_eq 0 "$(jget "$j" .failed)" "failed ($(jget "$j" '.error_codes[0].sample // ""'))"
	[ "$(jget "$j" .operations.transfer.successful)" -gt 50 ] || fail "too few transfers: $OUT"
	[ "$(jget "$j" .operations.audit.successful)" -gt 5 ] || fail "too few audits: $OUT"
	assert_eq 10000 "$(e_sql 'SELECT SUM(balance) FROM accounts')" "total of the balances"
	[ "$(e_sql 'SELECT COUNT(*) FROM accounts WHERE balance <> 1000')" -gt 0 ] || fail "no balance moved"
}
test_txn_pg_example_transfers() { tx_example pg; }
test_txn_mysql_example_transfers() { tx_example my; }

tx_latency_limit() { # pg|my
	E=$1
	tx_accounts "$1" "txn_late_$1"
	local sleep_sql="SELECT pg_sleep(0.3)" j="$WORK/late_$1.json"
	[ "$1" = my ] && sleep_sql="SELECT SLEEP(0.3)"
	cat >"$WORK/late.ini" <<INI
[transaction slow]
weight = 0.5
statements = nap, one

[transaction fast]
weight = 0.5
statements = one

[query nap]
sql = $sleep_sql

[query one]
sql = SELECT balance FROM accounts WHERE id = 1
INI
	expect_exit 0 dbarena workload run --url "$URL" --config "$WORK/late.ini" --connections 4 --tps 10 \
		--transactions 20 --latency-limit 200 --json "$j"
	assert_eq 20 "$(jget "$j" .successful)" "all ran"
	[ "$(jget "$j" .operations.slow.successful)" -gt 0 ] || fail "no slow transaction"
	assert_eq "$(jget "$j" .operations.slow.successful)" "$(jget "$j" .late)" "late = the slow ones"
	assert_eq 200 "$(jget "$j" .latency_limit_ms)" "the limit in JSON"
	assert_contains "$OUT" "late:        $(jget "$j" .late) transactions finished more than 200 ms" "summary"
}
test_txn_pg_latency_limit() { tx_latency_limit pg; }
test_txn_mysql_latency_limit() { tx_latency_limit my; }

tx_codes() { # pg|my
	E=$1
	tx_accounts "$1" "txn_codes_$1"
	local j="$WORK/codes_$1.json"
	cat >"$WORK/codes.ini" <<'INI'
[query no_table]
sql = SELECT * FROM no_such_table WHERE id = :n
weight = 0.5

[query no_column]
sql = SELECT no_such_column FROM accounts WHERE id = :n
weight = 0.5

[param no_table.n]
generator = random_int
min = 1
max = 5

[param no_column.n]
generator = random_int
min = 1
max = 5
INI
	expect_exit 0 dbarena workload run --url "$URL" --config "$WORK/codes.ini" --connections 2 --tps 50 \
		--transactions 40 --json "$j"
	assert_eq 40 "$(jget "$j" .failed)" "all fail"
	assert_eq 2 "$(jget "$j" '.error_codes | length')" "two codes"
	assert_eq "$(jget "$j" .operations.no_table.failed)" "$(jget "$j" '.error_codes[] | select(.sample | test("no_such_table")) | .count')" "count of the missing table's code"
	assert_eq "$(jget "$j" .operations.no_column.failed)" "$(jget "$j" '.error_codes[] | select(.sample | test("no_such_column")) | .count')" "count of the missing column's code"
	assert_eq 1 "$(jget "$j" '.errors | length')" "the per-class list keeps one class"
	assert_eq 2 "$(grep -c '^syntax errors: ' <<<"$OUT")" "two summary lines"
	if [ "$1" = pg ]; then
		assert_contains "$OUT" "SQLSTATE 42P01" "undefined table"
		assert_contains "$OUT" "SQLSTATE 42703" "undefined column"
	else
		assert_contains "$OUT" "code 1146" "no such table"
		assert_contains "$OUT" "code 1054" "unknown column"
	fi
}
test_txn_pg_error_codes() { tx_codes pg; }
test_txn_mysql_error_codes() { tx_codes my; }

test_txn_config_errors() {
	local f="$WORK/bad.ini"
	printf '[transaction t]\nweight = 1\nstatements = a, nope\n\n[query a]\nsql = SELECT 1\n' >"$f"
	expect_exit 2 dbarena workload run --url "postgres://u@127.0.0.1:1/x" --config "$f"
	assert_contains "$OUT" "bad.ini:3: [transaction t] names unknown query \"nope\"" "unknown statement"
	printf '[workload]\nisolation = snapshot\n' >"$f"
	expect_exit 2 dbarena workload run --url "postgres://u@127.0.0.1:1/x" --config "$f"
	assert_contains "$OUT" "bad.ini:2: bad value \"snapshot\" for isolation" "bad isolation"
	printf '[transaction t]\nweight = 1\nstatements = a\n\n[query a]\nsql = SELECT :x\n' >"$f"
	expect_exit 2 dbarena workload run --url "postgres://u@127.0.0.1:1/x" --config "$f"
	assert_contains "$OUT" "bad.ini:5: [query a] uses :x but there is no [param a.x]" "first statement cannot bind"
	printf '[transaction t]\nstatements = a\ncolour = red\n\n[query a]\nsql = SELECT 1\n' >"$f"
	expect_exit 2 dbarena workload run --url "postgres://u@127.0.0.1:1/x" --config "$f"
	assert_contains "$OUT" "bad.ini:3: unknown key \"colour\" in [transaction t]" "unknown key"
	printf '[transaction t]\nstatements = a\n\n[query a]\nsql = SELECT 1\n' >"$f"
	expect_exit 2 dbarena workload run --url "postgres://u@127.0.0.1:1/x" --config "$f"
	assert_contains "$OUT" "bad.ini:1: [transaction t] needs weight" "weight needed"
	printf '[transaction a]\nweight = 1\nstatements = a\n\n[query a]\nsql = SELECT 1\n' >"$f"
	expect_exit 2 dbarena workload run --url "postgres://u@127.0.0.1:1/x" --config "$f"
	assert_contains "$OUT" "bad.ini:1: [transaction a] has the name of [query a]" "name clash"
	expect_exit 2 dbarena workload run --url "postgres://u@127.0.0.1:1/x" --pattern oltp --max-tries 0
	assert_contains "$OUT" "--retry-seconds" "unbounded retries refused"
	expect_exit 2 dbarena workload run --url "postgres://u@127.0.0.1:1/x" --pattern oltp --retry-on whatever
	expect_exit 2 dbarena bench run --url "postgres://u@127.0.0.1:1/x" tpcb --max-tries -1
}

# --max-tries 0 --retry-seconds: retries bounded by time; bench run takes the options too.
test_txn_pg_retry_seconds_and_bench() {
	E=pg
	tx_accounts pg txn_pg_secs
	tx_bump_ini
	local j="$WORK/secs.json"
	expect_exit 0 dbarena workload run --url "$URL" --config "$WORK/bump.ini" --connections 2 --tps 0 \
		--transactions 200 --max-tries 0 --retry-seconds 30 --json "$j" --quiet
	assert_eq 200 "$(jget "$j" .successful)" "every transaction completes"
	assert_eq 0 "$(jget "$j" .max_tries)" "max_tries in JSON"
	assert_eq 2200 "$(pg_sql 'SELECT SUM(balance) FROM accounts WHERE id <= 2')" "200 increments"
	pg_fresh_db txn_pg_bench
	expect_exit 0 dbarena bench prepare --url "$URL" tpcb --scale 1 --jobs 1
	expect_exit 0 dbarena bench run --url "$URL" tpcb --connections 4 --duration 2 --max-tries 5 \
		--latency-limit 5000 --json "$WORK/bench.json" --quiet
	assert_eq 5 "$(jget "$WORK/bench.json" .max_tries)" "bench: max_tries"
	[ "$(jget "$WORK/bench.json" .retries)" -ge 0 ] || fail "bench: retries"
	assert_eq 0 "$(jget "$WORK/bench.json" .failed)" "bench: no failure"
}

# A lock wait timeout (MariaDB 1205) fails the transaction unless --retry-on lock-timeout.
test_txn_mysql_lock_timeout_retry() {
	E=my
	tx_accounts my txn_my_lockwait
	cat >"$WORK/lw.ini" <<'INI'
[transaction bump]
weight = 1
statements = short_wait, up1

[query short_wait]
sql = SET SESSION innodb_lock_wait_timeout = 1

[query up1]
sql = UPDATE accounts SET balance = balance + 1 WHERE id = 1
INI
	local j="$WORK/lw1.json" j2="$WORK/lw2.json" holder
	# Another session holds row 1 for 3 s.
	my_sql "BEGIN; SELECT balance FROM accounts WHERE id = 1 FOR UPDATE; SELECT SLEEP(3); COMMIT" >/dev/null &
	holder=$!
	sleep 0.5
	run dbarena workload run --url "$URL" --config "$WORK/lw.ini" --connections 1 --tps 0 --transactions 1 \
		--max-tries 10 --json "$j" --quiet
	wait "$holder"
	assert_eq 1 "$(jget "$j" .failed)" "a lock wait timeout is not retried by default: $OUT"
	assert_eq 1205 "$(jget "$j" '.error_codes[0].native_code')" "the code"
	assert_eq 1000 "$(my_sql 'SELECT balance FROM accounts WHERE id = 1')" "nothing written"
	my_sql "BEGIN; SELECT balance FROM accounts WHERE id = 1 FOR UPDATE; SELECT SLEEP(3); COMMIT" >/dev/null &
	holder=$!
	sleep 0.5
	expect_exit 0 dbarena workload run --url "$URL" --config "$WORK/lw.ini" --connections 1 --tps 0 \
		--transactions 1 --max-tries 10 --retry-on lock-timeout --json "$j2" --quiet
	wait "$holder"
	assert_eq 1 "$(jget "$j2" .successful)" "retried until the lock was free"
	[ "$(jget "$j2" .retries)" -ge 1 ] || fail "no retry: $OUT"
	assert_eq 1 "$(jget "$j2" .retried)" "one transaction retried"
	assert_eq 1001 "$(my_sql 'SELECT balance FROM accounts WHERE id = 1')" "one increment"
	# The latency includes the tries: at least the 2.5 s the lock was still held.
	[ "$(jget "$j2" '.latency_scheduled.max_us | floor')" -ge 2000000 ] || fail "latency without the retries"
}
