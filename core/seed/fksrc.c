/*
 * Foreign-key value sources of a seed run: the generator of a FK column asks
 * fksrc_pick for a value of the parent column, computed (a sequential
 * parent) or picked from the parent's rows read once (fksrc_load_values).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fksrc.h"

int fksrc_pick(void *ud, rng *r, int zipf, dba_value *out, err *e)
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
		k = fk->lead ? fk->lead->last_k : zipf ? rng_zipf(r, fk->nvalues) : rng_below(r, fk->nvalues);
		if (k >= fk->nvalues)
			k = 0;
		fk->last_k = k;
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
int fksrc_load_values(target *t, dba_conn *conn, seed_fk *fk, err *e)
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
