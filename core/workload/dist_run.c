/* Worker I of N in a workload or benchmark run (dist_run.h). */
#include <math.h>

#include "../dist/barrier.h"
#include "dist_run.h"
#include "sched.h"

uint64_t wl_dist_seed(const wl_cfg *c)
{
	return dist_seed(&c->dist, c->seed);
}

void wl_dist_init(wl_run *r)
{
	double gap;

	if (sched_dn(r) < 2 || !r->c->poisson || r->c->tps <= 0)
		return;
	/* N streams that all started with an arrival at 0 would put N arrivals there */
	gap = -log(1.0 - rng_double(&r->arrival)) * (double)sched_dn(r);
	r->next_off = r->ph ? gap : gap / r->c->tps;
}

/* v rounded up to the next value that is I modulo N. */
static int64_t residue_up(const wl_run *r, int64_t v)
{
	int64_t n = (int64_t)sched_dn(r), i = (int64_t)sched_global(r, 0);

	return v + ((i - v % n) % n + n) % n;
}

void wl_dist_keys(wl_run *r)
{
	if (sched_dn(r) < 2)
		return;
	for (unsigned ti = 0; ti < r->s.n; ti++) {
		wl_table *t = &r->s.t[ti];

		atomic_store(&t->rows, (unsigned long long)residue_up(r, (int64_t)atomic_load(&t->rows)));
		for (unsigned k = 0; k < t->nins; k++)
			if (t->ins[k].counter_key == 1 || t->ins[k].counter_key == 3)
				atomic_store(&t->ins[k].next, residue_up(r, atomic_load(&t->ins[k].next)));
	}
}

int wl_dist_barrier(wl_run *r, err *e)
{
	dba_conn *c = NULL;
	int rc;

	if (!r->c->barrier)
		return 0;
	if (target_connect(r->t, &c, e))
		return -1;
	rc = dist_barrier_wait(r->t, c, r->c->barrier, "start", &r->c->dist, r->c->barrier_timeout, 1, &r->dist_wait,
			       e);
	r->t->ops->disconnect(c);
	return rc;
}
