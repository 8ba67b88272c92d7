/* A caller's own transactions in the workload engine (txn.c; the wl_txn hook of workload.h). */
#ifndef DBARENA_WL_TXN_H
#define DBARENA_WL_TXN_H

#include "runstate.h"

/* The per-worker state and statement slots of c->txn (nothing without one); EXIT_RUNTIME errors. */
int txn_worker_init(worker *w, uint64_t seed, err *e);
/* NULL-safe; after the session's statements were dropped. */
void txn_worker_free(worker *w);
/* Runs transaction kind q; rolls back what it left open when it failed. */
int txn_run(worker *w, unsigned q, dba_error *de);
/* Frees w's transaction statements (before a reconnect or at the end). */
void txn_drop_statements(worker *w);
/* The wl_txn's own summary lines, if any. */
void txn_summary(const wl_run *r, const totals *tot, double secs, FILE *f);

#endif
