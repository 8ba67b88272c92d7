# shellcheck shell=bash
# Workload suite (SPEC section 3).  ENGINE=pg (default) or my: t_workload_mysql.sh runs the
# same checks against MariaDB; what reached the database is read with the server's own client.
ENGINE=${ENGINE:-pg}
EX=$ROOT/examples

wl_db_fresh() { if [ "$ENGINE" = my ]; then my_fresh_db "$1"; else pg_fresh_db "$1"; fi; }
wl_sql() { if [ "$ENGINE" = my ]; then my_sql "$1"; else pg_sql "$1"; fi; }
# A fresh database with the e-commerce schema and a small seed.
wl_ecommerce() {
	wl_db_fresh "$1"
	if [ "$ENGINE" = my ]; then my_sql "$(cat "$EX/ecommerce-mysql.sql")"; else pg_sql "$(cat "$EX/ecommerce.sql")" >/dev/null; fi
	expect_exit 0 dbarena seed --url "$URL" --config "$EX/ecommerce-seed.ini" --size small --quiet
}
wl_rows() { wl_sql "SELECT (SELECT COUNT(*) FROM users) + (SELECT COUNT(*) FROM products) + (SELECT COUNT(*) FROM orders) + (SELECT COUNT(*) FROM order_items)"; }

test_workload_patterns_list() {
	expect_exit 0 dbarena workload patterns
	local p
	for p in oltp ecommerce olap reporting time_series social_media iot read_heavy write_heavy balanced; do
		assert_contains "$OUT" "$p" "pattern $p listed"
	done
	assert_contains "$OUT" "40 / 30 / 25 / 5" "oltp mix"
	assert_contains "$OUT" "95 / 3 / 2 / 0" "reporting mix"
	assert_contains "$OUT" "time-series, timeseries" "aliases"
}

# Every built-in pattern for 2 s: nothing fails, selects run, and ROWSFN's count moves by exactly
# the inserts minus the deletes.
wl_every_pattern() { # ROWSFN JSON_PREFIX
	local p before after ins del j
	for p in oltp ecommerce olap reporting time_series social_media iot read_heavy write_heavy balanced; do
		before=$("$1")
		j="$WORK/$2_$p.json"
		expect_exit 0 dbarena workload run --url "$URL" --pattern "$p" --connections 4 --tps 50 --duration 2 \
			--json "$j" --quiet
		after=$("$1")
		assert_eq 100 "$(jget "$j" .total)" "$p: scheduled transactions"
		assert_eq 0 "$(jget "$j" .failed)" "$p: failed ($(jget "$j" '.errors[0].sample // ""'))"
		ins=$(jget "$j" .operations.insert.successful)
		del=$(jget "$j" .operations.delete.successful)
		assert_eq "$((before + ins - del))" "$after" "$p: rows after $ins inserts and $del deletes"
		[ "$(jget "$j" .operations.select.successful)" -gt 0 ] || fail "$p: no select ran"
	done
}

test_workload_every_pattern_changes_rows() {
	wl_ecommerce wl_patterns
	wl_every_pattern wl_rows wl
	# FK integrity after all of it.
	assert_eq 0 "$(wl_sql 'SELECT COUNT(*) FROM order_items i LEFT JOIN orders o ON o.id = i.order_id WHERE o.id IS NULL')" "orphan items"
	assert_eq 0 "$(wl_sql "SELECT COUNT(*) FROM orders WHERE status NOT IN ('pending','on hold','shipped','delivered','cancelled')")" "order status values"
}

test_workload_updates_reach_the_database() {
	wl_ecommerce wl_updates
	local j="$WORK/wl_upd.json" upd
	wl_sql "UPDATE orders SET created_at = '2020-01-01'" >/dev/null
	expect_exit 0 dbarena workload run --url "$URL" --pattern write_heavy --tables orders --connections 2 \
		--tps 100 --duration 2 --json "$j" --quiet
	upd=$(jget "$j" .operations.update.successful)
	[ "$upd" -gt 20 ] || fail "only $upd updates"
	[ "$(wl_sql "SELECT COUNT(*) FROM orders WHERE created_at > '2020-01-01'")" -ge $((upd / 2)) ] ||
		fail "updates did not change orders.created_at"
}

test_workload_tps_accuracy() {
	wl_ecommerce wl_tps
	local j="$WORK/wl_tps.json" tput
	expect_exit 0 dbarena workload run --url "$URL" --pattern read_heavy --connections 4 --tps 200 --duration 3 \
		--json "$j" --quiet
	tput=$(jget "$j" .throughput_tps)
	awk -v t="$tput" 'BEGIN { exit !(t >= 196 && t <= 204) }' || fail "throughput $tput not within 2 % of 200"
	assert_eq 600 "$(jget "$j" .total)" "transactions in 3 s at 200 tps"
	assert_eq 0 "$(jget "$j" .not_started)" "scheduled transactions that never started"
	# Poisson arrivals: the same mean rate, seeded gaps.
	printf '[workload]\npattern = read_heavy\narrival = poisson\nseed = 3\n' >"$WORK/wl_poisson.ini"
	expect_exit 0 dbarena workload run --url "$URL" --config "$WORK/wl_poisson.ini" --connections 4 --tps 200 \
		--duration 2 --json "$j" --quiet
	tput=$(jget "$j" .total)
	if [ "$tput" -lt 340 ] || [ "$tput" -gt 460 ]; then fail "poisson arrivals gave $tput transactions for a mean of 400"; fi
	assert_eq 0 "$(jget "$j" .not_started)" "poisson: scheduled transactions that never started"
}

test_workload_exact_transaction_count() {
	wl_ecommerce wl_count
	local j="$WORK/wl_count.json"
	expect_exit 0 dbarena workload run --url "$URL" --pattern oltp --connections 4 --tps 0 --transactions 500 \
		--json "$j" --quiet
	assert_eq 500 "$(jget "$j" .total)" "transactions"
	assert_contains "$OUT" "total:       500 transactions" "summary"
}

test_workload_custom_queries() {
	wl_ecommerce wl_custom
	local j="$WORK/wl_custom.json"
	expect_exit 0 dbarena workload run --url "$URL" --config "$EX/ecommerce-workload.ini" --duration 2 --tps 100 \
		--json "$j" --quiet
	assert_eq 0 "$(jget "$j" .failed)" "failed ($(jget "$j" '.errors[0].sample // ""'))"
	[ "$(jget "$j" .operations.recent_orders.successful)" -gt 30 ] || fail "recent_orders ran too rarely"
	[ "$(jget "$j" .operations.order_value.successful)" -gt 5 ] || fail "order_value ran too rarely"
	assert_contains "$OUT" "recent_orders" "summary row"
}

bad_wl() { # NAME TEXT EXPECTED: exit 2, FILE:LINE, before any connection
	printf '%b' "$2" >"$WORK/$1.ini"
	expect_exit 2 dbarena workload run --url "postgres://postgres:x@127.0.0.1:1/none" --config "$WORK/$1.ini"
	assert_contains "$OUT" "$3" "message for $1"
}

test_workload_bad_configs() {
	local q='[workload]\npattern = oltp\n[query q]\nsql = SELECT * FROM users WHERE id = :id\nweight = 0.5\n'
	bad_wl wl_noparam "$q" "wl_noparam.ini:3: [query q] uses :id but there is no [param q.id]"
	bad_wl wl_badph "${q}[param q.user]\ngenerator = random_int\n" "wl_badph.ini:6: [param q.user]: query \"q\" has no placeholder :user"
	bad_wl wl_badq "${q}[param x.id]\ngenerator = random_int\n" "wl_badq.ini:6: [param x.id] names unknown query \"x\""
	bad_wl wl_key '[workload]\npattern = oltp\nspeed = 3\n' "wl_key.ini:3: unknown key \"speed\" in [workload]"
	bad_wl wl_sect '[workload]\npattern = oltp\n[load]\n' "wl_sect.ini:3: unknown section [load]"
	bad_wl wl_over "${q}[param q.id]\ngenerator = random_int\n[query r]\nsql = SELECT 1\nweight = 0.6\n" "weights sum to 1.1, more than 1"
	bad_wl wl_reach '[operations]\nselect_weight = 0.5\ninsert_weight = 0.2\n' "the mix cannot reach 1"
	bad_wl wl_pat '[workload]\npattern = nope\n' "wl_pat.ini:2: unknown pattern \"nope\""
	bad_wl wl_gen "${q}[param q.id]\ngenerator = random_intt\n" "wl_gen.ini:6: unknown generator"
	# :: casts and quoted colons are not placeholders
	printf '[query q]\nsql = SELECT %s::int, '"'"':x'"'"' FROM users WHERE id = :id\nweight = 1\n[param q.id]\ngenerator = random_int\nmin = 1\nmax = 5\n' \
		"'7'" >"$WORK/wl_cast.ini"
	if [ "$ENGINE" = pg ]; then
		wl_ecommerce wl_cast
		expect_exit 0 dbarena workload run --url "$URL" --config "$WORK/wl_cast.ini" --transactions 20 --tps 0 \
			--connections 1 --json "$WORK/wl_cast.json" --quiet
		assert_eq 20 "$(jget "$WORK/wl_cast.json" .operations.q.successful)" "query with a :: cast"
	fi
}

test_workload_coordinated_omission() {
	wl_ecommerce wl_co
	local j="$WORK/wl_co.json" locker p99
	printf '[workload]\ntables = users\n[operations]\nselect_weight = 1\nuse_joins = false\nuse_aggregations = false\n' \
		>"$WORK/wl_co.ini"
	(sleep 1; if [ "$ENGINE" = my ]; then my_sql "LOCK TABLES users WRITE; DO SLEEP(1); UNLOCK TABLES";
	 else pg_sql "BEGIN; LOCK TABLE users IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(1); COMMIT" >/dev/null; fi) &
	locker=$!
	expect_exit 0 dbarena workload run --url "$URL" --config "$WORK/wl_co.ini" --connections 4 --tps 100 \
		--duration 3 --json "$j" --quiet
	wait "$locker"
	p99=$(jget "$j" .latency_scheduled.p99_us)
	awk -v p="$p99" 'BEGIN { exit !(p >= 800000) }' || fail "scheduled p99 ${p99}us hides the 1 s stall"
	assert_eq 300 "$(jget "$j" .total)" "transactions"
}

test_workload_sigint_prints_summary() {
	wl_ecommerce wl_int
	# The binary itself, not the dbarena() wrapper: the signal must reach it, not a subshell.
	"$DBARENA_BIN" --plugin-dir "$BUILD/plugins" workload run --url "$URL" --pattern oltp --connections 2 \
		--tps 50 --duration 20 --quiet >"$WORK/wl_int.out" 2>&1 &
	local pid=$! rc
	sleep 1.5
	kill -INT "$pid"
	wait "$pid"
	rc=$?
	assert_eq 130 "$rc" "exit status after SIGINT"
	assert_contains "$(cat "$WORK/wl_int.out")" "transactions (" "summary after SIGINT"
	assert_contains "$(cat "$WORK/wl_int.out")" "latency" "latency table after SIGINT"
}

test_workload_server_restart() {
	[ "$ENGINE" = pg ] || skip "PostgreSQL restart drill (MariaDB has its own)"
	wl_ecommerce wl_restart
	local j="$WORK/wl_restart.json" wl harness=$$
	dbarena workload run --url "$URL" --pattern read_heavy --connections 2 --tps 50 --duration 4 \
		--json "$j" --quiet >"$WORK/wl_restart.out" 2>&1 &
	wl=$!
	sleep 1
	pg_restart || fail "PostgreSQL did not come back"
	# run.sh stops the server it started by PID: stop the restarted one when run.sh is gone.
	local newpid=$PG_PID
	(while kill -0 "$harness" 2>/dev/null; do sleep 1; done; kill -INT "$newpid" 2>/dev/null) </dev/null >/dev/null 2>&1 &
	wait "$wl"
	assert_eq 0 "$?" "exit status: $(cat "$WORK/wl_restart.out")"
	[ "$(jget "$j" .reconnects)" -ge 1 ] || fail "no reconnect counted"
	[ "$(jget "$j" .successful)" -gt 100 ] || fail "the run did not go on after the restart"
}

test_workload_max_error_rate() {
	wl_ecommerce wl_errs
	printf '[workload]\npattern = read_heavy\n[query broken]\nsql = SELECT * FROM no_such_table\nweight = 0.5\n' >"$WORK/wl_errs.ini"
	expect_exit 1 dbarena workload run --url "$URL" --config "$WORK/wl_errs.ini" --connections 2 --tps 100 \
		--duration 1 --max-error-rate 0 --json "$WORK/wl_errs.json"
	assert_contains "$OUT" "max-error-rate" "message"
	assert_eq syntax "$(jget "$WORK/wl_errs.json" '.errors[0].class')" "error class"
	[ "$(jget "$WORK/wl_errs.json" .operations.broken.failed)" -gt 10 ] || fail "failures not counted"
}

test_workload_example_configs() {
	wl_ecommerce wl_examples
	local f j
	for f in oltp ecommerce custom-mix custom-sql; do
		j="$WORK/wl_ex_$f.json"
		expect_exit 0 dbarena workload run --url "$URL" --config "$EX/$f-workload.ini" --duration 2 --tps 100 \
			--connections 4 --warmup 0 --json "$j" --quiet
		assert_eq 0 "$(jget "$j" .failed)" "$f: failed ($(jget "$j" '.errors[0].sample // ""'))"
		# 200 scheduled; the oltp example uses Poisson arrivals, so allow for their spread
		[ "$(jget "$j" .successful)" -ge 150 ] || fail "$f: only $(jget "$j" .successful) transactions"
	done
	assert_eq 0 "$(wl_sql 'SELECT COUNT(*) FROM order_items i LEFT JOIN orders o ON o.id = i.order_id WHERE o.id IS NULL')" "orphans"
}

test_workload_placeholders_reach_server_as_parameters() {
	[ "$ENGINE" = pg ] || skip "reads pg_stat_activity"
	wl_ecommerce wl_params
	local pid seen=""
	printf '[workload]\nconnections = 2\ntarget_tps = 0\n[query slow]\nsql = SELECT pg_sleep(0.3), :v::int AS v\nweight = 1\n[param slow.v]\ngenerator = random_int\nmin = 1\nmax = 9\n' \
		>"$WORK/params.ini"
	"$DBARENA_BIN" --plugin-dir "$BUILD/plugins" workload run --url "$URL" --config "$WORK/params.ini" \
		--duration 2 --quiet >/dev/null 2>&1 &
	pid=$!
	for _ in 1 2 3 4 5 6 7 8; do
		sleep 0.2
		seen=$(pg_sql "SELECT query FROM pg_stat_activity WHERE query LIKE '%pg_sleep(0.3)%' AND pid <> pg_backend_pid() LIMIT 1")
		[ -n "$seen" ] && break
	done
	wait $pid
	# shellcheck disable=SC2016 # the literal text $1::int
	assert_contains "$seen" '$1::int' "statement text on the server"
}

# ---- composite primary keys ----

# Timestamp type for the composite-key schemas.
wl_ts() { if [ "$ENGINE" = my ]; then echo "datetime(6)"; else echo timestamp; fi; }

# A fresh database with a junction table whose key is two FKs (order_items) and one whose key
# has a part of its own (order_lines: order_id, line_no), seeded by dbarena seed.
wl_composite() {
	wl_db_fresh "$1"
	local ts
	ts=$(wl_ts)
	wl_sql "CREATE TABLE customers (id bigint PRIMARY KEY, name varchar(60) NOT NULL);
CREATE TABLE products (id bigint PRIMARY KEY, name varchar(60) NOT NULL, price numeric(10,2) NOT NULL);
CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL, created_at $ts NOT NULL,
  FOREIGN KEY (customer_id) REFERENCES customers (id));
CREATE TABLE order_items (order_id bigint NOT NULL, product_id bigint NOT NULL, quantity integer NOT NULL,
  added_at $ts NOT NULL, PRIMARY KEY (order_id, product_id),
  FOREIGN KEY (order_id) REFERENCES orders (id), FOREIGN KEY (product_id) REFERENCES products (id));
CREATE TABLE order_lines (order_id bigint NOT NULL, line_no integer NOT NULL, note varchar(80) NOT NULL,
  amount numeric(10,2) NOT NULL, PRIMARY KEY (order_id, line_no),
  FOREIGN KEY (order_id) REFERENCES orders (id))" >/dev/null
	# One item per order (order_id sequential) keeps the seeded pairs unique; line_no 1..200.
	cat >"$WORK/$1-seed.ini" <<'INI'
[seed]
global_seed = 11
[table customers]
count = 50
[column customers.id]
generator = sequential
[table products]
count = 20
[column products.id]
generator = sequential
[table orders]
count = 200
[column orders.id]
generator = sequential
[column orders.customer_id]
generator = foreign_key
references = customers.id
[table order_items]
count = 200
[column order_items.order_id]
generator = sequential
[column order_items.product_id]
generator = foreign_key
references = products.id
[column order_items.quantity]
generator = random_int
min = 1
max = 5
[table order_lines]
count = 200
[column order_lines.order_id]
generator = foreign_key
references = orders.id
[column order_lines.line_no]
generator = sequential
INI
	expect_exit 0 dbarena seed --url "$URL" --config "$WORK/$1-seed.ini" --quiet
}
wl_composite_rows() { wl_sql "SELECT (SELECT COUNT(*) FROM customers) + (SELECT COUNT(*) FROM products) + (SELECT COUNT(*) FROM orders) + (SELECT COUNT(*) FROM order_items) + (SELECT COUNT(*) FROM order_lines)"; }
wl_composite_orphans() {
	wl_sql "SELECT (SELECT COUNT(*) FROM order_items i LEFT JOIN orders o ON o.id = i.order_id WHERE o.id IS NULL)
	  + (SELECT COUNT(*) FROM order_items i LEFT JOIN products p ON p.id = i.product_id WHERE p.id IS NULL)
	  + (SELECT COUNT(*) FROM order_lines l LEFT JOIN orders o ON o.id = l.order_id WHERE o.id IS NULL)"
}

test_workload_composite_key() {
	wl_composite wl_ck
	local j before after ins del upd
	# Every pattern over the whole schema: nothing fails, the counts add up.
	wl_every_pattern wl_composite_rows wl_ck
	assert_eq 0 "$(wl_composite_orphans)" "rows without their parent after the patterns"

	# Junction table alone (key = two FKs): every operation by the full key.
	wl_sql "UPDATE order_items SET added_at = '2020-01-01'" >/dev/null
	before=$(wl_sql "SELECT COUNT(*) FROM order_items")
	j="$WORK/wl_ck_items.json"
	expect_exit 0 dbarena workload run --url "$URL" --pattern oltp --tables order_items --connections 4 \
		--tps 100 --duration 3 --json "$j" --quiet
	assert_eq 0 "$(jget "$j" .failed)" "order_items: failed ($(jget "$j" '.errors[0].sample // ""'))"
	assert_eq 0 "$(jget "$j" '[.errors[] | select(.class == "syntax")] | length')" "order_items: syntax errors"
	ins=$(jget "$j" .operations.insert.successful)
	upd=$(jget "$j" .operations.update.successful)
	del=$(jget "$j" .operations.delete.successful)
	[ "$ins" -gt 30 ] || fail "order_items: only $ins inserts"
	[ "$upd" -gt 20 ] || fail "order_items: only $upd updates"
	[ "$del" -gt 0 ] || fail "order_items: no delete"
	[ "$(jget "$j" .operations.select.successful)" -gt 50 ] || fail "order_items: too few selects"
	assert_eq "$((before + ins - del))" "$(wl_sql "SELECT COUNT(*) FROM order_items")" \
		"order_items rows after $ins inserts and $del deletes"
	# Seeded rows have quantity 1..5 (inserted ones a generated quantity): updates reached them.
	[ "$(wl_sql "SELECT COUNT(*) FROM order_items WHERE quantity <= 5 AND added_at > '2021-01-01'")" -ge $((upd / 2)) ] ||
		fail "updates did not change order_items.added_at"
	[ "$(wl_sql "SELECT COUNT(*) FROM order_items WHERE quantity > 5")" -ge 1 ] || fail "no inserted order_items row left"
	assert_eq 0 "$(wl_sql "SELECT COUNT(*) FROM (SELECT order_id, product_id FROM order_items GROUP BY order_id, product_id HAVING COUNT(*) > 1) d")" \
		"duplicate keys"

	# A key with a part of its own (line_no): inserts continue after the existing line numbers.
	wl_sql "UPDATE order_lines SET amount = 0" >/dev/null
	before=$(wl_sql "SELECT COUNT(*) FROM order_lines")
	j="$WORK/wl_ck_lines.json"
	expect_exit 0 dbarena workload run --url "$URL" --pattern write_heavy --tables order_lines --connections 4 \
		--tps 100 --duration 3 --json "$j" --quiet
	assert_eq 0 "$(jget "$j" .failed)" "order_lines: failed ($(jget "$j" '.errors[0].sample // ""'))"
	ins=$(jget "$j" .operations.insert.successful)
	upd=$(jget "$j" .operations.update.successful)
	del=$(jget "$j" .operations.delete.successful)
	[ "$ins" -gt 50 ] || fail "order_lines: only $ins inserts"
	[ "$upd" -gt 40 ] || fail "order_lines: only $upd updates"
	[ "$del" -gt 0 ] || fail "order_lines: no delete"
	assert_eq "$((before + ins - del))" "$(wl_sql "SELECT COUNT(*) FROM order_lines")" \
		"order_lines rows after $ins inserts and $del deletes"
	[ "$(wl_sql "SELECT COUNT(*) FROM order_lines WHERE line_no > 200")" -ge 1 ] || fail "no inserted order_lines row left"
	[ "$(wl_sql "SELECT COUNT(*) FROM order_lines WHERE amount > 0")" -ge $((upd / 2)) ] ||
		fail "updates did not change order_lines.amount"
	assert_eq 0 "$(wl_composite_orphans)" "rows without their parent at the end"
}

test_workload_composite_key_parent_and_clock() {
	wl_composite wl_ck2
	local j ts
	ts=$(wl_ts)
	[ "$ENGINE" = my ] && ts=datetime # whole seconds: the key clock steps by 1 s
	# A child whose FK is the parent's whole composite key, and a time-keyed table.
	wl_sql "CREATE TABLE line_notes (id bigint PRIMARY KEY, order_id bigint NOT NULL, line_no integer NOT NULL,
  body varchar(80) NOT NULL, FOREIGN KEY (order_id, line_no) REFERENCES order_lines (order_id, line_no));
CREATE TABLE readings (customer_id bigint NOT NULL, taken_at $ts NOT NULL, reading numeric(8,2) NOT NULL,
  PRIMARY KEY (customer_id, taken_at), FOREIGN KEY (customer_id) REFERENCES customers (id))" >/dev/null
	j="$WORK/wl_ck_notes.json"
	expect_exit 0 dbarena workload run --url "$URL" --pattern write_heavy --tables line_notes --connections 4 \
		--tps 100 --duration 2 --json "$j" --quiet
	assert_eq 0 "$(jget "$j" .failed)" "line_notes: failed ($(jget "$j" '.errors[0].sample // ""'))"
	[ "$(jget "$j" .operations.insert.successful)" -gt 40 ] || fail "line_notes: too few inserts"
	assert_eq 0 "$(wl_sql "SELECT COUNT(*) FROM line_notes n LEFT JOIN order_lines l ON l.order_id = n.order_id AND l.line_no = n.line_no WHERE l.order_id IS NULL")" \
		"notes without their line"
	# A timestamp key part: inserts stamped with a clock that never repeats a key (iot: 75 % inserts);
	# a second run right after the first does not meet the first one's stamps either.
	local n=0 r
	for r in 1 2; do
		j="$WORK/wl_ck_iot$r.json"
		expect_exit 0 dbarena workload run --url "$URL" --pattern iot --tables readings --connections 4 \
			--tps 100 --duration 2 --json "$j" --quiet
		assert_eq 0 "$(jget "$j" .failed)" "readings, run $r: failed ($(jget "$j" '.errors[0].sample // ""'))"
		[ "$(jget "$j" .operations.insert.successful)" -gt 100 ] || fail "readings, run $r: too few inserts"
		[ "$(jget "$j" .operations.select.successful)" -gt 0 ] || fail "readings, run $r: no select"
		n=$((n + $(jget "$j" .operations.insert.successful) - $(jget "$j" .operations.delete.successful)))
	done
	assert_eq "$n" "$(wl_sql "SELECT COUNT(*) FROM readings")" "readings rows"
	# A foreign_key param needs a single-column key to draw from: part of a composite one is refused.
	printf '[query q]\nsql = SELECT * FROM order_items WHERE order_id = :o\nweight = 1\n[param q.o]\ngenerator = foreign_key\nreferences = order_items.order_id\n' \
		>"$WORK/wl_ck_param.ini"
	expect_exit 2 dbarena workload run --url "$URL" --config "$WORK/wl_ck_param.ini" --transactions 5 --quiet
	assert_contains "$OUT" "references order_items.order_id, which is not a single-column primary key of the target" \
		"message for a param on part of a composite key"
}

# A table whose non-key columns are all text still gets UPDATEs: a column with repeating values
# (a CHECK list) takes another existing value, never one outside the list.
test_workload_text_only_table_updates() {
	local j="$WORK/wl_text.json"
	wl_db_fresh wl_text
	wl_sql "CREATE TABLE ticket (id int PRIMARY KEY, state varchar(10) NOT NULL CHECK (state IN ('new', 'open', 'closed')), title varchar(200) NOT NULL)" >/dev/null
	printf '[table ticket]\ncount = 200\n[column ticket.id]\ngenerator = sequential\n[column ticket.state]\ngenerator = enum\nvalues = new, open, closed\n[column ticket.title]\ngenerator = text\n' > "$WORK/wl_text.ini"
	expect_exit 0 dbarena seed --url "$URL" --config "$WORK/wl_text.ini" --quiet
	expect_exit 0 dbarena workload run --url "$URL" --pattern write_heavy --tables ticket --duration 2 --tps 100 \
		--json "$j" --quiet
	[ "$(jget "$j" .operations.update.successful)" -gt 20 ] ||
		fail "updates: $(jq -c .operations.update "$j")"
	assert_eq "[]" "$(jq -c .errors "$j")" "errors"
	assert_eq 0 "$(wl_sql "SELECT COUNT(*) FROM ticket WHERE state NOT IN ('new', 'open', 'closed')")" "states outside the list"
}
