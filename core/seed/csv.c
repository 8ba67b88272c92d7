/*
 * The CSV writer of `seed --csv`: a header line of column names, then one
 * line per row, fields quoted only when they must be (RFC 4180).  A row is
 * formatted into one buffer on the stack (integers and timestamps by hand,
 * as "%lld" and dba_fmt_timestamp would write them) and goes to the stream
 * with one unlocked write.
 */
#include <stdio.h>
#include <string.h>
#include "dbarena/timefmt.h"
#include "csv.h"

#define LINE 4096

typedef struct line {
	FILE *f;
	size_t n;
	char b[LINE];
} line;

static const char digits2[] =
	"00010203040506070809101112131415161718192021222324252627282930313233343536373839"
	"40414243444546474849505152535455565758596061626364656667686970717273747576777879"
	"8081828384858687888990919293949596979899";

static void drain(line *l)
{
	fwrite_unlocked(l->b, 1, l->n, l->f);
	l->n = 0;
}

/* Room for need more bytes (need <= LINE). */
static char *room(line *l, size_t need)
{
	if (l->n + need > LINE)
		drain(l);
	return l->b + l->n;
}

static size_t fmt_i64(int64_t v, char *out)
{
	char tmp[24], *p = tmp + sizeof tmp;
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;

	while (u >= 100) {
		p -= 2;
		memcpy(p, digits2 + 2 * (u % 100), 2);
		u /= 100;
	}
	if (u >= 10) {
		p -= 2;
		memcpy(p, digits2 + 2 * u, 2);
	} else
		*--p = (char)('0' + u);
	if (v < 0)
		*--p = '-';
	memcpy(out, p, (size_t)(tmp + sizeof tmp - p));
	return (size_t)(tmp + sizeof tmp - p);
}

static char *put2(char *p, unsigned v)
{
	memcpy(p, digits2 + 2 * v, 2);
	return p + 2;
}

/* "YYYY-MM-DD[ HH:MM:SS[.ffffff]]" for years 0..9999; else dba_fmt_*'s own text. */
static size_t fmt_when(int64_t v, int is_ts, char *out, size_t cap)
{
	int64_t days = v, y;
	int32_t s = 0, f = 0;
	unsigned m, d;
	char *p = out;

	if (is_ts)
		dba_split_us(v, &days, &s, &f);
	dba_civil_from_days(days, &y, &m, &d);
	if (y < 0 || y > 9999) {
		int n = is_ts ? dba_fmt_timestamp(v, ' ', DBA_FRAC_NONZERO, out, cap) : dba_fmt_date(v, out, cap);
		return n < 0 ? 0 : (size_t)n;
	}
	p = put2(p, (unsigned)(y / 100));
	p = put2(p, (unsigned)(y % 100));
	*p++ = '-';
	p = put2(p, m);
	*p++ = '-';
	p = put2(p, d);
	if (!is_ts)
		return (size_t)(p - out);
	*p++ = ' ';
	p = put2(p, (unsigned)s / 3600);
	*p++ = ':';
	p = put2(p, (unsigned)s / 60 % 60);
	*p++ = ':';
	p = put2(p, (unsigned)s % 60);
	if (f) {
		*p++ = '.';
		p = put2(p, (unsigned)f / 10000);
		p = put2(p, (unsigned)f / 100 % 100);
		p = put2(p, (unsigned)f % 100);
	}
	return (size_t)(p - out);
}

/* Scalars straight into the line; 0 when v is text (or NULL: *null set). */
static int put_scalar(line *l, const dba_value *v, int *null)
{
	char *o = room(l, 64);

	*null = 0;
	switch (v->type) {
	case DBA_T_NULL: *null = 1; return 1;
	case DBA_T_INT64: l->n += fmt_i64(v->u.i64, o); return 1;
	case DBA_T_DOUBLE: l->n += (size_t)snprintf(o, 64, "%.17g", v->u.f64); return 1;
	case DBA_T_BOOL:
		memcpy(o, v->u.b ? "true" : "false", v->u.b ? 4 : 5);
		l->n += v->u.b ? 4 : 5;
		return 1;
	case DBA_T_TIMESTAMP: l->n += fmt_when(v->u.i64, 1, o, 64); return 1;
	case DBA_T_DATE: l->n += fmt_when(v->u.i64, 0, o, 64); return 1;
	default: return 0;
	}
}

static void put_bytes(line *l, const char *s, size_t len)
{
	if (len > LINE / 2) {
		drain(l);
		fwrite_unlocked(s, 1, len, l->f);
		return;
	}
	memcpy(room(l, len), s, len);
	l->n += len;
}

static void put_text(line *l, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r')
			break;
	if (len && i == len) {
		put_bytes(l, s, len);
		return;
	}
	*room(l, 1) = '"', l->n++;
	for (i = 0; i < len; i++) {
		char *o = room(l, 2);

		if (s[i] == '"')
			*o++ = '"', l->n++;
		*o = s[i], l->n++;
	}
	*room(l, 1) = '"', l->n++;
}

void csv_write_header(FILE *f, const seed_table *t)
{
	for (size_t k = 0; k < t->ncols; k++)
		fprintf(f, "%s%s", k ? "," : "", t->cols[k].name);
	fputc('\n', f);
}

void csv_write_row(FILE *f, const dba_value *row, size_t n)
{
	line l;
	int null;

	l.f = f;
	l.n = 0;
	for (size_t k = 0; k < n; k++) {
		if (k)
			*room(&l, 1) = ',', l.n++;
		if (!put_scalar(&l, &row[k], &null))
			put_text(&l, row[k].u.str, row[k].len);
	}
	*room(&l, 1) = '\n', l.n++;
	drain(&l);
}
