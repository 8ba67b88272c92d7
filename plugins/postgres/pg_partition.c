/*
 * PostgreSQL driver: a partitioned table's partition bounds as one CHECK-like
 * constraint on its key, so generated rows fall inside an existing partition.
 * RANGE on one column: the longest run of adjacent partitions,
 * "((key >= lo) AND (key < hi))"; LIST on one column: every listed value,
 * "(key IN (...))".  A DEFAULT partition, or a key of several columns or an
 * expression, gives none (every row fits, or the bounds are not read).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pg.h"

static const char *SQL_PARTS =
	"SELECT pg_catalog.pg_get_partkeydef(p.oid), pg_catalog.pg_get_expr(c.relpartbound, c.oid)"
	" FROM pg_catalog.pg_class p JOIN pg_catalog.pg_inherits i ON i.inhparent = p.oid"
	" JOIN pg_catalog.pg_class c ON c.oid = i.inhrelid"
	" WHERE p.oid = $1 AND p.relkind = 'p' AND c.relispartition";

typedef struct range {
	char lo[200], hi[200];
} range;

/* "FOR VALUES FROM (x) TO (y)" of a one-column key into r; 0 when it is not that. */
static int parse_range(const char *b, range *r)
{
	const char *f = strstr(b, "FROM ("), *t = strstr(b, ") TO (");
	size_t n;

	if (!f || !t || t < f + 6 || (n = (size_t)(t - f - 6)) >= sizeof r->lo)
		return 0;
	memcpy(r->lo, f + 6, n);
	r->lo[n] = 0;
	t += 6;
	n = strlen(t);
	if (n < 1 || t[n - 1] != ')' || n - 1 >= sizeof r->hi)
		return 0;
	memcpy(r->hi, t, n - 1);
	r->hi[n - 1] = 0;
	/* a key of several columns lists several values: not read */
	return !strchr(r->lo, ',') && !strchr(r->hi, ',');
}

/* Order of two bounds: numbers by value, literals by their text (ISO times sort so). */
static int bound_cmp(const void *a, const void *b)
{
	const char *x = ((const range *)a)->lo, *y = ((const range *)b)->lo;
	char *ex, *ey;
	double dx, dy;

	if (!strcmp(x, "MINVALUE") || !strcmp(y, "MINVALUE"))
		return !strcmp(y, "MINVALUE") - !strcmp(x, "MINVALUE");
	dx = strtod(x, &ex);
	dy = strtod(y, &ey);
	if (!*ex && !*ey && ex != x && ey != y)
		return (dx > dy) - (dx < dy);
	return strcmp(x, y);
}

/* The longest run of adjacent ranges (the later on a tie) as a CHECK expression. */
static char *range_check(const char *key, range *r, int n)
{
	int best = 0, blen = 0;
	char *out = NULL;

	qsort(r, (size_t)n, sizeof *r, bound_cmp);
	for (int i = 0; i < n;) {
		int j = i + 1;
		while (j < n && !strcmp(r[j - 1].hi, r[j].lo))
			j++;
		if (j - i >= blen)
			best = i, blen = j - i;
		i = j;
	}
	const char *lo = r[best].lo, *hi = r[best + blen - 1].hi;
	int has_lo = strcmp(lo, "MINVALUE") != 0, has_hi = strcmp(hi, "MAXVALUE") != 0;
	if (!has_lo && !has_hi)
		return NULL;
	if (asprintf(&out, "(%s%s%s%s%s%s%s%s%s)", has_lo ? "(" : "", has_lo ? key : "", has_lo ? " >= " : "",
		     has_lo ? lo : "", has_lo && has_hi ? ") AND (" : has_lo ? ")" : "(", has_hi ? key : "",
		     has_hi ? " < " : "", has_hi ? hi : "", has_hi ? ")" : "") < 0)
		return NULL;
	return out;
}

/* Appends the items of "FOR VALUES IN (a, b)" but NULL to list (a growing "a, b"). */
static int list_add(char **list, size_t *len, const char *b)
{
	const char *p = strstr(b, "IN (");
	size_t n;

	if (!p)
		return -1;
	p += 4;
	n = strlen(p);
	if (n < 1 || p[n - 1] != ')')
		return -1;
	n--;
	for (size_t i = 0; i < n;) {
		size_t j = i;
		int q = 0;
		while (j < n && (q || p[j] != ',')) {
			if (p[j] == '\'')
				q = !q;
			j++;
		}
		while (i < j && isspace((unsigned char)p[i]))
			i++;
		if (j - i != 4 || strncmp(p + i, "NULL", 4)) {
			char *nl = realloc(*list, *len + (j - i) + 3);
			if (!nl)
				return -1;
			*list = nl;
			*len += (size_t)sprintf(nl + *len, "%s%.*s", *len ? ", " : "", (int)(j - i), p + i);
		}
		i = j + 1;
	}
	return 0;
}

/* The key of "RANGE (key)" / "LIST (key)": one plain (maybe quoted) column, else NULL. */
static const char *one_key(const char *def, const char *kind, char *key, size_t cap)
{
	size_t k = strlen(kind), n;

	if (strncmp(def, kind, k) || strncmp(def + k, " (", 2))
		return NULL;
	def += k + 2;
	n = strlen(def);
	if (n < 2 || def[n - 1] != ')' || n >= cap)
		return NULL;
	memcpy(key, def, n - 1);
	key[n - 1] = 0;
	for (const char *p = key; *p; p++)
		if (!(isalnum((unsigned char)*p) || *p == '_' || *p == '"' || *p == '$' || (unsigned char)*p >= 0x80))
			return NULL;
	return key;
}

int pg_partition_check(dba_conn *c, const char *oid, char **expr, dba_error *err)
{
	PGresult *res;
	char key[200];
	range *r = NULL;
	char *list = NULL;
	size_t llen = 0;
	int n, nr = 0, ok = 1, is_range = 0;

	*expr = NULL;
	if (pg_usable(c, err) || !(res = pg_run(c, PQsendQueryParams(c->pg, SQL_PARTS, 1, NULL, &oid, NULL, NULL, 0), err)))
		return -1;
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		pg_error(c, res, "reading the partitions", err);
		PQclear(res);
		return -1;
	}
	n = PQntuples(res);
	if (n == 0 || !(r = calloc((size_t)n, sizeof *r))) {
		PQclear(res);
		if (n == 0)
			return 0;
		DBA_ERR_SET(err, DBA_ERR_RESOURCE, "out of memory reading partitions");
		return -1;
	}
	is_range = one_key(PQgetvalue(res, 0, 0), "RANGE", key, sizeof key) != NULL;
	if (!is_range && !one_key(PQgetvalue(res, 0, 0), "LIST", key, sizeof key))
		ok = 0;
	for (int i = 0; ok && i < n; i++) {
		const char *b = PQgetvalue(res, i, 1);
		if (!strcmp(b, "DEFAULT"))
			ok = 0;
		else if (is_range)
			ok = parse_range(b, &r[nr++]);
		else
			ok = list_add(&list, &llen, b) == 0;
	}
	PQclear(res);
	if (ok && is_range && nr)
		*expr = range_check(key, r, nr);
	else if (ok && list && asprintf(expr, "(%s IN (%s))", key, list) < 0)
		*expr = NULL;
	free(r);
	free(list);
	return 0;
}
