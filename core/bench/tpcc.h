/* The TPC-C-like benchmark's parts: tables and checks (tpcc.c), loading (tpcc_load.c), transactions (tpcc_txn.c). */
#ifndef DBARENA_BENCH_TPCC_H
#define DBARENA_BENCH_TPCC_H

#include "bench.h"

#define TPCC_ITEMS 100000
#define TPCC_DIST 10          /* districts per warehouse */
#define TPCC_CUST 3000        /* customers per district */
#define TPCC_ORD 3000         /* orders per district */
#define TPCC_NEWORD 2101      /* the first undelivered order */
#define TPCC_C_LAST_LOAD 157  /* NURand C for C_LAST at load; the run's differs by 68 (clause 2.1.6.1) */
#define TPCC_C_LAST_RUN 225
#define TPCC_C_ID 259
#define TPCC_OL_I_ID 7911

/* NURand(A, x, y) of clause 2.1.6 with constant c. */
int64_t tpcc_nurand(rng *r, int64_t a, int64_t x, int64_t y, int64_t c);
/* The customer last name of number n (0..999), clause 4.3.2.3; returns its length. */
int tpcc_last_name(int n, char *out);
/* An order's line count (5..15): a function of its key, so orders and order lines agree. */
int tpcc_ol_cnt(int64_t w, int64_t d, int64_t o);
/* Cents as decimal text ("-10.00"); returns the length. */
uint32_t tpcc_money(int64_t cents, char *out);

int tpcc_jobs(bench_ctx *x, bench_job **jobs, unsigned *n, err *e);
void tpcc_free_jobs(bench_job *jobs, unsigned n);
int tpcc_run(bench_ctx *x, wl_cfg *c, bench_run *r, err *e);
void tpcc_free_run(bench_run *r);

#endif
