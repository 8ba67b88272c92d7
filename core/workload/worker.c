/*
 * The workload workers: one thread and one persistent session per
 * connection, taking slots from the schedule, running an operation per
 * slot, recording it in per-worker histograms, reconnecting when needed.
 */
#include <stdlib.h>
#include <string.h>

#include "../sig.h"
#include "dist_run.h"
#include "ops.h"
#include "phase.h"
#include "sched.h"
#include "think.h"
#include "txn.h"
#include "worker.h"
#include "xact.h"

static void record(worker *w, unsigned kind, int rc, int64_t sched, int64_t start, int64_t end,
		   const dba_error *de)
{
	kstats *k = &w->k[kind];

	phase_record(w->r, rc, sched, start, end);
	if (sched < w->r->warm_end)
		return;
	pthread_mutex_lock(&w->mu);
	if (rc == 1) {
		k->skip++;
	} else if (rc == 0) {
		k->ok++;
		hist_record(&k->sched, (uint64_t)((end - sched) / 1000));
		hist_record(&k->svc, (uint64_t)((end - start) / 1000));
	} else {
		int cls = de->err_class > 0 && de->err_class < NCLASS ? de->err_class : DBA_ERR_SYNTAX;
		esample *es = &w->err[cls];

		k->fail++;
		hist_record(&k->sched, (uint64_t)((end - sched) / 1000));
		hist_record(&k->svc, (uint64_t)((end - start) / 1000));
		if (!es->n++) {
			es->code = de->native_code;
			snprintf(es->sqlstate, sizeof(es->sqlstate), "%s", de->sqlstate);
			snprintf(es->msg, sizeof(es->msg), "%.250s", de->message);
		}
		snprintf(w->lastmsg, sizeof(w->lastmsg), "%.20s: %.200s", err_class_name(cls), de->message);
	}
	wx_record(w, rc, sched, end, de);
	pthread_mutex_unlock(&w->mu);
}

/*
 * DBA_ERR_RESOURCE: the client ran out of memory or the driver hit a bug;
 * a new session would not help.
 */
int worker_reconnects_after(int err_class, int reusable)
{
	if (err_class == DBA_ERR_TIMEOUT)
		return !reusable; /* the client gave up: the server may still be busy with the statement, or gone */
	return err_class == DBA_ERR_CONNECTION;
}

/* After a failure: whether the session must be reopened, asking the driver after a timeout (ABI 1.4). */
static int session_lost(const worker *w, const dba_error *de)
{
	const dba_driver_ops *o = w->r->t->ops;
	int reusable = de->err_class == DBA_ERR_TIMEOUT && w->c && o->reusable && o->reusable(w->c) == 1;

	return worker_reconnects_after(de->err_class, reusable);
}

int64_t worker_backoff_ns(int attempt, uint64_t rnd)
{
	int64_t base = WORKER_BACKOFF_MIN_NS;

	for (int i = 0; i < attempt && base < WORKER_BACKOFF_MAX_NS; i++)
		base *= 2;
	if (base > WORKER_BACKOFF_MAX_NS)
		base = WORKER_BACKOFF_MAX_NS;
	/* "Equal jitter": half fixed, half random, so sessions lost together do not come back together. */
	return base / 2 + (int64_t)(rnd % (uint64_t)(base / 2 + 1));
}

static void reconnect(worker *w)
{
	uint64_t jitter = (uint64_t)sched_mono_ns() * 0x9e3779b97f4a7c15ULL + (uint64_t)w->id;
	int attempt = 0;
	err e;

	ops_drop_statements(w);
	w->r->t->ops->disconnect(w->c);
	w->c = NULL;
	while (!sig_stop && !atomic_load(&w->r->stop)) {
		/* A server that accepts connections and then says nothing must not hold the run past its end. */
		int32_t secs = 0; /* the driver's connect timeout (a URL's connect_timeout wins) */
		int64_t wake;

		if (w->r->end) {
			int64_t left = w->r->end - sched_mono_ns();

			if (left <= 0)
				return;
			secs = left < 9000000000LL ? (int32_t)(left / 1000000000LL) + 1 : 10;
		}
		memset(&e, 0, sizeof(e));
		if (target_connect_within(w->r->t, &w->c, secs, &e) == 0) {
			pthread_mutex_lock(&w->mu);
			w->reconnects++;
			pthread_mutex_unlock(&w->mu);
			return;
		}
		jitter ^= jitter << 13;
		jitter ^= jitter >> 7;
		jitter ^= jitter << 17;
		wake = sched_mono_ns() + worker_backoff_ns(attempt++, jitter);
		if (w->r->end && wake > w->r->end)
			wake = w->r->end;
		sched_sleep_until(wake);
		if (w->r->end && sched_mono_ns() >= w->r->end)
			return;
	}
}

void *worker_main(void *arg)
{
	worker *w = arg;
	wl_run *r = w->r;
	wl_cfg *c = r->c;

	for (;;) {
		int64_t sched = (phase_park(w), sched_take_slot(r)), start, end;
		double x, cum = 0;
		unsigned kind = WL_SELECT;
		dba_error de;
		int rc, picked;

		if (!sched)
			break;
		if (sched_mono_ns() < sched)
			sched_sleep_until(sched);
		if (sig_stop)
			break;
		start = sched_mono_ns();
		if (start - sched > BEHIND_NS && c->tps > 0)
			atomic_fetch_add(&r->behind, 1);
		if (sched >= r->warm_end && c->tps > 0) {
			pthread_mutex_lock(&w->mu);
			hist_record(&w->lag, (uint64_t)((start > sched ? start - sched : 0) / 1000));
			pthread_mutex_unlock(&w->mu);
		}
		atomic_store(&w->inflight, sched);
		if (!w->c) {
			reconnect(w);
			if (!w->c) {
				if (!sig_stop && sched >= r->warm_end)
					atomic_fetch_add(&r->dropped, 1);
				atomic_store(&w->inflight, 0);
				break;
			}
		}
		x = rng_double(&w->rng);
		picked = phase_pick(r, sched, x, &kind); /* a phase with a mix of its own */
		for (unsigned q = 0; q < c->nqueries && kind == WL_SELECT && !picked; q++) {
			cum += c->queries[q].weight;
			if (x < cum)
				kind = WL_NOPS + q;
		}
		if (kind == WL_SELECT && !picked) {
			double y = (x - cum) / (1 - cum > 1e-12 ? 1 - cum : 1), m = 0;

			for (unsigned op = 0; op < WL_NOPS; op++) {
				m += c->mix[op];
				kind = op;
				if (y < m)
					break;
			}
		}
		rc = retry_run(w, kind, sched, &de);
		end = sched_mono_ns();
		record(w, kind, rc, sched, start, end, &de);
		atomic_store(&w->inflight, 0);
		if (rc < 0 && session_lost(w, &de))
			reconnect(w);
		think_pause(w, kind);
	}
	{
		long long now = sched_mono_ns(), seen = atomic_load(&r->last_exit);

		while (now > seen && !atomic_compare_exchange_weak(&r->last_exit, &seen, now))
			;
	}
	w->done = 1;
	atomic_fetch_add(&r->ndone, 1);
	return NULL;
}

int worker_init(worker *w, wl_run *r, int id, err *e)
{
	wl_schema *s = &r->s;
	wl_cfg *c = r->c;
	uint64_t seed = wl_dist_seed(c) * 1000003ULL + (uint64_t)id;

	w->id = id;
	w->r = r;
	pthread_mutex_init(&w->mu, NULL);
	rng_seed(&w->rng, gen_stream_seed(seed, "worker", NULL));
	w->k = calloc(r->nkinds, sizeof(*w->k));
	w->st = calloc(s->n * WL_S_NSQL + c->nqueries + 1, sizeof(*w->st));
	w->ins = calloc(s->n, sizeof(*w->ins));
	w->upd = calloc(s->n, sizeof(*w->upd));
	w->qg = calloc(c->nqueries + 1, sizeof(*w->qg));
	w->qfk = calloc(c->nqueries + 1, sizeof(*w->qfk));
	if (!w->k || !w->st || !w->ins || !w->upd || !w->qg || !w->qfk)
		return err_set(e, EXIT_RUNTIME, "out of memory");
	for (unsigned i = 0; i < s->n; i++) {
		wl_table *t = &s->t[i];

		w->ins[i] = calloc(t->nins + 1, sizeof(gen *));
		for (unsigned k = 0; k < t->nins; k++) {
			const dba_column *col = &t->d->columns[t->ins[k].idx];
			gen_ctx ctx;

			if (!t->ins[k].spec)
				continue;
			memset(&ctx, 0, sizeof(ctx));
			ctx.now_us = r->now_us;
			ctx.family = col->family;
			ctx.max_length = col->max_length;
			ctx.unique_tag = (uint64_t)r->now_us ^ seed;
			ctx.row_offset = 1000000000ULL;
			w->ins[i][k] = gen_new(t->ins[k].spec, gen_stream_seed(seed, t->d->name, col->name), &ctx);
		}
		if (t->upd_spec) {
			gen_ctx ctx;

			memset(&ctx, 0, sizeof(ctx));
			ctx.now_us = r->now_us;
			ctx.family = t->d->columns[t->upd_col].family;
			ctx.max_length = t->d->columns[t->upd_col].max_length;
			w->upd[i] = gen_new(t->upd_spec, gen_stream_seed(seed ^ 0x5555, t->d->name, "update"), &ctx);
		}
	}
	for (unsigned qi = 0; qi < c->nqueries; qi++) {
		wl_query *q = &c->queries[qi];

		w->qg[qi] = calloc(q->nparams + 1, sizeof(gen *));
		w->qfk[qi] = calloc(q->nparams + 1, sizeof(fkbuf));
		for (unsigned k = 0; k < q->nparams; k++) {
			const gen_spec *sp = q->params[k].spec;
			gen_ctx ctx;

			if (!sp)
				continue; /* bound from an earlier statement of a transaction */
			memset(&ctx, 0, sizeof(ctx));
			ctx.now_us = r->now_us;
			if (gen_spec_fk_table(sp)) {
				w->qfk[qi][k].p = schema_fk_pool(s, gen_spec_fk_table(sp), gen_spec_fk_column(sp));
				ctx.fk.ud = &w->qfk[qi][k];
				ctx.fk.pick = ops_fk_pick;
			}
			w->qg[qi][k] = gen_new(sp, gen_stream_seed(seed, q->name, q->params[k].name), &ctx);
		}
	}
	if (txn_worker_init(w, seed, e) || wx_init(w, e))
		return -1;
	return 0;
}

typedef struct opener {
	pthread_t th;
	worker *w;
	err e;
	int rc, started;
} opener;

static void *open_one(void *arg)
{
	opener *o = arg;

	o->rc = target_connect(o->w->r->t, &o->w->c, &o->e);
	return NULL;
}

/* Opens every worker's session at once: n logins (SCRAM, TLS) cost one login's time, not n. */
int worker_connect_all(worker *w, int n, err *e)
{
	opener *o = calloc((size_t)n, sizeof(*o));
	int rc = 0;

	if (!o)
		return err_set(e, EXIT_RUNTIME, "out of memory");
	/* The calling thread opens the first itself: fewer threads while opening than while running. */
	for (int i = 1; i < n; i++) {
		o[i].w = &w[i];
		o[i].started = pthread_create(&o[i].th, NULL, open_one, &o[i]) == 0;
		if (!o[i].started)
			open_one(&o[i]);
	}
	if (n > 0) {
		o[0].w = &w[0];
		open_one(&o[0]);
	}
	for (int i = 0; i < n; i++) {
		if (o[i].started)
			pthread_join(o[i].th, NULL);
		if (o[i].rc && !rc) {
			*e = o[i].e;
			rc = -1;
		}
	}
	free(o);
	return rc;
}

void worker_free(worker *w)
{
	wl_run *r = w->r;

	if (!r)
		return;
	if (w->c) {
		ops_drop_statements(w);
		r->t->ops->disconnect(w->c);
	}
	for (unsigned i = 0; i < r->s.n && w->ins; i++) {
		for (unsigned k = 0; w->ins[i] && k < r->s.t[i].nins; k++)
			gen_free(w->ins[i][k]);
		free(w->ins[i]);
		if (w->upd)
			gen_free(w->upd[i]);
	}
	for (unsigned q = 0; q < r->c->nqueries && w->qg; q++) {
		for (unsigned k = 0; w->qg[q] && k < r->c->queries[q].nparams; k++)
			gen_free(w->qg[q][k]);
		free(w->qg[q]);
		free(w->qfk[q]);
	}
	free(w->qg);
	free(w->qfk);
	free(w->ins);
	free(w->upd);
	free(w->st);
	free(w->k);
	txn_worker_free(w);
	wx_free(w);
	pthread_mutex_destroy(&w->mu);
}
