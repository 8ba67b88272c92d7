# Partitioned tables: seed init -> seed (unedited) -> workload keep every row inside an
# existing partition (the bounds are read as CHECKs on the partition key), even when the
# partitions lie in the past, have a gap, or list values; checked with psql / mariadb.

part_seed() { # seed init, then seed with the config unedited
	expect_exit 0 dbarena seed init --url "$URL"
	INIT=$OUT
	printf '%s\n' "$OUT" > "$WORK/p.ini"
	expect_exit 0 dbarena seed --url "$URL" --config "$WORK/p.ini" --quiet
}

part_run() { # ENGINE
	for p in oltp ecommerce; do
		expect_exit 0 dbarena workload run --url "$URL" --pattern "$p" --connections 2 --tps 50 --duration 2
		assert_contains "$OUT" " 0 failed" "workload $p on $1"
	done
}

test_schema_partition_pg() {
	pg_fresh_db part_pg
	pg_sql "CREATE TABLE log (id bigserial, at timestamptz NOT NULL, note text NOT NULL,
			PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
		CREATE TABLE log_2019 PARTITION OF log FOR VALUES FROM ('2019-01-01') TO ('2020-01-01');
		CREATE TABLE log_2020 PARTITION OF log FOR VALUES FROM ('2020-01-01') TO ('2020-07-01');
		CREATE TABLE log_2022 PARTITION OF log FOR VALUES FROM ('2022-01-01') TO ('2022-02-01');
		CREATE TABLE day (d date NOT NULL, n integer NOT NULL) PARTITION BY RANGE (d);
		CREATE TABLE day_a PARTITION OF day FOR VALUES FROM ('2018-03-01') TO ('2018-04-01');
		CREATE TABLE shard (k integer NOT NULL, region text NOT NULL, PRIMARY KEY (k, region))
			PARTITION BY LIST (region);
		CREATE TABLE shard_eu PARTITION OF shard FOR VALUES IN ('eu', 'ch');
		CREATE TABLE shard_us PARTITION OF shard FOR VALUES IN ('us');
		CREATE TABLE bucket (b integer NOT NULL, v text) PARTITION BY RANGE (b);
		CREATE TABLE bucket_1 PARTITION OF bucket FOR VALUES FROM (10) TO (20);
		CREATE TABLE bucket_2 PARTITION OF bucket FOR VALUES FROM (20) TO (40);" >/dev/null
	part_seed
	assert_contains "$INIT" "end = 2020-06-29 23:59:59" "the longest run of partitions bounds the time-stamps"
	assert_eq 100 "$(pg_sql 'SELECT COUNT(*) FROM log')" "rows of log"
	assert_eq 0 "$(pg_sql "SELECT COUNT(*) FROM log WHERE at < '2019-01-01' OR at >= '2020-07-01'")" "log inside its partitions"
	assert_eq 0 "$(pg_sql "SELECT COUNT(*) FROM day WHERE d < '2018-03-01' OR d >= '2018-04-01'")" "dates inside a one-month partition"
	assert_eq 0 "$(pg_sql "SELECT COUNT(*) FROM shard WHERE region NOT IN ('eu', 'ch', 'us')")" "listed values"
	assert_eq 0 "$(pg_sql "SELECT COUNT(*) FROM bucket WHERE b < 10 OR b >= 40")" "integer ranges"
	part_run pg
	assert_eq 0 "$(pg_sql "SELECT COUNT(*) FROM ONLY log")" "nothing in the parent itself"
	# A configured generator outside every partition: the server's error names the partitioned table.
	printf '[table log]\ncount = 5\n[column log.at]\ngenerator = timestamp\ntype = range\nstart = 2030-01-01\nend = 2030-02-01\n[column log.note]\ngenerator = text\n' > "$WORK/bad.ini"
	expect_exit 1 dbarena seed --url "$URL" --config "$WORK/bad.ini" --incremental --quiet
	assert_contains "$OUT" "no partition of relation \"log\"" "the error names the partitioned table"
}

test_schema_partition_my() {
	my_fresh_db part_my
	my_sql "CREATE TABLE log (id bigint AUTO_INCREMENT, at datetime NOT NULL, note varchar(40) NOT NULL,
			PRIMARY KEY (id, at)) PARTITION BY RANGE (YEAR(at)) (
			PARTITION p19 VALUES LESS THAN (2020), PARTITION p20 VALUES LESS THAN (2021));
		CREATE TABLE day (d date NOT NULL, n int NOT NULL, PRIMARY KEY (d, n))
			PARTITION BY RANGE (TO_DAYS(d)) (PARTITION a VALUES LESS THAN (TO_DAYS('2018-04-01')));
		CREATE TABLE cols (d date NOT NULL, v int) PARTITION BY RANGE COLUMNS (d) (
			PARTITION a VALUES LESS THAN ('2017-01-01'), PARTITION b VALUES LESS THAN ('2017-06-01'));
		CREATE TABLE shard (k int NOT NULL, region tinyint NOT NULL, PRIMARY KEY (k, region))
			PARTITION BY LIST (region) (PARTITION eu VALUES IN (1, 5), PARTITION us VALUES IN (2));"
	part_seed
	assert_eq 100 "$(my_sql 'SELECT COUNT(*) FROM log')" "rows of log"
	assert_eq 0 "$(my_sql "SELECT COUNT(*) FROM log WHERE at >= '2021-01-01'")" "log inside its partitions"
	assert_eq 0 "$(my_sql "SELECT COUNT(*) FROM day WHERE d >= '2018-04-01'")" "TO_DAYS bound"
	assert_eq 0 "$(my_sql "SELECT COUNT(*) FROM cols WHERE d >= '2017-06-01'")" "RANGE COLUMNS bound"
	assert_eq 0 "$(my_sql "SELECT COUNT(*) FROM shard WHERE region NOT IN (1, 5, 2)")" "listed values"
	part_run my
	printf '[table log]\ncount = 5\n[column log.at]\ngenerator = timestamp\ntype = range\nstart = 2030-01-01\nend = 2030-02-01\n[column log.note]\ngenerator = text\n' > "$WORK/bad.ini"
	expect_exit 1 dbarena seed --url "$URL" --config "$WORK/bad.ini" --incremental --quiet
	assert_contains "$OUT" "partition" "the error names the partitioning"
}

# Foreign keys declared on partitions only (Pagila's payment has them on its first six months):
# seed init finds them, so rows routed to those partitions reference rows that exist.
test_schema_partition_pg_fkeys_on_partitions() {
	pg_fresh_db part_pagila
	pg_sql "$(cat "$ROOT/tests/corpus/pagila.pg.sql")" >/dev/null
	expect_exit 0 dbarena seed init --url "$URL"
	printf '%s\n' "$OUT" | sed -e '/^\[column payment.payment_date\]/,/^end/{s/^start = .*/start = 2022-01-01 00:00:00/;s/^end = .*/end = 2022-06-30 23:59:59/}' >"$WORK/pagila.ini"
	grep -A2 '^\[column payment.customer_id\]' "$WORK/pagila.ini" | grep -q '^references = customer.customer_id' ||
		fail "payment.customer_id is not seeded from customer: $(grep -A3 '^\[column payment.customer_id\]' "$WORK/pagila.ini")"
	expect_exit 0 dbarena seed --url "$URL" --config "$WORK/pagila.ini" --quiet
	local n parts
	n=$(pg_sql 'SELECT COUNT(*) FROM payment')
	parts=$(pg_sql "SELECT COUNT(DISTINCT tableoid) FROM payment WHERE payment_date < '2022-07-01'")
	echo "    payment: $n rows in $parts of the partitions that hold foreign keys"
	[ "$n" -gt 0 ] && [ "$parts" = 6 ] || fail "payment: $n rows, $parts partitions"
	assert_eq 0 "$(pg_sql 'SELECT COUNT(*) FROM payment p WHERE NOT EXISTS (SELECT 1 FROM customer c WHERE c.customer_id = p.customer_id)
		OR NOT EXISTS (SELECT 1 FROM rental r WHERE r.rental_id = p.rental_id)
		OR NOT EXISTS (SELECT 1 FROM staff s WHERE s.staff_id = p.staff_id)')" "payments referencing nothing"
	part_run pg
}
