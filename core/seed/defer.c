/*
 * --defer-indexes (PostgreSQL): before a table's rows go in, its secondary
 * indexes (not unique, not backing a constraint) and its own foreign keys are
 * dropped inside the load's transaction, and re-created after the rows, each
 * rebuild timed for the summary.  PostgreSQL's DDL is transactional: a
 * failure or Ctrl-C rolls the drops back with the rows, leaving the table
 * and its indexes as they were.
 *
 * The same mechanism sets aside the foreign keys of a table that a cycle of
 * NOT NULL foreign keys loads before its parent (order.c): deferred to the
 * commit when DEFERRABLE (and --defer-indexes is not dropping them anyway),
 * else dropped and re-created once every table is in.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../sig.h"
#include "defer.h"
#include "prepare.h"

typedef struct ddl {
	char *drop, *create, *label;
} ddl;

struct seed_defer {
	ddl *v;
	size_t n;
};

static pthread_mutex_t note_mu = PTHREAD_MUTEX_INITIALIZER;

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

struct collect {
	seed_defer *d;
	const seed_table *t;
	int oom;
};

/* Rows: kind ('i' index, 'f' foreign key), quoted name, definition. */
static int collect_row(void *ud, int32_t is_header, uint32_t nc, const char *const *nm, const char *const *v,
		       const uint32_t *lens)
{
	struct collect *c = ud;
	ddl *nv, *x;

	(void)nm;
	(void)lens;
	if (is_header || nc != 4 || !v[0] || !v[1] || !v[2] || !v[3])
		return 0;
	if (!(nv = realloc(c->d->v, (c->d->n + 1) * sizeof(*nv)))) {
		c->oom = 1;
		return 1;
	}
	c->d->v = nv;
	x = &nv[c->d->n];
	memset(x, 0, sizeof(*x));
	if (v[0][0] == 'd') {
		if (asprintf(&x->drop, "SET CONSTRAINTS %s DEFERRED", v[1]) < 0)
			x->drop = NULL;
		x->create = NULL; /* checked at the commit */
		if (asprintf(&x->label, "foreign key %s", v[3]) < 0)
			x->label = NULL;
	} else if (v[0][0] == 'i') {
		if (asprintf(&x->drop, "DROP INDEX %s", v[1]) < 0)
			x->drop = NULL;
		x->create = strdup(v[2]);
		if (asprintf(&x->label, "index %s", v[3]) < 0)
			x->label = NULL;
	} else {
		if (asprintf(&x->drop, "ALTER TABLE %s DROP CONSTRAINT %s", c->t->quoted, v[1]) < 0)
			x->drop = NULL;
		if (asprintf(&x->create, "ALTER TABLE %s ADD CONSTRAINT %s %s", c->t->quoted, v[1], v[2]) < 0)
			x->create = NULL;
		if (asprintf(&x->label, "foreign key %s", v[3]) < 0)
			x->label = NULL;
	}
	c->d->n++;
	if (!x->drop || (!x->create && v[0][0] != 'd') || !x->label)
		c->oom = 1;
	return c->oom;
}

void seed_defer_free(seed_defer *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->n; i++) {
		free(d->v[i].drop);
		free(d->v[i].create);
		free(d->v[i].label);
	}
	free(d->v);
	free(d);
}

static int run(target *tg, dba_conn *c, const char *sql, const char *what, err *e)
{
	dba_error de;

	memset(&de, 0, sizeof(de));
	if (tg->ops->exec(c, sql, NULL, NULL, NULL, &de))
		return err_from_db(e, EXIT_RUNTIME, &de, what);
	return 0;
}

int seed_defer_usable(const target *tg, const seed_opts *o, err *e)
{
	if (!o->defer_indexes || o->csv_dir)
		return 0;
	if (!seed_speaks_pg_catalog(tg))
		return err_set(e, EXIT_USAGE, "--defer-indexes is for PostgreSQL only (its DDL is transactional)");
	return 0;
}

/* Reads what sql lists (collect_row's rows) and runs each drop, inside the open transaction. */
static int set_aside(target *tg, dba_conn *c, seed_table *t, const char *sql, seed_defer **out, err *e)
{
	struct collect col;
	dba_error de;
	int rc = -1;

	*out = NULL;
	if (!(col.d = calloc(1, sizeof(*col.d))))
		return err_set(e, EXIT_RUNTIME, "out of memory");
	col.t = t;
	col.oom = 0;
	memset(&de, 0, sizeof(de));
	if (tg->ops->exec(c, sql, collect_row, &col, NULL, &de)) {
		err_from_db(e, EXIT_RUNTIME, &de, "reading the indexes and foreign keys to set aside");
		goto out;
	}
	if (col.oom) {
		err_set(e, EXIT_RUNTIME, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < col.d->n; i++)
		if (run(tg, c, col.d->v[i].drop, t->display, e))
			goto out;
	rc = 0;
out:
	if (rc)
		seed_defer_free(col.d);
	else
		*out = col.d;
	return rc;
}

int seed_defer_drop(target *tg, dba_conn *c, seed_table *t, seed_defer **out, err *e)
{
	char *sql = NULL, *lit;
	int rc;

	*out = NULL;
	if (!(lit = seed_text_literal(tg, c, t->quoted)))
		return err_set(e, EXIT_RUNTIME, "out of memory");
	/* secondary indexes (no constraint behind them) and the table's own foreign keys, in a stable order */
	if (asprintf(&sql,
		     "SELECT 'i', i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid), c.relname FROM pg_index i"
		     " JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = to_regclass(%s) AND NOT i.indisprimary"
		     " AND NOT i.indisunique AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)"
		     " UNION ALL SELECT 'f', quote_ident(conname), pg_get_constraintdef(oid), conname FROM pg_constraint"
		     " WHERE conrelid = to_regclass(%s) AND contype = 'f' ORDER BY 1 DESC, 4",
		     lit, lit) < 0)
		sql = NULL;
	rc = sql ? set_aside(tg, c, t, sql, out, e) : err_set(e, EXIT_RUNTIME, "out of memory");
	free(sql);
	free(lit);
	return rc;
}

int seed_defer_ahead(target *tg, dba_conn *c, seed_table *t, int may_defer, seed_defer **out, err *e)
{
	char *sql = NULL, *lt = seed_text_literal(tg, c, t->quoted), *lp = seed_text_literal(tg, c, t->ahead->quoted);
	const char *d = may_defer ? "k.condeferrable" : "false";
	int rc;

	*out = NULL;
	/* the FKs of t onto its parent (not the copies PostgreSQL keeps for partitions) */
	if (!lt || !lp ||
	    asprintf(&sql, "SELECT CASE WHEN %s THEN 'd' ELSE 'f' END, CASE WHEN %s THEN quote_ident(n.nspname) || '.' "
		     "ELSE '' END || quote_ident(k.conname), pg_get_constraintdef(k.oid), k.conname FROM pg_constraint k"
		     " JOIN pg_namespace n ON n.oid = k.connamespace WHERE k.conrelid = to_regclass(%s)"
		     " AND k.confrelid = to_regclass(%s) AND k.contype = 'f' AND k.conparentid = 0 ORDER BY 4",
		     d, d, lt, lp) < 0)
		sql = NULL;
	rc = sql ? set_aside(tg, c, t, sql, out, e) : err_set(e, EXIT_RUNTIME, "out of memory");
	free(sql);
	free(lt);
	free(lp);
	return rc;
}

int seed_defer_rebuild(seed_cfg *cfg, target *tg, dba_conn *c, seed_table *t, seed_defer *d, err *e)
{
	for (size_t i = 0; d && i < d->n; i++) {
		double t0 = now_s();

		if (sig_stop)
			return err_set(e, EXIT_INTERRUPTED, "interrupted while re-creating the %s of %s", d->v[i].label,
				       t->display);
		if (!d->v[i].create)
			continue;
		if (run(tg, c, d->v[i].create, t->display, e))
			return -1;
		pthread_mutex_lock(&note_mu);
		seed_note(cfg, "%s: %s re-created after the load in %.2f s", t->display, d->v[i].label, now_s() - t0);
		pthread_mutex_unlock(&note_mu);
	}
	return 0;
}
