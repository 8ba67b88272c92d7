/*
 * Line charts as inline SVG for the HTML report (html.c): axes, grid,
 * ticks, a legend and one <polyline class="series"> per unbroken run of
 * points.  No scripts, no external resources.
 */
#ifndef DBARENA_REPORT_SVG_H
#define DBARENA_REPORT_SVG_H

#include <stddef.h>
#include <stdio.h>

enum { SVG_PLAIN = 0, SVG_US = 1 }; /* how axis values read: a number, or microseconds as "2.5 ms" */

typedef struct svg_series {
	const char *name;
	const char *color;  /* CSS colour */
	int dash;           /* 0 solid, 1 dashed, 2 dotted, 3 dash-dot */
	size_t n;
	const double *x, *y; /* NAN in y (or y <= 0 on a log axis) breaks the line */
} svg_series;

typedef struct svg_chart {
	const char *id;      /* data-chart attribute */
	const char *xlabel, *ylabel;
	int logy;
	int yunit;           /* SVG_PLAIN, SVG_US */
	size_t nxt;          /* custom x ticks (0: chosen from the range) */
	const double *xt;
	const char *const *xtl;
	const svg_series *s;
	size_t ns;
	size_t nmarks;       /* vertical marks (phase boundaries): x, label */
	const double *mx;
	const char *const *ml;
} svg_chart;

/* Writes one <svg class="chart"> element. */
void svg_chart_write(FILE *f, const svg_chart *c);
/* Writes s with &, <, >, " escaped. */
void svg_escape(FILE *f, const char *s);
/* A microsecond value as text: "850 us", "12.5 ms", "2.1 s". */
void svg_fmt_us(char *buf, size_t cap, double us);

#endif
