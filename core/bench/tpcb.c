/*
 * tpcb: pgbench's TPC-B-like benchmark.  Its four tables with 1 branch, 10
 * tellers and 100,000 accounts per scale unit, and its built-in transaction
 * (three UPDATEs, a SELECT and the history INSERT); select-only and
 * simple-update are pgbench's -S and -N.
 */
#include <stdlib.h>
#include <string.h>

#include "bench.h"

#define NACCOUNTS 100000
#define NTELLERS 10

enum { M_TPCB = 0, M_SELECT, M_SIMPLE };
static const char *const modes[] = { "tpcb", "select-only", "simple-update" };

static unsigned tables(const bench_opts *o, char names[][64], unsigned cap)
{
	static const char *const t[] = { "pgbench_branches", "pgbench_tellers", "pgbench_accounts", "pgbench_history" };

	(void)o;
	for (unsigned i = 0; i < 4 && i < cap; i++)
		snprintf(names[i], 64, "%s", t[i]);
	return 4;
}

static const char *const pk[3][2] = { { "pgbench_branches", "bid" }, { "pgbench_tellers", "tid" }, { "pgbench_accounts", "aid" } };

/* The primary keys are added after loading where a server builds an index faster than it maintains one. */
static int create(bench_ctx *x, err *e)
{
	static const char *const ddl[3] = { "(bid int NOT NULL%s, bbalance int, filler char(88))",
					    "(tid int NOT NULL%s, bid int, tbalance int, filler char(84))",
					    "(aid int NOT NULL%s, bid int, abalance int, filler char(84))" };
	const char *key = bench_keys_after_load(x->t) ? "" : " PRIMARY KEY";
	char q[256], cols[160];

	for (int i = 0; i < 3; i++) {
		snprintf(cols, sizeof(cols), ddl[i], key);
		snprintf(q, sizeof(q), "CREATE TABLE {%s} %s", pk[i][0], cols);
		if (bench_exec(x, q, e))
			return -1;
	}
	snprintf(q, sizeof(q), "CREATE TABLE {pgbench_history} (tid int, bid int, aid int, delta int, "
		 "mtime %s, filler char(22))", bench_ts_type(x->t));
	return bench_exec(x, q, e);
}

static int finish(bench_ctx *x, err *e)
{
	char q[160];

	for (int i = 0; i < 3 && bench_keys_after_load(x->t); i++) {
		snprintf(q, sizeof(q), "ALTER TABLE {%s} ADD PRIMARY KEY ({%s})", pk[i][0], pk[i][1]);
		if (bench_exec(x, q, e))
			return -1;
	}
	return 0;
}

/* One job's rows: ids lo..hi of a table, bid = (id - 1) / per + 1. */
typedef struct src {
	int64_t next, hi, per;
} src;

static int next_row(void *ud, dba_value *row, uint32_t n, dba_error *de)
{
	src *s = ud;

	(void)de;
	if (s->next > s->hi)
		return 0;
	row[0] = bench_int(s->next);
	if (n == 3) { /* branches: bid, bbalance, filler */
		row[1] = bench_int(0);
		row[2] = bench_text("", 0);
	} else {
		row[1] = bench_int((s->next - 1) / s->per + 1);
		row[2] = bench_int(0);
		row[3] = bench_text("", 0);
	}
	s->next++;
	return 1;
}

static int jobs(bench_ctx *x, bench_job **out, unsigned *n, err *e)
{
	static const char *const bc[] = { "bid", "bbalance", "filler" };
	static const char *const tc[] = { "tid", "bid", "tbalance", "filler" };
	static const char *const ac[] = { "aid", "bid", "abalance", "filler" };
	static const int32_t bf[] = { DBA_FAM_INT, DBA_FAM_INT, DBA_FAM_TEXT };
	static const int32_t af[] = { DBA_FAM_INT, DBA_FAM_INT, DBA_FAM_INT, DBA_FAM_TEXT };
	int64_t scale = (int64_t)bench_scale(&bench_tpcb, x->o);
	/* PostgreSQL: the accounts in one job, so its COPY may FREEZE (as pgbench -i); else by scale unit. */
	int64_t parts = bench_keys_after_load(x->t) ? 1 : scale;
	unsigned nj = 2 + (unsigned)parts;
	bench_job *j = calloc(nj, sizeof(*j));
	src *s = calloc(nj, sizeof(*s));

	if (!j || !s) {
		free(j);
		free(s);
		return err_set(e, EXIT_RUNTIME, "out of memory");
	}
	/* The accounts first: they are most of the work and split by scale unit. */
	for (int64_t i = 0; i < parts; i++) {
		s[i] = (src){ i * scale / parts * NACCOUNTS + 1, (i + 1) * scale / parts * NACCOUNTS, NACCOUNTS };
		j[i] = (bench_job){ .table = "pgbench_accounts", .cols = ac, .fams = af, .ncols = 4, .next = next_row, .ud = &s[i] };
	}
	s[parts] = (src){ 1, scale * NTELLERS, NTELLERS };
	j[parts] = (bench_job){ .table = "pgbench_tellers", .cols = tc, .fams = af, .ncols = 4, .next = next_row, .ud = &s[parts] };
	s[parts + 1] = (src){ 1, scale, 1 };
	j[parts + 1] = (bench_job){ .table = "pgbench_branches", .cols = bc, .fams = bf, .ncols = 3, .next = next_row,
				    .ud = &s[parts + 1] };
	*out = j;
	*n = nj;
	return 0;
}

static void free_jobs(bench_job *j, unsigned n)
{
	(void)n;
	free(j[0].ud); /* the src array */
	free(j);
}

/* ---- the transaction ---- */

typedef struct tpcb_run {
	int64_t scale;
	int mode;
	char **sql;
} tpcb_run;

typedef struct tpcb_w {
	const tpcb_run *r;
	rng rng;
} tpcb_w;

enum { S_UPD_ACC = 0, S_SEL_ACC, S_UPD_TEL, S_UPD_BR, S_INS_HIST, S_N };

static void *worker_new(void *ud, int id, uint64_t seed)
{
	tpcb_w *w = calloc(1, sizeof(*w));

	if (w) {
		w->r = ud;
		rng_seed(&w->rng, gen_stream_seed(seed, "tpcb", NULL) + (uint64_t)id);
	}
	return w;
}

static int run_txn(void *ws, unsigned q, wl_sess *s, dba_error *de)
{
	tpcb_w *w = ws;
	const tpcb_run *r = w->r;
	char **sql = r->sql;
	int64_t aid = rng_range(&w->rng, 1, r->scale * NACCOUNTS), bid = rng_range(&w->rng, 1, r->scale);
	int64_t tid = rng_range(&w->rng, 1, r->scale * NTELLERS), delta = rng_range(&w->rng, -5000, 5000);
	dba_value p[4];

	(void)q;
	p[0] = bench_int(aid);
	if (r->mode == M_SELECT)
		return wl_txn_exec(s, S_SEL_ACC, sql[S_SEL_ACC], p, 1, NULL, NULL, NULL, de);
	if (wl_txn_begin(s, de))
		return -1;
	p[0] = bench_int(delta);
	p[1] = bench_int(aid);
	if (wl_txn_exec(s, S_UPD_ACC, sql[S_UPD_ACC], p, 2, NULL, NULL, NULL, de) ||
	    wl_txn_exec(s, S_SEL_ACC, sql[S_SEL_ACC], &p[1], 1, NULL, NULL, NULL, de))
		return -1;
	if (r->mode == M_TPCB) {
		p[1] = bench_int(tid);
		if (wl_txn_exec(s, S_UPD_TEL, sql[S_UPD_TEL], p, 2, NULL, NULL, NULL, de))
			return -1;
		p[1] = bench_int(bid);
		if (wl_txn_exec(s, S_UPD_BR, sql[S_UPD_BR], p, 2, NULL, NULL, NULL, de))
			return -1;
	}
	p[0] = bench_int(tid);
	p[1] = bench_int(bid);
	p[2] = bench_int(aid);
	p[3] = bench_int(delta);
	if (wl_txn_exec(s, S_INS_HIST, sql[S_INS_HIST], p, 4, NULL, NULL, NULL, de))
		return -1;
	return wl_txn_commit(s, de);
}

static int mode_of(const char *m, err *e)
{
	for (int i = 0; i < 3; i++)
		if (!m || !strcmp(m, modes[i]))
			return m ? i : M_TPCB;
	return err_set(e, EXIT_USAGE, "bench tpcb: unknown --mode \"%s\"", m), -1;
}

static int scale_now(bench_ctx *x, int64_t *scale, err *e)
{
	long long n;

	if (x->o->scale > 0) {
		*scale = (int64_t)x->o->scale;
		return 0;
	}
	/* As pgbench: the scale is the number of branches. */
	if (bench_count(x, "SELECT COUNT(*) FROM {pgbench_branches}", &n, e))
		return -1;
	if (n < 1)
		return err_set(e, EXIT_RUNTIME, "bench tpcb: pgbench_branches is empty");
	*scale = n;
	return 0;
}

static int run(bench_ctx *x, wl_cfg *c, bench_run *br, err *e)
{
	static const char *const tmpl[S_N] = {
		"UPDATE {pgbench_accounts} SET abalance = abalance + ? WHERE aid = ?",
		"SELECT abalance FROM {pgbench_accounts} WHERE aid = ?",
		"UPDATE {pgbench_tellers} SET tbalance = tbalance + ? WHERE tid = ?",
		"UPDATE {pgbench_branches} SET bbalance = bbalance + ? WHERE bid = ?",
		"INSERT INTO {pgbench_history} (tid, bid, aid, delta, mtime) VALUES (?, ?, ?, ?, CURRENT_TIMESTAMP)",
	};
	tpcb_run *r = calloc(1, sizeof(*r));
	int mode = mode_of(x->o->mode, e);

	if (!r)
		return err_set(e, EXIT_RUNTIME, "out of memory");
	br->state = r;
	if (mode < 0 || scale_now(x, &r->scale, e))
		return -1;
	r->mode = mode;
	r->sql = bench_sqlv(x->t, tmpl, S_N);
	if (!r->sql || bench_kind(c, modes[mode], 1))
		return err_set(e, EXIT_RUNTIME, "out of memory");
	br->txn = (wl_txn){ .ud = r, .nstmts = S_N, .worker_new = worker_new, .worker_free = free, .run = run_txn };
	return 0;
}

static void free_run(bench_run *br)
{
	tpcb_run *r = br->state;

	if (r)
		bench_sqlv_free(r->sql);
	free(r);
}

static int check(bench_ctx *x, err *e)
{
	char a[64], b[64], t[64], h[64];
	int64_t scale;
	int simple = x->o->mode && !strcmp(x->o->mode, "simple-update");

	if (scale_now(x, &scale, e) ||
	    bench_check_rows(x, "pgbench_branches", scale, e) ||
	    bench_check_rows(x, "pgbench_tellers", scale * NTELLERS, e) ||
	    bench_check_rows(x, "pgbench_accounts", scale * NACCOUNTS, e))
		return -1;
	if (bench_scalar(x, "SELECT COALESCE(SUM(abalance), 0) FROM {pgbench_accounts}", a, sizeof(a), e) ||
	    bench_scalar(x, "SELECT COALESCE(SUM(bbalance), 0) FROM {pgbench_branches}", b, sizeof(b), e) ||
	    bench_scalar(x, "SELECT COALESCE(SUM(tbalance), 0) FROM {pgbench_tellers}", t, sizeof(t), e) ||
	    bench_scalar(x, "SELECT COALESCE(SUM(delta), 0) FROM {pgbench_history}", h, sizeof(h), e))
		return -1;
	bench_report(x, !strcmp(a, h), "sum of account balances %s = sum of history deltas %s", a, h);
	bench_report(x, !strcmp(b, t), "sum of branch balances %s = sum of teller balances %s", b, t);
	if (!simple)
		bench_report(x, !strcmp(b, a), "sum of branch balances %s = sum of account balances %s", b, a);
	return 0;
}

const bench bench_tpcb = {
	.name = "tpcb",
	.summary = "pgbench's TPC-B-like transaction (pgbench_* tables)",
	.scale = "pgbench's scale: 1 branch, 10 tellers, 100,000 accounts each (default 1)",
	.modes = "tpcb (default), select-only (pgbench -S), simple-update (pgbench -N);\n"
		 "                  check --mode simple-update when such runs changed the accounts",
	.default_scale = 1,
	.tables = tables,
	.create = create,
	.jobs = jobs,
	.free_jobs = free_jobs,
	.finish = finish,
	.run = run,
	.free_run = free_run,
	.check = check,
};
