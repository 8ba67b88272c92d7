/*
 * Workload metadata: the tables and their keys from describe_table, then
 * for each selected table its statements (stmt.c) and what is read from its
 * rows (keyread.c).
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../drv.h"
#include "../ini.h"
#include "../sig.h"
#include "../triggers.h"
#include "pgrules.h"
#include "catalog.h"
#include "keyread.h"
#include "run.h"
#include "stmt.h"

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


static int col_index(const dba_table *d, const char *name)
{
	for (uint32_t i = 0; i < d->ncolumns; i++)
		if (!strcmp(d->columns[i].name, name))
			return (int)i;
	return -1;
}

pool *schema_fk_pool(wl_schema *s, const char *table, const char *column)
{
	char *sch = NULL, *name = NULL;
	int i;

	if (ini_split_table(table, &sch, &name))
		return NULL;
	i = catalog_find_table(s, sch, name);
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

/* Describes one table list_tables gave (raw: "name" or "schema.name") and adds it to s. */
static int add_table(wl_schema *s, const wl_cfg *c, target *t, dba_conn *conn, const char *raw,
		     const triggers *tr, err *e)
{
	dba_error de;
	char *sch = NULL, *name = NULL;
	dba_table *d = NULL;

	memset(&de, 0, sizeof(de));
	/*
	 * list_tables gives raw names ("name" or "schema.name", no quoting):
	 * split at the last dot, and if that names no table, the dot belongs
	 * to the name.
	 */
	{
		const char *dot = strrchr(raw, '.');

		sch = dot ? strndup(raw, (size_t)(dot - raw)) : NULL;
		name = strdup(dot ? dot + 1 : raw);
	}
	if (drv_describe(t->drv, conn, sch, name, &d, &de) && sch) {
		free(sch);
		free(name);
		sch = NULL;
		name = strdup(raw);
		memset(&de, 0, sizeof(de));
		if (drv_describe(t->drv, conn, NULL, name, &d, &de) == 0)
			goto described;
	} else if (d) {
		goto described;
	}
	free(sch);
	free(name);
	err_from_db(e, EXIT_RUNTIME, &de, raw);
	return -1;
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
	/* A table triggers on another table fill is theirs to write (triggers.c), unless named with --tables. */
	w->selected = c->tables ? has_table(c->tables, d) : d->npk > 0 && !trigger_filling(tr, d->name);
	free(sch);
	free(name);
	return 0;
}

/* The custom queries, rewritten for the driver's placeholders; their FK params must name a pool. */
static int check_queries(wl_schema *s, const wl_cfg *c, const target *t, err *e)
{
	s->qsql = calloc(c->nqueries + 1, sizeof(*s->qsql));
	for (unsigned i = 0; i < c->nqueries; i++) {
		wl_query *q = &c->queries[i];

		s->qsql[i] = q->sql ? workload_rewrite_sql(q->sql, t->dialect->placeholder, NULL) : NULL; /* [transaction]s last */
		for (unsigned k = 0; k < q->nparams; k++) {
			const gen_spec *sp = q->params[k].spec;
			if (gen_spec_fk_table(sp) && !schema_fk_pool(s, gen_spec_fk_table(sp), gen_spec_fk_column(sp))) {
				err_set(e, EXIT_USAGE, "%s: [param %s.%s] references %s, which is not a single-column primary key of the target",
					gen_spec_where(sp), q->name, q->params[k].name, gen_spec_fk_ref(sp));
				return -1;
			}
		}
	}
	return 0;
}

int schema_load(wl_schema *s, wl_cfg *c, target *t, dba_conn *conn, err *e)
{
	char **names = NULL;
	triggers tr = { 0 };
	pgrules rules = { 0 };
	dba_error de;
	int rc = -1;

	memset(s, 0, sizeof(*s));
	memset(&de, 0, sizeof(de));
	s->returning = (t->drv->d->caps & DBA_CAP_RETURNING) != 0;
	s->pattern = c->pattern;
	s->shape = c->pattern ? c->pattern->shape : WL_SHAPE_POINT;
	if (c->has_ops && !c->pattern)
		s->shape = c->use_joins ? WL_SHAPE_JOIN : c->use_aggregations ? WL_SHAPE_AGG : WL_SHAPE_POINT;
	if (drv_list_tables(t->drv, conn, &names, &de))
		return err_from_db(e, EXIT_RUNTIME, &de, "listing tables");
	triggers_read(t, conn, &tr);
	pgrules_read(t, conn, &rules);
	s->rules = &rules;
	for (size_t i = 0; names[i]; i++) {
		if (sig_stop) {
			err_set(e, EXIT_INTERRUPTED, "interrupted while reading the tables; nothing was run");
			goto out;
		}
		if (add_table(s, c, t, conn, names[i], &tr, e))
			goto out;
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
		if (sig_stop) {
			err_set(e, EXIT_INTERRUPTED, "interrupted while planning; nothing was run");
			goto out;
		}
		s->t[i].leaf = 1;
		for (unsigned j = 0; j < s->n; j++)
			for (uint32_t f = 0; f < s->t[j].d->nfkeys; f++) {
				const dba_fkey *fk = &s->t[j].d->fkeys[f];
				if (j != i && catalog_find_table(s, fk->ref_schema, fk->ref_table) == (int)i)
					s->t[i].leaf = 0;
			}
	}
	for (unsigned i = 0; i < s->n; i++) {
		wl_table *w = &s->t[i];

		if (!w->nkey)
			continue;
		/* Statements first: they decide whether the pool also fills the set of known keys. */
		if (w->selected)
			stmt_build(s, w, c, t);
		if (keyread_pool(t, conn, w, e))
			goto out;
		if (w->selected) {
			keyread_samples(t, conn, w);
			if (keyread_counters(t, conn, w, e))
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
	if (check_queries(s, c, t, e))
		goto out;
	rc = 0;
out:
	s->rules = NULL;
	pgrules_free(&rules);
	triggers_free(&tr);
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
		free(w->orders);
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
