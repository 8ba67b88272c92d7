/*
 * --dry-run descriptions of specs, and inference of a generator from a
 * column's type and name when the config does not name one.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dbarena/timefmt.h"
#include "gen_internal.h"

/* ---- describe ---- */

typedef struct sbuf {
	char *p;
	size_t cap, n;
} sbuf;

static void sb(sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sb(sbuf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int k = vsnprintf(b->p + b->n, b->n < b->cap ? b->cap - b->n : 0, fmt, ap);
	va_end(ap);
	if (k > 0)
		b->n += (size_t)k;
	if (b->n >= b->cap && b->cap)
		b->n = b->cap - 1;
}

void gen_spec_describe(const gen_spec *s, char *buf, size_t cap)
{
	sbuf b = { buf, cap, 0 };
	char t1[64], t2[64];
	if (!cap)
		return;
	buf[0] = 0;
	if (s->desc) {
		sb(&b, "%s", s->desc);
		return;
	}
	sb(&b, "%s(", spec_kind_name(s->kind));
	size_t open = b.n;
	switch (s->kind) {
	case GK_SEQUENTIAL:
		sb(&b, "start=%lld, step=%lld", (long long)s->start, (long long)s->step);
		break;
	case GK_RANDOM_INT:
		sb(&b, "min=%lld, max=%lld", (long long)s->imin, (long long)s->imax);
		if (s->dist != DIST_UNIFORM)
			sb(&b, ", distribution=%s", s->dist == DIST_ZIPF ? "zipf" : "normal");
		break;
	case GK_RANDOM_DECIMAL:
		sb(&b, "min=%s, max=%s, precision=%d", s->raw[GO_MIN] ? s->raw[GO_MIN] : "0",
		   s->raw[GO_MAX] ? s->raw[GO_MAX] : "100", s->precision);
		break;
	case GK_BOOLEAN:
		sb(&b, "probability=%g", s->prob);
		break;
	case GK_TIMESTAMP:
		if (s->type == TS_NOW)
			sb(&b, "type=now");
		else if (s->type == TS_RELATIVE)
			sb(&b, "type=relative, offset_seconds=%lld, jitter_seconds=%lld", (long long)s->offset_s,
			   (long long)s->jitter_s);
		else {
			sb(&b, "type=range");
			if (s->has_start) {
				dba_fmt_timestamp(s->t_start, ' ', DBA_FRAC_NONE, t1, sizeof t1);
				sb(&b, ", start=%s", t1);
			}
			if (s->has_end) {
				dba_fmt_timestamp(s->t_end, ' ', DBA_FRAC_NONE, t2, sizeof t2);
				sb(&b, ", end=%s", t2);
			}
			if (!s->has_start)
				sb(&b, s->has_end ? ", start=end-365d" : ", the last 365 days");
		}
		break;
	case GK_DATE:
		if (s->has_start) {
			dba_fmt_date(s->t_start, t1, sizeof t1);
			sb(&b, "start=%s", t1);
		}
		if (s->has_end) {
			dba_fmt_date(s->t_end, t2, sizeof t2);
			sb(&b, "%send=%s", s->has_start ? ", " : "", t2);
		}
		if (!s->has_start)
			sb(&b, s->has_end ? ", start=end-5y" : "the last 5 years");
		break;
	case GK_EMAIL:
		sb(&b, "domain=%s", s->domain ? s->domain : "example.com/.net/.org");
		break;
	case GK_PHONE:
		sb(&b, "format=\"%s\"", s->format ? s->format : "(###) ###-####");
		break;
	case GK_NAME:
		sb(&b, "type=%s", s->type == NAME_FIRST ? "first" : s->type == NAME_LAST ? "last" : "full");
		break;
	case GK_ADDRESS:
		sb(&b, "type=%s", s->type == ADDR_FULL ? "full" : "street");
		break;
	case GK_TEMPLATE:
		sb(&b, "template=\"%s\"", s->raw[GO_TEMPLATE] ? s->raw[GO_TEMPLATE] : "");
		break;
	case GK_ENUM:
		sb(&b, "values=");
		for (size_t k = 0; k < s->nvalues; k++)
			sb(&b, "%s%s", k ? "|" : "", s->values[k]);
		if (s->raw[GO_WEIGHTS])
			sb(&b, ", weights=%s", s->raw[GO_WEIGHTS]);
		break;
	case GK_FOREIGN_KEY:
		sb(&b, "references=%s", s->references ? s->references : "");
		if (s->dist == DIST_ZIPF)
			sb(&b, ", distribution=zipf");
		break;
	case GK_UUID:
		break;
	case GK_TEXT:
		sb(&b, "min_words=%lld, max_words=%lld", (long long)s->min_words, (long long)s->max_words);
		break;
	}
	if (s->null_p > 0)
		sb(&b, "%snull_probability=%g", b.n > open ? ", " : "", s->null_p);
	sb(&b, ")");
}

/* ---- inference ---- */

static int name_has(const char *lname, const char *w)
{
	return strstr(lname, w) != NULL;
}

static int name_ends(const char *lname, const char *w)
{
	size_t a = strlen(lname), b = strlen(w);
	return a >= b && strcmp(lname + a - b, w) == 0;
}

static int infer_set(gen_spec *s, const char *k, const char *v)
{
	err e;
	return gen_spec_set(s, k, v, 0, &e);
}

/* max and precision of a random_decimal for a DECIMAL(p, s) column (max stays as given otherwise). */
static void decimal_bounds(const dba_column *col, char (*max)[64], char (*prec)[8])
{
	int p = col->precision, sc = col->scale;

	if (col->family == DBA_FAM_DECIMAL && p > 0) {
		if (sc < 0)
			sc = 0;
		if (sc > 12)
			sc = 12;
		int ip = p - (col->scale > 0 ? col->scale : 0);
		if (ip >= 7)
			snprintf(*max, sizeof *max, "1000000");
		else if (ip > 0) {
			long long m = 1;
			for (int i = 0; i < ip; i++)
				m *= 10;
			snprintf(*max, sizeof *max, "%lld", m - 1);
		} else {
			/* numeric(3,3): 0.999 */
			size_t n = (size_t)snprintf(*max, sizeof *max, "0.");
			for (int i = 0; i < sc && n < sizeof *max - 1; i++)
				(*max)[n++] = '9', (*max)[n] = 0;
			if (sc == 0)
				snprintf(*max, sizeof *max, "0");
		}
		snprintf(*prec, sizeof *prec, "%d", sc);
	}
}

gen_spec *gen_spec_infer(const dba_column *col)
{
	gen_spec *s = NULL;
	char lname[128] = "", lt[64] = "", buf[1024];
	err e;
	if (col->name)
		for (size_t i = 0; col->name[i] && i < sizeof lname - 1; i++)
			lname[i] = (char)tolower((unsigned char)col->name[i]), lname[i + 1] = 0;
	if (col->type_name)
		for (size_t i = 0; col->type_name[i] && i < sizeof lt - 1; i++)
			lt[i] = (char)tolower((unsigned char)col->type_name[i]), lt[i + 1] = 0;

	switch (col->family) {
	case DBA_FAM_INT: {
		const char *max = "1000000";
		if (strstr(lt, "tinyint") || (!*lt && col->precision > 0 && col->precision <= 3))
			max = "127";
		else if (strstr(lt, "smallint") || strstr(lt, "int2") || (!*lt && col->precision > 0 && col->precision <= 5))
			max = "32767";
		s = spec_alloc(GK_RANDOM_INT, NULL, 0);
		if (s && (infer_set(s, "min", "1") || infer_set(s, "max", max)))
			goto fail;
		break;
	}
	case DBA_FAM_DECIMAL:
	case DBA_FAM_FLOAT: {
		char max[64] = "100000", prec[8] = "2";

		decimal_bounds(col, &max, &prec);
		s = spec_alloc(GK_RANDOM_DECIMAL, NULL, 0);
		if (s && (infer_set(s, "min", "0") || infer_set(s, "max", max) || infer_set(s, "precision", prec)))
			goto fail;
		break;
	}
	case DBA_FAM_BOOL:
		s = spec_alloc(GK_BOOLEAN, NULL, 0);
		break;
	case DBA_FAM_TEXT:
		if (col->max_length > 0 && col->max_length < 10) {
			size_t n = 0;
			buf[0] = 0;
			for (int i = 0; i < col->max_length; i++)
				n += (size_t)snprintf(buf + n, sizeof buf - n, "{enum:A|B|C|D|E|F|G|H|J|K|L|M|N|P|R|S|T|U|V|W|X|Y|Z}");
			s = spec_alloc(GK_TEMPLATE, NULL, 0);
			if (s && infer_set(s, "template", buf))
				goto fail;
			snprintf(buf, sizeof buf, "template(%d capital letters)", col->max_length);
			if (s && !(s->desc = strdup(buf)))
				goto fail;
		} else if (name_has(lname, "email") || name_has(lname, "e_mail")) {
			s = spec_alloc(GK_EMAIL, NULL, 0);
		} else if (name_has(lname, "phone") || name_has(lname, "mobile") || name_ends(lname, "tel")) {
			s = spec_alloc(GK_PHONE, NULL, 0);
		} else if (name_has(lname, "address") || name_has(lname, "street")) {
			s = spec_alloc(GK_ADDRESS, NULL, 0);
			if (s && !name_has(lname, "street") && !name_has(lname, "line") &&
			    (col->max_length <= 0 || col->max_length >= 40))
				infer_set(s, "type", "full");
		} else if (name_ends(lname, "name")) {
			s = spec_alloc(GK_NAME, NULL, 0);
			if (s && (name_has(lname, "first") || name_has(lname, "given") || strcmp(lname, "fname") == 0))
				infer_set(s, "type", "first");
			else if (s && (name_has(lname, "last") || name_has(lname, "sur") || name_has(lname, "family") ||
				       strcmp(lname, "lname") == 0))
				infer_set(s, "type", "last");
		} else {
			s = spec_alloc(GK_TEXT, NULL, 0);
			if (s && col->max_length > 0 && col->max_length < 40)
				infer_set(s, "min_words", "1"), infer_set(s, "max_words", "4");
		}
		break;
	case DBA_FAM_TIMESTAMP:
		s = spec_alloc(GK_TIMESTAMP, NULL, 0);
		if (s)
			s->type = TS_RANGE, s->type_set = 1;
		break;
	case DBA_FAM_DATE:
		s = spec_alloc(GK_DATE, NULL, 0);
		break;
	case DBA_FAM_UUID:
		s = spec_alloc(GK_UUID, NULL, 0);
		break;
	case DBA_FAM_ENUM:
		if (!col->enum_values || col->n_enum_values == 0)
			return NULL;
		s = spec_alloc(GK_ENUM, NULL, 0);
		if (!s)
			return NULL;
		s->values = calloc(col->n_enum_values + 1, sizeof *s->values);
		s->value_len = calloc(col->n_enum_values, sizeof *s->value_len);
		if (!s->values || !s->value_len)
			goto fail;
		for (uint32_t i = 0; i < col->n_enum_values; i++) {
			s->values[i] = strdup(col->enum_values[i] ? col->enum_values[i] : "");
			s->value_len[i] = strlen(s->values[i]);
		}
		s->nvalues = col->n_enum_values;
		break;
	default:
		return NULL;
	}
	if (!s || gen_spec_finish(s, &e))
		goto fail;
	return s;
fail:
	spec_release(s);
	return NULL;
}
