/*
 * dbarena report FILE.json | report compare A.json B.json ... | report merge A.json B.json ...
 * Results files (docs/results.md) read back: the summary again, a
 * side-by-side comparison with a regression gate, and an exact merge.
 */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../report/html.h"
#include "../results/load.h"
#include "../workload/merge.h"
#include "../ui.h"
#include "cli.h"

/* A seed result: its table of rows, bytes and seconds. */
static void seed_summary(const rfile *f, FILE *out)
{
	static const char *const hdr[] = { "table", "rows", "bytes", "seconds", "rows/s" };
	ui_table *t = ui_table_new(5, hdr);
	size_t i;
	json_t *o;

	for (unsigned c = 1; c < 5; c++)
		ui_table_align_right(t, c);
	json_array_foreach(json_object_get(f->root, "tables"), i, o) {
		char v[4][32];
		const char *cells[5] = { json_string_value(json_object_get(o, "table")), v[0], v[1], v[2], v[3] };
		double s = json_number_value(json_object_get(o, "seconds"));
		json_int_t rows = json_integer_value(json_object_get(o, "rows"));

		ui_fmt_count(v[0], 32, (unsigned long long)rows);
		if (json_is_integer(json_object_get(o, "bytes")))
			ui_fmt_count(v[1], 32, (unsigned long long)json_integer_value(json_object_get(o, "bytes")));
		else
			snprintf(v[1], 32, "-");
		snprintf(v[2], 32, "%.2f", s);
		ui_fmt_rate(v[3], 32, s > 0 ? (double)rows / s : 0);
		if (!cells[0])
			cells[0] = "?";
		ui_table_add(t, cells);
	}
	ui_table_print(t, out);
	ui_table_free(t);
	fprintf(out, "total: %lld rows in %.2f s\n",
		(long long)json_integer_value(json_object_get(f->root, "total_rows")),
		json_number_value(json_object_get(f->root, "total_seconds")));
}

static int report_one(const char *path, err *e)
{
	rfile f;
	int rc;

	if ((rc = results_load(path, &f, e)) == 0) {
		if (!strcmp(f.kind, "seed"))
			seed_summary(&f, stdout);
		else {
			report_summary(&f.r, &f.tot, f.secs, stdout);
			if (f.extra)
				fputs(f.extra, stdout);
		}
	}
	results_unload(&f);
	return rc ? -1 : EXIT_OK;
}

/* ---- compare ---- */

typedef struct metric {
	char name[160];
	double v[64];
	int lower_better; /* latencies, errors */
	int us;           /* a latency: formatted as one */
} metric;

static double tput(const rfile *f)
{
	kstats all;

	merge_sum_kinds(&f->r, f->tot.k, &all);
	return f->secs > 0 ? (double)(all.ok + all.fail) / f->secs : 0;
}

static void fmt_metric(const metric *m, int i, char *buf, size_t cap)
{
	if (isnan(m->v[i]))
		snprintf(buf, cap, "-");
	else if (m->us)
		ui_fmt_us(buf, cap, m->v[i]);
	else if (m->v[i] != floor(m->v[i]))
		snprintf(buf, cap, "%.1f", m->v[i]);
	else
		ui_fmt_count(buf, cap, (unsigned long long)m->v[i]);
}

static double change(double a, double b)
{
	if (isnan(a) || isnan(b))
		return NAN;
	if (a == 0)
		return b == 0 ? 0 : INFINITY;
	return 100.0 * (b - a) / a;
}

/* Fills the metrics of file i; returns how many rows. */
static int fill_metrics(metric *m, int nm, const rfile *f, int i, const rfile *first)
{
	kstats all;
	int n = 0;

#define ROW(label, val, lower, isus) do { \
		if (n < nm) { snprintf(m[n].name, sizeof(m[n].name), "%s", label); m[n].v[i] = (val); \
			m[n].lower_better = (lower); m[n].us = (isus); } n++; } while (0)
	merge_sum_kinds(&f->r, f->tot.k, &all);
	ROW("throughput (tps)", tput(f), 0, 0);
	ROW("transactions", (double)(all.ok + all.fail + all.skip), 0, 0);
	ROW("failed", (double)all.fail, 1, 0);
	ROW("p50", hist_percentile(&all.sched, 50), 1, 1);
	ROW("p95", hist_percentile(&all.sched, 95), 1, 1);
	ROW("p99", hist_percentile(&all.sched, 99), 1, 1);
	ROW("max", (double)all.sched.max, 1, 1);
	ROW("service p99", hist_percentile(&all.svc, 99), 1, 1);
	for (unsigned k = 0; k < first->r.nkinds; k++) {
		const kstats *s = &first->tot.k[k];
		const char *name = report_kind_name(&first->r, k);
		char label[160];
		const kstats *mine = NULL;

		if (!s->ok && !s->fail && !s->skip)
			continue;
		for (unsigned j = 0; j < f->r.nkinds; j++)
			if (!strcmp(report_kind_name(&f->r, j), name))
				mine = &f->tot.k[j];
		snprintf(label, sizeof(label), "%s count", name);
		ROW(label, mine ? (double)(mine->ok + mine->fail) : NAN, 0, 0);
		snprintf(label, sizeof(label), "%s failed", name);
		ROW(label, mine ? (double)mine->fail : NAN, 1, 0);
		snprintf(label, sizeof(label), "%s p99", name);
		ROW(label, mine ? hist_percentile(&mine->sched, 99) : NAN, 1, 1);
	}
#undef ROW
	return n < nm ? n : nm;
}

static void print_compare(metric *m, int nm, rfile *f, int n)
{
	const char *hdr[129];
	char *cells_buf;
	ui_table *t;
	int nc = 1 + 2 * n - 1;

	hdr[0] = "metric";
	for (int i = 0; i < n; i++) {
		hdr[i ? 2 * i : 1] = f[i].path;
		if (i)
			hdr[2 * i + 1] = "change";
	}
	t = ui_table_new((unsigned)nc, hdr);
	for (int c = 1; c < nc; c++)
		ui_table_align_right(t, (unsigned)c);
	cells_buf = calloc((size_t)nc, 32);
	for (int r = 0; r < nm && cells_buf; r++) {
		const char *cells[129];

		cells[0] = m[r].name;
		for (int i = 0; i < n; i++) {
			char *v = cells_buf + 32 * (i ? 2 * i : 1);

			fmt_metric(&m[r], i, v, 32);
			cells[i ? 2 * i : 1] = v;
			if (i) {
				double ch = change(m[r].v[0], m[r].v[i]);
				char *c = cells_buf + 32 * (2 * i + 1);

				if (isnan(ch))
					snprintf(c, 32, "-");
				else if (isinf(ch))
					snprintf(c, 32, "new");
				else
					snprintf(c, 32, "%+.1f%%", ch);
				cells[2 * i + 1] = c;
			}
		}
		ui_table_add(t, cells);
	}
	ui_table_print(t, stdout);
	ui_table_free(t);
	free(cells_buf);
}

/* Throughput down or p99 up by more than pct against the first file: 1 and e names the metric. */
static int gate(const metric *m, int nm, const rfile *f, int n, double pct, err *e)
{
	int bad = 0;

	for (int i = 1; i < n; i++)
		for (int r = 0; r < nm; r++) {
			double ch = change(m[r].v[0], m[r].v[i]);
			int gated = !strcmp(m[r].name, "throughput (tps)") || !strcmp(m[r].name, "p99");
			char a[32], b[32];

			if (!gated || isnan(ch) || (m[r].lower_better ? ch <= pct : -ch <= pct))
				continue;
			fmt_metric(&m[r], 0, a, sizeof(a));
			fmt_metric(&m[r], i, b, sizeof(b));
			printf("regression: %s: %s %s -> %s (%+.1f%%, limit %g%%)\n", f[i].path, m[r].name, a, b, ch, pct);
			if (!bad++)
				err_set(e, EXIT_RUNTIME, "%s: %s regressed by %.1f%% against %s (--max-regression %g%%)",
					f[i].path, m[r].name, fabs(ch), f[0].path, pct);
		}
	return bad ? -1 : 0;
}

static int load_all(int n, char **paths, rfile *f, err *e)
{
	for (int i = 0; i < n; i++) {
		if (results_load(paths[i], &f[i], e))
			return -1;
		if (strcmp(f[i].kind, "workload") && strcmp(f[i].kind, "bench"))
			return err_set(e, EXIT_USAGE, "%s: a %s result; compare and merge take workload and bench results",
				       paths[i], f[i].kind);
	}
	return 0;
}

static int compare_main(int argc, char **argv, err *e)
{
	static const struct option longopts[] = {
		{ "max-regression", required_argument, NULL, 'm' }, { NULL, 0, NULL, 0 },
	};
	double pct = -1;
	rfile f[64];
	metric *m;
	int ch, n, nm = 0, rc = -1;

	optind = 0;
	while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (ch != 'm') {
			err_set(e, EXIT_USAGE, "report compare: unknown option");
			err_hint(e, "dbarena help report");
			return -1;
		}
		if (cli_num("--max-regression", optarg, 0, 1e9, &pct, e))
			return -1;
	}
	n = argc - optind;
	if (n < 2 || n > 64)
		return err_set(e, EXIT_USAGE, "report compare: give 2 to 64 results files");
	memset(f, 0, sizeof(f));
	if (!(m = calloc(512, sizeof(*m)))) {
		err_set(e, EXIT_RUNTIME, "out of memory");
		goto out;
	}
	for (int r = 0; r < 512; r++)
		for (int i = 0; i < 64; i++)
			m[r].v[i] = NAN;
	if (load_all(n, argv + optind, f, e))
		goto out;
	for (int i = 0; i < n; i++)
		nm = fill_metrics(m, 512, &f[i], i, &f[0]);
	print_compare(m, nm, f, n);
	rc = pct >= 0 && gate(m, nm, f, n, pct, e) ? -1 : EXIT_OK;
out:
	for (int i = 0; i < n && i < 64; i++)
		results_unload(&f[i]);
	free(m);
	return rc;
}

/* ---- merge ---- */

static json_t *merged_metadata(const rfile *in, int n, const rfile *o)
{
	json_t *m = json_deep_copy(json_object_get(in[0].root, "metadata")), *from = json_array();
	char when[64];

	json_object_set_new(m, "command", json_string("report merge"));
	json_object_set_new(m, "command_line", results_cmdline());
	json_object_set_new(m, "start_unix", json_real(o->start));
	json_object_set_new(m, "end_unix", json_real(o->end));
	results_fmt_utc(when, sizeof(when), o->start);
	json_object_set_new(m, "start_utc", json_string(when));
	results_fmt_utc(when, sizeof(when), o->end);
	json_object_set_new(m, "end_utc", json_string(when));
	for (int i = 0; i < n; i++) {
		json_t *x = json_object(), *mi = json_object_get(in[i].root, "metadata");

		json_object_set_new(x, "file", json_string(in[i].path));
		json_object_set(x, "start_utc", json_object_get(mi, "start_utc"));
		json_object_set(x, "end_utc", json_object_get(mi, "end_utc"));
		json_object_set(x, "client", json_object_get(mi, "client"));
		if (json_object_get(in[i].root, "worker"))
			json_object_set(x, "worker", json_object_get(in[i].root, "worker"));
		json_array_append_new(from, x);
	}
	json_object_set_new(m, "merged_from", from);
	return m;
}

static int merge_main(int argc, char **argv, err *e)
{
	static const struct option longopts[] = { { "output", required_argument, NULL, 'o' }, { NULL, 0, NULL, 0 } };
	const char *outp = "/dev/stdout";
	rfile *f = NULL, o;
	json_t *meta = NULL;
	int ch, n, rc = -1;

	optind = 0;
	while ((ch = getopt_long(argc, argv, "o:", longopts, NULL)) != -1) {
		if (ch != 'o') {
			err_set(e, EXIT_USAGE, "report merge: unknown option");
			err_hint(e, "dbarena help report");
			return -1;
		}
		outp = optarg;
	}
	n = argc - optind;
	if (n < 1 || n > 256)
		return err_set(e, EXIT_USAGE, "report merge: give 1 to 256 results files");
	memset(&o, 0, sizeof(o));
	if (!(f = calloc((size_t)n, sizeof(*f))))
		return err_set(e, EXIT_RUNTIME, "out of memory");
	if (load_all(n, argv + optind, f, e) || results_merge(f, n, &o, e))
		goto out;
	meta = merged_metadata(f, n, &o);
	results_override_metadata(meta);
	o.c.json_path = outp;
	rc = report_write_json(&o.r, &o.tot, o.secs, o.rc, e) ? -1 : EXIT_OK;
	results_override_metadata(NULL);
out:
	json_decref(meta);
	for (int i = 0; i < n; i++)
		results_unload(&f[i]);
	free(f);
	results_unload(&o);
	return rc;
}

/* 1 when the arguments ask for the HTML report (--html OUT.html, or --html=OUT.html). */
static int wants_html(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		if (!strcmp(argv[i], "--html") || !strncmp(argv[i], "--html=", 7))
			return 1;
	return 0;
}

static int report_main(int argc, char **argv, err *e)
{
	int cmp = argc > 1 && !strcmp(argv[1], "compare");

	if (wants_html(argc, argv))
		return cmp ? report_html_main(argc - 1, argv + 1, 2, e) : report_html_main(argc, argv, 1, e);
	if (cmp)
		return compare_main(argc - 1, argv + 1, e);
	if (argc > 1 && !strcmp(argv[1], "merge"))
		return merge_main(argc - 1, argv + 1, e);
	if (argc != 2 || argv[1][0] == '-') {
		err_set(e, EXIT_USAGE, "report: give one results file (or compare / merge)");
		err_hint(e, "dbarena help report");
		return -1;
	}
	return report_one(argv[1], e);
}

const command cmd_report = {
	.name = "report",
	.summary = "print, compare, merge and draw results files (--json of seed, workload, bench)",
	.usage =
	"usage: dbarena report FILE.json [--html OUT.html]\n"
	"       dbarena report compare A.json B.json [C.json ...] [--max-regression PCT | --html OUT.html]\n"
	"       dbarena report merge A.json B.json ... [-o OUT.json]   (default: standard output)\n\n"
	"Reads results files (Results JSON v1, docs/results.md).\n"
	"  report FILE.json          prints the summary as at the end of the run\n"
	"  compare                   a side-by-side table of throughput, latency percentiles,\n"
	"                            errors and each operation, with the change against A\n"
	"  --max-regression PCT      exit 1, naming the metric, when throughput drops or p99\n"
	"                            rises by more than PCT percent against A\n"
	"  merge                     one result from several: counts and histograms add exactly,\n"
	"                            percentiles come from the merged histograms and intervals\n"
	"                            align by wall time; the duration spans the first start\n"
	"                            to the last end\n"
	"  --html OUT.html           instead of the text: one self-contained HTML file (inline SVG,\n"
	"                            no network access) with throughput over time against the\n"
	"                            target, scheduled and service p50/p95/p99 over time, the\n"
	"                            latency distribution per operation, errors and reconnects over\n"
	"                            time and the metadata; compare draws the runs on the same axes\n",
	.run = report_main,
};
