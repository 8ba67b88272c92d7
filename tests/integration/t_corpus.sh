# Every schema of tests/corpus (NAME.pg.sql on PostgreSQL, NAME.my.sql on MariaDB):
# load it, `seed init` -> `seed` with the config unedited -> oltp, ecommerce and olap
# workloads for CORPUS_SECS each (2 s in make check; bench/corpus.sh runs 10 s) with zero
# failed transactions; then every table holds rows and no foreign key points nowhere,
# checked with psql / mariadb.  CORPUS=name1,name2 runs only those schemas.
CORPUS_DIR=$ROOT/tests/corpus

corpus_fk_sql_pg() { # one orphan-count query per single- or multi-column FK
	pg_sql "SELECT format('SELECT %L, COUNT(*) FROM %s c LEFT JOIN %s p ON %s WHERE p.%I IS NULL AND %s',
		con.conname, con.conrelid::regclass, con.confrelid::regclass,
		(SELECT string_agg(format('c.%I = p.%I', a.attname, b.attname), ' AND ')
		   FROM unnest(con.conkey, con.confkey) k(x, y)
		   JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.x
		   JOIN pg_attribute b ON b.attrelid = con.confrelid AND b.attnum = k.y),
		(SELECT b.attname FROM pg_attribute b WHERE b.attrelid = con.confrelid AND b.attnum = con.confkey[1]),
		(SELECT string_agg(format('c.%I IS NOT NULL', a.attname), ' AND ')
		   FROM unnest(con.conkey) k(x) JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.x))
		FROM pg_constraint con WHERE con.contype = 'f'
		AND con.conparentid = 0"
}

corpus_fk_sql_my() {
	my_sql "SELECT CONCAT('SELECT ''', CONSTRAINT_NAME, ''', COUNT(*) FROM \`', TABLE_NAME, '\` c LEFT JOIN \`',
		REFERENCED_TABLE_NAME, '\` p ON c.\`', COLUMN_NAME, '\` = p.\`', REFERENCED_COLUMN_NAME,
		'\` WHERE p.\`', REFERENCED_COLUMN_NAME, '\` IS NULL AND c.\`', COLUMN_NAME, '\` IS NOT NULL')
		FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = DATABASE()
		AND REFERENCED_TABLE_NAME IS NOT NULL AND ORDINAL_POSITION = 1"
}

corpus_one() { # ENGINE FILE
	local eng=$1 f=$2 n q t p
	n=$(basename "$f" .sql); n=${n//./_}
	if [ "$eng" = pg ]; then
		pg_fresh_db "c_$n"
		psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres -d "$DB" -f "$f" >/dev/null ||
			fail "$n: the schema does not load"
	else my_fresh_db "c_$n"; my_sql "$(cat "$f")" || fail "$n: the schema does not load"; fi
	echo "    $n: seed init, seed, workloads" >&2
	expect_exit 0 dbarena seed init --url "$URL"
	printf '%s\n' "$OUT" > "$WORK/$n.ini"
	expect_exit 0 dbarena seed --url "$URL" --config "$WORK/$n.ini" --quiet
	for t in $(grep '^\[table ' "$WORK/$n.ini" | sed 's/^\[table \(.*\)\]$/\1/'); do
		if [ "$eng" = pg ]; then q=$(pg_sql "SELECT COUNT(*) FROM $t"); else q=$(my_sql "SELECT COUNT(*) FROM \`$t\`"); fi
		[ "$q" -gt 0 ] || fail "$n: table $t is empty after seed"
	done
	for p in oltp ecommerce olap; do
		expect_exit 0 dbarena workload run --url "$URL" --pattern "$p" --connections 2 --tps 100 --duration "${CORPUS_SECS:-2}"
		assert_contains "$OUT" " 0 failed" "$n: workload $p"
		echo "    $n: $p: $(grep -m1 '^total:' <<<"$OUT")" >&2
	done
	while IFS= read -r q; do
		[ -n "$q" ] || continue
		if [ "$eng" = pg ]; then t=$(pg_sql "$q"); else t=$(my_sql "$q" | tr '\t' '|'); fi
		[ "${t##*|}" = 0 ] || fail "$n: orphans for FK ${t%%|*}: ${t##*|}"
	done < <(corpus_fk_sql_"$eng")
}

corpus_wanted() { # FILE: CORPUS=name1,name2 runs only those schemas
	local n; n=$(basename "$1"); n=${n%%.*}
	[ -z "${CORPUS:-}" ] || [[ ",$CORPUS," == *",$n,"* ]]
}

test_corpus_pg() {
	local f
	for f in "$CORPUS_DIR"/*.pg.sql; do corpus_wanted "$f" || continue; corpus_one pg "$f"; done
}

test_corpus_my() {
	local f
	for f in "$CORPUS_DIR"/*.my.sql; do corpus_wanted "$f" || continue; corpus_one my "$f"; done
}

# Every MariaDB schema of the corpus, seeded the same way through the three paths to the
# server: array-bound INSERTs (the default on MariaDB), LOAD DATA (what MySQL servers get;
# bulk=load-data) and --method insert.  Every table's rows must agree, but for the columns the
# server fills with the time of the load (DEFAULT CURRENT_TIMESTAMP).
corpus_my_sums() { # a line per table: name and an MD5 over its rows
	local t cols
	for t in $(my_sql "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE' ORDER BY 1"); do
		cols=$(my_sql "SELECT GROUP_CONCAT(CONCAT('IFNULL(CONCAT(\`', column_name, '\`), ''~'')') ORDER BY ordinal_position)
			FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = '$t'
			AND IFNULL(column_default, '') NOT LIKE 'current_timestamp%'")
		echo "$t $(my_sql "SET SESSION group_concat_max_len = 1073741824;
			SELECT COUNT(*), MD5(GROUP_CONCAT(r ORDER BY r SEPARATOR '\n')) FROM (SELECT CONCAT_WS('|', $cols) r FROM \`$t\`) x" | tr '\t' ' ')"
	done
}

corpus_my_path() { # FILE N URL_SUFFIX [seed options...]: a fresh database seeded; its sums
	local f=$1 n=$2 suffix=$3; shift 3
	my_fresh_db "cp_$n"; my_sql "$(cat "$f")"
	expect_exit 0 dbarena seed --url "$URL$suffix" --config "$WORK/cp_$n.ini" --seed 7 --quiet "$@"
	corpus_my_sums
}

test_corpus_my_bulk_paths_same_rows() {
	local f n a b c
	for f in "$CORPUS_DIR"/*.my.sql; do
		corpus_wanted "$f" || continue
		n=$(basename "$f" .my.sql)
		my_fresh_db "cp_$n"; my_sql "$(cat "$f")"
		expect_exit 0 dbarena seed init --url "$URL"
		printf '%s\n' "$OUT" > "$WORK/cp_$n.ini"
		a=$(corpus_my_path "$f" "$n" "")
		b=$(corpus_my_path "$f" "$n" "?bulk=load-data")
		c=$(corpus_my_path "$f" "$n" "" --method insert)
		assert_eq "$a" "$b" "$n: array binding and LOAD DATA"
		assert_eq "$a" "$c" "$n: array binding and --method insert"
		echo "    $n: $(wc -l <<<"$a") tables, the same rows on all three paths" >&2
	done
}

# Sakila's film triggers write film_text's rows (insert, update, delete): seed init gives film_text
# no rows of its own, and a workload leaves it to them, so both tables keep one row per film.
test_corpus_my_trigger_filled_table() {
	my_fresh_db c_sakila_trig
	my_sql "$(cat "$CORPUS_DIR/sakila.my.sql")"
	expect_exit 0 dbarena seed init --url "$URL"
	printf '%s\n' "$OUT" >"$WORK/sakila_trig.ini"
	assert_contains "$OUT" "; trigger ins_film on film writes rows here"
	grep -A1 '^\[table film_text\]' "$WORK/sakila_trig.ini" | grep -qx 'count = 0' || fail "film_text: $(grep -A1 '^\[table film_text\]' "$WORK/sakila_trig.ini")"
	expect_exit 0 dbarena seed --url "$URL" --config "$WORK/sakila_trig.ini" --quiet
	assert_eq "1000 1000 0" "$(my_sql 'SELECT (SELECT COUNT(*) FROM film), (SELECT COUNT(*) FROM film_text),
		(SELECT COUNT(*) FROM film f LEFT JOIN film_text t USING (film_id) WHERE t.film_id IS NULL)' | tr '\t' ' ')" \
		"films, their texts, films without one after seed"
	expect_exit 0 dbarena workload run --url "$URL" --pattern write-heavy --connections 2 --tps 0 --duration 2 \
		--json "$WORK/sakila_trig.json" --quiet
	assert_eq 0 "$(jget "$WORK/sakila_trig.json" .failed)" "failed ($(jget "$WORK/sakila_trig.json" '.errors[0].sample // ""'))"
	local films
	films=$(my_sql 'SELECT COUNT(*) FROM film')
	echo "    after the workload: $films films" >&2
	[ "$films" != 1000 ] || fail "the workload wrote no film"
	assert_eq "$films $films" "$(my_sql 'SELECT COUNT(*), COUNT(DISTINCT film_id) FROM film_text
		WHERE film_id IN (SELECT film_id FROM film)' | tr '\t' ' ')" "film_text rows of existing films"
	assert_eq "$films" "$(my_sql 'SELECT COUNT(*) FROM film_text')" "film_text rows"
}
