/*
 * Transactions of several statements (txnconf.c: [transaction] sections and
 * their run), retries, late transactions and per-code error counts
 * (retry.c), and their options (txopts.c).
 */
#ifndef DBARENA_WL_XACT_H
#define DBARENA_WL_XACT_H

#include "../ini.h"
#include "../strmap.h"
#include "runstate.h"

/* One SQLSTATE / native code: its count and the first message. */
typedef struct ecode {
	int cls;
	int32_t code;
	char sqlstate[8];
	uint64_t n;
	char msg[256];
} ecode;

#define WX_MAXBIND 32

/* Per-worker state, under the worker's mu where the watcher reads it. */
typedef struct wl_wx {
	uint64_t retried;   /* transactions run more than once */
	uint64_t retries;   /* re-runs */
	uint64_t late;      /* finished more than --latency-limit after their scheduled start */
	ecode *codes;
	unsigned ncodes, capcodes;
	kstats *st;         /* per transaction statement (--per-statement), c->nxstmts */
	/* values read by earlier statements of the running transaction */
	unsigned nb;
	char bname[WX_MAXBIND][64];
	char bval[WX_MAXBIND][256];
	int bnull[WX_MAXBIND];
	int got_row;        /* the running statement's first row was kept */
} wl_wx;

/* ---- txnconf.c ---- */
/* One entry of a [transaction NAME] section; 0, or -1 with FILE:LINE in e. */
int txnconf_entry(wl_cfg *c, const ini_entry *en, err *e);
/* [workload] isolation = ... */
int txnconf_isolation(const char *path, const ini_entry *en, int *out, err *e);
/* After pass 1: statements resolved, statement-only queries weight 0, one kind per transaction. */
int txnconf_resolve(wl_cfg *c, const strmap *qmap, err *e);
/* 1 when query qi may leave :name to an earlier statement's result column (a later statement only). */
int txnconf_bound_ok(const wl_cfg *c, unsigned qi);
void txnconf_free(wl_cfg *c);
/* Runs the transaction of kind query qi: 0 done, 1 skipped, -1 failed (rolled back, de filled). */
int txnconf_run(worker *w, unsigned qi, dba_error *de);

/* ---- retry.c ---- */
int wx_init(worker *w, err *e);
void wx_free(worker *w);
/* ops_run with --max-tries: re-runs serialization failures and deadlocks. */
int retry_run(worker *w, unsigned kind, int64_t sched, dba_error *de);
/* 1 when de is a failure a re-run may pass (serialization failure, deadlock; lock timeout if asked). */
int retry_retryable(const wl_cfg *c, const dba_error *de);
/* After record(): late transactions and the error's code (caller holds w->mu). */
void wx_record(worker *w, int rc, int64_t sched, int64_t end, const dba_error *de);
/* A transaction statement's service time (caller: the worker thread). */
void wx_stmt(worker *w, unsigned pos, int rc, int64_t start, int64_t end);
/* Summary lines: errors by code, retries, late, statements. */
void wx_summary(const wl_run *r, FILE *f);
/* JSON keys: error_codes, retried, retries, max_tries, late, statements. */
void wx_json(const wl_run *r, void *root);

/* ---- txopts.c ---- */
enum { WX_O_MAX_TRIES = 0x300, WX_O_RETRY_ON, WX_O_RETRY_SECONDS, WX_O_LATENCY_LIMIT, WX_O_PER_STATEMENT };
#define WX_LONGOPTS \
	{ "max-tries", required_argument, NULL, WX_O_MAX_TRIES }, \
	{ "retry-on", required_argument, NULL, WX_O_RETRY_ON }, \
	{ "retry-seconds", required_argument, NULL, WX_O_RETRY_SECONDS }, \
	{ "latency-limit", required_argument, NULL, WX_O_LATENCY_LIMIT }, \
	{ "per-statement", no_argument, NULL, WX_O_PER_STATEMENT }
/* 1 when ch is one of WX_LONGOPTS (applied), 0 when not, -1 on a bad value (EXIT_USAGE). */
int wx_option(wl_cfg *c, int ch, const char *arg, err *e);
/* The options together: --max-tries 0 needs --retry-seconds. */
int wx_options_check(const wl_cfg *c, err *e);
/* Help lines for the options. */
#define WX_HELP \
"  --max-tries N             run a transaction up to N times when it fails on a serialization\n" \
	"                            failure or deadlock (default 1: no retries; 0: until --retry-seconds)\n" \
	"  --retry-seconds S         with --max-tries 0: retry until S seconds after the scheduled start\n" \
	"  --retry-on lock-timeout   also retry lock wait timeouts (MariaDB/MySQL 1205, PostgreSQL 55P03)\n" \
	"  --latency-limit MS        count transactions finishing more than MS ms after their scheduled start\n" \
	"  --per-statement           latency of each statement of [transaction] sections too\n"


#endif
