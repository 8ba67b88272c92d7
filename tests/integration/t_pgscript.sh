# shellcheck shell=bash
# pgbench scripts (workload run --script): pgbench's own TPC-B script on PostgreSQL (tables
# from pgbench -i) and MariaDB (tables from dbarena bench prepare tpcb), a script with \set,
# random_zipfian, \if / \elif / \else and \gset on both engines, --seed determinism, and the
# FILE:LINE errors before any connection.  Effects are checked with psql / mariadb.


# pgbench's built-in "tpcb-like" script, verbatim (pgbench --show-script=tpcb-like; the text
# is in src/bin/pgbench/pgbench.c of PostgreSQL).
# PostgreSQL is Copyright (c) 1996-2023, PostgreSQL Global Development Group, and
# Portions Copyright (c) 1994, The Regents of the University of California, under the
# PostgreSQL Licence: permission to use, copy, modify, and distribute this software and its
# documentation for any purpose, without fee, and without a written agreement is hereby
# granted, provided that the above copyright notice and this paragraph and the following two
# paragraphs appear in all copies.  (The full licence: https://www.postgresql.org/about/licence/)
ps_tpcb_script() {
	cat <<'EOF'
\set aid random(1, 100000 * :scale)
\set bid random(1, 1 * :scale)
\set tid random(1, 10 * :scale)
\set delta random(-5000, 5000)
BEGIN;
UPDATE pgbench_accounts SET abalance = abalance + :delta WHERE aid = :aid;
SELECT abalance FROM pgbench_accounts WHERE aid = :aid;
UPDATE pgbench_tellers SET tbalance = tbalance + :delta WHERE tid = :tid;
UPDATE pgbench_branches SET bbalance = bbalance + :delta WHERE bid = :bid;
INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES (:tid, :bid, :aid, :delta, CURRENT_TIMESTAMP);
END;
EOF
}

ps_tpcb() {
	e_fresh "pgscript_tpcb_$E"
	if [ "$E" = pg ]; then
		command -v pgbench >/dev/null || skip "pgbench is not installed"
		pgbench -i -s 1 -q -h 127.0.0.1 -p "$PG_PORT" -U postgres "$DB" >/dev/null 2>&1 || fail "pgbench -i"
	else
		expect_exit 0 dbarena bench prepare --url "$URL" tpcb --scale 1 --jobs 2
	fi
	ps_tpcb_script >"$WORK/tpcb-like.sql"
	J="$WORK/pgscript_tpcb_$E.json"
	expect_exit 0 dbarena workload run --url "$URL" --script "$WORK/tpcb-like.sql" --connections 4 \
		--tps 200 --duration 3 --json "$J" --quiet
	assert_eq 0 "$(jget "$J" .failed)" "failed transactions ($(jget "$J" '.errors[0].sample // ""'))"
	local ok a b t h
	ok=$(jget "$J" .successful)
	[ "$ok" -gt 100 ] || fail "only $ok transactions"
	echo "    $E: $ok script runs, $(jget "$J" .throughput_tps) tps"
	assert_eq "$ok" "$(e_sql 'SELECT COUNT(*) FROM pgbench_history')" "history rows = committed script runs"
	a=$(e_sql 'SELECT SUM(abalance) FROM pgbench_accounts'); b=$(e_sql 'SELECT SUM(bbalance) FROM pgbench_branches')
	t=$(e_sql 'SELECT SUM(tbalance) FROM pgbench_tellers'); h=$(e_sql 'SELECT SUM(delta) FROM pgbench_history')
	assert_eq "$h" "$a" "sum(abalance) = sum(delta)"
	assert_eq "$h" "$b" "sum(bbalance) = sum(delta)"
	assert_eq "$h" "$t" "sum(tbalance) = sum(delta)"
}
test_pgscript_tpcb() { each_engine ps_tpcb; }

ps_hotspot_table() {
	e_sql "DROP TABLE IF EXISTS hotspot" >/dev/null 2>&1
	e_sql "CREATE TABLE hotspot (k int PRIMARY KEY, n int NOT NULL DEFAULT 0, hot int NOT NULL DEFAULT 0,
		warm int NOT NULL DEFAULT 0, cold int NOT NULL DEFAULT 0)" >/dev/null
	if [ "$E" = my ]; then
		e_sql "SET SESSION max_recursive_iterations = 5000; INSERT INTO hotspot (k) WITH RECURSIVE s(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM s WHERE k < 2000) SELECT k FROM s" >/dev/null
	else
		e_sql "INSERT INTO hotspot (k) SELECT generate_series(1, 2000)" >/dev/null
	fi
}

ps_hotspot() {
	e_fresh "pgscript_hot_$E"
	ps_hotspot_table
	J="$WORK/pgscript_hot_$E.json"
	# One connection: the script reads a count and writes it back plus one (no lost updates).
	expect_exit 0 dbarena workload run --url "$URL" --script "$ROOT/examples/pgbench-hotspot.sql" \
		-D scale=2 --connections 1 --tps 0 --transactions 1500 --seed 42 --json "$J" --quiet
	assert_eq 0 "$(jget "$J" .failed)" "failed ($(jget "$J" '.errors[0].sample // ""'))"
	assert_eq 1500 "$(jget "$J" .successful)" "script runs"
	assert_eq 1500 "$(e_sql 'SELECT SUM(n) FROM hotspot')" "sum(n): every \\gset read-and-write landed"
	assert_eq 0 "$(e_sql 'SELECT COUNT(*) FROM hotspot WHERE n <> hot + warm + cold')" "one branch per run"
	assert_eq "$(e_sql 'SELECT SUM(n) FROM hotspot WHERE k <= 10')" "$(e_sql 'SELECT SUM(hot) FROM hotspot')" "\\if branch"
	assert_eq "$(e_sql 'SELECT SUM(n) FROM hotspot WHERE k > 10 AND k <= 100')" "$(e_sql 'SELECT SUM(warm) FROM hotspot')" "\\elif branch"
	assert_eq "$(e_sql 'SELECT SUM(n) FROM hotspot WHERE k > 100')" "$(e_sql 'SELECT SUM(cold) FROM hotspot')" "\\else branch"
	assert_eq 0 "$(e_sql 'SELECT COUNT(*) FROM hotspot WHERE k > 2000 AND n > 0')" "keys within 1000 * :scale"
	# Zipfian, s = 1.5: P(1) / P(2) = 2.8, and the first ten keys take most of the runs.
	local n1 n2 n10 hot
	n1=$(e_sql 'SELECT n FROM hotspot WHERE k = 1'); n2=$(e_sql 'SELECT n FROM hotspot WHERE k = 2')
	n10=$(e_sql 'SELECT n FROM hotspot WHERE k = 10'); hot=$(e_sql 'SELECT SUM(hot) FROM hotspot')
	echo "    $E: k=1 $n1, k=2 $n2, k=10 $n10, k<=10 $hot of 1500"
	if ! { [ "$n1" -gt $((n2 * 2)) ] && [ "$n2" -gt "$n10" ] && [ "$hot" -gt 900 ]; }; then
		fail "not Zipfian: $n1 $n2 $n10 $hot"
	fi
	# The same seed draws the same keys.
	local first
	first=$(e_sql 'SELECT k, n FROM hotspot WHERE n > 0 ORDER BY k' | md5sum)
	ps_hotspot_table
	expect_exit 0 dbarena workload run --url "$URL" --script "$ROOT/examples/pgbench-hotspot.sql" \
		-D scale=2 --connections 1 --tps 0 --transactions 1500 --seed 42 --quiet
	assert_eq "$first" "$(e_sql 'SELECT k, n FROM hotspot WHERE n > 0 ORDER BY k' | md5sum)" "--seed 42 twice: same keys"
}
test_pgscript_hotspot() { each_engine ps_hotspot; }

# Two weighted scripts, -D values bound as parameters (never spliced into the SQL).
ps_weights() {
	e_fresh "pgscript_w_$E"
	e_sql "CREATE TABLE marks (who varchar(40), note varchar(80))" >/dev/null
	printf 'INSERT INTO marks (who, note) VALUES (%s, :note);\n' "'a'" >"$WORK/a.sql"
	printf '\\set c :client_id + 100\nINSERT INTO marks (who, note) VALUES (:c, :note);\n' >"$WORK/b.sql"
	expect_exit 0 dbarena workload run --url "$URL" --script "$WORK/a.sql@3" --script "$WORK/b.sql@1" \
		--define "note=it's; DROP TABLE marks; --" --connections 1 --tps 0 --transactions 400 --seed 3 --quiet
	local a b
	a=$(e_sql "SELECT COUNT(*) FROM marks WHERE who = 'a'"); b=$(e_sql "SELECT COUNT(*) FROM marks WHERE who = '100'")
	assert_eq 400 "$((a + b))" "rows"
	if [ "$a" -le 240 ] || [ "$a" -ge 360 ]; then fail "weight 3:1 gave $a of 400"; fi
	assert_eq 400 "$(e_sql "SELECT COUNT(*) FROM marks WHERE note = 'it''s; DROP TABLE marks; --'")" "-D text bound as is"
}
test_pgscript_weights() { each_engine ps_weights; }

test_pgscript_errors() {
	# A closed port: a connection attempt would fail with exit 1, so exit 2 shows nothing connected.
	local url="postgres://postgres@127.0.0.1:1/none" f="$WORK/bad.sql" cmd
	for cmd in shell setshell startpipeline; do
		printf '\\set x 1\nSELECT 1;\n\\%s whatever\n' "$cmd" >"$f"
		expect_exit 2 dbarena workload run --url "$url" --script "$f"
		assert_contains "$OUT" "bad.sql:3: \\$cmd is not supported" "\\$cmd"
	done
	printf 'SELECT 1;\n\\frobnicate\n' >"$f"
	expect_exit 2 dbarena workload run --url "$url" --script "$f"
	assert_contains "$OUT" "bad.sql:2: invalid command \\frobnicate" "unknown meta-command"
	printf '\n\n\\set x 1 +\n' >"$f"
	expect_exit 2 dbarena workload run --url "$url" --script "$f"
	assert_contains "$OUT" "bad.sql:3: " "expression syntax error"
	printf '\\set x nosuchfn(1)\n' >"$f"
	expect_exit 2 dbarena workload run --url "$url" --script "$f"
	assert_contains "$OUT" "bad.sql:1: unknown function" "unknown function"
	printf 'SELECT 1;\n\\if 1\nSELECT 2;\n' >"$f"
	expect_exit 2 dbarena workload run --url "$url" --script "$f"
	assert_contains "$OUT" "bad.sql:2: \\if without a matching \\endif" "open \\if"
	printf 'SELECT 1;\n\\else\n' >"$f"
	expect_exit 2 dbarena workload run --url "$url" --script "$f"
	assert_contains "$OUT" "bad.sql:2: \\else without a matching \\if" "stray \\else"
	printf '\\set x 1\n\\gset\n' >"$f"
	expect_exit 2 dbarena workload run --url "$url" --script "$f"
	assert_contains "$OUT" "bad.sql:2: \\gset must follow an SQL command" "\\gset placement"
	printf '\\sleep 10 hours\n' >"$f"
	expect_exit 2 dbarena workload run --url "$url" --script "$f"
	assert_contains "$OUT" "bad.sql:1: unknown time unit" "\\sleep unit"
	expect_exit 2 dbarena workload run --url "$url" --script "$WORK/nonexistent.sql"
	assert_contains "$OUT" "nonexistent.sql" "missing file"
	printf 'SELECT 1;\n' >"$f"
	expect_exit 2 dbarena workload run --url "$url" --script "$f" -D novalue
	expect_exit 2 dbarena workload run --url "$url" --script "$f" --pattern read-heavy
	expect_exit 2 dbarena workload run --url "$url" --script "$f@x"
}

# Runtime: \sleep counts in the latency, an undefined variable fails the run with FILE:LINE.
test_pgscript_runtime() {
	E=pg; e_fresh pgscript_rt
	printf '\\set ms 30\n\\sleep :ms ms\nSELECT 1;\n' >"$WORK/s.sql"
	J="$WORK/rt.json"
	expect_exit 0 dbarena workload run --url "$URL" --script "$WORK/s.sql" --connections 2 --tps 10 --duration 2 --json "$J" --quiet
	local p50
	p50=$(jget "$J" .latency_scheduled.p50_us)
	echo "    p50 $p50 us with a 30 ms \\sleep"
	awk -v v="$p50" 'BEGIN { exit !(v >= 29000) }' || fail "p50 $p50 us with a 30 ms \\sleep"
	printf 'SELECT :nope;\n' >"$WORK/u.sql"
	J="$WORK/rt2.json"
	run dbarena workload run --url "$URL" --script "$WORK/u.sql" --connections 1 --tps 0 --transactions 5 --json "$J" --quiet
	assert_eq 5 "$(jget "$J" .failed)" "undefined variable fails each run"
	assert_contains "$(cat "$J")" "u.sql:1: undefined variable" "the error names FILE:LINE"
}

# The same expressions through pgbench itself and through dbarena give the same values
# (hash functions, integer and double rules; pgbench prints them with debug()).
test_pgscript_same_values_as_pgbench() {
	command -v pgbench >/dev/null || skip "pgbench is not installed"
	E=pg; e_fresh pgscript_vals
	local exprs=("hash_murmur2(5, 42)" "hash_fnv1a(-77, 9)" "hash(123456789, 1)"
		"int(-2.5) + int(3.5) * 10 + 7 / 2 - -7 % 3" "abs(-9) << 3 | 5 # 1" "mod(-17, 5) * (1 + 2 * 3)"
		"least(9, 4, 7) + greatest(1, 2) * 1000" "CASE WHEN 2 > 1 AND NOT false THEN 11 ELSE 12 END"
		"int(sqrt(1000000) + pow(2, 10) + ln(exp(3)))")
	local i p="$WORK/vals_pg.sql" d="$WORK/vals_db.sql" want got
	: >"$p"; : >"$d"
	pg_sql "CREATE TABLE vals (i int PRIMARY KEY, v bigint)" >/dev/null
	for i in "${!exprs[@]}"; do
		printf '\\set v%d debug(%s)\n' "$i" "${exprs[$i]}" >>"$p"
		printf '\\set v%d %s\nINSERT INTO vals (i, v) VALUES (%d, :v%d);\n' "$i" "${exprs[$i]}" "$i" "$i" >>"$d"
	done
	want=$(pgbench -n -t 1 -f "$p" -h 127.0.0.1 -p "$PG_PORT" -U postgres "$DB" 2>&1 | sed -n 's/.*debug(.*): int \(-\{0,1\}[0-9]*\).*/\1/p')
	[ "$(echo "$want" | wc -l)" = "${#exprs[@]}" ] || fail "pgbench printed: $want"
	expect_exit 0 dbarena workload run --url "$URL" --script "$d" --connections 1 --transactions 1 --tps 0 --quiet
	got=$(pg_sql "SELECT v FROM vals ORDER BY i")
	assert_eq "$want" "$got" "values of pgbench and dbarena"
}
