/*
 * Cooperative threads (core/coro): several functions on one thread take
 * turns while they wait for descriptors and times; outside coro_run the
 * waits are plain poll and sleep.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "coro.h"

static int64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* A ping-pong over two pipes: each side waits for the other's byte, n times. */
typedef struct side {
	int in, out, n, got;
	char log[64];
	char tag;
	size_t *pos;
	char *shared;
} side;

static void pong(void *arg)
{
	side *s = arg;
	char ch = 0;

	for (int i = 0; i < s->n; i++) {
		if (s->tag == 'a' && write(s->out, "x", 1) != 1)
			return;
		cr_assert_eq(coro_wait(s->in, POLLIN, 5000) & POLLIN, POLLIN);
		cr_assert_eq(read(s->in, &ch, 1), 1);
		s->got++;
		s->shared[(*s->pos)++] = s->tag;
		if (s->tag == 'b' && write(s->out, "y", 1) != 1)
			return;
	}
}

Test(coro, two_functions_take_turns_on_one_thread)
{
	int ab[2], ba[2];
	char shared[64] = { 0 };
	size_t pos = 0;
	side a, b;
	void *args[2] = { &a, &b };

	cr_assert_eq(pipe(ab), 0);
	cr_assert_eq(pipe(ba), 0);
	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	a = (side){ .in = ba[0], .out = ab[1], .n = 5, .tag = 'a', .pos = &pos, .shared = shared };
	b = (side){ .in = ab[0], .out = ba[1], .n = 5, .tag = 'b', .pos = &pos, .shared = shared };
	cr_assert_eq(coro_run(pong, args, 2), 0);
	cr_assert_eq(a.got, 5);
	cr_assert_eq(b.got, 5);
	cr_assert_str_eq(shared, "bababababa", "turns: %s", shared);
	cr_assert_eq(coro_active(), 0);
}

typedef struct sleeper {
	int64_t until, woke;
	int order, *next;
} sleeper;

static void nap(void *arg)
{
	sleeper *s = arg;

	cr_assert_eq(coro_active(), 1);
	cr_assert_eq(coro_sleep_until(s->until), 1);
	s->woke = mono_ns();
	s->order = (*s->next)++;
}

Test(coro, sleepers_wake_on_time_and_in_order)
{
	int64_t t0 = mono_ns();
	int next = 0;
	sleeper s[3] = {
		{ .until = t0 + 60000000LL, .next = &next },
		{ .until = t0 + 20000000LL, .next = &next },
		{ .until = t0 + 40000000LL, .next = &next },
	};
	void *args[3] = { &s[0], &s[1], &s[2] };

	cr_assert_eq(coro_run(nap, args, 3), 0);
	cr_assert_eq(s[1].order, 0);
	cr_assert_eq(s[2].order, 1);
	cr_assert_eq(s[0].order, 2);
	for (int i = 0; i < 3; i++) {
		cr_assert_geq(s[i].woke, s[i].until);
		cr_assert_lt(s[i].woke - s[i].until, 30000000LL, "woke %lld ns late", (long long)(s[i].woke - s[i].until));
	}
	/* Together they took as long as the longest, not the sum. */
	cr_assert_lt(mono_ns() - t0, 110000000LL);
}

static void timeout_wait(void *arg)
{
	int *fd = arg;
	int64_t t0 = mono_ns();

	cr_assert_eq(coro_wait(*fd, POLLIN, 30), 0, "nothing to read: a timeout");
	cr_assert_geq(mono_ns() - t0, 30000000LL);
}

Test(coro, a_wait_times_out_and_outside_it_is_poll)
{
	int p[2];
	void *args[1];

	cr_assert_eq(pipe(p), 0);
	args[0] = &p[0];
	cr_assert_eq(coro_run(timeout_wait, args, 1), 0);
	cr_assert_eq(coro_active(), 0);
	cr_assert_eq(coro_sleep_until(mono_ns() + 1000), 0, "outside: nothing done");
	cr_assert_eq(coro_wait(p[0], POLLIN, 10), 0);
	cr_assert_eq(write(p[1], "z", 1), 1);
	cr_assert_eq(coro_wait(p[0], POLLIN, 10) & POLLIN, POLLIN);
	errno = 0;
	cr_assert_eq(coro_wait(-1, POLLIN, -1), -1, "a closed connection's socket: no wait forever");
	cr_assert_eq(errno, EBADF);
}

/* Deep frames on a worker's stack: what a driver call with error texts needs. */
static void deep(void *arg)
{
	volatile char buf[200 * 1024];
	int *ok = arg;

	memset((char *)buf, 7, sizeof(buf));
	cr_assert_eq(coro_sleep_until(mono_ns() + 1000000LL), 1);
	*ok = buf[sizeof(buf) - 1] == 7 && buf[0] == 7;
}

Test(coro, a_worker_has_room_for_deep_frames)
{
	int ok[4] = { 0 };
	void *args[4] = { &ok[0], &ok[1], &ok[2], &ok[3] };

	cr_assert_eq(coro_run(deep, args, 4), 0);
	for (int i = 0; i < 4; i++)
		cr_assert_eq(ok[i], 1);
}
