/* Workload reporting: the live view, the final summary and the JSON file, from statistics merge.c merged. */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "../results/wl_results.h"
#include "../ui.h"
#include "merge.h"
#include "phase.h"
#include "report.h"
#include "sched.h"
#include "xact.h"

const char *report_kind_name(const wl_run *r, unsigned k)
{
	static const char *const ops[] = { "select", "insert", "update", "delete" };

	return k < WL_NOPS ? ops[k] : r->c->queries[k - WL_NOPS].name;
}

/* The target rate as scheduled: "1.5", "200", "max". */
void report_fmt_target(char *buf, size_t cap, double tps)
{
	if (tps > 0)
		snprintf(buf, cap, "%.15g", tps);
	else
		snprintf(buf, cap, "max");
}

/*
 * How far the run is behind: "" when on schedule, else the backlog and how
 * late it is.  Clears as soon as a window has caught up.
 */
static void fmt_behind(const wl_run *r, const liveinfo *li, char *buf, size_t cap)
{
	char age[16], lag[16];
	double p99 = li->lag ? hist_percentile(li->lag, 99) : 0;

	buf[0] = 0;
	if (r->c->tps <= 0 || (li->backlog_us * 1000 <= BEHIND_LIVE_NS && p99 * 1000 <= BEHIND_LIVE_NS))
		return;
	ui_fmt_us(age, sizeof(age), li->backlog_us);
	ui_fmt_us(lag, sizeof(lag), p99);
	snprintf(buf, cap, "  FALLING BEHIND (backlog %llu, %s late; lag p99 %s)", (unsigned long long)li->backlog,
		 age, lag);
}

void report_live(wl_run *r, totals *tot, const kstats *win, const liveinfo *li, double win_s, double el, int tty,
		 int *drawn)
{
	kstats all, sum;
	char p50[16], p95[16], p99[24], mean[16], mix[256] = "", recent[320] = "", behind[128], tgt[32], ph[96];
	double total = r->c->transactions ? 0 : r->c->duration;
	double tps = win_s > 0 ? (double)(win->ok + win->fail) / win_s : 0;
	size_t n = 0;

	merge_sum_kinds(r, tot->k, &sum);
	all = *win;
	fmt_behind(r, li, behind, sizeof(behind));
	report_fmt_target(tgt, sizeof(tgt), r->c->tps);
	phase_live(r, sched_mono_ns(), ph, sizeof(ph));
	if (!all.sched.count && li->oldest_us > 0) {
		/* A stall: nothing ended in the window; what is still running is this old. */
		char age[16];

		ui_fmt_us(age, sizeof(age), li->oldest_us);
		snprintf(p50, sizeof(p50), "-");
		snprintf(p95, sizeof(p95), "-");
		snprintf(p99, sizeof(p99), ">%s", age);
		snprintf(mean, sizeof(mean), "-");
	} else {
		ui_fmt_us(p50, sizeof(p50), hist_percentile(&all.sched, 50));
		ui_fmt_us(p95, sizeof(p95), hist_percentile(&all.sched, 95));
		ui_fmt_us(p99, sizeof(p99), hist_percentile(&all.sched, 99));
		ui_fmt_us(mean, sizeof(mean), hist_mean(&all.sched));
	}
	for (unsigned k = 0; k < r->nkinds && n < sizeof(mix) - 40; k++) {
		uint64_t d = tot->k[k].ok + tot->k[k].fail;
		uint64_t a = sum.ok + sum.fail;
		if (d)
			n += (size_t)snprintf(mix + n, sizeof(mix) - n, "%s%s %.0f%%", n ? " " : "", report_kind_name(r, k),
					      a ? 100.0 * (double)d / (double)a : 0);
	}
	for (int i = 0; i < r->c->connections; i++) {
		pthread_mutex_lock(&r->w[i].mu);
		if (r->w[i].lastmsg[0])
			ui_escape(recent, sizeof(recent), r->w[i].lastmsg);
		pthread_mutex_unlock(&r->w[i].mu);
	}
	if (tty) {
		char bar[32], l1[512], l2[512], l3[512];
		const char *lines[3] = { l1, l2, l3 };
		int fill = total > 0 ? (int)(20 * (el / total > 1 ? 1 : el / total)) : 0;

		if (r->c->transactions)
			fill = (int)(20 * (double)(sum.ok + sum.fail + sum.skip) / (double)r->c->transactions);
		if (fill > 20)
			fill = 20;
		for (int i = 0; i < 20; i++)
			bar[i] = i < fill ? '#' : '.';
		bar[20] = 0;
		snprintf(l1, sizeof(l1), "[%s] %.0fs  tps %.1f (avg %.1f, target %s)  ok %.1f%%  failed %llu%s%s",
			 bar, el, tps, el > 0 ? (double)(sum.ok + sum.fail) / el : 0, tgt,
			 sum.ok + sum.fail ? 100.0 * (double)sum.ok / (double)(sum.ok + sum.fail) : 100.0,
			 (unsigned long long)sum.fail, ph, behind);
		snprintf(l2, sizeof(l2), "  latency p50 %s  p95 %s  p99 %s  mean %s   mix %s", p50, p95, p99, mean, mix);
		snprintf(l3, sizeof(l3), "  %s%s", *recent ? "recent error: " : "", recent);
		ui_live_draw(lines, 3, drawn);
	} else {
		fprintf(stderr, "[%.0fs] tps %.1f (avg %.1f)  ok %llu  failed %llu  p50 %s  p95 %s  p99 %s  mean %s%s%s\n",
			el, tps, el > 0 ? (double)(sum.ok + sum.fail) / el : 0,
			(unsigned long long)sum.ok, (unsigned long long)sum.fail, p50, p95, p99, mean, behind, ph);
	}
}

static void lat_row(ui_table *t, const char *what, const hist *h)
{
	char v[6][16];
	const char *cells[7] = { what, v[0], v[1], v[2], v[3], v[4], v[5] };

	ui_fmt_us(v[0], 16, hist_percentile(h, 50));
	ui_fmt_us(v[1], 16, hist_percentile(h, 95));
	ui_fmt_us(v[2], 16, hist_percentile(h, 99));
	ui_fmt_us(v[3], 16, hist_percentile(h, 99.9));
	ui_fmt_us(v[4], 16, (double)h->max);
	ui_fmt_us(v[5], 16, hist_mean(h));
	ui_table_add(t, cells);
}

/* Schedule lag (actual start - scheduled start) and the backlog left at the end, for a rate-limited run. */
static void summary_lag(const wl_run *r, const totals *tot, FILE *f)
{
	char mean[16], p99[16], max[16], age[16];

	if (r->c->tps <= 0)
		return;
	ui_fmt_us(mean, sizeof(mean), hist_mean(&tot->lag));
	ui_fmt_us(p99, sizeof(p99), hist_percentile(&tot->lag, 99));
	ui_fmt_us(max, sizeof(max), (double)tot->lag.max);
	fprintf(f, "schedule lag: mean %s  p99 %s  max %s (start - scheduled start)\n", mean, p99, max);
	if (r->backlog_end) {
		ui_fmt_us(age, sizeof(age), (double)(r->end - r->backlog_oldest) / 1e3);
		fprintf(f, "backlog:     %llu transactions due by the end had not started (the oldest was due %s before)\n",
			(unsigned long long)r->backlog_end, age);
	}
}

void report_summary(const wl_run *r, const totals *tot, double secs, FILE *f)
{
	static const char *const lh[] = { "latency", "p50", "p95", "p99", "p99.9", "max", "mean" };
	static const char *const oh[] = { "operation", "count", "failed", "skipped", "p50", "p95", "p99", "mean" };
	kstats all;
	ui_table *t;
	char a[32], b[32];

	merge_sum_kinds(r, tot->k, &all);
	fprintf(f, "workload:    %s\n", r->c->name ? r->c->name : r->c->pattern ? r->c->pattern->name : "custom");
	fprintf(f, "pattern:     %s\n", r->c->pattern ? r->c->pattern->name : r->c->txn ? "benchmark transactions" :
		r->c->has_ops ? "custom mix" : "custom queries");
	fprintf(f, "duration:    %.2f s\n", secs);
	ui_fmt_count(a, sizeof(a), all.ok + all.fail + all.skip);
	fprintf(f, "total:       %s transactions (%llu successful, %llu failed, %llu skipped)\n", a,
		(unsigned long long)all.ok, (unsigned long long)all.fail, (unsigned long long)all.skip);
	fprintf(f, "throughput:  %.1f tps (target %s)\n", secs > 0 ? (double)(all.ok + all.fail) / secs : 0,
		r->c->tps > 0 ? (report_fmt_target(b, sizeof(b), r->c->tps), b) : "as fast as possible");
	summary_lag(r, tot, f);
	if (atomic_load((atomic_ullong *)&r->behind))
		fprintf(f, "behind:      %llu transactions started more than 10 ms late\n",
			(unsigned long long)atomic_load((atomic_ullong *)&r->behind));
	if (r->not_started)
		fprintf(f, "not started: %llu scheduled transactions (the run ended first, or no connection was free or connected)\n",
			(unsigned long long)r->not_started);
	fprintf(f, "reconnects:  %llu\n\n", (unsigned long long)tot->reconnects);
	t = ui_table_new(7, lh);
	for (unsigned c = 1; c < 7; c++)
		ui_table_align_right(t, c);
	lat_row(t, "scheduled", &all.sched);
	lat_row(t, "service", &all.svc);
	ui_table_print(t, f);
	ui_table_free(t);
	fprintf(f, "\n");
	t = ui_table_new(8, oh);
	for (unsigned c = 1; c < 8; c++)
		ui_table_align_right(t, c);
	for (unsigned k = 0; k < r->nkinds; k++) {
		const kstats *s = &tot->k[k];
		char v[7][24];
		const char *cells[8] = { report_kind_name(r, k), v[0], v[1], v[2], v[3], v[4], v[5], v[6] };

		/* Rows for what could run: a workload of custom queries alone shows only its queries. */
		if (!s->ok && !s->fail && !s->skip && (k >= WL_NOPS || r->c->txn || !(r->c->mix[k] > 0)))
			continue;
		ui_fmt_count(v[0], 24, s->ok + s->fail);
		ui_fmt_count(v[1], 24, s->fail);
		ui_fmt_count(v[2], 24, s->skip);
		ui_fmt_us(v[3], 24, hist_percentile(&s->sched, 50));
		ui_fmt_us(v[4], 24, hist_percentile(&s->sched, 95));
		ui_fmt_us(v[5], 24, hist_percentile(&s->sched, 99));
		ui_fmt_us(v[6], 24, hist_mean(&s->sched));
		ui_table_add(t, cells);
	}
	ui_table_print(t, f);
	ui_table_free(t);
	if (r->w) {
		wx_summary(r, f); /* errors per SQLSTATE / native code, retries, late, statements */
		return;
	}
	/* A run read back from its results file (report FILE.json): the errors per class it kept. */
	for (int c = 0; c < NCLASS; c++) {
		char safe[4 * sizeof(tot->err[c].msg) + 1];

		if (tot->err[c].n)
			fprintf(f, "%s errors: %llu (code %d%s%s): %s\n", err_class_name(c),
				(unsigned long long)tot->err[c].n, tot->err[c].code,
				tot->err[c].sqlstate[0] ? ", SQLSTATE " : "", tot->err[c].sqlstate,
				ui_escape(safe, sizeof(safe), tot->err[c].msg));
	}
}

json_t *report_json_latency(const hist *h)
{
	json_t *o = json_object();

	json_object_set_new(o, "p50_us", json_real(hist_percentile(h, 50)));
	json_object_set_new(o, "p95_us", json_real(hist_percentile(h, 95)));
	json_object_set_new(o, "p99_us", json_real(hist_percentile(h, 99)));
	json_object_set_new(o, "p999_us", json_real(hist_percentile(h, 99.9)));
	json_object_set_new(o, "max_us", json_real((double)h->max));
	json_object_set_new(o, "mean_us", json_real(hist_mean(h)));
	return o;
}

int report_write_json(const wl_run *r, const totals *tot, double secs, int rc, err *e)
{
	json_t *root = json_object(), *ops = json_object(), *errs = json_array(), *series = json_array();
	kstats all;
	int bad;

	merge_sum_kinds(r, tot->k, &all);
	json_object_set_new(root, "name", json_string(r->c->name ? r->c->name : ""));
	json_object_set_new(root, "pattern", r->c->pattern ? json_string(r->c->pattern->name) : json_null());
	json_object_set_new(root, "connections", json_integer(r->c->connections));
	json_object_set_new(root, "target_tps", json_real(r->c->tps));
	json_object_set_new(root, "duration_seconds", json_real(secs));
	json_object_set_new(root, "total", json_integer((json_int_t)(all.ok + all.fail + all.skip)));
	json_object_set_new(root, "successful", json_integer((json_int_t)all.ok));
	json_object_set_new(root, "failed", json_integer((json_int_t)all.fail));
	json_object_set_new(root, "skipped", json_integer((json_int_t)all.skip));
	json_object_set_new(root, "throughput_tps", json_real(secs > 0 ? (double)(all.ok + all.fail) / secs : 0));
	json_object_set_new(root, "behind", json_integer((json_int_t)atomic_load((atomic_ullong *)&r->behind)));
	json_object_set_new(root, "reconnects", json_integer((json_int_t)tot->reconnects));
	json_object_set_new(root, "not_started", json_integer((json_int_t)r->not_started));
	json_object_set_new(root, "backlog_at_end", json_integer((json_int_t)r->backlog_end));
	{
		json_t *lag = json_object();

		json_object_set_new(lag, "mean", json_real(hist_mean(&tot->lag)));
		json_object_set_new(lag, "p99", json_real(hist_percentile(&tot->lag, 99)));
		json_object_set_new(lag, "max", json_real((double)tot->lag.max));
		json_object_set_new(root, "schedule_lag_us", lag);
	}
	json_object_set_new(root, "latency_scheduled", report_json_latency(&all.sched));
	json_object_set_new(root, "latency_service", report_json_latency(&all.svc));
	for (unsigned k = 0; k < r->nkinds; k++) {
		const kstats *s = &tot->k[k];
		json_t *o = json_object();

		json_object_set_new(o, "count", json_integer((json_int_t)(s->ok + s->fail)));
		json_object_set_new(o, "successful", json_integer((json_int_t)s->ok));
		json_object_set_new(o, "failed", json_integer((json_int_t)s->fail));
		json_object_set_new(o, "skipped", json_integer((json_int_t)s->skip));
		json_object_set_new(o, "latency_scheduled", report_json_latency(&s->sched));
		json_object_set_new(o, "latency_service", report_json_latency(&s->svc));
		json_object_set_new(ops, report_kind_name(r, k), o);
	}
	json_object_set_new(root, "operations", ops);
	for (int c = 0; c < NCLASS; c++) {
		json_t *o;

		if (!tot->err[c].n)
			continue;
		o = json_object();
		json_object_set_new(o, "class", json_string(err_class_name(c)));
		json_object_set_new(o, "count", json_integer((json_int_t)tot->err[c].n));
		json_object_set_new(o, "native_code", json_integer(tot->err[c].code));
		json_object_set_new(o, "sqlstate", json_string(tot->err[c].sqlstate));
		json_object_set_new(o, "sample", json_string(tot->err[c].msg));
		json_array_append_new(errs, o);
	}
	json_object_set_new(root, "errors", errs);
	for (size_t i = 0; i < tot->nseries; i++) {
		const point *p = &tot->series[i];
		json_t *o = json_object();

		json_object_set_new(o, "t", json_real(p->t));
		json_object_set_new(o, "tps", json_real(p->tps));
		/* Nothing ended in the interval: no latency to show; oldest_inflight_us says how long it stalled. */
		json_object_set_new(o, "p50_us", p->done ? json_real(p->p50) : json_null());
		json_object_set_new(o, "p95_us", p->done ? json_real(p->p95) : json_null());
		json_object_set_new(o, "p99_us", p->done ? json_real(p->p99) : json_null());
		json_object_set_new(o, "errors", json_integer((json_int_t)p->errors));
		json_object_set_new(o, "schedule_lag_p99_us", json_real(p->lag_p99));
		json_object_set_new(o, "backlog", json_integer((json_int_t)p->backlog));
		json_object_set_new(o, "oldest_inflight_us", json_real(p->oldest));
		json_object_set_new(o, "service_p50_us", p->done ? json_real(p->svc_p50) : json_null());
		json_object_set_new(o, "service_p95_us", p->done ? json_real(p->svc_p95) : json_null());
		json_object_set_new(o, "service_p99_us", p->done ? json_real(p->svc_p99) : json_null());
		json_object_set_new(o, "reconnects", json_integer((json_int_t)(p->reconnects - (i ? p[-1].reconnects : 0))));
		json_array_append_new(series, o);
	}
	json_object_set_new(root, "intervals", series);
	wx_json(r, root);
	phase_json(r, root);
	json_object_set_new(root, "exit_code", json_integer(rc));
	results_workload_extend(root, r, tot, secs);
	bad = json_dump_file(root, r->c->json_path, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(root);
	if (bad)
		return err_set(e, EXIT_RUNTIME, "cannot write \"%s\"", r->c->json_path);
	return 0;
}

