/*
 * Reading a results file back into the workload's run state, so the
 * summary (report.c) prints from it exactly as at the end of the run.
 */
#include <stdlib.h>
#include <string.h>

#include "load.h"

static const wl_txn bench_txn; /* marks a bench result: the summary's rows follow */

static int bad(err *e, const char *path, const char *what)
{
	err_set(e, EXIT_USAGE, "%s: not a dbarena results file: %s", path, what);
	err_hint(e, "dbarena report reads the --json files of seed, workload run and bench run (docs/results.md)");
	return -1;
}

static double num(const json_t *o, const char *k)
{
	return json_number_value(json_object_get(o, k));
}

static uint64_t cnt(const json_t *o, const char *k)
{
	json_int_t v = json_integer_value(json_object_get(o, k));

	return v > 0 ? (uint64_t)v : 0;
}

static int load_cfg(rfile *f, const json_t *cfg, const json_t *ops, err *e)
{
	static const char *const names[] = { "select", "insert", "update", "delete" };
	const char *name = json_string_value(json_object_get(cfg, "name"));
	const char *pat = json_string_value(json_object_get(cfg, "pattern"));
	const json_t *mix = json_object_get(cfg, "mix");
	size_t nk = json_object_size(ops);
	const char *key;
	json_t *v;
	unsigned k = 0;

	workload_cfg_defaults(&f->c);
	f->c.name = name ? strdup(name) : NULL;
	f->c.pattern = pat ? workload_pattern(pat) : NULL;
	f->c.txn = json_is_true(json_object_get(cfg, "benchmark")) ? &bench_txn : NULL;
	f->c.has_ops = json_is_true(json_object_get(cfg, "custom_mix"));
	f->c.tps = num(f->root, "target_tps");
	f->c.connections = (int)json_integer_value(json_object_get(f->root, "connections"));
	f->c.transactions = cnt(cfg, "transactions");
	f->c.series_interval = num(cfg, "interval_seconds") > 0 ? num(cfg, "interval_seconds") : 1;
	for (unsigned i = 0; i < WL_NOPS; i++)
		f->c.mix[i] = num(mix, names[i]);
	if (nk < WL_NOPS)
		return bad(e, f->path, "\"operations\" lacks select, insert, update or delete");
	f->c.nqueries = (unsigned)(nk - WL_NOPS);
	f->c.queries = calloc(f->c.nqueries + 1, sizeof(*f->c.queries));
	f->tot.k = calloc(nk, sizeof(*f->tot.k));
	f->tot.tick = calloc(nk, sizeof(*f->tot.tick));
	if (!f->c.queries || !f->tot.k || !f->tot.tick)
		return err_set(e, EXIT_RUNTIME, "out of memory");
	json_object_foreach((json_t *)ops, key, v) {
		if (k < WL_NOPS && strcmp(key, names[k]))
			return bad(e, f->path, "\"operations\" does not start with select, insert, update, delete");
		if (k >= WL_NOPS)
			f->c.queries[k - WL_NOPS].name = strdup(key);
		k++;
	}
	f->r.c = &f->c;
	f->r.nkinds = (unsigned)nk;
	return 0;
}

static int load_kinds(rfile *f, const json_t *ops, const json_t *hops, err *e)
{
	for (unsigned k = 0; k < f->r.nkinds; k++) {
		const char *name = report_kind_name(&f->r, k);
		const json_t *o = json_object_get(ops, name), *h = json_object_get(hops, name);
		kstats *s = &f->tot.k[k];

		s->ok = cnt(o, "successful");
		s->fail = cnt(o, "failed");
		s->skip = cnt(o, "skipped");
		if (results_hist_read(json_object_get(h, "scheduled"), &s->sched) ||
		    results_hist_read(json_object_get(h, "service"), &s->svc))
			return bad(e, f->path, "an operation's histograms are missing or malformed");
	}
	return 0;
}

static void load_errors(rfile *f)
{
	size_t i;
	json_t *o;

	json_array_foreach(json_object_get(f->root, "errors"), i, o) {
		const char *cls = json_string_value(json_object_get(o, "class"));
		const char *ss = json_string_value(json_object_get(o, "sqlstate"));
		const char *msg = json_string_value(json_object_get(o, "sample"));

		for (int c = 0; cls && c < NCLASS; c++)
			if (!strcmp(cls, err_class_name(c))) {
				esample *s = &f->tot.err[c];

				s->n += cnt(o, "count");
				s->code = (int32_t)json_integer_value(json_object_get(o, "native_code"));
				snprintf(s->sqlstate, sizeof(s->sqlstate), "%s", ss ? ss : "");
				snprintf(s->msg, sizeof(s->msg), "%s", msg ? msg : "");
				break;
			}
	}
}

static int load_series(rfile *f, err *e)
{
	const json_t *iv = json_object_get(f->root, "intervals");
	static hist hs, hv;
	size_t i;
	json_t *o;

	f->tot.nseries = 0;
	if (!(f->tot.series = calloc(json_array_size(iv) + 1, sizeof(point))))
		return err_set(e, EXIT_RUNTIME, "out of memory");
	f->tot.capseries = json_array_size(iv) + 1;
	json_array_foreach(iv, i, o) {
		point *p = &f->tot.series[f->tot.nseries++];
		uint64_t reconnects = i ? p[-1].reconnects : 0; /* the file has each interval's, the point the run's so far */

		hist_reset(&hs);
		hist_reset(&hv);
		if (results_hist_read(json_object_get(o, "histogram_scheduled"), &hs) ||
		    results_hist_read(json_object_get(o, "histogram_service"), &hv))
			return bad(e, f->path, "an interval's histograms are missing or malformed");
		*p = (point){ num(o, "t"), num(o, "tps"), num(o, "p50_us"), num(o, "p95_us"), num(o, "p99_us"),
			      cnt(o, "errors"), cnt(o, "successful") + cnt(o, "failed"), num(o, "schedule_lag_p99_us"),
			      cnt(o, "backlog"), num(o, "oldest_inflight_us"), num(o, "service_p50_us"),
			      num(o, "service_p95_us"), num(o, "service_p99_us"), reconnects + cnt(o, "reconnects"),
			      num(o, "seconds"), NULL, NULL };
		results_point_hists(p, &hs, &hv, p->secs);
	}
	return 0;
}

static int load_run(rfile *f, err *e)
{
	const json_t *meta = json_object_get(f->root, "metadata"), *h = json_object_get(f->root, "histograms");
	const json_t *ops = json_object_get(f->root, "operations");
	const char *extra = json_string_value(json_object_get(f->root, "summary_extra"));

	if (!json_is_object(ops) || !json_is_object(h) || !json_is_object(json_object_get(h, "operations")))
		return bad(e, f->path, "no \"operations\" or \"histograms\"");
	if (load_cfg(f, json_object_get(meta, "config"), ops, e) ||
	    load_kinds(f, ops, json_object_get(h, "operations"), e))
		return -1;
	if (results_hist_read(json_object_get(h, "schedule_lag"), &f->tot.lag))
		return bad(e, f->path, "the schedule lag histogram is missing or malformed");
	load_errors(f);
	f->secs = num(f->root, "duration_seconds");
	f->rc = (int)json_integer_value(json_object_get(f->root, "exit_code"));
	f->tot.reconnects = cnt(f->root, "reconnects");
	atomic_store(&f->r.behind, cnt(f->root, "behind"));
	f->r.not_started = cnt(f->root, "not_started");
	f->r.backlog_end = cnt(f->root, "backlog_at_end");
	f->r.end = (int64_t)(num(f->root, "backlog_oldest_due_us") * 1e3);
	f->r.backlog_oldest = 0;
	f->extra = extra ? strdup(extra) : NULL;
	return load_series(f, e);
}

int results_load(const char *path, rfile *f, err *e)
{
	json_error_t je;
	const json_t *meta;
	const char *kind;

	memset(f, 0, sizeof(*f));
	f->path = path;
	if (!(f->root = json_load_file(path, 0, &je))) {
		err_set(e, EXIT_USAGE, "%s: cannot read results: %s (line %d)", path, je.text, je.line);
		return -1;
	}
	if (!json_is_object(f->root) || !json_is_integer(json_object_get(f->root, "schema_version")))
		return bad(e, path, "no schema_version");
	if (json_integer_value(json_object_get(f->root, "schema_version")) != RESULTS_SCHEMA_VERSION) {
		err_set(e, EXIT_USAGE, "%s: results schema_version %lld; this dbarena reads version %d", path,
			(long long)json_integer_value(json_object_get(f->root, "schema_version")), RESULTS_SCHEMA_VERSION);
		return -1;
	}
	meta = json_object_get(f->root, "metadata");
	kind = json_string_value(json_object_get(f->root, "kind"));
	if (!json_is_object(meta) || !kind)
		return bad(e, path, "no \"metadata\" or \"kind\"");
	f->start = num(meta, "start_unix");
	f->end = num(meta, "end_unix");
	f->kind = kind;
	if (!strcmp(kind, "seed"))
		return 0;
	if (strcmp(kind, "workload") && strcmp(kind, "bench"))
		return bad(e, path, "unknown \"kind\"");
	return load_run(f, e);
}

void results_unload(rfile *f)
{
	if (f->tot.series)
		results_series_free(&f->tot);
	free(f->tot.series);
	free(f->tot.k);
	free(f->tot.tick);
	free(f->extra);
	workload_cfg_free(&f->c);
	json_decref(f->root);
	memset(f, 0, sizeof(*f));
}
