# Hostile and huge input: option numbers, INI files with a BOM or a broken
# header, long messages, and configs with 100,000 sections (linear time,
# and one SIGINT/SIGTERM stops validation and planning at once).

# Milliseconds since the epoch.
now_ms() { date +%s%3N; }

test_input_option_numbers_refused() {
	local opt
	pg_fresh_db input_nums
	pg_sql "CREATE TABLE t (id int PRIMARY KEY)"
	for opt in "--tps NaN" "--tps nan" "--tps inf" "--tps -1" "--duration NaN" "--duration inf" \
		   "--duration -5" "--duration 1e400" "--warmup nan" "--interval inf" "--connections nan" \
		   "--transactions inf" "--max-error-rate nan" "--statement-timeout nan"; do
		# shellcheck disable=SC2086 # OPTION VALUE
		expect_exit 2 dbarena workload run --url "$URL" --pattern oltp $opt --quiet
		assert_contains "$OUT" "dbarena: error: ${opt%% *}: expected a number from" "$opt"
	done
	for opt in 18446744073709551616 99999999999999999999999 9223372036854775808 -1 1.5 0x10 ""; do
		expect_exit 2 dbarena workload run --url "$URL" --pattern oltp --duration 1 --seed "$opt" --quiet
		assert_contains "$OUT" "--seed: expected a whole number from 0 to 9223372036854775807" "workload --seed $opt"
		expect_exit 2 dbarena seed --url "$URL" --config "$ROOT/examples/ecommerce-seed.ini" --seed "$opt" --dry-run
		assert_contains "$OUT" "--seed: expected a whole number from 0 to 9223372036854775807" "seed --seed $opt"
	done
	printf '[seed]\nglobal_seed = 99999999999999999999\n[table t]\ncount = 1\n' > "$WORK/bigseed.ini"
	expect_exit 2 dbarena seed --url "$URL" --config "$WORK/bigseed.ini" --dry-run
	assert_contains "$OUT" "bigseed.ini:2: global_seed must be a whole number"
	# the largest seed is taken as it is and shown as it is
	printf '[table t]\ncount = 1\n' > "$WORK/okseed.ini"
	expect_exit 0 dbarena seed --url "$URL" --config "$WORK/okseed.ini" --seed 9223372036854775807 --dry-run
	assert_contains "$OUT" "seed 9223372036854775807"
	expect_exit 0 dbarena workload run --url "$URL" --pattern read_heavy --duration 0.5 --tps 10 --seed 9223372036854775807 --quiet
}

test_input_ini_bom_is_skipped() {
	pg_fresh_db input_bom
	pg_sql "CREATE TABLE users (id int PRIMARY KEY, name text)"
	printf '\xEF\xBB\xBF[table users]\ncount = 7\n[column users.id]\ngenerator = sequential\n' > "$WORK/bom.ini"
	expect_exit 0 dbarena seed --url "$URL" --config "$WORK/bom.ini" --quiet
	assert_eq 7 "$(pg_sql 'SELECT count(*) FROM users')" "rows seeded from a config with a BOM"
	printf '\xEF\xBB\xBF[workload]\nduration_seconds = 0.5\ntarget_tps = 10\npattern = read_heavy\n' > "$WORK/bom-wl.ini"
	expect_exit 0 dbarena workload run --url "$URL" --config "$WORK/bom-wl.ini" --quiet
}

test_input_ini_unterminated_section_header() {
	pg_fresh_db input_hdr
	pg_sql "CREATE TABLE users (id int PRIMARY KEY)"
	printf '[table users]\ncount = 3\n\n[table users\ncount = 1\n' > "$WORK/hdr.ini"
	expect_exit 2 dbarena seed --url "$URL" --config "$WORK/hdr.ini" --dry-run
	assert_contains "$OUT" "hdr.ini:4: unterminated section header \"[table users\": \"]\" is missing"
	printf '[workload]\nduration_seconds = 1\n[operations\n' > "$WORK/hdr-wl.ini"
	expect_exit 2 dbarena workload run --url "$URL" --config "$WORK/hdr-wl.ini"
	assert_contains "$OUT" "hdr-wl.ini:3: unterminated section header \"[operations\""
}

# A foreign-key cycle through 120 tables with long names: the message names all of them.
test_input_long_error_message_is_whole() {
	local n=120 i cfg=$WORK/cycle.ini last
	pg_fresh_db input_long
	pg_sql "DO \$\$ BEGIN FOR i IN 0..$((n - 1)) LOOP
		EXECUTE format('CREATE TABLE %I (id int PRIMARY KEY, ref int NOT NULL)', 'table_with_a_long_name_' || i);
		END LOOP;
		FOR i IN 0..$((n - 1)) LOOP
		EXECUTE format('ALTER TABLE %I ADD FOREIGN KEY (ref) REFERENCES %I (id)',
			'table_with_a_long_name_' || i, 'table_with_a_long_name_' || ((i + 1) % $n));
		END LOOP; END \$\$"
	: > "$cfg"
	for i in $(seq 0 $((n - 1))); do printf '[table table_with_a_long_name_%d]\ncount = 1\n' "$i" >> "$cfg"; done
	expect_exit 2 dbarena seed --url "$URL" --config "$cfg" --dry-run
	assert_contains "$OUT" "foreign-key cycle between tables:"
	for i in $(seq 0 $((n - 1))); do
		assert_contains "$OUT" "table_with_a_long_name_$i " "table $i in the cycle message"
	done
	last=$(grep -o 'cycle between tables: .*' <<<"$OUT")
	echo "    cycle message: ${#last} bytes"
	[ ${#last} -gt 3000 ] || fail "the message is ${#last} bytes, expected the whole cycle"
}

# 100,000 [table] sections, 100,000 [column] sections, 100,000 continuation lines: each
# checked in well under 5 s (quadratic checking took minutes).
# N SUFFIX: the four huge configs with N sections (or continuation lines) each.
huge_configs() {
	local n=$1 x=$2
	awk -v n="$n" 'BEGIN { print "[seed]"; for (i = 0; i < n; i++) { print "[table t" i "]"; print "count = 1" } }' > "$WORK/h-tables$x.ini"
	awk -v n="$n" 'BEGIN { print "[table t0]"; for (i = 0; i < n; i++) { print "[column t0.c" i "]"; print "generator = sequential" } }' > "$WORK/h-columns$x.ini"
	awk -v n="$n" 'BEGIN { print "[table t0]\n[column t0.s]\ngenerator = enum\nvalues = a"; for (i = 0; i < n; i++) print "  , v" i }' > "$WORK/h-cont$x.ini"
	awk -v n="$n" 'BEGIN { print "[workload]\npattern = read_heavy"; for (i = 0; i < n; i++) { print "[query q" i "]"; print "sql = SELECT " i; print "weight = 0.000001" }
		# checked last (after every query is known): stops the run before it connects
		print "[param q" (n - 1) ".nope]\ngenerator = sequential" }' > "$WORK/h-wl$x.ini"
}

# FILE: sets MS to the time dbarena takes to check (and refuse) it.
time_huge() {
	local t0
	t0=$(now_ms)
	case $1 in
	h-wl*) expect_exit 2 dbarena workload run --url "$URL" --config "$WORK/$1.ini" --duration 1
	       assert_contains "$OUT" "has no placeholder :nope" "the last check of $1" ;;
	*)     expect_exit 2 dbarena seed --url "$URL" --config "$WORK/$1.ini" --dry-run
	       # past validation: the target has none of these tables
	       assert_contains "$OUT" "does not exist in the target" "$1" ;;
	esac
	MS=$(( $(now_ms) - t0 ))
}

# Linear, not quadratic: ten times the sections may take about ten times as long
# (quadratic checking took a hundred times as long: 177 s for 100,000 sections).
# Compared within one run so that a loaded machine slows both sizes alike.
test_input_huge_configs_validate_in_linear_time() {
	local f small
	pg_fresh_db input_huge
	huge_configs 10000 -10k
	huge_configs 100000 ""
	time_huge h-wl
	assert_contains "$OUT" "h-wl.ini:300003: [param q99999.nope]: query \"q99999\" has no placeholder :nope" \
		"the last check of the workload config"
	for f in h-tables h-columns h-cont h-wl; do
		time_huge "$f-10k"; small=$MS
		time_huge "$f"
		echo "    $f: 10,000 in $small ms, 100,000 in $MS ms"
		[ "$MS" -lt $(( 25 * small + 1500 )) ] || fail "$f: 100,000 took $MS ms, 10,000 took $small ms (not linear)"
		[ "$MS" -lt 60000 ] || fail "$f: 100,000 took $MS ms"
	done
}

# dbarena's own process: PID of the binary started in the background with "$@".
start_bg() { "$DBARENA_BIN" --plugin-dir "$BUILD/plugins" "$@" >"$WORK/bg.out" 2>&1 & BG=$!; }

# SIGNAL PID: sends it, and sets STOP_MS (time to exit) and BG_RC.
stop_bg() {
	local t0
	t0=$(now_ms)
	kill -"$1" "$BG"
	wait "$BG"; BG_RC=$?
	STOP_MS=$(( $(now_ms) - t0 ))
}

test_input_signal_stops_validation_at_once() {
	local sig
	pg_fresh_db input_sigval
	awk 'BEGIN { print "[seed]"; for (i = 0; i < 400000; i++) { print "[table t" i "]"; print "count = 1" } }' > "$WORK/sig.ini"
	for sig in INT TERM; do
		start_bg seed --url "$URL" --config "$WORK/sig.ini" --dry-run
		sleep 0.3
		stop_bg $sig
		echo "    SIG$sig during validation: exit $BG_RC after $STOP_MS ms: $(head -n 1 "$WORK/bg.out")"
		assert_eq 130 "$BG_RC" "exit status after SIG$sig"
		assert_contains "$(cat "$WORK/bg.out")" "interrupted while"
		[ "$STOP_MS" -lt 500 ] || fail "SIG$sig took $STOP_MS ms to stop validation"
	done
}

test_input_signal_stops_planning_at_once() {
	local n=3000 i
	pg_fresh_db input_sigplan
	pg_sql "DO \$\$ BEGIN FOR i IN 0..$((n - 1)) LOOP
		EXECUTE format('CREATE TABLE %I (id int PRIMARY KEY, v text)', 't' || i); END LOOP; END \$\$"
	awk -v n=$n 'BEGIN { for (i = 0; i < n; i++) { print "[table t" i "]"; print "count = 1" } }' > "$WORK/plan.ini"
	start_bg seed --url "$URL" --config "$WORK/plan.ini"
	# planning is under way once the session has read a table or two
	for i in $(seq 1 100); do
		[ "$(pg_sql_db postgres "SELECT count(*) FROM pg_stat_activity WHERE datname = '$DB'")" -ge 1 ] && break
		sleep 0.05
	done
	sleep 0.3
	stop_bg INT
	echo "    SIGINT during planning: exit $BG_RC after $STOP_MS ms: $(head -n 1 "$WORK/bg.out")"
	assert_eq 130 "$BG_RC" "exit status"
	assert_contains "$(cat "$WORK/bg.out")" "interrupted while planning"
	[ "$STOP_MS" -lt 500 ] || fail "SIGINT took $STOP_MS ms to stop planning"
	assert_eq 0 "$(pg_sql 'SELECT count(*) FROM t0')" "rows written"
	# a workload reads every table first: the same signal stops it there
	start_bg workload run --url "$URL" --pattern read_heavy --duration 30
	for i in $(seq 1 100); do
		[ "$(pg_sql_db postgres "SELECT count(*) FROM pg_stat_activity WHERE datname = '$DB'")" -ge 1 ] && break
		sleep 0.05
	done
	sleep 0.3
	stop_bg TERM
	echo "    SIGTERM while the workload reads the tables: exit $BG_RC after $STOP_MS ms: $(head -n 1 "$WORK/bg.out")"
	assert_eq 130 "$BG_RC" "workload exit status"
	assert_contains "$(cat "$WORK/bg.out")" "interrupted while"
	[ "$STOP_MS" -lt 500 ] || fail "SIGTERM took $STOP_MS ms to stop the workload's planning"
}

# Names with a newline, a tab, a control byte and a backslash: seed init writes them so
# that seed reads back the same names (and seeds those very tables).
test_input_seed_init_names_with_control_characters() {
	pg_fresh_db input_ctl
	pg_sql "CREATE TABLE \"line
break\" (id int PRIMARY KEY, \"tab	col\" text NOT NULL, \"ctl$(printf '\001')x\" int NOT NULL)"
	pg_sql "CREATE TABLE \"back\\slash\" (id int PRIMARY KEY, parent int NOT NULL REFERENCES \"line
break\" (id))"
	expect_exit 0 dbarena seed init --url "$URL"
	printf '%s\n' "$OUT" > "$WORK/ctl.ini"
	echo "    seed init wrote: $(grep '^\[' "$WORK/ctl.ini" | tr '\n' ' ')"
	assert_contains "$OUT" '[table "line\nbreak"]'
	assert_contains "$OUT" '"tab\tcol"'
	assert_contains "$OUT" '"ctl\x01x"'
	assert_contains "$OUT" '[table "back\\slash"]'
	sed -i 's/^count = [0-9]*$/count = 25/' "$WORK/ctl.ini"
	expect_exit 0 dbarena seed --url "$URL" --config "$WORK/ctl.ini" --quiet
	assert_eq 25 "$(pg_sql "SELECT count(*) FROM \"line
break\" WHERE \"tab	col\" <> ''")" "rows in the table named with a newline"
	assert_eq 25 "$(pg_sql "SELECT count(*) FROM \"back\\slash\" b JOIN \"line
break\" l ON l.id = b.parent")" "rows in the backslash table, their FKs valid"
}

# --json FILE and --csv-dir DIR that cannot be written: refused before anything is done.
test_input_unwritable_outputs_refused_first() {
	local t0 ms
	pg_fresh_db input_out
	pg_sql "CREATE TABLE users (id int PRIMARY KEY, name text)"
	printf '[table users]\ncount = 50\n' > "$WORK/out.ini"
	: > "$WORK/plainfile"
	expect_exit 2 dbarena seed --url "$URL" --config "$WORK/out.ini" --json "$WORK/no/such/dir/r.json" --quiet
	assert_contains "$OUT" "--json: cannot write \"$WORK/no/such/dir/r.json\": No such file or directory"
	expect_exit 2 dbarena seed --url "$URL" --config "$WORK/out.ini" --json "$WORK" --quiet
	assert_contains "$OUT" "Is a directory"
	assert_eq 0 "$(pg_sql 'SELECT count(*) FROM users')" "rows committed by a seed whose report cannot be written"
	expect_exit 2 dbarena seed --url "$URL" --config "$WORK/out.ini" --csv-dir "$WORK/plainfile"
	assert_contains "$OUT" "--csv-dir: cannot write \"$WORK/plainfile\": Not a directory"
	expect_exit 2 dbarena seed --url "$URL" --config "$WORK/out.ini" --csv-dir "$WORK/no/such/dir"
	assert_contains "$OUT" "No such file or directory"
	[ ! -e "$WORK/no" ] || fail "a directory was left behind"
	t0=$(now_ms)
	expect_exit 2 dbarena workload run --url "$URL" --pattern read_heavy --duration 30 --json "$WORK/no/such/w.json" --quiet
	ms=$(( $(now_ms) - t0 ))
	assert_contains "$OUT" "--json: cannot write"
	[ $ms -lt 3000 ] || fail "the workload ran $ms ms before refusing its --json"
	# good paths still work, and the check leaves no file behind on its own
	expect_exit 0 dbarena seed --url "$URL" --config "$WORK/out.ini" --csv-dir "$WORK/csv" --json "$WORK/ok.json" --quiet
	[ -s "$WORK/csv/users.csv" ] && [ -s "$WORK/ok.json" ] || fail "csv or json missing"
	expect_exit 2 dbarena seed --url "$URL" --config "$WORK/nonexistent.ini" --json "$WORK/never.json"
	[ ! -e "$WORK/never.json" ] || fail "the check left an empty --json file"
	if [ "$(id -u)" = 0 ]; then
		mkdir -p "$WORK/rootonly" && chmod 755 "$WORK/rootonly"
		run runuser -u nobody -- "$DBARENA_BIN" --plugin-dir "$BUILD/plugins" seed --url "$URL" \
			--config "$WORK/out.ini" --json "$WORK/rootonly/r.json"
		assert_eq 2 "$RC" "exit status as another user"
		assert_contains "$OUT" "Permission denied"
	fi
}
