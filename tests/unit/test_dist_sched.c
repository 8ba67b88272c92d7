/* The schedule of worker I of N: the N schedules interleave into the one a single process follows. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "../../core/workload/phase.h"
#include "../../core/workload/sched.h"

#define MAXS 4000

static void setup(wl_run *r, wl_cfg *c, unsigned i, unsigned n, double tps, uint64_t tx)
{
	memset(r, 0, sizeof(*r));
	workload_cfg_defaults(c);
	c->tps = tps;
	c->transactions = tx;
	c->dist = (dist_worker){ i, n, NULL };
	r->c = c;
	static int64_t t0;

	if (!t0)
		t0 = sched_mono_ns() + 1000000000000LL; /* far ahead: the end never passes while taking */
	r->t0 = t0;
	pthread_mutex_init(&r->sched_mu, NULL);
}

/* The slots a run takes (start times, ns), at most MAXS. */
static size_t take_all(wl_run *r, int64_t *out)
{
	size_t k = 0;
	int64_t at;

	while (k < MAXS && (at = sched_take_slot(r)))
		out[k++] = at;
	return k;
}

static int cmp64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

static void interleave(double tps, uint64_t tx, int64_t end_after)
{
	static int64_t solo[MAXS], all[MAXS * 4];
	wl_run r;
	wl_cfg c;
	size_t ns, na = 0;

	setup(&r, &c, 0, 1, tps, tx);
	r.end = end_after ? r.t0 + end_after : 0;
	ns = take_all(&r, solo);
	for (unsigned i = 0; i < 3; i++) {
		setup(&r, &c, i, 3, tps, tx);
		r.end = end_after ? r.t0 + end_after : 0;
		na += take_all(&r, all + na);
	}
	qsort(all, na, sizeof(all[0]), cmp64);
	cr_assert_eq(na, ns, "tps %g tx %llu: %zu slots over 3 workers, %zu alone", tps, (unsigned long long)tx, na, ns);
	for (size_t k = 0; tps > 0 && k < ns; k++)
		cr_assert_eq(all[k], solo[k], "tps %g slot %zu", tps, k);
}

Test(dist_sched, uniform_schedules_interleave_exactly)
{
	interleave(1000, 1000, 0);
	interleave(333, 1001, 0);
	interleave(100, 0, 2000000000LL); /* 2 s at 100 tps */
	interleave(0, 1000, 0);           /* closed loop: the transactions split */
}

Test(dist_sched, own_slots_and_planned_counts)
{
	wl_run r;
	wl_cfg c;
	uint64_t first, sum = 0;

	for (unsigned i = 0; i < 3; i++) {
		setup(&r, &c, i, 3, 600, 0);
		r.warm_end = r.t0;
		r.end = r.t0 + 10000000000LL; /* 10 s at 600 tps: 6000, 2000 each */
		cr_assert_eq(sched_planned(&r), 2000);
		sum += sched_planned(&r);
		cr_assert_eq(sched_mine(&r, 0, 10, 20, &first), i == 1 ? 4 : 3);
		cr_assert_eq(first % 3, i);
		cr_assert(first >= 10 && first < 13);
	}
	cr_assert_eq(sum, 6000);
}

Test(dist_sched, poisson_share_of_the_rate)
{
	wl_run r;
	wl_cfg c;
	size_t n = 0;
	static int64_t at[MAXS];

	/* 3 workers at 1200 tps over 2 s: each a poisson process of 400 tps, about 800 arrivals */
	setup(&r, &c, 1, 3, 1200, 0);
	c.poisson = 1;
	rng_seed(&r.arrival, 7);
	r.end = r.t0 + 2000000000LL;
	n = take_all(&r, at);
	cr_assert(n > 700 && n < 900, "%zu arrivals", n);
}
