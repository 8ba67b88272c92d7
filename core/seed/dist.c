/*
 * seed --worker I/N (docs/distributed.md): N processes load together the
 * rows one `seed` would.  Row k of a table depends on the seed, the table,
 * the column and k alone (pool.c splits a table the same way for --jobs),
 * so worker I generates rows dist_share(I, count) of every table that can
 * be split, and whole the tables that cannot (splittable() says which):
 * those go to worker (position in the load order) mod N.
 *
 * Tables are grouped by FK level (a table's level is one more than its
 * deepest parent's); each worker loads its part of a level in one
 * transaction, commits, and with --barrier meets the others at the step
 * "level-L" before the next level, so children find every parent row.
 * Worker 0 alone empties the tables (--truncate) before the step "start",
 * and moves identity sequences past the split tables' rows after the last
 * step.  The generators' clock is --now, else the earliest arrival at
 * "start" (the same for every worker).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../dist/barrier.h"
#include "../sig.h"
#include "defer.h"
#include "pool.h"
#include "prepare.h"
#include "seed.h"

typedef struct dseed {
	seed_cfg *cfg;
	target *tg;
	dba_conn *c;
	const seed_opts *o;
	const dist_worker *w;
	int64_t now_us;
	int *level;  /* per position in cfg->order */
	int nlevels;
} dseed;

static int64_t wall_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* 1 when the server numbers t's rows (an identity or auto-increment column the config leaves out). */
static int server_numbered(const seed_table *t)
{
	for (uint32_t m = 0; t->meta && m < t->meta->ncolumns; m++) {
		size_t k;

		if (!t->meta->columns[m].is_identity)
			continue;
		for (k = 0; k < t->ncols && strcmp(t->cols[k].name, t->meta->columns[m].name); k++)
			;
		if (k == t->ncols)
			return 1;
	}
	return 0;
}

/*
 * Tables one worker loads whole: rows that depend on earlier rows (unique
 * keys checked row by row, self-references), --defer-indexes' DDL, and keys
 * the server numbers in insertion order (split, they would interleave).
 */
static int splittable(const seed_table *t, const seed_opts *o)
{
	return !t->self_ref && !t->nukeys && !o->defer_indexes && !server_numbered(t);
}

static size_t order_pos(const seed_cfg *cfg, const seed_table *t)
{
	for (size_t i = 0; i < cfg->ntables; i++)
		if (cfg->order[i] == t)
			return i;
	return 0;
}

/* Levels in load order (parents first); 1 when some table has a parent in the run. */
static int levels(dseed *d)
{
	int fks = 0;

	d->nlevels = 0;
	for (size_t i = 0; i < d->cfg->ntables; i++) {
		seed_table *t = d->cfg->order[i];
		int lv = 0;

		for (size_t k = 0; k < t->ndeps; k++) {
			size_t p = order_pos(d->cfg, t->deps[k]);

			if (t->deps[k] == t || p >= i)
				continue;
			fks = 1;
			if (d->level[p] + 1 > lv)
				lv = d->level[p] + 1;
		}
		d->level[i] = lv;
		if (lv + 1 > d->nlevels)
			d->nlevels = lv + 1;
	}
	return fks;
}

/* This worker's part of table t (at position i of the load order). */
static int load_share(dseed *d, seed_table *t, size_t i, err *e)
{
	seed_range r;
	uint64_t n;

	t->done = 0;
	if (!splittable(t, d->o)) {
		if (i % d->w->count != d->w->index)
			return 0;
		return seed_load_table(d->cfg, t, d->tg, d->c, d->o, d->now_us, NULL, e);
	}
	n = dist_share(d->w, (uint64_t)(t->count > 0 ? t->count : 0), &r.first);
	r.end = r.first + n;
	if (!n)
		return 0;
	if (seed_table_sources(t, d->tg, d->c, e))
		return -1;
	return seed_load_table(d->cfg, t, d->tg, d->c, d->o, d->now_us, &r, e);
}

static int meet(dseed *d, const char *step, int last, int64_t *first_us, err *e)
{
	long long first = 0;

	if (!d->o->barrier)
		return 0;
	if (dist_barrier_wait_first(d->tg, d->c, d->o->barrier, step, d->w, d->o->barrier_timeout, last, NULL,
				    first_us ? &first : NULL, e))
		return -1;
	if (first_us)
		*first_us = (int64_t)first * 1000000;
	return 0;
}

/* One level: this worker's shares in one transaction, again after a deadlock; then the barrier step. */
static int load_level_once(dseed *d, int lv, err *e);

static int load_level(dseed *d, int lv, err *e)
{
	char step[32];
	int rc, attempt = 1;

	while ((rc = load_level_once(d, lv, e)) && seed_retry_deadlock(e, attempt))
		attempt++;
	if (rc) {
		err_detail(e, "worker %u/%u: its rows of FK level %d were rolled back; earlier levels stay committed",
			   d->w->index, d->w->count, lv + 1);
		return -1;
	}
	snprintf(step, sizeof(step), "level-%d", lv + 1);
	return meet(d, step, lv + 1 == d->nlevels, NULL, e);
}

static int load_level_once(dseed *d, int lv, err *e)
{
	err ignore;

	if (seed_tx(d->tg, d->c, DBA_TX_BEGIN, e))
		return -1;
	for (size_t i = 0; i < d->cfg->ntables; i++) {
		if (d->level[i] != lv)
			continue;
		if (sig_stop) {
			err_set(e, EXIT_INTERRUPTED, "interrupted");
			goto fail;
		}
		if (load_share(d, d->cfg->order[i], i, e))
			goto fail;
	}
	if (seed_tx(d->tg, d->c, DBA_TX_COMMIT, e))
		goto fail;
	for (size_t i = 0; i < d->cfg->ntables; i++)
		if (d->level[i] == lv)
			d->cfg->order[i]->committed = 1;
	return 0;
fail:
	seed_tx(d->tg, d->c, DBA_TX_ROLLBACK, &ignore);
	for (size_t i = 0; i < d->cfg->ntables; i++)
		if (d->level[i] == lv)
			d->cfg->order[i]->done = 0;
	return -1;
}

/* Refusals of a run without --barrier: nothing orders the workers. */
static int check_unordered(dseed *d, int fks, err *e)
{
	if (d->o->barrier || d->w->count <= 1)
		return 0;
	if (fks) {
		err_set(e, EXIT_USAGE, "seed --worker %u/%u: the tables have foreign keys between them, and without "
			"--barrier a child could be loaded before its parents' rows are", d->w->index, d->w->count);
		err_hint(e, "give every worker the same --barrier NAME: they meet through the database after each FK level");
		return -1;
	}
	if (d->o->truncate || d->o->incremental) {
		err_set(e, EXIT_USAGE, "seed --worker %u/%u: --%s needs --barrier (another worker may already be writing)",
			d->w->index, d->w->count, d->o->truncate ? "truncate" : "incremental");
		return -1;
	}
	return 0;
}

/* Worker 0 empties the tables (--truncate) in a transaction of its own, before the others start. */
static int truncate_first(dseed *d, err *e)
{
	err ignore;
	int fr = 1;

	if (!d->o->truncate || d->w->index != 0)
		return 0;
	if (seed_tx(d->tg, d->c, DBA_TX_BEGIN, e) || (fr = seed_fresh(d->cfg, d->tg, d->c, d->o, e)) < 0 ||
	    (fr && prepare_truncate(d->cfg, d->tg, d->c, e)) || seed_tx(d->tg, d->c, DBA_TX_COMMIT, e)) {
		seed_tx(d->tg, d->c, DBA_TX_ROLLBACK, &ignore);
		return -1;
	}
	return 0;
}

/* After the last step: identity columns of split tables move past every worker's rows. */
static int sync_split(dseed *d, err *e)
{
	if (d->o->barrier && d->w->index != 0)
		return 0;
	for (size_t i = 0; i < d->cfg->ntables; i++) {
		seed_table *t = d->cfg->order[i];

		if (splittable(t, d->o) && seed_sync_identities(t, d->tg, d->c, e))
			return -1;
	}
	return 0;
}

static int run(dseed *d, err *e)
{
	seed_opts o = *d->o;
	int fks = levels(d);
	int64_t first_us = 0;

	if (check_unordered(d, fks, e))
		return EXIT_USAGE;
	o.shared_tables = !o.barrier && d->w->count > 1;
	if (o.jobs > 1)
		seed_note(d->cfg, "--jobs %d: a worker loads its shares over one connection", o.jobs);
	o.jobs = 1;
	d->o = &o;
	if (seed_defer_usable(d->tg, &o, e) || prepare_tables(d->cfg, d->tg, d->c, &o, e) || truncate_first(d, e) ||
	    meet(d, "start", 0, &first_us, e))
		goto fail;
	d->now_us = o.now_us ? o.now_us : first_us ? first_us : wall_us();
	for (int lv = 0; lv < d->nlevels; lv++)
		if (load_level(d, lv, e))
			goto fail;
	if (sync_split(d, e))
		goto fail;
	d->o = NULL;
	return EXIT_OK;
fail:
	d->o = NULL;
	if (sig_stop || e->code == EXIT_INTERRUPTED)
		return EXIT_INTERRUPTED;
	return e->code ? e->code : EXIT_RUNTIME;
}

int seed_dist_load(seed_cfg *cfg, target *tg, dba_conn *c, const seed_opts *o, int64_t now_us, err *e)
{
	dseed d = { .cfg = cfg, .tg = tg, .c = c, .o = o, .w = o->worker, .now_us = now_us };
	int rc;

	if (o->csv_dir)
		return err_set(e, EXIT_USAGE, "seed --worker: --csv-dir writes every row in one process"), EXIT_USAGE;
	if (!(d.level = calloc(cfg->ntables ? cfg->ntables : 1, sizeof(*d.level))))
		return err_set(e, EXIT_RUNTIME, "out of memory"), EXIT_RUNTIME;
	rc = run(&d, e);
	free(d.level);
	return rc;
}
