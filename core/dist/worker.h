/*
 * Distributed workers: which of N processes this one is.  Worker I of N
 * (0-based) takes 1/N of a run's load; no coordinator of its own, the
 * orchestrator starts the workers (docs/distributed.md).
 */
#ifndef DBARENA_DIST_WORKER_H
#define DBARENA_DIST_WORKER_H

#include <stdint.h>

#include "../err.h"

#define DIST_MAX_WORKERS 4096

typedef struct dist_worker {
	unsigned index;   /* 0 .. count-1 */
	unsigned count;   /* 1 = not distributed */
	const char *from; /* where it came from, for messages: "--worker", "DBARENA_WORKER", ... */
} dist_worker;

/* The one-process identity: worker 0 of 1. */
#define DIST_WORKER_SOLO ((dist_worker){ 0, 1, NULL })

/*
 * "I/N" with 0 <= I < N <= DIST_MAX_WORKERS into *w; EXIT_USAGE naming
 * `from` otherwise.
 */
int dist_worker_parse(const char *text, const char *from, dist_worker *w, err *e);

/*
 * The identity of this process, first match wins:
 *   spec (--worker I/N) when non-NULL;
 *   workers > 0 (--workers N): the index from JOB_COMPLETION_INDEX (a
 *     Kubernetes Indexed Job, 0-based) or DBARENA_WORKER_SLOT (1-based:
 *     Docker Swarm's {{.Task.Slot}}); neither set is EXIT_USAGE;
 *   DBARENA_WORKER=I/N in the environment;
 *   else worker 0 of 1.
 */
int dist_worker_resolve(const char *spec, long workers, dist_worker *w, err *e);

/* 1 when this run is one of several workers. */
static inline int dist_worker_on(const dist_worker *w)
{
	return w && w->count > 1;
}

/*
 * The part of n items (rows, transactions) that is worker w's: items
 * [*first, *first + return) of 0..n-1, contiguous, the parts of all
 * workers disjoint and together exactly n.
 */
uint64_t dist_share(const dist_worker *w, uint64_t n, uint64_t *first);

/* A random seed of worker w's own, derived from the run's seed (seed itself for worker 0 of 1). */
uint64_t dist_seed(const dist_worker *w, uint64_t seed);

#endif
