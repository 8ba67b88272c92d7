/* Results JSON v1 for workload and bench results (wl_results.c): the hooks report.c and engine.c call. */
#ifndef DBARENA_WL_RESULTS_H
#define DBARENA_WL_RESULTS_H

#include "../workload/runstate.h"
#include "results.h"

/* Adds schema_version, kind, metadata, histograms and per-interval histograms to a workload result. */
/* The "worker" object of worker I of N's results (dist_results.c). */
json_t *results_worker_json(const wl_run *r);
void results_workload_extend(json_t *root, const wl_run *r, const totals *tot, double secs);
/* Keeps an interval's histograms (compact) with its point. */
void results_point_hists(point *p, const hist *sched, const hist *svc, double secs);
/* Frees what results_point_hists kept. */
void results_series_free(totals *tot);

#endif
