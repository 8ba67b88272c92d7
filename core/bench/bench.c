/*
 * The benchmarks' table and what they share: prepare (refusing existing
 * tables), cleanup, check, SQL templates with the dialect's quoting and
 * placeholders, and small query helpers.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "bench.h"

static const bench *const benches[] = {
	&bench_tpcb,
	&bench_sysbench,
	&bench_ycsb,
	&bench_tpcc,
};

const bench *bench_find(const char *name)
{
	for (size_t i = 0; i < sizeof(benches) / sizeof(benches[0]); i++)
		if (!strcasecmp(benches[i]->name, name))
			return benches[i];
	return NULL;
}

void bench_list(FILE *f)
{
	for (size_t i = 0; i < sizeof(benches) / sizeof(benches[0]); i++) {
		const bench *b = benches[i];

		fprintf(f, "%-9s %s\n", b->name, b->summary);
		fprintf(f, "          --scale: %s\n", b->scale);
		if (b->modes)
			fprintf(f, "          --mode: %s\n", b->modes);
	}
	fprintf(f, "\nThese are \"-like\" benchmarks (pgbench's, sysbench's, YCSB's and TPC-C's schemas and\n"
		   "transactions), not audited TPC results.  Tested end to end on PostgreSQL and MariaDB;\n"
		   "SQL Server runs as far as its dialect allows (untested).\n");
}

double bench_scale(const bench *b, const bench_opts *o)
{
	return o->scale > 0 ? o->scale : b->default_scale;
}

char *bench_sql(const target *t, const char *tmpl)
{
	size_t cap = strlen(tmpl) * 2 + 64, n = 0;
	char *out = malloc(cap);
	int ph = 0;

	if (!out)
		return NULL;
	for (const char *p = tmpl; *p; p++) {
		char buf[160];
		size_t k;

		if (*p == '{' && strchr(p, '}')) {
			char name[128];
			size_t l = (size_t)(strchr(p, '}') - p - 1);

			snprintf(name, sizeof(name), "%.*s", (int)l, p + 1);
			k = t->ops->escape_ident(name, buf, sizeof(buf));
			p += l + 1;
		} else if (*p == '?') {
			ph++;
			if (t->dialect->placeholder == DBA_PH_DOLLAR)
				k = (size_t)snprintf(buf, sizeof(buf), "$%d", ph);
			else if (t->dialect->placeholder == DBA_PH_AT)
				k = (size_t)snprintf(buf, sizeof(buf), "@p%d", ph);
			else
				k = (size_t)snprintf(buf, sizeof(buf), "?");
		} else {
			buf[0] = *p;
			k = 1;
		}
		if (k >= sizeof(buf))
			k = sizeof(buf) - 1;
		if (n + k + 1 > cap) {
			char *o2 = realloc(out, cap = (cap + k) * 2);

			if (!o2) {
				free(out);
				return NULL;
			}
			out = o2;
		}
		memcpy(out + n, buf, k);
		n += k;
	}
	out[n] = 0;
	return out;
}

char **bench_sqlv(const target *t, const char *const *tmpl, unsigned n)
{
	char **v = calloc(n + 1, sizeof(*v));

	for (unsigned i = 0; v && i < n; i++)
		v[i] = tmpl[i] ? bench_sql(t, tmpl[i]) : NULL;
	return v;
}

void bench_sqlv_free(char **v)
{
	for (unsigned i = 0; v && v[i]; i++)
		free(v[i]);
	free(v);
}

typedef struct first {
	char *out;
	size_t cap;
	int have;
} first;

static int first_row(void *ud, int32_t hdr, uint32_t n, const char *const *names, const char *const *v,
		     const uint32_t *len)
{
	first *f = ud;

	(void)names; (void)len;
	if (hdr || f->have)
		return 0;
	f->have = 1;
	snprintf(f->out, f->cap, "%s", n > 0 && v[0] ? v[0] : "");
	return 0;
}

int bench_rows_cb(void *ud, int32_t hdr, uint32_t n, const char *const *names, const char *const *v,
		  const uint32_t *len)
{
	bench_rows *r = ud;

	(void)names; (void)len;
	if (hdr)
		return 0;
	if (r->n < BENCH_ROWIDS)
		r->ids[r->n] = n > 0 && v[0] ? strtoll(v[0], NULL, 10) : 0;
	if (!r->n++)
		for (uint32_t i = 0; i < BENCH_ROWCOLS; i++) {
			r->null[i] = i >= n || !v[i];
			snprintf(r->v[i], sizeof(r->v[i]), "%s", i < n && v[i] ? v[i] : "");
		}
	return 0;
}

static int exec_cb(bench_ctx *x, const char *tmpl, first *f, err *e)
{
	char *sql = bench_sql(x->t, tmpl);
	dba_error de = { 0 };
	int rc;

	if (!sql)
		return err_set(e, EXIT_RUNTIME, "out of memory");
	rc = x->t->ops->exec(x->c, sql, f ? first_row : NULL, f, NULL, &de);
	if (rc) {
		err_set(e, EXIT_RUNTIME, "%s", de.message);
		err_detail(e, "statement: %.300s", sql);
	}
	free(sql);
	return rc ? -1 : 0;
}

int bench_exec(bench_ctx *x, const char *tmpl, err *e)
{
	return exec_cb(x, tmpl, NULL, e);
}

int bench_scalar(bench_ctx *x, const char *tmpl, char *out, size_t cap, err *e)
{
	first f = { out, cap, 0 };

	out[0] = 0;
	return exec_cb(x, tmpl, &f, e);
}

int bench_count(bench_ctx *x, const char *tmpl, long long *out, err *e)
{
	char buf[64];

	if (bench_scalar(x, tmpl, buf, sizeof(buf), e))
		return -1;
	*out = strtoll(buf, NULL, 10);
	return 0;
}

void bench_report(bench_ctx *x, int ok, const char *fmt, ...)
{
	va_list ap;

	printf("  %-7s", ok ? "ok" : "FAILED");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	if (!ok)
		x->failed++;
}

int bench_check_rows(bench_ctx *x, const char *table, long long want, err *e)
{
	char q[160];
	long long n;

	snprintf(q, sizeof(q), "SELECT COUNT(*) FROM {%s}", table);
	if (bench_count(x, q, &n, e))
		return -1;
	bench_report(x, n == want, "%s: %lld rows (the specification's %lld)", table, n, want);
	return 0;
}

const char *bench_ts_type(const target *t)
{
	/* The placeholder style names the dialect family well enough for one type. */
	switch (t->dialect->placeholder) {
	case DBA_PH_QMARK: return "datetime";
	case DBA_PH_AT: return "datetime2";
	default: return "timestamp";
	}
}

int bench_keys_after_load(const target *t)
{
	return t->dialect->placeholder == DBA_PH_DOLLAR;
}

int bench_kind(wl_cfg *c, const char *name, double weight)
{
	wl_query *q = realloc(c->queries, (c->nqueries + 1) * sizeof(*q));

	if (!q)
		return -1;
	c->queries = q;
	q = &c->queries[c->nqueries++];
	memset(q, 0, sizeof(*q));
	q->name = strdup(name);
	q->weight = weight;
	return q->name ? 0 : -1;
}

/* The benchmark's tables that exist now, joined by ", " into buf; how many. */
static int existing(const bench *b, bench_ctx *x, char names[][64], unsigned n, char *buf, size_t cap,
		    int *which, err *e)
{
	char **have = NULL;
	dba_error de = { 0 };
	int k = 0;
	size_t len = 0;

	if (x->t->ops->list_tables(x->c, &have, &de))
		return err_set(e, EXIT_RUNTIME, "cannot list tables: %s", de.message);
	buf[0] = 0;
	for (unsigned i = 0; i < n; i++) {
		which[i] = 0;
		for (char **h = have; h && *h; h++)
			if (!strcasecmp(*h, names[i])) {
				which[i] = 1;
				k++;
				len += (size_t)snprintf(buf + len, len < cap ? cap - len : 0, "%s%s", len ? ", " : "", names[i]);
				break;
			}
	}
	x->t->ops->strv_free(have);
	(void)b;
	return k;
}

static int drop_tables(const bench *b, bench_ctx *x, int only_existing, err *e)
{
	char names[BENCH_MAXTABLES][64], list[2048], q[160];
	int which[BENCH_MAXTABLES];
	unsigned n = b->tables(x->o, names, BENCH_MAXTABLES);
	int k = existing(b, x, names, n, list, sizeof(list), which, e);

	if (k < 0)
		return -1;
	/* Children first: the tables are listed parents first. */
	for (unsigned i = n; i-- > 0;) {
		if (only_existing && !which[i])
			continue;
		snprintf(q, sizeof(q), "DROP TABLE {%s}", names[i]);
		if (which[i] && bench_exec(x, q, e))
			return -1;
	}
	return k;
}

int bench_prepare(const bench *b, bench_ctx *x, err *e)
{
	char names[BENCH_MAXTABLES][64], list[2048];
	int which[BENCH_MAXTABLES], k;
	unsigned n = b->tables(x->o, names, BENCH_MAXTABLES), nj = 0;
	bench_job *jobs = NULL;
	int rc = -1;

	if ((k = existing(b, x, names, n, list, sizeof(list), which, e)) < 0)
		return -1;
	if (k > 0 && !x->o->force) {
		err_set(e, EXIT_RUNTIME, "bench prepare %s: %s already exist%s: %s", b->name,
			k == 1 ? "a table" : "tables", k == 1 ? "s" : "", list);
		err_hint(e, "--force drops them first; dbarena bench cleanup TARGET %s drops them", b->name);
		return -1;
	}
	if (k > 0 && drop_tables(b, x, 1, e) < 0)
		return -1;
	if (b->create(x, e) || b->jobs(x, &jobs, &nj, e))
		goto out;
	if (bench_load(x, jobs, nj, e))
		goto out;
	if (b->finish) {
		struct timespec t0, t1;

		clock_gettime(CLOCK_MONOTONIC, &t0);
		if (b->finish(x, e))
			goto out;
		clock_gettime(CLOCK_MONOTONIC, &t1);
		if (!x->o->quiet)
			printf("  %-22s %17s %9.2f s\n", "keys and indexes", "",
			       (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	}
	rc = EXIT_OK;
out:
	if (jobs)
		b->free_jobs(jobs, nj);
	return rc;
}

int bench_cleanup(const bench *b, bench_ctx *x, err *e)
{
	int k = drop_tables(b, x, 1, e);

	if (k < 0)
		return -1;
	if (!x->o->quiet)
		printf("%s: dropped %d table%s\n", b->name, k, k == 1 ? "" : "s");
	return EXIT_OK;
}

int bench_need_tables(const bench *b, bench_ctx *x, err *e)
{
	char names[BENCH_MAXTABLES][64], list[2048];
	int which[BENCH_MAXTABLES];
	unsigned n = b->tables(x->o, names, BENCH_MAXTABLES);
	int k = existing(b, x, names, n, list, sizeof(list), which, e);

	if (k < 0)
		return -1;
	for (unsigned i = 0; i < n; i++)
		if (!which[i]) {
			err_set(e, EXIT_USAGE, "bench %s: table \"%s\" does not exist", b->name, names[i]);
			err_hint(e, "dbarena bench prepare TARGET %s first (with the same --scale/--tables)", b->name);
			return -1;
		}
	return 0;
}

int bench_check(const bench *b, bench_ctx *x, err *e)
{
	if (bench_need_tables(b, x, e))
		return -1;
	printf("%s: checking\n", b->name);
	if (b->check(x, e))
		return -1;
	if (x->failed) {
		err_set(e, EXIT_RUNTIME, "bench check %s: %d condition%s failed", b->name, x->failed,
			x->failed == 1 ? "" : "s");
		return -1;
	}
	printf("%s: all conditions hold\n", b->name);
	return EXIT_OK;
}
