/* Terminal helpers: aligned tables and the number formats reports use. */
#include <stdio.h>
#include <stdlib.h>

#include <criterion/criterion.h>

#include "ui.h"

static char *print(const ui_table *t)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	ui_table_print(t, f);
	fclose(f);
	return buf;
}

Test(ui, table_aligns_columns)
{
	const char *h[] = { "id", "name", "price" };
	const char *r1[] = { "1", "apple", "1.50" };
	const char *r2[] = { "10", NULL, "20.00" };
	ui_table *t = ui_table_new(3, h);
	char *out;

	ui_table_align_right(t, 0);
	ui_table_align_right(t, 2);
	ui_table_add(t, r1);
	ui_table_add(t, r2);
	out = print(t);
	cr_assert_str_eq(out,
		"id | name  | price\n"
		"---+-------+------\n"
		" 1 | apple |  1.50\n"
		"10 |       | 20.00\n");
	free(out);
	ui_table_free(t);
}

Test(ui, table_counts_utf8_code_points)
{
	const char *h[] = { "w", "x" };
	const char *r[] = { "Zoë", "1" };
	ui_table *t = ui_table_new(2, h);
	char *out;

	ui_table_add(t, r);
	out = print(t);
	cr_assert_str_eq(out, "w   | x\n----+--\nZoë | 1\n");
	free(out);
	ui_table_free(t);
}

Test(ui, counts_with_thousands_separators)
{
	char b[32];

	ui_fmt_count(b, sizeof(b), 0);
	cr_assert_str_eq(b, "0");
	ui_fmt_count(b, sizeof(b), 999);
	cr_assert_str_eq(b, "999");
	ui_fmt_count(b, sizeof(b), 12345);
	cr_assert_str_eq(b, "12,345");
	ui_fmt_count(b, sizeof(b), 1234567);
	cr_assert_str_eq(b, "1,234,567");
}

Test(ui, rates_and_durations)
{
	char b[32];

	ui_fmt_rate(b, sizeof(b), 1234567);
	cr_assert_str_eq(b, "1.2M");
	ui_fmt_rate(b, sizeof(b), 34500);
	cr_assert_str_eq(b, "34.5k");
	ui_fmt_rate(b, sizeof(b), 812);
	cr_assert_str_eq(b, "812");
	ui_fmt_us(b, sizeof(b), 850);
	cr_assert_str_eq(b, "850us");
	ui_fmt_us(b, sizeof(b), 12300);
	cr_assert_str_eq(b, "12.3ms");
	ui_fmt_us(b, sizeof(b), 1200000);
	cr_assert_str_eq(b, "1.20s");
}

Test(ui, no_color_env_and_flag)
{
	setenv("NO_COLOR", "1", 1);
	cr_assert_eq(ui_color(), 0);
	unsetenv("NO_COLOR");
	ui_set_no_color(1);
	cr_assert_eq(ui_color(), 0);
}
