/*
 * Workload metadata: the tables and their keys from describe_table, key pools
 * read from real rows, and the statements each operation runs, written with
 * the driver's quoting and dialect.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <stdarg.h>

#include "../ini.h"
#include "run.h"

#define POOL_MAX 10000

/* Called by engine.c when a DELETE took a key: it leaves the select pool too. */
void schema_forget_key(wl_table *t, const char *key)
{
	pool_remove_value(&t->keys, key);
	if (t->known)
		kset_del(t->known, key);
}

/* ---- helpers ---- */

static int64_t real_clock_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

typedef struct sbuf {
	char *s;
	size_t n, cap;
} sbuf;

static void sb_add(sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sb_add(sbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	for (;;) {
		size_t room = b->cap - b->n;

		va_start(ap, fmt);
		n = vsnprintf(b->s ? b->s + b->n : NULL, b->s ? room : 0, fmt, ap);
		va_end(ap);
		if (b->s && (size_t)n < room) {
			b->n += (size_t)n;
			return;
		}
		b->cap = (b->cap + (size_t)n + 1) * 2;
		b->s = realloc(b->s, b->cap);
		if (!b->n)
			b->s[0] = 0;
	}
}

static const char *ph(const target *t, unsigned i, char *buf, size_t cap)
{
	if (t->dialect->placeholder == DBA_PH_QMARK)
		snprintf(buf, cap, "?");
	else if (t->dialect->placeholder == DBA_PH_AT)
		snprintf(buf, cap, "@p%u", i);
	else
		snprintf(buf, cap, "$%u", i);
	return buf;
}

static char *qi(const target *t, const char *name)
{
	return target_quote(t, NULL, name);
}

/* "SELECT [TOP (n)] body [LIMIT n]" */
static char *limited(const target *t, const char *cols, const char *rest, int n)
{
	sbuf b = { 0 };

	if (t->dialect->limit_style == DBA_LIMIT_TOP)
		sb_add(&b, "SELECT TOP (%d) %s %s", n, cols, rest);
	else
		sb_add(&b, "SELECT %s %s LIMIT %d", cols, rest, n);
	return b.s;
}

typedef struct collect {
	pool *p;
	int64_t max;
	int ints;
	uint32_t nkey;    /* > 1: composite keys, joined */
	kset *known;      /* composite keys: also here, when set */
} collect;

static int collect_row(void *ud, int32_t hdr, uint32_t n, const char *const *names, const char *const *v,
		       const uint32_t *len)
{
	collect *c = ud;

	(void)names; (void)len;
	if (hdr || n < 1 || !v[0])
		return 0;
	if (c->nkey > 1) {
		char key[WL_KEYMAX];

		if (n >= c->nkey && pool_key_join(key, sizeof(key), c->nkey, v) == 0) {
			pool_add(c->p, key);
			if (c->known)
				kset_add(c->known, key);
		}
	} else if (c->p)
		pool_add(c->p, v[0]);
	else if (c->ints) {
		int64_t x = strtoll(v[0], NULL, 10);
		if (x > c->max)
			c->max = x;
	}
	return 0;
}

static int find_table(const wl_schema *s, const char *schema, const char *name)
{
	for (unsigned i = 0; i < s->n; i++) {
		const dba_table *d = s->t[i].d;

		if (!strcmp(d->name, name) && (!schema || !d->schema || !strcmp(d->schema, schema)))
			return (int)i;
	}
	return -1;
}

static int col_index(const dba_table *d, const char *name)
{
	for (uint32_t i = 0; i < d->ncolumns; i++)
		if (!strcmp(d->columns[i].name, name))
			return (int)i;
	return -1;
}

/* The parent table index of a single-column FK on column ci that points at the parent's PK; -1 otherwise. */
static int fk_parent(const wl_schema *s, const dba_table *d, int ci)
{
	for (uint32_t f = 0; f < d->nfkeys; f++) {
		const dba_fkey *fk = &d->fkeys[f];
		int p;

		if (fk->ncols != 1 || strcmp(fk->columns[0], d->columns[ci].name))
			continue;
		p = find_table(s, fk->ref_schema, fk->ref_table);
		if (p < 0 || s->t[p].pk < 0 || strcmp(s->t[p].d->columns[s->t[p].pk].name, fk->ref_columns[0]))
			return -2; /* an FK we cannot feed */
		return p;
	}
	return -1;
}

/*
 * A multi-column FK on column ci that covers the parent's whole composite
 * key: the parent table index, *part = the key part ci takes and *fkno = the
 * FK.  -1 otherwise (such columns stay as before: generated values).
 */
static int fk_parent_multi(const wl_schema *s, const dba_table *d, int ci, int *part, int *fkno)
{
	for (uint32_t f = 0; f < d->nfkeys; f++) {
		const dba_fkey *fk = &d->fkeys[f];
		const wl_table *pt;
		int p, mine = -1, covered = 0;

		if (fk->ncols < 2)
			continue;
		for (uint32_t k = 0; k < fk->ncols; k++)
			if (!strcmp(fk->columns[k], d->columns[ci].name))
				mine = (int)k;
		if (mine < 0 || (p = find_table(s, fk->ref_schema, fk->ref_table)) < 0)
			continue;
		pt = &s->t[p];
		if (pt->nkey != fk->ncols)
			continue;
		*part = -1;
		for (unsigned j = 0; j < pt->nkey; j++)
			for (uint32_t k = 0; k < fk->ncols; k++)
				if (!strcmp(pt->d->columns[pt->key[j]].name, fk->ref_columns[k])) {
					covered++;
					if ((int)k == mine)
						*part = (int)j;
				}
		if (covered != (int)pt->nkey || *part < 0)
			continue;
		*fkno = (int)f;
		return p;
	}
	return -1;
}

static int is_key_col(const wl_table *w, int ci)
{
	for (unsigned k = 0; k < w->nkey; k++)
		if (w->key[k] == ci)
			return 1;
	return 0;
}

/* "a = $n AND b = $n+1 ..." over t's key columns, placeholders from first. */
static char *key_where(const target *t, const wl_table *w, unsigned first)
{
	sbuf b = { 0 };
	char pb[16];

	for (unsigned k = 0; k < w->nkey; k++) {
		char *q = qi(t, w->d->columns[w->key[k]].name);

		sb_add(&b, "%s%s = %s", k ? " AND " : "", q, ph(t, first + k, pb, sizeof(pb)));
		free(q);
	}
	return b.s;
}

/* "a, b ...": t's key columns. */
static char *key_cols(const target *t, const wl_table *w)
{
	sbuf b = { 0 };

	for (unsigned k = 0; k < w->nkey; k++) {
		char *q = qi(t, w->d->columns[w->key[k]].name);

		sb_add(&b, "%s%s", k ? ", " : "", q);
		free(q);
	}
	return b.s;
}

static int is_fk_col(const dba_table *d, int ci)
{
	for (uint32_t f = 0; f < d->nfkeys; f++)
		for (uint32_t k = 0; k < d->fkeys[f].ncols; k++)
			if (!strcmp(d->fkeys[f].columns[k], d->columns[ci].name))
				return 1;
	return 0;
}

static int ts_column(const dba_table *d)
{
	int best = -1;

	for (uint32_t i = 0; i < d->ncolumns; i++) {
		if (d->columns[i].family != DBA_FAM_TIMESTAMP)
			continue;
		if (best < 0 || strcasestr(d->columns[i].name, "created") || strcasestr(d->columns[i].name, "time"))
			best = (int)i;
		if (strcasestr(d->columns[i].name, "created"))
			break;
	}
	return best;
}

static gen_spec *spec_of(const char *gname, const char *k1, const char *v1, const char *k2, const char *v2)
{
	err e;
	gen_spec *s = gen_spec_new(gname, NULL, 0, &e);

	if (!s)
		return NULL;
	if ((k1 && gen_spec_set(s, k1, v1, 0, &e)) || (k2 && gen_spec_set(s, k2, v2, 0, &e)) ||
	    gen_spec_finish(s, &e)) {
		gen_spec_free(s);
		return NULL;
	}
	return s;
}

/* A value generator for UPDATE SET col = ?: one that cannot break usual CHECKs (positive numbers). */
static gen_spec *update_spec(const dba_column *c)
{
	switch (c->family) {
	case DBA_FAM_TIMESTAMP: return spec_of("timestamp", "type", "now", NULL, NULL);
	case DBA_FAM_DATE: return gen_spec_infer(c);
	case DBA_FAM_BOOL: return spec_of("boolean", NULL, NULL, NULL, NULL);
	case DBA_FAM_INT: return spec_of("random_int", "min", "1", "max", "100");
	case DBA_FAM_DECIMAL:
	case DBA_FAM_FLOAT:
		return c->precision > 0 && c->precision - (c->scale > 0 ? c->scale : 0) < 3 ? NULL :
			spec_of("random_decimal", "min", "1", "max", "99");
	}
	return NULL;
}

static int update_rank(int fam)
{
	switch (fam) {
	case DBA_FAM_TIMESTAMP: return 1;
	case DBA_FAM_DATE: return 2;
	case DBA_FAM_BOOL: return 3;
	case DBA_FAM_INT: return 4;
	case DBA_FAM_DECIMAL: return 5;
	case DBA_FAM_FLOAT: return 6;
	}
	return 99;
}

/* ---- statements ---- */

/* A composite key part of its own (no FK, no default) that is not an integer: values that rarely repeat. */
static gen_spec *key_part_spec(const dba_column *c)
{
	if (c->family == DBA_FAM_TEXT && (c->max_length <= 0 || c->max_length >= 20))
		return spec_of("template", "template", "w{row}", NULL, NULL);
	return gen_spec_infer(c);
}

/*
 * The step of a timestamp key part's clock: what the type keeps of a second
 * ("datetime(3)": 1 ms; MySQL's bare datetime: 1 s; smalldatetime: 1 min).
 */
static int64_t clock_step(const dba_column *c)
{
	const char *tn = c->type_name ? c->type_name : "", *par = strchr(tn, '(');
	int64_t step = 1;

	if (par && par[1] >= '0' && par[1] <= '9') {
		for (int n = atoi(par + 1); n < 6; n++)
			step *= 10;
		return step;
	}
	if (!strcasecmp(tn, "smalldatetime"))
		return 60000000;
	if (!strcasecmp(tn, "datetime") || !strcasecmp(tn, "timestamp"))
		return 1000000;
	return 1;
}

/* The insert column that makes the pick for a multi-column FK (the first of its columns); nins for a new one. */
static int fk_lead_col(const wl_table *w, const dba_fkey *fk, int p)
{
	for (unsigned k = 0; k < w->nins; k++) {
		if (w->ins[k].fk_part < 0 || w->ins[k].fk_table != p)
			continue;
		for (uint32_t j = 0; j < fk->ncols; j++)
			if (!strcmp(fk->columns[j], w->d->columns[w->ins[k].idx].name))
				return (int)k;
	}
	return (int)w->nins;
}

static void build_insert(wl_schema *s, wl_table *w, const target *t)
{
	const dba_table *d = w->d;
	sbuf cols = { 0 }, vals = { 0 };
	char pb[16];
	int time_now = s->shape == WL_SHAPE_WINDOW || s->shape == WL_SHAPE_FEED, fresh = 0;

	w->ins = calloc(d->ncolumns, sizeof(*w->ins));
	for (uint32_t i = 0; i < d->ncolumns; i++) {
		const dba_column *c = &d->columns[i];
		wl_col *wc = &w->ins[w->nins];
		int p = fk_parent(s, d, (int)i), part = -1, fkno = -1;

		if (c->is_generated || c->is_identity)
			continue;
		if (p == -1)
			p = fk_parent_multi(s, d, (int)i, &part, &fkno);
		memset(wc, 0, sizeof(*wc));
		wc->idx = (int)i;
		wc->fk_table = -1;
		wc->fk_part = -1;
		wc->fk_lead = -1;
		if ((int)i == w->pk && !c->has_default) {
			if (c->family == DBA_FAM_INT)
				wc->counter_key = 1;
			else if (!(wc->spec = gen_spec_infer(c)))
				goto fail;
		} else if (w->nkey > 1 && p == -1 && !c->has_default && is_key_col(w, (int)i)) {
			/* A composite key part not fed by an FK: a counter past the existing keys, or a clock. */
			if (c->family == DBA_FAM_INT) {
				wc->counter_key = 1;
			} else if (c->family == DBA_FAM_TIMESTAMP) {
				wc->counter_key = 2;
				wc->step = clock_step(c);
			} else if (!(wc->spec = key_part_spec(c))) {
				goto fail;
			}
		} else if (c->has_default) {
			continue;
		} else if (p >= 0) {
			wc->fk_table = p;
			if (part >= 0) {
				wc->fk_part = part;
				wc->fk_lead = fk_lead_col(w, &d->fkeys[fkno], p);
			}
		} else if (p == -2) {
			if (c->nullable)
				continue;
			goto fail;
		} else {
			if (time_now && c->family == DBA_FAM_TIMESTAMP)
				wc->spec = spec_of("timestamp", "type", "now", NULL, NULL);
			else
				wc->spec = gen_spec_infer(c);
			if (!wc->spec) {
				if (c->nullable)
					continue;
				goto fail;
			}
		}
		fresh |= wc->counter_key && is_key_col(w, (int)i);
		w->nins++;
	}
	for (unsigned k = 0; k < w->nins; k++) {
		char *q = qi(t, d->columns[w->ins[k].idx].name);

		sb_add(&cols, "%s%s", k ? ", " : "", q);
		sb_add(&vals, "%s%s", k ? ", " : "", ph(t, k + 1, pb, sizeof(pb)));
		free(q);
	}
	if (!w->nins)
		return;
	{
		sbuf b = { 0 };

		sb_add(&b, "INSERT INTO %s (%s) VALUES (%s)", w->q, cols.s, vals.s);
		if (w->nkey && s->returning) {
			char *pk = key_cols(t, w);

			sb_add(&b, " RETURNING %s", pk);
			free(pk);
		}
		w->sql[WL_S_INSERT] = b.s;
	}
	/* Where each key part comes from; a composite key drawn from parents alone may exist already. */
	for (unsigned k = 0; k < w->nkey; k++) {
		w->kins[k] = -1;
		for (unsigned j = 0; j < w->nins; j++)
			if (w->ins[j].idx == w->key[k])
				w->kins[k] = (int)j;
		fresh |= w->kins[k] < 0;
	}
	if (w->nkey > 1 && !fresh)
		w->known = kset_new();
	free(cols.s);
	free(vals.s);
	return;
fail:
	for (unsigned k = 0; k <= w->nins && k < d->ncolumns; k++)
		gen_spec_free(w->ins[k].spec);
	free(w->ins);
	w->ins = NULL;
	w->nins = 0;
	free(cols.s);
	free(vals.s);
}

static void build_update(wl_table *w, const target *t)
{
	sbuf b = { 0 };
	char pb[16], *uc = qi(t, w->d->columns[w->upd_col].name), *kw2 = key_where(t, w, 2);

	sb_add(&b, "UPDATE %s SET %s = %s WHERE %s", w->q, uc, ph(t, 1, pb, sizeof(pb)), kw2);
	w->sql[WL_S_UPDATE] = b.s;
	free(uc);
	free(kw2);
}

static void build_statements(wl_schema *s, wl_table *w, const wl_cfg *c, const target *t)
{
	const dba_table *d = w->d;
	char pb[16];
	char *kw;

	if (!w->nkey)
		return;
	kw = key_where(t, w, 1);
	{
		sbuf b = { 0 };
		sb_add(&b, "SELECT * FROM %s WHERE %s", w->q, kw);
		w->sql[WL_S_SELECT] = b.s;
	}
	build_insert(s, w, t);
	w->upd_col = -1;
	for (uint32_t i = 0; i < d->ncolumns; i++) {
		const dba_column *col = &d->columns[i];
		int r = update_rank(col->family);

		if (is_key_col(w, (int)i) || is_fk_col(d, (int)i) || col->is_generated || col->is_identity || r == 99)
			continue;
		if (w->upd_col < 0 || r < update_rank(d->columns[w->upd_col].family)) {
			gen_spec *sp = update_spec(col);
			if (!sp)
				continue;
			gen_spec_free(w->upd_spec);
			w->upd_spec = sp;
			w->upd_col = (int)i;
		}
	}
	if (w->upd_col >= 0)
		build_update(w, t);
	if (w->leaf) {
		sbuf b = { 0 };
		sb_add(&b, "DELETE FROM %s WHERE %s", w->q, kw);
		w->sql[WL_S_DELETE] = b.s;
	}
	/* Pattern read shapes. */
	w->shape_parent = -1;
	w->ts_col = ts_column(d);
	if (s->shape == WL_SHAPE_JOIN || s->shape == WL_SHAPE_AGG || s->shape == WL_SHAPE_FEED) {
		for (uint32_t i = 0; i < d->ncolumns && w->shape_parent < 0; i++) {
			int p = fk_parent(s, d, (int)i);
			if (p >= 0 && p != (int)(w - s->t)) {
				w->shape_parent = p;
				{
					wl_table *pt = &s->t[p];
					char *fc = qi(t, d->columns[i].name), *ppk = qi(t, pt->d->columns[pt->pk].name);
					sbuf b = { 0 };

					if (s->shape == WL_SHAPE_JOIN && c->use_joins) {
						sb_add(&b, "SELECT c.* FROM %s c JOIN %s p ON c.%s = p.%s WHERE p.%s = %s",
						       w->q, pt->q, fc, ppk, ppk, ph(t, 1, pb, sizeof(pb)));
						w->sql[WL_S_SHAPE] = b.s;
					} else if (s->shape == WL_SHAPE_AGG && c->use_aggregations) {
						sbuf rest = { 0 };
						sb_add(&rest, "FROM %s c JOIN %s p ON c.%s = p.%s GROUP BY p.%s ORDER BY COUNT(*) DESC",
						       w->q, pt->q, fc, ppk, ppk);
						sb_add(&b, "p.%s, COUNT(*) AS n", ppk);
						w->sql[WL_S_SHAPE] = limited(t, b.s, rest.s, c->avg_result_set_size);
						free(b.s);
						free(rest.s);
					} else if (s->shape == WL_SHAPE_FEED && w->ts_col >= 0) {
						char *tc = qi(t, d->columns[w->ts_col].name);
						sbuf rest = { 0 };
						sb_add(&rest, "FROM %s WHERE %s = %s ORDER BY %s DESC", w->q, fc,
						       ph(t, 1, pb, sizeof(pb)), tc);
						w->sql[WL_S_SHAPE] = limited(t, "*", rest.s, 20);
						free(rest.s);
						free(tc);
					} else {
						free(b.s);
					}
					free(fc);
					free(ppk);
				}
				if (!w->sql[WL_S_SHAPE])
					w->shape_parent = -1;
			}
		}
	} else if (s->shape == WL_SHAPE_WINDOW && w->ts_col >= 0) {
		sbuf b = { 0 };
		char *tc = qi(t, d->columns[w->ts_col].name);

		sb_add(&b, "SELECT COUNT(*), MAX(%s) FROM %s WHERE %s >= %s", tc, w->q, tc, ph(t, 1, pb, sizeof(pb)));
		w->sql[WL_S_SHAPE] = b.s;
		free(tc);
	}
	free(kw);
}

static int load_pool(const target *t, dba_conn *conn, wl_table *w, err *e)
{
	dba_error de;
	collect cl = { &w->keys, 0, 0, w->nkey, w->known };
	char *cols = key_cols(t, w), *sql, rest[2048];
	int rc;

	snprintf(rest, sizeof(rest), "FROM %s", w->q);
	sql = limited(t, cols, rest, POOL_MAX);
	memset(&de, 0, sizeof(de));
	rc = t->ops->exec(conn, sql, collect_row, &cl, NULL, &de);
	free(sql);
	free(cols);
	if (rc)
		return err_from_db(e, EXIT_RUNTIME, &de, w->q);
	return 0;
}

static int first_text(void *ud, int32_t hdr, uint32_t n, const char *const *names, const char *const *v,
		      const uint32_t *len)
{
	(void)names; (void)len;
	if (!hdr && n > 0 && v[0])
		snprintf(ud, 64, "%s", v[0]);
	return 0;
}

/* A timestamp as the server prints it ("2024-05-01 10:00:00.25", maybe "+02" or "+05:30") in microseconds UTC. */
static int ts_text_us(const char *s, int64_t *us)
{
	struct tm tm;
	int64_t frac = 0, scale = 1000000, off = 0;
	int n = 0;

	memset(&tm, 0, sizeof(tm));
	if (sscanf(s, "%d-%d-%d%*[ T]%d:%d:%d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min,
		   &tm.tm_sec, &n) != 6 || !n)
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon--;
	for (s += n, s += *s == '.'; *s >= '0' && *s <= '9'; s++)
		if (scale > 1)
			frac += (*s - '0') * (scale /= 10);
	if (*s == '+' || *s == '-') {
		int oh = 0, om = 0;

		sscanf(s + 1, "%d:%d", &oh, &om);
		off = (oh * 3600LL + om * 60) * (*s == '-' ? -1 : 1);
	}
	*us = ((int64_t)timegm(&tm) - off) * 1000000 + frac;
	return 0;
}

/*
 * Counter keys continue after the existing maximum.  A coarse key clock
 * (whole seconds) continues after the latest existing stamp when that lies
 * ahead of now: an earlier run's clock gets ahead of time when it stamps
 * more than one row a second.  A microsecond clock meets existing stamps
 * too rarely to matter.
 */
static int load_counters(const target *t, dba_conn *conn, wl_table *w, err *e)
{
	for (unsigned k = 0; k < w->nins; k++) {
		collect cl = { NULL, 0, 1, 0, NULL };
		dba_error de;
		char q[2048], *col, max[64] = "";
		int64_t us;
		int rc;

		if (!w->ins[k].counter_key || (w->ins[k].counter_key == 2 && w->ins[k].step == 1))
			continue;
		col = qi(t, w->d->columns[w->ins[k].idx].name);
		snprintf(q, sizeof(q), "SELECT MAX(%s) FROM %s", col, w->q);
		free(col);
		memset(&de, 0, sizeof(de));
		if (w->ins[k].counter_key == 1)
			rc = t->ops->exec(conn, q, collect_row, &cl, NULL, &de);
		else
			rc = t->ops->exec(conn, q, first_text, max, NULL, &de);
		if (rc)
			return err_from_db(e, EXIT_RUNTIME, &de, w->q);
		if (w->ins[k].counter_key == 1)
			atomic_store(&w->ins[k].next, cl.max + 1);
		else if (*max && ts_text_us(max, &us) == 0)
			atomic_store(&w->ins[k].next, us / w->ins[k].step * w->ins[k].step);
	}
	return 0;
}

/*
 * Text columns whose existing values repeat (status, country, category) are
 * likely restricted by a CHECK or a lookup the schema does not tell us
 * about: inserts reuse existing values there.  Columns whose sampled values
 * are all distinct get generated text.
 */
typedef struct sampler {
	wl_table *w;
	int map[256]; /* result column -> insert column, -1 */
} sampler;

static int sample_row(void *ud, int32_t hdr, uint32_t n, const char *const *names, const char *const *v,
		      const uint32_t *len)
{
	sampler *sm = ud;

	(void)len;
	for (uint32_t i = 0; i < n && i < 256; i++) {
		if (hdr) {
			sm->map[i] = -1;
			for (unsigned k = 0; k < sm->w->nins; k++)
				if (sm->w->ins[k].sample && !strcmp(sm->w->d->columns[sm->w->ins[k].idx].name, names[i]))
					sm->map[i] = (int)k;
		} else if (sm->map[i] >= 0 && v[i]) {
			pool_add(sm->w->ins[sm->map[i]].sample, v[i]);
		}
	}
	return 0;
}

/*
 * A table whose only updatable columns are text still gets UPDATEs: a column
 * with repeating values takes one of them (a status moves to another valid
 * status), else a column of 20 characters or more takes text unique to the
 * run (it may be UNIQUE).  Other text is left alone.
 */
static void text_update(wl_table *w, const target *t)
{
	int best = -1;

	if (w->upd_col >= 0 || !w->nkey)
		return;
	for (unsigned k = 0; k < w->nins; k++) {
		const wl_col *c = &w->ins[k];
		const dba_column *col = &w->d->columns[c->idx];

		if (col->family != DBA_FAM_TEXT || c->counter_key || c->fk_table >= 0 || is_key_col(w, c->idx))
			continue;
		if (c->sample) {
			best = (int)k;
			break;
		}
		if (best < 0 && (col->max_length <= 0 || col->max_length >= 20))
			best = (int)k;
	}
	if (best < 0)
		return;
	if (w->ins[best].sample) {
		w->upd_sample = w->ins[best].sample;
	} else if (!(w->upd_spec = spec_of("template", "template", "u{row}", NULL, NULL))) {
		return;
	}
	w->upd_col = w->ins[best].idx;
	build_update(w, t);
}

static void sample_text(const target *t, dba_conn *conn, wl_table *w)
{
	sampler sm;
	dba_error de;
	char rest[2048], *sql;
	int any = 0;

	for (unsigned k = 0; k < w->nins; k++) {
		wl_col *c = &w->ins[k];

		if (c->spec && !c->counter_key && !is_key_col(w, c->idx) && w->d->columns[c->idx].family == DBA_FAM_TEXT) {
			c->sample = malloc(sizeof(pool));
			pool_init(c->sample, 0);
			any = 1;
		}
	}
	if (!any)
		return;
	memset(&sm, 0, sizeof(sm));
	sm.w = w;
	snprintf(rest, sizeof(rest), "FROM %s", w->q);
	sql = limited(t, "*", rest, 200);
	memset(&de, 0, sizeof(de));
	t->ops->exec(conn, sql, sample_row, &sm, NULL, &de);
	free(sql);
	for (unsigned k = 0; k < w->nins; k++) {
		pool *p = w->ins[k].sample;
		size_t distinct = 0;

		if (!p)
			continue;
		for (size_t i = 0; i < p->n; i++) {
			size_t j;
			for (j = 0; j < i && strcmp(p->v[i], p->v[j]); j++)
				;
			distinct += j == i;
		}
		if (p->n < 2 || distinct == p->n) {
			const dba_column *col = &w->d->columns[w->ins[k].idx];
			gen_spec *u;

			/* All distinct: probably UNIQUE; text with a unique run-wide counter in it. */
			if (p->n >= 2 && !gen_spec_unique(w->ins[k].spec) &&
			    (col->max_length <= 0 || col->max_length >= 20) &&
			    (u = spec_of("template", "template", "w{row}", NULL, NULL))) {
				gen_spec_free(w->ins[k].spec);
				w->ins[k].spec = u;
			}
			pool_free(p);
			free(p);
			w->ins[k].sample = NULL;
		}
	}
	text_update(w, t);
}

pool *schema_fk_pool(wl_schema *s, const char *table, const char *column)
{
	char *sch = NULL, *name = NULL;
	int i;

	if (ini_split_table(table, &sch, &name))
		return NULL;
	i = find_table(s, sch, name);
	free(sch);
	free(name);
	if (i < 0 || s->t[i].pk < 0 || strcmp(s->t[i].d->columns[s->t[i].pk].name, column))
		return NULL;
	return &s->t[i].keys;
}

/* ---- loading ---- */

static int has_table(char **list, const dba_table *d)
{
	for (; list && *list; list++) {
		char *sch = NULL, *name = NULL;
		int hit;

		/* The list came unquoted: a name holding a double quote no longer splits, so it is taken whole. */
		if (!strcmp(*list, d->name))
			return 1;
		if (ini_split_table(*list, &sch, &name))
			continue;
		hit = !strcmp(name, d->name) && (!sch || !d->schema || !strcmp(sch, d->schema));
		free(sch);
		free(name);
		if (hit)
			return 1;
	}
	return 0;
}

int schema_load(wl_schema *s, wl_cfg *c, target *t, dba_conn *conn, err *e)
{
	char **names = NULL;
	dba_error de;
	int rc = -1;

	memset(s, 0, sizeof(*s));
	memset(&de, 0, sizeof(de));
	s->returning = (t->drv->d->caps & DBA_CAP_RETURNING) != 0;
	s->pattern = c->pattern;
	s->shape = c->pattern ? c->pattern->shape : WL_SHAPE_POINT;
	if (c->has_ops && !c->pattern)
		s->shape = c->use_joins ? WL_SHAPE_JOIN : c->use_aggregations ? WL_SHAPE_AGG : WL_SHAPE_POINT;
	if (t->ops->list_tables(conn, &names, &de))
		return err_from_db(e, EXIT_RUNTIME, &de, "listing tables");
	for (size_t i = 0; names[i]; i++) {
		char *sch = NULL, *name = NULL;
		dba_table *d = NULL;

		/*
		 * list_tables gives raw names ("name" or "schema.name", no quoting):
		 * split at the last dot, and if that names no table, the dot belongs
		 * to the name.
		 */
		{
			const char *dot = strrchr(names[i], '.');

			sch = dot ? strndup(names[i], (size_t)(dot - names[i])) : NULL;
			name = strdup(dot ? dot + 1 : names[i]);
		}
		if (t->ops->describe_table(conn, sch, name, &d, &de) && sch) {
			free(sch);
			free(name);
			sch = NULL;
			name = strdup(names[i]);
			memset(&de, 0, sizeof(de));
			if (t->ops->describe_table(conn, NULL, name, &d, &de) == 0)
				goto described;
		} else if (d) {
			goto described;
		}
		free(sch);
		free(name);
		err_from_db(e, EXIT_RUNTIME, &de, names[i]);
		goto out;
described:
		s->t = realloc(s->t, (s->n + 1) * sizeof(*s->t));
		wl_table *w = &s->t[s->n++];
		memset(w, 0, sizeof(*w));
		w->d = d;
		w->q = target_quote(t, sch, name);
		for (uint32_t k = 0; k < d->npk && d->npk <= WL_MAXKEY; k++) {
			int ci = col_index(d, d->pk[k]);

			if (ci < 0)
				break;
			w->key[k] = ci;
			w->kint[k] = d->columns[ci].family == DBA_FAM_INT;
			if (k + 1 == d->npk)
				w->nkey = d->npk;
		}
		w->pk = w->nkey == 1 ? w->key[0] : -1;
		w->upd_col = -1;
		w->shape_parent = -1;
		w->ts_col = -1;
		pool_init(&w->keys, w->pk >= 0 && d->columns[w->pk].family == DBA_FAM_INT);
		pool_init(&w->mine, w->keys.int_family);
		/* Generator rows start at the clock so that runs do not repeat each other's values. */
		atomic_store(&w->rows, (unsigned long long)(real_clock_us() % 1000000000000000ULL));
		w->selected = c->tables ? has_table(c->tables, d) : d->npk > 0;
		free(sch);
		free(name);
	}
	for (char **l = c->tables; l && *l; l++) {
		int found = 0;
		for (unsigned i = 0; i < s->n; i++) {
			char *one[2] = { *l, NULL };
			found |= has_table(one, s->t[i].d);
		}
		if (!found) {
			err_set(e, EXIT_USAGE, "table \"%s\" does not exist", *l);
			goto out;
		}
	}
	/* Leaves: tables no other table references. */
	for (unsigned i = 0; i < s->n; i++) {
		s->t[i].leaf = 1;
		for (unsigned j = 0; j < s->n; j++)
			for (uint32_t f = 0; f < s->t[j].d->nfkeys; f++) {
				const dba_fkey *fk = &s->t[j].d->fkeys[f];
				if (j != i && find_table(s, fk->ref_schema, fk->ref_table) == (int)i)
					s->t[i].leaf = 0;
			}
	}
	for (unsigned i = 0; i < s->n; i++) {
		wl_table *w = &s->t[i];

		if (!w->nkey)
			continue;
		/* Statements first: they decide whether the pool also fills the set of known keys. */
		if (w->selected)
			build_statements(s, w, c, t);
		if (load_pool(t, conn, w, e))
			goto out;
		if (w->selected) {
			sample_text(t, conn, w);
			if (load_counters(t, conn, w, e))
				goto out;
		}
	}
	{
		int any = 0;
		for (unsigned i = 0; i < s->n; i++)
			any |= s->t[i].selected && s->t[i].nkey > 0;
		if (!any && c->nqueries == 0) {
			err_set(e, EXIT_USAGE, "no table to run the workload on");
			err_detail(e, "the operations need tables with a primary key of at most %d columns", WL_MAXKEY);
			goto out;
		}
	}
	s->qsql = calloc(c->nqueries + 1, sizeof(*s->qsql));
	for (unsigned i = 0; i < c->nqueries; i++) {
		wl_query *q = &c->queries[i];

		s->qsql[i] = workload_rewrite_sql(q->sql, t->dialect->placeholder, NULL);
		for (unsigned k = 0; k < q->nparams; k++) {
			const gen_spec *sp = q->params[k].spec;
			if (gen_spec_fk_table(sp) && !schema_fk_pool(s, gen_spec_fk_table(sp), gen_spec_fk_column(sp))) {
				err_set(e, EXIT_USAGE, "%s: [param %s.%s] references %s, which is not a single-column primary key of the target",
					gen_spec_where(sp), q->name, q->params[k].name, gen_spec_fk_ref(sp));
				goto out;
			}
		}
	}
	rc = 0;
out:
	t->ops->strv_free(names);
	return rc;
}

void schema_free(wl_schema *s, const target *t)
{
	for (unsigned i = 0; i < s->n; i++) {
		wl_table *w = &s->t[i];

		for (unsigned k = 0; k < w->nins; k++) {
			gen_spec_free(w->ins[k].spec);
			if (w->ins[k].sample) {
				pool_free(w->ins[k].sample);
				free(w->ins[k].sample);
			}
		}
		free(w->ins);
		gen_spec_free(w->upd_spec);
		for (int k = 0; k < WL_S_NSQL; k++)
			free(w->sql[k]);
		pool_free(&w->keys);
		pool_free(&w->mine);
		kset_free(w->known);
		free(w->q);
		t->ops->table_free(w->d);
	}
	free(s->t);
	for (unsigned i = 0; s->qsql && s->qsql[i]; i++)
		free(s->qsql[i]);
	free(s->qsql);
	memset(s, 0, sizeof(*s));
}
