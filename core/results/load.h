/* A results file read back (load.c) into the run state report.c prints from. */
#ifndef DBARENA_RESULTS_LOAD_H
#define DBARENA_RESULTS_LOAD_H

#include "../workload/report.h"
#include "wl_results.h"

typedef struct rfile {
	const char *path;
	json_t *root;
	const char *kind;    /* "workload", "bench", "seed" (borrowed from root) */
	double start, end;   /* metadata start_unix, end_unix */
	/* workload and bench results: */
	wl_cfg c;
	wl_run r;
	totals tot;
	double secs;
	int rc;
	char *extra;         /* the bench's own summary lines; NULL */
} rfile;

/* Reads path; a file that is not results JSON v1 is EXIT_USAGE naming it. */
int results_load(const char *path, rfile *f, err *e);
void results_unload(rfile *f);
/*
 * Merges n workload or bench results into out (a fresh rfile, results_unload
 * when done): counts and histograms add, intervals align by wall time.
 */
int results_merge(rfile *in, int n, rfile *out, err *e);
/*
 * Distributed workers' files (a "worker" object): all of one N and one
 * seed, no index twice (EXIT_USAGE); missing indexes are a warning.
 */
int results_merge_workers_check(const rfile *in, int n, err *e);

#endif
