/*
 * CHECK expressions as PostgreSQL (pg_get_constraintdef) and MariaDB
 * (CHECK_CONSTRAINTS.CHECK_CLAUSE) print them, parsed into a small tree and
 * read as bounds per column (check.h).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "check.h"
#include "specparse.h"

enum { N_AND, N_OR, N_NOT, N_CMP, N_BETWEEN, N_IN, N_ISNULL, N_COL, N_CONST, N_FUNC, N_LIST, N_BAD };

typedef struct node {
	int kind;
	char op[4];           /* N_CMP: "=", "<", "<=", ">", ">=", "<>"; N_ISNULL: "n" is null, "!" is not null */
	char *text;           /* N_COL name, N_CONST text, N_FUNC name */
	int is_str;           /* N_CONST from a quoted literal */
	struct node **kid;
	size_t nkid;
} node;

typedef struct parser {
	const char *p;
	int bad;
} parser;

struct check_set {
	const dba_table *t;
	check_col *cols;
	const dba_check **unparsed;
	size_t nunparsed;
	int oom;
};

static node *mk(parser *ps, int kind)
{
	node *n = calloc(1, sizeof *n);
	if (!n)
		ps->bad = 1;
	else
		n->kind = kind;
	return n;
}

static void node_free(node *n)
{
	if (!n)
		return;
	for (size_t i = 0; i < n->nkid; i++)
		node_free(n->kid[i]);
	free(n->kid);
	free(n->text);
	free(n);
}

static node *add(parser *ps, node *n, node *k)
{
	node **v;
	if (!n || !k || !(v = realloc(n->kid, (n->nkid + 1) * sizeof *v))) {
		ps->bad = 1;
		node_free(k);
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

static node *p_cmp(parser *ps)
{
	static const char *ops[] = { "<=", ">=", "<>", "!=", "=", "<", ">" };
	node *l = p_primary(ps), *n;
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
			return add(ps, n, p_primary(ps));
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
		add(ps, n, p_primary(ps));
		if (!kw(ps, "AND"))
			ps->bad = 1;
		add(ps, n, p_primary(ps));
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

/* Parses expr ("CHECK (...)" or the bare condition, "NOT VALID" ignored); NULL when not understood. */
static node *check_parse(const char *expr)
{
	parser ps = { expr, 0 };
	node *n;
	kw(&ps, "CHECK");
	n = p_or(&ps);
	if (kw(&ps, "NOT"))
		kw(&ps, "VALID");
	ws(&ps);
	if (ps.bad || *ps.p) {
		node_free(n);
		return NULL;
	}
	return n;
}

/* ---- reading the tree as bounds ---- */

/* Column index of a column reference (VALUE: the domain's column), -1 otherwise. */
static int col_of(const check_set *cs, const dba_check *ck, const node *n)
{
	const char *name;
	if (!n || n->kind != N_COL || !n->text)
		return -1;
	name = n->text;
	if (!strcasecmp(name, "VALUE") && ck->column)
		name = ck->column;
	for (uint32_t i = 0; i < cs->t->ncolumns; i++)
		if (!strcmp(cs->t->columns[i].name, name))
			return (int)i;
	for (uint32_t i = 0; i < cs->t->ncolumns; i++)
		if (!strcasecmp(cs->t->columns[i].name, name))
			return (int)i;
	return -1;
}

/* A column or length(column) / char_length(column): its index, *len set for the length. */
static int operand(const check_set *cs, const dba_check *ck, const node *n, int *len)
{
	*len = 0;
	if (n && n->kind == N_FUNC && n->nkid == 1 &&
	    (!strcasecmp(n->text, "length") || !strcasecmp(n->text, "char_length") ||
	     !strcasecmp(n->text, "character_length") || !strcasecmp(n->text, "octet_length"))) {
		*len = 1;
		n = n->kid[0];
	}
	return col_of(cs, ck, n);
}

static int num_of(const node *n, double *v)
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
static int time_of(const node *n, double *v)
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

static int is_time_col(const check_set *cs, int i)
{
	return cs->t->columns[i].family == DBA_FAM_DATE || cs->t->columns[i].family == DBA_FAM_TIMESTAMP;
}

/* A bound on column i: a number, or a time literal on a date or time-stamp column. */
static int bound_of(const check_set *cs, int i, const node *n, double *v)
{
	return is_time_col(cs, i) ? time_of(n, v) : num_of(n, v);
}

static void set_min(check_col *c, int len, double v, int strict)
{
	if (len) {
		int64_t m = (int64_t)v + (strict ? 1 : 0);
		if (m > c->len_min)
			c->len_min = m;
	} else if (!c->has_min || v > c->min || (v == c->min && strict)) {
		c->has_min = 1, c->min = v, c->min_strict = strict;
	}
}

static void set_max(check_col *c, int len, double v, int strict)
{
	if (len) {
		int64_t m = (int64_t)v - (strict ? 1 : 0);
		if (c->len_max < 0 || m < c->len_max)
			c->len_max = m;
	} else if (!c->has_max || v < c->max || (v == c->max && strict)) {
		c->has_max = 1, c->max = v, c->max_strict = strict;
	}
}

/* Allowed values: the first list, then intersections. 0 when a list holds something other than constants. */
static int set_values(check_set *cs, check_col *c, node *const *v, size_t n)
{
	char **nv = calloc(n + 1, sizeof *nv);
	size_t k = 0;
	if (!nv) {
		cs->oom = 1;
		return 0;
	}
	for (size_t i = 0; i < n; i++) {
		int keep = !c->values;
		if (v[i]->kind != N_CONST || !v[i]->text) {
			for (size_t j = 0; j < k; j++)
				free(nv[j]);
			free(nv);
			return 0;
		}
		for (size_t j = 0; !keep && j < c->nvalues; j++)
			keep = !strcmp(c->values[j], v[i]->text);
		if (keep && !(nv[k++] = strdup(v[i]->text)))
			cs->oom = 1;
	}
	for (size_t j = 0; j < c->nvalues; j++)
		free(c->values[j]);
	free(c->values);
	c->values = nv;
	c->nvalues = k;
	return 1;
}

static int read_cmp(check_set *cs, const dba_check *ck, const node *n)
{
	const node *l = n->kid[0], *r = n->kid[1];
	char op[4];
	int len, i;
	double v;

	strcpy(op, n->op);
	if ((i = operand(cs, ck, l, &len)) < 0) {
		const node *t = l;
		l = r, r = t;
		if (op[0] == '<' && op[1] != '>')
			op[0] = '>';
		else if (op[0] == '>')
			op[0] = '<';
		if ((i = operand(cs, ck, l, &len)) < 0)
			return 0;
	}
	check_col *c = &cs->cols[i];
	if (!strcmp(op, "=") && r->kind == N_CONST)
		return len ? (num_of(r, &v) ? (set_min(c, 1, v, 0), set_max(c, 1, v, 0), 1) : 0)
			   : set_values(cs, c, (node *const *)&n->kid[1], 1);
	if (!strcmp(op, "<>"))
		return r->kind == N_CONST && r->is_str && !*r->text ? (set_min(c, 1, 1, 0), 1) : 0;
	if (!len && is_time_col(cs, i)) {
		if (!time_of(r, &v))
			return 0;
	} else if (!num_of(r, &v) || (r->is_str && !len && cs->t->columns[i].family != DBA_FAM_INT &&
			       cs->t->columns[i].family != DBA_FAM_DECIMAL && cs->t->columns[i].family != DBA_FAM_FLOAT))
		return 0;
	if (op[0] == '>')
		set_min(c, len, v, op[1] != '=');
	else
		set_max(c, len, v, op[1] != '=');
	return 1;
}

/* Every kid of an OR is "x IS NOT NULL" (some value required: the first), or "x = const" on one column. */
static int read_or(check_set *cs, const dba_check *ck, const node *n)
{
	int first = -1, len, all_notnull = 1, all_eq = 1;
	for (size_t k = 0; k < n->nkid; k++) {
		const node *d = n->kid[k];
		int i = d->nkid ? operand(cs, ck, d->kid[0], &len) : -1;
		if (i < 0 || len || (first >= 0 && i != first && !all_notnull))
			return 0;
		all_notnull &= d->kind == N_ISNULL && d->op[0] == '!';
		all_eq &= d->kind == N_CMP && !strcmp(d->op, "=") && d->nkid == 2 && d->kid[1]->kind == N_CONST &&
			  (first < 0 || i == first);
		if (first < 0)
			first = i;
	}
	if (all_notnull && first >= 0) {
		cs->cols[first].not_null = 1;
		return 1;
	}
	if (!all_eq || first < 0)
		return 0;
	node **v = calloc(n->nkid, sizeof *v);
	int ok;
	if (!v)
		return cs->oom = 1, 0;
	for (size_t k = 0; k < n->nkid; k++)
		v[k] = n->kid[k]->kid[1];
	ok = set_values(cs, &cs->cols[first], v, n->nkid);
	free(v);
	return ok;
}

/* 1 when all of n was read into bounds. */
static int read_node(check_set *cs, const dba_check *ck, const node *n)
{
	int ok = 1, len, i;
	double lo, hi;

	switch (n->kind) {
	case N_AND:
		for (size_t k = 0; k < n->nkid; k++)
			ok &= read_node(cs, ck, n->kid[k]);
		return ok;
	case N_OR:
		return read_or(cs, ck, n);
	case N_CMP:
		return n->nkid == 2 && read_cmp(cs, ck, n);
	case N_BETWEEN:
		if (n->nkid != 3 || (i = operand(cs, ck, n->kid[0], &len)) < 0 || !bound_of(cs, i, n->kid[1], &lo) ||
		    !bound_of(cs, i, n->kid[2], &hi))
			return 0;
		set_min(&cs->cols[i], len, lo, 0);
		set_max(&cs->cols[i], len, hi, 0);
		return 1;
	case N_IN:
		if (n->nkid != 2 || (i = operand(cs, ck, n->kid[0], &len)) < 0 || len || n->kid[1]->kind != N_LIST)
			return 0;
		return set_values(cs, &cs->cols[i], n->kid[1]->kid, n->kid[1]->nkid);
	case N_ISNULL:
		if ((i = operand(cs, ck, n->kid[0], &len)) < 0 || n->op[0] != '!')
			return 0;
		cs->cols[i].not_null = 1;
		return 1;
	case N_NOT: {
		/* NOT (a IS NULL AND b IS NULL): give the first a value */
		const node *a = n->kid[0];
		if (a->kind == N_ISNULL && a->op[0] == 'n')
			a = NULL;
		else if (a->kind != N_AND)
			return 0;
		for (size_t k = 0; a && k < a->nkid; k++)
			if (a->kid[k]->kind != N_ISNULL || a->kid[k]->op[0] != 'n')
				return 0;
		i = operand(cs, ck, a ? a->kid[0]->kid[0] : n->kid[0]->kid[0], &len);
		if (i < 0)
			return 0;
		cs->cols[i].not_null = 1;
		return 1;
	}
	case N_FUNC:
		if (!strcasecmp(n->text, "json_valid") && n->nkid == 1 && (i = col_of(cs, ck, n->kid[0])) >= 0) {
			cs->cols[i].is_json = 1;
			return 1;
		}
		return 0;
	case N_COL:
		return n->text && !strcasecmp(n->text, "true");
	}
	return 0;
}

check_set *check_set_new(const dba_table *t)
{
	check_set *cs = calloc(1, sizeof *cs);
	if (!cs)
		return NULL;
	cs->t = t;
	cs->cols = calloc(t->ncolumns ? t->ncolumns : 1, sizeof *cs->cols);
	cs->unparsed = calloc(t->nchecks ? t->nchecks : 1, sizeof *cs->unparsed);
	if (!cs->cols || !cs->unparsed) {
		check_set_free(cs);
		return NULL;
	}
	for (uint32_t i = 0; i < t->ncolumns; i++)
		cs->cols[i].len_min = -1, cs->cols[i].len_max = -1;
	for (uint32_t k = 0; k < t->nchecks; k++) {
		const dba_check *ck = &t->checks[k];
		node *n = ck->expr ? check_parse(ck->expr) : NULL;
		if (!n || !read_node(cs, ck, n))
			cs->unparsed[cs->nunparsed++] = ck;
		node_free(n);
	}
	if (cs->oom) {
		check_set_free(cs);
		return NULL;
	}
	return cs;
}

void check_set_free(check_set *cs)
{
	if (!cs)
		return;
	for (uint32_t i = 0; cs->cols && i < cs->t->ncolumns; i++) {
		for (size_t j = 0; j < cs->cols[i].nvalues; j++)
			free(cs->cols[i].values[j]);
		free(cs->cols[i].values);
	}
	free(cs->cols);
	free(cs->unparsed);
	free(cs);
}

const check_col *check_set_col(const check_set *cs, uint32_t i)
{
	return &cs->cols[i];
}

size_t check_set_nunparsed(const check_set *cs)
{
	return cs->nunparsed;
}

const dba_check *check_set_unparsed(const check_set *cs, size_t k)
{
	return cs->unparsed[k];
}
