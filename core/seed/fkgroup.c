/*
 * Multi-column foreign keys: the columns of one FK share the parent row the
 * group's lead picks (fksrc_pick), read as whole rows in one SELECT.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fkgroup.h"

#define GROUP_MAX 16

static seed_col *col_named(seed_table *t, const char *name)
{
	for (size_t k = 0; k < t->ncols; k++)
		if (!strcmp(t->cols[k].name, name))
			return &t->cols[k];
	return NULL;
}

void fkgroup_plan(seed_table *t)
{
	for (uint32_t f = 0; t->meta && f < t->meta->nfkeys; f++) {
		const dba_fkey *fk = &t->meta->fkeys[f];
		seed_col *m[GROUP_MAX], *lead = NULL;
		uint32_t j;

		if (fk->ncols < 2 || fk->ncols > GROUP_MAX)
			continue;
		for (j = 0; j < fk->ncols; j++) {
			seed_col *c = col_named(t, fk->columns[j]);

			/* every column a foreign_key onto its own part of the same parent, none already grouped */
			if (!c || c->force_null || !c->fk.kind || c->fk.grouped || c->fk.kind == FK_SELF_SEQ ||
			    c->fk.parent == t || !c->fk.ref_table || strcmp(c->fk.ref_table, fk->ref_table) ||
			    strcmp(c->fk.ref_column, fk->ref_columns[j]))
				break;
			m[j] = c;
			if (!lead || c < lead)
				lead = c;
		}
		if (j < fk->ncols)
			continue;
		for (j = 0; j < fk->ncols; j++) {
			m[j]->fk.grouped = 1;
			m[j]->fk.kind = FK_VALUES;
			m[j]->fk.lead = m[j] == lead ? NULL : &lead->fk;
		}
	}
}

struct rows {
	uint32_t n;
	char **cells;
	size_t nrows, cap;
	int oom;
};

static int take_row(void *ud, int32_t is_header, uint32_t ncols, const char *const *names,
		    const char *const *values, const uint32_t *lengths)
{
	struct rows *r = ud;

	(void)names;
	(void)lengths;
	if (is_header || ncols < r->n)
		return 0;
	if (r->nrows == r->cap) {
		size_t nc = r->cap ? r->cap * 2 : 256;
		char **v = realloc(r->cells, nc * r->n * sizeof(*v));

		if (!v)
			return r->oom = 1;
		r->cells = v;
		r->cap = nc;
	}
	for (uint32_t j = 0; j < r->n; j++)
		if (!(r->cells[r->nrows * r->n + j] = strdup(values[j] ? values[j] : "")))
			r->oom = 1;
	r->nrows++;
	return r->oom;
}

/* Member j's values from column j of the rows: text in its arena, integers parsed. */
static int fill_member(seed_fk *fk, const struct rows *r, uint32_t j)
{
	size_t len = 0, at = 0;

	for (size_t i = 0; i < r->nrows; i++)
		len += strlen(r->cells[i * r->n + j]) + 1;
	free(fk->values);
	free(fk->arena);
	fk->values = calloc(r->nrows ? r->nrows : 1, sizeof(*fk->values));
	fk->arena = malloc(len ? len : 1);
	fk->nvalues = 0;
	if (!fk->values || !fk->arena)
		return -1;
	for (size_t i = 0; i < r->nrows; i++) {
		const char *s = r->cells[i * r->n + j];
		size_t l = strlen(s);
		dba_value *v = &fk->values[i];
		char *end;

		memcpy(fk->arena + at, s, l + 1);
		v->type = DBA_T_TEXT;
		v->u.str = fk->arena + at;
		v->len = (uint32_t)l;
		if (fk->int_family) {
			long long x = strtoll(s, &end, 10);

			if (!*end && l) {
				v->type = DBA_T_INT64;
				v->len = 0;
				v->u.i64 = x;
			}
		}
		at += l + 1;
	}
	fk->nvalues = r->nrows;
	return 0;
}

static int load_group(target *tg, dba_conn *conn, seed_table *t, seed_col *lead, err *e)
{
	seed_fk *m[GROUP_MAX];
	struct rows r = { 0 };
	char *sql = NULL, *qt = target_quote(tg, lead->fk.ref_schema, lead->fk.ref_table);
	size_t cap = 4096, n = 0;
	dba_error de;
	int rc = -1;

	m[r.n++] = &lead->fk;
	for (size_t k = 0; k < t->ncols && r.n < GROUP_MAX; k++)
		if (t->cols[k].fk.lead == &lead->fk)
			m[r.n++] = &t->cols[k].fk;
	if (!qt || !(sql = malloc(cap)))
		goto out;
	n += (size_t)snprintf(sql + n, cap - n, "SELECT ");
	for (uint32_t j = 0; j < r.n; j++) {
		char *q = target_quote(tg, NULL, m[j]->ref_column);

		n += (size_t)snprintf(sql + n, cap - n > 0 ? cap - n : 0, "%s%s", j ? ", " : "", q ? q : "");
		free(q);
	}
	n += (size_t)snprintf(sql + n, cap - n, " FROM %s WHERE 1 = 1", qt);
	for (uint32_t j = 0; j < r.n && n < cap; j++) {
		char *q = target_quote(tg, NULL, m[j]->ref_column);

		n += (size_t)snprintf(sql + n, cap - n, " AND %s IS NOT NULL", q ? q : "");
		free(q);
	}
	if (n < cap)
		n += (size_t)snprintf(sql + n, cap - n, " ORDER BY 1");
	if (n >= cap) {
		err_set(e, EXIT_RUNTIME, "foreign key of %s onto %s: column names too long", t->display, lead->fk.ref_table);
		goto out;
	}
	memset(&de, 0, sizeof(de));
	if (tg->ops->exec(conn, sql, take_row, &r, NULL, &de)) {
		char ctx[512];

		snprintf(ctx, sizeof(ctx), "reading %s for the multi-column foreign key of %s", lead->fk.ref_table,
			 t->display);
		err_from_db(e, EXIT_RUNTIME, &de, ctx);
		goto out;
	}
	if (r.oom)
		goto out;
	for (uint32_t j = 0; j < r.n; j++)
		if (fill_member(m[j], &r, j))
			goto out;
	rc = 0;
out:
	if (rc && !e->msg[0])
		err_set(e, EXIT_RUNTIME, "out of memory reading %s", lead->fk.ref_table);
	for (size_t i = 0; i < r.nrows * r.n; i++)
		free(r.cells[i]);
	free(r.cells);
	free(sql);
	free(qt);
	return rc;
}

int fkgroup_load(target *tg, dba_conn *conn, seed_table *t, err *e)
{
	for (size_t k = 0; k < t->ncols; k++)
		if (t->cols[k].fk.grouped && !t->cols[k].fk.lead && !t->cols[k].force_null &&
		    load_group(tg, conn, t, &t->cols[k], e))
			return -1;
	return 0;
}
