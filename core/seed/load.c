/*
 * Loading: generators stream rows into the driver's bulk path (or multi-row
 * INSERTs, or CSV files: csv.c) one table at a time, parents first, FK
 * columns drawing from fksrc.c, after the checks of prepare.c.  With --jobs 1
 * the whole run is one transaction; with --jobs N each table is its own.
 */
#include <errno.h>
#include <stdint.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <time.h>

#include "../gen/check.h"
#include "../sig.h"
#include "../ui.h"
#include "csv.h"
#include "fkgroup.h"
#include "fksrc.h"
#include "defer.h"
#include "pool.h"
#include "prepare.h"
#include "seed.h"
#include "unique.h"

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int64_t wall_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* ---- one table ---- */

typedef struct loader {
	seed_cfg *cfg;
	seed_table *t;
	target *tg;
	dba_conn *conn;
	const seed_opts *o;
	dba_value *row;
	const char **names;
	int32_t *fams;
	uint64_t i, first, end; /* the rows of this load: [first, end) */
	err gen_err;
	int failed, interrupted;
	double start, last_draw;
	FILE *csv;
	struct order_pair { size_t hi, lo; int strict, bounded, differ; } *orders; /* CHECK (enddate >= startdate) */
	size_t norders;                                                            /* differ: CHECK (a <> b) */
} loader;

static void progress(loader *L, int final)
{
	if (L->o->quiet)
		return;
	ui_progress(L->t->display, L->i - L->first, (int64_t)(L->end - L->first), now_s() - L->start, L->o->jobs <= 1,
		    final);
}

static int col_k(const seed_table *t, const char *name, size_t *k)
{
	for (*k = 0; *k < t->ncols; (*k)++)
		if (!strcmp(t->cols[*k].name, name))
			return !t->cols[*k].force_null;
	return 0;
}

/* The orderings t's CHECKs ask of two generated columns (check.h after_col), by seed column. */
static int order_pairs(loader *L)
{
	const dba_table *m = L->t->meta;
	check_set *cs = m ? check_set_new(m) : NULL;
	size_t hi, lo;

	for (uint32_t i = 0; cs && i < m->ncolumns; i++) {
		const check_col *cc = check_set_col(cs, i);
		struct order_pair *v;

		for (int d = 0; d < 2; d++) {
			int other = d ? cc->differ_col : cc->after_col;

			if (other < 0 || !col_k(L->t, m->columns[i].name, &hi) || !col_k(L->t, m->columns[other].name, &lo))
				continue;
			if (!(v = realloc(L->orders, (L->norders + 1) * sizeof(*v)))) {
				check_set_free(cs);
				return -1;
			}
			L->orders = v;
			v[L->norders++] = (struct order_pair){ hi, lo, cc->after_strict, cc->has_max, d };
		}
	}
	check_set_free(cs);
	return m && !cs ? -1 : 0;
}

/* Row L->i's values as its two-column CHECKs ask: in order, or one drawn again till they differ. */
static int put_in_order(loader *L)
{
	for (size_t p = 0; p < L->norders; p++) {
		struct order_pair *o = &L->orders[p];
		seed_col *c = &L->t->cols[o->hi];

		if (!o->differ) {
			check_put_in_order(&L->row[o->hi], &L->row[o->lo], o->strict, o->bounded);
			continue;
		}
		for (uint64_t a = 1; check_same(&L->row[o->hi], &L->row[o->lo]); a++) {
			if (a == 16)
				return err_set(&L->gen_err, EXIT_RUNTIME,
					       "table %s, row %llu: columns %s and %s keep the same value their CHECK refuses",
					       L->t->display, (unsigned long long)L->i + 1, c->name, L->t->cols[o->lo].name);
			if (gen_next(c->g, L->i + (a << 40), &L->row[o->hi], &L->gen_err))
				return -1;
		}
	}
	return 0;
}

/* Fills L->row with row L->i; 1 = row, 0 = end, -1 = error (L->gen_err). */
static int make_row(loader *L)
{
	seed_table *t = L->t;

	if (L->i >= L->end)
		return 0;
	if (sig_stop) {
		L->interrupted = 1;
		err_set(&L->gen_err, EXIT_INTERRUPTED, "interrupted while seeding %s at row %llu", t->display,
			(unsigned long long)L->i + 1);
		return -1;
	}
	for (size_t k = 0; k < t->ncols; k++) {
		seed_col *c = &t->cols[k];

		if (c->force_null) {
			L->row[k].type = DBA_T_NULL;
			continue;
		}
		c->fk.cur_row = L->i;
		if (gen_next(c->g, L->i, &L->row[k], &L->gen_err)) {
			char m[sizeof(L->gen_err.msg)];

			snprintf(m, sizeof(m), "%s", L->gen_err.msg);
			err_set(&L->gen_err, EXIT_RUNTIME, "table %s, row %llu, column %s: %s", t->display,
				(unsigned long long)L->i + 1, c->name, m);
			return -1;
		}
	}
	if (put_in_order(L))
		return -1;
	if (t->nukeys && unique_row(t, L->i, L->row, &L->gen_err)) {
		char m[sizeof(L->gen_err.msg)];

		snprintf(m, sizeof(m), "%s", L->gen_err.msg);
		err_set(&L->gen_err, EXIT_RUNTIME, "table %s, row %llu: %s", t->display, (unsigned long long)L->i + 1, m);
		return -1;
	}
	L->i++;
	if ((L->i & 4095) == 0) {
		double n = now_s();

		if (n - L->last_draw > 0.1) {
			L->last_draw = n;
			progress(L, 0);
		}
	}
	return 1;
}

static int bulk_source(void *ud, dba_value *row, uint32_t ncols, dba_error *de)
{
	loader *L = ud;
	dba_value *own = L->row;
	int rc;

	(void)ncols;
	L->row = row; /* the driver's buffer: generate straight into it */
	rc = make_row(L);
	L->row = own;
	if (rc < 0) {
		L->failed = 1;
		de->err_class = DBA_ERR_USAGE;
		snprintf(de->message, sizeof(de->message), "%.*s", (int)sizeof(de->message) - 1, L->gen_err.msg);
	}
	return rc;
}

static int load_csv(loader *L, err *e)
{
	char path[4096];
	seed_table *t = L->t;
	int rc, werr = 0;

	snprintf(path, sizeof(path), "%s/%s.csv", L->o->csv_dir, t->display);
	if (!(L->csv = fopen(path, "w")))
		return err_set(e, EXIT_RUNTIME, "cannot write \"%s\": %s", path, strerror(errno));
	csv_write_header(L->csv, t);
	while ((rc = make_row(L)) == 1) {
		csv_write_row(L->csv, L->row, t->ncols);
		if (ferror(L->csv)) { /* a full disk: stop generating now */
			werr = errno;
			break;
		}
	}
	if ((fclose(L->csv) != 0 || werr) && rc >= 0) {
		if (!werr)
			werr = errno;
		L->csv = NULL;
		unlink(path); /* no half-written file stays behind */
		return err_set(e, EXIT_RUNTIME, "cannot write \"%s\": %s", path, strerror(werr));
	}
	L->csv = NULL;
	if (rc < 0) {
		*e = L->gen_err;
		return -1;
	}
	return 0;
}

struct sbuf {
	char *p;
	size_t n, cap;
};

static int sb_put(struct sbuf *b, const char *s, size_t len)
{
	if (b->n + len + 1 > b->cap) {
		size_t nc = (b->cap + len + 1) * 2;
		char *np = realloc(b->p, nc);

		if (!np)
			return -1;
		b->p = np;
		b->cap = nc;
	}
	memcpy(b->p + b->n, s, len);
	b->n += len;
	b->p[b->n] = '\0';
	return 0;
}

static int sb_literal(struct sbuf *b, loader *L, const dba_value *v, int32_t fam)
{
	size_t need = L->tg->ops->render_literal(L->conn, v, fam, b->p ? b->p + b->n : NULL, b->p ? b->cap - b->n : 0);

	if (b->n + need + 1 > b->cap) {
		size_t nc = (b->cap + need + 1) * 2;
		char *np = realloc(b->p, nc);

		if (!np)
			return -1;
		b->p = np;
		b->cap = nc;
		L->tg->ops->render_literal(L->conn, v, fam, b->p + b->n, b->cap - b->n);
	}
	b->n += need;
	return 0;
}

static int load_insert(loader *L, err *e)
{
	seed_table *t = L->t;
	struct sbuf head = { 0 }, b = { 0 };
	uint32_t batch = (uint32_t)(L->o->batch_size > 0 ? L->o->batch_size : L->cfg->batch_size);
	uint32_t in_batch = 0;
	int rc, ret = -1;
	dba_error de;

	if (L->tg->dialect->max_insert_rows && batch > L->tg->dialect->max_insert_rows)
		batch = L->tg->dialect->max_insert_rows;
	sb_put(&head, "INSERT INTO ", 12);
	sb_put(&head, t->quoted, strlen(t->quoted));
	sb_put(&head, " (", 2);
	for (size_t k = 0; k < t->ncols; k++) {
		char *q = target_quote(L->tg, NULL, t->cols[k].name);

		if (k)
			sb_put(&head, ", ", 2);
		sb_put(&head, q, strlen(q));
		free(q);
	}
	sb_put(&head, ") VALUES ", 9);
	for (;;) {
		rc = make_row(L);
		if (rc < 0) {
			*e = L->gen_err;
			goto out;
		}
		if (rc == 1) {
			if (in_batch == 0) {
				b.n = 0;
				sb_put(&b, head.p, head.n);
			} else {
				sb_put(&b, ", ", 2);
			}
			sb_put(&b, "(", 1);
			for (size_t k = 0; k < t->ncols; k++) {
				if (k)
					sb_put(&b, ", ", 2);
				if (sb_literal(&b, L, &L->row[k], t->cols[k].family)) {
					err_set(e, EXIT_RUNTIME, "out of memory");
					goto out;
				}
			}
			sb_put(&b, ")", 1);
			in_batch++;
		}
		if (in_batch && (in_batch == batch || rc == 0)) {
			memset(&de, 0, sizeof(de));
			if (L->tg->ops->exec(L->conn, b.p, NULL, NULL, NULL, &de)) {
				char ctx[512];

				snprintf(ctx, sizeof(ctx), "seeding %s failed in rows %llu-%llu", t->display,
					 (unsigned long long)(L->i - in_batch + 1), (unsigned long long)L->i);
				err_from_db(e, EXIT_RUNTIME, &de, ctx);
				goto out;
			}
			in_batch = 0;
		}
		if (rc == 0)
			break;
	}
	ret = 0;
out:
	free(head.p);
	free(b.p);
	return ret;
}

/*
 * The bad row of a bulk load, when the server names it: PostgreSQL's COPY
 * context ("COPY t, line N[, column c]"), MariaDB's warning ("... at row N").
 * Lines and rows count from 1 in the one load of this table. 0 when unknown.
 */
static unsigned long long load_bad_row(const dba_error *de)
{
	const char *s[2] = { de->message, de->detail }, *p;

	for (int i = 0; i < 2; i++) {
		if ((p = strstr(s[i], "COPY ")) && (p = strstr(p, ", line ")))
			return strtoull(p + 7, NULL, 10);
		if ((p = strstr(s[i], " at row ")))
			return strtoull(p + 8, NULL, 10);
	}
	return 0;
}

static int load_bulk(loader *L, err *e)
{
	dba_error de;
	uint64_t rows = 0;

	if (!L->tg->ops->bulk_load)
		return load_insert(L, e);
	memset(&de, 0, sizeof(de));
	if (L->tg->ops->bulk_load(L->conn, L->t->schema, L->t->name, L->names, L->fams, (uint32_t)L->t->ncols,
				  bulk_source, L, &rows, &de)) {
		if (L->failed) {
			*e = L->gen_err;
			return -1;
		}
		{
			char ctx[512];

			unsigned long long bad = load_bad_row(&de);

			if (bad)
				snprintf(ctx, sizeof(ctx), "seeding %s failed at row %llu", L->t->display,
					 bad + (unsigned long long)L->first);
			else
				snprintf(ctx, sizeof(ctx), "seeding %s failed in rows %llu-%llu", L->t->display,
					 (unsigned long long)L->first + 1, (unsigned long long)L->i);
			err_from_db(e, EXIT_RUNTIME, &de, ctx);
		}
		return -1;
	}
	return 0;
}

/* Prepares generators and FK sources for t, then loads it through the chosen path. */
/* Identity columns given explicit values: their generators move past them (PostgreSQL sequences). */
int seed_sync_identities(seed_table *t, target *tg, dba_conn *conn, err *e)
{
	dba_error de;

	if (!tg->ops->sync_identity || !t->meta)
		return 0;
	for (size_t k = 0; k < t->ncols; k++) {
		for (uint32_t m = 0; m < t->meta->ncolumns; m++) {
			const dba_column *mc = &t->meta->columns[m];

			/* Identity, serial, or a DEFAULT that may draw from a sequence it only names. */
			if (!(mc->is_identity || (mc->has_default && mc->family == DBA_FAM_INT)) ||
			    strcmp(mc->name, t->cols[k].name) || t->cols[k].force_null)
				continue;
			memset(&de, 0, sizeof(de));
			if (tg->ops->sync_identity(conn, t->schema, t->name, mc->name, &de))
				return err_from_db(e, EXIT_RUNTIME, &de, t->display);
		}
	}
	return 0;
}

/* FK values read from the parents, once per table (a split table's ranges share them). */
int seed_table_sources(seed_table *t, target *tg, dba_conn *conn, err *e)
{
	for (size_t k = 0; k < t->ncols; k++) {
		seed_col *c = &t->cols[k];

		if (!c->force_null && c->fk.kind == FK_VALUES && !c->fk.grouped && fksrc_load_values(tg, conn, &c->fk, e))
			return -1;
	}
	return fkgroup_load(tg, conn, t, e);
}

int seed_load_table(seed_cfg *cfg, seed_table *t, target *tg, dba_conn *conn, const seed_opts *o, int64_t now_us,
		    const seed_range *r, err *e)
{
	loader L;
	int rc = -1, relaxed = 0;
	seed_defer *dfr = NULL;

	memset(&L, 0, sizeof(L));
	L.cfg = cfg;
	L.t = t;
	L.tg = tg;
	L.conn = conn;
	L.o = o;
	L.first = L.i = r ? r->first : 0;
	L.end = r ? r->end : (uint64_t)(t->count > 0 ? t->count : 0);
	L.row = calloc(t->ncols ? t->ncols : 1, sizeof(*L.row));
	L.names = calloc(t->ncols ? t->ncols : 1, sizeof(*L.names));
	L.fams = calloc(t->ncols ? t->ncols : 1, sizeof(*L.fams));
	if (!L.row || !L.names || !L.fams || order_pairs(&L)) {
		err_set(e, EXIT_RUNTIME, "out of memory");
		goto out;
	}
	for (size_t k = 0; k < t->ncols; k++) {
		seed_col *c = &t->cols[k];
		gen_ctx ctx;

		L.names[k] = c->name;
		L.fams[k] = c->family;
		if (c->force_null)
			continue;
		if (c->fk.kind == FK_SEQ || c->fk.kind == FK_SELF_SEQ) {
			size_t pi;

			for (pi = 0; pi < c->fk.parent->ncols && strcmp(c->fk.parent->cols[pi].name, c->fk.ref_column); pi++)
				;
			gen_spec_sequential(c->fk.parent->cols[pi].spec, &c->fk.start, &c->fk.step);
			/* the parent's first value this run (see prepare_tables on incremental runs) */
			if (o->incremental && c->fk.parent->existing > 0)
				c->fk.start += c->fk.step * c->fk.parent->existing;
			c->fk.count = (uint64_t)c->fk.parent->count;
		}
		memset(&ctx, 0, sizeof(ctx));
		ctx.now_us = now_us;
		ctx.row_offset = o->incremental && t->existing > 0 ? (uint64_t)t->existing : 0;
		ctx.family = c->family;
		ctx.max_length = c->max_length;
		ctx.fk.ud = &c->fk;
		ctx.fk.pick = fksrc_pick;
		gen_free(c->g);
		c->g = gen_new(c->spec, gen_stream_seed(cfg->global_seed, t->display, c->name), &ctx);
		if (!c->g) {
			err_set(e, EXIT_RUNTIME, "out of memory");
			goto out;
		}
	}
	if ((!r && seed_table_sources(t, tg, conn, e)) || unique_start(cfg, t, e))
		goto out;
	L.start = L.last_draw = now_s();
	if (!r && t->ahead && !o->csv_dir && seed_speaks_pg_catalog(tg) &&
	    seed_defer_ahead(tg, conn, t, !o->defer_indexes, &t->ahead_fks, e))
		goto out;
	if (!r && o->defer_indexes && !o->csv_dir && seed_defer_drop(tg, conn, t, &dfr, e))
		goto out;
	if (o->csv_dir)
		rc = load_csv(&L, e);
	else if ((relaxed = seed_session_relax(cfg, tg, conn, t, e)) < 0)
		goto out;
	else if (!relaxed && t->ahead && !seed_speaks_pg_catalog(tg)) {
		err_set(e, EXIT_RUNTIME, "%s: loading it before %s needs foreign_key_checks = 0, which the load "
			"session could not set", t->display, t->ahead->display);
		goto out;
	}
	else if (o->method == SEED_INSERT)
		rc = load_insert(&L, e);
	else
		rc = load_bulk(&L, e);
	if (relaxed > 0) {
		err re;

		memset(&re, 0, sizeof(re));
		if (seed_session_restore(tg, conn, t, &re) && rc == 0) {
			*e = re;
			rc = -1;
		}
	}
	if (rc == 0 && !o->csv_dir && !r)
		rc = seed_sync_identities(t, tg, conn, e);
	if (rc == 0 && dfr)
		rc = seed_defer_rebuild(cfg, tg, conn, t, dfr, e);
	t->done = L.i - L.first;
	t->secs = now_s() - L.start;
	if (rc == 0)
		progress(&L, 1);
	else if (!o->quiet && o->jobs <= 1)
		ui_progress_break();
out:
	seed_defer_free(dfr);
	unique_end(t);
	free(L.row);
	free(L.names);
	free(L.fams);
	free(L.orders);
	return rc;
}

/* ---- the run ---- */

/* The FKs set aside for tables loaded ahead of their parents (PostgreSQL), re-created now every table is in. */
static int rebuild_ahead(seed_cfg *cfg, target *tg, dba_conn *c, err *e)
{
	int rc = 0;

	for (size_t i = 0; i < cfg->ntables; i++) {
		seed_table *t = &cfg->tables[i];

		if (rc == 0 && t->ahead_fks)
			rc = seed_defer_rebuild(cfg, tg, c, t, t->ahead_fks, e);
		seed_defer_free(t->ahead_fks);
		t->ahead_fks = NULL;
	}
	return rc;
}

int seed_tx(target *tg, dba_conn *c, int what, err *e)
{
	dba_error de;

	if (!tg->ops->tx)
		return 0;
	memset(&de, 0, sizeof(de));
	if (tg->ops->tx(c, what, &de))
		return err_from_db(e, EXIT_RUNTIME, &de, what == DBA_TX_BEGIN ? "BEGIN" : what == DBA_TX_COMMIT ?
				   "COMMIT" : "ROLLBACK");
	return 0;
}


int seed_load(seed_cfg *cfg, target *tg, dba_conn *c, const seed_opts *o, err *e)
{
	int64_t now_us = o->now_us ? o->now_us : wall_us();
	err ignore;

	if (o->worker)
		return seed_dist_load(cfg, tg, c, o, o->now_us, e);

	if (o->csv_dir) {
		if (mkdir(o->csv_dir, 0777) && errno != EEXIST)
			return err_set(e, EXIT_RUNTIME, "cannot create \"%s\": %s", o->csv_dir, strerror(errno)), EXIT_RUNTIME;
		for (size_t i = 0; i < cfg->ntables; i++) {
			if (sig_stop)
				return EXIT_INTERRUPTED;
			if (seed_load_table(cfg, cfg->order[i], tg, c, o, now_us, NULL, e))
				return e->code ? e->code : EXIT_RUNTIME;
			cfg->order[i]->committed = 1;
		}
		return EXIT_OK;
	}
	if (seed_defer_usable(tg, o, e) || prepare_tables(cfg, tg, c, o, e))
		return e->code ? e->code : EXIT_RUNTIME;
	if (o->jobs <= 1) {
		int fr;

		if (seed_tx(tg, c, DBA_TX_BEGIN, e))
			return EXIT_RUNTIME;
		if ((fr = seed_fresh(cfg, tg, c, o, e)) < 0 || (fr && o->truncate && prepare_truncate(cfg, tg, c, e)))
			goto fail;
		for (size_t i = 0; i < cfg->ntables; i++)
			if (seed_load_table(cfg, cfg->order[i], tg, c, o, now_us, NULL, e))
				goto fail;
		if (rebuild_ahead(cfg, tg, c, e))
			goto fail;
		if (sig_stop) {
			err_set(e, EXIT_INTERRUPTED, "interrupted");
			goto fail;
		}
		if (seed_tx(tg, c, DBA_TX_COMMIT, e))
			return EXIT_RUNTIME;
		for (size_t i = 0; i < cfg->ntables; i++)
			cfg->tables[i].committed = 1;
		return EXIT_OK;
fail:
		seed_tx(tg, c, DBA_TX_ROLLBACK, &ignore);
		if (sig_stop || e->code == EXIT_INTERRUPTED) {
			e->code = EXIT_INTERRUPTED;
			err_detail(e, "the run was rolled back: nothing of it remains");
			return EXIT_INTERRUPTED;
		}
		if (!e->detail[0])
			err_detail(e, "the run was rolled back: nothing of it remains");
		return EXIT_RUNTIME;
	}
	if (o->truncate) {
		int fr = 1;

		if (seed_tx(tg, c, DBA_TX_BEGIN, e) || (fr = seed_fresh(cfg, tg, c, o, e)) < 0 ||
		    (fr && prepare_truncate(cfg, tg, c, e)) || seed_tx(tg, c, DBA_TX_COMMIT, e)) {
			seed_tx(tg, c, DBA_TX_ROLLBACK, &ignore);
			return EXIT_RUNTIME;
		}
	}
	if (seed_pool_run(cfg, tg, o, now_us, e) || sig_stop) {
		if (sig_stop) {
			err_set(e, EXIT_INTERRUPTED, "interrupted");
			err_detail(e, "tables not marked committed in the summary were rolled back");
			return EXIT_INTERRUPTED;
		}
		err_detail(e, "each table (each row range of a split table) is its own transaction with --jobs: the summary "
			   "shows which were committed");
		return EXIT_RUNTIME;
	}
	return EXIT_OK;
}

