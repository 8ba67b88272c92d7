/*
 * PostgreSQL text: quoted identifiers, value text for COPY and parameters,
 * and SQL literals.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "dbarena/timefmt.h"
#include "pg.h"

/* snprintf-style writer: counts everything, stores what fits. */
typedef struct wr {
	char *out;
	size_t cap, n;
} wr;

static void wr_c(wr *w, char ch)
{
	if (w->n + 1 < w->cap)
		w->out[w->n] = ch;
	w->n++;
}

static void wr_s(wr *w, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		wr_c(w, s[i]);
}

static size_t wr_end(wr *w)
{
	if (w->cap)
		w->out[w->n < w->cap ? w->n : w->cap - 1] = 0;
	return w->n;
}

size_t pg_escape_ident(const char *name, char *out, size_t cap)
{
	wr w = { out, cap, 0 };
	wr_c(&w, '"');
	for (const char *p = name; *p; p++) {
		if (*p == '"')
			wr_c(&w, '"');
		wr_c(&w, *p);
	}
	wr_c(&w, '"');
	return wr_end(&w);
}

static const char digits2[] =
	"00010203040506070809101112131415161718192021222324252627282930313233343536373839"
	"40414243444546474849505152535455565758596061626364656667686970717273747576777879"
	"8081828384858687888990919293949596979899";

size_t pg_fmt_i64(int64_t v, char *out)
{
	char tmp[24];
	char *p = tmp + sizeof tmp;
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	size_t n;
	while (u >= 100) {
		unsigned r = (unsigned)(u % 100);
		u /= 100;
		p -= 2;
		memcpy(p, digits2 + 2 * r, 2);
	}
	if (u >= 10) {
		p -= 2;
		memcpy(p, digits2 + 2 * u, 2);
	} else {
		*--p = (char)('0' + u);
	}
	if (v < 0)
		*--p = '-';
	n = (size_t)(tmp + sizeof tmp - p);
	memcpy(out, p, n);
	return n;
}

size_t pg_fmt_double(double v, char *out)
{
	int n;
	if (isnan(v)) {
		memcpy(out, "NaN", 3);
		return 3;
	}
	if (isinf(v)) {
		n = v < 0 ? 9 : 8;
		memcpy(out, v < 0 ? "-Infinity" : "Infinity", (size_t)n);
		return (size_t)n;
	}
	n = snprintf(out, PG_NUM_MAX, "%.17g", v);
	return n < 0 ? 0 : (size_t)n;
}

static char *put2(char *p, unsigned v)
{
	memcpy(p, digits2 + 2 * (v % 100), 2);
	return p + 2;
}

/* Writes YYYY-MM-DD (years 1..9999; others with more digits) and returns the end. */
static char *put_date(char *p, int64_t days, int *bc)
{
	int64_t y;
	unsigned m, d;
	dba_civil_from_days(days, &y, &m, &d);
	*bc = y <= 0;
	if (*bc)
		y = 1 - y; /* PostgreSQL has no year 0: 1 BC precedes 1 AD */
	if (y <= 9999) {
		p = put2(p, (unsigned)(y / 100));
		p = put2(p, (unsigned)(y % 100));
	} else {
		p += pg_fmt_i64(y, p);
	}
	*p++ = '-';
	p = put2(p, m);
	*p++ = '-';
	return put2(p, d);
}

size_t pg_fmt_date(int64_t days, char *out)
{
	int bc;
	char *p = put_date(out, days, &bc);
	if (bc) {
		memcpy(p, " BC", 3);
		p += 3;
	}
	return (size_t)(p - out);
}

size_t pg_fmt_timestamp(int64_t us, char *out)
{
	int64_t days;
	int32_t s, f;
	int bc;
	char *p;

	dba_split_us(us, &days, &s, &f);
	p = put_date(out, days, &bc);
	unsigned secs = (unsigned)s, frac = (unsigned)f;
	*p++ = ' ';
	p = put2(p, secs / 3600);
	*p++ = ':';
	p = put2(p, secs / 60 % 60);
	*p++ = ':';
	p = put2(p, secs % 60);
	*p++ = '.';
	p = put2(p, frac / 10000);
	p = put2(p, frac / 100 % 100);
	p = put2(p, frac % 100);
	/* UTC offset: read right by timestamptz, ignored by timestamp */
	memcpy(p, "+00", 3);
	p += 3;
	if (bc) {
		memcpy(p, " BC", 3);
		p += 3;
	}
	return (size_t)(p - out);
}

size_t pg_fmt_scalar(const dba_value *v, char *out)
{
	size_t n;
	switch (v->type) {
	case DBA_T_INT64:
		return pg_fmt_i64(v->u.i64, out);
	case DBA_T_DOUBLE:
		return pg_fmt_double(v->u.f64, out);
	case DBA_T_BOOL:
		out[0] = v->u.b ? 't' : 'f';
		return 1;
	case DBA_T_TIMESTAMP:
		return pg_fmt_timestamp(v->u.i64, out);
	case DBA_T_DATE:
		return pg_fmt_date(v->u.i64, out);
	case DBA_T_DECIMAL:
	case DBA_T_UUID:
		n = v->len < PG_NUM_MAX - 1 ? v->len : PG_NUM_MAX - 1;
		memcpy(out, v->u.str, n);
		return n;
	default:
		return (size_t)-1;
	}
}

static int standard_strings(dba_conn *c)
{
	const char *s = c && c->pg ? PQparameterStatus(c->pg, "standard_conforming_strings") : NULL;
	return !s || strcmp(s, "off") != 0;
}

size_t pg_render_literal(dba_conn *c, const dba_value *v, int32_t family, char *out,
			 size_t cap)
{
	wr w = { out, cap, 0 };
	char num[PG_NUM_MAX];
	size_t n;

	switch (v->type) {
	case DBA_T_NULL:
		wr_s(&w, "NULL", 4);
		break;
	case DBA_T_BOOL:
		if (family == DBA_FAM_TEXT)
			wr_s(&w, v->u.b ? "'t'" : "'f'", 3);
		else
			wr_s(&w, v->u.b ? "TRUE" : "FALSE", v->u.b ? 4 : 5);
		break;
	case DBA_T_DOUBLE:
		n = pg_fmt_double(v->u.f64, num);
		if (!isfinite(v->u.f64))
			wr_c(&w, '\'');
		wr_s(&w, num, n);
		if (!isfinite(v->u.f64))
			wr_c(&w, '\'');
		break;
	case DBA_T_INT64:
		wr_s(&w, num, pg_fmt_i64(v->u.i64, num));
		break;
	case DBA_T_DECIMAL: {
		int plain = v->len > 0;
		for (uint32_t i = 0; i < v->len; i++)
			if (!isdigit((unsigned char)v->u.str[i]) && !strchr("+-.eE", v->u.str[i]))
				plain = 0;
		if (plain) {
			wr_s(&w, v->u.str, v->len);
			break;
		}
		/* quote anything unexpected */
	}
		__attribute__((fallthrough));
	case DBA_T_TEXT:
	case DBA_T_UUID: {
		int e = 0;
		if (!standard_strings(c))
			for (uint32_t i = 0; i < v->len && !e; i++)
				e = v->u.str[i] == '\\';
		if (e)
			wr_c(&w, 'E');
		wr_c(&w, '\'');
		for (uint32_t i = 0; i < v->len; i++) {
			char ch = v->u.str[i];
			if (!ch)
				continue; /* PostgreSQL text cannot hold NUL */
			if (ch == '\'' || (e && ch == '\\'))
				wr_c(&w, ch);
			wr_c(&w, ch);
		}
		wr_c(&w, '\'');
		break;
	}
	case DBA_T_TIMESTAMP:
	case DBA_T_DATE:
		n = v->type == DBA_T_DATE ? pg_fmt_date(v->u.i64, num) : pg_fmt_timestamp(v->u.i64, num);
		wr_c(&w, '\'');
		wr_s(&w, num, n);
		wr_c(&w, '\'');
		break;
	default:
		wr_s(&w, "NULL", 4);
		break;
	}
	return wr_end(&w);
}

