/* CHECK expressions parsed into a tree, and their constants read (checkexpr.h). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "checkexpr.h"
#include "specparse.h"

typedef struct parser {
	const char *p;
	int bad;
} parser;

static node *mk(parser *ps, int kind)
{
	node *n = calloc(1, sizeof *n);
	if (!n)
		ps->bad = 1;
	else
		n->kind = kind;
	return n;
}

void check_expr_free(node *n)
{
	if (!n)
		return;
	for (size_t i = 0; i < n->nkid; i++)
		check_expr_free(n->kid[i]);
	free(n->kid);
	free(n->text);
	free(n);
}

static node *add(parser *ps, node *n, node *k)
{
	node **v;
	if (!n || !k || !(v = realloc(n->kid, (n->nkid + 1) * sizeof *v))) {
		ps->bad = 1;
		check_expr_free(k);
		return n;
	}
	n->kid = v;
	v[n->nkid++] = k;
	return n;
}

static void ws(parser *ps)
{
	while (isspace((unsigned char)*ps->p))
		ps->p++;
}

/* A bare word (letters, digits, _, $, .) at p: its length, 0 when none. */
static size_t word_len(const char *p)
{
	size_t n = 0;
	if (!isalpha((unsigned char)p[0]) && p[0] != '_')
		return 0;
	while (isalnum((unsigned char)p[n]) || p[n] == '_' || p[n] == '$')
		n++;
	return n;
}

static int kw(parser *ps, const char *w)
{
	size_t n;
	ws(ps);
	n = word_len(ps->p);
	if (n != strlen(w) || strncasecmp(ps->p, w, n))
		return 0;
	ps->p += n;
	return 1;
}

static int punct(parser *ps, const char *s)
{
	ws(ps);
	if (strncmp(ps->p, s, strlen(s)))
		return 0;
	ps->p += strlen(s);
	return 1;
}

/* A quoted literal or identifier ('x', "x", `x`), doubled quotes and backslashes unescaped. */
static char *quoted(parser *ps)
{
	char q = *ps->p++, *out = malloc(strlen(ps->p) + 1);
	size_t o = 0;
	if (!out) {
		ps->bad = 1;
		return NULL;
	}
	while (*ps->p) {
		if (*ps->p == q && ps->p[1] == q) {
			out[o++] = q;
			ps->p += 2;
		} else if (*ps->p == q) {
			ps->p++;
			out[o] = 0;
			return out;
		} else if (*ps->p == '\\' && q == '\'' && ps->p[1]) {
			out[o++] = ps->p[1];
			ps->p += 2;
		} else {
			out[o++] = *ps->p++;
		}
	}
	free(out);
	ps->bad = 1;
	return NULL;
}

static node *p_or(parser *ps);

/* "::type name(n,m)[]", any number of them. */
static void casts(parser *ps)
{
	while (punct(ps, "::")) {
		ws(ps);
		if (*ps->p == '"')
			free(quoted(ps));
		while (!ps->bad) {
			size_t n;
			ws(ps);
			n = word_len(ps->p);
			if (!n || (n == 3 && !strncasecmp(ps->p, "AND", 3)) || (n == 2 && !strncasecmp(ps->p, "OR", 2)))
				break;
			ps->p += n;
		}
		if (punct(ps, "(")) {
			while (*ps->p && *ps->p != ')')
				ps->p++;
			punct(ps, ")");
		}
		while (punct(ps, "[]"))
			;
	}
}

/* Comma-separated values up to close (the opening bracket is consumed). */
static node *p_list(parser *ps, const char *close)
{
	node *l = mk(ps, N_LIST);
	if (punct(ps, close))
		return l;
	do
		add(ps, l, p_or(ps));
	while (!ps->bad && punct(ps, ","));
	if (!punct(ps, close))
		ps->bad = 1;
	return l;
}

static node *p_primary(parser *ps)
{
	node *n = NULL;
	size_t wl;
	ws(ps);
	if (punct(ps, "(")) {
		n = p_or(ps);
		if (!punct(ps, ")"))
			ps->bad = 1;
	} else if (*ps->p == '\'') {
		if ((n = mk(ps, N_CONST)))
			n->text = quoted(ps), n->is_str = 1;
	} else if (*ps->p == '"' || *ps->p == '`') {
		if ((n = mk(ps, N_COL)))
			n->text = quoted(ps);
	} else if (punct(ps, "-")) {
		n = p_primary(ps);
		if (n && n->kind == N_CONST && n->text && n->text[0] != '-') {
			char *t = malloc(strlen(n->text) + 2);
			if (t) {
				t[0] = '-';
				strcpy(t + 1, n->text);
			}
			free(n->text);
			n->text = t;
		} else {
			ps->bad = 1;
		}
		return n;
	} else if (isdigit((unsigned char)*ps->p) || *ps->p == '.') {
		char *end;
		strtod(ps->p, &end);
		if ((n = mk(ps, N_CONST)))
			n->text = strndup(ps->p, (size_t)(end - ps->p));
		ps->p = end;
	} else if (kw(ps, "ARRAY")) {
		if (!punct(ps, "["))
			ps->bad = 1;
		else
			n = p_list(ps, "]");
	} else if ((wl = word_len(ps->p))) {
		char *w = strndup(ps->p, wl);
		ps->p += wl;
		if (!w) {
			ps->bad = 1;
			return NULL;
		}
		if (punct(ps, "(")) {
			if ((n = p_list(ps, ")")))
				n->kind = N_FUNC, n->text = w;
			else
				free(w);
		} else if ((n = mk(ps, N_COL))) {
			n->text = w;
		} else {
			free(w);
		}
	} else {
		ps->bad = 1;
	}
	if (!ps->bad)
		casts(ps);
	return n;
}

/* primary (+|- primary)*: now() - '18 years'::interval. */
static node *p_sum(parser *ps)
{
	node *l = p_primary(ps);

	while (!ps->bad) {
		node *n;
		char op;

		ws(ps);
		if ((*ps->p != '+' && *ps->p != '-') || ps->p[1] == '>') /* not a JSON -> */
			break;
		op = *ps->p++;
		n = add(ps, mk(ps, N_ARITH), l);
		if (n)
			n->op[0] = op;
		l = add(ps, n, p_primary(ps));
	}
	return l;
}

static node *p_cmp(parser *ps)
{
	static const char *ops[] = { "<=", ">=", "<>", "!=", "=", "<", ">" };
	node *l = p_sum(ps), *n;
	int neg;
	if (ps->bad)
		return l;
	for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++)
		if (punct(ps, ops[i])) {
			n = add(ps, mk(ps, N_CMP), l);
			if (n)
				strcpy(n->op, i == 3 ? "<>" : ops[i]);
			if (kw(ps, "ANY") || kw(ps, "SOME")) {
				if (n && strcmp(n->op, "=")) /* only = ANY reads as a list */
					ps->bad = 1;
				if (n)
					n->kind = N_IN;
			}
			return add(ps, n, p_sum(ps));
		}
	if (kw(ps, "IS")) {
		neg = kw(ps, "NOT");
		if (!kw(ps, "NULL"))
			ps->bad = 1;
		n = add(ps, mk(ps, N_ISNULL), l);
		if (n)
			strcpy(n->op, neg ? "!" : "n");
		return n;
	}
	neg = kw(ps, "NOT");
	if (kw(ps, "BETWEEN")) {
		n = add(ps, mk(ps, N_BETWEEN), l);
		add(ps, n, p_sum(ps));
		if (!kw(ps, "AND"))
			ps->bad = 1;
		add(ps, n, p_sum(ps));
	} else if (kw(ps, "IN")) {
		n = add(ps, mk(ps, N_IN), l);
		if (!punct(ps, "("))
			ps->bad = 1;
		else
			add(ps, n, p_list(ps, ")"));
	} else {
		if (neg)
			ps->bad = 1;
		return l;
	}
	if (neg) /* NOT BETWEEN / NOT IN: not a bound */
		ps->bad = 1;
	return n;
}

static node *p_not(parser *ps)
{
	if (kw(ps, "NOT"))
		return add(ps, mk(ps, N_NOT), p_not(ps));
	return p_cmp(ps);
}

static node *p_and(parser *ps)
{
	node *l = p_not(ps), *n = NULL;
	while (!ps->bad && kw(ps, "AND")) {
		if (!n)
			n = add(ps, mk(ps, N_AND), l);
		add(ps, n, p_not(ps));
	}
	return n ? n : l;
}

static node *p_or(parser *ps)
{
	node *l = p_and(ps), *n = NULL;
	while (!ps->bad && kw(ps, "OR")) {
		if (!n)
			n = add(ps, mk(ps, N_OR), l);
		add(ps, n, p_and(ps));
	}
	return n ? n : l;
}

node *check_expr_parse(const char *expr)
{
	parser ps = { expr, 0 };
	node *n;
	kw(&ps, "CHECK");
	n = p_or(&ps);
	if (kw(&ps, "NOT"))
		kw(&ps, "VALID");
	ws(&ps);
	if (ps.bad || *ps.p) {
		check_expr_free(n);
		return NULL;
	}
	return n;
}

int check_expr_num(const node *n, double *v)
{
	char *end;
	if (!n || n->kind != N_CONST || !n->text || !*n->text)
		return 0;
	*v = strtod(n->text, &end);
	return *end == 0;
}

/*
 * A date or timestamp literal ('2024-01-01', '2024-01-01 00:00:00+00') as seconds since
 * 1970 (UTC when it carries an offset): the bounds of date, time-stamp and partition CHECKs.
 */
static int time_lit(const node *n, double *v);

/* "18 years", "1 day", "1 mon 2 days", "03:00:00" added (sign 1) or taken (-1) from *t, calendar-wise. */
static int add_interval(const char *iv, int sign, double *t)
{
	static const struct { const char *w; int field; long secs; } units[] = {
		{ "year", 0, 0 }, { "mon", 1, 0 }, { "week", 2, 7 * 86400L }, { "day", 2, 86400L },
		{ "hour", 2, 3600L }, { "min", 2, 60L }, { "sec", 2, 1L },
	};
	time_t tt = (time_t)*t;
	struct tm tm;
	long years = 0, months = 0;
	double secs = 0;
	const char *p = iv;

	while (*p) {
		char *end;
		long h, m, sec;
		double q;
		size_t k;

		while (*p == ' ')
			p++;
		if (!*p)
			break;
		if (sscanf(p, "%ld:%ld:%ld", &h, &m, &sec) == 3) { /* hh:mm:ss */
			secs += (double)(h * 3600 + (h < 0 ? -1 : 1) * (m * 60 + sec));
			while (*p && *p != ' ')
				p++;
			continue;
		}
		q = strtod(p, &end);
		if (end == p)
			return 0;
		p = end;
		while (*p == ' ')
			p++;
		for (k = 0; k < sizeof units / sizeof units[0] && strncasecmp(p, units[k].w, strlen(units[k].w)); k++)
			;
		if (k == sizeof units / sizeof units[0] || q != (long)q)
			return 0;
		if (units[k].field == 0)
			years += (long)q;
		else if (units[k].field == 1)
			months += (long)q;
		else
			secs += q * (double)units[k].secs;
		while (isalpha((unsigned char)*p))
			p++;
	}
	if (!gmtime_r(&tt, &tm))
		return 0;
	tm.tm_year += (int)(sign * years);
	tm.tm_mon += (int)(sign * months);
	*t = (double)timegm(&tm) + sign * secs;
	return 1;
}

int check_expr_time(const node *n, double *v, double slack)
{
	static const char *now[] = { "now", "CURRENT_TIMESTAMP", "CURRENT_DATE", "LOCALTIMESTAMP", "statement_timestamp",
				     "transaction_timestamp", "clock_timestamp" };

	if (n && n->kind == N_ARITH && n->nkid == 2 && n->kid[1]->kind == N_CONST && n->kid[1]->is_str)
		return check_expr_time(n->kid[0], v, slack) && n->kid[0]->kind != N_CONST &&
		       add_interval(n->kid[1]->text, n->op[0] == '-' ? -1 : 1, v);
	if (n && n->text && ((n->kind == N_FUNC && !n->nkid) || n->kind == N_COL))
		for (size_t k = 0; k < sizeof now / sizeof now[0]; k++)
			if (!strcasecmp(n->text, now[k])) {
				*v = (double)time(NULL) + slack;
				return 1;
			}
	return time_lit(n, v);
}

static int time_lit(const node *n, double *v)
{
	char b[64];
	size_t len;
	int sign = 0, oh = 0, om = 0;
	int64_t us;

	if (!n || n->kind != N_CONST || !n->is_str || !n->text || (len = strlen(n->text)) < 10 || len >= sizeof b)
		return 0;
	memcpy(b, n->text, len + 1);
	if (len > 19) { /* an offset after the seconds (and fraction): +HH, +HH:MM, -HH */
		char *z = b + 19;
		while (*z && *z != '+' && *z != '-')
			z++;
		if (*z) {
			sign = *z == '-' ? -1 : 1;
			oh = atoi(z + 1);
			om = z[3] == ':' ? atoi(z + 4) : 0;
			*z = 0;
		}
	}
	if (specparse_time(b, &us))
		return 0;
	*v = (double)(us / 1000000) - sign * (oh * 3600 + om * 60);
	return 1;
}
