/*
 * The report's SVG charts (core/report/svg): a gap (NAN, or y <= 0 on a log
 * axis) splits a line into polylines, an empty chart says so, names are
 * escaped.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report/svg.h"

static char *draw(const svg_chart *c)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);

	cr_assert(f);
	svg_chart_write(f, c);
	fclose(f);
	return buf;
}

static int count(const char *s, const char *what)
{
	int n = 0;

	for (const char *p = s; (p = strstr(p, what)); p += strlen(what))
		n++;
	return n;
}

Test(svg, gaps_split_lines)
{
	double x[6] = { 0, 1, 2, 3, 4, 5 }, y[6] = { 1, 2, NAN, 4, 5, 6 };
	svg_series s = { "a<b", "#000", 0, 6, x, y };
	svg_chart c = { .id = "t", .xlabel = "x", .ylabel = "y", .s = &s, .ns = 1 };
	char *out = draw(&c);

	cr_assert_eq(count(out, "<polyline"), 2, "%s", out);
	cr_assert_eq(count(out, "<circle"), 5);
	cr_assert(strstr(out, "data-series=\"a&lt;b\""));
	cr_assert(!strstr(out, "a<b"));
	free(out);
	y[2] = 0; /* a log axis cannot show 0: a gap too */
	c.logy = 1;
	out = draw(&c);
	cr_assert_eq(count(out, "<polyline"), 2, "%s", out);
	free(out);
}

Test(svg, empty_chart_says_so)
{
	double x[1] = { 0 }, y[1] = { NAN };
	svg_series s = { "a", "#000", 0, 1, x, y };
	svg_chart c = { .id = "t", .xlabel = "x", .ylabel = "y", .s = &s, .ns = 1 };
	char *out = draw(&c);

	cr_assert(strstr(out, "no data"));
	cr_assert_eq(count(out, "<polyline"), 0);
	free(out);
}

Test(svg, microseconds_read_as_units)
{
	char b[32];

	svg_fmt_us(b, sizeof(b), 850);
	cr_assert_str_eq(b, "850 us");
	svg_fmt_us(b, sizeof(b), 12500);
	cr_assert_str_eq(b, "12.5 ms");
	svg_fmt_us(b, sizeof(b), 2100000);
	cr_assert_str_eq(b, "2.1 s");
}
