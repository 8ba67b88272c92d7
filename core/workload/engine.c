/*
 * The workload engine: one thread and one persistent session per connection,
 * an open-loop schedule shared through a counter, per-worker histograms
 * merged by the reporting thread (the caller's; what it prints is report.c).
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "../sig.h"
#include "../ui.h"
#include "engine.h"

int64_t engine_mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int64_t real_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static void sleep_until(int64_t ns)
{
	struct timespec ts = { (time_t)(ns / 1000000000LL), (long)(ns % 1000000000LL) };

	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
		if (sig_stop)
			return;
}

const char *engine_kind_name(const wl_run *r, unsigned k)
{
	static const char *const ops[] = { "select", "insert", "update", "delete" };

	return k < WL_NOPS ? ops[k] : r->c->queries[k - WL_NOPS].name;
}

/* ---- the schedule ---- */

/* The next slot's scheduled start; 0 when the run is over. */
static int64_t take_slot(wl_run *r)
{
	int64_t at;
	uint64_t i;

	if (sig_stop || atomic_load(&r->stop))
		return 0;
	if (!r->c->poisson || r->c->tps <= 0) {
		/* Uniform and closed loop: slot i needs nothing but i. */
		i = atomic_fetch_add(&r->next_slot, 1);
		if (r->c->transactions && i >= r->c->transactions)
			return 0;
		if (r->c->tps <= 0) {
			at = engine_mono_ns();
			if (at < r->t0)
				at = r->t0;
		} else {
			at = r->t0 + (int64_t)((double)i * 1e9 / r->c->tps);
		}
		return r->end && at >= r->end ? 0 : at;
	}
	/* Poisson: cumulative exponential gaps, one after the other. */
	pthread_mutex_lock(&r->sched_mu);
	i = atomic_load(&r->next_slot);
	if (r->c->transactions && i >= r->c->transactions) {
		pthread_mutex_unlock(&r->sched_mu);
		return 0;
	}
	at = r->t0 + (int64_t)(r->next_off * 1e9);
	if (r->end && at >= r->end) {
		pthread_mutex_unlock(&r->sched_mu);
		return 0;
	}
	r->next_off += -log(1.0 - rng_double(&r->arrival)) / r->c->tps;
	atomic_store(&r->next_slot, i + 1);
	pthread_mutex_unlock(&r->sched_mu);
	return at;
}

/*
 * After a --duration run: the slots scheduled inside the measured window that
 * never started (every connection was busy, or reconnecting to a server that
 * did not answer).  Slots not yet taken are counted by continuing the
 * schedule exactly as take_slot() would have.
 */
static uint64_t count_not_started(wl_run *r)
{
	uint64_t n = atomic_load(&r->dropped);

	if (!r->end || r->c->tps <= 0)
		return 0;
	if (!r->c->poisson) {
		double per = 1e9 / r->c->tps;
		uint64_t i = atomic_load(&r->next_slot), hi;

		/* the first slot at or past the end, computed as take_slot does */
		hi = (uint64_t)((double)(r->end - r->t0) / per);
		while (hi > 0 && r->t0 + (int64_t)((double)(hi - 1) * per) >= r->end)
			hi--;
		while (r->t0 + (int64_t)((double)hi * per) < r->end)
			hi++;
		for (; i < hi && r->t0 + (int64_t)((double)i * per) < r->warm_end; i++)
			;
		return n + (hi > i ? hi - i : 0);
	}
	for (int64_t at = r->t0 + (int64_t)(r->next_off * 1e9); at < r->end;
	     at = r->t0 + (int64_t)(r->next_off * 1e9)) {
		if (at >= r->warm_end)
			n++;
		r->next_off += -log(1.0 - rng_double(&r->arrival)) / r->c->tps;
	}
	return n;
}

/* ---- statements ---- */

typedef struct rows {
	uint64_t n;
	char first[WL_KEYMAX];
	int have_first;
	int join;      /* first = the first row's columns as one composite key */
} rows;

static int count_row(void *ud, int32_t hdr, uint32_t n, const char *const *names, const char *const *v,
		     const uint32_t *len)
{
	rows *rs = ud;

	(void)names; (void)len;
	if (hdr)
		return 0;
	if (!rs->n && n > 0 && v[0]) {
		if (rs->join) {
			rs->have_first = pool_key_join(rs->first, sizeof(rs->first), n, v) == 0;
		} else {
			snprintf(rs->first, sizeof(rs->first), "%s", v[0]);
			rs->have_first = 1;
		}
	}
	rs->n++;
	return 0;
}

static int run_stmt(worker *w, unsigned slot, const char *sql, const dba_value *p, uint32_t np, rows *rs,
		    dba_error *de)
{
	const dba_driver_ops *ops = w->r->t->ops;

	if (!ops->prepare) {
		DBA_ERR_SET(de, DBA_ERR_UNSUPPORTED, "the driver has no prepared statements");
		return -1;
	}
	if (!w->st[slot] && ops->prepare(w->c, sql, np, NULL, &w->st[slot], de))
		return -1;
	return ops->execute(w->c, w->st[slot], p, np, count_row, rs, NULL, de);
}

static void drop_statements(worker *w)
{
	unsigned n = w->r->s.n * WL_S_NSQL + w->r->c->nqueries;

	for (unsigned i = 0; i < n; i++)
		if (w->st[i]) {
			w->r->t->ops->stmt_free(w->c, w->st[i]);
			w->st[i] = NULL;
		}
}

/* ---- operations; return 0 done, 1 skipped, -1 failed (de filled) ---- */

static int pick_table(worker *w, int sql, int need_keys, int leaf_mine)
{
	wl_schema *s = &w->r->s;
	int cand[256], n = 0;

	for (unsigned i = 0; i < s->n && n < 256; i++) {
		wl_table *t = &s->t[i];

		if (!t->selected || !t->sql[sql])
			continue;
		if (need_keys && !t->keys.n)
			continue;
		if (leaf_mine && !t->mine.n)
			continue;
		cand[n++] = (int)i;
	}
	return n ? cand[rng_below(&w->rng, (uint64_t)n)] : -1;
}

/* The key in buf as statement values (a composite key is split in place); 0 when it is not a key of t. */
static uint32_t key_bind(wl_table *t, char *buf, dba_value *v)
{
	if (t->nkey == 1) {
		pool_value(&t->keys, buf, v);
		return 1;
	}
	return pool_key_values(t, buf, v);
}

static int op_select(worker *w, dba_error *de)
{
	wl_schema *s = &w->r->s;
	char key[WL_KEYMAX];
	dba_value v[WL_MAXKEY];
	uint32_t nv;
	rows rs = { 0 };
	int ti = -1;

	if (s->shape != WL_SHAPE_POINT && rng_below(&w->rng, 2))
		ti = pick_table(w, WL_S_SHAPE, 0, 0);
	if (ti >= 0) {
		wl_table *t = &s->t[ti];

		if (s->shape == WL_SHAPE_AGG)
			return run_stmt(w, (unsigned)ti * WL_S_NSQL + WL_S_SHAPE, t->sql[WL_S_SHAPE], NULL, 0, &rs, de);
		if (s->shape == WL_SHAPE_WINDOW) {
			memset(&v[0], 0, sizeof(v[0]));
			v[0].type = DBA_T_TIMESTAMP;
			v[0].u.i64 = real_us() - 3600LL * 1000000;
			return run_stmt(w, (unsigned)ti * WL_S_NSQL + WL_S_SHAPE, t->sql[WL_S_SHAPE], v, 1, &rs, de);
		}
		if (pool_pick(&s->t[t->shape_parent].keys, &w->rng, key, sizeof(key), 0) == 0) {
			pool_value(&s->t[t->shape_parent].keys, key, &v[0]);
			return run_stmt(w, (unsigned)ti * WL_S_NSQL + WL_S_SHAPE, t->sql[WL_S_SHAPE], v, 1, &rs, de);
		}
	}
	if ((ti = pick_table(w, WL_S_SELECT, 1, 0)) < 0)
		return 1;
	if (pool_pick(&s->t[ti].keys, &w->rng, key, sizeof(key), 0) || !(nv = key_bind(&s->t[ti], key, v)))
		return 1;
	return run_stmt(w, (unsigned)ti * WL_S_NSQL + WL_S_SELECT, s->t[ti].sql[WL_S_SELECT], v, nv, &rs, de);
}

/* A timestamp key part: the clock, rounded to the type's step, never the same value twice in a run. */
static int64_t clock_next(wl_col *c)
{
	int64_t now = real_us() / c->step * c->step, prev = atomic_load(&c->next), v;

	do
		v = now > prev ? now : prev + c->step;
	while (!atomic_compare_exchange_weak(&c->next, &prev, v));
	return v;
}

/*
 * A column of a multi-column FK onto a composite key: the group's first
 * column picks one parent key (split in place in its buffer), and every
 * column of the group takes its part of it.  1 when there is no parent row.
 */
static int fk_group_value(worker *w, const wl_table *t, unsigned k, char (*fk)[256], dba_value *v)
{
	const wl_col *c = &t->ins[k];
	wl_table *pt = &w->r->s.t[c->fk_table];
	dba_value parts[WL_MAXKEY];
	const char *p;

	if (c->fk_lead == (int)k &&
	    (pool_pick(&pt->keys, &w->rng, fk[k], sizeof(fk[k]), 0) || !pool_key_values(pt, fk[k], parts)))
		return 1;
	p = fk[c->fk_lead];
	for (int j = 0; j < c->fk_part; j++)
		p += strlen(p) + 1;
	pool_text_value(pt->kint[c->fk_part], p, v);
	return 0;
}

static int op_insert(worker *w, dba_error *de)
{
	wl_schema *s = &w->r->s;
	int ti = pick_table(w, WL_S_INSERT, 0, 0);
	wl_table *t;
	dba_value v[128];
	char fk[128][256], key[WL_KEYMAX] = "";
	rows rs = { 0 };
	uint64_t row;
	err e;

	if (ti < 0)
		return 1;
	t = &s->t[ti];
	if (t->nins > 128)
		return 1;
	for (unsigned attempt = 0;; attempt++) {
		row = atomic_fetch_add(&t->rows, 1);
		for (unsigned k = 0; k < t->nins; k++) {
			wl_col *c = &t->ins[k];

			memset(&v[k], 0, sizeof(v[k]));
			if (c->counter_key == 1) {
				v[k].type = DBA_T_INT64;
				v[k].u.i64 = atomic_fetch_add(&c->next, 1);
				if (c->idx == t->pk)
					snprintf(key, sizeof(key), "%lld", (long long)v[k].u.i64);
			} else if (c->counter_key) {
				v[k].type = DBA_T_TIMESTAMP;
				v[k].u.i64 = clock_next(c);
			} else if (c->fk_table >= 0 && c->fk_part < 0) {
				pool *p = &s->t[c->fk_table].keys;

				if (pool_pick(p, &w->rng, fk[k], sizeof(fk[k]), 0))
					return 1; /* no parent row to reference */
				pool_value(p, fk[k], &v[k]);
			} else if (c->fk_table >= 0) {
				if (fk_group_value(w, t, k, fk, &v[k]))
					return 1;
			} else if (c->sample && pool_pick(c->sample, &w->rng, fk[k], sizeof(fk[k]), 0) == 0) {
				pool_value(c->sample, fk[k], &v[k]);
			} else if (gen_next(w->ins[ti][k], row, &v[k], &e)) {
				DBA_ERR_SET(de, DBA_ERR_USAGE, "%.500s", e.msg);
				return -1;
			} else if (c->idx == t->pk) {
				if (v[k].type == DBA_T_INT64)
					snprintf(key, sizeof(key), "%lld", (long long)v[k].u.i64);
				else if (v[k].type == DBA_T_TEXT || v[k].type == DBA_T_UUID)
					snprintf(key, sizeof(key), "%.*s", (int)v[k].len, v[k].u.str);
			}
		}
		/*
		 * A composite key drawn from parents (a junction row) may exist
		 * already: draw again a few times.  What still collides fails as
		 * the constraint error it is.
		 */
		if (!t->known || attempt == 7 || pool_key_compose(t, v, key, sizeof(key)) || !kset_has(t->known, key))
			break;
	}
	rs.join = t->nkey > 1;
	if (run_stmt(w, (unsigned)ti * WL_S_NSQL + WL_S_INSERT, t->sql[WL_S_INSERT], v, t->nins, &rs, de))
		return -1;
	if (rs.have_first)
		snprintf(key, sizeof(key), "%s", rs.first);
	else if (t->nkey > 1 && pool_key_compose(t, v, key, sizeof(key)))
		key[0] = 0;
	if (*key) {
		pool_add(&t->keys, key);
		pool_add(&t->mine, key);
		if (t->known)
			kset_add(t->known, key);
	}
	return 0;
}

static int op_update(worker *w, dba_error *de)
{
	wl_schema *s = &w->r->s;
	int ti = pick_table(w, WL_S_UPDATE, 1, 0);
	dba_value v[1 + WL_MAXKEY];
	char key[WL_KEYMAX], val[256];
	uint32_t nv;
	rows rs = { 0 };
	err e;

	if (ti < 0 || pool_pick(&s->t[ti].keys, &w->rng, key, sizeof(key), 0))
		return 1;
	if (s->t[ti].upd_sample) {
		if (pool_pick(s->t[ti].upd_sample, &w->rng, val, sizeof(val), 0))
			return 1;
		pool_value(s->t[ti].upd_sample, val, &v[0]);
	} else if (gen_next(w->upd[ti], atomic_fetch_add(&s->t[ti].rows, 1), &v[0], &e)) {
		DBA_ERR_SET(de, DBA_ERR_USAGE, "%.500s", e.msg);
		return -1;
	}
	if (!(nv = key_bind(&s->t[ti], key, &v[1])))
		return 1;
	return run_stmt(w, (unsigned)ti * WL_S_NSQL + WL_S_UPDATE, s->t[ti].sql[WL_S_UPDATE], v, 1 + nv, &rs, de);
}

static int op_delete(worker *w, dba_error *de)
{
	wl_schema *s = &w->r->s;
	int ti = pick_table(w, WL_S_DELETE, 0, 1);
	char key[WL_KEYMAX];
	dba_value v[WL_MAXKEY];
	uint32_t nv;
	rows rs = { 0 };

	if (ti >= 0 && pool_pick(&s->t[ti].mine, &w->rng, key, sizeof(key), 1) == 0) {
		schema_forget_key(&s->t[ti], key);
	} else {
		ti = pick_table(w, WL_S_DELETE, 1, 0);
		if (ti < 0 || pool_pick(&s->t[ti].keys, &w->rng, key, sizeof(key), 1))
			return 1;
		if (s->t[ti].known)
			kset_del(s->t[ti].known, key);
	}
	if (!(nv = key_bind(&s->t[ti], key, v)))
		return 1;
	return run_stmt(w, (unsigned)ti * WL_S_NSQL + WL_S_DELETE, s->t[ti].sql[WL_S_DELETE], v, nv, &rs, de);
}

static int op_custom(worker *w, unsigned qi, dba_error *de)
{
	wl_query *q = &w->r->c->queries[qi];
	dba_value pv[64], v[256];
	rows rs = { 0 };
	uint64_t row = w->rng.s[0]; /* any index: values depend only on it */
	err e;

	if (q->nparams > 64 || q->nocc > 256)
		return 1;
	row = rng_below(&w->rng, 1ULL << 40);
	for (unsigned k = 0; k < q->nparams; k++)
		if (gen_next(w->qg[qi][k], row, &pv[k], &e)) {
			if (gen_spec_fk_table(q->params[k].spec))
				return 1; /* nothing to reference */
			DBA_ERR_SET(de, DBA_ERR_USAGE, "%.500s", e.msg);
			return -1;
		}
	for (unsigned o = 0; o < q->nocc; o++)
		v[o] = pv[q->occ[o]];
	return run_stmt(w, w->r->s.n * WL_S_NSQL + qi, w->r->s.qsql[qi], v, q->nocc, &rs, de);
}

static int fk_pick(void *ud, rng *r, int zipf, dba_value *out, err *e)
{
	fkbuf *f = ud;

	(void)zipf;
	if (pool_pick(f->p, r, f->buf, sizeof(f->buf), 0))
		return err_set(e, EXIT_RUNTIME, "no key to reference");
	pool_value(f->p, f->buf, out);
	return 0;
}

/* ---- workers ---- */

static void record(worker *w, unsigned kind, int rc, int64_t sched, int64_t start, int64_t end,
		   const dba_error *de)
{
	kstats *k = &w->k[kind];

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
	pthread_mutex_unlock(&w->mu);
}

static void reconnect(worker *w)
{
	int64_t backoff = 100000000LL;
	err e;

	drop_statements(w);
	w->r->t->ops->disconnect(w->c);
	w->c = NULL;
	while (!sig_stop && !atomic_load(&w->r->stop)) {
		/* A server that accepts connections and then says nothing must not hold the run past its end. */
		int32_t secs = 0; /* the driver's connect timeout (a URL's connect_timeout wins) */

		if (w->r->end) {
			int64_t left = w->r->end - engine_mono_ns();

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
		sleep_until(engine_mono_ns() + backoff);
		backoff = backoff * 2 > 5000000000LL ? 5000000000LL : backoff * 2;
		if (w->r->end && engine_mono_ns() > w->r->end)
			return;
	}
}

static void *worker_main(void *arg)
{
	worker *w = arg;
	wl_run *r = w->r;
	wl_cfg *c = r->c;

	for (;;) {
		int64_t sched = take_slot(r), start, end;
		double x, cum = 0;
		unsigned kind = WL_SELECT;
		dba_error de;
		int rc;

		if (!sched)
			break;
		if (engine_mono_ns() < sched)
			sleep_until(sched);
		if (sig_stop)
			break;
		start = engine_mono_ns();
		if (start - sched > BEHIND_NS && c->tps > 0)
			atomic_fetch_add(&r->behind, 1);
		if (!w->c) {
			reconnect(w);
			if (!w->c) {
				if (!sig_stop && sched >= r->warm_end)
					atomic_fetch_add(&r->dropped, 1);
				break;
			}
		}
		x = rng_double(&w->rng);
		for (unsigned q = 0; q < c->nqueries && kind == WL_SELECT; q++) {
			cum += c->queries[q].weight;
			if (x < cum)
				kind = WL_NOPS + q;
		}
		if (kind == WL_SELECT) {
			double y = (x - cum) / (1 - cum > 1e-12 ? 1 - cum : 1), m = 0;

			for (unsigned op = 0; op < WL_NOPS; op++) {
				m += c->mix[op];
				kind = op;
				if (y < m)
					break;
			}
		}
		memset(&de, 0, sizeof(de));
		switch (kind) {
		case WL_SELECT: rc = op_select(w, &de); break;
		case WL_INSERT: rc = op_insert(w, &de); break;
		case WL_UPDATE: rc = op_update(w, &de); break;
		case WL_DELETE: rc = op_delete(w, &de); break;
		default: rc = op_custom(w, kind - WL_NOPS, &de); break;
		}
		end = engine_mono_ns();
		record(w, kind, rc, sched, start, end, &de);
		/* After a timeout the server may still be busy with the statement, or gone: start afresh. */
		if (rc < 0 && (de.err_class == DBA_ERR_CONNECTION || de.err_class == DBA_ERR_TIMEOUT))
			reconnect(w);
	}
	w->done = 1;
	atomic_fetch_add(&r->ndone, 1);
	return NULL;
}

static int worker_init(worker *w, wl_run *r, int id, err *e)
{
	wl_schema *s = &r->s;
	wl_cfg *c = r->c;
	uint64_t seed = c->seed * 1000003ULL + (uint64_t)id;

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

			memset(&ctx, 0, sizeof(ctx));
			ctx.now_us = r->now_us;
			if (gen_spec_fk_table(sp)) {
				w->qfk[qi][k].p = schema_fk_pool(s, gen_spec_fk_table(sp), gen_spec_fk_column(sp));
				ctx.fk.ud = &w->qfk[qi][k];
				ctx.fk.pick = fk_pick;
			}
			w->qg[qi][k] = gen_new(sp, gen_stream_seed(seed, q->name, q->params[k].name), &ctx);
		}
	}
	return target_connect(r->t, &w->c, e);
}

static void worker_free(worker *w)
{
	wl_run *r = w->r;

	if (!r)
		return;
	if (w->c) {
		drop_statements(w);
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
	pthread_mutex_destroy(&w->mu);
}

/* ---- the run ---- */

int workload_run(wl_cfg *c, target *t, err *e)
{
	wl_run r;
	totals tot;
	dba_conn *meta = NULL;
	int rc = -1, started = 0, tty = ui_tty() && !c->quiet, drawn = 0, all_joined = 1;
	kstats win;
	int64_t last_line, last_tick;
	double secs;

	memset(&r, 0, sizeof(r));
	memset(&tot, 0, sizeof(tot));
	r.c = c;
	r.t = t;
	r.nkinds = WL_NOPS + c->nqueries;
	r.now_us = real_us();
	pthread_mutex_init(&r.sched_mu, NULL);
	rng_seed(&r.arrival, gen_stream_seed(c->seed, "arrival", NULL));
	if (target_connect(t, &meta, e))
		goto out_nometa;
	if (schema_load(&r.s, c, t, meta, e))
		goto out;
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
	r.t0 = engine_mono_ns() + 10000000LL;
	r.warm_end = r.t0 + (int64_t)(c->warmup * 1e9);
	r.end = c->transactions ? 0 : r.warm_end + (int64_t)(c->duration * 1e9);
	for (int i = 0; i < c->connections; i++) {
		if (pthread_create(&r.w[i].th, NULL, worker_main, &r.w[i])) {
			atomic_store(&r.stop, 1);
			err_set(e, EXIT_RUNTIME, "cannot start worker threads");
			break;
		}
		started++;
	}
	memset(&win, 0, sizeof(win));
	last_line = last_tick = r.warm_end > engine_mono_ns() ? r.warm_end : engine_mono_ns();
	while (atomic_load(&r.ndone) < started && !sig_stop) {
		int64_t now;
		kstats tick;

		sleep_until(engine_mono_ns() + 100000000LL);
		now = engine_mono_ns();
		if (now - last_tick < 1000000000LL || now < r.warm_end)
			continue;
		report_collect(&r, &tot);
		report_sum_kinds(&r, tot.tick, &tick);
		if (tot.nseries == tot.capseries) {
			tot.capseries = tot.capseries ? tot.capseries * 2 : 64;
			tot.series = realloc(tot.series, tot.capseries * sizeof(*tot.series));
		}
		tot.series[tot.nseries++] = (point){ (double)(now - r.warm_end) / 1e9,
			(double)(tick.ok + tick.fail) / ((double)(now - last_tick) / 1e9),
			hist_percentile(&tick.sched, 50), hist_percentile(&tick.sched, 95),
			hist_percentile(&tick.sched, 99), tick.fail };
		last_tick = now;
		hist_merge(&win.sched, &tick.sched);
		hist_merge(&win.svc, &tick.svc);
		win.ok += tick.ok;
		win.fail += tick.fail;
		if (c->quiet)
			memset(&win, 0, sizeof(win));
		else if (tty || now - last_line >= (int64_t)(c->interval * 1e9)) {
			report_live(&r, &tot, &win, (double)(now - last_line) / 1e9, tty, &drawn);
			memset(&win, 0, sizeof(win));
			last_line = now;
		}
	}
	atomic_store(&r.stop, 1);
	{
		/* In-flight statements get at most 2 s after an interrupt. */
		struct timespec dl;

		clock_gettime(CLOCK_REALTIME, &dl);
		dl.tv_sec += sig_stop ? 2 : 3600;
		for (int i = 0; i < started; i++)
			if (pthread_timedjoin_np(r.w[i].th, NULL, &dl))
				all_joined = 0;
	}
	report_collect(&r, &tot);
	if (all_joined && !sig_stop)
		r.not_started = count_not_started(&r);
	secs = (double)(engine_mono_ns() - r.warm_end) / 1e9;
	if (r.end && (engine_mono_ns() > r.end || !sig_stop))
		secs = (double)(r.end - r.warm_end) / 1e9;
	if (secs < 0)
		secs = 0;
	if (started == c->connections) {
		kstats all;

		report_sum_kinds(&r, tot.k, &all);
		if (sig_stop)
			rc = EXIT_INTERRUPTED;
		else if (c->max_error_rate >= 0 && all.ok + all.fail &&
			 100.0 * (double)all.fail / (double)(all.ok + all.fail) > c->max_error_rate)
			rc = EXIT_RUNTIME;
		else
			rc = EXIT_OK;
		report_summary(&r, &tot, secs, stdout);
		fflush(stdout);
		if (c->json_path && report_write_json(&r, &tot, secs, rc, e))
			rc = -1;
		else if (rc == EXIT_RUNTIME)
			err_set(e, EXIT_RUNTIME, "error rate %.2f%% is over --max-error-rate %g%%",
				100.0 * (double)all.fail / (double)(all.ok + all.fail), c->max_error_rate);
		else if (rc == EXIT_INTERRUPTED)
			err_set(e, EXIT_INTERRUPTED, "interrupted");
	}
	if (!all_joined)
		return rc; /* a worker is still inside a statement: leave its memory alone */
out:
	for (int i = 0; r.w && i < c->connections; i++)
		worker_free(&r.w[i]);
	free(r.w);
	schema_free(&r.s, t);
	free(tot.k);
	free(tot.tick);
	free(tot.series);
out_nometa:
	if (meta)
		t->ops->disconnect(meta);
	pthread_mutex_destroy(&r.sched_mu);
	return rc;
}
