/*
 * The statements each workload operation runs, written with the driver's
 * quoting, placeholders and dialect, and the value generators behind them.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../gen/check.h"
#include "../gen/choose.h"

#include "catalog.h"
#include "colspec.h"
#include "pgrules.h"
#include "stmt.h"
#include "uniq.h"

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
char *stmt_limited(const target *t, const char *cols, const char *rest, int n)
{
	sbuf b = { 0 };

	if (t->dialect->limit_style == DBA_LIMIT_TOP)
		sb_add(&b, "SELECT TOP (%d) %s %s", n, cols, rest);
	else
		sb_add(&b, "SELECT %s %s LIMIT %d", cols, rest, n);
	return b.s;
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
char *stmt_key_cols(const target *t, const wl_table *w)
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

/* A value generator for UPDATE SET col = ?: one that cannot break usual CHECKs (positive numbers). */
static gen_spec *update_spec(const dba_table *d, uint32_t i)
{
	const dba_column *c = &d->columns[i];
	int ck = choose_checked(d, i);

	if (ck == 2)
		return NULL;
	if (ck == 1)
		return choose_infer(d, i);
	switch (c->family) {
	case DBA_FAM_TIMESTAMP: return colspec_of("timestamp", "type", "now", NULL, NULL);
	case DBA_FAM_DATE: return gen_spec_infer(c);
	case DBA_FAM_BOOL: return colspec_of("boolean", NULL, NULL, NULL, NULL);
	case DBA_FAM_INT: return colspec_of("random_int", "min", "1", "max", "100");
	case DBA_FAM_DECIMAL:
	case DBA_FAM_FLOAT:
		return c->precision > 0 && c->precision - (c->scale > 0 ? c->scale : 0) < 3 ? NULL :
			colspec_of("random_decimal", "min", "1", "max", "99");
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
static gen_spec *key_part_spec(const dba_table *d, uint32_t i)
{
	const dba_column *c = &d->columns[i];

	if ((c->family == DBA_FAM_TEXT || c->family == DBA_FAM_BINARY) && (c->max_length <= 0 || c->max_length >= 20) &&
	    !choose_checked(d, i))
		return colspec_of("template", "template", "w{row}", NULL, NULL);
	return choose_infer(d, i);
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

/*
 * An identity key of a TINYINT type: a lookup table whose key space (127 or
 * 255) a workload would exhaust within seconds; it gets no INSERTs.
 */
static int small_identity_key(const dba_table *d, int pk)
{
	const dba_column *c = pk >= 0 ? &d->columns[pk] : NULL;

	return c && c->is_identity && c->type_name && !strncasecmp(c->type_name, "tinyint", 7);
}

/* The INSERT columns a CHECK puts in order (enddate >= startdate) or apart (a <> b): check.h. */
static void insert_orders(wl_table *w)
{
	check_set *cs = check_set_new(w->d);

	for (unsigned k = 0; cs && k < w->nins; k++) {
		const check_col *cc = check_set_col(cs, (uint32_t)w->ins[k].idx);
		struct wl_order *v;

		for (unsigned j = 0; j < w->nins; j++) {
			int d = w->ins[j].idx == cc->differ_col;

			if ((!d && w->ins[j].idx != cc->after_col) ||
			    !(v = realloc(w->orders, (w->norders + 1) * sizeof(*v))))
				continue;
			w->orders = v;
			v[w->norders++] = (struct wl_order){ k, j, cc->after_strict, cc->has_max, d };
		}
	}
	check_set_free(cs);
}

/* INSERT INTO t (the INSERT columns) VALUES (placeholders) [RETURNING the key]. */
static char *insert_sql(const wl_schema *s, const wl_table *w, const target *t)
{
	sbuf b = { 0 }, cols = { 0 }, vals = { 0 };
	char pb[16];

	for (unsigned k = 0; k < w->nins; k++) {
		char *q = qi(t, w->d->columns[w->ins[k].idx].name);

		sb_add(&cols, "%s%s", k ? ", " : "", q);
		sb_add(&vals, "%s%s", k ? ", " : "", ph(t, k + 1, pb, sizeof(pb)));
		free(q);
	}
	sb_add(&b, "INSERT INTO %s (%s) VALUES (%s)", w->q, cols.s, vals.s);
	/* PostgreSQL refuses RETURNING where an INSERT rule may rewrite the statement */
	if (w->nkey && s->returning && !pgrules_insert_rule(s->rules, w->d->name)) {
		char *pk = stmt_key_cols(t, w);

		sb_add(&b, " RETURNING %s", pk);
		free(pk);
	}
	free(cols.s);
	free(vals.s);
	return b.s;
}

static void build_insert(wl_schema *s, wl_table *w, const target *t)
{
	const dba_table *d = w->d;
	int time_now = s->shape == WL_SHAPE_WINDOW || s->shape == WL_SHAPE_FEED, fresh = 0;

	if (small_identity_key(d, w->pk))
		return;
	w->ins = calloc(d->ncolumns, sizeof(*w->ins));
	for (uint32_t i = 0; i < d->ncolumns; i++) {
		const dba_column *c = &d->columns[i];
		wl_col *wc = &w->ins[w->nins];
		int p = catalog_fk_parent(s, d, (int)i), part = -1, fkno = -1;

		if (c->is_generated || c->is_identity)
			continue;
		if (p == -1)
			p = catalog_fk_parent_multi(s, d, (int)i, &part, &fkno);
		memset(wc, 0, sizeof(*wc));
		wc->idx = (int)i;
		wc->fk_table = -1;
		wc->fk_part = -1;
		wc->fk_lead = -1;
		/* A DEFAULT that repeats one value is no use on a key, unique or FK column: generated instead. */
		int dflt = c->has_default && !(choose_default_constant(c->default_expr) &&
					      (catalog_is_key_col(w, (int)i) || p >= 0 || uniq_col(t, w, (int)i))) &&
			   !choose_over_default(d, i);

		if ((int)i == w->pk && !dflt && p < 0) {
			if (c->family == DBA_FAM_INT)
				wc->counter_key = 1, wc->cmax = choose_int_max(d, i);
			else if (!(wc->spec = key_part_spec(d, i)))
				goto fail;
		} else if (w->nkey > 1 && p == -1 && !dflt && catalog_is_key_col(w, (int)i)) {
			/* A composite key part not fed by an FK: a counter past the existing keys, a clock,
			 * or the values or range its CHECKs (or partitions) allow. */
			if (c->family == DBA_FAM_INT && choose_nvalues(d, i)) {
				if (!(wc->spec = choose_infer(d, i)))
					goto fail;
			} else if (c->family == DBA_FAM_INT) {
				wc->counter_key = 1, wc->cmax = choose_int_max(d, i);
			} else if (c->family == DBA_FAM_TIMESTAMP && !choose_checked(d, i)) { /* bounded: drawn */
				wc->counter_key = 2;
				wc->step = colspec_clock_step(c);
			} else if (!(wc->spec = key_part_spec(d, i))) {
				goto fail;
			}
		} else if (dflt) {
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
			if (time_now && c->family == DBA_FAM_TIMESTAMP && !choose_checked(d, i))
				wc->spec = colspec_of("timestamp", "type", "now", NULL, NULL);
			else
				wc->spec = choose_infer(d, i);
			if (!wc->spec) {
				if (c->nullable)
					continue;
				goto fail;
			}
		}
		fresh |= wc->counter_key && catalog_is_key_col(w, (int)i);
		w->nins++;
	}
	insert_orders(w);
	if (!w->nins)
		return;
	w->sql[WL_S_INSERT] = insert_sql(s, w, t);
	/* Where each key part comes from; a composite key drawn from parents alone may exist already. */
	for (unsigned k = 0; k < w->nkey; k++) {
		w->kins[k] = -1;
		for (unsigned j = 0; j < w->nins; j++)
			if (w->ins[j].idx == w->key[k])
				w->kins[k] = (int)j;
		fresh |= w->kins[k] < 0;
	}
	/* A key drawn from parents alone (a junction, a 1:1 table keyed by its FK) may exist already. */
	if (!fresh) {
		w->known = kset_new();
		w->keys.forget = w->known; /* a key the bounded pool lets go is no longer avoided */
	}
	return;
fail:
	for (unsigned k = 0; k <= w->nins && k < d->ncolumns; k++)
		gen_spec_free(w->ins[k].spec);
	free(w->ins);
	w->ins = NULL;
	w->nins = 0;
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

void stmt_build(wl_schema *s, wl_table *w, const wl_cfg *c, const target *t)
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
	uniq_insert(t, w);
	w->upd_col = -1;
	for (uint32_t i = 0; i < d->ncolumns; i++) {
		const dba_column *col = &d->columns[i];
		int r = update_rank(col->family);

		/* an UPDATE through an inheritance parent reaches its children's rows: not what their CHECKs read */
		if (catalog_is_key_col(w, (int)i) || is_fk_col(d, (int)i) || uniq_col(t, w, (int)i) || col->is_generated ||
		    col->is_identity || r == 99 || pgrules_child_checked(s->rules, d->name, col->name) ||
		    choose_ordered(d, i)) /* an UPDATE of one side alone could break the order */
			continue;
		if (w->upd_col < 0 || r < update_rank(d->columns[w->upd_col].family)) {
			gen_spec *sp = update_spec(d, i);
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
			int p = catalog_fk_parent(s, d, (int)i);
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
						w->sql[WL_S_SHAPE] = stmt_limited(t, b.s, rest.s, c->avg_result_set_size);
						free(b.s);
						free(rest.s);
					} else if (s->shape == WL_SHAPE_FEED && w->ts_col >= 0) {
						char *tc = qi(t, d->columns[w->ts_col].name);
						sbuf rest = { 0 };
						sb_add(&rest, "FROM %s WHERE %s = %s ORDER BY %s DESC", w->q, fc,
						       ph(t, 1, pb, sizeof(pb)), tc);
						w->sql[WL_S_SHAPE] = stmt_limited(t, "*", rest.s, 20);
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

/*
 * A table whose only updatable columns are text still gets UPDATEs: a column
 * with repeating values takes one of them (a status moves to another valid
 * status), else a column of 20 characters or more takes text unique to the
 * run (it may be UNIQUE).  Other text is left alone.
 */
void stmt_text_update(wl_table *w, const target *t)
{
	int best = -1;

	if (w->upd_col >= 0 || !w->nkey)
		return;
	for (unsigned k = 0; k < w->nins; k++) {
		const wl_col *c = &w->ins[k];
		const dba_column *col = &w->d->columns[c->idx];

		if (col->family != DBA_FAM_TEXT || c->counter_key || c->fk_table >= 0 || catalog_is_key_col(w, c->idx) ||
		    uniq_col(t, w, c->idx))
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
	} else if (!(w->upd_spec = colspec_of("template", "template", "u{row}", NULL, NULL))) {
		return;
	}
	w->upd_col = w->ins[best].idx;
	build_update(w, t);
}
