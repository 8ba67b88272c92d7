/* The workers' threads (wthreads.c). */
#ifndef DBARENA_WL_WTHREADS_H
#define DBARENA_WL_WTHREADS_H

#include <time.h>

#include "runstate.h"

/*
 * How many threads run the run's connections: --threads when the driver
 * waits through the host (DBA_CAP_HOST_WAIT), else one per connection (and a
 * note on stderr when --threads asked for fewer).
 */
int wthreads_count(const wl_run *r);
/*
 * Starts nth threads over the workers; returns how many workers have a
 * thread (all of them; fewer, with the run stopped, when one could not start).
 */
int wthreads_start(wl_run *r, int nth);
/* Joins the threads until the wall-clock deadline dl; 1 when all ended. */
int wthreads_join(wl_run *r, const struct timespec *dl);
void wthreads_free(wl_run *r);

#endif
