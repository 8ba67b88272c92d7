/*
 * CHECK constraints read as bounds per column and as orders between two
 * columns of a row (check.h), from the tree checkexpr.c parses.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "check.h"
#include "checkexpr.h"
#include "specparse.h"

struct check_set {
	const dba_table *t;
	check_col *cols;
	const dba_check **unparsed;
	size_t nunparsed;
	int oom;
};

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

/*
 * A column or length(column) / char_length(column): its index, *len set for
 * the length.  upper(column) and lower(column) read as the column: values
 * written as the constants are (upper(t) IN ('SC', 'VC') takes 'SC') pass.
 */
static int operand(const check_set *cs, const dba_check *ck, const node *n, int *len)
{
	*len = 0;
	if (n && n->kind == N_FUNC && n->nkid == 1 && (!strcasecmp(n->text, "upper") || !strcasecmp(n->text, "lower")))
		n = n->kid[0];
	if (n && n->kind == N_FUNC && n->nkid == 1 &&
	    (!strcasecmp(n->text, "length") || !strcasecmp(n->text, "char_length") ||
	     !strcasecmp(n->text, "character_length") || !strcasecmp(n->text, "octet_length"))) {
		*len = 1;
		n = n->kid[0];
	}
	return col_of(cs, ck, n);
}


static int is_time_col(const check_set *cs, int i)
{
	return cs->t->columns[i].family == DBA_FAM_DATE || cs->t->columns[i].family == DBA_FAM_TIMESTAMP;
}

/* A bound on column i: a number, or a time literal on a date or time-stamp column. */
static int bound_of(const check_set *cs, int i, const node *n, double *v, double slack)
{
	return is_time_col(cs, i) ? check_expr_time(n, v, slack) : check_expr_num(n, v);
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

/*
 * "enddate >= startdate": column i compared with column r of the same
 * family (dates and time-stamps, integers, decimals), kept on the later one
 * as after_col for a row's values to be put in order (check_order).
 */
static int read_order(check_set *cs, const dba_check *ck, int i, const char *op, const node *r)
{
	int j = col_of(cs, ck, r), hi = op[0] == '>' ? i : j, lo = op[0] == '>' ? j : i;
	int fi, fj;

	if (j < 0 || j == i)
		return 0;
	fi = cs->t->columns[i].family, fj = cs->t->columns[j].family;
	if (fi != fj && !(is_time_col(cs, i) && is_time_col(cs, j)))
		return 0;
	if (fi != DBA_FAM_DATE && fi != DBA_FAM_TIMESTAMP && fi != DBA_FAM_INT && fi != DBA_FAM_DECIMAL &&
	    fi != DBA_FAM_FLOAT)
		return 0;
	if (cs->cols[hi].after_col >= 0 && cs->cols[hi].after_col != lo)
		return 0; /* one ordering a column */
	cs->cols[hi].after_col = lo;
	cs->cols[hi].after_strict |= op[1] != '=';
	return 1;
}

/* "productassemblyid <> componentid": kept on the first as differ_col. */
static int read_differ(check_set *cs, const dba_check *ck, int i, const node *r)
{
	int j = col_of(cs, ck, r);

	if (j < 0 || j == i || (cs->cols[i].differ_col >= 0 && cs->cols[i].differ_col != j))
		return 0;
	cs->cols[i].differ_col = j;
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
	if (!len && r->kind == N_COL && !strcmp(op, "<>"))
		return read_differ(cs, ck, i, r);
	if (!len && r->kind == N_COL && op[0] != '=')
		return read_order(cs, ck, i, op, r);
	if (!strcmp(op, "=") && r->kind == N_CONST)
		return len ? (check_expr_num(r, &v) ? (set_min(c, 1, v, 0), set_max(c, 1, v, 0), 1) : 0)
			   : set_values(cs, c, (node *const *)&n->kid[1], 1);
	if (!strcmp(op, "<>"))
		return r->kind == N_CONST && r->is_str && !*r->text ? (set_min(c, 1, 1, 0), 1) : 0;
	if (!len && is_time_col(cs, i)) {
		if (!check_expr_time(r, &v, op[0] == '>' ? 86400 : -86400))
			return 0;
	} else if (!check_expr_num(r, &v) || (r->is_str && !len && cs->t->columns[i].family != DBA_FAM_INT &&
			       cs->t->columns[i].family != DBA_FAM_DECIMAL && cs->t->columns[i].family != DBA_FAM_FLOAT))
		return 0;
	if (op[0] == '>')
		set_min(c, len, v, op[1] != '=');
	else
		set_max(c, len, v, op[1] != '=');
	return 1;
}

static int read_node(check_set *cs, const dba_check *ck, const node *n);

/* 1 when n tests some value IS NULL. */
static int tests_null(const node *n)
{
	if (n->kind == N_ISNULL && n->op[0] == 'n')
		return 1;
	for (size_t k = 0; k < n->nkid; k++)
		if (tests_null(n->kid[k]))
			return 1;
	return 0;
}

/*
 * Every kid of an OR is "x IS NOT NULL" (some value required: the first), or
 * "x = const" on one column.  Else one branch that tests no NULL, read whole:
 * values that meet it meet the OR ("x IS NULL OR cond", AdventureWorks'
 * "(a IS NULL AND b = 0) OR (a IS NOT NULL AND b >= 1)").
 */
static int read_or(check_set *cs, const dba_check *ck, const node *n)
{
	int first = -1, len, all_notnull = 1, all_eq = 1;

	for (size_t k = 0; k < n->nkid; k++) {
		const node *d = n->kid[k];
		int i = d->nkid ? operand(cs, ck, d->kid[0], &len) : -1;
		if (i < 0 || len || (first >= 0 && i != first && !all_notnull)) {
			all_notnull = all_eq = 0;
			break;
		}
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
	if (!all_eq || first < 0) {
		for (size_t k = 0; k < n->nkid; k++)
			if (!tests_null(n->kid[k]))
				return read_node(cs, ck, n->kid[k]);
		return 0;
	}
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
		if (n->nkid != 3 || (i = operand(cs, ck, n->kid[0], &len)) < 0 || !bound_of(cs, i, n->kid[1], &lo, 86400) ||
		    !bound_of(cs, i, n->kid[2], &hi, -86400))
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
		cs->cols[i].len_min = -1, cs->cols[i].len_max = -1, cs->cols[i].after_col = -1, cs->cols[i].differ_col = -1;
	for (uint32_t k = 0; k < t->nchecks; k++) {
		const dba_check *ck = &t->checks[k];
		node *n = ck->expr ? check_expr_parse(ck->expr) : NULL;
		if (!n || !read_node(cs, ck, n))
			cs->unparsed[cs->nunparsed++] = ck;
		check_expr_free(n);
	}
	if (cs->oom) {
		check_set_free(cs);
		return NULL;
	}
	return cs;
}

void check_put_in_order(dba_value *hi, const dba_value *lo, int strict, int bounded)
{
	int64_t unit = hi->type == DBA_T_TIMESTAMP ? 1000000 : 1, gap;

	if (hi->type != lo->type)
		return; /* NULL on either side, or values of different kinds */
	switch (hi->type) {
	case DBA_T_INT64:
	case DBA_T_DATE:
	case DBA_T_TIMESTAMP:
		if (hi->u.i64 > lo->u.i64 || (!strict && hi->u.i64 == lo->u.i64))
			return;
		/* reflected above lo (a spread of durations), where no bound or integer range can stop it */
		if (!bounded && hi->type != DBA_T_INT64 && !__builtin_sub_overflow(lo->u.i64, hi->u.i64, &gap) &&
		    !__builtin_add_overflow(lo->u.i64, gap, &hi->u.i64))
			;
		else
			hi->u.i64 = lo->u.i64;
		if (strict && hi->u.i64 == lo->u.i64)
			hi->u.i64 += unit;
		return;
	case DBA_T_DOUBLE:
		if (hi->u.f64 > lo->u.f64 || (!strict && hi->u.f64 == lo->u.f64))
			return;
		hi->u.f64 = bounded ? lo->u.f64 : 2 * lo->u.f64 - hi->u.f64;
		if (strict && hi->u.f64 <= lo->u.f64)
			hi->u.f64 = lo->u.f64 + 1;
		return;
	case DBA_T_DECIMAL: {
		char a[64], b[64];

		snprintf(a, sizeof a, "%.*s", (int)hi->len, hi->u.str);
		snprintf(b, sizeof b, "%.*s", (int)lo->len, lo->u.str);
		if (!strict && strtod(a, NULL) < strtod(b, NULL)) {
			hi->u.str = lo->u.str; /* the same digits: both live as long as the row */
			hi->len = lo->len;
		}
		return;
	}
	}
}

int check_same(const dba_value *a, const dba_value *b)
{
	if (a->type != b->type || a->type == DBA_T_NULL)
		return 0;
	switch (a->type) {
	case DBA_T_INT64:
	case DBA_T_DATE:
	case DBA_T_TIMESTAMP:
		return a->u.i64 == b->u.i64;
	case DBA_T_BOOL:
		return a->u.b == b->u.b;
	case DBA_T_DOUBLE:
		return a->u.f64 == b->u.f64;
	default:
		return a->len == b->len && (!a->len || !memcmp(a->u.str, b->u.str, a->len));
	}
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
