/*
 * Parents-first table order for a seed run. Tables whose parents are all
 * placed go next; when none can go, the waiting tables hold a cycle. A cycle
 * is broken on an edge that lies on it and whose every column is a nullable
 * FK (those columns are seeded NULL). Failing that, where the load session
 * can turn foreign_key_checks off (MySQL/MariaDB), on an edge whose columns
 * take the parent's keys computed ahead (the parent's column is sequential
 * in this run): the child loads first with the checks off, as mysqldump's
 * output does, and its values exist once the parent is in. PostgreSQL has no
 * such switch: with the run in one transaction, the child's FKs onto that
 * parent are set aside for its load (deferred to the commit when DEFERRABLE,
 * else dropped and re-created once every table is in, defer.c). Any other cycle
 * made only of NOT NULL FKs is named once, with its columns. Each break
 * removes one edge, so planning ends after at most as many rounds as there
 * are edges.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../sig.h"
#include "seed.h"

static size_t order_index(const seed_cfg *cfg, const seed_table *t)
{
	return (size_t)(t - cfg->tables);
}

/* Whether `to` is reachable from `from` over the deps of waiting tables. */
static int order_reaches(const seed_cfg *cfg, const char *done, seed_table *from, const seed_table *to,
			 char *seen)
{
	size_t i = order_index(cfg, from);

	if (from == to)
		return 1;
	if (seen[i] || done[i])
		return 0;
	seen[i] = 1;
	for (size_t d = 0; d < from->ndeps; d++)
		if (order_reaches(cfg, done, from->deps[d], to, seen))
			return 1;
	return 0;
}

static int order_on_cycle(const seed_cfg *cfg, const char *done, seed_table *t, seed_table *p)
{
	char *seen = calloc(cfg->ntables ? cfg->ntables : 1, 1);
	int r;

	if (!seen)
		return 0;
	r = order_reaches(cfg, done, p, t, seen);
	free(seen);
	return r;
}

static int order_col_nullable(const dba_table *m, const char *name)
{
	for (uint32_t i = 0; i < m->ncolumns; i++)
		if (!strcmp(m->columns[i].name, name))
			return m->columns[i].nullable;
	return 0;
}

/* 1 when every column of t referencing p (in the config and in the live schema) is nullable. */
static int order_breakable(const seed_table *t, const seed_table *p)
{
	for (size_t k = 0; k < t->ncols; k++)
		if (!t->cols[k].force_null && t->cols[k].fk.parent == p && !t->cols[k].fk.nullable)
			return 0;
	for (uint32_t i = 0; t->meta && i < t->meta->nfkeys; i++) {
		const dba_fkey *fk = &t->meta->fkeys[i];

		if (strcmp(fk->ref_table, p->name) || (fk->ref_schema && p->schema && strcmp(fk->ref_schema, p->schema)))
			continue;
		for (uint32_t c = 0; c < fk->ncols; c++)
			if (!order_col_nullable(t->meta, fk->columns[c]))
				return 0;
	}
	return 1;
}

/*
 * 1 when every column of t referencing p (in the config and in the live
 * schema) takes p's keys computed ahead of p's rows (FK_SEQ).
 */
static int order_ahead(const seed_table *t, const seed_table *p)
{
	int any = 0;

	for (size_t k = 0; k < t->ncols; k++) {
		if (t->cols[k].force_null || t->cols[k].fk.parent != p)
			continue;
		if (t->cols[k].fk.kind != FK_SEQ)
			return 0;
		any = 1;
	}
	for (uint32_t i = 0; t->meta && i < t->meta->nfkeys; i++) {
		const dba_fkey *fk = &t->meta->fkeys[i];

		if (strcmp(fk->ref_table, p->name) || (fk->ref_schema && p->schema && strcmp(fk->ref_schema, p->schema)))
			continue;
		for (uint32_t c = 0; c < fk->ncols; c++) {
			const seed_col *sc = seed_find_col(t, fk->columns[c]);

			if (!sc || sc->fk.parent != p || sc->fk.kind != FK_SEQ || !sc->fk.ref_column ||
			    strcmp(sc->fk.ref_column, fk->ref_columns[c]))
				return 0;
		}
	}
	return any;
}

/* Loads t before p: its columns referencing p keep their computed values; the checks wait (see the top). */
static void order_load_ahead(seed_cfg *cfg, seed_table *t, seed_table *p, enum seed_ahead ahead)
{
	for (size_t k = 0; k < t->ncols; k++)
		if (!t->cols[k].force_null && t->cols[k].fk.parent == p)
			seed_note(cfg, "foreign-key cycle: %s loaded before %s, %s; %s.%s takes %s's keys, known ahead "
				  "(%s.%s is sequential)", t->display, p->display,
				  ahead == SEED_AHEAD_CHECKS_OFF ? "with foreign_key_checks = 0" :
				  "its foreign key checked at the end of the run's transaction",
				  t->display, t->cols[k].name, p->display, p->display, t->cols[k].fk.ref_column);
	t->ahead = p;
	for (size_t d = 0; d < t->ndeps; d++)
		if (t->deps[d] == p) {
			t->deps[d] = t->deps[--t->ndeps];
			break;
		}
}

static void order_drop_edge(seed_cfg *cfg, seed_table *t, seed_table *p)
{
	for (size_t k = 0; k < t->ncols; k++) {
		seed_col *c = &t->cols[k];

		if (c->force_null || c->fk.parent != p)
			continue;
		c->force_null = 1;
		seed_note(cfg, "foreign-key cycle: %s.%s seeded NULL (it references %s)", t->display, c->name,
			  p->display);
	}
	for (size_t d = 0; d < t->ndeps; d++)
		if (t->deps[d] == p) {
			t->deps[d] = t->deps[--t->ndeps];
			break;
		}
}

/* Breaks one edge lying on a cycle (pass 0: nullable, pass 1: keys known ahead); 0 when none can be broken. */
static int order_break_one(seed_cfg *cfg, const char *done, enum seed_ahead ahead)
{
	int ahead_ok = ahead == SEED_AHEAD_CHECKS_OFF || ahead == SEED_AHEAD_SET_ASIDE;

	for (int pass = 0; pass < 1 + ahead_ok; pass++)
		for (size_t i = 0; i < cfg->ntables; i++) {
			seed_table *t = &cfg->tables[i];

			if (done[i])
				continue;
			for (size_t d = 0; d < t->ndeps; d++) {
				seed_table *p = t->deps[d];

				if (done[order_index(cfg, p)] || !(pass ? order_ahead(t, p) : order_breakable(t, p)) ||
				    !order_on_cycle(cfg, done, t, p))
					continue;
				if (pass)
					order_load_ahead(cfg, t, p, ahead);
				else
					order_drop_edge(cfg, t, p);
				return 1;
			}
		}
	return 0;
}

/* The NOT NULL column(s) of t referencing p, as "t.col", into buf. */
static void order_edge_cols(const seed_table *t, const seed_table *p, char *buf, size_t n)
{
	size_t len = 0;

	buf[0] = 0;
	for (size_t k = 0; k < t->ncols && len < n; k++)
		if (!t->cols[k].force_null && t->cols[k].fk.parent == p)
			len += (size_t)snprintf(buf + len, n - len, "%s%s.%s", len ? ", " : "", t->display,
						t->cols[k].name);
}

/*
 * Names one cycle among the waiting tables: the shortest way round from a
 * table that lies on one (breadth first over waiting parents), each table once.
 */
static void order_name_cycle(const seed_cfg *cfg, const char *done, char *msg, size_t n, char *cols, size_t ncols)
{
	size_t nt = cfg->ntables, head = 0, tail = 0, len = 0, clen = 0, *prev, *queue, *path, npath = 0;
	seed_table *start = NULL;
	int closed = 0;

	msg[0] = cols[0] = 0;
	for (size_t i = 0; i < nt && !start; i++)
		for (size_t d = 0; !done[i] && d < cfg->tables[i].ndeps && !start; d++)
			if (!done[order_index(cfg, cfg->tables[i].deps[d])] &&
			    order_on_cycle(cfg, done, &cfg->tables[i], cfg->tables[i].deps[d]))
				start = &cfg->tables[i];
	prev = malloc((nt + 1) * sizeof(*prev));
	queue = malloc((nt + 1) * sizeof(*queue));
	path = malloc((nt + 2) * sizeof(*path));
	if (!start || !prev || !queue || !path)
		goto out;
	for (size_t i = 0; i < nt; i++)
		prev[i] = (size_t)-1;
	queue[tail++] = order_index(cfg, start);
	while (head < tail && !closed) {
		seed_table *u = &cfg->tables[queue[head++]];

		for (size_t d = 0; d < u->ndeps && !closed; d++) {
			size_t v = order_index(cfg, u->deps[d]);

			if (done[v] || prev[v] != (size_t)-1)
				continue;
			prev[v] = order_index(cfg, u);
			if (u->deps[d] == start)
				closed = 1;
			else
				queue[tail++] = v;
		}
	}
	if (!closed)
		goto out;
	/* prev walks the cycle backwards from start; path holds it forwards. */
	for (size_t v = order_index(cfg, start);;) {
		path[npath++] = v;
		v = prev[v];
		if (v == order_index(cfg, start) || npath > nt)
			break;
	}
	path[npath++] = order_index(cfg, start);
	for (size_t k = npath; k-- > 0;) {
		const seed_table *t = &cfg->tables[path[k]];

		if (len < n)
			len += (size_t)snprintf(msg + len, n - len, "%s%s", k + 1 < npath ? " -> " : "", t->display);
		if (k > 0 && clen < ncols) {
			char e[300];

			order_edge_cols(t, &cfg->tables[path[k - 1]], e, sizeof(e));
			clen += (size_t)snprintf(cols + clen, ncols - clen, "%s%s", clen ? ", " : "", e);
		}
	}
out:
	free(prev);
	free(queue);
	free(path);
}

static void order_hint(enum seed_ahead ahead, err *e)
{
	static const char known[] = "make one of those columns nullable, or give a column one of them references "
				    "generator = sequential: its keys are then known ahead, and the table referencing it loads first";

	if (ahead == SEED_AHEAD_CHECKS_OFF)
		err_hint(e, "%s with foreign_key_checks = 0", known);
	else if (ahead == SEED_AHEAD_SET_ASIDE)
		err_hint(e, "%s, its foreign key checked at the end of the run's transaction", known);
	else if (ahead == SEED_AHEAD_ONE_TX)
		err_hint(e, "run it with --jobs 1 (the run in one transaction, one process): a table of the cycle that "
			    "references keys known ahead (generator = sequential) then loads first, its foreign key "
			    "checked at the end; or make one of those columns nullable");
	else
		err_hint(e, "make one of those columns nullable (the server checks every row as it is written)");
}

/* Parents-first order into cfg->order; cycles broken on nullable FKs, else an error naming one. */
int seed_order_tables(seed_cfg *cfg, enum seed_ahead ahead, err *e)
{
	size_t n = cfg->ntables, placed = 0;
	char *done = calloc(n ? n : 1, 1);

	cfg->order = calloc(n ? n : 1, sizeof(*cfg->order));
	if (!done || !cfg->order) {
		free(done);
		return err_set(e, EXIT_RUNTIME, "out of memory");
	}
	while (placed < n) {
		int progress = 0;

		if (sig_stop) {
			free(done);
			return err_set(e, EXIT_INTERRUPTED, "interrupted while planning (ordering the tables); nothing was written");
		}
		for (size_t i = 0; i < n; i++) {
			seed_table *t = &cfg->tables[i];
			int ready = !done[i];

			for (size_t d = 0; ready && d < t->ndeps; d++)
				ready = done[order_index(cfg, t->deps[d])];
			if (ready) {
				done[i] = 1;
				cfg->order[placed++] = t;
				progress = 1;
			}
		}
		if (progress || order_break_one(cfg, done, ahead))
			continue;
		{
			/* the whole cycle, however long (error texts hold 8 KB) */
			char msg[8000], cols[8000];

			order_name_cycle(cfg, done, msg, sizeof(msg), cols, sizeof(cols));
			free(done);
			err_set(e, EXIT_USAGE, "foreign-key cycle between tables: %s", msg[0] ? msg : "?");
			if (cols[0])
				err_detail(e, "every foreign key on it is NOT NULL: %s", cols);
			order_hint(ahead, e);
			return -1;
		}
	}
	free(done);
	return 0;
}
