/*
 * Standard benchmarks (tpcb, sysbench, ycsb, tpcc): their tables, loading
 * through the drivers' bulk path, their transactions on the workload engine
 * (the wl_txn hook) and their consistency checks.  One file per benchmark;
 * bench.c holds the table of them and what they share.
 */
#ifndef DBARENA_BENCH_H
#define DBARENA_BENCH_H

#include <stdint.h>
#include <stdio.h>

#include "../err.h"
#include "../target.h"
#include "../workload/workload.h"

#define BENCH_MAXTABLES 64

typedef struct bench_opts {
	double scale;      /* the benchmark's unit; 0 = its default */
	int tables;        /* sysbench --tables; 0 = default */
	int jobs;          /* loading threads */
	int force;         /* prepare: drop existing tables first */
	const char *mode;  /* variant: tpcb select-only, sysbench oltp_*, ycsb a..f; NULL = default */
	int quiet;
	uint64_t seed;
	double tpcc_think; /* --think-time tpcc[:F]: TPC-C's keying and think times times F; 0 = off */
} bench_opts;

typedef struct bench_ctx {
	target *t;
	const bench_opts *o;
	dba_conn *c;       /* a session for DDL and checks */
	int failed;        /* check: conditions that failed */
} bench_ctx;

/* One bulk-load unit: a table, or a key range of one; run by one loading thread. */
typedef struct bench_job {
	const char *table;
	const char *const *cols;
	const int32_t *fams;
	uint32_t ncols;
	dba_row_source next;
	void *ud;          /* the benchmark's state for next(); owned by it */
	/*
	 * A template (a secondary index) run once all of this table's jobs have
	 * committed, on the session that committed the last, while other tables
	 * still load; NULL for none.  The first job of the table that has one.
	 */
	const char *after;
	uint64_t rows;     /* filled: rows sent */
	double t0, t1;     /* filled: monotonic seconds */
	double after_s;    /* filled: seconds of `after` */
} bench_job;

/* The per-run part of a benchmark: kinds (as custom queries of the config) and the hook. */
typedef struct bench_run {
	wl_txn txn;
	void *state;       /* freed by free_run */
} bench_run;

typedef struct bench {
	const char *name;
	const char *summary;
	const char *scale;          /* what --scale means, and its default */
	const char *modes;          /* --mode values, the first is the default; NULL = none */
	double default_scale;
	/* Table names for these options (unquoted); returns how many. */
	unsigned (*tables)(const bench_opts *o, char names[][64], unsigned cap);
	/* CREATE TABLE (and indexes needed for loading); after any old tables were dropped. */
	int (*create)(bench_ctx *x, err *e);
	/* The loading jobs; *jobs malloc'ed, freed with free_jobs. */
	int (*jobs)(bench_ctx *x, bench_job **jobs, unsigned *n, err *e);
	void (*free_jobs)(bench_job *jobs, unsigned n);
	/* After loading: secondary indexes, statistics.  May be NULL. */
	int (*finish)(bench_ctx *x, err *e);
	/* Transaction kinds into c->queries and the hook into r; errors EXIT_USAGE. */
	int (*run)(bench_ctx *x, wl_cfg *c, bench_run *r, err *e);
	void (*free_run)(bench_run *r);
	/* Prints each condition; bumps x->failed for each that does not hold. */
	int (*check)(bench_ctx *x, err *e);
} bench;

extern const bench bench_tpcb, bench_sysbench, bench_ycsb, bench_tpcc;

/* By name; NULL when unknown. */
const bench *bench_find(const char *name);
void bench_list(FILE *f);
/* The option's scale or the benchmark's default. */
double bench_scale(const bench *b, const bench_opts *o);

/* The commands (cmd_bench.c resolves the target and options). */
int bench_prepare(const bench *b, bench_ctx *x, err *e);
int bench_cleanup(const bench *b, bench_ctx *x, err *e);
int bench_check(const bench *b, bench_ctx *x, err *e);
/* Refuses a run on missing tables (EXIT_USAGE with a prepare hint). */
int bench_need_tables(const bench *b, bench_ctx *x, err *e);

/*
 * SQL text from a template: {name} becomes the quoted identifier, ? the
 * dialect's next placeholder; malloc'ed.
 */
char *bench_sql(const target *t, const char *tmpl);
/* Runs a template (no parameters) on x's session; errors EXIT_RUNTIME naming the statement. */
int bench_exec(bench_ctx *x, const char *tmpl, err *e);
/* The first column of the first row of a template's result as text ("" for none or NULL). */
int bench_scalar(bench_ctx *x, const char *tmpl, char *out, size_t cap, err *e);
/* The same as an integer. */
int bench_count(bench_ctx *x, const char *tmpl, long long *out, err *e);
/* A check line: "  ok     what" or "  FAILED what"; bumps x->failed. */
void bench_report(bench_ctx *x, int ok, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Row count of table against want, as a check line. */
int bench_check_rows(bench_ctx *x, const char *table, long long want, err *e);
/* 1 when primary keys are better added after loading (PostgreSQL builds; InnoDB would rebuild the table). */
int bench_keys_after_load(const target *t);
/* A column type for timestamps in this dialect. */
const char *bench_ts_type(const target *t);
/* Adds kind name with weight to c->queries (no SQL: the hook runs it). */
int bench_kind(wl_cfg *c, const char *name, double weight);
/* Statement text prepared once per run: bench_sql for every template of tmpl[n]; NULL-terminated. */
char **bench_sqlv(const target *t, const char *const *tmpl, unsigned n);
void bench_sqlv_free(char **v);

/* Values for statement parameters. */
static inline dba_value bench_int(int64_t v)
{
	dba_value x = { .type = DBA_T_INT64 };

	x.u.i64 = v;
	return x;
}

static inline dba_value bench_text(const char *s, uint32_t len)
{
	dba_value x = { .type = DBA_T_TEXT, .len = len };

	x.u.str = s;
	return x;
}

/* Rows of a statement: how many, the first row's columns, each row's first column as a number. */
#define BENCH_ROWCOLS 8
#define BENCH_ROWIDS 128
typedef struct bench_rows {
	uint64_t n;
	char v[BENCH_ROWCOLS][512];   /* "" for NULL */
	int null[BENCH_ROWCOLS];
	int64_t ids[BENCH_ROWIDS];
} bench_rows;
/* A dba_row_fn filling a bench_rows (ud); reset it (n = 0) before each statement. */
int bench_rows_cb(void *ud, int32_t hdr, uint32_t n, const char *const *names, const char *const *v,
		  const uint32_t *len);

/* Runs the jobs over o->jobs threads, one session each; prints rows and seconds per table. */
int bench_load(bench_ctx *x, bench_job *jobs, unsigned n, err *e);

#endif
