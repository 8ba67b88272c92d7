/*
 * T-SQL text: bracketed identifiers, literals, and the dialect facts the
 * core asks for (TOP, @p placeholders, bit literals, 1,000 rows per VALUES).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "dbarena/timefmt.h"
#include "ms.h"

/* Appends one byte, counting what the full text needs (snprintf semantics). */
struct sbuf {
	char *out;
	size_t cap;
	size_t n;
};

static void put(struct sbuf *b, char ch)
{
	if (b->cap && b->n + 1 < b->cap)
		b->out[b->n] = ch;
	b->n++;
}

static size_t finish(struct sbuf *b)
{
	if (b->cap)
		b->out[b->n < b->cap ? b->n : b->cap - 1] = '\0';
	return b->n;
}

size_t ms_escape_ident(const char *name, char *out, size_t cap)
{
	struct sbuf b = { out, cap, 0 };

	put(&b, '[');
	for (const char *p = name ? name : ""; *p; p++) {
		put(&b, *p);
		if (*p == ']')
			put(&b, ']');
	}
	put(&b, ']');
	return finish(&b);
}

size_t ms_qualified_name(const char *schema, const char *name, char *out, size_t cap)
{
	size_t n = 0;

	if (schema && *schema) {
		n = ms_escape_ident(schema, out, cap);
		if (n + 1 < cap)
			out[n] = '.';
		n++;
	}
	return n + ms_escape_ident(name, n < cap ? out + n : NULL, n < cap ? cap - n : 0);
}

size_t ms_render_nstring(const char *s, size_t len, char *out, size_t cap)
{
	struct sbuf b = { out, cap, 0 };

	put(&b, 'N');
	put(&b, '\'');
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\0')
			continue;
		put(&b, s[i]);
		if (s[i] == '\'')
			put(&b, '\'');
	}
	put(&b, '\'');
	return finish(&b);
}

int ms_format_date(int64_t days, char *out, size_t cap)
{
	return dba_fmt_date(days, out, cap);
}

int ms_format_timestamp(int64_t us, char sep, char *out, size_t cap)
{
	return dba_fmt_timestamp(us, sep, DBA_FRAC_ALWAYS, out, cap);
}

int ms_decimal_ok(const char *s, size_t len)
{
	size_t i = 0, digits = 0;
	int point = 0;

	if (!s)
		return 0;
	if (i < len && (s[i] == '-' || s[i] == '+'))
		i++;
	for (; i < len; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			digits++;
		else if (s[i] == '.' && !point)
			point = 1;
		else
			return 0;
	}
	return digits > 0;
}

int ms_uuid_ok(const char *s, size_t len)
{
	if (!s || len != 36)
		return 0;
	for (size_t i = 0; i < 36; i++) {
		char ch = s[i];
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (ch != '-')
				return 0;
		} else if (!((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f') ||
			     (ch >= 'A' && ch <= 'F'))) {
			return 0;
		}
	}
	return 1;
}

size_t ms_render_literal(dba_conn *c, const dba_value *v, int32_t family, char *out, size_t cap)
{
	char tmp[64];

	(void)c;
	switch (v->type) {
	case DBA_T_INT64:
		if (family == DBA_FAM_BOOL)
			return (size_t)snprintf(out, cap, "%d", v->u.i64 != 0);
		return (size_t)snprintf(out, cap, "%lld", (long long)v->u.i64);
	case DBA_T_DOUBLE:
		/* float has no NaN or infinity in SQL Server. */
		if (!isfinite(v->u.f64))
			return (size_t)snprintf(out, cap, "CAST(NULL AS float)");
		return (size_t)snprintf(out, cap, "%.17g", v->u.f64);
	case DBA_T_DECIMAL:
		if (ms_decimal_ok(v->u.str, v->len))
			return (size_t)snprintf(out, cap, "%.*s", (int)v->len, v->u.str);
		/* Not a number: let the server reject it as a string, never as SQL. */
		return ms_render_nstring(v->u.str ? v->u.str : "", v->u.str ? v->len : 0, out, cap);
	case DBA_T_BOOL:
		return (size_t)snprintf(out, cap, "%d", v->u.b != 0);
	case DBA_T_TEXT:
		return ms_render_nstring(v->u.str ? v->u.str : "", v->u.str ? v->len : 0, out, cap);
	case DBA_T_TIMESTAMP:
		/* ISO 8601 with 'T' reads the same under every DATEFORMAT and language. */
		ms_format_timestamp(v->u.i64, 'T', tmp, sizeof(tmp));
		if (family == DBA_FAM_DATE)
			return (size_t)snprintf(out, cap, "CAST('%.10s' AS date)", tmp);
		return (size_t)snprintf(out, cap, "CAST('%s' AS datetime2(6))", tmp);
	case DBA_T_DATE:
		ms_format_date(v->u.i64, tmp, sizeof(tmp));
		return (size_t)snprintf(out, cap, "CAST('%s' AS date)", tmp);
	case DBA_T_UUID:
		if (ms_uuid_ok(v->u.str, v->len))
			return (size_t)snprintf(out, cap, "'%.36s'", v->u.str);
		return ms_render_nstring(v->u.str ? v->u.str : "", v->u.str ? v->len : 0, out, cap);
	case DBA_T_NULL:
	default:
		return (size_t)snprintf(out, cap, "NULL");
	}
}

static const dba_dialect ms_dialect_facts = {
	.size = sizeof(dba_dialect),
	.placeholder = DBA_PH_AT,
	.limit_style = DBA_LIMIT_TOP,
	.max_insert_rows = 1000, /* SQL Server's limit for one VALUES list */
	.now_expr = "SYSUTCDATETIME()",
	.true_literal = "1",
	.false_literal = "0",
};

const dba_dialect *ms_dialect(void)
{
	return &ms_dialect_facts;
}
