/*
 * Loading: generators stream rows into the driver's bulk path (or multi-row
 * INSERTs, or CSV files) one table at a time, parents first.  With --jobs 1
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

#include "../sig.h"
#include "../ui.h"
#include "seed.h"

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

static pthread_mutex_t ui_lock = PTHREAD_MUTEX_INITIALIZER;

/* ---- foreign-key sources ---- */

static int fk_pick(void *ud, rng *r, int zipf, dba_value *out, err *e)
{
	seed_fk *fk = ud;
	uint64_t n, k;

	switch (fk->kind) {
	case FK_SEQ:
	case FK_SELF_SEQ:
		n = fk->kind == FK_SEQ ? fk->count : fk->cur_row;
		if (n == 0) {
			if (fk->kind == FK_SELF_SEQ && fk->nullable) {
				out->type = DBA_T_NULL;
				return 0;
			}
			if (fk->kind == FK_SELF_SEQ) {
				n = 1; /* the first row references itself */
			} else {
				return err_set(e, EXIT_RUNTIME, "referenced table %s gets no rows in this run",
					       fk->ref_table);
			}
		}
		k = zipf ? rng_zipf(r, n) : rng_below(r, n);
		out->type = DBA_T_INT64;
		out->len = 0;
		out->u.i64 = fk->start + fk->step * (int64_t)k;
		if (!fk->int_family) {
			int len = snprintf(fk->buf, sizeof(fk->buf), "%lld", (long long)out->u.i64);

			out->type = DBA_T_TEXT;
			out->u.str = fk->buf;
			out->len = (uint32_t)len;
		}
		return 0;
	case FK_VALUES:
		if (!fk->nvalues)
			return err_set(e, EXIT_RUNTIME, "referenced table %s has no rows to pick %s from",
				       fk->ref_table, fk->ref_column);
		k = zipf ? rng_zipf(r, fk->nvalues) : rng_below(r, fk->nvalues);
		*out = fk->values[k];
		return 0;
	}
	return err_set(e, EXIT_RUNTIME, "internal error: no foreign-key source");
}

struct collect {
	seed_fk *fk;
	size_t cap, arena_len, arena_cap;
	size_t *offsets;
	uint32_t *lens;
	int oom;
};

static int collect_row(void *ud, int32_t is_header, uint32_t ncols, const char *const *names,
		       const char *const *values, const uint32_t *lengths)
{
	struct collect *c = ud;

	(void)names;
	if (is_header || ncols < 1 || !values[0])
		return 0;
	if (c->fk->nvalues == c->cap) {
		size_t nc = c->cap ? c->cap * 2 : 1024;
		size_t *no = realloc(c->offsets, nc * sizeof(*no));
		uint32_t *nl = realloc(c->lens, nc * sizeof(*nl));

		if (no)
			c->offsets = no;
		if (nl)
			c->lens = nl;
		if (!no || !nl)
			return c->oom = 1;
		c->cap = nc;
	}
	if (c->arena_len + lengths[0] + 1 > c->arena_cap) {
		size_t na = (c->arena_cap + lengths[0] + 1) * 2;
		char *a = realloc(c->fk->arena, na);

		if (!a)
			return c->oom = 1;
		c->fk->arena = a;
		c->arena_cap = na;
	}
	memcpy(c->fk->arena + c->arena_len, values[0], lengths[0] + 1);
	c->offsets[c->fk->nvalues] = c->arena_len;
	c->lens[c->fk->nvalues] = lengths[0];
	c->arena_len += lengths[0] + 1;
	c->fk->nvalues++;
	return 0;
}

/* Reads the referenced column's values (in key order) for a FK_VALUES source. */
static int fk_load_values(target *t, dba_conn *conn, seed_fk *fk, err *e)
{
	struct collect c;
	char *qt = target_quote(t, fk->ref_schema, fk->ref_table), *qc = target_quote(t, NULL, fk->ref_column);
	char *sql = NULL;
	dba_error de;
	int rc = -1;

	memset(&c, 0, sizeof(c));
	c.fk = fk;
	free(fk->values);
	free(fk->arena);
	fk->values = NULL;
	fk->arena = NULL;
	fk->nvalues = 0;
	if (!qt || !qc || asprintf(&sql, "SELECT %s FROM %s WHERE %s IS NOT NULL ORDER BY %s", qc, qt, qc, qc) < 0)
		goto out;
	memset(&de, 0, sizeof(de));
	if (t->ops->exec(conn, sql, collect_row, &c, NULL, &de)) {
		char ctx[512];

		snprintf(ctx, sizeof(ctx), "reading %s.%s for foreign keys", fk->ref_table, fk->ref_column);
		err_from_db(e, EXIT_RUNTIME, &de, ctx);
		goto out;
	}
	if (c.oom) {
		err_set(e, EXIT_RUNTIME, "out of memory reading %s.%s", fk->ref_table, fk->ref_column);
		goto out;
	}
	fk->values = calloc(fk->nvalues ? fk->nvalues : 1, sizeof(*fk->values));
	if (!fk->values)
		goto out;
	for (size_t i = 0; i < fk->nvalues; i++) {
		dba_value *v = &fk->values[i];
		const char *s = fk->arena + c.offsets[i];
		char *end;

		if (fk->int_family) {
			v->type = DBA_T_INT64;
			v->u.i64 = strtoll(s, &end, 10);
			if (!*end)
				continue;
		}
		v->type = DBA_T_TEXT;
		v->u.str = s;
		v->len = c.lens[i];
	}
	rc = 0;
out:
	free(c.offsets);
	free(c.lens);
	free(qt);
	free(qc);
	free(sql);
	return rc;
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
	uint64_t i;
	err gen_err;
	int failed, interrupted;
	double start, last_draw;
	FILE *csv;
} loader;

static void progress(loader *L, int final)
{
	double el = now_s() - L->start, rate = el > 0 ? (double)L->i / el : 0;
	char r[32], n1[32], n2[32];

	if (L->o->quiet)
		return;
	ui_fmt_rate(r, sizeof(r), rate);
	ui_fmt_count(n1, sizeof(n1), L->i);
	ui_fmt_count(n2, sizeof(n2), (unsigned long long)L->t->count);
	pthread_mutex_lock(&ui_lock);
	if (ui_tty() && L->o->jobs <= 1) {
		int width = 24, fill = L->t->count ? (int)((double)L->i * width / (double)L->t->count) : width;
		char bar[64];
		double eta = rate > 0 ? (double)(L->t->count - (int64_t)L->i) / rate : 0;

		for (int k = 0; k < width; k++)
			bar[k] = k < fill ? '#' : '.';
		bar[width] = '\0';
		fprintf(stderr, "\r\033[K  %-22s [%s] %s/%s  %s rows/s", L->t->display, bar, n1, n2, r);
		if (!final)
			fprintf(stderr, "  ETA %.0fs", eta);
		if (final)
			fputc('\n', stderr);
	} else if (final) {
		fprintf(stderr, "  %s: %s rows in %.2f s (%s rows/s)\n", L->t->display, n1, el, r);
	}
	fflush(stderr);
	pthread_mutex_unlock(&ui_lock);
}

/* Fills L->row with row L->i; 1 = row, 0 = end, -1 = error (L->gen_err). */
static int make_row(loader *L)
{
	seed_table *t = L->t;

	if ((int64_t)L->i >= t->count)
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

/* Text for CSV: NULL gives NULL (an empty unquoted field). */
static const char *value_text(const dba_value *v, char *buf, size_t cap, size_t *len)
{
	time_t secs;
	struct tm tm;
	int n = 0;

	switch (v->type) {
	case DBA_T_NULL: return NULL;
	case DBA_T_INT64: n = snprintf(buf, cap, "%lld", (long long)v->u.i64); break;
	case DBA_T_DOUBLE: n = snprintf(buf, cap, "%.17g", v->u.f64); break;
	case DBA_T_BOOL: n = snprintf(buf, cap, "%s", v->u.b ? "true" : "false"); break;
	case DBA_T_TIMESTAMP: {
		int64_t us = v->u.i64 % 1000000;

		secs = (time_t)(v->u.i64 / 1000000);
		if (us < 0) {
			us += 1000000;
			secs--;
		}
		gmtime_r(&secs, &tm);
		n = (int)strftime(buf, cap, "%Y-%m-%d %H:%M:%S", &tm);
		if (us)
			n += snprintf(buf + n, cap - (size_t)n, ".%06lld", (long long)us);
		break;
	}
	case DBA_T_DATE:
		secs = (time_t)(v->u.i64 * 86400);
		gmtime_r(&secs, &tm);
		n = (int)strftime(buf, cap, "%Y-%m-%d", &tm);
		break;
	default:
		*len = v->len;
		return v->u.str;
	}
	*len = (size_t)n;
	return buf;
}

static int load_csv(loader *L, err *e)
{
	char path[4096], buf[64];
	seed_table *t = L->t;
	int rc, werr = 0;

	snprintf(path, sizeof(path), "%s/%s.csv", L->o->csv_dir, t->display);
	if (!(L->csv = fopen(path, "w")))
		return err_set(e, EXIT_RUNTIME, "cannot write \"%s\": %s", path, strerror(errno));
	for (size_t k = 0; k < t->ncols; k++)
		fprintf(L->csv, "%s%s", k ? "," : "", t->cols[k].name);
	fputc('\n', L->csv);
	while ((rc = make_row(L)) == 1) {
		for (size_t k = 0; k < t->ncols; k++) {
			size_t len = 0;
			const char *s = value_text(&L->row[k], buf, sizeof(buf), &len);

			if (k)
				fputc(',', L->csv);
			if (!s)
				continue;
			if (len == 0 || memchr(s, ',', len) || memchr(s, '"', len) || memchr(s, '\n', len) ||
			    memchr(s, '\r', len)) {
				fputc('"', L->csv);
				for (size_t i = 0; i < len; i++) {
					if (s[i] == '"')
						fputc('"', L->csv);
					fputc(s[i], L->csv);
				}
				fputc('"', L->csv);
			} else {
				fwrite(s, 1, len, L->csv);
			}
		}
		fputc('\n', L->csv);
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

			snprintf(ctx, sizeof(ctx), "seeding %s failed near row %llu", L->t->display,
				 (unsigned long long)L->i);
			err_from_db(e, EXIT_RUNTIME, &de, ctx);
		}
		return -1;
	}
	return 0;
}

/* Prepares generators and FK sources for t, then loads it through the chosen path. */
/* Identity columns given explicit values: their generators move past them (PostgreSQL sequences). */
static int sync_identities(seed_table *t, target *tg, dba_conn *conn, err *e)
{
	dba_error de;

	if (!tg->ops->sync_identity || !t->meta)
		return 0;
	for (size_t k = 0; k < t->ncols; k++) {
		for (uint32_t m = 0; m < t->meta->ncolumns; m++) {
			const dba_column *mc = &t->meta->columns[m];

			if (!mc->is_identity || strcmp(mc->name, t->cols[k].name))
				continue;
			memset(&de, 0, sizeof(de));
			if (tg->ops->sync_identity(conn, t->schema, t->name, mc->name, &de))
				return err_from_db(e, EXIT_RUNTIME, &de, t->display);
		}
	}
	return 0;
}

static int load_table(seed_cfg *cfg, seed_table *t, target *tg, dba_conn *conn, const seed_opts *o,
		      int64_t now_us, err *e)
{
	loader L;
	int rc = -1;

	memset(&L, 0, sizeof(L));
	L.cfg = cfg;
	L.t = t;
	L.tg = tg;
	L.conn = conn;
	L.o = o;
	L.row = calloc(t->ncols ? t->ncols : 1, sizeof(*L.row));
	L.names = calloc(t->ncols ? t->ncols : 1, sizeof(*L.names));
	L.fams = calloc(t->ncols ? t->ncols : 1, sizeof(*L.fams));
	if (!L.row || !L.names || !L.fams) {
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
		} else if (c->fk.kind == FK_VALUES && fk_load_values(tg, conn, &c->fk, e)) {
			goto out;
		}
		memset(&ctx, 0, sizeof(ctx));
		ctx.now_us = now_us;
		ctx.row_offset = o->incremental && t->existing > 0 ? (uint64_t)t->existing : 0;
		ctx.family = c->family;
		ctx.max_length = c->max_length;
		ctx.fk.ud = &c->fk;
		ctx.fk.pick = fk_pick;
		gen_free(c->g);
		c->g = gen_new(c->spec, gen_stream_seed(cfg->global_seed, t->display, c->name), &ctx);
		if (!c->g) {
			err_set(e, EXIT_RUNTIME, "out of memory");
			goto out;
		}
	}
	L.start = L.last_draw = now_s();
	if (o->csv_dir)
		rc = load_csv(&L, e);
	else if (o->method == SEED_INSERT)
		rc = load_insert(&L, e);
	else
		rc = load_bulk(&L, e);
	if (rc == 0 && !o->csv_dir)
		rc = sync_identities(t, tg, conn, e);
	t->done = L.i;
	t->secs = now_s() - L.start;
	if (rc == 0)
		progress(&L, 1);
	else if (!o->quiet && ui_tty() && o->jobs <= 1)
		fputc('\n', stderr);
out:
	free(L.row);
	free(L.names);
	free(L.fams);
	return rc;
}

/* ---- the run ---- */

/* Row callback keeping the first column of the last row as an integer. */
static int first_int(void *ud, int32_t is_header, uint32_t nc, const char *const *nm,
		     const char *const *vals, const uint32_t *lens)
{
	int64_t *v = ud;

	(void)nm;
	(void)lens;
	if (!is_header && nc > 0 && vals[0])
		*v = strtoll(vals[0], NULL, 10);
	return 0;
}

static int count_rows(target *tg, dba_conn *c, seed_table *t, int64_t *n, err *e)
{
	char *sql;
	dba_error de;
	int rc;

	*n = 0;
	if (asprintf(&sql, "SELECT COUNT(*) FROM %s", t->quoted) < 0)
		return err_set(e, EXIT_RUNTIME, "out of memory");
	memset(&de, 0, sizeof(de));
	rc = tg->ops->exec(c, sql, first_int, n, NULL, &de);
	free(sql);
	if (rc)
		return err_from_db(e, EXIT_RUNTIME, &de, t->display);
	return 0;
}

static int max_value(target *tg, dba_conn *c, seed_table *t, const char *col, int64_t *n, int *found, err *e)
{
	char *sql, *qc = target_quote(tg, NULL, col);
	dba_error de;
	int64_t v = INT64_MIN;
	int rc;

	if (!qc || asprintf(&sql, "SELECT MAX(%s) FROM %s", qc, t->quoted) < 0) {
		free(qc);
		return err_set(e, EXIT_RUNTIME, "out of memory");
	}
	free(qc);
	memset(&de, 0, sizeof(de));
	rc = tg->ops->exec(c, sql, first_int, &v, NULL, &de);
	free(sql);
	if (rc)
		return err_from_db(e, EXIT_RUNTIME, &de, t->display);
	*found = v != INT64_MIN;
	*n = v;
	return 0;
}

static int exec_simple(target *tg, dba_conn *c, const char *sql, const char *what, err *e)
{
	dba_error de;

	memset(&de, 0, sizeof(de));
	if (tg->ops->exec(c, sql, NULL, NULL, NULL, &de))
		return err_from_db(e, EXIT_RUNTIME, &de, what);
	return 0;
}

static int tx(target *tg, dba_conn *c, int what, err *e)
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

/* Refuses --truncate when a table outside the config references a configured one. */
static int check_outside_refs(seed_cfg *cfg, target *tg, dba_conn *c, err *e)
{
	char **names = NULL;
	dba_error de;

	if (!tg->ops->list_tables)
		return 0;
	memset(&de, 0, sizeof(de));
	if (tg->ops->list_tables(c, &names, &de))
		return err_from_db(e, EXIT_RUNTIME, &de, "listing tables");
	for (size_t i = 0; names && names[i]; i++) {
		char *dot = strrchr(names[i], '.'), *sc = dot ? strndup(names[i], (size_t)(dot - names[i])) : NULL;
		const char *nm = dot ? dot + 1 : names[i];
		dba_table *m = NULL;

		if (seed_find_table(cfg, sc, nm) || tg->ops->describe_table(c, sc, nm, &m, &de)) {
			free(sc);
			continue;
		}
		for (uint32_t k = 0; k < m->nfkeys; k++) {
			seed_table *p = seed_find_table(cfg, m->fkeys[k].ref_schema, m->fkeys[k].ref_table);

			if (p) {
				err_set(e, EXIT_RUNTIME, "--truncate would empty %s, which table %s (not in the config) references",
					p->display, names[i]);
				err_hint(e, "add %s to the config, or empty the tables yourself", names[i]);
				tg->ops->table_free(m);
				free(sc);
				tg->ops->strv_free(names);
				return -1;
			}
		}
		tg->ops->table_free(m);
		free(sc);
	}
	tg->ops->strv_free(names);
	return 0;
}

/* Empty-table checks, --truncate and --incremental bookkeeping, before any row is written. */
static int prepare_tables(seed_cfg *cfg, target *tg, dba_conn *c, const seed_opts *o, err *e)
{
	if (o->csv_dir)
		return 0;
	if (o->truncate && check_outside_refs(cfg, tg, c, e))
		return -1;
	for (size_t i = 0; i < cfg->ntables; i++) {
		seed_table *t = &cfg->tables[i];

		if (count_rows(tg, c, t, &t->existing, e))
			return -1;
		if (t->existing > 0 && !o->truncate && !o->incremental) {
			err_set(e, EXIT_RUNTIME, "table %s already holds %lld rows", t->display, (long long)t->existing);
			err_hint(e, "use --truncate to empty the configured tables first, or --incremental to add rows");
			return -1;
		}
		if (o->incremental && t->existing > 0)
			for (size_t k = 0; k < t->ncols; k++) {
				int64_t start, step, mx = 0;
				int found = 0;

				if (!t->cols[k].spec || gen_spec_sequential(t->cols[k].spec, &start, &step))
					continue;
				if (max_value(tg, c, t, t->cols[k].name, &mx, &found, e))
					return -1;
				/*
				 * Generators add row_offset (the existing row count, which
				 * keeps emails unique) to the row index; aim the first new
				 * value at max + step all the same.
				 */
				if (found && step > 0 && mx >= start)
					gen_spec_set_start(t->cols[k].spec, mx + step - step * t->existing);
			}
	}
	return 0;
}

static int truncate_tables(seed_cfg *cfg, target *tg, dba_conn *c, err *e)
{
	for (size_t i = cfg->ntables; i-- > 0;) {
		seed_table *t = cfg->order[i];
		char *sql;
		int rc;

		if (t->existing <= 0)
			continue;
		if (asprintf(&sql, "DELETE FROM %s", t->quoted) < 0)
			return err_set(e, EXIT_RUNTIME, "out of memory");
		rc = exec_simple(tg, c, sql, t->display, e);
		free(sql);
		if (rc)
			return -1;
		t->existing = 0;
	}
	return 0;
}

/* --jobs N: workers take tables whose parents are committed. */
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

static void *worker(void *arg)
{
	struct pool *p = arg;
	dba_conn *c = NULL;
	err e;

	memset(&e, 0, sizeof(e));
	if (target_connect(p->tg, &c, &e)) {
		pthread_mutex_lock(&p->mu);
		if (!p->failed++)
			p->first = e;
		pthread_cond_broadcast(&p->cv);
		pthread_mutex_unlock(&p->mu);
		return NULL;
	}
	pthread_mutex_lock(&p->mu);
	for (;;) {
		seed_table *pick = NULL;
		int waiting = 0;

		for (size_t i = 0; i < p->cfg->ntables && !p->failed && !sig_stop; i++) {
			seed_table *t = p->cfg->order[i];
			int ready = t->state == 0;

			if (t->state == 0)
				waiting++;
			for (size_t d = 0; ready && d < t->ndeps; d++)
				ready = t->deps[d]->state == 2;
			if (ready && !pick)
				pick = t;
		}
		if (!pick) {
			if (!waiting || p->failed || sig_stop)
				break;
			pthread_cond_wait(&p->cv, &p->mu);
			continue;
		}
		pick->state = 1;
		pthread_mutex_unlock(&p->mu);
		memset(&e, 0, sizeof(e));
		int rc = tx(p->tg, c, DBA_TX_BEGIN, &e);
		if (!rc)
			rc = load_table(p->cfg, pick, p->tg, c, p->o, p->now_us, &e);
		if (!rc)
			rc = tx(p->tg, c, DBA_TX_COMMIT, &e);
		else {
			err ignore;

			tx(p->tg, c, DBA_TX_ROLLBACK, &ignore);
		}
		pthread_mutex_lock(&p->mu);
		pick->state = rc ? 3 : 2;
		pick->committed = !rc;
		if (rc && !p->failed++)
			p->first = e;
		pthread_cond_broadcast(&p->cv);
	}
	pthread_cond_broadcast(&p->cv);
	pthread_mutex_unlock(&p->mu);
	p->tg->ops->disconnect(c);
	return NULL;
}

int seed_load(seed_cfg *cfg, target *tg, dba_conn *c, const seed_opts *o, err *e)
{
	int64_t now_us = wall_us();
	err ignore;

	if (o->csv_dir) {
		if (mkdir(o->csv_dir, 0777) && errno != EEXIST)
			return err_set(e, EXIT_RUNTIME, "cannot create \"%s\": %s", o->csv_dir, strerror(errno)), EXIT_RUNTIME;
		for (size_t i = 0; i < cfg->ntables; i++) {
			if (sig_stop)
				return EXIT_INTERRUPTED;
			if (load_table(cfg, cfg->order[i], tg, c, o, now_us, e))
				return e->code ? e->code : EXIT_RUNTIME;
			cfg->order[i]->committed = 1;
		}
		return EXIT_OK;
	}
	if (prepare_tables(cfg, tg, c, o, e))
		return e->code ? e->code : EXIT_RUNTIME;
	if (o->jobs <= 1) {
		if (tx(tg, c, DBA_TX_BEGIN, e))
			return EXIT_RUNTIME;
		if (o->truncate && truncate_tables(cfg, tg, c, e))
			goto fail;
		for (size_t i = 0; i < cfg->ntables; i++)
			if (load_table(cfg, cfg->order[i], tg, c, o, now_us, e))
				goto fail;
		if (sig_stop) {
			err_set(e, EXIT_INTERRUPTED, "interrupted");
			goto fail;
		}
		if (tx(tg, c, DBA_TX_COMMIT, e))
			return EXIT_RUNTIME;
		for (size_t i = 0; i < cfg->ntables; i++)
			cfg->tables[i].committed = 1;
		return EXIT_OK;
fail:
		tx(tg, c, DBA_TX_ROLLBACK, &ignore);
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
		if (tx(tg, c, DBA_TX_BEGIN, e) || truncate_tables(cfg, tg, c, e) || tx(tg, c, DBA_TX_COMMIT, e)) {
			tx(tg, c, DBA_TX_ROLLBACK, &ignore);
			return EXIT_RUNTIME;
		}
	}
	{
		struct pool p;
		pthread_t th[64];
		int n = o->jobs > 64 ? 64 : o->jobs;

		memset(&p, 0, sizeof(p));
		p.cfg = cfg;
		p.tg = tg;
		p.o = o;
		p.now_us = now_us;
		pthread_mutex_init(&p.mu, NULL);
		pthread_cond_init(&p.cv, NULL);
		for (int i = 0; i < n; i++)
			pthread_create(&th[i], NULL, worker, &p);
		for (int i = 0; i < n; i++)
			pthread_join(th[i], NULL);
		pthread_mutex_destroy(&p.mu);
		pthread_cond_destroy(&p.cv);
		if (p.failed || sig_stop) {
			*e = p.first;
			if (sig_stop) {
				err_set(e, EXIT_INTERRUPTED, "interrupted");
				err_detail(e, "tables not marked committed in the summary were rolled back");
				return EXIT_INTERRUPTED;
			}
			err_detail(e, "each table is its own transaction with --jobs: the summary shows which were committed");
			return EXIT_RUNTIME;
		}
	}
	return EXIT_OK;
}
