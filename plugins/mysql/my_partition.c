/*
 * MariaDB/MySQL driver: a partitioned table's bounds (information_schema.
 * PARTITIONS) as one CHECK-like constraint on its column, so generated rows
 * fall inside an existing partition.  RANGE [COLUMNS] on a column, or on
 * YEAR(), TO_DAYS() or UNIX_TIMESTAMP() of one: "(col < upper bound of the
 * last partition)" (ranges only grow; MAXVALUE gives none).  LIST [COLUMNS]
 * on a column: "(col IN (every listed value))".  Other methods give none.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dbarena/timefmt.h"
#include "my.h"

typedef struct parts {
	char method[32], expr[200], last[200];
	char *list; /* LIST: every value, ", " between */
	size_t llen;
	int n, bad;
} parts;

static int part_row(void *ud, int32_t hdr, uint32_t n, const char *const *names, const char *const *v,
		    const uint32_t *len)
{
	parts *p = ud;

	(void)names, (void)len;
	if (hdr || n < 3 || !v[0] || !v[1] || !v[2])
		return 0;
	snprintf(p->method, sizeof p->method, "%s", v[0]);
	snprintf(p->expr, sizeof p->expr, "%s", v[1]);
	snprintf(p->last, sizeof p->last, "%s", v[2]);
	if (!strncmp(v[0], "LIST", 4)) {
		size_t k = strlen(v[2]);
		char *nl = realloc(p->list, p->llen + k + 3);
		if (!nl)
			return p->bad = 1, 0;
		p->list = nl;
		p->llen += (size_t)sprintf(nl + p->llen, "%s%s", p->llen ? ", " : "", v[2]);
	}
	p->n++;
	return 0;
}

/* "`c`", "c", or FN(`c`) for fn given: the column, quoted with backquotes; 0 when it is not that. */
static int column_of(const char *expr, const char *fn, char *col, size_t cap)
{
	size_t f = fn ? strlen(fn) : 0, n;

	if (fn && (strncasecmp(expr, fn, f) || expr[f] != '('))
		return 0;
	expr += fn ? f + 1 : 0;
	n = strlen(expr) - (fn ? 1 : 0);
	if (fn && expr[n] != ')')
		return 0;
	if (n >= 2 && expr[0] == '`' && expr[n - 1] == '`')
		expr++, n -= 2;
	if (n == 0 || n + 3 > cap)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!(isalnum((unsigned char)expr[i]) || expr[i] == '_' || expr[i] == '$' || (unsigned char)expr[i] >= 0x80))
			return 0;
	snprintf(col, cap, "`%.*s`", (int)n, expr);
	return 1;
}

/* The upper bound of a RANGE partitioning as a CHECK on its column. */
static char *range_check(const parts *p)
{
	char col[220], b[64];
	char *out = NULL;
	long long v = atoll(p->last);

	if (!strcmp(p->last, "MAXVALUE") || strchr(p->last, ','))
		return NULL;
	if (column_of(p->expr, NULL, col, sizeof col))
		return asprintf(&out, "(%s < %s)", col, p->last) < 0 ? NULL : out;
	if (column_of(p->expr, "year", col, sizeof col))
		snprintf(b, sizeof b, "%lld-01-01", v);
	else if (column_of(p->expr, "to_days", col, sizeof col))
		dba_fmt_date(v - 719528, b, sizeof b); /* TO_DAYS('1970-01-01') */
	else if (column_of(p->expr, "unix_timestamp", col, sizeof col))
		dba_fmt_timestamp(v * 1000000, ' ', DBA_FRAC_NONE, b, sizeof b);
	else
		return NULL;
	return asprintf(&out, "(%s < '%s')", col, b) < 0 ? NULL : out;
}

char *my_partition_check(dba_conn *c, const char *qs, const char *qn)
{
	parts p = { 0 };
	char *sql = NULL, *out = NULL, col[220];
	dba_error ignore;

	memset(&ignore, 0, sizeof(ignore));
	if (asprintf(&sql, "SELECT PARTITION_METHOD, PARTITION_EXPRESSION, PARTITION_DESCRIPTION "
		     "FROM information_schema.PARTITIONS WHERE TABLE_SCHEMA = %s AND TABLE_NAME = %s "
		     "AND PARTITION_NAME IS NOT NULL AND COALESCE(SUBPARTITION_ORDINAL_POSITION, 1) = 1 "
		     "ORDER BY PARTITION_ORDINAL_POSITION", qs, qn) < 0)
		return NULL;
	if (my_exec(c, sql, part_row, &p, NULL, &ignore) || p.bad || !p.n)
		goto out;
	if (!strncmp(p.method, "RANGE", 5))
		out = range_check(&p);
	else if (!strncmp(p.method, "LIST", 4) && p.list && column_of(p.expr, NULL, col, sizeof col) &&
		 asprintf(&out, "(%s IN (%s))", col, p.list) < 0)
		out = NULL;
out:
	free(sql);
	free(p.list);
	return out;
}
