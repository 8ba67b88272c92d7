/*
 * Value generators (core/gen): determinism, ranges, formats, distributions,
 * and the configuration errors users see.
 */
#include <criterion/criterion.h>
#include <ctype.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen/gen.h"

#define NOW_US 1764374400000000LL /* 2025-11-29 00:00:00 UTC */

/* Builds and finishes a spec from key/value pairs; NULL with e filled on error. */
static gen_spec *mk(const char *generator, const char *const *kv, err *e)
{
	memset(e, 0, sizeof *e);
	gen_spec *s = gen_spec_new(generator, "seed.ini", 10, e);
	if (!s)
		return NULL;
	for (int i = 0; kv && kv[i]; i += 2)
		if (gen_spec_set(s, kv[i], kv[i + 1], 11 + i / 2, e)) {
			gen_spec_free(s);
			return NULL;
		}
	if (gen_spec_finish(s, e)) {
		gen_spec_free(s);
		return NULL;
	}
	return s;
}

#define KV(...) ((const char *const[]){ __VA_ARGS__, NULL })

static gen *mkgen(const char *generator, const char *const *kv, uint64_t seed, const gen_ctx *ctx)
{
	err e;
	gen_spec *s = mk(generator, kv, &e);
	cr_assert_not_null(s, "spec %s: %s", generator, e.msg);
	gen_ctx c = { .now_us = NOW_US };
	gen *g = gen_new(s, seed, ctx ? ctx : &c);
	gen_spec_free(s); /* the gen keeps its own reference */
	cr_assert_not_null(g);
	return g;
}

/* The value of one row as text (caller frees). */
static char *val_str(gen *g, uint64_t row, int *type)
{
	dba_value v;
	err e;
	cr_assert_eq(gen_next(g, row, &v, &e), 0, "gen_next: %s", e.msg);
	*type = v.type;
	char buf[128];
	switch (v.type) {
	case DBA_T_NULL:
		return strdup("NULL");
	case DBA_T_INT64:
	case DBA_T_TIMESTAMP:
	case DBA_T_DATE:
		snprintf(buf, sizeof buf, "%lld", (long long)v.u.i64);
		return strdup(buf);
	case DBA_T_BOOL:
		return strdup(v.u.b ? "true" : "false");
	default:
		return strndup(v.u.str, v.len);
	}
}

static int matches(const char *re, const char *s)
{
	regex_t r;
	cr_assert_eq(regcomp(&r, re, REG_EXTENDED | REG_NOSUB), 0);
	int ok = regexec(&r, s, 0, NULL, 0) == 0;
	regfree(&r);
	return ok;
}

static int cmpstr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* ---- PRNG ---- */

Test(rng, same_seed_same_sequence)
{
	rng a, b;
	rng_seed(&a, 42);
	rng_seed(&b, 42);
	for (int i = 0; i < 1000; i++)
		cr_assert_eq(rng_next(&a), rng_next(&b));
	rng_seed(&b, 43);
	rng_seed(&a, 42);
	int same = 0;
	for (int i = 0; i < 100; i++)
		same += rng_next(&a) == rng_next(&b);
	cr_assert_eq(same, 0);
}

Test(rng, below_stays_in_bound_and_is_uniform)
{
	rng r;
	rng_seed(&r, 7);
	int count[7] = { 0 };
	for (int i = 0; i < 70000; i++) {
		uint64_t x = rng_below(&r, 7);
		cr_assert_lt(x, 7);
		count[x]++;
	}
	for (int k = 0; k < 7; k++)
		cr_assert(count[k] > 9400 && count[k] < 10600, "bucket %d has %d of 70000", k, count[k]);
	/* a bound just above a power of two, where modulo bias would show */
	uint64_t n = (1ULL << 63) + 1;
	for (int i = 0; i < 1000; i++)
		cr_assert_lt(rng_below(&r, n), n);
	cr_assert_eq(rng_below(&r, 1), 0);
	for (int i = 0; i < 1000; i++) {
		int64_t x = rng_range(&r, -3, 3);
		cr_assert(x >= -3 && x <= 3);
	}
}

Test(rng, zipf_is_skewed_towards_low_ranks)
{
	rng r;
	rng_seed(&r, 1);
	static int count[1000];
	for (int i = 0; i < 200000; i++) {
		uint64_t k = rng_zipf(&r, 1000);
		cr_assert_lt(k, 1000);
		count[k]++;
	}
	cr_assert_gt(count[0], 2 * count[1] * 0.9);
	cr_assert_gt(count[1], count[10]);
	cr_assert_gt(count[10], count[100]);
	cr_assert_gt(count[0], 200000 / 20, "rank 0 drew %d of 200000", count[0]);
	/* huge n works without tables */
	for (int i = 0; i < 1000; i++)
		cr_assert_lt(rng_zipf(&r, 1ULL << 40), 1ULL << 40);
}

Test(rng, normal_has_unit_spread)
{
	rng r;
	rng_seed(&r, 3);
	double sum = 0, sq = 0;
	for (int i = 0; i < 50000; i++) {
		double x = rng_normal(&r);
		sum += x;
		sq += x * x;
	}
	double mean = sum / 50000, var = sq / 50000 - mean * mean;
	cr_assert(mean > -0.03 && mean < 0.03, "mean %f", mean);
	cr_assert(var > 0.95 && var < 1.05, "variance %f", var);
}

Test(rng, stream_seed_depends_on_names_and_seed)
{
	uint64_t a = gen_stream_seed(42, "users", "email");
	cr_assert_eq(a, gen_stream_seed(42, "users", "email"));
	cr_assert_neq(a, gen_stream_seed(42, "users", "name"));
	cr_assert_neq(a, gen_stream_seed(43, "users", "email"));
	cr_assert_neq(gen_stream_seed(42, "ab", "c"), gen_stream_seed(42, "a", "bc"));
	cr_assert_neq(gen_stream_seed(42, "users", NULL), gen_stream_seed(42, "users", ""));
}

/* ---- determinism ---- */

Test(determinism, same_spec_and_seed_give_same_values)
{
	const char *gens[] = { "random_int", "random_decimal", "email", "name", "uuid", "text", "address", "phone" };
	for (size_t k = 0; k < sizeof gens / sizeof gens[0]; k++) {
		uint64_t seed = gen_stream_seed(42, "t", gens[k]);
		gen *a = mkgen(gens[k], NULL, seed, NULL), *b = mkgen(gens[k], NULL, seed, NULL);
		for (uint64_t row = 0; row < 500; row++) {
			int ta, tb;
			char *x = val_str(a, row, &ta), *y = val_str(b, row, &tb);
			cr_assert_str_eq(x, y, "%s row %llu", gens[k], (unsigned long long)row);
			cr_assert_eq(ta, tb);
			free(x);
			free(y);
		}
		gen_free(a);
		gen_free(b);
	}
}

Test(determinism, different_column_names_draw_different_streams)
{
	gen *a = mkgen("random_int", KV("min", "0", "max", "1000000"), gen_stream_seed(42, "users", "a"), NULL);
	gen *b = mkgen("random_int", KV("min", "0", "max", "1000000"), gen_stream_seed(42, "users", "b"), NULL);
	int same = 0;
	for (uint64_t row = 0; row < 200; row++) {
		int t;
		char *x = val_str(a, row, &t), *y = val_str(b, row, &t);
		same += strcmp(x, y) == 0;
		free(x);
		free(y);
	}
	cr_assert_lt(same, 3);
	gen_free(a);
	gen_free(b);
}

Test(determinism, another_column_does_not_change_a_stream)
{
	uint64_t sa = gen_stream_seed(42, "orders", "total");
	gen *alone = mkgen("random_decimal", NULL, sa, NULL);
	char *ref[300];
	for (uint64_t row = 0; row < 300; row++) {
		int t;
		ref[row] = val_str(alone, row, &t);
	}
	gen_free(alone);
	/* the same column generated interleaved with a newly added column */
	gen *a = mkgen("random_decimal", NULL, sa, NULL);
	gen *added = mkgen("text", NULL, gen_stream_seed(42, "orders", "note"), NULL);
	for (uint64_t row = 0; row < 300; row++) {
		int t;
		char *x = val_str(added, row, &t);
		free(x);
		x = val_str(a, row, &t);
		cr_assert_str_eq(x, ref[row]);
		free(x);
		free(ref[row]);
	}
	gen_free(a);
	gen_free(added);
}

Test(determinism, a_row_value_does_not_depend_on_batching)
{
	uint64_t seed = gen_stream_seed(7, "t", "c");
	gen *all = mkgen("email", NULL, seed, NULL);
	gen *some = mkgen("email", NULL, seed, NULL);
	for (uint64_t row = 0; row < 100; row++) {
		int t;
		char *x = val_str(all, row, &t);
		if (row % 7 == 3) {
			char *y = val_str(some, row, &t);
			cr_assert_str_eq(x, y);
			free(y);
		}
		free(x);
	}
	gen_free(all);
	gen_free(some);
}

Test(determinism, null_probability_keeps_other_rows_values)
{
	uint64_t seed = gen_stream_seed(42, "t", "c");
	gen *plain = mkgen("random_int", KV("min", "1", "max", "1000000"), seed, NULL);
	gen *nulls = mkgen("random_int", KV("min", "1", "max", "1000000", "null_probability", "0.25"), seed, NULL);
	int n_null = 0;
	for (uint64_t row = 0; row < 20000; row++) {
		int tp, tn;
		char *x = val_str(plain, row, &tp), *y = val_str(nulls, row, &tn);
		if (tn == DBA_T_NULL)
			n_null++;
		else
			cr_assert_str_eq(x, y);
		free(x);
		free(y);
	}
	cr_assert(n_null > 4600 && n_null < 5400, "%d NULLs of 20000 at probability 0.25", n_null);
	gen_free(plain);
	gen_free(nulls);
}

/* ---- ranges and formats ---- */

Test(values, sequential_counts_from_start_by_step_after_row_offset)
{
	gen_ctx c = { .now_us = NOW_US, .row_offset = 10 };
	gen *g = mkgen("sequential", KV("start", "100", "step", "5"), 1, &c);
	int t;
	char *x = val_str(g, 0, &t);
	cr_assert_str_eq(x, "150");
	cr_assert_eq(t, DBA_T_INT64);
	free(x);
	x = val_str(g, 1, &t);
	cr_assert_str_eq(x, "155");
	free(x);
	gen_free(g);

	err e;
	gen_spec *s = mk("sequential", NULL, &e);
	int64_t start, step;
	cr_assert_eq(gen_spec_sequential(s, &start, &step), 0);
	cr_assert_eq(start, 1);
	cr_assert_eq(step, 1);
	gen_spec_set_start(s, 501);
	g = gen_new(s, 1, &c);
	x = val_str(g, 0, &t);
	cr_assert_str_eq(x, "511");
	free(x);
	cr_assert(gen_spec_unique(s));
	gen_free(g);
	gen_spec_free(s);
}

Test(values, random_int_stays_within_min_max)
{
	const char *dists[] = { "uniform", "normal", "zipf" };
	for (int d = 0; d < 3; d++) {
		gen *g = mkgen("random_int", KV("min", "-5", "max", "20", "distribution", dists[d]), 9, NULL);
		int seen_lo = 0, seen_hi = 0, mid = 0;
		for (uint64_t row = 0; row < 20000; row++) {
			dba_value v;
			err e;
			cr_assert_eq(gen_next(g, row, &v, &e), 0);
			cr_assert_eq(v.type, DBA_T_INT64);
			cr_assert(v.u.i64 >= -5 && v.u.i64 <= 20, "%s gave %lld", dists[d], (long long)v.u.i64);
			seen_lo += v.u.i64 == -5;
			seen_hi += v.u.i64 == 20;
			mid += v.u.i64 >= 5 && v.u.i64 <= 10;
		}
		if (d == 0)
			cr_assert(seen_lo && seen_hi);
		if (d == 1)
			cr_assert_gt(mid, 20000 * 0.5, "normal: only %d of 20000 near the middle", mid);
		if (d == 2)
			cr_assert_gt(seen_lo, 20000 / 10, "zipf: min drawn %d times of 20000", seen_lo);
		gen_free(g);
	}
}

Test(values, numbers_become_text_for_text_columns)
{
	gen_ctx c = { .now_us = NOW_US, .family = DBA_FAM_TEXT };
	gen *g = mkgen("random_int", KV("min", "100", "max", "999"), 3, &c);
	int t;
	char *x = val_str(g, 0, &t);
	cr_assert_eq(t, DBA_T_TEXT);
	cr_assert(matches("^[1-9][0-9]{2}$", x), "%s", x);
	free(x);
	gen_free(g);
	g = mkgen("date", KV("start", "2024-02-01", "end", "2024-02-01"), 3, &c);
	x = val_str(g, 0, &t);
	cr_assert_eq(t, DBA_T_TEXT);
	cr_assert_str_eq(x, "2024-02-01");
	free(x);
	gen_free(g);
}

Test(values, random_decimal_has_precision_digits_within_range)
{
	gen *g = mkgen("random_decimal", KV("min", "-2.5", "max", "10", "precision", "3"), 5, NULL);
	int lo = 0, hi = 0;
	for (uint64_t row = 0; row < 20000; row++) {
		int t;
		char *x = val_str(g, row, &t);
		cr_assert_eq(t, DBA_T_DECIMAL);
		cr_assert(matches("^-?(0|[1-9][0-9]*)\\.[0-9]{3}$", x), "bad decimal %s", x);
		double d = atof(x);
		cr_assert(d >= -2.5 && d <= 10.0, "%s out of range", x);
		lo += d < -2.0;
		hi += d > 9.5;
		free(x);
	}
	cr_assert(lo && hi);
	gen_free(g);
	g = mkgen("random_decimal", KV("min", "1", "max", "9", "precision", "0"), 5, NULL);
	int t;
	char *x = val_str(g, 0, &t);
	cr_assert(matches("^[1-9]$", x), "%s", x);
	free(x);
	gen_free(g);
}

Test(values, boolean_probability)
{
	gen *g = mkgen("boolean", KV("true_probability", "0.8"), 5, NULL);
	int yes = 0;
	for (uint64_t row = 0; row < 10000; row++) {
		dba_value v;
		err e;
		gen_next(g, row, &v, &e);
		cr_assert_eq(v.type, DBA_T_BOOL);
		yes += v.u.b;
	}
	cr_assert(yes > 7700 && yes < 8300, "%d true of 10000", yes);
	gen_free(g);
}

Test(values, dates_and_timestamps_stay_in_range)
{
	gen *g = mkgen("date", KV("start", "2024-01-01", "end", "2024-03-31"), 5, NULL);
	int64_t lo = 19723, hi = 19813; /* days since 1970 */
	int seen_lo = 0, seen_hi = 0;
	for (uint64_t row = 0; row < 5000; row++) {
		dba_value v;
		err e;
		gen_next(g, row, &v, &e);
		cr_assert_eq(v.type, DBA_T_DATE);
		cr_assert(v.u.i64 >= lo && v.u.i64 <= hi, "day %lld", (long long)v.u.i64);
		seen_lo |= v.u.i64 == lo;
		seen_hi |= v.u.i64 == hi;
	}
	cr_assert(seen_lo && seen_hi);
	gen_free(g);

	g = mkgen("timestamp", KV("type", "range", "start", "2024-01-01 12:00:00", "end", "2024-01-01T12:00:10Z"), 5,
		  NULL);
	int64_t t0 = 1704110400LL * 1000000;
	for (uint64_t row = 0; row < 1000; row++) {
		dba_value v;
		err e;
		gen_next(g, row, &v, &e);
		cr_assert_eq(v.type, DBA_T_TIMESTAMP);
		cr_assert(v.u.i64 >= t0 && v.u.i64 <= t0 + 10000000);
		cr_assert_eq(v.u.i64 % 1000000, 0);
	}
	gen_free(g);

	g = mkgen("timestamp", NULL, 5, NULL);
	dba_value v;
	err e;
	gen_next(g, 3, &v, &e);
	cr_assert_eq(v.u.i64, NOW_US, "type=now is the run's fixed instant");
	gen_free(g);

	g = mkgen("timestamp", KV("type", "relative", "offset_seconds", "-3600", "jitter_seconds", "60"), 5, NULL);
	for (uint64_t row = 0; row < 1000; row++) {
		gen_next(g, row, &v, &e);
		cr_assert(v.u.i64 >= NOW_US - 3660LL * 1000000 && v.u.i64 <= NOW_US - 3540LL * 1000000);
	}
	gen_free(g);
}

Test(values, email_is_unique_lower_case_ascii)
{
	enum { N = 100000 };
	char **v = malloc(N * sizeof *v);
	gen *g = mkgen("email", NULL, gen_stream_seed(42, "users", "email"), NULL);
	for (uint64_t row = 0; row < N; row++) {
		int t;
		v[row] = val_str(g, row, &t);
		cr_assert_eq(t, DBA_T_TEXT);
	}
	gen_free(g);
	cr_assert(matches("^[a-z]+\\.[a-z]+[0-9]+@example\\.(com|net|org)$", v[0]), "%s", v[0]);
	for (int i = 0; i < N; i++)
		for (const char *p = v[i]; *p; p++)
			cr_assert(!isupper((unsigned char)*p) && *p != '\'' && (unsigned char)*p < 128, "%s", v[i]);
	qsort(v, N, sizeof *v, cmpstr);
	for (int i = 1; i < N; i++)
		cr_assert_str_neq(v[i - 1], v[i], "duplicate email %s", v[i]);
	for (int i = 0; i < N; i++)
		free(v[i]);
	free(v);

	/* a later incremental run (row_offset, unique_tag) never repeats the first run's values */
	gen_ctx c = { .now_us = NOW_US, .row_offset = 5, .unique_tag = 12345 };
	g = mkgen("email", KV("domain", "corp.test"), 1, &c);
	int t;
	char *x = val_str(g, 0, &t);
	cr_assert(matches("^[a-z]+\\.[a-z]+6\\.[0-9a-z]+@corp\\.test$", x), "%s", x);
	free(x);
	gen_free(g);
}

Test(values, email_fits_short_columns_and_stays_unique)
{
	gen_ctx c = { .now_us = NOW_US, .max_length = 20 };
	gen *g = mkgen("email", NULL, 1, &c);
	char *v[2000];
	for (uint64_t row = 0; row < 2000; row++) {
		int t;
		v[row] = val_str(g, row, &t);
		cr_assert_leq(strlen(v[row]), 20, "%s", v[row]);
	}
	qsort(v, 2000, sizeof *v, cmpstr);
	for (int i = 1; i < 2000; i++)
		cr_assert_str_neq(v[i - 1], v[i]);
	for (int i = 0; i < 2000; i++)
		free(v[i]);
	gen_free(g);
}

Test(values, uuid_is_version_4)
{
	gen *g = mkgen("uuid", NULL, 11, NULL);
	char *v[1000];
	for (uint64_t row = 0; row < 1000; row++) {
		int t;
		v[row] = val_str(g, row, &t);
		cr_assert_eq(t, DBA_T_UUID);
		cr_assert(matches("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", v[row]), "%s",
			  v[row]);
	}
	qsort(v, 1000, sizeof *v, cmpstr);
	for (int i = 1; i < 1000; i++)
		cr_assert_str_neq(v[i - 1], v[i]);
	for (int i = 0; i < 1000; i++)
		free(v[i]);
	gen_free(g);
}

Test(values, phone_name_address_text_shapes)
{
	int t;
	gen *g = mkgen("phone", NULL, 1, NULL);
	char *x = val_str(g, 0, &t);
	cr_assert(matches("^\\([0-9]{3}\\) [0-9]{3}-[0-9]{4}$", x), "%s", x);
	free(x);
	gen_free(g);
	g = mkgen("phone", KV("format", "+1-###-####"), 1, NULL);
	x = val_str(g, 0, &t);
	cr_assert(matches("^\\+1-[0-9]{3}-[0-9]{4}$", x), "%s", x);
	free(x);
	gen_free(g);
	g = mkgen("name", KV("type", "full"), 1, NULL);
	x = val_str(g, 0, &t);
	cr_assert(matches("^[A-Z][A-Za-z'-]+ [A-Z][A-Za-z' -]+$", x), "%s", x);
	free(x);
	gen_free(g);
	g = mkgen("address", KV("type", "full"), 1, NULL);
	x = val_str(g, 0, &t);
	cr_assert(matches("^[0-9]+ [A-Za-z ]+, [A-Za-z .]+, [A-Z]{2} [0-9]{5}$", x), "%s", x);
	free(x);
	gen_free(g);
	g = mkgen("address", NULL, 1, NULL);
	x = val_str(g, 0, &t);
	cr_assert(matches("^[0-9]+ [A-Za-z ]+$", x), "%s", x);
	free(x);
	gen_free(g);
	g = mkgen("text", KV("min_words", "2", "max_words", "4"), 1, NULL);
	for (uint64_t row = 0; row < 200; row++) {
		x = val_str(g, row, &t);
		int words = 1;
		for (const char *p = x; *p; p++)
			words += *p == ' ';
		cr_assert(words >= 2 && words <= 4, "%s", x);
		free(x);
	}
	gen_free(g);
}

Test(values, word_lists_are_large_and_have_apostrophes)
{
	cr_assert_geq(gen_n_first_names, 500);
	cr_assert_geq(gen_n_last_names, 500);
	cr_assert_geq(gen_n_words, 200);
	cr_assert_geq(gen_n_streets, 100);
	cr_assert_geq(gen_n_cities, 100);
	int apos = 0;
	for (unsigned i = 0; i < gen_n_last_names; i++)
		apos += strchr(gen_last_names[i], '\'') != NULL;
	cr_assert_geq(apos, 5);
}

Test(values, enum_weights_are_roughly_honoured)
{
	gen *g = mkgen("enum", KV("values", "a, \"on hold\", c", "weights", "1, 2, 7"), 17, NULL);
	int n[3] = { 0 };
	const int N = 20000;
	for (int row = 0; row < N; row++) {
		int t;
		char *x = val_str(g, (uint64_t)row, &t);
		cr_assert_eq(t, DBA_T_TEXT);
		if (strcmp(x, "a") == 0)
			n[0]++;
		else if (strcmp(x, "on hold") == 0)
			n[1]++;
		else if (strcmp(x, "c") == 0)
			n[2]++;
		else
			cr_assert_fail("unexpected enum value \"%s\"", x);
		free(x);
	}
	double expect[3] = { 0.1, 0.2, 0.7 }, chi = 0;
	for (int k = 0; k < 3; k++)
		chi += (n[k] - expect[k] * N) * (n[k] - expect[k] * N) / (expect[k] * N);
	cr_assert_lt(chi, 20, "chi-square %f (counts %d %d %d)", chi, n[0], n[1], n[2]);
	gen_free(g);

	g = mkgen("enum", KV("values", "x, y", "weights", "0, 1"), 17, NULL);
	for (int row = 0; row < 200; row++) {
		int t;
		char *x = val_str(g, (uint64_t)row, &t);
		cr_assert_str_eq(x, "y");
		free(x);
	}
	gen_free(g);
}

/* Weights near DBL_MAX: their sum overflows to inf unless they are scaled first. */
Test(values, enum_weights_near_dbl_max_are_split_evenly)
{
	gen *g = mkgen("enum", KV("values", "a, b", "weights", "1e308, 1e308"), 17, NULL);
	int na = 0;
	const int N = 10000;

	for (int row = 0; row < N; row++) {
		int t;
		char *x = val_str(g, (uint64_t)row, &t);

		na += strcmp(x, "a") == 0;
		free(x);
	}
	cr_assert(na > N * 45 / 100 && na < N * 55 / 100, "%d of %d rows took \"a\" for equal weights", na, N);
	gen_free(g);
	g = mkgen("enum", KV("values", "a, b, c", "weights", "1.7e308, 1.7e308, 0"), 17, NULL);
	na = 0;
	for (int row = 0; row < N; row++) {
		int t;
		char *x = val_str(g, (uint64_t)row, &t);

		cr_assert_str_neq(x, "c", "a zero weight was drawn");
		na += strcmp(x, "a") == 0;
		free(x);
	}
	cr_assert(na > N * 45 / 100 && na < N * 55 / 100, "%d of %d rows took \"a\"", na, N);
	gen_free(g);
}

Test(values, text_is_cut_by_characters_not_bytes)
{
	gen_ctx c = { .now_us = NOW_US, .max_length = 3 };
	gen *g = mkgen("template", KV("template", "Ä€ö{row}xyz"), 1, &c);
	dba_value v;
	err e;
	cr_assert_eq(gen_next(g, 0, &v, &e), 0);
	cr_assert_eq(v.len, strlen("Ä€ö"));
	cr_assert_eq(memcmp(v.u.str, "Ä€ö", v.len), 0);
	gen_free(g);
	c.max_length = 12;
	g = mkgen("text", KV("min_words", "20", "max_words", "20"), 1, &c);
	int t;
	char *x = val_str(g, 0, &t);
	cr_assert_leq(strlen(x), 12);
	cr_assert_neq(x[strlen(x) - 1], ' ');
	free(x);
	gen_free(g);
}

Test(values, foreign_key_asks_the_source)
{
	struct src {
		int calls, zipf;
	} st = { 0, -1 };
	gen_ctx c = { .now_us = NOW_US };
	c.fk.ud = &st;
	c.fk.pick = NULL;
	err e;
	gen_spec *s = mk("foreign_key", KV("references", "\"Order Items\".id", "distribution", "zipf"), &e);
	cr_assert_not_null(s, "%s", e.msg);
	cr_assert_str_eq(gen_spec_fk_ref(s), "\"Order Items\".id");
	cr_assert_str_eq(gen_spec_fk_table(s), "Order Items");
	cr_assert_str_eq(gen_spec_fk_column(s), "id");
	cr_assert(gen_spec_zipf(s));
	gen *g = gen_new(s, 1, &c);
	dba_value v;
	cr_assert_eq(gen_next(g, 0, &v, &e), -1, "no source is an error, not a made-up value");
	gen_free(g);
	gen_spec_free(s);

	s = mk("foreign_key", KV("references", "sales.users.id"), &e);
	cr_assert_str_eq(gen_spec_fk_table(s), "sales.users");
	cr_assert_str_eq(gen_spec_fk_column(s), "id");
	cr_assert_not(gen_spec_zipf(s));
	gen_spec_free(s);
}

static int pick_seven(void *ud, rng *r, int zipf, dba_value *out, err *e)
{
	*(int *)ud = zipf;
	out->type = DBA_T_INT64;
	out->u.i64 = 7;
	return 0;
}

Test(values, foreign_key_values_come_from_pick)
{
	int zipf = -1;
	gen_ctx c = { .now_us = NOW_US, .fk = { &zipf, pick_seven } };
	gen *g = mkgen("foreign_key", KV("references", "users.id", "distribution", "zipf"), 1, &c);
	dba_value v;
	err e;
	cr_assert_eq(gen_next(g, 0, &v, &e), 0);
	cr_assert_eq(v.type, DBA_T_INT64);
	cr_assert_eq(v.u.i64, 7);
	cr_assert_eq(zipf, 1);
	gen_free(g);
}

/* ---- configuration errors ---- */

Test(errors, unknown_generator_lists_valid_names)
{
	err e;
	cr_assert_null(mk("randomint", NULL, &e));
	cr_assert_eq(e.code, EXIT_USAGE);
	cr_assert_str_eq(e.msg, "seed.ini:10: unknown generator \"randomint\"");
	cr_assert(strstr(e.detail, "sequential, random_int, random_decimal") && strstr(e.detail, "text"), "%s",
		  e.detail);
	cr_assert_str_eq(e.hint, "did you mean \"random_int\"?");
}

Test(errors, unknown_option_lists_valid_options)
{
	err e;
	cr_assert_null(mk("random_int", KV("min", "1", "maximum", "5"), &e));
	cr_assert_eq(e.code, EXIT_USAGE);
	cr_assert_str_eq(e.msg, "seed.ini:12: unknown option \"maximum\" for generator \"random_int\"");
	cr_assert_str_eq(e.detail, "valid: min, max, distribution, null_probability");
	cr_assert(gen_spec_has_option("random_int", "null_probability"));
	cr_assert(gen_spec_has_option("email", "domain"));
	cr_assert_not(gen_spec_has_option("email", "min"));
	cr_assert_not(gen_spec_has_option("nope", "min"));
}

Test(errors, bad_values_name_the_option_and_line)
{
	err e;
	cr_assert_null(mk("random_int", KV("min", "ten"), &e));
	cr_assert_str_eq(e.msg, "seed.ini:11: bad value \"ten\" for option \"min\" of generator \"random_int\"");
	cr_assert_str_eq(e.detail, "expected an integer");
	cr_assert_null(mk("random_int", KV("min", "10", "max", "5"), &e));
	cr_assert_str_eq(e.msg, "seed.ini:12: generator \"random_int\": min (10) is greater than max (5)");
	cr_assert_null(mk("random_decimal", KV("max", "1", "min", "2.5"), &e));
	cr_assert_str_eq(e.msg, "seed.ini:12: generator \"random_decimal\": min (2.5) is greater than max (1)");
	cr_assert_null(mk("boolean", KV("probability", "1.5"), &e));
	cr_assert_str_eq(e.msg, "seed.ini:11: bad value \"1.5\" for option \"probability\" of generator \"boolean\"");
	cr_assert_null(mk("uuid", KV("null_probability", "-0.1"), &e));
	cr_assert_str_eq(e.msg, "seed.ini:11: bad value \"-0.1\" for option \"null_probability\" of generator \"uuid\"");
	cr_assert_null(mk("random_int", KV("distribution", "gauss"), &e));
	cr_assert_str_eq(e.detail, "expected uniform, normal or zipf");
	cr_assert_null(mk("date", KV("start", "2024-13-01"), &e));
	cr_assert(strstr(e.msg, "bad value \"2024-13-01\" for option \"start\""), "%s", e.msg);
	cr_assert_null(mk("date", KV("start", "2024-03-01", "end", "2024-02-01"), &e));
	cr_assert_str_eq(e.msg, "seed.ini:12: generator \"date\": end (2024-02-01) is before start (2024-03-01)");
	cr_assert_null(mk("timestamp", KV("start", "2024-03-01 10:00:00", "end", "2024-03-01T09:00:00Z"), &e));
	cr_assert(strstr(e.msg, "end (2024-03-01T09:00:00Z) is before start"), "%s", e.msg);
	cr_assert_null(mk("text", KV("min_words", "5", "max_words", "2"), &e));
	cr_assert(strstr(e.msg, "min_words (5) is greater than max_words (2)"), "%s", e.msg);
	cr_assert_null(mk("enum", KV("values", "a, b", "weights", "1, -1"), &e));
	cr_assert(strstr(e.msg, "bad value \"-1\" for option \"weights\""), "%s", e.msg);
	cr_assert_null(mk("enum", KV("values", "a, b", "weights", "0, 0"), &e));
	cr_assert_str_eq(e.msg, "seed.ini:12: generator \"enum\": the weights are all zero");
	cr_assert_null(mk("enum", KV("values", "a, b, c", "weights", "1, 2"), &e));
	cr_assert_str_eq(e.msg, "seed.ini:12: generator \"enum\": 2 weights for 3 values");
	cr_assert_null(mk("enum", KV("values", "a, \"b"), &e));
	cr_assert(strstr(e.msg, "bad value \"a, \"b\" for option \"values\""), "%s", e.msg);
	cr_assert_null(mk("foreign_key", KV("references", "users"), &e));
	cr_assert(strstr(e.msg, "bad value \"users\" for option \"references\""), "%s", e.msg);
}

Test(errors, missing_required_option_is_reported_at_the_section)
{
	err e;
	cr_assert_null(mk("enum", NULL, &e));
	cr_assert_str_eq(e.msg, "seed.ini:10: generator \"enum\" needs option \"values\"");
	cr_assert_null(mk("template", NULL, &e));
	cr_assert_str_eq(e.msg, "seed.ini:10: generator \"template\" needs option \"template\"");
	cr_assert_null(mk("foreign_key", KV("distribution", "zipf"), &e));
	cr_assert_str_eq(e.msg, "seed.ini:10: generator \"foreign_key\" needs option \"references\"");
	cr_assert_eq(e.code, EXIT_USAGE);
}

/* ---- describe and inference ---- */

static void described(const char *generator, const char *const *kv, const char *want)
{
	err e;
	gen_spec *s = mk(generator, kv, &e);
	cr_assert_not_null(s, "%s", e.msg);
	char buf[256];
	gen_spec_describe(s, buf, sizeof buf);
	cr_assert_str_eq(buf, want);
	gen_spec_free(s);
}

Test(describe, one_line_per_spec)
{
	described("random_int", KV("min", "1", "max", "5"), "random_int(min=1, max=5)");
	described("sequential", NULL, "sequential(start=1, step=1)");
	described("random_decimal", KV("precision", "1"), "random_decimal(min=0, max=100, precision=1)");
	described("uuid", KV("null_probability", "0.5"), "uuid(null_probability=0.5)");
	described("enum", KV("values", "a, b"), "enum(values=a|b)");
	described("foreign_key", KV("references", "users.id"), "foreign_key(references=users.id)");
	described("date", KV("start", "2024-01-01", "end", "2024-12-31"), "date(start=2024-01-01, end=2024-12-31)");
}

static gen_spec *infer(int family, const char *name, const char *type, int max_length, int p, int sc)
{
	dba_column c = { .name = name, .type_name = type, .family = family, .max_length = max_length,
			 .precision = p, .scale = sc };
	return gen_spec_infer(&c);
}

static void inferred(gen_spec *s, const char *want)
{
	cr_assert_not_null(s, "nothing inferred for %s", want);
	char buf[256];
	gen_spec_describe(s, buf, sizeof buf);
	cr_assert_str_eq(buf, want);
	gen_spec_free(s);
}

Test(infer, generators_from_column_types)
{
	inferred(infer(DBA_FAM_INT, "qty", "integer", -1, 32, 0), "random_int(min=1, max=1000000)");
	inferred(infer(DBA_FAM_INT, "qty", "smallint", -1, 16, 0), "random_int(min=1, max=32767)");
	inferred(infer(DBA_FAM_DECIMAL, "price", "numeric", -1, 5, 2), "random_decimal(min=0, max=999, precision=2)");
	inferred(infer(DBA_FAM_DECIMAL, "big", "numeric", -1, 18, 4),
		 "random_decimal(min=0, max=1000000, precision=4)");
	inferred(infer(DBA_FAM_BOOL, "active", "boolean", -1, -1, -1), "boolean(probability=0.5)");
	inferred(infer(DBA_FAM_TEXT, "contact_email", "varchar", 255, -1, -1), "email(domain=example.com/.net/.org)");
	inferred(infer(DBA_FAM_TEXT, "first_name", "varchar", 100, -1, -1), "name(type=first)");
	inferred(infer(DBA_FAM_TEXT, "surname", "varchar", 100, -1, -1), "name(type=last)");
	inferred(infer(DBA_FAM_TEXT, "username", "varchar", 100, -1, -1), "name(type=full)");
	inferred(infer(DBA_FAM_TEXT, "last_name", "varchar", 100, -1, -1), "name(type=last)");
	inferred(infer(DBA_FAM_TEXT, "phone", "varchar", 20, -1, -1), "phone(format=\"(###) ###-####\")");
	inferred(infer(DBA_FAM_TEXT, "street", "varchar", 100, -1, -1), "address(type=street)");
	inferred(infer(DBA_FAM_TEXT, "notes", "text", -1, -1, -1), "text(min_words=3, max_words=12)");
	inferred(infer(DBA_FAM_UUID, "id", "uuid", -1, -1, -1), "uuid()");
	inferred(infer(DBA_FAM_TIMESTAMP, "created_at", "timestamp", -1, -1, -1),
		 "timestamp(type=range, the last 365 days)");
	cr_assert_null(infer(DBA_FAM_JSON, "doc", "jsonb", -1, -1, -1));
	cr_assert_null(infer(DBA_FAM_BINARY, "blob", "bytea", -1, -1, -1));
	cr_assert_null(infer(DBA_FAM_OTHER, "x", "point", -1, -1, -1));
	cr_assert_null(infer(DBA_FAM_TIME, "t", "time", -1, -1, -1));
}

Test(infer, short_codes_and_enums)
{
	gen_spec *s = infer(DBA_FAM_TEXT, "code", "char", 3, -1, -1);
	cr_assert_not_null(s);
	char d[128];
	gen_spec_describe(s, d, sizeof d);
	cr_assert_str_eq(d, "template(3 capital letters)");
	gen_ctx c = { .now_us = NOW_US, .family = DBA_FAM_TEXT, .max_length = 3 };
	gen *g = gen_new(s, 1, &c);
	int t;
	char *x = val_str(g, 0, &t);
	cr_assert(matches("^[A-Z]{3}$", x), "%s", x);
	free(x);
	gen_free(g);
	gen_spec_free(s);

	const char *labels[] = { "new", "paid, not shipped", "done" };
	dba_column col = { .name = "status", .family = DBA_FAM_ENUM, .enum_values = labels, .n_enum_values = 3 };
	s = gen_spec_infer(&col);
	cr_assert_not_null(s);
	c.max_length = 0;
	g = gen_new(s, 1, &c);
	gen_spec_free(s);
	int seen[3] = { 0 };
	for (uint64_t row = 0; row < 300; row++) {
		x = val_str(g, row, &t);
		int k;
		for (k = 0; k < 3 && strcmp(x, labels[k]); k++)
			;
		cr_assert_lt(k, 3, "not a label: %s", x);
		seen[k] = 1;
		free(x);
	}
	cr_assert(seen[0] && seen[1] && seen[2]);
	gen_free(g);

	/* inferred timestamp ranges end at the run's "now" */
	s = infer(DBA_FAM_TIMESTAMP, "created_at", "timestamp", -1, -1, -1);
	c.family = DBA_FAM_TIMESTAMP;
	g = gen_new(s, 1, &c);
	for (uint64_t row = 0; row < 1000; row++) {
		dba_value v;
		err e;
		gen_next(g, row, &v, &e);
		cr_assert(v.u.i64 <= NOW_US && v.u.i64 >= NOW_US - 366LL * 86400 * 1000000);
	}
	gen_free(g);
	gen_spec_free(s);
}

Test(errors, time_formats_accepted_and_rejected)
{
	const char *ok[] = { "2024-02-29", "2024-02-29 23:59:59", "2024-02-29T23:59:59", "2024-02-29T23:59:59Z",
			     "\"2024-01-01 00:00:00\"", "2024-01-01 00:00:00.250" };
	const char *bad[] = { "2023-02-29", "2024-1-01", "2024-01-01 24:00:00", "2024-01-01T10:00", "yesterday",
			      "2024-01-01Z", "2024-01-01 10:00:00+02" };
	err e;
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		gen_spec *s = mk("timestamp", KV("start", ok[i]), &e);
		cr_assert_not_null(s, "%s rejected: %s", ok[i], e.msg);
		gen_spec_free(s);
	}
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		cr_assert_null(mk("timestamp", KV("start", bad[i]), &e), "%s accepted", bad[i]);
		cr_assert(strstr(e.msg, "bad value"), "%s", e.msg);
		cr_assert(strstr(e.detail, "YYYY-MM-DD HH:MM:SS"), "%s", e.detail);
	}
	/* UTC: midnight of 2024-01-01 is 1704067200 s */
	gen *g = mkgen("timestamp", KV("start", "2024-01-01T00:00:00Z", "end", "2024-01-01"), 1, NULL);
	dba_value v;
	cr_assert_eq(gen_next(g, 0, &v, &e), 0);
	cr_assert_eq(v.u.i64, 1704067200LL * 1000000);
	gen_free(g);
	cr_assert_null(mk("timestamp", KV("type", "now", "start", "2024-01-01"), &e));
	cr_assert(strstr(e.msg, "start and end need type = range"), "%s", e.msg);
}

Test(values, long_values_grow_the_buffer)
{
	gen *g = mkgen("text", KV("min_words", "1000", "max_words", "1000"), 1, NULL);
	for (uint64_t row = 0; row < 3; row++) {
		dba_value v;
		err e;
		cr_assert_eq(gen_next(g, row, &v, &e), 0);
		cr_assert_gt(v.len, 2000);
		cr_assert_eq(v.u.str[v.len - 1], '.');
	}
	gen_free(g);
}
