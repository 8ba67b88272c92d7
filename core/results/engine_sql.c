/*
 * The SQL a results file asks the server (its version, settings, table
 * sizes) comes from the [results] section of the target's engine file: the
 * core spells no engine.
 */
#include <stdlib.h>
#include <string.h>

#include "../engines.h"
#include "engine_sql.h"

const engine_file *results_engine(const target *t)
{
	const engine_file *const *v;
	size_t n;
	err e;

	if (!t || !t->drv || !t->drv->d || !t->drv->d->schemes || engines_all(&v, &n, &e))
		return NULL;
	for (size_t i = 0; i < n; i++)
		for (const char *const *s = t->drv->d->schemes; *s; s++)
			if (v[i]->scheme && !strcmp(v[i]->scheme, *s) && engines_has_section(v[i], "results"))
				return v[i];
	return NULL;
}

const char *results_engine_sql(const engine_file *en, const char *key)
{
	dba_param *p = NULL;
	size_t n = en ? engines_settings(en, "results", &p) : 0;
	const char *v = NULL;

	for (size_t i = 0; i < n && !v; i++)
		if (!strcmp(p[i].key, key))
			v = p[i].value; /* the engine file's text: it stays loaded */
	free(p);
	return v;
}

static int lit(const target *t, dba_conn *c, const char *s, char *out, size_t cap)
{
	dba_value v = { .type = DBA_T_TEXT, .len = (uint32_t)strlen(s), .u.str = s };

	return t->ops->render_literal(c, &v, DBA_FAM_TEXT, out, cap) < cap ? 0 : -1;
}

char *results_engine_expand(const target *t, dba_conn *c, const char *tmpl, const char *schema, const char *table,
			    const char *qtable, const char *default_schema)
{
	char ls[600], lt[600], *out = NULL;
	size_t n = 0;
	FILE *f;

	if ((schema && lit(t, c, schema, ls, sizeof(ls))) || (table && lit(t, c, table, lt, sizeof(lt))))
		return NULL;
	if (!(f = open_memstream(&out, &n)))
		return NULL;
	for (const char *p = tmpl; *p; p++) {
		if (!strncmp(p, "{table}", 7) && table)
			fputs(lt, f), p += 6;
		else if (!strncmp(p, "{schema}", 8))
			fputs(schema ? ls : default_schema ? default_schema : "NULL", f), p += 7;
		else if (!strncmp(p, "{qtable}", 8) && qtable)
			fputs(qtable, f), p += 7;
		else
			fputc(*p, f);
	}
	fclose(f);
	return out;
}
