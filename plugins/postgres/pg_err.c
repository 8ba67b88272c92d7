/*
 * PostgreSQL errors: SQLSTATE classes, and libpq's messages taken apart into
 * the primary message, detail and hint of a dba_error.
 */
#include <stdio.h>
#include <string.h>

#include "pg.h"

int pg_class_of(const char *st)
{
	if (!st || strlen(st) != 5)
		return DBA_ERR_SYNTAX;
	if (!strncmp(st, "08", 2))
		return DBA_ERR_CONNECTION;
	if (!strcmp(st, "40001") || !strcmp(st, "40P01") || !strcmp(st, "55P03"))
		return DBA_ERR_DEADLOCK;
	if (!strncmp(st, "23", 2))
		return DBA_ERR_CONSTRAINT;
	if (!strncmp(st, "22", 2))
		return DBA_ERR_DATA;
	if (!strcmp(st, "57014"))
		return DBA_ERR_TIMEOUT;
	/* admin shutdown, crash shutdown, cannot connect now: the session is gone */
	if (!strcmp(st, "57P01") || !strcmp(st, "57P02") || !strcmp(st, "57P03"))
		return DBA_ERR_CONNECTION;
	return DBA_ERR_SYNTAX;
}

static void copy_field(char *dst, size_t cap, const char *src)
{
	size_t n;
	if (!src) {
		dst[0] = 0;
		return;
	}
	n = strlen(src);
	while (n && (src[n - 1] == '\n' || src[n - 1] == ' '))
		n--;
	if (n >= cap)
		n = cap - 1;
	memcpy(dst, src, n);
	dst[n] = 0;
}

/* libpq's own messages: first line is the message, the rest the detail. */
void pg_split_message(const char *m, dba_error *err)
{
	const char *nl = m ? strchr(m, '\n') : NULL;
	if (!m || !*m)
		m = "unknown libpq error";
	if (!nl) {
		copy_field(err->message, sizeof err->message, m);
		err->detail[0] = 0;
		return;
	}
	size_t n = (size_t)(nl - m);
	if (n >= sizeof err->message)
		n = sizeof err->message - 1;
	memcpy(err->message, m, n);
	err->message[n] = 0;
	while (*nl == '\n' || *nl == '\t' || *nl == ' ')
		nl++;
	copy_field(err->detail, sizeof err->detail, nl);
	for (char *p = err->detail; *p; p++)
		if (*p == '\n' || *p == '\t')
			*p = ' ';
}

static void prefix_message(dba_error *err, const char *context)
{
	char tmp[sizeof err->message];
	size_t cl, ml;
	if (!context)
		return;
	cl = strlen(context);
	if (cl > sizeof tmp - 3)
		cl = sizeof tmp - 3;
	memcpy(tmp, context, cl);
	memcpy(tmp + cl, ": ", 2);
	ml = strlen(err->message);
	if (cl + 2 + ml >= sizeof tmp)
		ml = sizeof tmp - cl - 3;
	memcpy(tmp + cl + 2, err->message, ml);
	tmp[cl + 2 + ml] = 0;
	memcpy(err->message, tmp, sizeof tmp);
}

int pg_error(dba_conn *c, const PGresult *res, const char *context, dba_error *err)
{
	const char *st, *primary;
	if (!err)
		return -1;
	memset(err, 0, sizeof *err);
	/*
	 * The fields live inside the result: copy them now, the caller clears
	 * the result right after.
	 */
	st = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	primary = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	if (primary) {
		copy_field(err->message, sizeof err->message, primary);
		copy_field(err->detail, sizeof err->detail, PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL));
		copy_field(err->hint, sizeof err->hint, PQresultErrorField(res, PG_DIAG_MESSAGE_HINT));
	} else {
		const char *m = res ? PQresultErrorMessage(res) : NULL;
		if (!m || !*m)
			m = c && c->pg ? PQerrorMessage(c->pg) : NULL;
		pg_split_message(m, err);
	}
	if (st)
		copy_field(err->sqlstate, sizeof err->sqlstate, st);
	if (c && c->pg && PQstatus(c->pg) == CONNECTION_BAD) {
		err->err_class = DBA_ERR_CONNECTION;
		if (!st)
			strcpy(err->sqlstate, "08006");
	} else {
		err->err_class = pg_class_of(st);
	}
	prefix_message(err, context);
	return -1;
}

