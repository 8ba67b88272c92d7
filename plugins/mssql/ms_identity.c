/*
 * Explicit values for IDENTITY columns through exec().
 *
 * SQL Server refuses "INSERT INTO t (id, ...) VALUES (1, ...)" when id is an
 * IDENTITY column unless SET IDENTITY_INSERT t ON is in force, and with
 * XACT_ABORT on, that refusal ends the seeder's transaction, so it cannot be
 * retried.  The ABI has no operation for it, so exec() looks at INSERT
 * statements itself: when the target table has an identity column and the
 * statement's column list names it, the statement is wrapped in
 * SET IDENTITY_INSERT ... ON / OFF.  The identity column of each table is
 * looked up once per connection.  Bulk copy does the same with the
 * KEEPIDENTITY hint (ms_bulk.c).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ms.h"

struct ms_ident_cache {
	struct ms_ident_cache *next;
	char *target;   /* as written in the statement */
	char *column;   /* bracketed identity column, "" when the table has none */
};

static const char *skip_ws(const char *p)
{
	while (isspace((unsigned char)*p))
		p++;
	return p;
}

static int keyword(const char **pp, const char *kw)
{
	const char *p = skip_ws(*pp);
	size_t n = strlen(kw);

	if (strncasecmp(p, kw, n) != 0 || isalnum((unsigned char)p[n]) || p[n] == '_')
		return 0;
	*pp = p + n;
	return 1;
}

/* One identifier part: [bracketed]]name] or a plain word. Returns its end or NULL. */
static const char *ident_part(const char *p)
{
	if (*p == '[') {
		for (p++; *p; p++)
			if (*p == ']') {
				if (p[1] != ']')
					return p + 1;
				p++;
			}
		return NULL;
	}
	const char *s = p;
	while (isalnum((unsigned char)*p) || *p == '_' || *p == '#' || *p == '@' || *p == '$' ||
	       (unsigned char)*p >= 0x80)
		p++;
	return p > s ? p : NULL;
}

int ms_parse_insert(const char *sql, char *target, size_t cap, const char **cols,
		    size_t *cols_len)
{
	const char *p = sql;

	if (!keyword(&p, "INSERT"))
		return 0;
	keyword(&p, "INTO");
	p = skip_ws(p);
	const char *start = p;
	for (int parts = 0; parts < 4; parts++) {
		if (!(p = ident_part(p)))
			return 0;
		if (*p != '.')
			break;
		p++;
	}
	size_t tlen = (size_t)(p - start);
	if (tlen + 1 > cap)
		return 0;
	memcpy(target, start, tlen);
	target[tlen] = '\0';
	p = skip_ws(p);
	if (*p != '(')
		return 0;
	const char *c0 = ++p;
	/* The column list ends at the first ')' outside brackets. */
	while (*p && *p != ')') {
		if (*p == '[') {
			if (!(p = ident_part(p)))
				return 0;
		} else {
			p++;
		}
	}
	if (*p != ')')
		return 0;
	*cols = c0;
	*cols_len = (size_t)(p - c0);
	return 1;
}

int ms_collist_has(const char *cols, size_t len, const char *bracketed)
{
	const char *p = cols, *end = cols + len;
	size_t bl = strlen(bracketed);

	while (p < end) {
		p = skip_ws(p);
		const char *s = p;
		if (!(p = ident_part(p)) || p > end)
			return 0;
		size_t n = (size_t)(p - s);
		if (n == bl && strncasecmp(s, bracketed, n) == 0)
			return 1;
		/* A plain name matches the bracketed one without its brackets. */
		if (*s != '[' && n + 2 == bl && strncasecmp(s, bracketed + 1, n) == 0)
			return 1;
		p = skip_ws(p);
		if (p < end && *p == ',')
			p++;
	}
	return 0;
}

/* The bracketed identity column of target ("" for none); NULL on error (err filled). */
static const char *identity_of(dba_conn *c, const char *target, dba_error *err)
{
	for (struct ms_ident_cache *e = c->idents; e; e = e->next)
		if (strcmp(e->target, target) == 0)
			return e->column;

	size_t n = ms_render_nstring(target, strlen(target), NULL, 0);
	char *lit = malloc(n + 1), *sql = NULL;
	ms_rows r;
	struct ms_ident_cache *e = calloc(1, sizeof(*e));

	if (!lit || !e)
		goto oom;
	ms_render_nstring(target, strlen(target), lit, n + 1);
	if (asprintf(&sql, "SELECT name FROM sys.identity_columns WHERE object_id = OBJECT_ID(%s)",
		     lit) < 0) {
		sql = NULL;
		goto oom;
	}
	if (ms_query(c, sql, &r, err)) {
		free(lit);
		free(sql);
		free(e);
		return NULL;
	}
	const char *name = r.nrows && ms_cell(&r, 0, 0) ? ms_cell(&r, 0, 0) : NULL;
	size_t bl = name ? ms_escape_ident(name, NULL, 0) : 0;
	e->column = malloc(bl + 1);
	e->target = strdup(target);
	if (e->column) {
		if (name)
			ms_escape_ident(name, e->column, bl + 1);
		else
			e->column[0] = '\0';
	}
	ms_rows_free(&r);
	if (!e->column || !e->target) {
		free(e->column);
		free(e->target);
		goto oom;
	}
	free(lit);
	free(sql);
	e->next = c->idents;
	c->idents = e;
	return e->column;
oom:
	free(lit);
	free(sql);
	free(e);
	DBA_ERR_SET(err, DBA_ERR_RESOURCE, "out of memory");
	return NULL;
}

int ms_identity_wrap(dba_conn *c, const char *sql, char **out, dba_error *err)
{
	char target[600];
	const char *cols;
	size_t cols_len;

	*out = NULL;
	if (!ms_parse_insert(sql, target, sizeof(target), &cols, &cols_len))
		return 0;
	const char *idcol = identity_of(c, target, err);
	if (!idcol)
		return -1;
	if (!*idcol || !ms_collist_has(cols, cols_len, idcol))
		return 0;
	size_t n = strlen(sql);
	while (n && (isspace((unsigned char)sql[n - 1]) || sql[n - 1] == ';'))
		n--;
	if (asprintf(out, "SET IDENTITY_INSERT %s ON; %.*s; SET IDENTITY_INSERT %s OFF", target,
		     (int)n, sql, target) < 0) {
		*out = NULL;
		DBA_ERR_SET(err, DBA_ERR_RESOURCE, "out of memory");
		return -1;
	}
	return 0;
}

void ms_ident_cache_free(dba_conn *c)
{
	while (c->idents) {
		struct ms_ident_cache *e = c->idents;
		c->idents = e->next;
		free(e->target);
		free(e->column);
		free(e);
	}
}
