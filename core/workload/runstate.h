/*
 * The workload engine's run state, shared by engine.c (the run), sched.c
 * (the schedule), worker.c (the workers), ops.c (the operations), merge.c
 * (merging statistics) and report.c (live view, summary, JSON).
 */
#ifndef DBARENA_WL_RUNSTATE_H
#define DBARENA_WL_RUNSTATE_H

#include <stdio.h>

#include "run.h"

#define NCLASS 16
#define BEHIND_NS 10000000LL        /* a start this late counts as behind (the summary's count) */
#define BEHIND_LIVE_NS 100000000LL  /* the live view says FALLING BEHIND while the lag or backlog is this late */

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
	hist lag;            /* schedule lag (start - scheduled start) since the last collect */
	_Atomic int64_t inflight; /* the running slot's scheduled start; 0 when idle */
	int done;
	void *txs;           /* wl_txn per-worker state */
	dba_stmt **tst;      /* wl_txn statements [txn->nstmts] */
	int in_tx;           /* a wl_txn transaction is open */
	struct wl_wx *wx;    /* retries, late transactions, error codes, statements (retry.c) */
	uint64_t retry_rnd;  /* the pause before a retry (retry.c); never 0 */
} worker;

struct wl_run {
	wl_cfg *c;
	wl_schema s;
	target *t;
	unsigned nkinds;
	worker *w;
	pthread_t *th;        /* the worker threads (wthreads.c) */
	int nth;
	pthread_mutex_t sched_mu;
	atomic_ullong next_slot;
	double next_off;     /* seconds from t0 of the next poisson slot */
	rng arrival;
	int64_t t0, warm_end, end; /* CLOCK_MONOTONIC ns; end = 0 when counting transactions */
	atomic_ullong behind;
	atomic_ullong dropped;  /* slots taken but never run (no connection) */
	uint64_t not_started;   /* slots due before the end that never ran: dropped + backlog_end */
	uint64_t backlog_end;   /* slots due before the end that no worker took */
	int64_t backlog_oldest; /* the first of them: its scheduled start; 0 */
	atomic_int ndone;
	atomic_llong last_exit;  /* CLOCK_MONOTONIC ns when the last worker to leave left */
	atomic_int stop;
	int64_t now_us;
	struct phrun *ph;      /* phases: schedule and per-phase statistics (phase.c); NULL */
	struct wl_metrics *metrics; /* the Prometheus endpoint (metrics.c); NULL */
	double dist_wait;      /* --barrier: seconds waited for the other workers */
	int64_t dist_start_us; /* CLOCK_REALTIME at t0, microseconds (the workers' start skew) */
};

typedef struct point {
	double t, tps, p50, p95, p99;
	uint64_t errors;
	uint64_t done;       /* transactions that ended in the interval */
	double lag_p99;      /* schedule lag p99 in the interval, us */
	uint64_t backlog;    /* due, not started, at the interval's end */
	double oldest;       /* age of the oldest in-flight transaction at the interval's end, us; 0 */
	double svc_p50, svc_p95, svc_p99; /* service latency in the interval, us */
	uint64_t reconnects; /* sessions reopened since the start (the JSON has the interval's) */
	double secs;         /* the interval's length */
	struct hsparse *hs, *hv; /* its scheduled and service histograms (core/results) */
} point;

/* What the live view shows beyond the interval's statistics. */
typedef struct liveinfo {
	const hist *lag;     /* schedule lag over the window */
	uint64_t backlog;    /* due, not started, now */
	double backlog_us;   /* how long the oldest of them has been due */
	double oldest_us;    /* age of the oldest in-flight transaction; 0 */
} liveinfo;

typedef struct totals {
	kstats *k;           /* whole run, per kind */
	kstats *tick;        /* since the last collect, per kind */
	esample err[NCLASS];
	uint64_t reconnects;
	hist lag;            /* schedule lag, whole run */
	hist lag_tick;       /* since the last collect */
	point *series;
	size_t nseries, capseries;
} totals;

#endif
