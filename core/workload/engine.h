/*
 * The workload engine's run state, shared by engine.c (schedule, workers,
 * operations) and report.c (merging statistics, live view, summary, JSON).
 */
#ifndef DBARENA_WL_ENGINE_H
#define DBARENA_WL_ENGINE_H

#include <stdio.h>

#include "run.h"

#define NCLASS 16
#define BEHIND_NS 10000000LL

typedef struct kstats {
	hist sched, svc;
	uint64_t ok, fail, skip;
} kstats;

typedef struct esample {
	uint64_t n;
	int32_t code;
	char sqlstate[8];
	char msg[256];
} esample;

typedef struct wl_run wl_run;

typedef struct fkbuf {
	pool *p;
	char buf[256];
} fkbuf;

typedef struct worker {
	pthread_t th;
	int id;
	wl_run *r;
	dba_conn *c;
	dba_stmt **st;       /* [ntables * WL_S_NSQL + nqueries] */
	gen ***ins;          /* per table, per insert column */
	gen **upd;           /* per table */
	gen ***qg;           /* per query, per param */
	fkbuf **qfk;         /* per query, per param */
	rng rng;
	pthread_mutex_t mu;
	kstats *k;           /* interval stats, nkinds */
	esample err[NCLASS];
	char lastmsg[256];
	uint64_t reconnects;
	int done;
} worker;

struct wl_run {
	wl_cfg *c;
	wl_schema s;
	target *t;
	unsigned nkinds;
	worker *w;
	pthread_mutex_t sched_mu;
	atomic_ullong next_slot;
	double next_off;     /* seconds from t0 of the next poisson slot */
	rng arrival;
	int64_t t0, warm_end, end; /* CLOCK_MONOTONIC ns; end = 0 when counting transactions */
	atomic_ullong behind;
	atomic_ullong dropped;  /* slots taken but never run (no connection) */
	uint64_t not_started;   /* slots due before the end that never ran */
	atomic_int ndone;
	atomic_int stop;
	int64_t now_us;
};

typedef struct point {
	double t, tps, p50, p95, p99;
	uint64_t errors;
} point;

typedef struct totals {
	kstats *k;           /* whole run, per kind */
	kstats *tick;        /* since the last collect, per kind */
	esample err[NCLASS];
	uint64_t reconnects;
	point *series;
	size_t nseries, capseries;
} totals;

/* CLOCK_MONOTONIC in nanoseconds. */
int64_t engine_mono_ns(void);
/* "select", "insert", "update", "delete", or the custom query's name. */
const char *engine_kind_name(const wl_run *r, unsigned k);

/* Moves every worker's interval stats into tot->tick and the run totals. */
void report_collect(wl_run *r, totals *tot);
/* Sums per-kind stats into one. */
void report_sum_kinds(const wl_run *r, const kstats *k, kstats *all);
/* One progress line (redrawn in place on a TTY) for the last win_s seconds. */
void report_live(wl_run *r, totals *tot, const kstats *win, double win_s, int tty, int *drawn);
/* The final summary as text. */
void report_summary(const wl_run *r, const totals *tot, double secs, FILE *f);
/* The summary and the per-interval series as JSON at the config's json_path. */
int report_write_json(const wl_run *r, const totals *tot, double secs, int rc, err *e);

#endif
