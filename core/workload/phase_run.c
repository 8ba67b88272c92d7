/*
 * Phases while a workload runs: the schedule through the integrated rate,
 * each phase's mix and connections, and its statistics.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../sig.h"
#include "phase.h"
#include "sched.h"

int phase_run_init(wl_run *r, err *e)
{
	const wl_cfg *c = r->c;
	phrun *ph;

	if (!c->nphases)
		return 0;
	if (!(ph = calloc(1, sizeof(*ph))) || !(ph->mu = calloc(c->nphases, sizeof(*ph->mu))) ||
	    !(ph->k = calloc(c->nphases, sizeof(*ph->k)))) {
		if (ph)
			free(ph->mu);
		free(ph);
		return err_set(e, EXIT_RUNTIME, "out of memory");
	}
	ph->p = c->phases;
	ph->n = c->nphases;
	for (unsigned i = 0; i < ph->n; i++)
		pthread_mutex_init(&ph->mu[i], NULL);
	ph->total = ph->p[ph->n - 1].c0 + ph->p[ph->n - 1].duration * (ph->p[ph->n - 1].from + ph->p[ph->n - 1].to) / 2;
	r->ph = ph;
	return 0;
}

void phase_run_free(wl_run *r)
{
	if (!r->ph)
		return;
	for (unsigned i = 0; i < r->ph->n; i++)
		pthread_mutex_destroy(&r->ph->mu[i]);
	free(r->ph->mu);
	free(r->ph->k);
	free(r->ph);
	r->ph = NULL;
}

/* The phase of t seconds from the start. */
static unsigned phase_of(const phrun *ph, double t)
{
	unsigned k = 0;

	while (k + 1 < ph->n && t >= ph->p[k + 1].start)
		k++;
	return k;
}

unsigned phase_at(const wl_run *r, int64_t ns)
{
	return r->ph ? phase_of(r->ph, (double)(ns - r->t0) / 1e9) : 0;
}

/* Arrivals expected by t seconds from the start: the integral of the rate. */
static double arrivals_by(const phrun *ph, double t)
{
	const wl_phase *p;
	double s;

	if (t <= 0)
		return 0;
	p = &ph->p[phase_of(ph, t)];
	s = t - p->start;
	if (s > p->duration)
		return ph->total;
	return p->c0 + p->from * s + (p->to - p->from) * s * s / (2 * p->duration);
}

/* When the arrivals reach n, seconds from the start; -1 when the run has fewer. */
static double time_of(const phrun *ph, double n)
{
	unsigned k = 0;
	const wl_phase *p;
	double m, a, slope, d, s;

	if (n >= ph->total - 1e-9)
		return -1;
	/* The last phase that starts at or before n and schedules something. */
	for (unsigned i = 0; i < ph->n; i++)
		if (ph->p[i].c0 <= n && ph->p[i].from + ph->p[i].to > 0)
			k = i;
	p = &ph->p[k];
	m = n - p->c0;
	a = p->from;
	slope = (p->to - p->from) / p->duration;
	/* s solves a s + slope s^2 / 2 = m; this form has no cancellation for either sign of slope. */
	d = a + sqrt(fmax(0, a * a + 2 * slope * m));
	s = d > 0 ? 2 * m / d : 0;
	if (s > p->duration)
		s = p->duration;
	return p->start + s;
}

static int64_t slot_at(const wl_run *r, double n)
{
	double t = time_of(r->ph, n);

	/* Rounded up: a slot at a phase boundary starts in, and belongs to, the later phase. */
	return t < 0 ? INT64_MAX : r->t0 + (int64_t)ceil(t * 1e9);
}

int64_t phase_take_slot(wl_run *r)
{
	int64_t at;
	uint64_t i;

	if (!r->c->poisson) {
		i = sched_global(r, atomic_fetch_add(&r->next_slot, 1));
		at = slot_at(r, (double)i);
		return at == INT64_MAX || (r->end && at >= r->end) ? 0 : at;
	}
	/* Poisson: exponential gaps of mean 1 in arrivals, mapped to time through the rate's integral. */
	pthread_mutex_lock(&r->sched_mu);
	at = slot_at(r, r->next_off);
	if (at == INT64_MAX || (r->end && at >= r->end)) {
		pthread_mutex_unlock(&r->sched_mu);
		return 0;
	}
	r->next_off += -log(1.0 - rng_double(&r->arrival)) * (double)sched_dn(r);
	atomic_fetch_add(&r->next_slot, 1);
	pthread_mutex_unlock(&r->sched_mu);
	return at;
}

/* Uniform: the first slot starting at or after ns. */
static uint64_t first_at(const wl_run *r, int64_t ns)
{
	double n = arrivals_by(r->ph, (double)(ns - r->t0) / 1e9);
	uint64_t i = n > 0 ? (uint64_t)n : 0;

	while (i > 0 && slot_at(r, (double)(i - 1)) >= ns)
		i--;
	while (slot_at(r, (double)i) < ns)
		i++;
	return i;
}

uint64_t phase_count(wl_run *r, int64_t from, int64_t until, int64_t *oldest)
{
	uint64_t n = 0;

	if (!r->c->poisson) {
		uint64_t lo = first_at(r, from), hi = first_at(r, until);

		if (!(n = sched_mine(r, atomic_load(&r->next_slot), lo, hi, &lo)))
			return 0;
		if (oldest)
			*oldest = slot_at(r, (double)lo);
		return n;
	}
	pthread_mutex_lock(&r->sched_mu);
	{
		rng g = r->arrival;
		double off = r->next_off;

		for (int64_t at = slot_at(r, off); at < until; at = slot_at(r, off)) {
			if (at >= from && !n++ && oldest)
				*oldest = at;
			off += -log(1.0 - rng_double(&g)) * (double)sched_dn(r);
		}
	}
	pthread_mutex_unlock(&r->sched_mu);
	return n;
}

int phase_pick(const wl_run *r, int64_t sched, double x, unsigned *kind)
{
	const wl_phase *p;
	double cum = 0, m = 0, y;

	if (!r->ph)
		return 0;
	p = &r->ph->p[phase_at(r, sched)];
	if (!p->qw)
		return 0;
	for (unsigned q = 0; q < r->c->nqueries; q++) {
		cum += p->qw[q];
		if (x < cum) {
			*kind = WL_NOPS + q;
			return 1;
		}
	}
	y = (x - cum) / (1 - cum > 1e-12 ? 1 - cum : 1);
	*kind = WL_SELECT;
	for (unsigned op = 0; op < WL_NOPS; op++) {
		m += p->mix[op];
		*kind = op;
		if (y < m)
			break;
	}
	return 1;
}

void phase_record(wl_run *r, int rc, int64_t sched, int64_t start, int64_t end)
{
	unsigned i;
	kstats *k;

	if (!r->ph)
		return;
	i = phase_at(r, sched);
	k = &r->ph->k[i];
	pthread_mutex_lock(&r->ph->mu[i]);
	if (rc == 1) {
		k->skip++;
	} else {
		if (rc == 0)
			k->ok++;
		else
			k->fail++;
		hist_record(&k->sched, (uint64_t)((end - sched) / 1000));
		hist_record(&k->svc, (uint64_t)((end - start) / 1000));
	}
	pthread_mutex_unlock(&r->ph->mu[i]);
}

void phase_park(worker *w)
{
	wl_run *r = w->r;

	while (r->ph && !sig_stop && !atomic_load(&r->stop)) {
		int64_t now = sched_mono_ns(), wake = now + 100000000LL;
		unsigned k = phase_at(r, now);

		if (w->id < r->ph->p[k].connections || (r->end && now >= r->end))
			return;
		if (k + 1 < r->ph->n) {
			int64_t next = r->t0 + (int64_t)(r->ph->p[k + 1].start * 1e9);

			if (next < wake)
				wake = next;
		}
		if (r->end && wake > r->end)
			wake = r->end;
		sched_sleep_until(wake);
	}
}
