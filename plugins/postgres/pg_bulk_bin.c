/*
 * PostgreSQL driver: COPY ... FROM STDIN (FORMAT binary) rows, for tables
 * whose every column has a type below (integers, numeric, text, varchar,
 * timestamp, timestamptz, date, boolean): measured faster than text for
 * them (bench/copy-binary.sh), the server parses no digits or dates.  The
 * values stored are the ones text COPY stores: text columns get the very
 * text pg_bulk.c would send (NUL bytes dropped), numeric goes through the
 * column's typmod on the server as text does.  A value that has no binary
 * form for its column (a text that is no number or date, an integer out of
 * its column's range) ends the binary COPY before its row, and the rest of
 * the rows go through text COPY in the same transaction (the server then
 * judges the value as before).  DBARENA_PG_COPY=text forces text COPY.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dbarena/timefmt.h"
#include "pg.h"

enum { T_BOOL = 16, T_INT8 = 20, T_INT2 = 21, T_INT4 = 23, T_TEXT = 25, T_VARCHAR = 1043, T_DATE = 1082,
       T_TS = 1114, T_TSTZ = 1184, T_NUMERIC = 1700 };

#define PG_EPOCH_DAYS 10957 /* 2000-01-01 - 1970-01-01 */

static int supported(unsigned oid)
{
	switch (oid) {
	case T_BOOL: case T_INT8: case T_INT2: case T_INT4: case T_TEXT: case T_VARCHAR: case T_DATE: case T_TS:
	case T_TSTZ: case T_NUMERIC:
		return 1;
	default:
		return 0;
	}
}

int pg_bin_plan(dba_conn *c, const char *schema, const char *table, const char *const *columns, uint32_t ncols,
		uint32_t *oids)
{
	const char *mode = getenv("DBARENA_PG_COPY");
	char name[1024], oid[16];
	size_t n = 0;
	int ok = 1;

	if (mode && !strcmp(mode, "text"))
		return 0;
	if ((schema ? 2 * strlen(schema) : 0) + 2 * strlen(table) + 8 > sizeof name)
		return 0;
	if (schema) {
		n += pg_escape_ident(schema, name, sizeof name);
		name[n++] = '.';
	}
	pg_escape_ident(table, name + n, sizeof name - n);
	const char *p1[1] = { name };
	PGresult *rel = PQexecParams(c->pg, "SELECT to_regclass($1)::oid", 1, NULL, p1, NULL, NULL, 0);
	if (PQresultStatus(rel) != PGRES_TUPLES_OK || PQntuples(rel) != 1 || PQgetisnull(rel, 0, 0)) {
		PQclear(rel);
		return 0;
	}
	snprintf(oid, sizeof oid, "%s", PQgetvalue(rel, 0, 0));
	PQclear(rel);
	for (uint32_t i = 0; i < ncols && ok; i++) {
		const char *p[2] = { oid, columns[i] };
		PGresult *r = PQexecParams(c->pg,
					   "SELECT atttypid FROM pg_attribute WHERE attrelid = $1::oid AND attname = $2 "
					   "AND attnum > 0 AND NOT attisdropped", 2, NULL, p, NULL, NULL, 0);
		ok = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1 &&
		     supported(oids[i] = (uint32_t)strtoul(PQgetvalue(r, 0, 0), NULL, 10));
		PQclear(r);
	}
	return ok;
}

/* ---- encoding ---- */

static char *be16(char *p, unsigned v)
{
	p[0] = (char)(v >> 8), p[1] = (char)v;
	return p + 2;
}

static char *be32(char *p, uint32_t v)
{
	p[0] = (char)(v >> 24), p[1] = (char)(v >> 16), p[2] = (char)(v >> 8), p[3] = (char)v;
	return p + 4;
}

static char *be64(char *p, uint64_t v)
{
	return be32(be32(p, (uint32_t)(v >> 32)), (uint32_t)v);
}

/* A decimal text "-123.4500" as numeric's binary form; NULL when it is not one. */
static char *numeric_bin(char *p, const char *s, size_t len)
{
	const char *e = s + len, *dot, *q;
	int neg = 0;
	unsigned digits[64], nd = 0;

	if (s < e && (*s == '-' || *s == '+'))
		neg = *s++ == '-';
	for (dot = s; dot < e && *dot >= '0' && *dot <= '9'; dot++)
		;
	q = dot;
	if (q < e && *q == '.')
		for (q++; q < e && *q >= '0' && *q <= '9'; q++)
			;
	size_t ilen = (size_t)(dot - s), flen = dot < e ? (size_t)(e - dot) - 1 : 0;
	if (q != e || (ilen == 0 && flen == 0) || (ilen + 3) / 4 + (flen + 3) / 4 > 64 || flen > 0x3FFF)
		return NULL;
	/* integer groups of four digits from the right, then fraction groups from the left */
	size_t first = ilen % 4 ? ilen % 4 : 4;
	for (size_t i = 0; i < ilen;) {
		size_t take = i == 0 ? first : 4;
		unsigned v = 0;
		for (size_t k = 0; k < take; k++)
			v = v * 10 + (unsigned)(s[i + k] - '0');
		digits[nd++] = v;
		i += take;
	}
	int weight = (int)nd - 1;
	for (size_t i = 0; i < flen; i += 4) {
		unsigned v = 0;
		for (size_t k = 0; k < 4; k++)
			v = v * 10 + (i + k < flen ? (unsigned)(dot[1 + i + k] - '0') : 0);
		digits[nd++] = v;
	}
	if (ilen == 0)
		weight = -1;
	p = be16(p, nd);
	p = be16(p, (unsigned)weight & 0xFFFF);
	p = be16(p, neg ? 0x4000 : 0);
	p = be16(p, (unsigned)flen);
	for (unsigned i = 0; i < nd; i++)
		p = be16(p, digits[i]);
	return p;
}

static int num2(const char *s)
{
	return s[0] >= '0' && s[0] <= '9' && s[1] >= '0' && s[1] <= '9' ? (s[0] - '0') * 10 + s[1] - '0' : -1;
}

/* "YYYY-MM-DD[ HH:MM:SS[.ffffff]][+00[:00]]" (what the server writes for a UTC session) as microseconds. */
static int parse_when(const char *s, size_t len, int64_t *us)
{
	char b[40];
	int y1, y2, mo, d, h = 0, mi = 0, se = 0;
	int64_t frac = 0;
	size_t i = 10;

	if (len < 10 || len >= sizeof b)
		return -1;
	memcpy(b, s, len);
	b[len] = 0;
	if ((y1 = num2(b)) < 0 || (y2 = num2(b + 2)) < 0 || b[4] != '-' || (mo = num2(b + 5)) < 1 || mo > 12 ||
	    b[7] != '-' || (d = num2(b + 8)) < 1 || d > 31)
		return -1;
	if (i < len && (b[i] == ' ' || b[i] == 'T')) {
		if (len < 19 || (h = num2(b + 11)) < 0 || h > 23 || b[13] != ':' || (mi = num2(b + 14)) < 0 || mi > 59 ||
		    b[16] != ':' || (se = num2(b + 17)) < 0 || se > 59)
			return -1;
		i = 19;
		if (i < len && b[i] == '.') {
			int k = 0;
			for (i++; i < len && b[i] >= '0' && b[i] <= '9' && k < 6; i++, k++)
				frac = frac * 10 + (b[i] - '0');
			if (k == 0 || (i < len && b[i] >= '0' && b[i] <= '9'))
				return -1;
			for (; k < 6; k++)
				frac *= 10;
		}
	}
	if (i < len && !strcmp(b + i, "+00"))
		i = len;
	else if (i < len && !strcmp(b + i, "+00:00"))
		i = len;
	if (i != len)
		return -1;
	int64_t days = dba_days_from_civil(y1 * 100 + y2, (unsigned)mo, (unsigned)d);
	*us = ((days * 86400 + h * 3600 + mi * 60 + se) * 1000000) + frac;
	return 0;
}

/* One field (length word and bytes) at p, room for PG_NUM_MAX * 2 bytes at least; NULL when v does not fit oid. */
static char *field(char *p, uint32_t oid, const dba_value *v)
{
	int64_t i;
	char num[PG_NUM_MAX], *q;

	switch (oid) {
	case T_INT2: case T_INT4: case T_INT8:
		if (v->type == DBA_T_INT64 || v->type == DBA_T_BOOL)
			i = v->type == DBA_T_BOOL ? v->u.b : v->u.i64;
		else if (v->type == DBA_T_TEXT && v->len && v->len < sizeof num) {
			char *end;
			memcpy(num, v->u.str, v->len);
			num[v->len] = 0;
			i = strtoll(num, &end, 10);
			if (*end)
				return NULL;
		} else
			return NULL;
		if (oid == T_INT8)
			return be64(be32(p, 8), (uint64_t)i);
		if (oid == T_INT4)
			return i < INT32_MIN || i > INT32_MAX ? NULL : be32(be32(p, 4), (uint32_t)i);
		return i < INT16_MIN || i > INT16_MAX ? NULL : be16(be32(p, 2), (unsigned)i & 0xFFFF);
	case T_BOOL:
		if (v->type != DBA_T_BOOL && v->type != DBA_T_INT64)
			return NULL;
		p = be32(p, 1);
		*p++ = (char)(v->type == DBA_T_BOOL ? v->u.b != 0 : v->u.i64 != 0);
		return p;
	case T_NUMERIC:
		if (v->type == DBA_T_DECIMAL || v->type == DBA_T_TEXT)
			q = numeric_bin(p + 4, v->u.str, v->len);
		else if (v->type == DBA_T_INT64)
			q = numeric_bin(p + 4, num, pg_fmt_i64(v->u.i64, num));
		else
			return NULL;
		if (q)
			be32(p, (uint32_t)(q - p - 4));
		return q;
	case T_TS: case T_TSTZ: case T_DATE:
		if (v->type == DBA_T_TIMESTAMP)
			i = v->u.i64;
		else if (v->type == DBA_T_DATE)
			i = v->u.i64 * DBA_US_PER_DAY;
		else if ((v->type != DBA_T_TEXT || parse_when(v->u.str, v->len, &i)))
			return NULL;
		if (oid == T_DATE) {
			if (i % DBA_US_PER_DAY)
				return NULL; /* text COPY would refuse a time of day too */
			return be32(be32(p, 4), (uint32_t)(i / DBA_US_PER_DAY - PG_EPOCH_DAYS));
		}
		return be64(be32(p, 8), (uint64_t)(i - (int64_t)PG_EPOCH_DAYS * DBA_US_PER_DAY));
	default:
		return NULL;
	}
}

/* Text for a text column: the bytes text COPY would give the server (NUL dropped). */
static int put_textcol(pg_cbuf *b, const dba_value *v)
{
	char num[PG_NUM_MAX];
	const char *s;
	size_t n;

	if (v->type == DBA_T_TEXT || v->type == DBA_T_DECIMAL || v->type == DBA_T_UUID)
		s = v->u.str, n = v->len;
	else if ((n = pg_fmt_scalar(v, num)) == (size_t)-1)
		return -2;
	else
		s = num;
	if (PG_COPY_BUF - b->n < n + 8 && pg_cbuf_flush(b)) /* only for a row longer than the buffer */
		return -1;
	if (PG_COPY_BUF - b->n < n + 8) { /* longer than the buffer: its own message */
		char *big = malloc(n + 4);
		size_t m = 0;
		if (!big)
			return -1;
		for (size_t k = 0; k < n; k++)
			if (s[k])
				big[4 + m++] = s[k];
		be32(big, (uint32_t)m);
		int rc = PQputCopyData(b->pg, big, (int)(m + 4)) == 1 || !b->pg ? 0 : -1;
		free(big);
		return rc;
	}
	char *o = b->buf + b->n + 4;
	size_t m = 0;
	if (memchr(s, 0, n)) {
		for (size_t k = 0; k < n; k++)
			if (s[k])
				o[m++] = s[k];
	} else {
		memcpy(o, s, n);
		m = n;
	}
	be32(b->buf + b->n, (uint32_t)m);
	b->n += 4 + m;
	return 0;
}

/* Bytes row takes at most (text columns: their length, the others: their largest binary form). */
static size_t row_bound(const dba_value *row, const uint32_t *oids, uint32_t ncols)
{
	size_t n = 2;
	for (uint32_t i = 0; i < ncols; i++) {
		int text = oids[i] == T_TEXT || oids[i] == T_VARCHAR;
		int str = row[i].type == DBA_T_TEXT || row[i].type == DBA_T_DECIMAL || row[i].type == DBA_T_UUID;
		n += 4 + (text && str ? row[i].len : 2 * PG_NUM_MAX + 160);
	}
	return n;
}

int pg_bin_row(pg_cbuf *b, const dba_value *row, const uint32_t *oids, uint32_t ncols)
{
	size_t need = row_bound(row, oids, ncols), start;
	char tmp[2 * PG_NUM_MAX + 160];

	if (PG_COPY_BUF - b->n < need && pg_cbuf_flush(b))
		return -1;
	if (need > PG_COPY_BUF) /* a long text: the row may go out in pieces, so check every value first */
		for (uint32_t i = 0; i < ncols; i++)
			if (row[i].type != DBA_T_NULL && oids[i] != T_TEXT && oids[i] != T_VARCHAR && !field(tmp, oids[i], &row[i]))
				return -2 - (int)i;
	start = b->n;
	be16(b->buf + b->n, ncols);
	b->n += 2;
	for (uint32_t i = 0; i < ncols; i++) {
		const dba_value *v = &row[i];
		int rc;

		if (v->type == DBA_T_NULL) {
			be32(b->buf + b->n, 0xFFFFFFFFu);
			b->n += 4;
			continue;
		}
		if (oids[i] == T_TEXT || oids[i] == T_VARCHAR) {
			if ((rc = put_textcol(b, v)) == -2)
				b->n = start;
			if (rc)
				return rc == -2 ? -2 - (int)i : rc;
			continue;
		}
		char *e = field(b->buf + b->n, oids[i], v);
		if (!e) {
			b->n = start; /* nothing of the row went out: it goes again as text */
			return -2 - (int)i;
		}
		b->n = (size_t)(e - b->buf);
	}
	return 0;
}

int pg_bin_header(pg_cbuf *b)
{
	static const char sig[19] = "PGCOPY\n\377\r\n\0\0\0\0\0\0\0\0\0";
	memcpy(b->buf + b->n, sig, 19);
	b->n += 19;
	return 0;
}

int pg_bin_trailer(pg_cbuf *b)
{
	if (PG_COPY_BUF - b->n < 2 && pg_cbuf_flush(b))
		return -1;
	be16(b->buf + b->n, 0xFFFF);
	b->n += 2;
	return 0;
}
