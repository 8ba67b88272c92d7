/*
 * A start barrier through the target database: no service but the database
 * under test.  Each worker registers in the table dbarena_barrier (created
 * when missing) and waits until all N have, so the workers' runs cover the
 * same interval; the last worker to leave removes its rows, and on the last
 * step of a run the table when nothing else is in it.
 *
 * Rows are (name, step, worker, workers, arrived, gone); arrived is the
 * client's UTC time in seconds, and rows older than the timeout plus a
 * minute are a crashed earlier run's and do not count.
 */
#ifndef DBARENA_DIST_BARRIER_H
#define DBARENA_DIST_BARRIER_H

#include "../target.h"
#include "worker.h"

#define DIST_BARRIER_TABLE "dbarena_barrier"
#define DIST_BARRIER_TIMEOUT 60.0

/* NAME of --barrier: 1 to 64 of [A-Za-z0-9_.:-]; EXIT_USAGE otherwise. */
int dist_barrier_name_ok(const char *name, err *e);

/*
 * Registers worker w at `step` (a short constant, e.g. "start") of barrier
 * `name` on session c and waits until w->count workers have registered
 * there.  Polls every 50 ms; workers leave within about that of each other.
 * More than timeout_s seconds: EXIT_RUNTIME "barrier NAME: K of N workers
 * arrived within S s" (this worker's row removed).  SIGINT/SIGTERM:
 * EXIT_INTERRUPTED.  A worker that registered with another N: EXIT_USAGE.
 * last = 1: this is the run's last step of the barrier (the table may go).
 * *waited (may be NULL) gets the seconds spent waiting.
 */
int dist_barrier_wait(target *t, dba_conn *c, const char *name, const char *step, const dist_worker *w,
		      double timeout_s, int last, double *waited, err *e);

/*
 * dist_barrier_wait, and *first (when non-NULL) gets the earliest arrival
 * (UTC s, the workers' clocks) of the N workers at this step: the same
 * value for every worker, e.g. a clock they share.
 */
int dist_barrier_wait_first(target *t, dba_conn *c, const char *name, const char *step, const dist_worker *w,
			    double timeout_s, int last, double *waited, long long *first, err *e);

#endif
