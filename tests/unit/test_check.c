/*
 * CHECK constraints read as bounds: the forms PostgreSQL and MariaDB print,
 * and the ones that must be reported as not understood.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "gen/check.h"

static dba_column cols[] = {
	{ .name = "status", .family = DBA_FAM_TEXT },  { .name = "price", .family = DBA_FAM_DECIMAL },
	{ .name = "qty", .family = DBA_FAM_INT },      { .name = "code", .family = DBA_FAM_TEXT },
	{ .name = "a", .family = DBA_FAM_INT },        { .name = "b", .family = DBA_FAM_INT },
	{ .name = "release_year", .family = DBA_FAM_INT }, { .name = "doc", .family = DBA_FAM_TEXT },
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

Test(check, not_understood)
{
	check_set *cs = parse1("CHECK ((a < b))", NULL);
	cr_assert_eq(check_set_nunparsed(cs), 1);
	cr_assert_str_eq(check_set_unparsed(cs, 0)->name, "c1");
	check_set_free(cs);
	cs = parse1("CHECK ((lower(code) = code))", NULL);
	cr_assert_eq(check_set_nunparsed(cs), 1);
	check_set_free(cs);
}
