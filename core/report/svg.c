/* Line charts as inline SVG (svg.h). */
#include <math.h>
#include <string.h>

#include "svg.h"

#define W 760.0
#define H 300.0
#define ML 72.0
#define MR 18.0
#define MT 14.0
#define MB 44.0
#define PW (W - ML - MR)
#define PH (H - MT - MB)

typedef struct range {
	double x0, x1, y0, y1;
} range;

void svg_escape(FILE *f, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '"': fputs("&quot;", f); break;
		default: fputc(*s, f);
		}
	}
}

void svg_fmt_us(char *buf, size_t cap, double us)
{
	if (us >= 1e6)
		snprintf(buf, cap, "%.3g s", us / 1e6);
	else if (us >= 1e3)
		snprintf(buf, cap, "%.3g ms", us / 1e3);
	else
		snprintf(buf, cap, "%.3g us", us);
}

static int usable(const svg_chart *c, double x, double y)
{
	return isfinite(x) && isfinite(y) && (!c->logy || y > 0);
}

/* The data's extent; a log axis spans whole decades, a linear one starts at 0. */
static int extent(const svg_chart *c, range *r)
{
	int any = 0;

	r->x0 = r->y0 = INFINITY;
	r->x1 = r->y1 = -INFINITY;
	for (size_t i = 0; i < c->ns; i++)
		for (size_t j = 0; j < c->s[i].n; j++) {
			double x = c->s[i].x[j], y = c->s[i].y[j];

			if (!usable(c, x, y))
				continue;
			any = 1;
			r->x0 = fmin(r->x0, x), r->x1 = fmax(r->x1, x);
			r->y0 = fmin(r->y0, y), r->y1 = fmax(r->y1, y);
		}
	if (!any)
		return 0;
	for (size_t i = 0; i < c->nxt; i++)
		r->x0 = fmin(r->x0, c->xt[i]), r->x1 = fmax(r->x1, c->xt[i]);
	if (r->x1 <= r->x0)
		r->x1 = r->x0 + 1;
	if (c->logy) {
		r->y0 = pow(10, floor(log10(r->y0)));
		r->y1 = pow(10, ceil(log10(r->y1)));
		if (r->y1 <= r->y0)
			r->y1 = r->y0 * 10;
	} else {
		r->y0 = 0;
		r->y1 = r->y1 > 0 ? r->y1 * 1.08 : 1;
	}
	return 1;
}

static double px(const range *r, double x)
{
	return ML + (x - r->x0) / (r->x1 - r->x0) * PW;
}

static double py(const svg_chart *c, const range *r, double y)
{
	double f = c->logy ? (log10(y) - log10(r->y0)) / (log10(r->y1) - log10(r->y0)) : (y - r->y0) / (r->y1 - r->y0);

	return MT + PH - f * PH;
}

/* A step of 1, 2 or 5 times a power of ten giving about n ticks over span. */
static double nice_step(double span, int n)
{
	double raw = span / n, p = pow(10, floor(log10(raw))), m = raw / p;

	return (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * p;
}

static void tick_label(const svg_chart *c, double v, char *buf, size_t cap)
{
	if (c->yunit == SVG_US)
		svg_fmt_us(buf, cap, v);
	else
		snprintf(buf, cap, "%.4g", v);
}

static void ytick(FILE *f, const svg_chart *c, const range *r, double v)
{
	char lab[32];
	double y = py(c, r, v);

	tick_label(c, v, lab, sizeof(lab));
	fprintf(f, "<line class=\"grid\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>"
		"<text class=\"tick\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%s</text>\n",
		ML, y, ML + PW, y, ML - 6, y + 4, lab);
}

static void axes(FILE *f, const svg_chart *c, const range *r)
{
	if (c->logy) {
		int span = (int)lround(log10(r->y1 / r->y0));

		for (double d = r->y0; d <= r->y1 * 1.001; d *= 10) {
			ytick(f, c, r, d);
			for (int m = 2; span <= 3 && m <= 5 && d * m < r->y1; m += 3)
				ytick(f, c, r, d * m);
		}
	} else {
		double st = nice_step(r->y1 - r->y0, 5);

		for (double v = r->y0; v <= r->y1 + st * 1e-9; v += st)
			ytick(f, c, r, v);
	}
	if (c->nxt) {
		for (size_t i = 0; i < c->nxt; i++)
			fprintf(f, "<line class=\"grid\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>"
				"<text class=\"tick\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>\n",
				px(r, c->xt[i]), MT, px(r, c->xt[i]), MT + PH, px(r, c->xt[i]), MT + PH + 16, c->xtl[i]);
	} else {
		double st = nice_step(r->x1 - r->x0, 8);

		for (double v = ceil(r->x0 / st) * st; v <= r->x1 + st * 1e-9; v += st)
			fprintf(f, "<text class=\"tick\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%.4g</text>\n",
				px(r, v), MT + PH + 16, v);
	}
	fprintf(f, "<rect class=\"frame\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/>\n", ML, MT, PW, PH);
	fprintf(f, "<text class=\"label\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">", ML + PW / 2, H - 6);
	svg_escape(f, c->xlabel);
	fprintf(f, "</text>\n<text class=\"label\" transform=\"translate(14,%.1f) rotate(-90)\" text-anchor=\"middle\">",
		MT + PH / 2);
	svg_escape(f, c->ylabel);
	fputs("</text>\n", f);
}

static const char *const dashes[] = { "", " stroke-dasharray=\"7 4\"", " stroke-dasharray=\"2 3\"",
				      " stroke-dasharray=\"8 3 2 3\"" };

static double legend_width(const svg_series *s)
{
	return 36 + 6.5 * (double)strlen(s->name ? s->name : "");
}

/* Rows the legend takes under the plot (it wraps at the chart's width). */
static int legend_rows(const svg_chart *c)
{
	double x = ML;
	int rows = c->ns ? 1 : 0;

	for (size_t i = 0; i < c->ns; i++) {
		if (x > ML && x + legend_width(&c->s[i]) > W - MR)
			rows++, x = ML;
		x += legend_width(&c->s[i]);
	}
	return rows;
}

static void legend(FILE *f, const svg_chart *c)
{
	double x = ML, y = H + 10;

	fputs("<g class=\"legend\">\n", f);
	for (size_t i = 0; i < c->ns; i++) {
		if (x > ML && x + legend_width(&c->s[i]) > W - MR)
			y += 16, x = ML;
		fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"2.5\"%s/>"
			"<text x=\"%.1f\" y=\"%.1f\">", x, y, x + 22, y, c->s[i].color, dashes[c->s[i].dash & 3], x + 26, y + 4);
		svg_escape(f, c->s[i].name);
		fputs("</text>\n", f);
		x += legend_width(&c->s[i]);
	}
	fputs("</g>\n", f);
}

/* One series: a polyline per unbroken run of points, and markers when the points are few. */
static void series(FILE *f, const svg_chart *c, const range *r, const svg_series *s)
{
	int open = 0;
	size_t used = 0;

	for (size_t j = 0; j < s->n; j++)
		used += usable(c, s->x[j], s->y[j]);
	for (size_t j = 0; j <= s->n; j++) {
		int ok = j < s->n && usable(c, s->x[j], s->y[j]);

		if (ok && !open) {
			fprintf(f, "<polyline class=\"series\" data-series=\"");
			svg_escape(f, s->name);
			fprintf(f, "\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s points=\"", s->color, dashes[s->dash & 3]);
			open = 1;
		}
		if (ok)
			fprintf(f, "%.1f,%.1f ", px(r, s->x[j]), py(c, r, s->y[j]));
		if (!ok && open) {
			fputs("\"/>\n", f);
			open = 0;
		}
	}
	for (size_t j = 0; used <= 40 && j < s->n; j++)
		if (usable(c, s->x[j], s->y[j]))
			fprintf(f, "<circle class=\"point\" cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>\n",
				px(r, s->x[j]), py(c, r, s->y[j]), s->color);
}

/* A dashed vertical line per mark inside the x range, its label at the top. */
static void marks(FILE *f, const svg_chart *c, const range *r)
{
	for (size_t i = 0; i < c->nmarks; i++) {
		double x;

		if (!isfinite(c->mx[i]) || c->mx[i] < r->x0 || c->mx[i] > r->x1)
			continue;
		x = px(r, c->mx[i]);
		fprintf(f, "<g class=\"mark\"><line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#555\" "
			"stroke-dasharray=\"2,3\"/><text x=\"%.1f\" y=\"%.1f\">", x, MT, x, MT + PH, x + 3, MT + 10);
		svg_escape(f, c->ml[i]);
		fputs("</text></g>\n", f);
	}
}

void svg_chart_write(FILE *f, const svg_chart *c)
{
	range r;
	double h = H + 16.0 * legend_rows(c) + 4;

	fprintf(f, "<svg class=\"chart\" data-chart=\"%s\" viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" height=\"%.0f\" "
		"role=\"img\">\n", c->id, W, h, W, h);
	if (!extent(c, &r)) {
		fprintf(f, "<text class=\"label\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">no data</text>\n</svg>\n",
			W / 2, H / 2);
		return;
	}
	axes(f, c, &r);
	marks(f, c, &r);
	for (size_t i = 0; i < c->ns; i++)
		series(f, c, &r, &c->s[i]);
	legend(f, c);
	fputs("</svg>\n", f);
}
