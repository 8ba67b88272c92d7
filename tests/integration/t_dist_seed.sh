# seed --worker I/N: three workers with a barrier load exactly the rows of one seed
# (chinook from tests/corpus, FKs over three levels), compared table by table with the
# server's own client: row counts and a checksum of every row.  A failing worker leaves
# its share rolled back and the others give up at the barrier; bad worker specs exit 2.
DS_NOW="2026-01-15 12:00:00"

ds_schema() { # ENGINE DB
	if [ "$1" = pg ]; then pg_fresh_db "$2"; pg_sql "$(cat "$ROOT/tests/corpus/chinook.pg.sql")" >/dev/null
	else my_fresh_db "$2"; my_sql "$(cat "$ROOT/tests/corpus/chinook.my.sql")"; fi
}

ds_ini() { # ENGINE: the config of `seed init`, 3000 rows a table, keys generated (sequential) so that tables split
	local t
	printf '%s\n' "$OUT" | sed 's/^count = .*/count = 3000/' > "$WORK/ds.ini"
	for t in artist album customer employee genre invoice invoice_line media_type playlist track; do
		if [ "$1" = pg ]; then printf '\n[column %s.%s_id]\ngenerator = sequential\n' "$t" "$t"
		else printf '\n[column %s.%sId]\ngenerator = sequential\n' "$(ds_my_name "$t")" "$(ds_my_name "$t")"; fi
	done >> "$WORK/ds.ini"
}

ds_my_name() { # invoice_line -> InvoiceLine (the MariaDB chinook's names)
	sed -E 's/(^|_)([a-z])/\U\2/g' <<<"$1"
}


ds_tables() { grep '^\[table ' "$WORK/ds.ini" | sed 's/^\[table \(.*\)\]$/\1/'; }

ds_sums() { # ENGINE: "table count checksum" per line, for the database in $DB
	local t
	for t in $(ds_tables); do
		if [ "$1" = pg ]; then
			pg_sql "SELECT '$t', COUNT(*), md5(COALESCE(string_agg(x::text, '|' ORDER BY x::text), '')) FROM $t x"
		else
			echo "$t|$(my_sql "SELECT COUNT(*) FROM \`$t\`")|$(my_sql "CHECKSUM TABLE \`$t\` EXTENDED" | cut -f2)"
		fi
	done
}

ds_workers() { # N ARGS...: N background workers --worker i/N; their exit codes in RCS, output in $WORK/w<i>.out
	local n=$1 i pids=()
	shift
	for ((i = 0; i < n; i++)); do
		dbarena seed --url "$URL" --config "$WORK/ds.ini" --now "$DS_NOW" --quiet --worker "$i/$n" "$@" \
			>"$WORK/w$i.out" 2>&1 &
		pids+=($!)
	done
	RCS=""
	for ((i = 0; i < n; i++)); do wait "${pids[$i]}"; RCS="$RCS$?"; done
}

ds_compare() { # ENGINE
	local eng=$1 one three t0 t1 t3 barrier
	ds_schema "$eng" ds_one
	expect_exit 0 dbarena seed init --url "$URL"
	ds_ini "$eng"
	t0=$(date +%s.%N)
	expect_exit 0 dbarena seed --url "$URL" --config "$WORK/ds.ini" --now "$DS_NOW" --quiet
	t1=$(date +%s.%N)
	one=$(ds_sums "$eng")
	ds_schema "$eng" ds_three
	ds_workers 3 --barrier dsb --barrier-timeout 60
	t3=$(date +%s.%N)
	assert_eq 000 "$RCS" "exit codes of the 3 workers ($(cat "$WORK"/w*.out))"
	three=$(ds_sums "$eng")
	[ "$one" = "$three" ] || fail "$eng: 3 workers differ from one seed:$(diff <(echo "$one") <(echo "$three"))"
	echo "    $eng: $(wc -l <<<"$one") tables identical; $(awk -v a="$t0" -v b="$t1" -v c="$t3" 'BEGIN { printf "1 process %.2f s, 3 workers %.2f s", b - a, c - b }')" >&2
	if [ "$eng" = pg ]; then barrier=$(pg_sql "SELECT COUNT(*) FROM pg_tables WHERE tablename = 'dbarena_barrier'")
	else barrier=$(my_sql "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'dbarena_barrier'"); fi
	assert_eq 0 "$barrier" "the barrier table is dropped by the last worker"
	grep -Eq '^[Aa]rtist +\| +1,000 ' "$WORK/w1.out" || fail "worker 1 does not load a third of artist: $(cat "$WORK/w1.out")"
	if [ "$eng" = pg ]; then
		assert_eq 3001 "$(pg_sql "INSERT INTO artist (name) VALUES ('next') RETURNING artist_id")" \
			"worker 0 moved the sequence past every worker's rows"
	fi
}

test_dist_seed_pg_same_rows() { ds_compare pg; }
test_dist_seed_my_same_rows() { ds_compare my; }

ds_failure() { # ENGINE: worker 1 hits a CHECK in its share of artist (level 1)
	local eng=$1 k n
	ds_schema "$eng" ds_fail
	expect_exit 0 dbarena seed init --url "$URL"
	ds_ini "$eng"
	# artist_id of row 1500 (0-based, in worker 1's third of 3000): sequential from 1
	k=1501
	if [ "$eng" = pg ]; then pg_sql "ALTER TABLE artist ADD CONSTRAINT no_k CHECK (artist_id <> $k)"
	else # a bulk load in MariaDB does not stop at a CHECK: a trigger refuses the row
		my_sql "CREATE TRIGGER no_k BEFORE INSERT ON Artist FOR EACH ROW SET @no_k =
			(SELECT 1 FROM (SELECT 1 UNION SELECT 2) two WHERE NEW.ArtistId = $k)" # 2 rows: an error
	fi
	ds_workers 3 --barrier dsf --barrier-timeout 3
	assert_eq 111 "$RCS" "every worker fails ($(cat "$WORK"/w*.out))"
	assert_contains "$(cat "$WORK/w0.out" "$WORK/w2.out")" "of 3 workers arrived within 3 s" "workers 0 and 2 give up at the barrier"
	assert_not_contains "$(cat "$WORK/w0.out" "$WORK/w2.out")" "rolled back" "workers 0 and 2 committed level 1"
	assert_contains "$(cat "$WORK/w1.out")" "rolled back" "worker 1 says its share was rolled back"
	if [ "$eng" = pg ]; then n=$(pg_sql "SELECT COUNT(*) FROM artist"); else n=$(my_sql "SELECT COUNT(*) FROM Artist"); fi
	assert_eq 2000 "$n" "artist holds the shares of workers 0 and 2 only"
	if [ "$eng" = pg ]; then n=$(pg_sql "SELECT COUNT(*) FROM album"); else n=$(my_sql "SELECT COUNT(*) FROM Album"); fi
	assert_eq 0 "$n" "no child table was loaded"
}

test_dist_seed_pg_worker_fails() { ds_failure pg; }
test_dist_seed_my_worker_fails() { ds_failure my; }

test_dist_seed_usage() {
	ds_schema pg ds_usage
	expect_exit 0 dbarena seed init --url "$URL"
	printf '%s\n' "$OUT" > "$WORK/ds.ini"
	expect_exit 2 dbarena seed --url "$URL" --config "$WORK/ds.ini" --worker 3/3
	assert_contains "$OUT" "not a worker I/N" "--worker 3/3"
	expect_exit 2 dbarena seed --url "$URL" --config "$WORK/ds.ini" --worker x
	expect_exit 2 dbarena seed --url "$URL" --config "$WORK/ds.ini" --workers 3
	assert_contains "$OUT" "JOB_COMPLETION_INDEX" "--workers without an index"
	JOB_COMPLETION_INDEX=3 expect_exit 2 dbarena seed --url "$URL" --config "$WORK/ds.ini" --workers 3
	assert_contains "$OUT" "JOB_COMPLETION_INDEX='3' is not a worker index" "index 3 of 3"
	DBARENA_WORKER_SLOT=4 expect_exit 2 dbarena seed --url "$URL" --config "$WORK/ds.ini" --workers 3
	DBARENA_WORKER=5/2 expect_exit 2 dbarena seed --url "$URL" --config "$WORK/ds.ini"
	expect_exit 2 dbarena seed --url "$URL" --config "$WORK/ds.ini" --worker 0/3 --barrier 'bad name'
	expect_exit 2 dbarena seed --url "$URL" --config "$WORK/ds.ini" --now yesterday
	expect_exit 2 dbarena seed --url "$URL" --config "$WORK/ds.ini" --worker 0/3
	assert_contains "$OUT" "--barrier" "FKs without a barrier: the hint names --barrier"
	assert_eq 0 "$(pg_sql "SELECT COUNT(*) FROM artist")" "a refused worker writes nothing"
}
