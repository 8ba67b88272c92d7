/* Merging the workers' statistics (merge.c). */
#ifndef DBARENA_WL_MERGE_H
#define DBARENA_WL_MERGE_H

#include "runstate.h"

/* Moves every worker's interval stats into tot->tick and the run totals. */
void merge_collect(wl_run *r, totals *tot);
/* The scheduled start of the oldest slot a worker is running now; 0 when all are idle. */
int64_t merge_oldest_inflight(const wl_run *r);
/* Sums per-kind stats into one. */
void merge_sum_kinds(const wl_run *r, const kstats *k, kstats *all);

#endif
