/*
 * The workload engine: loads the schema, starts the workers (worker.c) on
 * the schedule (sched.c), merges their statistics (merge.c) while it waits
 * and hands them to the report (report.c).
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../results/wl_results.h"
#include "../sig.h"
#include "../ui.h"
#include "dist_run.h"
#include "merge.h"
#include "phase.h"
#include "metrics.h"
#include "report.h"
#include "sched.h"
#include "txn.h"
#include "worker.h"
#include "wthreads.h"

static double elapsed_s(const wl_run *r)
{
	double e = (double)(sched_mono_ns() - r->warm_end) / 1e9;

	return e > 0 ? e : 0;
}

/* In-flight statements get this long after the end (or an interrupt) before the run reports. */
#define DRAIN_NS 2000000000LL

/* Statistics gathered over a window of ticks (a progress line, a JSON interval point). */
typedef struct window {
	kstats k;
	hist lag;
	int64_t since;
} window;

static void window_add(window *w, const kstats *k, const hist *lag)
{
	hist_merge(&w->k.sched, &k->sched);
	hist_merge(&w->k.svc, &k->svc);
	w->k.ok += k->ok;
	w->k.fail += k->fail;
	hist_merge(&w->lag, lag);
}

static void window_reset(window *w, int64_t now)
{
	memset(w, 0, sizeof(*w));
	w->since = now;
}

/* The backlog and the oldest in-flight transaction now. */
static void live_state(wl_run *r, int64_t now, liveinfo *li)
{
	int64_t oldest_due, inflight = merge_oldest_inflight(r);

	li->backlog = sched_count(r, r->t0, now, &oldest_due);
	li->backlog_us = li->backlog && oldest_due < now ? (double)(now - oldest_due) / 1e3 : 0;
	li->oldest_us = inflight && inflight < now ? (double)(now - inflight) / 1e3 : 0;
}

/* One JSON interval point from the window's statistics. */
static void series_add(wl_run *r, totals *tot, const window *w, int64_t now, const liveinfo *li)
{
	double secs = (double)(now - w->since) / 1e9;

	if (tot->nseries == tot->capseries) {
		point *np = realloc(tot->series, (tot->capseries ? tot->capseries * 2 : 64) * sizeof(*np));

		if (!np)
			return;
		tot->series = np;
		tot->capseries = tot->capseries ? tot->capseries * 2 : 64;
	}
	tot->series[tot->nseries++] = (point){ (double)(now - r->warm_end) / 1e9,
		secs > 0 ? (double)(w->k.ok + w->k.fail) / secs : 0,
		hist_percentile(&w->k.sched, 50), hist_percentile(&w->k.sched, 95),
		hist_percentile(&w->k.sched, 99), w->k.fail, w->k.ok + w->k.fail,
		hist_percentile(&w->lag, 99), li->backlog, li->oldest_us,
		hist_percentile(&w->k.svc, 50), hist_percentile(&w->k.svc, 95), hist_percentile(&w->k.svc, 99),
		tot->reconnects, secs, NULL, NULL };
	results_point_hists(&tot->series[tot->nseries - 1], &w->k.sched, &w->k.svc, secs);
}

/* The watch ends when the workers are done, on an interrupt, or when the drain after the end is over. */
static int watching(const wl_run *r, int started)
{
	if (atomic_load(&r->ndone) >= started || sig_stop)
		return 0;
	return !r->end || sched_mono_ns() < r->end + DRAIN_NS;
}

/* Until the workers are done: merges their statistics each tick, keeps the series, draws the live view. */
static void watch(wl_run *r, totals *tot, int started, int tty)
{
	window line, pt;
	int64_t last_tick, tick = 1000000000LL;
	int drawn = 0;

	if (r->c->series_interval * 1e9 < (double)tick)
		tick = (int64_t)(r->c->series_interval * 1e9);
	if (!tty && r->c->interval * 1e9 < (double)tick)
		tick = (int64_t)(r->c->interval * 1e9);
	last_tick = r->warm_end > sched_mono_ns() ? r->warm_end : sched_mono_ns();
	window_reset(&line, last_tick);
	window_reset(&pt, last_tick);
	while (watching(r, started)) {
		int64_t now;
		kstats k;
		liveinfo li;

		now = sched_mono_ns();
		sched_sleep_until(now + 100000000LL < last_tick + tick ? now + 100000000LL : last_tick + tick);
		now = sched_mono_ns();
		if (now - last_tick < tick || now < r->warm_end)
			continue;
		last_tick = now;
		merge_collect(r, tot);
		metrics_update(r->metrics, r, tot, now, 0);
		merge_sum_kinds(r, tot->tick, &k);
		window_add(&line, &k, &tot->lag_tick);
		window_add(&pt, &k, &tot->lag_tick);
		live_state(r, now, &li);
		if ((double)(now - pt.since) >= r->c->series_interval * 1e9 - (double)tick / 2) {
			series_add(r, tot, &pt, now, &li);
			window_reset(&pt, now);
		}
		if (r->c->quiet) {
			window_reset(&line, now);
		} else if (tty || now - line.since >= (int64_t)(r->c->interval * 1e9)) {
			li.lag = &line.lag;
			report_live(r, tot, &line.k, &li, (double)(now - line.since) / 1e9, elapsed_s(r), tty, &drawn);
			window_reset(&line, now);
		}
	}
}

/* Waits for the workers: in-flight statements get DRAIN_NS after the end or an interrupt; 1 when all ended. */
static int join_workers(wl_run *r)
{
	struct timespec dl;
	int64_t wait_ns = DRAIN_NS, now = sched_mono_ns();

	if (!sig_stop && !r->end)
		wait_ns = 3600LL * 1000000000LL;
	else if (!sig_stop && r->end + DRAIN_NS > now)
		wait_ns = r->end + DRAIN_NS - now;
	else if (!sig_stop)
		wait_ns = 0;
	clock_gettime(CLOCK_REALTIME, &dl);
	dl.tv_sec += (time_t)(wait_ns / 1000000000LL);
	dl.tv_nsec += (long)(wait_ns % 1000000000LL);
	if (dl.tv_nsec >= 1000000000L) {
		dl.tv_sec++;
		dl.tv_nsec -= 1000000000L;
	}
	return wthreads_join(r, &dl);
}

/*
 * The seconds the measured run really took: to when the last worker left
 * (the drain included; not the watcher's next tick), or to the end when it
 * ended early.
 */
static double run_seconds(const wl_run *r, int all_joined)
{
	int64_t fin = all_joined && atomic_load(&r->last_exit) ? atomic_load(&r->last_exit) : sched_mono_ns();

	if (r->end && fin < r->end && !sig_stop)
		fin = r->end;
	return fin > r->warm_end ? (double)(fin - r->warm_end) / 1e9 : 0;
}

int workload_run(wl_cfg *c, target *t, err *e)
{
	wl_run r;
	totals tot;
	dba_conn *meta = NULL;
	int rc = -1, started = 0, tty = ui_tty() && !c->quiet, all_joined = 1, nth;
	double secs;

	memset(&r, 0, sizeof(r));
	memset(&tot, 0, sizeof(tot));
	r.c = c;
	r.t = t;
	r.nkinds = WL_NOPS + c->nqueries;
	r.now_us = sched_real_us();
	pthread_mutex_init(&r.sched_mu, NULL);
	rng_seed(&r.arrival, gen_stream_seed(wl_dist_seed(c), "arrival", NULL));
	if (phase_finish(c, e) || phase_run_init(&r, e) || metrics_start(&r, &r.metrics, e))
		goto out_nometa;
	wl_dist_init(&r);
	if (target_connect(t, &meta, e))
		goto out_nometa;
	if (!c->txn && schema_load(&r.s, c, t, meta, e))
		goto out;
	wl_dist_keys(&r);
	if (c->json_path)
		results_capture_server(t, meta);
	t->ops->disconnect(meta);
	meta = NULL;
	r.w = calloc((size_t)c->connections, sizeof(*r.w));
	tot.k = calloc(r.nkinds, sizeof(*tot.k));
	tot.tick = calloc(r.nkinds, sizeof(*tot.tick));
	if (!r.w || !tot.k || !tot.tick) {
		err_set(e, EXIT_RUNTIME, "out of memory");
		goto out;
	}
	for (int i = 0; i < c->connections; i++)
		if (worker_init(&r.w[i], &r, i, e))
			goto out;
	nth = wthreads_count(&r);
	t->ci.shared_thread = nth < c->connections; /* the drivers then wait through the host */
	if (worker_connect_all(r.w, c->connections, e) || wl_dist_barrier(&r, e))
		goto out;
	r.t0 = sched_mono_ns() + 10000000LL;
	r.dist_start_us = sched_real_us() + 10000;
	r.warm_end = r.t0 + (int64_t)(c->warmup * 1e9);
	r.end = c->transactions ? 0 : r.warm_end + (int64_t)(c->duration * 1e9);
	started = wthreads_start(&r, nth);
	if (started < c->connections)
		err_set(e, EXIT_RUNTIME, "cannot start worker threads");
	watch(&r, &tot, started, tty);
	atomic_store(&r.stop, 1);
	all_joined = join_workers(&r);
	secs = run_seconds(&r, all_joined && started == c->connections);
	merge_collect(&r, &tot);
	metrics_update(r.metrics, &r, &tot, sched_mono_ns(), 1);
	if (r.end && !sig_stop) {
		r.backlog_end = sched_count(&r, r.warm_end, r.end, &r.backlog_oldest);
		r.not_started = atomic_load(&r.dropped) + r.backlog_end;
	}
	if (started == c->connections) {
		kstats all;

		merge_sum_kinds(&r, tot.k, &all);
		if (sig_stop)
			rc = EXIT_INTERRUPTED;
		else if (c->max_error_rate >= 0 && all.ok + all.fail &&
			 100.0 * (double)all.fail / (double)(all.ok + all.fail) > c->max_error_rate)
			rc = EXIT_RUNTIME;
		else
			rc = EXIT_OK;
		report_summary(&r, &tot, secs, stdout);
		txn_summary(&r, &tot, secs, stdout);
		phase_summary(&r, stdout);
		fflush(stdout);
		if (c->json_path && report_write_json(&r, &tot, secs, rc, e))
			rc = -1;
		else if (rc == EXIT_RUNTIME)
			err_set(e, EXIT_RUNTIME, "error rate %.2f%% is over --max-error-rate %g%%",
				100.0 * (double)all.fail / (double)(all.ok + all.fail), c->max_error_rate);
		else if (rc == EXIT_INTERRUPTED)
			err_set(e, EXIT_INTERRUPTED, "interrupted");
	}
	metrics_stop(&r.metrics, c->metrics_linger);
	t->ci.shared_thread = 0;
	if (!all_joined)
		return rc; /* a worker is still inside a statement: leave its memory alone */
out:
	for (int i = 0; r.w && i < c->connections; i++)
		worker_free(&r.w[i]);
	free(r.w);
	wthreads_free(&r);
	schema_free(&r.s, t);
	free(tot.k);
	free(tot.tick);
	results_series_free(&tot);
	free(tot.series);
	phase_run_free(&r);
out_nometa:
	if (meta)
		t->ops->disconnect(meta);
	metrics_stop(&r.metrics, 0);
	pthread_mutex_destroy(&r.sched_mu);
	t->ci.shared_thread = 0;
	return rc;
}

