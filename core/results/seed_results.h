/* Results JSON v1 for seed results (seed_results.c). */
#ifndef DBARENA_SEED_RESULTS_H
#define DBARENA_SEED_RESULTS_H

#include "../seed/seed.h"
#include "results.h"

/* Adds schema_version, kind, metadata (server settings read on c) and per-table bytes to a seed result. */
void results_seed_extend(json_t *root, const seed_cfg *cfg, const seed_opts *o, target *t, dba_conn *c,
			 double start);

#endif
