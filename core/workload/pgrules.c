/* PostgreSQL's INSERT rules and the CHECKs of inheritance children, for the workload (pgrules.h). */
#include <stdlib.h>
#include <string.h>

#include "pgrules.h"

static const char SQL[] =
	"SELECT DISTINCT 'r', c.relname, '' FROM pg_catalog.pg_rewrite w JOIN pg_catalog.pg_class c ON c.oid = w.ev_class"
	" WHERE w.ev_type = '3'"
	" UNION SELECT DISTINCT 'c', p.relname, a.attname FROM (WITH RECURSIVE d(top, rel) AS"
	" (SELECT inhparent, inhrelid FROM pg_catalog.pg_inherits UNION SELECT d.top, i.inhrelid FROM d"
	" JOIN pg_catalog.pg_inherits i ON i.inhparent = d.rel) SELECT top, rel FROM d) d"
	" JOIN pg_catalog.pg_class p ON p.oid = d.top"
	" JOIN pg_catalog.pg_constraint k ON k.conrelid = d.rel AND k.contype = 'c' AND k.conislocal"
	" JOIN pg_catalog.pg_attribute a ON a.attrelid = d.rel AND a.attnum = ANY (k.conkey)";

static int rule_row(void *ud, int32_t is_header, uint32_t nc, const char *const *nm, const char *const *v,
		    const uint32_t *lens)
{
	pgrules *r = ud;
	pgrule *x;

	(void)nm;
	(void)lens;
	if (is_header || nc != 3 || !v[0] || !v[1] || !v[2])
		return 0;
	if (!(x = realloc(r->v, (r->n + 1) * sizeof(*x))))
		return 1;
	r->v = x;
	x = &r->v[r->n];
	x->kind = v[0][0];
	x->table = strdup(v[1]);
	x->column = strdup(v[2]);
	if (!x->table || !x->column) {
		free(x->table), free(x->column);
		return 1;
	}
	r->n++;
	return 0;
}

void pgrules_read(target *tg, dba_conn *c, pgrules *r)
{
	dba_error de;

	memset(r, 0, sizeof(*r));
	memset(&de, 0, sizeof(de));
	/* the dialect tells PostgreSQL apart, as triggers.c does; a catalog that cannot be read: none known */
	if (tg->dialect && tg->dialect->placeholder == DBA_PH_DOLLAR)
		tg->ops->exec(c, SQL, rule_row, r, NULL, &de);
}

void pgrules_free(pgrules *r)
{
	for (size_t i = 0; i < r->n; i++) {
		free(r->v[i].table);
		free(r->v[i].column);
	}
	free(r->v);
	memset(r, 0, sizeof(*r));
}

static int has(const pgrules *r, char kind, const char *table, const char *column)
{
	for (size_t i = 0; r && i < r->n; i++)
		if (r->v[i].kind == kind && !strcmp(r->v[i].table, table) && (!column || !strcmp(r->v[i].column, column)))
			return 1;
	return 0;
}

int pgrules_insert_rule(const pgrules *r, const char *table)
{
	return has(r, 'r', table, NULL);
}

int pgrules_child_checked(const pgrules *r, const char *table, const char *column)
{
	return has(r, 'c', table, column);
}
