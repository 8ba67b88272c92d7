/* The HTML report (html.h): tables from the JSON, charts through svg.c. */
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "dbarena/version.h"
#include "html.h"
#include "svg.h"

#define REPORT_HTML_MAX_PHASES 32

enum { L_P50 = 0, L_P95, L_P99, L_SVC50, L_SVC95, L_SVC99, L_N };

typedef struct run {
	char label[128];
	json_t *root;
	size_t n;            /* interval points */
	double *t, *tps, *target, *lat[L_N], *errors, *reconnects;
	size_t nph;          /* phase starts after the first: x and "phase NAME" */
	double phx[REPORT_HTML_MAX_PHASES];
	char phl[REPORT_HTML_MAX_PHASES][80];
	const char *phlp[REPORT_HTML_MAX_PHASES];
} run;

static const char *const run_colors[] = { "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf",
					  "#8c564b", "#e377c2" };
static const char *const pct_colors[] = { "#2ca02c", "#ff7f0e", "#d62728" };
static const char *const pct_names[] = { "p50", "p95", "p99" };

static double num(const json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return json_is_number(v) ? json_number_value(v) : NAN;
}

/* One column of the intervals series (NAN where a point has no number). */
static double *column(const json_t *arr, const char *key, size_t n)
{
	double *c = calloc(n ? n : 1, sizeof(*c));

	for (size_t i = 0; c && i < n; i++)
		c[i] = num(json_array_get(arr, i), key);
	return c;
}

static void run_free(run *r)
{
	free(r->t), free(r->tps), free(r->target), free(r->errors), free(r->reconnects);
	for (int k = 0; k < L_N; k++)
		free(r->lat[k]);
	json_decref(r->root);
}

/* Where each phase after the first begins, on the intervals' time axis. */
static void run_phases(run *r)
{
	json_t *ph = json_object_get(r->root, "phases"), *p;
	size_t i;

	json_array_foreach(ph, i, p) {
		const char *name = json_string_value(json_object_get(p, "name"));

		if (!i || r->nph >= REPORT_HTML_MAX_PHASES || !isfinite(num(p, "start_s")))
			continue;
		r->phx[r->nph] = num(p, "start_s");
		snprintf(r->phl[r->nph], sizeof(r->phl[0]), "%.70s", name ? name : "phase");
		r->phlp[r->nph] = r->phl[r->nph];
		r->nph++;
	}
	/* The target follows the phases: a point's target is its phase's rate at that time (ramps included). */
	for (size_t k = 0; k < r->n; k++)
		json_array_foreach(ph, i, p) {
			double s0 = num(p, "start_s"), s1 = num(p, "end_s"), a = num(p, "target_tps_from"),
			       b = num(p, "target_tps_to"), t = r->t[k];

			if (!(t > s0 && t <= s1 + 1e-9) || !isfinite(a) || !isfinite(b))
				continue;
			r->target[k] = a > 0 || b > 0 ? a + (b - a) * (t - s0) / (s1 - s0) : NAN; /* 0: as fast as it goes */
			break;
		}
}

static int run_load(run *r, const char *path, err *e)
{
	static const char *const keys[L_N] = { "p50_us", "p95_us", "p99_us", "service_p50_us", "service_p95_us",
					       "service_p99_us" };
	json_error_t je;
	json_t *iv;
	const char *base = strrchr(path, '/'), *name;

	memset(r, 0, sizeof(*r));
	r->root = json_load_file(path, 0, &je);
	if (!r->root)
		return err_set(e, EXIT_USAGE, "cannot read \"%s\": %s (line %d)", path, je.text, je.line);
	if (!json_is_object(r->root) || !json_is_object(json_object_get(r->root, "operations")))
		return err_set(e, EXIT_USAGE, "\"%s\" is not a dbarena result (no \"operations\")", path);
	name = json_string_value(json_object_get(r->root, "name"));
	if (snprintf(r->label, sizeof(r->label), "%s%s%s%s", base ? base + 1 : path, name && *name ? " (" : "",
		     name && *name ? name : "", name && *name ? ")" : "") >= (int)sizeof(r->label))
		r->label[sizeof(r->label) - 1] = 0;
	iv = json_object_get(r->root, "intervals");
	r->n = json_is_array(iv) ? json_array_size(iv) : 0;
	r->t = column(iv, "t", r->n);
	r->tps = column(iv, "tps", r->n);
	r->errors = column(iv, "errors", r->n);
	r->reconnects = column(iv, "reconnects", r->n);
	r->target = calloc(r->n ? r->n : 1, sizeof(double));
	for (int k = 0; k < L_N; k++)
		r->lat[k] = column(iv, keys[k], r->n);
	if (!r->t || !r->tps || !r->errors || !r->reconnects || !r->target)
		return err_set(e, EXIT_RUNTIME, "out of memory");
	for (size_t i = 0; i < r->n; i++)
		r->target[i] = num(r->root, "target_tps") > 0 ? num(r->root, "target_tps") : NAN;
	run_phases(r);
	return 0;
}

static void cell_num(FILE *f, double v, int us)
{
	char b[32];

	if (!isfinite(v))
		fputs("<td>-</td>", f);
	else if (us)
		svg_fmt_us(b, sizeof(b), v), fprintf(f, "<td>%s</td>", b);
	else
		fprintf(f, "<td>%.10g</td>", v);
}

static void cell_json(FILE *f, const json_t *v)
{
	char *s;

	fputs("<td>", f);
	if (json_is_string(v)) {
		svg_escape(f, json_string_value(v));
	} else if ((s = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT))) {
		svg_escape(f, s);
		free(s);
	}
	fputs("</td>", f);
}

/* Rows "a.b.c | value" for every scalar under o (arrays of scalars as JSON). */
static void meta_rows(FILE *f, const char *prefix, const json_t *o)
{
	const char *k;
	json_t *v;

	json_object_foreach((json_t *)o, k, v) {
		char path[256];

		snprintf(path, sizeof(path), "%s%s%s", prefix, *prefix ? "." : "", k);
		if (json_is_object(v)) {
			/* the tables above show these */
			if (strcmp(k, "operations") && strcmp(k, "histograms") && strncmp(k, "latency_", 8))
				meta_rows(f, path, v);
			continue;
		}
		if (json_is_array(v) && (!json_array_size(v) || json_array_size(v) > 16 || json_is_object(json_array_get(v, 0))))
			continue;
		fputs("<tr><th>", f);
		svg_escape(f, path);
		fputs("</th>", f);
		cell_json(f, v);
		fputs("</tr>\n", f);
	}
}

static void lat_cells(FILE *f, const json_t *l)
{
	static const char *const k[] = { "p50_us", "p95_us", "p99_us", "p999_us", "max_us", "mean_us" };

	for (int i = 0; i < 6; i++)
		cell_num(f, num(l, k[i]), 1);
}

static void run_tables(FILE *f, const run *r, int idx)
{
	const char *k;
	json_t *v, *errs = json_object_get(r->root, "errors");

	fprintf(f, "<section class=\"run\" id=\"run%d\">\n<h2><span class=\"swatch\" style=\"background:%s\"></span>",
		idx, run_colors[idx]);
	svg_escape(f, r->label);
	fputs("</h2>\n<table class=\"latency\"><tr><th>latency</th><th>p50</th><th>p95</th><th>p99</th><th>p99.9</th>"
	      "<th>max</th><th>mean</th></tr>\n<tr><th>scheduled</th>", f);
	lat_cells(f, json_object_get(r->root, "latency_scheduled"));
	fputs("</tr>\n<tr><th>service</th>", f);
	lat_cells(f, json_object_get(r->root, "latency_service"));
	fputs("</tr></table>\n<table class=\"ops\"><tr><th>operation</th><th>count</th><th>failed</th><th>skipped</th>"
	      "<th>p50</th><th>p95</th><th>p99</th><th>p99.9</th><th>max</th><th>mean</th></tr>\n", f);
	json_object_foreach(json_object_get(r->root, "operations"), k, v) {
		if (!(num(v, "count") > 0) && !(num(v, "skipped") > 0))
			continue;
		fputs("<tr><th>", f);
		svg_escape(f, k);
		fputs("</th>", f);
		cell_num(f, num(v, "count"), 0);
		cell_num(f, num(v, "failed"), 0);
		cell_num(f, num(v, "skipped"), 0);
		lat_cells(f, json_object_get(v, "latency_scheduled"));
		fputs("</tr>\n", f);
	}
	fputs("</table>\n", f);
	if (json_array_size(errs)) {
		fputs("<table class=\"errors\"><tr><th>error class</th><th>count</th><th>code</th><th>SQLSTATE</th>"
		      "<th>sample</th></tr>\n", f);
		for (size_t i = 0; i < json_array_size(errs); i++) {
			json_t *o = json_array_get(errs, i);

			fputs("<tr>", f);
			cell_json(f, json_object_get(o, "class"));
			cell_json(f, json_object_get(o, "count"));
			cell_json(f, json_object_get(o, "native_code"));
			cell_json(f, json_object_get(o, "sqlstate"));
			cell_json(f, json_object_get(o, "sample"));
			fputs("</tr>\n", f);
		}
		fputs("</table>\n", f);
	}
	fputs("<details open><summary>Metadata and figures</summary>\n<table class=\"meta\">\n", f);
	meta_rows(f, "", r->root);
	fputs("</table></details>\n</section>\n", f);
}

/* Series storage for one chart: names live beside the series. */
typedef struct sset {
	svg_series s[REPORT_HTML_MAX_RUNS * 64];
	char names[REPORT_HTML_MAX_RUNS * 64][96];
	size_t n;
} sset;

static svg_series *sset_add(sset *ss, const char *color, int dash, size_t n, const double *x, const double *y,
			    const char *fmt, const char *a, const char *b)
{
	svg_series *s;

	if (ss->n >= sizeof(ss->s) / sizeof(ss->s[0]))
		return NULL;
	s = &ss->s[ss->n];
	if (snprintf(ss->names[ss->n], sizeof(ss->names[0]), fmt, a, b) >= (int)sizeof(ss->names[0]))
		ss->names[ss->n][sizeof(ss->names[0]) - 1] = 0; /* a long file name, cut */
	*s = (svg_series){ ss->names[ss->n], color, dash, n, x, y };
	ss->n++;
	return s;
}

static void chart(FILE *f, const char *title, const char *note, svg_chart *c, sset *ss)
{
	c->s = ss->s;
	c->ns = ss->n;
	fprintf(f, "<figure id=\"fig-%s\">\n<figcaption>%s", c->id, title);
	if (note)
		fprintf(f, " <small>%s</small>", note);
	fputs("</figcaption>\n", f);
	svg_chart_write(f, c);
	fputs("</figure>\n", f);
}

/* Phase boundaries on a chart over time: those of the first run. */
static void phase_marks(svg_chart *c, const run *r)
{
	c->nmarks = r->nph;
	c->mx = r->phx;
	c->ml = r->phlp;
}

static void chart_throughput(FILE *f, const run *r, int n, sset *ss)
{
	svg_chart c = { .id = "throughput", .xlabel = "seconds", .ylabel = "transactions / s" };

	phase_marks(&c, r);

	ss->n = 0;
	for (int i = 0; i < n; i++) {
		sset_add(ss, run_colors[i], 0, r[i].n, r[i].t, r[i].tps, n > 1 ? "%s%s" : "tps%.0s%s",
			 n > 1 ? r[i].label : "", "");
		sset_add(ss, n > 1 ? run_colors[i] : "#7f7f7f", 1, r[i].n, r[i].t, r[i].target,
			 n > 1 ? "%s target%s" : "target%.0s%s", n > 1 ? r[i].label : "", "");
	}
	chart(f, "Throughput over time, against the target", NULL, &c, ss);
}

/* p50/p95/p99 over time from lat[base..base+2]: colours by percentile (one run) or by run (several). */
static void chart_latency(FILE *f, const run *r, int n, sset *ss, int base, const char *id, const char *title)
{
	svg_chart c = { .id = id, .xlabel = "seconds", .ylabel = "latency", .logy = 1, .yunit = SVG_US };

	phase_marks(&c, r);

	ss->n = 0;
	for (int i = 0; i < n; i++)
		for (int k = 0; k < 3; k++)
			sset_add(ss, n > 1 ? run_colors[i] : pct_colors[k], n > 1 ? 2 - k : 0, r[i].n, r[i].t,
				 r[i].lat[base + k], n > 1 ? "%s %s" : "%.0s%s", n > 1 ? r[i].label : "", pct_names[k]);
	chart(f, title, "log scale", &c, ss);
}

static void chart_errors(FILE *f, const run *r, int n, sset *ss)
{
	svg_chart c = { .id = "errors", .xlabel = "seconds", .ylabel = "per interval" };

	phase_marks(&c, r);

	ss->n = 0;
	for (int i = 0; i < n; i++) {
		sset_add(ss, n > 1 ? run_colors[i] : "#d62728", 0, r[i].n, r[i].t, r[i].errors,
			 n > 1 ? "%s errors%s" : "errors%.0s%s", n > 1 ? r[i].label : "", "");
		sset_add(ss, n > 1 ? run_colors[i] : "#9467bd", 1, r[i].n, r[i].t, r[i].reconnects,
			 n > 1 ? "%s reconnects%s" : "reconnects%.0s%s", n > 1 ? r[i].label : "", "");
	}
	chart(f, "Errors and reconnects over time", NULL, &c, ss);
}

/* The percentile plot: x at -log10(1 - p), so p50, p90, p99, p99.9 fall evenly; max at the right. */
static void chart_operations(FILE *f, const run *r, int n, sset *ss, double (*ys)[5])
{
	static const double xs[5] = { 0.30103, 1.30103, 2, 3, 4 };
	static const double xt[6] = { 0.30103, 1, 1.30103, 2, 3, 4 };
	static const char *const xtl[6] = { "p50", "p90", "p95", "p99", "p99.9", "max" };
	static const char *const keys[5] = { "p50_us", "p95_us", "p99_us", "p999_us", "max_us" };
	static const char *const op_colors[] = { "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
						 "#e377c2", "#7f7f7f", "#bcbd22", "#17becf" };
	svg_chart c = { .id = "operations", .xlabel = "percentile", .ylabel = "scheduled latency", .logy = 1,
			.yunit = SVG_US, .nxt = 6, .xt = xt, .xtl = xtl };
	unsigned nop = 0;

	ss->n = 0;
	for (int i = 0; i < n; i++) {
		const char *k;
		json_t *v;

		json_object_foreach(json_object_get(r[i].root, "operations"), k, v) {
			json_t *l = json_object_get(v, "latency_scheduled");
			svg_series *s;

			if (!(num(v, "count") > 0))
				continue;
			s = sset_add(ss, op_colors[nop++ % 10], i & 3, 5, xs, ys[ss->n], n > 1 ? "%s %s" : "%.0s%s",
				     n > 1 ? r[i].label : "", k);
			for (int p = 0; s && p < 5; p++)
				ys[ss->n - 1][p] = num(l, keys[p]);
		}
		nop = 0;
	}
	chart(f, "Latency distribution per operation", "scheduled latency; percentiles from the JSON; log scale", &c, ss);
}

static const char css[] =
	"body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222;max-width:1100px}"
	"h1{font-size:22px}h2{font-size:17px;margin-top:28px}table{border-collapse:collapse;margin:8px 0}"
	"th,td{border:1px solid #ddd;padding:3px 8px;text-align:right;font-variant-numeric:tabular-nums}"
	"th{background:#f4f4f4}table.meta th,table.meta td,table.errors td{text-align:left}"
	"figure{margin:18px 0}figcaption{font-weight:600;margin-bottom:4px}figcaption small{font-weight:400;color:#666}"
	".swatch{display:inline-block;width:12px;height:12px;margin-right:8px;border-radius:2px}"
	"svg.chart{background:#fff;border:1px solid #e4e4e4}svg .grid{stroke:#eee}svg .frame{fill:none;stroke:#999}"
	"svg text{font:11px system-ui,sans-serif;fill:#444}svg .label{font-size:12px;fill:#222}"
	"footer{margin-top:30px;color:#777;font-size:12px}";

static void write_html(FILE *f, const run *r, int n, sset *ss, double (*ys)[5])
{
	fprintf(f, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
		"<meta name=\"generator\" content=\"dbarena %s\">\n<title>dbarena report: ", DBA_VERSION);
	svg_escape(f, r[0].label);
	fprintf(f, "%s</title>\n<style>%s</style>\n</head>\n<body>\n<h1>dbarena report%s</h1>\n",
		n > 1 ? " and others" : "", css, n > 1 ? ": runs compared" : "");
	for (int i = 0; i < n; i++)
		run_tables(f, &r[i], i);
	fputs("<section id=\"charts\">\n<h2>Charts</h2>\n", f);
	chart_throughput(f, r, n, ss);
	chart_latency(f, r, n, ss, L_P50, "latency_scheduled", "Scheduled latency over time (from each transaction's scheduled start)");
	chart_latency(f, r, n, ss, L_SVC50, "latency_service", "Service latency over time (from each transaction's actual start)");
	chart_operations(f, r, n, ss, ys);
	chart_errors(f, r, n, ss);
	fprintf(f, "</section>\n<footer>Written by dbarena %s from the result file%s above; "
		"interval figures are per JSON interval point.</footer>\n</body>\n</html>\n", DBA_VERSION, n > 1 ? "s" : "");
}

int report_html(const char *const *json_paths, int n, FILE *out, err *e)
{
	run r[REPORT_HTML_MAX_RUNS];
	sset *ss = NULL;
	double (*ys)[5] = NULL;
	int loaded = 0, rc = -1;

	if (n < 1 || n > REPORT_HTML_MAX_RUNS)
		return err_set(e, EXIT_USAGE, "report: 1 to %d result files, not %d", REPORT_HTML_MAX_RUNS, n);
	for (; loaded < n; loaded++)
		if (run_load(&r[loaded], json_paths[loaded], e)) {
			run_free(&r[loaded]);
			goto out;
		}
	ss = calloc(1, sizeof(*ss));
	ys = calloc(sizeof(ss->s) / sizeof(ss->s[0]), sizeof(*ys));
	if (!ss || !ys) {
		err_set(e, EXIT_RUNTIME, "out of memory");
		goto out;
	}
	write_html(out, r, n, ss, ys);
	rc = 0;
out:
	for (int i = 0; i < loaded; i++)
		run_free(&r[i]);
	free(ss);
	free(ys);
	return rc;
}

int report_html_main(int argc, char **argv, int min_files, err *e)
{
	static const struct option longopts[] = { { "html", required_argument, NULL, 'h' }, { NULL, 0, NULL, 0 } };
	const char *outp = NULL;
	FILE *f;
	int ch, rc;

	optind = 0;
	while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (ch != 'h')
			return err_set(e, EXIT_USAGE, "%s: unknown option", argv[0]);
		outp = optarg;
	}
	if (!outp)
		return err_set(e, EXIT_USAGE, "%s: --html OUT.html is required", argv[0]);
	if (argc - optind < min_files)
		return err_set(e, EXIT_USAGE, "%s: %d or more result files are needed", argv[0], min_files);
	f = strcmp(outp, "-") ? fopen(outp, "w") : stdout;
	if (!f)
		return err_set(e, EXIT_RUNTIME, "cannot write \"%s\"", outp);
	rc = report_html((const char *const *)argv + optind, argc - optind, f, e);
	if (f != stdout && fclose(f) && !rc)
		rc = err_set(e, EXIT_RUNTIME, "cannot write \"%s\"", outp);
	if (rc && f != stdout)
		remove(outp);
	if (!rc && f != stdout)
		fprintf(stderr, "report: wrote %s\n", outp);
	return rc ? -1 : EXIT_OK;
}
