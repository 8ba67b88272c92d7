/*
 * PostgreSQL driver: bulk_load through COPY ... FROM STDIN (text format),
 * with FREEZE when the table was truncated in the open transaction.
 * Rows are encoded straight into one 64 KiB buffer that goes out with
 * PQputCopyData whenever it fills: no per-row allocation.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pg.h"

#define COPY_BUF PG_COPY_BUF

typedef pg_cbuf cbuf;

int pg_cbuf_flush(pg_cbuf *b)
{
	if (b->n && b->pg && PQputCopyData(b->pg, b->buf, (int)b->n) != 1)
		return -1;
	b->n = 0;
	return 0;
}

#define flush pg_cbuf_flush

/* Bytes that COPY text format writes as a backslash escape (and NUL, dropped). */
static const unsigned char special[256] = {
	[0] = 1, ['\\'] = 1, ['\t'] = 1, ['\n'] = 1, ['\r'] = 1,
};

/* Appends s escaped for COPY text format, flushing as the buffer fills. */
static int put_text(cbuf *b, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;
	while (p < end) {
		/* worst case each byte doubles: take what surely fits */
		size_t room = (COPY_BUF - b->n) / 2;
		if (room < 16) {
			if (flush(b))
				return -1;
			continue;
		}
		const unsigned char *stop = p + (size_t)(end - p) < p + room ? end : p + room;
		char *o = b->buf + b->n;
		for (; p < stop; p++) {
			unsigned char ch = *p;
			if (!special[ch]) {
				*o++ = (char)ch;
				continue;
			}
			switch (ch) {
			case 0:
				break; /* PostgreSQL text cannot hold NUL */
			case '\\':
				*o++ = '\\';
				*o++ = '\\';
				break;
			case '\t':
				*o++ = '\\';
				*o++ = 't';
				break;
			case '\n':
				*o++ = '\\';
				*o++ = 'n';
				break;
			case '\r':
				*o++ = '\\';
				*o++ = 'r';
				break;
			}
		}
		b->n = (size_t)(o - b->buf);
	}
	return 0;
}

static int put_value(cbuf *b, const dba_value *v)
{
	size_t n;
	if (COPY_BUF - b->n < PG_NUM_MAX + 4 && flush(b))
		return -1;
	switch (v->type) {
	case DBA_T_NULL:
		memcpy(b->buf + b->n, "\\N", 2);
		b->n += 2;
		return 0;
	case DBA_T_TEXT:
	case DBA_T_DECIMAL:
	case DBA_T_UUID:
		return put_text(b, v->u.str, v->len);
	default:
		n = pg_fmt_scalar(v, b->buf + b->n);
		if (n == (size_t)-1) { /* unknown type: NULL rather than garbage */
			memcpy(b->buf + b->n, "\\N", 2);
			n = 2;
		}
		b->n += n;
		return 0;
	}
}

int pg_copy_row(pg_cbuf *b, const dba_value *row, uint32_t ncols)
{
	for (uint32_t i = 0; i < ncols; i++) {
		if (put_value(b, &row[i]))
			return -1;
		b->buf[b->n++] = i + 1 < ncols ? '\t' : '\n';
	}
	return 0;
}

/* "schema"."table" ("a", "b") */
static char *copy_sql(const char *schema, const char *table, const char *const *columns,
		      uint32_t ncols, int freeze, int binary)
{
	size_t cap = 64 + 2 * strlen(table) + (schema ? 2 * strlen(schema) : 0), n = 0;
	for (uint32_t i = 0; i < ncols; i++)
		cap += 2 * strlen(columns[i]) + 4;
	char *s = malloc(cap);
	if (!s)
		return NULL;
	n += (size_t)snprintf(s, cap, "COPY ");
	if (schema) {
		n += pg_escape_ident(schema, s + n, cap - n);
		s[n++] = '.';
	}
	n += pg_escape_ident(table, s + n, cap - n);
	s[n++] = ' ';
	s[n++] = '(';
	for (uint32_t i = 0; i < ncols; i++) {
		if (i) {
			s[n++] = ',';
			s[n++] = ' ';
		}
		n += pg_escape_ident(columns[i], s + n, cap - n);
	}
	snprintf(s + n, cap - n, ") FROM STDIN%s", binary && freeze ? " (FORMAT binary, FREEZE)" : binary ?
		 " (FORMAT binary)" : freeze ? " (FREEZE)" : "");
	return s;
}

static void add_context(dba_error *err, const PGresult *res)
{
	const char *ctx = res ? PQresultErrorField(res, PG_DIAG_CONTEXT) : NULL;
	size_t n = strlen(err->detail);

	/* CONTEXT names the COPY line (the row) and often the column: keep it beside any DETAIL. */
	if (ctx && !n)
		snprintf(err->detail, sizeof err->detail, "%s", ctx);
	else if (ctx && n + 3 < sizeof err->detail)
		snprintf(err->detail + n, sizeof err->detail - n, "; %s", ctx);
}

/* Collects the results after the copy ends; the first failure fills err. */
static int finish(dba_conn *c, const char *what, dba_error *err, int report)
{
	PGresult *res;
	int rc = 0;
	while ((res = PQgetResult(c->pg))) {
		if (PQresultStatus(res) != PGRES_COMMAND_OK && rc == 0) {
			rc = -1;
			if (report) {
				pg_error(c, res, what, err);
				add_context(err, res);
			}
		}
		PQclear(res);
	}
	return rc;
}

/* Sends the COPY statement; 0 when the server waits for rows, -1 with err filled. */
static int copy_start(dba_conn *c, const char *sql, const char *what, dba_error *err)
{
	PGresult *res;

	if (pg_host && pg_host->log)
		pg_host->log(DBA_LOG_DEBUG, "postgres", "%s", sql);
	res = PQexec(c->pg, sql);
	if (PQresultStatus(res) != PGRES_COPY_IN) {
		pg_error(c, res, what, err);
		PQclear(res);
		finish(c, what, err, 0);
		return -1;
	}
	PQclear(res);
	return 0;
}

int pg_bulk_load(dba_conn *c, const char *schema, const char *table, const char *const *columns,
		 const int32_t *families, uint32_t ncols, dba_row_source next, void *ud,
		 uint64_t *rows, dba_error *err)
{
	char what[300];
	char *sql = NULL;
	dba_value *row = NULL;
	cbuf b = { c->pg, NULL, 0 };
	uint64_t count = 0;
	uint32_t *oids = NULL;
	int rc = -1, got, binary = 0, enc;

	if (rows)
		*rows = 0;
	if (schema)
		snprintf(what, sizeof what, "COPY into \"%s.%s\"", schema, table);
	else
		snprintf(what, sizeof what, "COPY into \"%s\"", table);
	if (ncols == 0) {
		DBA_ERR_SET(err, DBA_ERR_USAGE, "%s: no columns given", what);
		return -1;
	}
	/* FREEZE: rows born frozen, no later hint-bit writes or freezing vacuum */
	oids = calloc(ncols, sizeof *oids);
	binary = oids && pg_bin_plan(c, schema, table, columns, ncols, oids);
	sql = copy_sql(schema, table, columns, ncols, pg_fresh_ok(c, schema, table), binary);
	row = calloc(ncols, sizeof *row);
	b.buf = malloc(COPY_BUF);
	if (!sql || !row || !b.buf || !oids) {
		DBA_ERR_SET(err, DBA_ERR_RESOURCE, "%s: out of memory", what);
		goto out;
	}
	if (copy_start(c, sql, what, err))
		goto out;
	if (binary)
		pg_bin_header(&b);
	while ((got = next(ud, row, ncols, err)) == 1) {
		enc = binary ? pg_bin_row(&b, row, oids, ncols) : pg_copy_row(&b, row, ncols);
		if (enc == -1)
			goto lost;
		if (enc < -1) {
			/*
			 * A value with no binary form (pg_bulk_bin.c): the rows so far
			 * stay (same transaction), this one and the rest go as text.
			 */
			if (pg_host && pg_host->log)
				pg_host->log(DBA_LOG_DEBUG, "postgres", "row %llu, column \"%s\": text COPY from here",
					     (unsigned long long)count + 1, columns[-2 - enc]);
			if (pg_bin_trailer(&b) || flush(&b) || PQputCopyEnd(c->pg, NULL) != 1)
				goto lost;
			if (finish(c, what, err, 1))
				goto out;
			binary = 0;
			free(sql);
			if (!(sql = copy_sql(schema, table, columns, ncols, pg_fresh_ok(c, schema, table), 0))) {
				DBA_ERR_SET(err, DBA_ERR_RESOURCE, "%s: out of memory", what);
				goto out;
			}
			if (copy_start(c, sql, what, err))
				goto out;
			if (pg_copy_row(&b, row, ncols))
				goto lost;
		}
		count++;
	}
	if (got < 0) {
		/* abort the COPY with the source's reason; its error stays in err */
		char msg[sizeof err->message];
		snprintf(msg, sizeof msg, "%s", err->message[0] ? err->message : "row source failed");
		PQputCopyEnd(c->pg, msg);
		finish(c, what, err, 0);
		goto out;
	}
	if ((binary && pg_bin_trailer(&b)) || flush(&b) || PQputCopyEnd(c->pg, NULL) != 1)
		goto lost;
	if (finish(c, what, err, 1))
		goto out;
	if (rows)
		*rows = count;
	rc = 0;
	goto out;
lost:
	/*
	 * A server error ends the COPY early and PQputCopyData then refuses more
	 * data: the reason is in the pending result, not in the connection.
	 */
	if (PQstatus(c->pg) != CONNECTION_OK || !finish(c, what, err, 1))
		pg_error(c, NULL, what, err);
out:
	free(oids);
	free(sql);
	free(row);
	free(b.buf);
	return rc;
}
