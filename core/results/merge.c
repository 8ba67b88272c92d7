/*
 * `dbarena report merge`: one result from several (workers of one load, or
 * parts of one run).  Counts add, histograms add bucket by bucket (the
 * percentiles are then those of the merged histograms), intervals align by
 * wall time on the first file's interval length.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "load.h"

static int same_kinds(const rfile *a, const rfile *b, err *e)
{
	if (a->r.nkinds != b->r.nkinds)
		goto differ;
	for (unsigned k = 0; k < a->r.nkinds; k++)
		if (strcmp(report_kind_name(&a->r, k), report_kind_name(&b->r, k)))
			goto differ;
	return 0;
differ:
	err_set(e, EXIT_USAGE, "%s: its operations differ from %s's: results of different workloads do not merge",
		b->path, a->path);
	return -1;
}

static int copy_shape(const rfile *a, rfile *o, err *e)
{
	o->c = a->c;
	o->c.name = a->c.name ? strdup(a->c.name) : NULL;
	o->c.path = NULL;
	o->c.tables = NULL;
	o->c.queries = calloc(a->c.nqueries + 1, sizeof(*o->c.queries));
	o->tot.k = calloc(a->r.nkinds, sizeof(*o->tot.k));
	o->tot.tick = calloc(a->r.nkinds, sizeof(*o->tot.tick));
	if (!o->c.queries || !o->tot.k || !o->tot.tick)
		return err_set(e, EXIT_RUNTIME, "out of memory");
	for (unsigned q = 0; q < a->c.nqueries; q++)
		o->c.queries[q].name = strdup(a->c.queries[q].name);
	o->r.c = &o->c;
	o->r.nkinds = a->r.nkinds;
	return 0;
}

static void add_run(rfile *o, const rfile *f)
{
	for (unsigned k = 0; k < o->r.nkinds; k++) {
		kstats *d = &o->tot.k[k];
		const kstats *s = &f->tot.k[k];

		hist_merge(&d->sched, &s->sched);
		hist_merge(&d->svc, &s->svc);
		d->ok += s->ok, d->fail += s->fail, d->skip += s->skip;
	}
	for (int c = 0; c < NCLASS; c++) {
		if (!f->tot.err[c].n)
			continue;
		if (!o->tot.err[c].n)
			o->tot.err[c] = f->tot.err[c], o->tot.err[c].n = 0;
		o->tot.err[c].n += f->tot.err[c].n;
	}
	hist_merge(&o->tot.lag, &f->tot.lag);
	o->tot.reconnects += f->tot.reconnects;
	atomic_fetch_add(&o->r.behind, atomic_load((atomic_ullong *)&f->r.behind));
	o->r.not_started += f->r.not_started;
	o->r.backlog_end += f->r.backlog_end;
	if (f->r.end > o->r.end)
		o->r.end = f->r.end;
	if (f->rc > o->rc)
		o->rc = f->rc;
}

/* Interval points on one time grid: index = (file start + t - merged start) / interval, rounded. */
static int add_series(rfile *o, const rfile *in, int n, err *e)
{
	double iv = in[0].c.series_interval > 0 ? in[0].c.series_interval : 1;
	static hist hs, hv;
	size_t cap = 0;

	for (int i = 0; i < n; i++)
		for (size_t j = 0; j < in[i].tot.nseries; j++) {
			double at = in[i].start + in[i].tot.series[j].t - o->start;
			size_t idx = at > 0 ? (size_t)lround(at / iv) : 0;

			if (idx + 1 > cap)
				cap = idx + 1;
		}
	if (!(o->tot.series = calloc(cap + 1, sizeof(point))))
		return err_set(e, EXIT_RUNTIME, "out of memory");
	o->tot.capseries = cap + 1;
	for (size_t x = 0; x < cap; x++) {
		point *d = &o->tot.series[x];
		int any = 0;

		hist_reset(&hs);
		hist_reset(&hv);
		memset(d, 0, sizeof(*d));
		for (int i = 0; i < n; i++)
			for (size_t j = 0; j < in[i].tot.nseries; j++) {
				const point *s = &in[i].tot.series[j];
				double at = in[i].start + s->t - o->start;

				if ((at > 0 ? (size_t)lround(at / iv) : 0) != x)
					continue;
				any = 1;
				d->tps += s->tps;
				d->errors += s->errors;
				d->done += s->done;
				d->backlog += s->backlog;
				d->lag_p99 = fmax(d->lag_p99, s->lag_p99);
				d->oldest = fmax(d->oldest, s->oldest);
				d->secs = fmax(d->secs, s->secs);
				d->reconnects += s->reconnects - (j ? s[-1].reconnects : 0); /* the interval's; summed below */
				hsparse_add_to(s->hs, &hs);
				hsparse_add_to(s->hv, &hv);
			}
		if (!any)
			continue;
		d->t = (double)x * iv;
		d->p50 = hist_percentile(&hs, 50);
		d->p95 = hist_percentile(&hs, 95);
		d->p99 = hist_percentile(&hs, 99);
		d->svc_p50 = hist_percentile(&hv, 50);
		d->svc_p95 = hist_percentile(&hv, 95);
		d->svc_p99 = hist_percentile(&hv, 99);
		results_point_hists(d, &hs, &hv, d->secs);
		o->tot.series[o->tot.nseries++] = *d;
		if (o->tot.nseries - 1 != x)
			memset(d, 0, sizeof(*d));
	}
	for (size_t x = 1; x < o->tot.nseries; x++)
		o->tot.series[x].reconnects += o->tot.series[x - 1].reconnects; /* the run's so far, as a run keeps it */
	return 0;
}

int results_merge(rfile *in, int n, rfile *out, err *e)
{
	memset(out, 0, sizeof(*out));
	out->path = "(merged)";
	out->kind = in[0].kind;
	out->start = in[0].start;
	out->end = in[0].end;
	for (int i = 0; i < n; i++) {
		if (strcmp(in[i].kind, "workload") && strcmp(in[i].kind, "bench"))
			return err_set(e, EXIT_USAGE, "%s: a %s result; merge takes workload and bench results", in[i].path,
				       in[i].kind);
		if (i && same_kinds(&in[0], &in[i], e))
			return -1;
		out->start = fmin(out->start, in[i].start);
		out->end = fmax(out->end, in[i].end);
	}
	if (results_merge_workers_check(in, n, e))
		return -1;
	if (copy_shape(&in[0], out, e))
		return -1;
	for (int i = 0; i < n; i++)
		add_run(out, &in[i]);
	out->secs = out->end - out->start;
	return add_series(out, in, n, e);
}
