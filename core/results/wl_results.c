/*
 * The Results JSON v1 part of a workload or bench result: schema_version,
 * metadata, the histograms (whole run, per operation, per interval) and what
 * `dbarena report` needs to print the summary again.  Every key report.c
 * writes stays as it is; these are added to it.
 */
#include <stdlib.h>
#include <string.h>

#include "../workload/sched.h"
#include "../workload/txn.h"
#include "wl_results.h"

void results_point_hists(point *p, const hist *sched, const hist *svc, double secs)
{
	p->secs = secs;
	p->hs = hsparse_from(sched);
	p->hv = hsparse_from(svc);
}

void results_series_free(totals *tot)
{
	for (size_t i = 0; i < tot->nseries; i++) {
		hsparse_free(tot->series[i].hs);
		hsparse_free(tot->series[i].hv);
	}
}

static json_t *wl_config(const wl_run *r)
{
	const wl_cfg *c = r->c;
	json_t *o = json_object(), *mix = json_object(), *q = json_array(), *tables = json_null();
	static const char *const ops[] = { "select", "insert", "update", "delete" };

	json_object_set_new(o, "config_file", c->path ? json_string(c->path) : json_null());
	json_object_set_new(o, "name", c->name ? json_string(c->name) : json_null());
	json_object_set_new(o, "pattern", c->pattern ? json_string(c->pattern->name) : json_null());
	json_object_set_new(o, "benchmark", json_boolean(c->txn != NULL));
	json_object_set_new(o, "custom_mix", json_boolean(c->has_ops));
	for (unsigned k = 0; k < WL_NOPS; k++)
		json_object_set_new(mix, ops[k], json_real(c->mix[k]));
	json_object_set_new(o, "mix", mix);
	for (unsigned i = 0; i < c->nqueries; i++) {
		json_t *x = json_object();

		json_object_set_new(x, "name", json_string(c->queries[i].name));
		json_object_set_new(x, "weight", json_real(c->queries[i].weight));
		json_array_append_new(q, x);
	}
	json_object_set_new(o, "queries", q);
	if (c->tables) {
		tables = json_array();
		for (char **t = c->tables; *t; t++)
			json_array_append_new(tables, json_string(*t));
	}
	json_object_set_new(o, "tables", tables);
	json_object_set_new(o, "connections", json_integer(c->connections));
	json_object_set_new(o, "target_tps", json_real(c->tps));
	json_object_set_new(o, "arrivals", json_string(c->poisson ? "poisson" : "uniform"));
	json_object_set_new(o, "duration_seconds", c->transactions ? json_null() : json_real(c->duration));
	json_object_set_new(o, "transactions", c->transactions ? json_integer((json_int_t)c->transactions) : json_null());
	json_object_set_new(o, "warmup_seconds", json_real(c->warmup));
	json_object_set_new(o, "seed", json_integer((json_int_t)c->seed));
	json_object_set_new(o, "interval_seconds", json_real(c->series_interval));
	json_object_set_new(o, "max_error_rate", c->max_error_rate >= 0 ? json_real(c->max_error_rate) : json_null());
	json_object_set_new(o, "statement_timeout_ms", json_integer(c->statement_timeout_ms));
	return o;
}

static const char *kind_name(const wl_run *r, unsigned k)
{
	static const char *const ops[] = { "select", "insert", "update", "delete" };

	return k < WL_NOPS ? ops[k] : r->c->queries[k - WL_NOPS].name;
}

static json_t *histograms(const wl_run *r, const totals *tot)
{
	json_t *h = json_object(), *ops = json_object();
	kstats all;

	memset(&all, 0, sizeof(all));
	for (unsigned k = 0; k < r->nkinds; k++) {
		json_t *o = json_object();

		json_object_set_new(o, "scheduled", results_hist_json(&tot->k[k].sched));
		json_object_set_new(o, "service", results_hist_json(&tot->k[k].svc));
		json_object_set_new(ops, kind_name(r, k), o);
		hist_merge(&all.sched, &tot->k[k].sched);
		hist_merge(&all.svc, &tot->k[k].svc);
	}
	json_object_set_new(h, "layout", results_hist_layout());
	json_object_set_new(h, "scheduled", results_hist_json(&all.sched));
	json_object_set_new(h, "service", results_hist_json(&all.svc));
	json_object_set_new(h, "schedule_lag", results_hist_json(&tot->lag));
	json_object_set_new(h, "operations", ops);
	return h;
}

static void interval_hists(json_t *series, const totals *tot)
{
	static hist h;

	for (size_t i = 0; i < tot->nseries && i < json_array_size(series); i++) {
		const point *p = &tot->series[i];
		json_t *o = json_array_get(series, i);

		json_object_set_new(o, "seconds", json_real(p->secs));
		json_object_set_new(o, "successful", json_integer((json_int_t)(p->done - p->errors)));
		json_object_set_new(o, "failed", json_integer((json_int_t)p->errors));
		hist_reset(&h);
		hsparse_add_to(p->hs, &h);
		json_object_set_new(o, "histogram_scheduled", results_hist_json(&h));
		hist_reset(&h);
		hsparse_add_to(p->hv, &h);
		json_object_set_new(o, "histogram_service", results_hist_json(&h));
	}
}

/* The bench's own summary lines, kept as text so `report` prints them again. */
static json_t *extra_summary(const wl_run *r, const totals *tot, double secs)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);
	json_t *j;

	if (!f)
		return json_null();
	txn_summary(r, tot, secs, f);
	fclose(f);
	j = n ? json_string(buf) : json_null();
	free(buf);
	return j ? j : json_null();
}

void results_workload_extend(json_t *root, const wl_run *r, const totals *tot, double secs)
{
	json_t *meta = results_overridden_metadata();

	json_object_set_new(root, "schema_version", json_integer(RESULTS_SCHEMA_VERSION));
	json_object_set_new(root, "kind", json_string(r->c->txn ? "bench" : "workload"));
	if (meta) {
		json_object_set(root, "metadata", meta);
	} else {
		double start = results_now() - (double)(sched_mono_ns() - r->warm_end) / 1e9;

		json_object_set_new(root, "metadata", results_metadata(r->c->txn ? "bench run" : "workload run", r->t,
								      NULL, start, start + secs, wl_config(r), r->c->seed));
	}
	json_object_set_new(root, "summary_extra", extra_summary(r, tot, secs));
	json_object_set_new(root, "backlog_oldest_due_us",
			    json_real(r->backlog_end && r->end ? (double)(r->end - r->backlog_oldest) / 1e3 : 0));
	json_object_set_new(root, "histograms", histograms(r, tot));
	if (r->c->dist.count > 1)
		json_object_set_new(root, "worker", results_worker_json(r));
	interval_hists(json_object_get(root, "intervals"), tot);
}
