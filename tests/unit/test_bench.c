/*
 * The benchmarks' shared pieces (core/bench): SQL templates in each
 * dialect's placeholders and quoting, and TPC-C's NURand, last names, money
 * text and order-line counts against the specification's examples.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "bench/tpcc.h"

static size_t quote(const char *name, char *out, size_t cap)
{
	return (size_t)snprintf(out, cap, "[%s]", name);
}

static char *render(int placeholder, const char *tmpl)
{
	static dba_driver_ops ops;
	static dba_dialect d;
	target t;

	memset(&t, 0, sizeof(t));
	ops.escape_ident = quote;
	d.placeholder = placeholder;
	t.ops = &ops;
	t.dialect = &d;
	return bench_sql(&t, tmpl);
}

Test(bench, sql_templates_in_each_placeholder_style)
{
	const char *tmpl = "UPDATE {pgbench_accounts} SET abalance = abalance + ? WHERE aid = ?";
	char *pg = render(DBA_PH_DOLLAR, tmpl), *my = render(DBA_PH_QMARK, tmpl), *ms = render(DBA_PH_AT, tmpl);

	cr_assert_str_eq(pg, "UPDATE [pgbench_accounts] SET abalance = abalance + $1 WHERE aid = $2");
	cr_assert_str_eq(my, "UPDATE [pgbench_accounts] SET abalance = abalance + ? WHERE aid = ?");
	cr_assert_str_eq(ms, "UPDATE [pgbench_accounts] SET abalance = abalance + @p1 WHERE aid = @p2");
	free(pg);
	free(my);
	free(ms);
}

Test(bench, long_templates_grow)
{
	char tmpl[4000], *out;

	memset(tmpl, 0, sizeof(tmpl));
	for (int i = 0; i < 300; i++)
		strcat(tmpl, "{t} ? ");
	out = render(DBA_PH_DOLLAR, tmpl);
	cr_assert(strstr(out, "[t] $300 "), "the 300th placeholder");
	free(out);
}

Test(bench, tpcc_last_names_as_the_specification)
{
	char s[32];

	tpcc_last_name(371, s);
	cr_assert_str_eq(s, "PRICALLYOUGHT"); /* clause 4.3.2.3's example */
	tpcc_last_name(0, s);
	cr_assert_str_eq(s, "BARBARBAR");
	tpcc_last_name(999, s);
	cr_assert_str_eq(s, "EINGEINGEING");
}

Test(bench, tpcc_nurand_stays_in_range_and_is_skewed)
{
	rng r;
	static int hits[1000];
	int max = 0;

	rng_seed(&r, 7);
	for (int i = 0; i < 200000; i++) {
		int64_t v = tpcc_nurand(&r, 255, 0, 999, TPCC_C_LAST_RUN);

		cr_assert(v >= 0 && v <= 999, "NURand gave %lld", (long long)v);
		hits[v]++;
	}
	for (int i = 0; i < 1000; i++)
		max = hits[i] > max ? hits[i] : max;
	cr_assert(max > 3 * 200, "the most drawn value (%d of 200000) shows NURand's skew", max);
}

Test(bench, tpcc_money_and_line_counts)
{
	char s[32];
	int seen[16] = { 0 };

	tpcc_money(-1000, s);
	cr_assert_str_eq(s, "-10.00");
	tpcc_money(5, s);
	cr_assert_str_eq(s, "0.05");
	tpcc_money(30000000, s);
	cr_assert_str_eq(s, "300000.00");
	for (int o = 1; o <= 3000; o++) {
		int n = tpcc_ol_cnt(1, 1, o);

		cr_assert(n >= 5 && n <= 15, "order %d has %d lines", o, n);
		cr_assert_eq(n, tpcc_ol_cnt(1, 1, o), "the same order, the same count");
		seen[n] = 1;
	}
	for (int n = 5; n <= 15; n++)
		cr_assert(seen[n], "%d lines never drawn", n);
}
