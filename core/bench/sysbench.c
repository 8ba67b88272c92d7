/*
 * sysbench: the sbtest1..N tables of sysbench's oltp_common.lua and its
 * oltp_point_select, oltp_read_only, oltp_read_write and oltp_write_only
 * statement sets (10 point selects, the four 100-row ranges, two updates
 * and a delete/insert), ids uniform (sysbench's --rand-type=uniform).
 */
#include <stdlib.h>
#include <string.h>

#include "../gen/rng_inline.h"
#include "bench.h"

#define RANGE 100
#define POINTS 10
#define CHUNK 250000 /* rows per loading job */

enum { M_RW = 0, M_RO, M_WO, M_PS, M_N };
static const char *const modes[M_N] = { "oltp_read_write", "oltp_read_only", "oltp_write_only", "oltp_point_select" };

static int ntables(const bench_opts *o)
{
	return o->tables > 0 ? o->tables : 1;
}

static unsigned tables(const bench_opts *o, char names[][64], unsigned cap)
{
	unsigned n = (unsigned)ntables(o);

	for (unsigned i = 0; i < n && i < cap; i++)
		snprintf(names[i], 64, "sbtest%u", i + 1);
	return n < cap ? n : cap;
}

static int create(bench_ctx *x, err *e)
{
	char q[256];

	for (int i = 1; i <= ntables(x->o); i++) {
		snprintf(q, sizeof(q), "CREATE TABLE {sbtest%d} (id int NOT NULL PRIMARY KEY, k int DEFAULT 0 NOT NULL, "
			 "c char(120) DEFAULT '' NOT NULL, pad char(60) DEFAULT '' NOT NULL)", i);
		if (bench_exec(x, q, e))
			return -1;
	}
	return 0;
}

/* sysbench's "###########-..." templates: groups of 11 random digits. */
static void digits(rng *r, char *out, int groups)
{
	char *p = out;

	for (int g = 0; g < groups; g++) {
		if (g)
			*p++ = '-';
		rngi_chars(r, p, 11, '0', 10);
		p += 11;
	}
	*p = 0;
}

typedef struct src {
	char name[64], index[96];
	int64_t next, hi, size;
	rng r;
	char c[128], pad[64];
} src;

static int next_row(void *ud, dba_value *row, uint32_t n, dba_error *de)
{
	src *s = ud;

	(void)n; (void)de;
	if (s->next > s->hi)
		return 0;
	digits(&s->r, s->c, 10);
	digits(&s->r, s->pad, 5);
	row[0] = bench_int(s->next++);
	row[1] = bench_int(rng_range(&s->r, 1, s->size));
	row[2] = bench_text(s->c, 119);
	row[3] = bench_text(s->pad, 59);
	return 1;
}

static int jobs(bench_ctx *x, bench_job **out, unsigned *n, err *e)
{
	static const char *const cols[] = { "id", "k", "c", "pad" };
	static const int32_t fams[] = { DBA_FAM_INT, DBA_FAM_INT, DBA_FAM_TEXT, DBA_FAM_TEXT };
	int64_t size = (int64_t)bench_scale(&bench_sysbench, x->o), per = (size + CHUNK - 1) / CHUNK;
	unsigned nj = (unsigned)(ntables(x->o) * per), k = 0;
	bench_job *j = calloc(nj, sizeof(*j));
	src *s = calloc(nj, sizeof(*s));

	if (!j || !s) {
		free(j);
		free(s);
		return err_set(e, EXIT_RUNTIME, "out of memory");
	}
	for (int t = 1; t <= ntables(x->o); t++)
		for (int64_t c = 0; c < per; c++, k++) {
			snprintf(s[k].name, sizeof(s[k].name), "sbtest%d", t);
			s[k].next = c * CHUNK + 1;
			s[k].hi = (c + 1) * CHUNK < size ? (c + 1) * CHUNK : size;
			s[k].size = size;
			rng_seed(&s[k].r, gen_stream_seed(x->o->seed, s[k].name, NULL) + (uint64_t)c);
			/* sysbench's k_N, built as soon as its table is loaded, as sysbench does */
			snprintf(s[k].index, sizeof(s[k].index), "CREATE INDEX {k_%d} ON {sbtest%d} (k)", t, t);
			j[k] = (bench_job){ .table = s[k].name, .cols = cols, .fams = fams, .ncols = 4, .next = next_row, .ud = &s[k],
					    .after = c ? NULL : s[k].index };
		}
	*out = j;
	*n = nj;
	return 0;
}

static void free_jobs(bench_job *j, unsigned n)
{
	(void)n;
	free(j[0].ud);
	free(j);
}

/* ---- the statement sets ---- */

enum { S_POINT = 0, S_SIMPLE, S_SUM, S_ORDER, S_DISTINCT, S_IDX, S_NONIDX, S_DEL, S_INS, S_N };

typedef struct sb_run {
	int mode, ntables, nconn;
	int sess0, nsess;  /* the first session's number over all workers, and their sessions (docs/distributed.md) */
	int64_t size;
	char **sql;    /* [table * S_N + statement] */
} sb_run;

typedef struct sb_w {
	const sb_run *r;
	int id;
	rng rng;
	char c[128], pad[64];
} sb_w;

static void *worker_new(void *ud, int id, uint64_t seed)
{
	sb_w *w = calloc(1, sizeof(*w));

	if (w) {
		w->r = ud;
		w->id = id;
		rng_seed(&w->rng, gen_stream_seed(seed, "sysbench", NULL) + (uint64_t)id);
	}
	return w;
}

/* As sysbench: each group of statements (the point selects, each range, each update) picks its table. */
static unsigned table_of(sb_w *w)
{
	return (unsigned)rng_below(&w->rng, (uint64_t)w->r->ntables) * S_N;
}

static int stmt(sb_w *w, wl_sess *s, unsigned t, unsigned which, const dba_value *p, uint32_t np, dba_error *de)
{
	unsigned slot = t + which;

	return wl_txn_exec(s, slot, w->r->sql[slot], p, np, NULL, NULL, NULL, de);
}

static int reads(sb_w *w, wl_sess *s, int points, int ranges, dba_error *de)
{
	dba_value p[2];
	unsigned t = table_of(w);

	for (int i = 0; i < points; i++) {
		p[0] = bench_int(rng_range(&w->rng, 1, w->r->size));
		if (stmt(w, s, t, S_POINT, p, 1, de))
			return -1;
	}
	for (unsigned q = S_SIMPLE; ranges && q <= S_DISTINCT; q++) {
		int64_t lo = rng_range(&w->rng, 1, w->r->size);

		p[0] = bench_int(lo);
		p[1] = bench_int(lo + RANGE - 1);
		if (stmt(w, s, table_of(w), q, p, 2, de))
			return -1;
	}
	return 0;
}

static int writes(sb_w *w, wl_sess *s, dba_error *de)
{
	const sb_run *r = w->r;
	dba_value p[4];
	int64_t id;

	p[0] = bench_int(rng_range(&w->rng, 1, r->size));
	if (stmt(w, s, table_of(w), S_IDX, p, 1, de))
		return -1;
	digits(&w->rng, w->c, 10);
	p[0] = bench_text(w->c, 119);
	p[1] = bench_int(rng_range(&w->rng, 1, r->size));
	if (stmt(w, s, table_of(w), S_NONIDX, p, 2, de))
		return -1;
	/*
	 * The delete/insert pair takes ids of this worker's stripe (id mod
	 * connections, of all distributed workers' sessions): two sessions re-inserting one id would fail on a
	 * duplicate key in PostgreSQL, which is sysbench's noise, not the server's.
	 */
	id = rng_range(&w->rng, 0, (r->size - 1 - r->sess0 - w->id) / r->nsess) * r->nsess + r->sess0 + w->id + 1;
	{
		unsigned t = table_of(w);

		p[0] = bench_int(id);
		if (wl_txn_exec(s, t + S_DEL, r->sql[t + S_DEL], p, 1, NULL, NULL, NULL, de))
			return -1;
		digits(&w->rng, w->c, 10);
		digits(&w->rng, w->pad, 5);
		p[1] = bench_int(rng_range(&w->rng, 1, r->size));
		p[2] = bench_text(w->c, 119);
		p[3] = bench_text(w->pad, 59);
		return wl_txn_exec(s, t + S_INS, r->sql[t + S_INS], p, 4, NULL, NULL, NULL, de);
	}
}

static int run_txn(void *ws, unsigned q, wl_sess *s, dba_error *de)
{
	sb_w *w = ws;
	int m = w->r->mode;

	(void)q;
	if (m == M_PS)
		return reads(w, s, 1, 0, de);
	if (wl_txn_begin(s, de))
		return -1;
	if (m != M_WO && reads(w, s, POINTS, 1, de))
		return -1;
	if (m != M_RO && writes(w, s, de))
		return -1;
	return wl_txn_commit(s, de);
}

static int run(bench_ctx *x, wl_cfg *c, bench_run *br, err *e)
{
	static const char *const tmpl[S_N] = {
		"SELECT c FROM {sbtest%d} WHERE id = ?",
		"SELECT c FROM {sbtest%d} WHERE id BETWEEN ? AND ?",
		"SELECT SUM(k) FROM {sbtest%d} WHERE id BETWEEN ? AND ?",
		"SELECT c FROM {sbtest%d} WHERE id BETWEEN ? AND ? ORDER BY c",
		"SELECT DISTINCT c FROM {sbtest%d} WHERE id BETWEEN ? AND ? ORDER BY c",
		"UPDATE {sbtest%d} SET k = k + 1 WHERE id = ?",
		"UPDATE {sbtest%d} SET c = ? WHERE id = ?",
		"DELETE FROM {sbtest%d} WHERE id = ?",
		"INSERT INTO {sbtest%d} (id, k, c, pad) VALUES (?, ?, ?, ?)",
	};
	sb_run *r = calloc(1, sizeof(*r));
	long long n;
	char q[160];

	if (!r)
		return err_set(e, EXIT_RUNTIME, "out of memory");
	br->state = r;
	r->mode = -1;
	for (int i = 0; i < M_N; i++)
		if (!x->o->mode || !strcmp(x->o->mode, modes[i]) || !strcmp(x->o->mode, modes[i] + 5)) {
			r->mode = i;
			break;
		}
	if (r->mode < 0)
		return err_set(e, EXIT_USAGE, "bench sysbench: unknown --mode \"%s\"", x->o->mode);
	r->ntables = ntables(x->o);
	r->nconn = c->connections;
	r->sess0 = (int)(c->dist.count > 1 ? c->dist.index : 0) * c->connections;
	r->nsess = (int)(c->dist.count > 1 ? c->dist.count : 1) * c->connections;
	r->size = (int64_t)x->o->scale;
	if (!r->size) { /* as sysbench is told --table-size: here read from the first table */
		if (bench_count(x, "SELECT COUNT(*) FROM {sbtest1}", &n, e))
			return -1;
		r->size = n;
	}
	if (r->size < c->connections)
		return err_set(e, EXIT_USAGE, "bench sysbench: the tables have fewer rows than --connections");
	if (!(r->sql = calloc((size_t)r->ntables * S_N + 1, sizeof(char *))))
		return err_set(e, EXIT_RUNTIME, "out of memory");
	for (int t = 0; t < r->ntables; t++)
		for (int k = 0; k < S_N; k++) {
			snprintf(q, sizeof(q), tmpl[k], t + 1);
			r->sql[t * S_N + k] = bench_sql(x->t, q);
		}
	if (bench_kind(c, modes[r->mode], 1))
		return err_set(e, EXIT_RUNTIME, "out of memory");
	br->txn = (wl_txn){ .ud = r, .nstmts = (unsigned)r->ntables * S_N, .worker_new = worker_new,
			    .worker_free = free, .run = run_txn };
	return 0;
}

static void free_run(bench_run *br)
{
	sb_run *r = br->state;

	if (r)
		bench_sqlv_free(r->sql);
	free(r);
}

static int check(bench_ctx *x, err *e)
{
	long long size = (long long)x->o->scale, lo, hi;
	char q[160];

	if (!size && bench_count(x, "SELECT MAX(id) FROM {sbtest1}", &size, e))
		return -1;
	for (int i = 1; i <= ntables(x->o); i++) {
		snprintf(q, sizeof(q), "sbtest%d", i);
		if (bench_check_rows(x, q, size, e))
			return -1;
		snprintf(q, sizeof(q), "SELECT MIN(id) FROM {sbtest%d}", i);
		if (bench_count(x, q, &lo, e))
			return -1;
		snprintf(q, sizeof(q), "SELECT MAX(id) FROM {sbtest%d}", i);
		if (bench_count(x, q, &hi, e))
			return -1;
		bench_report(x, lo == 1 && hi == size, "sbtest%d: ids %lld..%lld (the specification's 1..%lld)", i, lo, hi, size);
	}
	return 0;
}

const bench bench_sysbench = {
	.name = "sysbench",
	.summary = "sysbench's oltp_* statement sets (sbtest1..N tables, --tables N)",
	.scale = "rows per table, sysbench's --table-size (default 10,000)",
	.modes = "oltp_read_write (default), oltp_read_only, oltp_write_only, oltp_point_select\n"
		 "                  (the oltp_ prefix may be left out)",
	.default_scale = 10000,
	.tables = tables,
	.create = create,
	.jobs = jobs,
	.free_jobs = free_jobs,
	.run = run,
	.free_run = free_run,
	.check = check,
};
