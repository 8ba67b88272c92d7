/*
 * The workload schedule: an open-loop arrival process (fixed-rate or
 * poisson slots) shared by the workers through a counter, and the clocks.
 */
#include <errno.h>
#include <math.h>
#include <time.h>

#include "../coro.h"
#include "../sig.h"
#include "phase.h"
#include "sched.h"

int64_t sched_mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int64_t sched_real_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

void sched_sleep_until(int64_t ns)
{
	struct timespec ts = { (time_t)(ns / 1000000000LL), (long)(ns % 1000000000LL) };

	if (coro_sleep_until(ns))
		return; /* the thread's other workers run meanwhile */
	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
		if (sig_stop)
			return;
}

uint64_t sched_mine(const wl_run *r, uint64_t j, uint64_t lo, uint64_t hi, uint64_t *first)
{
	uint64_t n = sched_dn(r), g = sched_global(r, j);

	if (lo < g)
		lo = g;
	g = lo + (sched_global(r, 0) + n - lo % n) % n;
	if (first)
		*first = g;
	return g < hi ? (hi - 1 - g) / n + 1 : 0;
}

/* A poisson schedule's own count of --transactions. */
static uint64_t own_limit(const wl_run *r)
{
	return r->c->transactions ? sched_mine(r, 0, 0, r->c->transactions, NULL) : 0;
}

/*
 * The next slot's scheduled start; 0 when the run is over.  A --duration
 * run ends at its end even when it fell behind: slots still due then are
 * left to sched_count(), never started late past the end.
 */
int64_t sched_take_slot(wl_run *r)
{
	int64_t at;
	uint64_t i;

	if (sig_stop || atomic_load(&r->stop))
		return 0;
	if (r->end && sched_mono_ns() >= r->end)
		return 0;
	if (r->ph)
		return phase_take_slot(r);
	if (!r->c->poisson || r->c->tps <= 0) {
		/* Uniform and closed loop: slot i needs nothing but i. */
		i = sched_global(r, atomic_fetch_add(&r->next_slot, 1));
		if (r->c->transactions && i >= r->c->transactions)
			return 0;
		if (r->c->tps <= 0) {
			at = sched_mono_ns();
			if (at < r->t0)
				at = r->t0;
		} else {
			at = r->t0 + (int64_t)((double)i * 1e9 / r->c->tps);
		}
		return r->end && at >= r->end ? 0 : at;
	}
	/* Poisson: cumulative exponential gaps, one after the other. */
	pthread_mutex_lock(&r->sched_mu);
	i = atomic_load(&r->next_slot);
	if (r->c->transactions && i >= own_limit(r)) {
		pthread_mutex_unlock(&r->sched_mu);
		return 0;
	}
	at = r->t0 + (int64_t)(r->next_off * 1e9);
	if (r->end && at >= r->end) {
		pthread_mutex_unlock(&r->sched_mu);
		return 0;
	}
	r->next_off += -log(1.0 - rng_double(&r->arrival)) * (double)sched_dn(r) / r->c->tps;
	atomic_store(&r->next_slot, i + 1);
	pthread_mutex_unlock(&r->sched_mu);
	return at;
}

/* Uniform schedule: the scheduled start of slot i, as sched_take_slot() computes it. */
static int64_t uniform_at(const wl_run *r, uint64_t i)
{
	return r->t0 + (int64_t)((double)i * 1e9 / r->c->tps);
}

/* Uniform schedule: the first slot starting at or after ns. */
static uint64_t uniform_first_at(const wl_run *r, int64_t ns)
{
	uint64_t i;

	if (ns <= r->t0)
		return 0;
	i = (uint64_t)((double)(ns - r->t0) * r->c->tps / 1e9);
	while (i > 0 && uniform_at(r, i - 1) >= ns)
		i--;
	while (uniform_at(r, i) < ns)
		i++;
	return i;
}

/*
 * Slots no worker has taken yet that are scheduled in [from, until): the
 * backlog.  *oldest (optional) = the first such slot's start, 0 when none.
 * Reads the schedule without moving it (poisson: continues a copy).
 */
uint64_t sched_count(wl_run *r, int64_t from, int64_t until, int64_t *oldest)
{
	uint64_t n = 0;

	if (oldest)
		*oldest = 0;
	if (r->c->tps <= 0)
		return 0;
	if (r->end && until > r->end)
		until = r->end;
	if (r->ph)
		return phase_count(r, from, until, oldest);
	if (!r->c->poisson) {
		uint64_t lo = uniform_first_at(r, from), hi = uniform_first_at(r, until);

		if (r->c->transactions && hi > r->c->transactions)
			hi = r->c->transactions;
		if (!(n = sched_mine(r, atomic_load(&r->next_slot), lo, hi, &lo)))
			return 0;
		if (oldest)
			*oldest = uniform_at(r, lo);
		return n;
	}
	pthread_mutex_lock(&r->sched_mu);
	{
		rng g = r->arrival;
		double off = r->next_off;
		uint64_t i = atomic_load(&r->next_slot), lim = own_limit(r);

		for (int64_t at = r->t0 + (int64_t)(off * 1e9); at < until; at = r->t0 + (int64_t)(off * 1e9)) {
			if (lim && i++ >= lim)
				break;
			if (at >= from) {
				if (!n++ && oldest)
					*oldest = at;
			}
			off += -log(1.0 - rng_double(&g)) * (double)sched_dn(r) / r->c->tps;
		}
	}
	pthread_mutex_unlock(&r->sched_mu);
	return n;
}

/*
 * The slots of this worker's schedule in the measured run ([warm_end, end),
 * or its part of --transactions); 0 when not known beforehand (phases,
 * poisson arrivals over a duration, a closed loop).
 */
uint64_t sched_planned(const wl_run *r)
{
	if (r->c->transactions)
		return sched_mine(r, 0, 0, r->c->transactions, NULL);
	if (r->ph || r->c->poisson || r->c->tps <= 0 || !r->end)
		return 0;
	return sched_mine(r, 0, uniform_first_at(r, r->warm_end), uniform_first_at(r, r->end), NULL);
}
