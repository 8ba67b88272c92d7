# Foreign-key graphs of real schemas (issue 13, "graph"): cycles, self-references, FKs to tables
# outside the run, --truncate of self-referencing tables. Each test runs on PostgreSQL and MariaDB
# and checks the data with psql / mariadb.

g_fresh() { if [ "$1" = my ]; then my_fresh_db "$2"; else pg_fresh_db "$2"; fi; }
g_sql() { if [ "$1" = my ]; then my_sql "$2"; else pg_sql "$2" >/dev/null; fi; }
g_val() { if [ "$1" = my ]; then my_sql "$2"; else pg_sql "$2"; fi; }
# seed init then seed, unedited, in bounded memory and time (a runaway planner fails the test).
g_init_seed() { # ENGINE [seed args...]
	shift
	dbarena seed init --url "$URL" > "$WORK/g.ini" 2>"$WORK/g.init.err" || fail "seed init: $(cat "$WORK/g.init.err")"
	# Bounded memory (4 GB) and time: planning a cyclic graph once grew past 20 GB and never ended.
	# AddressSanitizer reserves terabytes of address space for its shadow memory and cannot run
	# under ulimit -v: a sanitizer build is held to the time bound only.
	local lim=4000000
	ldd "$DBARENA_BIN" 2>/dev/null | grep -q libasan && lim=unlimited
	run bash -c 'ulimit -v "$0"; exec timeout -s KILL 60 "$@"' "$lim" "$DBARENA_BIN" --plugin-dir "$BUILD/plugins" \
		seed --url "$URL" --config "$WORK/g.ini" "$@"
}

# A cycle made only of NOT NULL FKs, with a table that has a NOT NULL and a nullable FK onto it.
g_cycle_tables() { # ENGINE
	g_sql "$1" 'CREATE TABLE store (id int PRIMARY KEY, manager_id int NOT NULL);
		CREATE TABLE staff (id int PRIMARY KEY, store_id int NOT NULL, name varchar(20) NOT NULL);
		CREATE TABLE rental (id int PRIMARY KEY, staff_id int NOT NULL, checked_by int NULL);
		ALTER TABLE store ADD CONSTRAINT store_mgr FOREIGN KEY (manager_id) REFERENCES staff (id);
		ALTER TABLE staff ADD CONSTRAINT staff_store FOREIGN KEY (store_id) REFERENCES store (id);
		ALTER TABLE rental ADD CONSTRAINT rental_staff FOREIGN KEY (staff_id) REFERENCES staff (id);
		ALTER TABLE rental ADD CONSTRAINT rental_check FOREIGN KEY (checked_by) REFERENCES staff (id)'
}
g_cycle_named() {
	[ "$RC" = 2 ] || fail "exit status $RC (expected 2, a usage error naming the cycle); output: $OUT"
	assert_contains "$OUT" "foreign-key cycle between tables: st"
	# Named once: two tables, two arrows, back at the start.
	case "$OUT" in
	*"staff -> store -> staff"* | *"store -> staff -> store"*) ;;
	*) fail "cycle not named once: $OUT" ;;
	esac
	assert_contains "$OUT" "store.manager_id"
	assert_contains "$OUT" "staff.store_id"
	assert_not_contains "$OUT" "rental"
	assert_eq 0 "$(g_val "$e" 'SELECT (SELECT COUNT(*) FROM store) + (SELECT COUNT(*) FROM staff) + (SELECT COUNT(*) FROM rental)')" "rows after a cycle error"
}
# PostgreSQL has no foreign_key_checks: with the run in one transaction, the table loaded first has
# its foreign keys onto the other set aside (dropped and re-created at the end, or deferred to the
# commit when DEFERRABLE); a failure rolls the constraints back with the rows; --jobs 2 names the
# cycle and says --jobs 1 would load it.
g_cycle_oids() { pg_sql "SELECT string_agg(conname || '=' || oid || ':' || convalidated, ' ' ORDER BY conname)
	FROM pg_constraint WHERE contype = 'f' AND conrelid IN ('store'::regclass, 'staff'::regclass, 'rental'::regclass)"; }
g_cycle_rows_pg() {
	assert_eq "1000|1000|0|0" "$(pg_sql 'SELECT (SELECT COUNT(*) FROM store), (SELECT COUNT(*) FROM staff),
		(SELECT COUNT(*) FROM staff s LEFT JOIN store t ON t.id = s.store_id WHERE t.id IS NULL),
		(SELECT COUNT(*) FROM store t LEFT JOIN staff s ON s.id = t.manager_id WHERE s.id IS NULL)')" \
		"rows of the cycle, and rows referencing nothing"
}
test_graph_cycle_not_null_loads_ahead_pg() {
	local before e=pg
	g_fresh pg graph_cyc_pg
	g_cycle_tables pg
	g_init_seed pg
	assert_eq 0 "$RC" "seed of a NOT NULL cycle: $OUT"
	assert_contains "$OUT" "loaded before"
	assert_contains "$OUT" "its foreign key checked at the end of the run's transaction"
	assert_contains "$OUT" "re-created after the load"
	g_cycle_rows_pg
	case "$(g_cycle_oids)" in
	*"rental_check="*":true rental_staff="*":true staff_store="*":true store_mgr="*":true") ;;
	*) fail "foreign keys after the load: $(g_cycle_oids)" ;;
	esac
	expect_exit 0 dbarena seed --url "$URL" --config "$WORK/g.ini" --truncate --quiet
	g_cycle_rows_pg
	# A failure after the cycle's tables: nothing stays, the constraints are the ones from before.
	pg_sql "CREATE FUNCTION boom() RETURNS trigger LANGUAGE plpgsql AS \$\$ BEGIN RAISE EXCEPTION 'boom'; END \$\$;
		CREATE TRIGGER boom BEFORE INSERT ON rental FOR EACH ROW EXECUTE FUNCTION boom()" >/dev/null
	before=$(g_cycle_oids)
	expect_exit 1 dbarena seed --url "$URL" --config "$WORK/g.ini" --truncate --quiet
	assert_contains "$OUT" "boom"
	assert_eq "$before" "$(g_cycle_oids)" "foreign keys after a failed load"
	g_cycle_rows_pg
	pg_sql "DROP TRIGGER boom ON rental" >/dev/null
	# DEFERRABLE: the same constraints, checked at the commit.
	pg_sql "ALTER TABLE store ALTER CONSTRAINT store_mgr DEFERRABLE;
		ALTER TABLE staff ALTER CONSTRAINT staff_store DEFERRABLE" >/dev/null
	before=$(g_cycle_oids)
	expect_exit 0 dbarena seed --url "$URL" --config "$WORK/g.ini" --truncate
	assert_not_contains "$OUT" "re-created"
	assert_eq "$before" "$(g_cycle_oids)" "deferred foreign keys kept"
	g_cycle_rows_pg
	pg_sql 'TRUNCATE store, staff, rental' >/dev/null
	run "$DBARENA_BIN" --plugin-dir "$BUILD/plugins" seed --url "$URL" --config "$WORK/g.ini" --jobs 2 --quiet
	g_cycle_named
	assert_contains "$OUT" "run it with --jobs 1 (the run in one transaction, one process)"
	# neither key sequential: none known ahead
	awk '/^\[column (store|staff).id\]/ { print; print "generator = random_int\nmin = 1\nmax = 1000000"; skip = 1; next }
		/^\[/ { skip = 0 } !skip' "$WORK/g.ini" >"$WORK/g2.ini"
	mv "$WORK/g2.ini" "$WORK/g.ini"
	run "$DBARENA_BIN" --plugin-dir "$BUILD/plugins" seed --url "$URL" --config "$WORK/g.ini" --quiet
	g_cycle_named
	assert_contains "$OUT" "give a column one of them references generator = sequential"
}
# MariaDB loads such a cycle when the keys one table references are known ahead (sequential, as
# seed init writes them): that table goes first with foreign_key_checks = 0, as mysqldump's output
# does; --truncate empties the cycle the same way.  Keys not known ahead: the cycle is named.
test_graph_cycle_not_null_loads_ahead_my() {
	local e=my
	g_fresh my graph_cyc_my
	g_cycle_tables my
	g_init_seed my
	assert_eq 0 "$RC" "seed of a NOT NULL cycle: $OUT"
	assert_contains "$OUT" "loaded before"
	assert_contains "$OUT" "with foreign_key_checks = 0"
	expect_exit 0 dbarena seed --url "$URL" --config "$WORK/g.ini" --truncate --quiet
	assert_eq "1000 1000 0 0" "$(my_sql 'SELECT (SELECT COUNT(*) FROM store), (SELECT COUNT(*) FROM staff),
		(SELECT COUNT(*) FROM staff s LEFT JOIN store t ON t.id = s.store_id WHERE t.id IS NULL),
		(SELECT COUNT(*) FROM store t LEFT JOIN staff s ON s.id = t.manager_id WHERE s.id IS NULL)' | tr '\t' ' ')" \
		"rows of the cycle, and rows referencing nothing"
	assert_eq "1 1" "$(my_sql 'SELECT @@GLOBAL.foreign_key_checks, @@GLOBAL.unique_checks' | tr '\t' ' ')" "the server's checks"
	# neither key sequential: none known ahead
	awk '/^\[column (store|staff).id\]/ { print; print "generator = random_int\nmin = 1\nmax = 1000000"; skip = 1; next }
		/^\[/ { skip = 0 } !skip' "$WORK/g.ini" >"$WORK/g2.ini"
	my_sql 'SET FOREIGN_KEY_CHECKS = 0; DELETE FROM rental; DELETE FROM staff; DELETE FROM store'
	mv "$WORK/g2.ini" "$WORK/g.ini"
	run "$DBARENA_BIN" --plugin-dir "$BUILD/plugins" seed --url "$URL" --config "$WORK/g.ini" --quiet
	g_cycle_named
	assert_contains "$OUT" "give a column one of them references generator = sequential"
}

# A cycle with one nullable FK, and a table outside the cycle with a nullable FK onto it.
g_cycle_nullable() { # ENGINE
	local e=$1
	g_fresh "$e" graph_cycn_$e
	g_sql "$e" 'CREATE TABLE ta (id int PRIMARY KEY, b_id int NULL);
		CREATE TABLE tb (id int PRIMARY KEY, a_id int NOT NULL);
		CREATE TABLE tc (id int PRIMARY KEY, a_id int NOT NULL, a2_id int NULL);
		ALTER TABLE ta ADD CONSTRAINT ta_b FOREIGN KEY (b_id) REFERENCES tb (id);
		ALTER TABLE tb ADD CONSTRAINT tb_a FOREIGN KEY (a_id) REFERENCES ta (id);
		ALTER TABLE tc ADD CONSTRAINT tc_a FOREIGN KEY (a_id) REFERENCES ta (id);
		ALTER TABLE tc ADD CONSTRAINT tc_a2 FOREIGN KEY (a2_id) REFERENCES ta (id)'
	g_init_seed "$e"
	assert_eq 0 "$RC" "seed exit status; output: $OUT"
	assert_contains "$OUT" "ta.b_id"
	assert_not_contains "$OUT" "tc.a2_id seeded NULL"
	for t in ta tb tc; do
		[ "$(g_val "$e" "SELECT COUNT(*) FROM $t")" -gt 0 ] || fail "$t is empty"
	done
	assert_eq 0 "$(g_val "$e" 'SELECT COUNT(*) FROM tb LEFT JOIN ta ON ta.id = tb.a_id WHERE ta.id IS NULL')" "orphan tb.a_id"
	assert_eq 0 "$(g_val "$e" 'SELECT COUNT(*) FROM ta LEFT JOIN tb ON tb.id = ta.b_id WHERE ta.b_id IS NOT NULL AND tb.id IS NULL')" "orphan ta.b_id"
	assert_eq 0 "$(g_val "$e" 'SELECT COUNT(*) FROM tc LEFT JOIN ta ON ta.id = tc.a2_id WHERE tc.a2_id IS NOT NULL AND ta.id IS NULL')" "orphan tc.a2_id"
}
test_graph_cycle_broken_on_nullable_pg() { g_cycle_nullable pg; }
test_graph_cycle_broken_on_nullable_my() { g_cycle_nullable my; }

# Self-references onto keys dbarena does not number itself: identity/serial/AUTO_INCREMENT and uuid.
g_selfref() { # ENGINE
	local e=$1
	g_fresh "$e" graph_self_$e
	if [ "$e" = my ]; then
		g_sql my 'CREATE TABLE node (id int AUTO_INCREMENT PRIMARY KEY, parent_id int NULL, name varchar(20) NOT NULL,
				FOREIGN KEY (parent_id) REFERENCES node (id));
			CREATE TABLE doc (id char(36) PRIMARY KEY, up_id char(36) NULL, FOREIGN KEY (up_id) REFERENCES doc (id))'
	else
		g_sql pg 'CREATE TABLE node (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, parent_id int REFERENCES node, name varchar(20) NOT NULL);
			CREATE TABLE cat (id serial PRIMARY KEY, parent_id int REFERENCES cat);
			CREATE TABLE doc (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), up_id uuid REFERENCES doc)'
	fi
	g_init_seed "$e"
	assert_eq 0 "$RC" "seed exit status; output: $OUT"
	assert_not_contains "$OUT" "needs a sequential"
	for t in node doc; do
		[ "$(g_val "$e" "SELECT COUNT(*) FROM $t")" -gt 0 ] || fail "$t is empty"
	done
	assert_eq 0 "$(g_val "$e" 'SELECT COUNT(*) FROM node c LEFT JOIN node p ON p.id = c.parent_id WHERE c.parent_id IS NOT NULL AND p.id IS NULL')" "orphan node.parent_id"
	assert_eq 0 "$(g_val "$e" 'SELECT COUNT(*) FROM doc c LEFT JOIN doc p ON p.id = c.up_id WHERE c.up_id IS NOT NULL AND p.id IS NULL')" "orphan doc.up_id"
}
test_graph_self_reference_generated_keys_pg() { g_selfref pg; }
test_graph_self_reference_generated_keys_my() { g_selfref my; }

# FKs onto tables outside the run: their rows when they have some; else NULL (nullable, said so)
# or an error before writing (NOT NULL).
g_outside() { # ENGINE
	local e=$1
	g_fresh "$e" graph_out_$e
	g_sql "$e" 'CREATE TABLE country (id int PRIMARY KEY, name varchar(20) NOT NULL);
		CREATE TABLE region (id int PRIMARY KEY, name varchar(20) NOT NULL);
		CREATE TABLE city (id int PRIMARY KEY, country_id int NULL, name varchar(20) NOT NULL);
		CREATE TABLE shop (id int PRIMARY KEY, region_id int NOT NULL);
		ALTER TABLE city ADD CONSTRAINT city_country FOREIGN KEY (country_id) REFERENCES country (id);
		ALTER TABLE shop ADD CONSTRAINT shop_region FOREIGN KEY (region_id) REFERENCES region (id)'
	dbarena seed init --url "$URL" --tables city > "$WORK/city.ini" || fail "seed init --tables city"
	expect_exit 0 dbarena seed --url "$URL" --config "$WORK/city.ini"
	assert_contains "$OUT" "city.country_id seeded NULL"
	assert_eq 1000 "$(g_val "$e" 'SELECT COUNT(*) FROM city WHERE country_id IS NULL')" "city.country_id NULL"
	dbarena seed init --url "$URL" --tables shop > "$WORK/shop.ini" || fail "seed init --tables shop"
	expect_exit 2 dbarena seed --url "$URL" --config "$WORK/shop.ini"
	assert_contains "$OUT" "shop.region_id is a NOT NULL foreign key onto region.id"
	assert_eq 0 "$(g_val "$e" 'SELECT COUNT(*) FROM shop')" "rows after the error"
	# With rows in the parent, both draw from them.
	g_sql "$e" "INSERT INTO region VALUES (7, 'north'), (9, 'south'); INSERT INTO country VALUES (3, 'x')"
	expect_exit 0 dbarena seed --url "$URL" --config "$WORK/shop.ini" --quiet
	assert_eq 0 "$(g_val "$e" 'SELECT COUNT(*) FROM shop WHERE region_id NOT IN (7, 9)')" "shop.region_id from existing rows"
	expect_exit 0 dbarena seed --url "$URL" --config "$WORK/city.ini" --truncate --quiet
	assert_eq 0 "$(g_val "$e" 'SELECT COUNT(*) FROM city WHERE country_id IS NOT NULL AND country_id <> 3')" "city.country_id from existing rows"
}
test_graph_fk_outside_the_run_pg() { g_outside pg; }
test_graph_fk_outside_the_run_my() { g_outside my; }

# A live FK orders its table even when the config gives the column another generator.
g_live_order() { # ENGINE
	local e=$1
	g_fresh "$e" graph_live_$e
	g_sql "$e" 'CREATE TABLE author (id int PRIMARY KEY, name varchar(20) NOT NULL);
		CREATE TABLE book (id int PRIMARY KEY, author_id int NOT NULL);
		ALTER TABLE book ADD CONSTRAINT book_author FOREIGN KEY (author_id) REFERENCES author (id)'
	cat > "$WORK/live.ini" <<'INI'
[table book]
count = 50
[column book.id]
generator = sequential
[column book.author_id]
generator = random_int
min = 1
max = 10
[table author]
count = 10
[column author.id]
generator = sequential
INI
	expect_exit 0 dbarena seed --url "$URL" --config "$WORK/live.ini" --quiet
	assert_eq 50 "$(g_val "$e" 'SELECT COUNT(*) FROM book b JOIN author a ON a.id = b.author_id')" "books with their author"
}
test_graph_live_fk_orders_other_generator_pg() { g_live_order pg; }
test_graph_live_fk_orders_other_generator_my() { g_live_order my; }

# --truncate of a self-referencing table (InnoDB checks FKs row by row on DELETE).
g_truncate_self() { # ENGINE
	local e=$1
	g_fresh "$e" graph_trunc_$e
	g_sql "$e" 'CREATE TABLE emp (id int PRIMARY KEY, boss_id int NULL, name varchar(20) NOT NULL);
		ALTER TABLE emp ADD CONSTRAINT emp_boss FOREIGN KEY (boss_id) REFERENCES emp (id)'
	printf '[table emp]\ncount = 200\n[column emp.id]\ngenerator = sequential\n[column emp.boss_id]\ngenerator = foreign_key\nreferences = emp.id\n' > "$WORK/emp.ini"
	expect_exit 0 dbarena seed --url "$URL" --config "$WORK/emp.ini" --quiet
	[ "$(g_val "$e" 'SELECT COUNT(*) FROM emp WHERE boss_id IS NOT NULL')" -gt 100 ] || fail "few bosses: nothing to test"
	expect_exit 0 dbarena seed --url "$URL" --config "$WORK/emp.ini" --truncate --rows emp=120 --quiet
	assert_eq 120 "$(g_val "$e" 'SELECT COUNT(*) FROM emp')" "rows after --truncate"
	assert_eq 0 "$(g_val "$e" 'SELECT COUNT(*) FROM emp c LEFT JOIN emp p ON p.id = c.boss_id WHERE c.boss_id IS NOT NULL AND p.id IS NULL')" "orphan bosses"
}
test_graph_truncate_self_reference_pg() { g_truncate_self pg; }
test_graph_truncate_self_reference_my() { g_truncate_self my; }

# Sequences behind seeded columns move past the explicit values: owned (serial) or only named in a DEFAULT.
test_graph_sequences_named_in_default_pg() {
	pg_fresh_db graph_seq
	pg_sql "CREATE SEQUENCE shared_ids; CREATE SEQUENCE \"Odd Seq\" START 5;
		CREATE TABLE a (id int PRIMARY KEY DEFAULT nextval('shared_ids'), name text NOT NULL);
		CREATE TABLE b (id bigint PRIMARY KEY DEFAULT nextval('\"Odd Seq\"'::regclass), name text NOT NULL);
		CREATE TABLE c (id serial PRIMARY KEY, name text NOT NULL)" >/dev/null
	{
		for t in a b c; do printf '[table %s]\ncount = 40\n[column %s.id]\ngenerator = sequential\n' $t $t; done
	} > "$WORK/seq.ini"
	expect_exit 0 dbarena seed --url "$URL" --config "$WORK/seq.ini" --quiet
	for t in a b c; do
		assert_eq 41 "$(pg_sql "INSERT INTO $t (name) VALUES ('later') RETURNING id")" "next id of $t after the seed"
	done
}

# A load error names the table, the bad row and its column, with the server's own words.
g_bad_row() { # ENGINE
	local e=$1
	g_fresh "$e" graph_badrow_$e
	if [ "$e" = my ]; then
		g_sql my 'CREATE TABLE m (id int PRIMARY KEY, v tinyint NOT NULL)'
	else
		g_sql pg 'CREATE TABLE m (id int PRIMARY KEY, v int NOT NULL CHECK (v < 128))'
	fi
	printf '[table m]\ncount = 3000\n[column m.id]\ngenerator = sequential\n[column m.v]\ngenerator = sequential\n' > "$WORK/bad.ini"
	expect_exit 1 dbarena seed --url "$URL" --config "$WORK/bad.ini" --quiet
	assert_contains "$OUT" "seeding m failed at row 128"
	assert_not_contains "$OUT" "near row"
	if [ "$e" = my ]; then
		assert_contains "$OUT" "for column 'v' at row 128"
		assert_not_contains "$OUT" "accepted the rows with warnings"
	else
		assert_contains "$OUT" "COPY m, line 128"
	fi
	assert_eq 0 "$(g_val "$e" 'SELECT COUNT(*) FROM m')" "rows after the error"
}
test_graph_load_error_names_bad_row_pg() { g_bad_row pg; }
test_graph_load_error_names_bad_row_my() { g_bad_row my; }
