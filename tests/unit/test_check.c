/*
 * CHECK constraints read as bounds: the forms PostgreSQL and MariaDB print,
 * and the ones that must be reported as not understood.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>
#include <time.h>

#include "gen/check.h"

static dba_column cols[] = {
	{ .name = "status", .family = DBA_FAM_TEXT },  { .name = "price", .family = DBA_FAM_DECIMAL },
	{ .name = "qty", .family = DBA_FAM_INT },      { .name = "code", .family = DBA_FAM_TEXT },
	{ .name = "a", .family = DBA_FAM_INT },        { .name = "b", .family = DBA_FAM_INT },
	{ .name = "release_year", .family = DBA_FAM_INT }, { .name = "doc", .family = DBA_FAM_TEXT },
	{ .name = "born", .family = DBA_FAM_DATE },
};

static check_set *parse1(const char *expr, const char *domain_col)
{
	static dba_check ck;
	static dba_table t;
	ck.name = "c1";
	ck.expr = expr;
	ck.column = domain_col;
	t.columns = cols;
	t.ncolumns = sizeof cols / sizeof cols[0];
	t.checks = &ck;
	t.nchecks = 1;
	check_set *cs = check_set_new(&t);
	cr_assert_not_null(cs);
	return cs;
}

Test(check, pg_any_array)
{
	check_set *cs = parse1("CHECK (((status)::text = ANY ((ARRAY['a'::character varying, 'b''c'::character varying])::text[])))", NULL);
	const check_col *c = check_set_col(cs, 0);
	cr_assert_eq(check_set_nunparsed(cs), 0);
	cr_assert_eq(c->nvalues, 2);
	cr_assert_str_eq(c->values[1], "b'c");
	check_set_free(cs);
}

Test(check, pg_numeric_and_between)
{
	check_set *cs = parse1("CHECK (((price >= (0)::numeric) AND (qty > '-1'::integer) AND (qty BETWEEN 1 AND 9)))", NULL);
	cr_assert_eq(check_set_nunparsed(cs), 0);
	cr_assert(check_set_col(cs, 1)->has_min && check_set_col(cs, 1)->min == 0);
	cr_assert(check_set_col(cs, 2)->min == 1 && check_set_col(cs, 2)->max == 9);
	check_set_free(cs);
}

Test(check, domain_value)
{
	check_set *cs = parse1("CHECK (((VALUE >= 1901) AND (VALUE <= 2155)))", "release_year");
	const check_col *c = check_set_col(cs, 6);
	cr_assert_eq(check_set_nunparsed(cs), 0);
	cr_assert(c->min == 1901 && c->max == 2155);
	check_set_free(cs);
}

Test(check, mariadb_forms)
{
	check_set *cs = parse1("`status` in ('new','done') and char_length(`code`) between 3 and 5 and json_valid(`doc`)", NULL);
	cr_assert_eq(check_set_nunparsed(cs), 0);
	cr_assert_eq(check_set_col(cs, 0)->nvalues, 2);
	cr_assert_eq(check_set_col(cs, 3)->len_min, 3);
	cr_assert_eq(check_set_col(cs, 3)->len_max, 5);
	cr_assert(check_set_col(cs, 7)->is_json);
	check_set_free(cs);
}

Test(check, one_of_two_not_null)
{
	check_set *cs = parse1("CHECK ((NOT ((a IS NULL) AND (b IS NULL))))", NULL);
	cr_assert_eq(check_set_nunparsed(cs), 0);
	cr_assert(check_set_col(cs, 4)->not_null);
	check_set_free(cs);
	cs = parse1("CHECK ((status = 'x'::text) OR (status = 'y'::text))", NULL);
	cr_assert_eq(check_set_col(cs, 0)->nvalues, 2);
	check_set_free(cs);
}

/* AdventureWorks' CK_Person_PersonType, as PostgreSQL prints it. */
Test(check, null_or_upper_in_list)
{
	check_set *cs = parse1("CHECK (((status IS NULL) OR (upper((status)::text) = ANY (ARRAY['SC'::text, 'VC'::text]))))", NULL);
	cr_assert_eq(check_set_nunparsed(cs), 0);
	cr_assert_eq(check_set_col(cs, 0)->nvalues, 2);
	cr_assert_str_eq(check_set_col(cs, 0)->values[0], "SC");
	check_set_free(cs);
	cs = parse1("CHECK (((qty IS NULL) OR (qty >= 0)))", NULL);
	cr_assert_eq(check_set_nunparsed(cs), 0);
	cr_assert(check_set_col(cs, 2)->has_min && check_set_col(cs, 2)->min == 0);
	check_set_free(cs);
}

/* Two columns in order: "enddate >= startdate", either way round, with or without "OR x IS NULL". */
Test(check, columns_in_order)
{
	check_set *cs = parse1("CHECK (((a IS NULL) OR (a < b)))", NULL);
	cr_assert_eq(check_set_nunparsed(cs), 0);
	cr_assert_eq(check_set_col(cs, 5)->after_col, 4);
	cr_assert(check_set_col(cs, 5)->after_strict);
	cr_assert_eq(check_set_col(cs, 4)->after_col, -1);
	check_set_free(cs);
	cs = parse1("CHECK (((b >= a) OR (b IS NULL) OR (a IS NULL)))", NULL);
	cr_assert_eq(check_set_nunparsed(cs), 0);
	cr_assert_eq(check_set_col(cs, 5)->after_col, 4);
	cr_assert_not(check_set_col(cs, 5)->after_strict);
	check_set_free(cs);
	cs = parse1("CHECK ((status >= price))", NULL); /* text against a decimal */
	cr_assert_eq(check_set_nunparsed(cs), 1);
	check_set_free(cs);
}

/* AdventureWorks' CK_BillOfMaterials_ProductAssemblyID: two columns apart. */
Test(check, columns_apart)
{
	check_set *cs = parse1("CHECK ((a <> b))", NULL);
	cr_assert_eq(check_set_nunparsed(cs), 0);
	cr_assert_eq(check_set_col(cs, 4)->differ_col, 5);
	cr_assert_eq(check_set_col(cs, 5)->differ_col, -1);
	check_set_free(cs);
	dba_value x = { .type = DBA_T_INT64, .u.i64 = 3 }, y = x, n = { .type = DBA_T_NULL };
	dba_value s1 = { .type = DBA_T_TEXT, .len = 2, .u.str = "ab" }, s2 = { .type = DBA_T_TEXT, .len = 2, .u.str = "abc" };
	cr_assert(check_same(&x, &y));
	y.u.i64 = 4;
	cr_assert_not(check_same(&x, &y));
	cr_assert_not(check_same(&n, &n)); /* NULL <> NULL is not false: the CHECK passes */
	cr_assert(check_same(&s1, &s2));
	s2.len = 3;
	cr_assert_not(check_same(&s1, &s2));
}

Test(check, put_in_order)
{
	dba_value lo = { .type = DBA_T_TIMESTAMP, .u.i64 = 5000000 }, hi = { .type = DBA_T_TIMESTAMP, .u.i64 = 2000000 };
	check_put_in_order(&hi, &lo, 0, 0);
	cr_assert_eq(hi.u.i64, 8000000); /* as far above as it was below */
	hi.u.i64 = 2000000;
	check_put_in_order(&hi, &lo, 0, 1);
	cr_assert_eq(hi.u.i64, 5000000); /* bounded: to lo */
	hi.u.i64 = 5000000;
	check_put_in_order(&hi, &lo, 1, 1);
	cr_assert_eq(hi.u.i64, 6000000); /* strict: a second past */
	dba_value n = { .type = DBA_T_NULL };
	check_put_in_order(&n, &lo, 1, 0);
	cr_assert_eq(n.type, DBA_T_NULL);
	dba_value il = { .type = DBA_T_INT64, .u.i64 = 9 }, ih = { .type = DBA_T_INT64, .u.i64 = 3 };
	check_put_in_order(&ih, &il, 1, 0);
	cr_assert_eq(ih.u.i64, 10); /* integers: lo + 1, never past a type's range by reflection */
}

/* AdventureWorks' CK_Employee_BirthDate: a bound off the clock, a day inside. */
Test(check, now_minus_interval)
{
	check_set *cs = parse1("CHECK (((born >= '1930-01-01'::date) AND (born <= (now() - '18 years'::interval))))", NULL);
	const check_col *c = check_set_col(cs, 8);
	time_t now = time(NULL);
	struct tm tm;

	cr_assert_eq(check_set_nunparsed(cs), 0);
	cr_assert(c->has_min && c->min == -1262304000.0);
	gmtime_r(&now, &tm);
	tm.tm_year -= 18;
	cr_assert(c->has_max && fabs(c->max - ((double)timegm(&tm) - 86400)) < 5, "max %f", c->max);
	check_set_free(cs);
	cs = parse1("CHECK ((born <= (CURRENT_DATE + '1 mon 2 days'::interval)))", NULL);
	cr_assert_eq(check_set_nunparsed(cs), 0);
	check_set_free(cs);
	cs = parse1("CHECK ((born <= (now() - '5 fortnights'::interval)))", NULL);
	cr_assert_eq(check_set_nunparsed(cs), 1);
	check_set_free(cs);
}

Test(check, not_understood)
{
	check_set *cs = parse1("CHECK ((a < (b * 2)))", NULL);
	cr_assert_eq(check_set_nunparsed(cs), 1);
	cr_assert_str_eq(check_set_unparsed(cs, 0)->name, "c1");
	check_set_free(cs);
	cs = parse1("CHECK ((lower(code) = code))", NULL);
	cr_assert_eq(check_set_nunparsed(cs), 1);
	check_set_free(cs);
}
