/* The workload schedule and clocks (sched.c). */
#ifndef DBARENA_WL_SCHED_H
#define DBARENA_WL_SCHED_H

#include "runstate.h"

/* CLOCK_MONOTONIC in nanoseconds. */
int64_t sched_mono_ns(void);
/* CLOCK_REALTIME in microseconds. */
int64_t sched_real_us(void);
/* Sleeps until CLOCK_MONOTONIC ns; returns early on an interrupt. */
void sched_sleep_until(int64_t ns);
/* The next slot's scheduled start; 0 when the run is over. */
int64_t sched_take_slot(wl_run *r);
/*
 * The backlog: slots scheduled in [from, until) (clipped to the end) that no
 * worker has taken; *oldest (may be NULL) = the first one's start, or 0.
 */
uint64_t sched_count(wl_run *r, int64_t from, int64_t until, int64_t *oldest);

/*
 * Distributed runs (docs/distributed.md): worker I of N takes the slots
 * g = j * N + I of the one schedule a single process would follow (uniform
 * arrivals), or a poisson process of rate / N with its own stream (poisson:
 * N of them together are the poisson process of the whole rate).
 */
static inline uint64_t sched_dn(const wl_run *r)
{
	return r->c->dist.count > 1 ? r->c->dist.count : 1;
}

/* The schedule's slot of this worker's j-th one. */
static inline uint64_t sched_global(const wl_run *r, uint64_t j)
{
	return j * sched_dn(r) + (sched_dn(r) > 1 ? r->c->dist.index : 0);
}

/*
 * This worker's slots among the schedule's [lo, hi), from its own slot j on;
 * *first (may be NULL) = the first of them in the schedule.
 */
uint64_t sched_mine(const wl_run *r, uint64_t j, uint64_t lo, uint64_t hi, uint64_t *first);
/* This worker's slots in the measured run; 0 when not known beforehand (phases, poisson, closed loop). */
uint64_t sched_planned(const wl_run *r);

#endif
