/*
 * PostgreSQL driver: which tables were emptied by TRUNCATE in the open
 * transaction, so that a COPY into one of them may say FREEZE (valid only
 * for a table created or truncated in the current subtransaction).  exec()
 * notes each successful TRUNCATE run inside a transaction block; BEGIN,
 * COMMIT, ROLLBACK and any SAVEPOINT forget them.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "pg.h"

static const char *skip_space(const char *s)
{
	while (*s && isspace((unsigned char)*s))
		s++;
	return s;
}

static int starts_with_word(const char *s, const char *w)
{
	size_t n = strlen(w);

	s = skip_space(s);
	return !strncasecmp(s, w, n) && !isalnum((unsigned char)s[n]) && s[n] != '_';
}

void pg_fresh_clear(dba_conn *c)
{
	free(c->fresh);
	c->fresh = NULL;
}

void pg_fresh_note(dba_conn *c, const char *sql)
{
	size_t have, add;
	char *p;

	if (starts_with_word(sql, "SAVEPOINT") || starts_with_word(sql, "RELEASE") ||
	    starts_with_word(sql, "ROLLBACK") || starts_with_word(sql, "COMMIT") || starts_with_word(sql, "BEGIN") ||
	    starts_with_word(sql, "END") || starts_with_word(sql, "START")) {
		pg_fresh_clear(c);
		return;
	}
	if (!starts_with_word(sql, "TRUNCATE") || PQtransactionStatus(c->pg) != PQTRANS_INTRANS)
		return;
	/* "TRUNCATE [TABLE] [ONLY] a, b": keep the list, one item per line */
	sql = skip_space(sql) + 8;
	if (starts_with_word(sql, "TABLE"))
		sql = skip_space(sql) + 5;
	if (starts_with_word(sql, "ONLY"))
		sql = skip_space(sql) + 4;
	sql = skip_space(sql);
	have = c->fresh ? strlen(c->fresh) : 0;
	add = strlen(sql);
	if (!(p = realloc(c->fresh, have + add + 3)))
		return; /* out of memory: no FREEZE, which is always correct */
	c->fresh = p;
	p[have++] = '\n';
	memcpy(p + have, sql, add + 1);
}

/* 1 when schema.table (as the core quotes it) was truncated in this transaction. */
static int fresh_has(dba_conn *c, const char *schema, const char *table)
{
	char q[1200];
	size_t n = 0, ql;
	const char *s;

	if (!c->fresh || PQtransactionStatus(c->pg) != PQTRANS_INTRANS)
		return 0;
	if (schema) {
		n = pg_escape_ident(schema, q, sizeof q - 2);
		if (n >= sizeof q - 2)
			return 0;
		q[n++] = '.';
	}
	n += pg_escape_ident(table, q + n, sizeof q - n);
	if (n >= sizeof q)
		return 0;
	ql = n;
	for (s = c->fresh; (s = strstr(s, q)); s += ql) {
		char before = s == c->fresh ? '\n' : s[-1], after = s[ql];

		if ((before == '\n' || before == ',' || before == ' ') &&
		    (after == '\0' || after == '\n' || after == ',' || after == ' ' || after == ';'))
			return 1;
	}
	return 0;
}

int pg_fresh_ok(dba_conn *c, const char *schema, const char *table)
{
	char q[1200];
	const char *params[1] = { q };
	size_t n = 0;
	PGresult *res;
	int ok;

	if (!fresh_has(c, schema, table))
		return 0;
	if (schema) {
		n = pg_escape_ident(schema, q, sizeof q - 2);
		q[n++] = '.';
	}
	pg_escape_ident(table, q + n, sizeof q - n);
	/* COPY FREEZE refuses partitioned and foreign tables */
	res = PQexecParams(c->pg, "SELECT relkind FROM pg_class WHERE oid = to_regclass($1)", 1, NULL, params, NULL,
			   NULL, 0);
	ok = PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1 && !strcmp(PQgetvalue(res, 0, 0), "r");
	PQclear(res);
	return ok;
}
