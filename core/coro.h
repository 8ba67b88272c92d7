/*
 * Cooperative threads (coro.c): one OS thread runs several functions, each
 * on its own stack, switching when one waits for a descriptor or a time.
 */
#ifndef DBARENA_CORO_H
#define DBARENA_CORO_H

#include <stdint.h>

/*
 * Runs fn(args[i]) for i < n on the calling thread until every one has
 * returned; they take turns whenever one waits in coro_wait or
 * coro_sleep_until.  -1 (errno set) when the stacks cannot be had, before
 * any has run.
 */
int coro_run(void (*fn)(void *), void **args, int n);
/*
 * poll() on one descriptor (timeout_ms < 0: no limit): the ready events,
 * 0 on timeout, -1 on failure (EBADF for a negative fd).  Inside coro_run
 * the others run meanwhile.
 * This is the host table's wait.
 */
int32_t coro_wait(int32_t fd, int32_t events, int64_t timeout_ms);
/* Inside coro_run: lets the others run until CLOCK_MONOTONIC ns; 1.  Elsewhere: 0, nothing done. */
int coro_sleep_until(int64_t ns);
/* Non-zero inside coro_run. */
int coro_active(void);

#endif
