# shellcheck shell=bash
# Resource hygiene of `dbarena workload run`: no leak or memory error under valgrind (with a
# forced reconnect on the way), and no descriptor or thread growth across many reconnects.

RS_EX=$ROOT/examples
RS_ROWS_SQL='SELECT (SELECT COUNT(*) FROM users) + (SELECT COUNT(*) FROM products) + (SELECT COUNT(*) FROM orders) + (SELECT COUNT(*) FROM order_items)'

rs_jq() { jq -r "$2" "$1"; } # FILE FILTER
rs_threads() { awk '/^Threads:/ { print $2 }' "/proc/$1/status" 2>/dev/null; }
rs_fds() { # PID: open descriptors of PID
	# shellcheck disable=SC2012 # the entries are numbers
	ls "/proc/$1/fd" 2>/dev/null | wc -l
}

# A fresh database NAME with the e-commerce schema and a small seed (ENGINE pg or my).
rs_ecommerce() { # ENGINE NAME
	if [ "$1" = my ]; then
		my_fresh_db "$2"
		my_sql "$(cat "$RS_EX/ecommerce-mysql.sql")" || fail "schema"
	else
		pg_fresh_db "$2"
		psql -X -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d "$DB" -f "$RS_EX/ecommerce.sql" || fail "schema"
	fi
	expect_exit 0 dbarena seed --url "$URL" --config "$RS_EX/ecommerce-seed.ini" --size small --quiet
}

# Waits until PID runs at least N threads (the workers have started); fails after SECS seconds.
rs_wait_threads() { # PID N SECS WHAT
	local i
	for ((i = 0; i < $3 * 10; i++)); do
		[ "$(rs_threads "$1")" -ge "$2" ] 2>/dev/null && return 0
		kill -0 "$1" 2>/dev/null || fail "$4 ended before its workers started: $(cat "$WORK/$4.out")"
		sleep 0.1
	done
	fail "$4: no $2 threads after $3 s (threads: $(rs_threads "$1"))"
}

# Ends every server session of the workload on DB (not this client's own); prints how many.
rs_drop_sessions() { # ENGINE
	local ids id n=0
	if [ "$1" = pg ]; then
		pg_sql "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
		        WHERE application_name = 'dbarena' AND datname = current_database() AND pid <> pg_backend_pid()"
		return
	fi
	ids=$(my_sql "SELECT id FROM information_schema.processlist WHERE db = DATABASE() AND id <> CONNECTION_ID()")
	for id in $ids; do my_sql "KILL CONNECTION $id" 2>/dev/null && n=$((n + 1)); done
	echo "$n"
}

# A 3 s OLTP run under valgrind; once the workers run, their sessions are ended from the server
# side, so the reconnect path (statements dropped, connection freed and reopened) is checked too.
rs_valgrind_workload() { # ENGINE
	local vg=(valgrind -q --leak-check=full --errors-for-leak-kinds=definite --error-exitcode=99)
	command -v valgrind >/dev/null || skip "valgrind not installed"
	# A sanitizer build (make check SANITIZE=...) has its own leak checker; valgrind cannot run it.
	readelf -d "$DBARENA_BIN" | grep -q "libasan\|libubsan" && skip "sanitizer build: LeakSanitizer checks leaks instead of valgrind"
	local eng=$1 name=rs_vg_$1 j="$WORK/rs_vg_$1.json" pid rc before after dropped ins del failed
	rs_ecommerce "$eng" "$name"
	if [ "$eng" = my ]; then before=$(my_sql "$RS_ROWS_SQL"); else before=$(pg_sql "$RS_ROWS_SQL"); fi
	"${vg[@]}" "$DBARENA_BIN" --plugin-dir "$BUILD/plugins" workload run --url "$URL" --pattern oltp \
		--duration 5 --connections 2 --tps 200 --json "$j" >"$WORK/$name.out" 2>&1 &
	pid=$!
	# shellcheck disable=SC2064 # pid is local: expand it now
	trap "kill $pid 2>/dev/null" EXIT
	rs_wait_threads "$pid" 3 60 "$name"
	sleep 0.5
	dropped=$(rs_drop_sessions "$eng")
	wait "$pid"
	rc=$?
	trap - EXIT
	[ "$rc" = 0 ] || fail "workload under valgrind: exit $rc; $(cat "$WORK/$name.out")"
	# Below the failing kinds (e.g. "possibly lost" in a library): shown, not failed.
	grep '^==[0-9]*==' "$WORK/$name.out" | sed 's/^/    valgrind: /' | head -n 40
	assert_contains "$(cat "$WORK/$name.out")" "successful," "summary"
	echo "    $eng under valgrind: $(rs_jq "$j" .successful) successful, $(rs_jq "$j" .failed) failed, $dropped sessions ended, $(rs_jq "$j" .reconnects) reconnects"
	[ "$(rs_jq "$j" .successful)" -gt 0 ] || fail "no successful transaction: $(cat "$WORK/$name.out")"
	[ "$dropped" -ge 1 ] || fail "no workload session was found to end"
	[ "$(rs_jq "$j" .reconnects)" -ge 1 ] || fail "no reconnect after $dropped sessions were ended"
	rs_jq "$j" '[.errors[].class] - ["connection"] | length == 0' | grep -q true ||
		fail "errors other than the ended sessions: $(jq -c .errors "$j")"
	# Every insert and delete reported as done landed; only the statements cut by the kill are in doubt.
	if [ "$eng" = my ]; then after=$(my_sql "$RS_ROWS_SQL"); else after=$(pg_sql "$RS_ROWS_SQL"); fi
	ins=$(rs_jq "$j" .operations.insert.successful)
	del=$(rs_jq "$j" .operations.delete.successful)
	failed=$(rs_jq "$j" .failed)
	local diff=$((after - (before + ins - del)))
	[ "${diff#-}" -le "$failed" ] || fail "rows: $before before, $after after $ins inserts and $del deletes ($failed failed)"
}

test_resources_valgrind_workload_postgres() { rs_valgrind_workload pg; }
test_resources_valgrind_workload_mariadb() { rs_valgrind_workload my; }

# 60 s of OLTP while every workload session is ended from the server every 5 s: the process
# must not keep more descriptors or threads at the end than at the start.
test_resources_no_fd_or_thread_growth() {
	local conns=4 dur=60 j="$WORK/rs_fd.json" out="$WORK/rs_fd.out" pid rc exe k t0 now delay
	local fds=() thr=() dropped=0 n f1=0 f2=0 t1=0 t2=0
	rs_ecommerce pg rs_fd
	# The binary itself, not the dbarena() wrapper: its /proc entry is what is sampled.
	# --max-error-rate 100: the forced disconnects fail a few transactions, which is expected here.
	"$DBARENA_BIN" --plugin-dir "$BUILD/plugins" workload run --url "$URL" --pattern oltp \
		--duration "$dur" --connections "$conns" --tps 300 --max-error-rate 100 --json "$j" --quiet >"$out" 2>&1 &
	pid=$!
	# shellcheck disable=SC2064 # pid is local: expand it now
	trap "kill $pid 2>/dev/null" EXIT
	rs_wait_threads "$pid" $((conns + 1)) 30 rs_fd
	exe=$(readlink "/proc/$pid/exe")
	assert_eq "$(readlink -f "$DBARENA_BIN")" "$exe" "sampled process"
	# One sample a second from the moment the workers run: k = 0 .. dur-2, all inside the run.
	t0=${EPOCHREALTIME/[.,]/}
	for ((k = 0; k <= dur - 2; k++)); do
		now=${EPOCHREALTIME/[.,]/}
		delay=$((t0 + k * 1000000 - now))
		[ "$delay" -gt 0 ] && sleep "$(printf '%d.%06d' $((delay / 1000000)) $((delay % 1000000)))"
		kill -0 "$pid" 2>/dev/null || fail "the workload ended after ${k} s of $dur: $(cat "$out")"
		fds[k]=$(rs_fds "$pid")
		thr[k]=$(rs_threads "$pid")
		# Reconnects every 5 s, at 3, 8, ... 58 s: two rounds in each window compared below.
		if [ $((k % 5)) = 3 ]; then
			n=$(rs_drop_sessions pg) || fail "could not end the workload sessions"
			dropped=$((dropped + n))
		fi
	done
	wait "$pid"
	rc=$?
	trap - EXIT
	assert_eq 0 "$rc" "exit status: $(cat "$out")"
	# First window: samples 0-9 s after the workers started; last: 49-58 s (the run ends at 60 s).
	for ((k = 0; k < 10; k++)); do
		[ "${fds[k]}" -gt "$f1" ] && f1=${fds[k]}
		[ "${thr[k]}" -gt "$t1" ] && t1=${thr[k]}
	done
	for ((k = dur - 11; k <= dur - 2; k++)); do
		[ "${fds[k]}" -gt "$f2" ] && f2=${fds[k]}
		[ "${thr[k]}" -gt "$t2" ] && t2=${thr[k]}
	done
	echo "    descriptors: max $f1 in the first 10 s, max $f2 in the last 10 s"
	echo "    threads:     max $t1 in the first 10 s, max $t2 in the last 10 s"
	echo "    sessions ended: $dropped; reconnects: $(rs_jq "$j" .reconnects); transactions: $(rs_jq "$j" .successful) successful, $(rs_jq "$j" .failed) failed"
	echo "    descriptor samples: ${fds[*]}"
	echo "    thread samples:     ${thr[*]}"
	[ "$f2" -le "$f1" ] || fail "open descriptors grew from $f1 to $f2 over $dropped forced reconnects"
	[ "$t2" -le "$t1" ] || fail "threads grew from $t1 to $t2 over $dropped forced reconnects"
	[ "$(rs_jq "$j" .reconnects)" -ge 8 ] || fail "only $(rs_jq "$j" .reconnects) reconnects after $dropped sessions were ended"
	# The run went on between the drops: all but a few of the 18000 transactions succeeded.
	[ "$(rs_jq "$j" .successful)" -ge $((300 * dur * 95 / 100)) ] ||
		fail "only $(rs_jq "$j" .successful) successful transactions of $(rs_jq "$j" .total)"
}
