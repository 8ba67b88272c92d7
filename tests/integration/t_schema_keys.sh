# Keys and uniqueness on real-schema constructs (issue: real schemas seed unedited):
# unique constraints and indexes (multi-column, partial, expression, prefix),
# junction and 1:1 tables keyed by their FKs, key spaces refused up front,
# DEFAULTs on key columns, and workloads that keep unique keys unique.
# Each test runs on PostgreSQL and on MariaDB (test_keys_my_*), checked with psql / mariadb.

k_ai() { if [ "$E" = my ]; then echo "int AUTO_INCREMENT PRIMARY KEY"; else echo "serial PRIMARY KEY"; fi; }

# A small library: members, shelves (unique code of 3 characters), a junction, a 1:1 card.
k_schema() {
	local ai; ai=$(k_ai)
	e_sql "CREATE TABLE member (id $ai, nick varchar(30) NOT NULL, UNIQUE (nick))"
	e_sql "CREATE TABLE shelf (id $ai, code char(3) NOT NULL, zone int NOT NULL, slot int NOT NULL,
		CONSTRAINT shelf_code UNIQUE (code), CONSTRAINT shelf_place UNIQUE (zone, slot))"
	e_sql "CREATE TABLE loan (member_id int NOT NULL, shelf_id int NOT NULL, PRIMARY KEY (member_id, shelf_id),
		FOREIGN KEY (member_id) REFERENCES member (id), FOREIGN KEY (shelf_id) REFERENCES shelf (id))"
	e_sql "CREATE TABLE card (member_id int NOT NULL PRIMARY KEY, issued date NOT NULL,
		FOREIGN KEY (member_id) REFERENCES member (id))"
	e_sql "CREATE TABLE visit (token varchar(40) NOT NULL DEFAULT '' PRIMARY KEY, note varchar(200) NOT NULL)"
}

k_cfg() { # MEMBERS SHELVES LOANS
	cat > keys.ini <<INI
[seed]
global_seed = 5
[table member]
count = $1
[column member.nick]
generator = enum
values = ann, bob, cid, dan, eve, fay, gus, hal, ivy, jon, kim, lou
[table shelf]
count = $2
[column shelf.zone]
generator = random_int
min = 1
max = 10
[column shelf.slot]
generator = random_int
min = 1
max = 10
[table loan]
count = $3
[column loan.member_id]
generator = foreign_key
references = member.id
[column loan.shelf_id]
generator = foreign_key
references = shelf.id
INI
}

test_keys_unique_and_junction_distinct() {
	e_fresh keys_uniq; k_schema; k_cfg 12 100 1000
	expect_exit 0 dbarena seed --url "$URL" --config keys.ini --quiet
	assert_eq 12 "$(e_sql 'SELECT COUNT(DISTINCT nick) FROM member')" "enum unique column: every label once"
	assert_eq 100 "$(e_sql 'SELECT COUNT(DISTINCT code) FROM shelf')" "3-character unique code"
	assert_eq 100 "$(e_sql 'SELECT COUNT(*) FROM (SELECT DISTINCT zone, slot FROM shelf) x')" "two-column unique key over a 10 x 10 space"
	assert_eq 1000 "$(e_sql 'SELECT COUNT(*) FROM (SELECT DISTINCT member_id, shelf_id FROM loan) x')" "junction combinations"
	assert_eq 0 "$(e_sql 'SELECT COUNT(*) FROM loan l LEFT JOIN shelf s ON s.id = l.shelf_id WHERE s.id IS NULL')" "orphans"
}

test_keys_space_refused_before_writing() {
	e_fresh keys_space; k_schema; k_cfg 12 100 1201
	expect_exit 2 dbarena seed --url "$URL" --config keys.ini --quiet
	assert_contains "$OUT" "table loan: 1201 rows asked, but its primary key (member_id, shelf_id) holds at most 1200 distinct values" "message"
	assert_contains "$OUT" "keys.ini:" "FILE:LINE of the table"
	assert_eq 0 "$(e_sql 'SELECT COUNT(*) FROM member')" "nothing written"
	k_cfg 13 100 10
	expect_exit 2 dbarena seed --url "$URL" --config keys.ini --quiet
	assert_contains "$OUT" "holds at most 12 distinct values" "enum unique column asked for 13 rows"
	k_cfg 12 101 10
	expect_exit 2 dbarena seed --url "$URL" --config keys.ini --quiet
	assert_contains "$OUT" "unique key \"shelf_place\" (zone, slot) holds at most 100" "10 x 10 key"
}

test_keys_one_to_one_each_parent_once() {
	e_fresh keys_11; k_schema; k_cfg 12 10 10
	printf '[table card]\ncount = 12\n' >> keys.ini
	expect_exit 0 dbarena seed --url "$URL" --config keys.ini --quiet
	assert_eq "12 12" "$(e_sql 'SELECT COUNT(*), COUNT(DISTINCT member_id) FROM card' | tr '\t|' '  ')" "each member at most once"
	k_cfg 12 10 10
	printf '[table card]\ncount = 13\n' >> keys.ini
	e_sql "DELETE FROM card"; e_sql "DELETE FROM loan"; e_sql "DELETE FROM member"; e_sql "DELETE FROM shelf"
	expect_exit 2 dbarena seed --url "$URL" --config keys.ini --quiet
	assert_contains "$OUT" "primary key (member_id) holds at most 12" "13 cards for 12 members"
}

test_keys_default_on_primary_key_generated() {
	e_fresh keys_dflt; k_schema
	printf '[seed]\nglobal_seed = 1\n[table visit]\ncount = 500\n' > visit.ini
	expect_exit 0 dbarena seed --url "$URL" --config visit.ini --quiet
	assert_eq 500 "$(e_sql "SELECT COUNT(DISTINCT token) FROM visit WHERE token <> ''")" "a key with DEFAULT '' gets generated values"
}

test_keys_partial_expression_prefix_indexes_hold() {
	local ai; e_fresh keys_idx; ai=$(k_ai)
	if [ "$E" = my ]; then
		e_sql "CREATE TABLE tagx (id $ai, label varchar(60) NOT NULL, UNIQUE KEY tag_prefix (label(4)))"
	else
		e_sql "CREATE TABLE tagx (id $ai, label varchar(60) NOT NULL, flag boolean NOT NULL)"
		e_sql "CREATE UNIQUE INDEX tag_lower ON tagx (lower(label))"
		e_sql "CREATE UNIQUE INDEX tag_flag ON tagx (flag) WHERE id < 0"
	fi
	printf '[seed]\nglobal_seed = 3\n[table tagx]\ncount = 2000\n[column tagx.label]\ngenerator = name\n' > t.ini
	expect_exit 0 dbarena seed --url "$URL" --config t.ini --quiet
	assert_eq 2000 "$(e_sql 'SELECT COUNT(*) FROM tagx')" "rows"
	if [ "$E" = my ]; then
		assert_eq 2000 "$(e_sql 'SELECT COUNT(DISTINCT LEFT(label, 4)) FROM tagx')" "prefix key"
	else
		assert_eq 2000 "$(e_sql 'SELECT COUNT(DISTINCT lower(label)) FROM tagx')" "expression key"
		assert_contains "$(dbarena seed --url "$URL" --config t.ini --truncate 2>&1)" "partial unique key \"tag_flag\"" "partial index too small: said, not refused"
	fi
}

test_keys_workload_keeps_unique_keys() {
	e_fresh keys_wl; k_schema; k_cfg 12 100 300
	printf '[table card]\ncount = 10\n[table visit]\ncount = 100\n' >> keys.ini
	expect_exit 0 dbarena seed --url "$URL" --config keys.ini --quiet
	for p in oltp ecommerce; do
		expect_exit 0 dbarena workload run --url "$URL" --pattern $p --duration 3 --quiet --json wl.json
		assert_eq '"failed":0' "$(tr -d ' \n' < wl.json | grep -o '"failed":[0-9]*' | head -n 1)" "pattern $p: failed transactions"
	done
	assert_eq "$(e_sql 'SELECT COUNT(*) FROM member')" "$(e_sql 'SELECT COUNT(DISTINCT nick) FROM member')" "nick unique"
	assert_eq "$(e_sql 'SELECT COUNT(*) FROM card')" "$(e_sql 'SELECT COUNT(DISTINCT member_id) FROM card')" "1:1"
}

test_keys_multi_column_fk_one_parent_row() {
	local ai; e_fresh keys_mfk; ai=$(k_ai)
	e_sql "CREATE TABLE depot (d_id int NOT NULL PRIMARY KEY, d_name varchar(10) NOT NULL)"
	e_sql "CREATE TABLE area (a_depot int NOT NULL, a_no int NOT NULL, a_name varchar(10) NOT NULL,
		PRIMARY KEY (a_depot, a_no), FOREIGN KEY (a_depot) REFERENCES depot (d_id))"
	e_sql "CREATE TABLE client (id $ai, c_depot int NOT NULL, c_area int NOT NULL, c_name varchar(20) NOT NULL,
		FOREIGN KEY (c_depot, c_area) REFERENCES area (a_depot, a_no))"
	dbarena seed init --url "$URL" > mfk.ini || fail "seed init"
	assert_contains "$(cat mfk.ini)" "references = area.a_no" "seed init writes the second column onto its own part"
	sed -i '/^\[table depot\]/{n;s/count = .*/count = 5/}; /^\[table area\]/{n;s/count = .*/count = 40/}; /^\[table client\]/{n;s/count = .*/count = 2000/}' mfk.ini
	expect_exit 0 dbarena seed --url "$URL" --config mfk.ini --quiet
	assert_eq 2000 "$(e_sql 'SELECT COUNT(*) FROM client')" "clients"
	assert_eq 0 "$(e_sql 'SELECT COUNT(*) FROM client c LEFT JOIN area a ON a.a_depot = c.c_depot AND a.a_no = c.c_area WHERE a.a_no IS NULL')" "pairs from one parent row"
	expect_exit 0 dbarena workload run --url "$URL" --pattern oltp --duration 3 --quiet --json wl.json
	assert_eq '"failed":0' "$(tr -d ' \n' < wl.json | grep -o '"failed":[0-9]*' | head -n 1)" "workload failed transactions"
	assert_eq 0 "$(e_sql 'SELECT COUNT(*) FROM client c LEFT JOIN area a ON a.a_depot = c.c_depot AND a.a_no = c.c_area WHERE a.a_no IS NULL')" "after the workload"
}

for f in $(declare -F | awk '{print $3}' | grep '^test_keys_' | grep -v '^test_keys_my_'); do
	eval "$(declare -f "$f" | sed "1s/^$f /_k_$f /")"
	unset -f "$f"
	eval "$f() { E=pg; _k_$f; }"
	eval "test_keys_my_${f#test_keys_}() { E=my; _k_$f; }"
done
