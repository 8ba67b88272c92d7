/* The workload workers (worker.c). */
#ifndef DBARENA_WL_WORKER_H
#define DBARENA_WL_WORKER_H

#include "runstate.h"

/* Generators and statements of worker id of r (its session: worker_connect_all); EXIT_RUNTIME errors. */
int worker_init(worker *w, wl_run *r, int id, err *e);
/*
 * Reconnect backoff while a run is on: from WORKER_BACKOFF_MIN_NS doubling
 * to WORKER_BACKOFF_MAX_NS, each wait half fixed and half random (rnd), so a
 * session is back within about MAX of the server accepting again and the
 * sessions of a restarted server do not all return at once.
 */
#define WORKER_BACKOFF_MIN_NS 50000000LL
#define WORKER_BACKOFF_MAX_NS 400000000LL
int64_t worker_backoff_ns(int attempt, uint64_t rnd);
/*
 * 1 when an error of this class means the session is gone: a lost
 * connection, or a timeout unless the driver says the session is still
 * usable (reusable: the server enforced the timeout and answered); never
 * for RESOURCE.
 */
int worker_reconnects_after(int err_class, int reusable);
/* Opens the sessions of n workers in parallel; the first failure is in e. */
int worker_connect_all(worker *w, int n, err *e);
/* The thread: runs slots until the schedule ends, a stop or an interrupt. */
void *worker_main(void *arg);
/* NULL-safe (a worker never initialised). */
void worker_free(worker *w);

#endif
