/*
 * pgbench expressions (core/workload/pgexpr.c, pgfunc.c): operators and
 * their precedence, integer / double / NULL rules, errors, the functions,
 * the random distributions (zipfian shape, determinism for one seed) and
 * permute being a permutation.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "workload/pgexpr.h"

typedef struct vars {
	const char *name[4];
	pgv v[4];
} vars;

static int look(void *ud, const char *name, pgv *out)
{
	vars *vs = ud;

	for (int i = 0; vs && i < 4 && vs->name[i]; i++)
		if (!strcmp(vs->name[i], name)) {
			*out = vs->v[i];
			return 0;
		}
	return -1;
}

static rng R;

/* Evaluates text; 0 with *out, -1 with msg. */
static int ev(const char *text, vars *vs, pgv *out, char *msg)
{
	pgx_env env = { &R, 42, look, vs };
	pgx *x = pgx_parse(text, msg, 256);
	int rc;

	if (!x)
		return -2;
	rc = pgx_eval(x, &env, out, msg, 256);
	pgx_free(x);
	return rc;
}

static int64_t ival(const char *text)
{
	char msg[256] = "";
	pgv v;

	cr_assert_eq(ev(text, NULL, &v, msg), 0, "%s: %s", text, msg);
	cr_assert(v.type == PGV_INT || v.type == PGV_BOOL, "%s: type %d", text, v.type);
	return v.i;
}

static double dval(const char *text)
{
	char msg[256] = "";
	pgv v;

	cr_assert_eq(ev(text, NULL, &v, msg), 0, "%s: %s", text, msg);
	cr_assert_eq(v.type, PGV_DOUBLE, "%s: type %d", text, v.type);
	return v.d;
}

static void fails(const char *text, int rc, const char *want)
{
	char msg[256] = "";
	pgv v;

	cr_assert_eq(ev(text, NULL, &v, msg), rc, "%s should fail (%d)", text, rc);
	cr_assert(strstr(msg, want), "%s: message \"%s\" lacks \"%s\"", text, msg, want);
}

Test(pgexpr, integer_arithmetic_and_precedence)
{
	cr_assert_eq(ival("1 + 2 * 3"), 7);
	cr_assert_eq(ival("(1 + 2) * 3"), 9);
	cr_assert_eq(ival("7 / 2"), 3);
	cr_assert_eq(ival("-7 / 2"), -3);
	cr_assert_eq(ival("-7 % 3"), -1);
	cr_assert_eq(ival("2 - 3 - 4"), -5);
	cr_assert_eq(ival("- - 5"), 5);
	cr_assert_eq(ival("1 << 4 | 1"), 17);
	cr_assert_eq(ival("6 & 3 # 1"), 3); /* left to right: (6 & 3) # 1 */
	cr_assert_eq(ival("~0"), -1);
	cr_assert_eq(ival("-9223372036854775808"), INT64_MIN);
	cr_assert_eq(ival("mod(-7, 3)"), -1);
	cr_assert_eq(ival("abs(-5)"), 5);
	cr_assert_eq(ival("least(5, 2, 9)"), 2);
	cr_assert_eq(ival("greatest(5, 2, 9)"), 9);
	cr_assert_eq(ival("int(5.4 + 3.8)"), 9);
	cr_assert_eq(ival("int(-2.5)"), -2); /* rint: to even */
}

Test(pgexpr, doubles)
{
	cr_assert_float_eq(dval("1 + 2.5"), 3.5, 1e-12);
	cr_assert_float_eq(dval("7 / 2.0"), 3.5, 1e-12);
	cr_assert_float_eq(dval("double(7) / 2"), 3.5, 1e-12);
	cr_assert_float_eq(dval("sqrt(2) * sqrt(2)"), 2.0, 1e-12);
	cr_assert_float_eq(dval("pow(2, 10)"), 1024.0, 1e-9);
	cr_assert_float_eq(dval("ln(exp(1.5))"), 1.5, 1e-12);
	cr_assert_float_eq(dval("pi()"), M_PI, 1e-15);
	cr_assert_float_eq(dval("1.5e3"), 1500.0, 1e-12);
	cr_assert_float_eq(dval("greatest(1, 2.5)"), 2.5, 1e-12);
	cr_assert_float_eq(dval("abs(-0.25)"), 0.25, 1e-12);
}

Test(pgexpr, booleans_comparisons_null_case)
{
	cr_assert_eq(ival("1 < 2 AND 2 <= 2"), 1);
	cr_assert_eq(ival("1 = 1.0"), 1);
	cr_assert_eq(ival("1 <> 1 OR NOT false"), 1);
	cr_assert_eq(ival("3 != 3"), 0);
	cr_assert_eq(ival("NULL IS NULL"), 1);
	cr_assert_eq(ival("1 ISNULL"), 0);
	cr_assert_eq(ival("1 NOTNULL"), 1);
	cr_assert_eq(ival("1 IS NOT NULL"), 1);
	cr_assert_eq(ival("(1 < 2) IS TRUE"), 1);
	cr_assert_eq(ival("false AND NULL"), 0); /* lazy and three-valued */
	cr_assert_eq(ival("true OR 1 / 0"), 1);
	cr_assert_eq(ival("CASE WHEN 1 > 2 THEN 10 WHEN 2 > 1 THEN 20 ELSE 30 END"), 20);
	cr_assert_eq(ival("CASE WHEN false THEN 1 ELSE 2 END"), 2);

	char msg[256];
	pgv v;

	cr_assert_eq(ev("1 + NULL", NULL, &v, msg), 0);
	cr_assert_eq(v.type, PGV_NULL);
	cr_assert_eq(ev("CASE WHEN false THEN 1 END", NULL, &v, msg), 0);
	cr_assert_eq(v.type, PGV_NULL);
}

Test(pgexpr, variables_and_text_values)
{
	vars vs = { { "a", "t", "s", NULL }, { { .type = PGV_INT, .i = 10 }, { .type = PGV_TEXT, .s = "32" },
					       { .type = PGV_TEXT, .s = "abc" } } };
	char msg[256] = "";
	pgv v;

	cr_assert_eq(ev(":a * :t + 1", &vs, &v, msg), 0, "%s", msg);
	cr_assert_eq(v.type, PGV_INT);
	cr_assert_eq(v.i, 321);
	cr_assert_eq(ev(":nope + 1", &vs, &v, msg), -1);
	cr_assert(strstr(msg, "undefined variable \"nope\""), "%s", msg);
	cr_assert_eq(ev(":s + 1", &vs, &v, msg), -1);
	cr_assert(strstr(msg, "malformed variable"), "%s", msg);
	cr_assert_eq(pgv_from_text("null").type, PGV_NULL);
	cr_assert_eq(pgv_from_text("On").type, PGV_BOOL);
	cr_assert_eq(pgv_from_text("-12").i, -12);
	cr_assert_float_eq(pgv_from_text("2.5").d, 2.5, 1e-12);
	cr_assert_eq(pgv_from_text("12x").type, PGV_TEXT);
}

Test(pgexpr, errors)
{
	fails("1 +", -2, "column");
	fails("foo(1)", -2, "unknown function");
	fails("random(1)", -2, "wrong number of arguments");
	fails("(1 + 2", -2, ") expected");
	fails("1 2", -2, "unexpected text");
	fails("1 / 0", -1, "division by zero");
	fails("9223372036854775807 + 1", -1, "out of range");
	fails("-9223372036854775808 / -1", -1, "out of range");
	fails("random(5, 1)", -1, "empty range");
	fails("random_gaussian(1, 10, 1.5)", -1, "at least 2.0");
	fails("random_exponential(1, 10, 0)", -1, "greater than zero");
	fails("random_zipfian(1, 10, 1.0)", -1, "[1.001, 1000]");
	fails("permute(1, 0)", -1, "greater than zero");
	fails("5.5 % 2", -1, "integers");
}

Test(pgexpr, random_ranges)
{
	rng_seed(&R, 1);
	for (int i = 0; i < 20000; i++) {
		int64_t u = ival("random(-3, 3)"), x = ival("random_exponential(1, 100, 5)");
		int64_t g = ival("random_gaussian(1, 100, 2.5)"), z = ival("random_zipfian(10, 1009, 1.2)");

		cr_assert(u >= -3 && u <= 3);
		cr_assert(x >= 1 && x <= 100, "exponential %lld", (long long)x);
		cr_assert(g >= 1 && g <= 100, "gaussian %lld", (long long)g);
		cr_assert(z >= 10 && z <= 1009, "zipfian %lld", (long long)z);
	}
}

/* P(k) is proportional to 1 / k^s: the first ranks' shares against the exact ones. */
Test(pgexpr, zipfian_distribution)
{
	enum { N = 1000, DRAWS = 200000 };
	static int count[N + 1];
	const double s = 1.5;
	double h = 0;

	rng_seed(&R, 7);
	for (int k = 1; k <= N; k++)
		h += 1 / pow(k, s);
	for (int i = 0; i < DRAWS; i++)
		count[pgx_random_zipfian(&R, 1, N, s)]++;
	for (int k = 1; k <= 5; k++) {
		double want = DRAWS / pow(k, s) / h, got = count[k];

		cr_assert(fabs(got - want) < 0.05 * want, "rank %d: %g draws, expected %g", k, got, want);
	}
	cr_assert(count[1] > count[2] && count[2] > count[3] && count[3] > count[10] && count[10] > count[100]);
}

Test(pgexpr, gaussian_and_exponential_shape)
{
	enum { DRAWS = 100000 };
	double sum = 0;
	int low = 0;

	rng_seed(&R, 9);
	for (int i = 0; i < DRAWS; i++)
		sum += (double)pgx_random_gaussian(&R, 1, 1000, 4.0);
	cr_assert(fabs(sum / DRAWS - 500.5) < 5, "gaussian mean %g", sum / DRAWS);
	/* exponential, parameter 3: the first tenth of the range holds 1 - e^-0.3 / (1 - e^-3) of it */
	for (int i = 0; i < DRAWS; i++)
		low += pgx_random_exponential(&R, 1, 1000, 3.0) <= 100;
	double want = (1 - exp(-0.3)) / (1 - exp(-3.0)) * DRAWS;

	cr_assert(fabs(low - want) < 0.03 * want, "exponential: %d in the first tenth, expected %g", low, want);
}

Test(pgexpr, same_seed_same_draws)
{
	int64_t a[500];

	rng_seed(&R, 12345);
	for (int i = 0; i < 500; i++)
		a[i] = ival("random_zipfian(1, 100000, 1.07) + random(1, 10) + random_gaussian(1, 9, 2)");
	rng_seed(&R, 12345);
	for (int i = 0; i < 500; i++)
		cr_assert_eq(ival("random_zipfian(1, 100000, 1.07) + random(1, 10) + random_gaussian(1, 9, 2)"), a[i],
			     "draw %d", i);
	rng_seed(&R, 12346);
	int same = 0;

	for (int i = 0; i < 500; i++)
		same += ival("random_zipfian(1, 100000, 1.07) + random(1, 10) + random_gaussian(1, 9, 2)") == a[i];
	cr_assert(same < 250, "another seed gave %d of 500 the same", same);
}

Test(pgexpr, permute_is_a_permutation)
{
	const int64_t sizes[] = { 1, 2, 7, 100, 1000, 4096, 5000 };

	for (size_t t = 0; t < sizeof(sizes) / sizeof(sizes[0]); t++) {
		int64_t n = sizes[t];
		char *seen = calloc((size_t)n, 1);
		int fixed = 0;

		for (int64_t i = 0; i < n; i++) {
			int64_t p = pgx_permute(i, n, 99);

			cr_assert(p >= 0 && p < n);
			cr_assert(!seen[p], "size %lld: %lld twice", (long long)n, (long long)p);
			seen[p] = 1;
			fixed += p == i;
		}
		if (n >= 100)
			cr_assert(fixed < n / 10, "size %lld: %d fixed points", (long long)n, fixed);
		free(seen);
	}
	cr_assert_eq(pgx_permute(-1, 10, 5), pgx_permute(9, 10, 5));
	cr_assert_neq(pgx_permute(3, 1000000, 1), pgx_permute(3, 1000000, 2));
	cr_assert_eq(ival("permute(3, 1000, 42)"), ival("permute(3, 1000)")); /* the default seed */
}

Test(pgexpr, hashes)
{
	cr_assert_eq(ival("hash(5)"), ival("hash_murmur2(5, 42)"));
	cr_assert_neq(ival("hash(5)"), ival("hash(6)"));
	cr_assert_neq(ival("hash_fnv1a(5)"), ival("hash_murmur2(5)"));
	cr_assert_eq(ival("hash_fnv1a(5, 1)"), ival("hash_fnv1a(5, 1)"));
}
