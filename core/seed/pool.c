/*
 * --jobs N: N connections take tables whose parents are committed, each
 * table its own transaction.  A large table (SEED_RANGE_MIN rows per range
 * at least) is split into up to N disjoint row ranges loaded at once, each
 * range its own transaction: row k's values depend on k alone, so the rows
 * are those of a --jobs 1 run.  Not split: tables whose unique keys dbarena
 * checks row by row (a value is redrawn when an earlier row holds it) and
 * self-referencing tables (a row may point at an earlier one), and tables
 * whose indexes --defer-indexes rebuilds (in the table's one transaction).
 */
#include <pthread.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../sig.h"
#include "pool.h"

struct pool {
	seed_cfg *cfg;
	target *tg;
	const seed_opts *o;
	int64_t now_us;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int failed;
	err first;
};

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

#define SEED_DEADLOCK_TRIES 5

int seed_retry_deadlock(const err *e, int attempt)
{
	return e->db.err_class == DBA_ERR_DEADLOCK && attempt < SEED_DEADLOCK_TRIES && !sig_stop;
}

static int parts_of(const seed_table *t, const seed_opts *o)
{
	int64_t n = t->count / SEED_RANGE_MIN;

	if (t->self_ref || t->nukeys || o->jobs <= 1 || n < 2 || o->defer_indexes)
		return 1;
	return n < o->jobs ? (int)n : o->jobs;
}

static void fail_locked(struct pool *p, const err *e)
{
	if (!p->failed++)
		p->first = *e;
}

/* One range of a split table (a private copy of its columns: generators keep buffers). */
static int load_part(struct pool *p, seed_table *t, int part, dba_conn *c, err *e)
{
	seed_table pt = *t;
	uint64_t n = (uint64_t)t->count, first = n * (uint64_t)part / (uint64_t)t->nparts;
	seed_range r = { first, n * (uint64_t)(part + 1) / (uint64_t)t->nparts };
	int rc;

	pt.cols = calloc(t->ncols ? t->ncols : 1, sizeof(*pt.cols));
	if (!pt.cols)
		return err_set(e, EXIT_RUNTIME, "out of memory");
	memcpy(pt.cols, t->cols, t->ncols * sizeof(*pt.cols));
	for (size_t k = 0; k < t->ncols; k++) {
		pt.cols[k].g = NULL;
		if (t->cols[k].fk.lead) /* a multi-column FK follows its lead: the copy's lead */
			pt.cols[k].fk.lead = &pt.cols[(size_t)((seed_col *)((char *)t->cols[k].fk.lead -
									      offsetof(seed_col, fk)) - t->cols)].fk;
	}
	for (int attempt = 1;; attempt++) {
		rc = seed_tx(p->tg, c, DBA_TX_BEGIN, e);
		if (!rc)
			rc = seed_load_table(p->cfg, &pt, p->tg, c, p->o, p->now_us, &r, e);
		if (!rc)
			rc = seed_tx(p->tg, c, DBA_TX_COMMIT, e);
		else {
			err ignore;

			seed_tx(p->tg, c, DBA_TX_ROLLBACK, &ignore);
		}
		for (size_t k = 0; k < t->ncols; k++) {
			gen_free(pt.cols[k].g);
			pt.cols[k].g = NULL;
		}
		if (!rc || !seed_retry_deadlock(e, attempt))
			break;
		pt.done = 0;
	}
	free(pt.cols);
	pthread_mutex_lock(&p->mu);
	if (!rc)
		t->done += pt.done; /* committed rows */
	if (rc)
		t->parts_failed++;
	else
		t->parts_ok++;
	pthread_mutex_unlock(&p->mu);
	return rc;
}

/* Runs a picked table (part -1: whole, or the start of a split one) or one of its ranges. */
static int run_pick(struct pool *p, seed_table *t, int part, dba_conn *c, err *e)
{
	int rc;

	if (part < 0 && t->nparts <= 1) {
		rc = seed_tx(p->tg, c, DBA_TX_BEGIN, e);
		if (!rc)
			rc = seed_load_table(p->cfg, t, p->tg, c, p->o, p->now_us, NULL, e);
		if (!rc)
			return seed_tx(p->tg, c, DBA_TX_COMMIT, e);
		err ignore;

		seed_tx(p->tg, c, DBA_TX_ROLLBACK, &ignore);
		return rc;
	}
	if (part < 0) { /* read the FK sources once, then open the ranges to every worker */
		t->t0 = now_s();
		rc = seed_table_sources(t, p->tg, c, e);
		pthread_mutex_lock(&p->mu);
		if (rc)
			t->next_part = t->nparts;
		else
			t->sources_ready = 1;
		part = rc ? -1 : t->next_part++;
		pthread_cond_broadcast(&p->cv);
		pthread_mutex_unlock(&p->mu);
		if (rc)
			return rc;
	}
	return load_part(p, t, part, c, e);
}

/* Picks work under the lock: a free range of a running split table first, else a ready table. */
static seed_table *pick_locked(struct pool *p, int *part, int *pending)
{
	seed_table *ready = NULL;

	*pending = 0;
	for (size_t i = 0; i < p->cfg->ntables && !p->failed && !sig_stop; i++) {
		seed_table *t = p->cfg->order[i];
		int ok = t->state == 0;

		if (t->state == 1 && t->nparts > 1 && t->next_part < t->nparts) {
			if (t->sources_ready) {
				*part = t->next_part++;
				return t;
			}
			(*pending)++;
		}
		if (t->state == 0)
			(*pending)++;
		for (size_t d = 0; ok && d < t->ndeps; d++)
			ok = t->deps[d]->state == 2;
		if (ok && !ready)
			ready = t;
	}
	if (ready) {
		ready->state = 1;
		*part = -1;
	}
	return ready;
}

/* After a pick: the table's state once its last range (or itself) is done. */
static void finish_locked(struct pool *p, seed_table *t, dba_conn *c, int rc, const err *e)
{
	if (t->nparts <= 1) {
		t->state = rc ? 3 : 2;
		t->committed = !rc;
		if (rc)
			fail_locked(p, e);
		return;
	}
	if (rc)
		fail_locked(p, e);
	if (t->parts_ok + t->parts_failed < t->nparts && !(rc && !t->sources_ready))
		return;
	t->secs = now_s() - t->t0;
	if (!t->parts_failed && t->sources_ready) {
		err se;

		memset(&se, 0, sizeof(se));
		pthread_mutex_unlock(&p->mu); /* identity columns move past the rows of every range */
		rc = seed_sync_identities(t, p->tg, c, &se);
		pthread_mutex_lock(&p->mu);
		if (rc)
			fail_locked(p, &se);
		t->state = rc ? 3 : 2;
		t->committed = !rc;
	} else {
		t->state = 3;
	}
}

static void *worker(void *arg)
{
	struct pool *p = arg;
	dba_conn *c = NULL;
	err e;

	memset(&e, 0, sizeof(e));
	if (target_connect(p->tg, &c, &e)) {
		pthread_mutex_lock(&p->mu);
		fail_locked(p, &e);
		pthread_cond_broadcast(&p->cv);
		pthread_mutex_unlock(&p->mu);
		return NULL;
	}
	pthread_mutex_lock(&p->mu);
	for (;;) {
		int part = -1, pending = 0, rc;
		seed_table *pick = pick_locked(p, &part, &pending);

		if (!pick) {
			if (!pending || p->failed || sig_stop)
				break;
			pthread_cond_wait(&p->cv, &p->mu);
			continue;
		}
		pthread_mutex_unlock(&p->mu);
		memset(&e, 0, sizeof(e));
		rc = run_pick(p, pick, part, c, &e);
		pthread_mutex_lock(&p->mu);
		finish_locked(p, pick, c, rc, &e);
		pthread_cond_broadcast(&p->cv);
	}
	pthread_cond_broadcast(&p->cv);
	pthread_mutex_unlock(&p->mu);
	p->tg->ops->disconnect(c);
	return NULL;
}

int seed_pool_run(seed_cfg *cfg, target *tg, const seed_opts *o, int64_t now_us, err *e)
{
	struct pool p;
	pthread_t th[64];
	int n = o->jobs > 64 ? 64 : o->jobs;

	memset(&p, 0, sizeof(p));
	p.cfg = cfg;
	p.tg = tg;
	p.o = o;
	p.now_us = now_us;
	for (size_t i = 0; i < cfg->ntables; i++) {
		seed_table *t = &cfg->tables[i];

		t->nparts = parts_of(t, o);
		t->next_part = t->parts_ok = t->parts_failed = t->sources_ready = 0;
		if (t->nparts > 1)
			seed_note(cfg, "%s loaded as %d row ranges over %d connections at once, each range its own transaction",
				  t->display, t->nparts, t->nparts);
	}
	pthread_mutex_init(&p.mu, NULL);
	pthread_cond_init(&p.cv, NULL);
	for (int i = 0; i < n; i++)
		pthread_create(&th[i], NULL, worker, &p);
	for (int i = 0; i < n; i++)
		pthread_join(th[i], NULL);
	pthread_mutex_destroy(&p.mu);
	pthread_cond_destroy(&p.cv);
	for (size_t i = 0; i < cfg->ntables; i++) {
		seed_table *t = &cfg->tables[i];

		if (t->nparts > 1 && t->parts_ok && t->parts_ok < t->nparts)
			seed_note(cfg, "%s: %d of %d row ranges committed (%llu rows); the others were rolled back", t->display,
				  t->parts_ok, t->nparts, (unsigned long long)t->done);
	}
	if (p.failed)
		*e = p.first;
	return p.failed ? -1 : 0;
}
