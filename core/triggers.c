/*
 * Tables that triggers on other tables fill.  Sakila's film triggers write
 * film_text's row for each film; rows seed or a workload wrote there too
 * would collide with them, so seed init gives such a table count = 0 and a
 * workload leaves it to its triggers.  The triggers' bodies are read from
 * the server's own catalog (MySQL/MariaDB information_schema.TRIGGERS,
 * PostgreSQL pg_trigger and the function's source) and searched for
 * "INSERT INTO name".
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "triggers.h"

static const char MY_SQL[] = "SELECT EVENT_OBJECT_TABLE, TRIGGER_NAME, ACTION_STATEMENT FROM information_schema.TRIGGERS"
			     " WHERE TRIGGER_SCHEMA = DATABASE()";
static const char PG_SQL[] = "SELECT c.relname, t.tgname, p.prosrc FROM pg_catalog.pg_trigger t"
			     " JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid JOIN pg_catalog.pg_proc p ON p.oid = t.tgfoid"
			     " WHERE NOT t.tgisinternal";

static int trigger_row(void *ud, int32_t is_header, uint32_t nc, const char *const *nm, const char *const *v,
	       const uint32_t *lens)
{
	triggers *tr = ud;
	trigger *x;

	(void)nm;
	(void)lens;
	if (is_header || nc != 3 || !v[0] || !v[1] || !v[2])
		return 0;
	if (!(x = realloc(tr->v, (tr->n + 1) * sizeof(*x))))
		return 1;
	tr->v = x;
	x = &tr->v[tr->n];
	x->table = strdup(v[0]);
	x->name = strdup(v[1]);
	x->body = strdup(v[2]);
	if (!x->table || !x->name || !x->body) {
		free(x->table), free(x->name), free(x->body);
		return 1;
	}
	tr->n++;
	return 0;
}

void triggers_read(target *tg, dba_conn *c, triggers *tr)
{
	int ph = tg->dialect ? tg->dialect->placeholder : -1;
	/* the dialect tells the catalogs apart, as seed's session settings do (seed/fresh.c) */
	const char *sql = ph == DBA_PH_QMARK ? MY_SQL : ph == DBA_PH_DOLLAR ? PG_SQL : NULL;
	dba_error de;

	memset(tr, 0, sizeof(*tr));
	memset(&de, 0, sizeof(de));
	if (sql)
		tg->ops->exec(c, sql, trigger_row, tr, NULL, &de); /* a catalog that cannot be read: no triggers known */
}

void triggers_free(triggers *tr)
{
	for (size_t i = 0; i < tr->n; i++) {
		free(tr->v[i].table);
		free(tr->v[i].name);
		free(tr->v[i].body);
	}
	free(tr->v);
	memset(tr, 0, sizeof(*tr));
}

static int word_at(const char *p, const char *w)
{
	size_t n = strlen(w);

	return !strncasecmp(p, w, n) && !(isalnum((unsigned char)p[n]) || p[n] == '_');
}

static const char *skip_space(const char *p)
{
	while (isspace((unsigned char)*p))
		p++;
	return p;
}

/* The last part of a possibly qualified, possibly quoted name at p, into out; where it ends. */
static const char *name_at(const char *p, char *out, size_t cap)
{
	for (;;) {
		size_t n = 0;
		char q = *p == '`' || *p == '"' ? *p++ : 0;

		while (*p && (q ? *p != q : isalnum((unsigned char)*p) || *p == '_' || *p == '$')) {
			if (n + 1 < cap)
				out[n++] = *p;
			p++;
		}
		out[n] = 0;
		if (q && *p == q)
			p++;
		if (*p != '.')
			return p;
		p++;
	}
}

int trigger_inserts_into(const char *body, const char *table)
{
	for (const char *p = body; *p; p++) {
		char nm[256];

		if ((p != body && (isalnum((unsigned char)p[-1]) || p[-1] == '_')) || !word_at(p, "insert"))
			continue;
		const char *q = skip_space(p + 6);

		if (!word_at(q, "into"))
			continue;
		name_at(skip_space(q + 4), nm, sizeof(nm));
		if (!strcasecmp(nm, table))
			return 1;
	}
	return 0;
}

const trigger *trigger_filling(const triggers *tr, const char *table)
{
	for (size_t i = 0; i < tr->n; i++)
		if (strcmp(tr->v[i].table, table) && trigger_inserts_into(tr->v[i].body, table))
			return &tr->v[i];
	return NULL;
}
