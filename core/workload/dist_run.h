/*
 * A workload or benchmark run as worker I of N (dist_run.c,
 * docs/distributed.md): its own streams, schedule offset, insert keys and
 * start barrier.
 */
#ifndef DBARENA_WL_DIST_RUN_H
#define DBARENA_WL_DIST_RUN_H

#include "runstate.h"

/* The arrival stream's seed: the worker's own. */
uint64_t wl_dist_seed(const wl_cfg *c);
/* After the schedule is set up: a poisson schedule of a worker starts one gap in. */
void wl_dist_init(wl_run *r);
/* After the schema is read: counter keys and generator rows start at this worker's residue mod N. */
void wl_dist_keys(wl_run *r);
/* --barrier: waits for the other workers on a session of its own (EXIT_RUNTIME on timeout, 130 on SIGINT). */
int wl_dist_barrier(wl_run *r, err *e);

#endif
