/* Workload reporting: merged statistics, the live view, the final summary and the JSON file. */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "../ui.h"
#include "engine.h"

/* Moves every worker's interval stats into tot->tick and the run totals. */
void report_collect(wl_run *r, totals *tot)
{
	for (unsigned k = 0; k < r->nkinds; k++)
		memset(&tot->tick[k], 0, sizeof(kstats));
	tot->reconnects = 0;
	for (int i = 0; i < r->c->connections; i++) {
		worker *w = &r->w[i];

		pthread_mutex_lock(&w->mu);
		for (unsigned k = 0; k < r->nkinds; k++) {
			kstats *a = &w->k[k], *b = &tot->tick[k];

			hist_merge(&b->sched, &a->sched);
			hist_merge(&b->svc, &a->svc);
			b->ok += a->ok;
			b->fail += a->fail;
			b->skip += a->skip;
			if (a->sched.count || a->ok || a->fail || a->skip)
				memset(a, 0, sizeof(*a));
		}
		for (int c = 0; c < NCLASS; c++) {
			esample *a = &w->err[c], *b = &tot->err[c];

			if (!a->n)
				continue;
			if (!b->n)
				*b = *a, b->n = 0;
			b->n += a->n;
			a->n = 0;
		}
		tot->reconnects += w->reconnects;
		pthread_mutex_unlock(&w->mu);
	}
	for (unsigned k = 0; k < r->nkinds; k++) {
		kstats *a = &tot->tick[k], *b = &tot->k[k];

		hist_merge(&b->sched, &a->sched);
		hist_merge(&b->svc, &a->svc);
		b->ok += a->ok;
		b->fail += a->fail;
		b->skip += a->skip;
	}
}

void report_sum_kinds(const wl_run *r, const kstats *k, kstats *all)
{
	memset(all, 0, sizeof(*all));
	for (unsigned i = 0; i < r->nkinds; i++) {
		hist_merge(&all->sched, &k[i].sched);
		hist_merge(&all->svc, &k[i].svc);
		all->ok += k[i].ok;
		all->fail += k[i].fail;
		all->skip += k[i].skip;
	}
}

static double elapsed_s(const wl_run *r)
{
	double e = (double)(engine_mono_ns() - r->warm_end) / 1e9;

	return e > 0 ? e : 0;
}

void report_live(wl_run *r, totals *tot, const kstats *win, double win_s, int tty, int *drawn)
{
	kstats all, sum;
	char p50[16], p95[16], p99[16], mean[16], mix[256] = "", recent[320] = "";
	double el = elapsed_s(r), total = r->c->transactions ? 0 : r->c->duration;
	double tps = win_s > 0 ? (double)(win->ok + win->fail) / win_s : 0;
	size_t n = 0;

	report_sum_kinds(r, tot->k, &sum);
	all = *win;
	ui_fmt_us(p50, sizeof(p50), hist_percentile(&all.sched, 50));
	ui_fmt_us(p95, sizeof(p95), hist_percentile(&all.sched, 95));
	ui_fmt_us(p99, sizeof(p99), hist_percentile(&all.sched, 99));
	ui_fmt_us(mean, sizeof(mean), hist_mean(&all.sched));
	for (unsigned k = 0; k < r->nkinds && n < sizeof(mix) - 40; k++) {
		uint64_t d = tot->k[k].ok + tot->k[k].fail;
		uint64_t a = sum.ok + sum.fail;
		if (d)
			n += (size_t)snprintf(mix + n, sizeof(mix) - n, "%s%s %.0f%%", n ? " " : "", engine_kind_name(r, k),
					      a ? 100.0 * (double)d / (double)a : 0);
	}
	for (int i = 0; i < r->c->connections; i++) {
		pthread_mutex_lock(&r->w[i].mu);
		if (r->w[i].lastmsg[0])
			snprintf(recent, sizeof(recent), "%s", r->w[i].lastmsg);
		pthread_mutex_unlock(&r->w[i].mu);
	}
	if (tty) {
		char bar[32];
		int fill = total > 0 ? (int)(20 * (el / total > 1 ? 1 : el / total)) : 0;

		if (r->c->transactions)
			fill = (int)(20 * (double)(sum.ok + sum.fail + sum.skip) / (double)r->c->transactions);
		if (fill > 20)
			fill = 20;
		for (int i = 0; i < 20; i++)
			bar[i] = i < fill ? '#' : '.';
		bar[20] = 0;
		if (*drawn)
			fprintf(stderr, "\033[%dA", *drawn);
		fprintf(stderr, "\r\033[K[%s] %.0fs  tps %.1f (avg %.1f, target %s%.0f)  ok %.1f%%  failed %llu%s\n",
			bar, el, tps, el > 0 ? (double)(sum.ok + sum.fail) / el : 0,
			r->c->tps > 0 ? "" : "max ", r->c->tps,
			sum.ok + sum.fail ? 100.0 * (double)sum.ok / (double)(sum.ok + sum.fail) : 100.0,
			(unsigned long long)sum.fail,
			atomic_load(&r->behind) ? "  FALLING BEHIND" : "");
		fprintf(stderr, "\033[K  latency p50 %s  p95 %s  p99 %s  mean %s   mix %s\n", p50, p95, p99, mean, mix);
		fprintf(stderr, "\033[K  %s%s\n", *recent ? "recent error: " : "", recent);
		*drawn = 3;
	} else {
		fprintf(stderr, "[%.0fs] tps %.1f (avg %.1f)  ok %llu  failed %llu  p50 %s  p95 %s  p99 %s  mean %s%s\n",
			el, tps, el > 0 ? (double)(sum.ok + sum.fail) / el : 0,
			(unsigned long long)sum.ok, (unsigned long long)sum.fail, p50, p95, p99, mean,
			atomic_load(&r->behind) ? "  (falling behind schedule)" : "");
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

void report_summary(const wl_run *r, const totals *tot, double secs, FILE *f)
{
	static const char *const lh[] = { "latency", "p50", "p95", "p99", "p99.9", "max", "mean" };
	static const char *const oh[] = { "operation", "count", "failed", "skipped", "p50", "p95", "p99", "mean" };
	kstats all;
	ui_table *t;
	char a[32], b[32];

	report_sum_kinds(r, tot->k, &all);
	fprintf(f, "workload:    %s\n", r->c->name ? r->c->name : r->c->pattern ? r->c->pattern->name : "custom");
	fprintf(f, "pattern:     %s\n", r->c->pattern ? r->c->pattern->name : r->c->has_ops ? "custom mix" : "custom queries");
	fprintf(f, "duration:    %.2f s\n", secs);
	ui_fmt_count(a, sizeof(a), all.ok + all.fail + all.skip);
	fprintf(f, "total:       %s transactions (%llu successful, %llu failed, %llu skipped)\n", a,
		(unsigned long long)all.ok, (unsigned long long)all.fail, (unsigned long long)all.skip);
	fprintf(f, "throughput:  %.1f tps (target %s)\n", secs > 0 ? (double)(all.ok + all.fail) / secs : 0,
		r->c->tps > 0 ? (snprintf(b, sizeof(b), "%.0f", r->c->tps), b) : "as fast as possible");
	if (atomic_load((atomic_ullong *)&r->behind))
		fprintf(f, "behind:      %llu transactions started more than 10 ms late\n",
			(unsigned long long)atomic_load((atomic_ullong *)&r->behind));
	if (r->not_started)
		fprintf(f, "not started: %llu scheduled transactions (no connection was free or connected)\n",
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
		const char *cells[8] = { engine_kind_name(r, k), v[0], v[1], v[2], v[3], v[4], v[5], v[6] };

		if (!s->ok && !s->fail && !s->skip && k >= WL_NOPS)
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
	for (int c = 0; c < NCLASS; c++)
		if (tot->err[c].n)
			fprintf(f, "%s errors: %llu (code %d%s%s): %s\n", err_class_name(c),
				(unsigned long long)tot->err[c].n, tot->err[c].code,
				tot->err[c].sqlstate[0] ? ", SQLSTATE " : "", tot->err[c].sqlstate, tot->err[c].msg);
}

static json_t *jlat(const hist *h)
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

	report_sum_kinds(r, tot->k, &all);
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
	json_object_set_new(root, "latency_scheduled", jlat(&all.sched));
	json_object_set_new(root, "latency_service", jlat(&all.svc));
	for (unsigned k = 0; k < r->nkinds; k++) {
		const kstats *s = &tot->k[k];
		json_t *o = json_object();

		json_object_set_new(o, "count", json_integer((json_int_t)(s->ok + s->fail)));
		json_object_set_new(o, "successful", json_integer((json_int_t)s->ok));
		json_object_set_new(o, "failed", json_integer((json_int_t)s->fail));
		json_object_set_new(o, "skipped", json_integer((json_int_t)s->skip));
		json_object_set_new(o, "latency_scheduled", jlat(&s->sched));
		json_object_set_new(o, "latency_service", jlat(&s->svc));
		json_object_set_new(ops, engine_kind_name(r, k), o);
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
		json_object_set_new(o, "p50_us", json_real(p->p50));
		json_object_set_new(o, "p95_us", json_real(p->p95));
		json_object_set_new(o, "p99_us", json_real(p->p99));
		json_object_set_new(o, "errors", json_integer((json_int_t)p->errors));
		json_array_append_new(series, o);
	}
	json_object_set_new(root, "intervals", series);
	json_object_set_new(root, "exit_code", json_integer(rc));
	bad = json_dump_file(root, r->c->json_path, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(root);
	if (bad)
		return err_set(e, EXIT_RUNTIME, "cannot write \"%s\"", r->c->json_path);
	return 0;
}

