/*
 * Workload engine (SPEC section 3): configuration, built-in patterns, the
 * operations against a live schema, and the open-loop scheduler.
 */
#ifndef DBARENA_WORKLOAD_H
#define DBARENA_WORKLOAD_H

#include <stdint.h>
#include <stdio.h>

#include "../dist/worker.h"
#include "../err.h"
#include "../gen/gen.h"
#include "../target.h"

enum wl_op { WL_SELECT = 0, WL_INSERT, WL_UPDATE, WL_DELETE, WL_NOPS };

/* Read shapes beyond point selects. */
enum wl_shape { WL_SHAPE_POINT = 0, WL_SHAPE_JOIN, WL_SHAPE_AGG, WL_SHAPE_WINDOW, WL_SHAPE_FEED };

typedef struct wl_pattern {
	const char *name;
	double mix[WL_NOPS]; /* fractions */
	int shape;           /* enum wl_shape */
	const char *shapes;  /* for `workload patterns` */
	const char *aliases;
} wl_pattern;

extern const wl_pattern wl_patterns[];
extern const unsigned wl_npatterns;
/* By name or alias; NULL when unknown. */
const wl_pattern *workload_pattern(const char *name);
void workload_print_patterns(FILE *f);

typedef struct wl_param {
	char *name;
	gen_spec *spec;
	int line;
} wl_param;

/* A pause of a connection between transactions (think.c): none, constant or exponential. */
enum { WL_THINK_UNSET = 0, WL_THINK_NONE, WL_THINK_CONSTANT, WL_THINK_EXPONENTIAL };
typedef struct wl_think {
	int kind;
	double ms;          /* constant: the pause; exponential: its mean */
} wl_think;

struct wl_phase;

typedef struct wl_query {
	char *name;
	char *sql;          /* as written, :name placeholders */
	double weight;
	int line;
	wl_param *params;   /* distinct placeholders, in first-use order */
	unsigned nparams;
	unsigned *occ;      /* placeholder occurrences: index into params */
	unsigned nocc;
	unsigned xact;      /* a [transaction]'s kind: 1 + its index in wl_cfg.xacts (sql NULL); 0 */
	wl_think think;     /* after this query's transaction; WL_THINK_UNSET: the workload's */
} wl_query;

/* Isolation levels of [transaction] sections (txnconf.c). */
enum { WL_ISO_DEFAULT = 0, WL_ISO_READ_COMMITTED, WL_ISO_REPEATABLE_READ, WL_ISO_SERIALIZABLE };

/* A [transaction NAME] section: queries run in order between BEGIN and COMMIT on one session. */
typedef struct wl_xact {
	char *name;
	double weight;
	int line;
	int isolation;      /* WL_ISO_*; WL_ISO_DEFAULT: [workload]'s, else the server's */
	char **snames;      /* statements = ..., as written (until resolved) */
	int sline;
	unsigned *stmts;    /* query indices, in order */
	unsigned nstmts;
	unsigned pos0;      /* its first statement's index in the per-statement statistics */
} wl_xact;

/*
 * A caller's own transactions (the benchmarks in core/bench): each custom
 * query of the config is one transaction kind (name and weight; sql NULL)
 * and run() does its statements on the worker's session through the
 * wl_txn_* functions below.  Everything else (schedule, statistics, live
 * view, summary, JSON) is the engine's.
 */
typedef struct worker wl_sess;
typedef struct wl_txn {
	void *ud;
	unsigned nstmts; /* prepared-statement slots per session */
	/* Per-worker state (NULL-safe free); worker_new may return NULL only on out-of-memory. */
	void *(*worker_new)(void *ud, int id, uint64_t seed);
	void (*worker_free)(void *ws);
	/* Runs kind q: 0 done, 1 skipped, -1 failed (de filled; an open transaction is rolled back). */
	int (*run)(void *ws, unsigned q, wl_sess *s, dba_error *de);
	/* Optional: more summary lines; ok[q] = successful transactions of kind q. */
	void (*summary)(void *ud, const uint64_t *ok, unsigned n, double secs, FILE *f);
} wl_txn;

/* Executes sql (the dialect's placeholders) as prepared statement slot on s's session. */
int wl_txn_exec(wl_sess *s, unsigned slot, const char *sql, const dba_value *p, uint32_t np,
		dba_row_fn cb, void *ud, int64_t *affected, dba_error *de);
/* BEGIN / COMMIT / ROLLBACK on s's session. */
int wl_txn_begin(wl_sess *s, dba_error *de);
int wl_txn_commit(wl_sess *s, dba_error *de);
int wl_txn_rollback(wl_sess *s, dba_error *de);

typedef struct wl_cfg {
	char *path;
	char *name;
	const wl_pattern *pattern;
	char **tables;        /* NULL: the target's tables with a primary key */
	int connections;
	int threads;          /* --threads: worker threads; 0 = one per connection */
	double tps;
	double duration;      /* seconds; used when transactions == 0 */
	uint64_t transactions;
	double warmup;
	uint64_t seed;
	int poisson;
	int has_ops;
	double mix[WL_NOPS];
	int use_joins, use_aggregations;
	int avg_result_set_size;
	wl_query *queries;
	unsigned nqueries;
	/* run options */
	double interval;        /* seconds between progress lines off a terminal */
	double series_interval; /* seconds between JSON interval points (--interval sets both) */
	const char *json_path;
	double max_error_rate; /* percent; < 0 = off */
	int32_t statement_timeout_ms; /* 0 = none */
	int quiet;
	const wl_txn *txn;    /* NULL: the engine's operations and custom queries */
	/* transactions and retries (txnconf.c, retry.c) */
	wl_xact *xacts;
	unsigned nxacts;
	unsigned nxstmts;     /* statements of all transactions (per-statement statistics) */
	int isolation;        /* [workload] isolation: every transaction's default */
	int max_tries;        /* --max-tries: 1 = no retries, 0 = bounded by retry_seconds */
	double retry_seconds; /* --retry-seconds: retries stop this long after the scheduled start; 0 */
	int retry_lock_timeout; /* --retry-on lock-timeout: MariaDB 1205 and PostgreSQL 55P03 too */
	double latency_limit_ms; /* --latency-limit; 0 = off */
	int per_statement;    /* --per-statement */
	struct wl_phase *phases; /* [phase NAME] sections or --phases, in order (phase.c) */
	unsigned nphases;
	int phases_ready;     /* phase_finish() ran */
	wl_think think, keying; /* the workload's think and keying time (think.c) */
	const char *metrics_addr; /* --metrics-addr HOST:PORT (metrics.c); NULL: none */
	int metrics_public;       /* --metrics-public: an address off loopback is allowed */
	double metrics_linger;    /* --metrics-linger S: serve the final figures this long after the run */
	dist_worker dist;         /* --worker I/N (docs/distributed.md); count 0 or 1: one process */
	const char *barrier;      /* --barrier NAME: start together with the other workers; NULL */
	double barrier_timeout;   /* --barrier-timeout S; 0 = 60 */
} wl_cfg;

void workload_cfg_defaults(wl_cfg *c);
/* Loads an INI file over the defaults; errors name FILE:LINE (EXIT_USAGE). */
int workload_config_load(const char *path, wl_cfg *c, err *e);
/* After CLI overrides: a pattern or mix must exist, weights must reach 1. */
int workload_config_check(wl_cfg *c, err *e);
void workload_cfg_free(wl_cfg *c);

/*
 * Rewrites q's :name placeholders into the dialect's style (quotes, comments
 * and PostgreSQL :: casts left alone); malloc'ed.
 */
char *workload_rewrite_sql(const char *sql, int placeholder, unsigned *nocc);
/* Scans placeholders: calls fn for each with its name; -1 when fn fails. */
int workload_scan_placeholders(const char *sql, int (*fn)(void *ud, const char *name, size_t len),
			       void *ud);

/* Runs the workload; returns an exit code (0, 1, 130) or -1 with e filled. */
int workload_run(wl_cfg *c, target *t, err *e);

#endif
