/*
 * Pinned output: rows of the orders table of bench/seed-vs-copy.sh and a
 * digest of 2,000 values of every generator, written by the CSV writer.
 * The same seed must give these very bytes on every build: a change here
 * changes every seeded database (and the checksums users compare).
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen/gen.h"
#include "seed/csv.h"

#define NOW_US 1764374400000000LL /* 2025-11-29 00:00:00 UTC */

typedef struct col {
	const char *name;
	int32_t family, max_length;
	const char *kv[10];
} col;

static gen *mkgen(const col *c, uint64_t seed)
{
	err e;
	memset(&e, 0, sizeof e);
	gen_spec *s = gen_spec_new(c->kv[0], NULL, 0, &e);
	cr_assert_not_null(s, "%s: %s", c->kv[0], e.msg);
	for (int i = 1; c->kv[i]; i += 2)
		cr_assert_eq(gen_spec_set(s, c->kv[i], c->kv[i + 1], 0, &e), 0, "%s %s: %s", c->kv[0], c->kv[i], e.msg);
	cr_assert_eq(gen_spec_finish(s, &e), 0, "%s: %s", c->kv[0], e.msg);
	gen_ctx ctx = { .now_us = NOW_US, .family = c->family, .max_length = c->max_length };
	gen *g = gen_new(s, gen_stream_seed(seed, "orders", c->name), &ctx);
	gen_spec_free(s);
	cr_assert_not_null(g);
	return g;
}

/* CSV lines of rows [first, first + n) of cols; caller frees. */
static char *rows_csv(const col *cols, size_t ncols, uint64_t first, uint64_t n)
{
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	gen *g[16];
	dba_value row[16];
	err e;

	for (size_t k = 0; k < ncols; k++)
		g[k] = mkgen(&cols[k], 42);
	for (uint64_t i = first; i < first + n; i++) {
		for (size_t k = 0; k < ncols; k++)
			cr_assert_eq(gen_next(g[k], i, &row[k], &e), 0, "%s: %s", cols[k].name, e.msg);
		csv_write_row(f, row, ncols);
	}
	fclose(f);
	for (size_t k = 0; k < ncols; k++)
		gen_free(g[k]);
	return out;
}

static uint64_t fnv(const char *p)
{
	uint64_t h = 0xCBF29CE484222325ULL;
	for (; *p; p++) {
		h ^= (unsigned char)*p;
		h *= 0x100000001B3ULL;
	}
	return h;
}

static const col orders[] = {
	{ "id", DBA_FAM_INT, 0, { "sequential" } },
	{ "user_id", DBA_FAM_INT, 0, { "random_int", "min", "1", "max", "100000" } },
	{ "total", DBA_FAM_DECIMAL, 0, { "random_decimal", "min", "1", "max", "5000" } },
	{ "status", DBA_FAM_TEXT, 20,
	  { "enum", "values", "pending, \"on hold\", shipped, delivered, cancelled", "weights", "10, 2, 30, 50, 8" } },
	{ "created_at", DBA_FAM_TIMESTAMP, 0, { "timestamp", "type", "range", "start", "2024-01-01", "end", "2025-01-01" } },
};

Test(pinned, orders_rows)
{
	char *a = rows_csv(orders, 5, 0, 3), *b = rows_csv(orders, 5, 999999, 1);
	cr_expect_str_eq(a, "1,56677,3416.09,shipped,2024-11-08 23:23:40\n"
			    "2,69156,1267.59,delivered,2024-01-01 15:44:30\n"
			    "3,22202,2788.28,shipped,2024-04-02 06:29:01\n");
	cr_expect_str_eq(b, "1000000,3982,3862.36,shipped,2024-04-15 10:44:52\n");
	free(a);
	free(b);
}

static const col every[] = {
	{ "a", DBA_FAM_INT, 0, { "random_int", "min", "-50", "max", "50", "null_probability", "0.2" } },
	{ "b", DBA_FAM_INT, 0, { "random_int", "min", "1", "max", "1000", "distribution", "normal" } },
	{ "c", DBA_FAM_INT, 0, { "random_int", "min", "1", "max", "1000000", "distribution", "zipf" } },
	{ "d", DBA_FAM_DECIMAL, 0, { "random_decimal", "min", "-10", "max", "10", "precision", "3" } },
	{ "e", DBA_FAM_BOOL, 0, { "boolean", "true_probability", "0.3" } },
	{ "f", DBA_FAM_TIMESTAMP, 0, { "timestamp", "type", "relative", "offset_seconds", "-3600", "jitter_seconds", "600" } },
	{ "g", DBA_FAM_DATE, 0, { "date" } },
	{ "h", DBA_FAM_TEXT, 40, { "email" } },
	{ "i", DBA_FAM_TEXT, 0, { "phone" } },
	{ "j", DBA_FAM_TEXT, 0, { "name" } },
	{ "k", DBA_FAM_TEXT, 0, { "address", "type", "full" } },
	{ "l", DBA_FAM_TEXT, 30, { "text", "min_words", "2", "max_words", "9" } },
	{ "m", DBA_FAM_TEXT, 0, { "template", "template", "SKU-{random_int:1:999}-{first_name}, \"{row}\"" } },
	{ "n", DBA_FAM_UUID, 0, { "uuid" } },
	{ "o", DBA_FAM_TEXT, 0, { "timestamp", "type", "range", "start", "1999-12-31", "end", "2000-01-02" } },
	{ "p", DBA_FAM_TEXT, 0, { "enum", "values", "x, y, z" } },
};

Test(pinned, every_generator_digest)
{
	char *a = rows_csv(every, sizeof every / sizeof every[0], 0, 2000);
	char first[512];
	snprintf(first, sizeof first, "%.*s", (int)strcspn(a, "\n"), a);
	cr_expect_str_eq(first, ",624,16650,-7.561,false,2025-11-28 23:06:04,2025-02-06,lane.daniel1@example.com,"
				"(246) 819-0253,Paul Curry,\"8887 Maple St, Miami, FL 48059\",Felis venenatis.,"
				"\"SKU-538-Lydia, \"\"0\"\"\",199571bd-1824-434a-abd2-a6947fca88ac,2000-01-01 01:25:49,y");
	cr_expect_eq(fnv(a), 0x4ad282cd921deb82ULL, "digest %016llx", (unsigned long long)fnv(a));
	free(a);
}

Test(pinned, csv_writer_scalars_and_quoting)
{
	dba_value v[11];
	memset(v, 0, sizeof v);
	v[0].type = DBA_T_INT64, v[0].u.i64 = INT64_MIN;
	v[1].type = DBA_T_TIMESTAMP, v[1].u.i64 = 1700000000123456LL;
	v[2].type = DBA_T_TIMESTAMP, v[2].u.i64 = -62198755200000000LL - 1; /* before year 0 */
	v[3].type = DBA_T_DATE, v[3].u.i64 = -1;
	v[4].type = DBA_T_DOUBLE, v[4].u.f64 = 0.1;
	v[5].type = DBA_T_BOOL, v[5].u.b = 1;
	v[6].type = DBA_T_NULL;
	v[7].type = DBA_T_TEXT, v[7].u.str = "", v[7].len = 0;
	v[8].type = DBA_T_TEXT, v[8].u.str = "a\"b\nc", v[8].len = 5;
	v[9].type = DBA_T_DECIMAL, v[9].u.str = "-0.50", v[9].len = 5;
	v[10].type = DBA_T_TIMESTAMP, v[10].u.i64 = 253402300799000000LL; /* 9999-12-31 23:59:59 */
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	csv_write_row(f, v, 11);
	fclose(f);
	cr_expect_str_eq(out, "-9223372036854775808,2023-11-14 22:13:20.123456,-002-12-31 23:59:59.999999,1969-12-31,"
			      "0.10000000000000001,true,,\"\",\"a\"\"b\nc\",-0.50,9999-12-31 23:59:59\n");
	free(out);
}
