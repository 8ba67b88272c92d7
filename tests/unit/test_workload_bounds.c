/*
 * Workload bounds that hold over hours and outages: key pools keep a fixed
 * sample (core/workload/pool.c), the reconnect backoff stays low and
 * jittered, and a RESOURCE error never reopens a session (worker.c).
 */
#include <criterion/criterion.h>
#include <stdio.h>

#include "workload/run.h"
#include "workload/worker.h"
#include "workload/wthreads.h"

Test(pool, keeps_at_most_a_fixed_sample)
{
	pool p;
	char buf[32];
	int recent = 0;
	rng r;

	pool_init(&p, 1);
	for (int i = 0; i < 5 * WL_POOL_MAX; i++) {
		snprintf(buf, sizeof(buf), "%d", i);
		pool_add(&p, buf);
	}
	cr_assert_eq(p.n, WL_POOL_MAX, "the pool holds %zu keys after %d inserts", p.n, 5 * WL_POOL_MAX);
	/* The sample favours recent keys: most picks are from the last fifth. */
	rng_seed(&r, 7);
	for (int i = 0; i < 1000; i++) {
		cr_assert_eq(pool_pick(&p, &r, buf, sizeof(buf), 0), 0);
		recent += atoi(buf) >= 4 * WL_POOL_MAX;
	}
	cr_assert_gt(recent, 500, "%d of 1000 picks among the last %d keys", recent, WL_POOL_MAX);
	pool_free(&p);
}

Test(pool, a_key_pushed_out_leaves_the_known_set)
{
	pool p;
	kset *k = kset_new();
	char buf[32];
	int known = 0;

	pool_init(&p, 0);
	p.forget = k;
	for (int i = 0; i < WL_POOL_MAX + 1000; i++) {
		snprintf(buf, sizeof(buf), "%d\x1f%d", i, i);
		pool_add(&p, buf);
		kset_add(k, buf);
	}
	for (int i = 0; i < WL_POOL_MAX + 1000; i++) {
		snprintf(buf, sizeof(buf), "%d\x1f%d", i, i);
		known += kset_has(k, buf);
	}
	cr_assert_eq(known, WL_POOL_MAX, "%d keys known, %d pooled", known, WL_POOL_MAX);
	pool_free(&p);
	kset_free(k);
}

Test(reconnect, backoff_is_jittered_and_capped_low)
{
	int64_t lo = INT64_MAX, hi = 0;

	for (int attempt = 0; attempt < 40; attempt++)
		for (uint64_t rnd = 0; rnd < 2000; rnd += 7) {
			int64_t w = worker_backoff_ns(attempt, rnd * 0x9e3779b97f4a7c15ULL);

			cr_assert_leq(w, WORKER_BACKOFF_MAX_NS, "attempt %d waits %lld ns", attempt, (long long)w);
			cr_assert_geq(w, WORKER_BACKOFF_MIN_NS / 2);
			if (attempt > 10) {
				lo = w < lo ? w : lo;
				hi = w > hi ? w : hi;
			}
		}
	cr_assert_leq(WORKER_BACKOFF_MAX_NS, 500000000LL, "sessions must be back within ~0.5 s");
	cr_assert_gt(hi - lo, WORKER_BACKOFF_MAX_NS / 4, "no jitter: waits from %lld to %lld ns", (long long)lo,
		     (long long)hi);
}

Test(reconnect, only_a_lost_session_is_reopened)
{
	cr_assert(worker_reconnects_after(DBA_ERR_CONNECTION, 0));
	cr_assert(worker_reconnects_after(DBA_ERR_CONNECTION, 1), "a lost connection is lost whatever the driver says");
	cr_assert(worker_reconnects_after(DBA_ERR_TIMEOUT, 0), "the client gave up on the session");
	cr_assert_not(worker_reconnects_after(DBA_ERR_TIMEOUT, 1), "the server enforced the timeout and answered");
	cr_assert_not(worker_reconnects_after(9, 0), "DBA_ERR_RESOURCE must not reopen sessions");
	cr_assert_not(worker_reconnects_after(DBA_ERR_DEADLOCK, 0));
	cr_assert_not(worker_reconnects_after(DBA_ERR_SYNTAX, 0));
}

/* --threads: kept for a driver that waits through the host, one per connection otherwise. */
Test(wthreads, shared_only_where_the_driver_waits_through_the_host)
{
	dba_plugin d = { .name = "fx", .caps = DBA_CAP_HOST_WAIT };
	plugin p = { .d = &d };
	target t = { .drv = &p };
	wl_cfg c = { .connections = 8, .threads = 2, .quiet = 1 };
	wl_run r = { .c = &c, .t = &t };

	cr_assert_eq(wthreads_count(&r), 2);
	c.threads = 0;
	cr_assert_eq(wthreads_count(&r), 8, "default: one per connection");
	c.threads = 12;
	cr_assert_eq(wthreads_count(&r), 8, "never more threads than connections");
	c.threads = 2;
	d.caps = 0;
	cr_assert_eq(wthreads_count(&r), 8, "a driver that blocks in its own calls");
}
