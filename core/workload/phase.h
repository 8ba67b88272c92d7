/*
 * Phases of a workload run (phase.c, phase_report.c): [phase NAME] sections
 * or --phases, run in order, each with its own duration, rate (constant or
 * a linear ramp), connections and mix; warm-up phases lead and are left out
 * of the run's statistics.  The open-loop schedule follows the integrated
 * rate, so it stays exact across phase changes.
 */
#ifndef DBARENA_WL_PHASE_H
#define DBARENA_WL_PHASE_H

#include <stdio.h>

#include "runstate.h"

typedef struct wl_phase {
	char *name;
	int line;            /* of its [phase NAME] header; 0 from --phases */
	double duration;     /* seconds */
	double from, to;     /* target tps at its start and end (equal unless a ramp) */
	int has_rate;
	int connections;     /* 0: the workload's */
	int warmup;
	int has_ops;         /* select_weight ... set in the phase */
	double mix[WL_NOPS];
	unsigned nw;         /* weight.QUERY entries, resolved by phase_finish() */
	char **wname;
	double *wval;
	int *wline;
	double *qw;          /* resolved: every query's weight in this phase; NULL: the workload's mix */
	double start, c0;    /* seconds from the run's start; arrivals scheduled before it */
} wl_phase;

/* One entry of a [phase NAME] section (header when en->key is NULL); FILE:LINE errors, EXIT_USAGE. */
struct ini_entry;
int phase_entry(wl_cfg *c, const struct ini_entry *en, err *e);
/* --phases DUR@RATE[,...]: appends the phases; EXIT_USAGE errors. */
int phase_parse_cli(wl_cfg *c, const char *spec, err *e);
/*
 * Checks the phases against the config (after CLI overrides: rates, weights,
 * warm-up order) and sets c->warmup, c->duration, c->tps (the measured
 * phases' mean target) and c->connections (the most any phase uses).
 * Idempotent; 0 when there are no phases.
 */
int phase_finish(wl_cfg *c, err *e);
void phase_cfg_free(wl_cfg *c);

/* Run state: the schedule's integrated rate and per-phase statistics. */
typedef struct phrun {
	const wl_phase *p;
	unsigned n;
	double total;        /* arrivals in the whole run */
	pthread_mutex_t *mu; /* per phase */
	kstats *k;           /* per phase, every kind together */
} phrun;

int phase_run_init(wl_run *r, err *e);
void phase_run_free(wl_run *r);
/* The phase of CLOCK_MONOTONIC ns (the last one after the end; the first before the start). */
unsigned phase_at(const wl_run *r, int64_t ns);
/* Scheduling (sched.c calls these when r->ph is set). */
int64_t phase_take_slot(wl_run *r);
uint64_t phase_count(wl_run *r, int64_t from, int64_t until, int64_t *oldest);
/* The kind for uniform draw x of a slot scheduled at sched, when its phase has a mix of its own: 1. */
int phase_pick(const wl_run *r, int64_t sched, double x, unsigned *kind);
/* Records a transaction in its phase's statistics (by its scheduled start). */
void phase_record(wl_run *r, int rc, int64_t sched, int64_t start, int64_t end);
/* A worker beyond the current phase's connections waits here until a phase needs it (or the end). */
void phase_park(worker *w);

/* Reporting (phase_report.c). */
/* "  phase ramp (2/3) target 250" for the live view; "" without phases. */
void phase_live(const wl_run *r, int64_t now, char *buf, size_t cap);
void phase_summary(const wl_run *r, FILE *f);
/* Adds "phases" and "phase_boundaries" to root and a "phase" to each of its "intervals". */
struct json_t;
void phase_json(const wl_run *r, struct json_t *root);

#endif
