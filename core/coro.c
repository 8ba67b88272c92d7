/*
 * Cooperative threads: stacks of their own, switched by a per-thread loop that
 * polls every waiting descriptor at once and wakes sleepers on time.  This
 * is how one thread serves several connections (workload --threads) without
 * the drivers knowing: they wait in the host table's wait, which lands here.
 */
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>

#include "coro.h"

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/common_interface_defs.h>
#define FIBER_START(save, bottom, size) __sanitizer_start_switch_fiber(save, bottom, size)
#define FIBER_FINISH(save, bottom, size) __sanitizer_finish_switch_fiber(save, bottom, size)
#else
#define FIBER_START(save, bottom, size) ((void)(save), (void)(bottom), (void)(size))
#define FIBER_FINISH(save, bottom, size) ((void)(save), (void)(bottom), (void)(size))
#endif

/* Room for the deepest worker path: driver calls, error texts, formatting. */
#define CORO_STACK (512u * 1024u)

/*
 * The switch itself.  On x86-64 a few instructions save the callee-saved
 * registers and swap stack pointers; swapcontext() would also save and
 * restore the signal mask, two system calls a switch, which cost more than
 * the poll the switch saves.  Elsewhere swapcontext().
 */
#if defined(__x86_64__)
typedef struct ctx {
	void *sp;
} ctx;

/* void ctx_switch(void **save_sp, void *load_sp) */
__asm__(".text\n"
	".type dba_ctx_switch, @function\n"
	"dba_ctx_switch:\n"
	"\tpushq %rbp\n\tpushq %rbx\n\tpushq %r12\n\tpushq %r13\n\tpushq %r14\n\tpushq %r15\n"
	"\tsubq $8, %rsp\n\tstmxcsr (%rsp)\n\tfnstcw 4(%rsp)\n"
	"\tmovq %rsp, (%rdi)\n\tmovq %rsi, %rsp\n"
	"\tldmxcsr (%rsp)\n\tfldcw 4(%rsp)\n\taddq $8, %rsp\n"
	"\tpopq %r15\n\tpopq %r14\n\tpopq %r13\n\tpopq %r12\n\tpopq %rbx\n\tpopq %rbp\n"
	"\tret\n"
	".size dba_ctx_switch, .-dba_ctx_switch\n");
void dba_ctx_switch(void **save_sp, void *load_sp);

/* A new stack whose first switch "returns" into fn, which never returns. */
static void ctx_make(ctx *x, char *stack, size_t size, void (*fn)(void))
{
	uint64_t *top = (uint64_t *)(((uintptr_t)(stack + size)) & ~(uintptr_t)15);
	uint64_t *sp = top - 9;

	memset(sp, 0, 9 * sizeof(*sp));
	sp[0] = 0x1F80 | ((uint64_t)0x037F << 32); /* MXCSR and x87 control word at their defaults */
	sp[7] = (uint64_t)(uintptr_t)fn;           /* after six registers: the return address */
	/* sp[8]: a zero "return address" for fn, so it starts with the stack as a call leaves it */
	x->sp = sp;
}

static void ctx_swap(ctx *from, ctx *to)
{
	dba_ctx_switch(&from->sp, to->sp);
}
#else
typedef struct ctx {
	ucontext_t uc;
} ctx;

static void ctx_make(ctx *x, char *stack, size_t size, void (*fn)(void))
{
	getcontext(&x->uc);
	x->uc.uc_stack.ss_sp = stack;
	x->uc.uc_stack.ss_size = size;
	x->uc.uc_link = NULL;
	makecontext(&x->uc, fn, 0);
}

static void ctx_swap(ctx *from, ctx *to)
{
	swapcontext(&from->uc, &to->uc);
}
#endif

typedef struct coro {
	ctx ctx;
	char *map;           /* guard page, then the stack */
	size_t maplen;
	void *arg;
	void *fake;          /* the sanitizer's saved fake stack */
	int done, runnable, fd;
	short events, revents;
	int64_t wake;        /* CLOCK_MONOTONIC ns; 0: none */
} coro;

typedef struct group {
	ctx main;
	void (*fn)(void *);
	coro *c;
	struct pollfd *pfd;
	int *who;
	int n, cur;
	const void *main_bottom;
	size_t main_size;
} group;

static __thread group *cur_group;

static int64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void entry(void)
{
	group *g = cur_group;
	coro *c = &g->c[g->cur];

	FIBER_FINISH(NULL, &g->main_bottom, &g->main_size);
	g->fn(c->arg);
	c->done = 1;
	FIBER_START(NULL, g->main_bottom, g->main_size); /* this stack is finished */
	ctx_swap(&c->ctx, &g->main); /* never comes back */
	abort();
}

/* From a coroutine back to the loop; returns when the loop resumes it. */
static void yield(group *g, coro *c)
{
	c->runnable = 0;
	FIBER_START(&c->fake, g->main_bottom, g->main_size);
	ctx_swap(&c->ctx, &g->main);
	FIBER_FINISH(c->fake, &g->main_bottom, &g->main_size);
}

static void resume(group *g, int i)
{
	coro *c = &g->c[i];
	void *fake = NULL;

	c->runnable = 0;
	g->cur = i;
	FIBER_START(&fake, c->map + getpagesize(), c->maplen - (size_t)getpagesize());
	ctx_swap(&g->main, &c->ctx);
	FIBER_FINISH(fake, NULL, NULL);
	g->cur = -1;
}

static int stack_new(coro *c)
{
	size_t page = (size_t)getpagesize();

	c->maplen = CORO_STACK + page;
	c->map = mmap(NULL, c->maplen, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
	if (c->map == MAP_FAILED) {
		c->map = NULL;
		return -1;
	}
	mprotect(c->map, page, PROT_NONE); /* an overflow faults instead of writing over a neighbour */
	ctx_make(&c->ctx, c->map + page, CORO_STACK, entry);
	c->fd = -1;
	c->runnable = 1;
	return 0;
}

/* Nobody can run: waits for the first descriptor or time, and marks who may go on. */
static void wait_any(group *g)
{
	int64_t now = mono_ns(), first = 0;
	struct timespec ts, *tp = NULL;
	int np = 0, rc;

	for (int i = 0; i < g->n; i++) {
		coro *c = &g->c[i];

		if (c->done || c->runnable)
			continue;
		if (c->fd >= 0) {
			g->pfd[np] = (struct pollfd){ .fd = c->fd, .events = c->events };
			g->who[np++] = i;
		}
		if (c->wake && (!first || c->wake < first))
			first = c->wake;
	}
	if (first) {
		int64_t left = first > now ? first - now : 0;

		ts.tv_sec = (time_t)(left / 1000000000LL);
		ts.tv_nsec = (long)(left % 1000000000LL);
		tp = &ts;
	}
	rc = ppoll(g->pfd, (nfds_t)np, tp, NULL);
	if (rc < 0)
		return; /* EINTR: look again */
	for (int k = 0; k < np && rc > 0; k++)
		if (g->pfd[k].revents) {
			g->c[g->who[k]].revents = g->pfd[k].revents;
			g->c[g->who[k]].runnable = 1;
		}
	now = mono_ns();
	for (int i = 0; i < g->n; i++)
		if (!g->c[i].done && !g->c[i].runnable && g->c[i].wake && now >= g->c[i].wake)
			g->c[i].runnable = 1;
}

static void group_free(group *g)
{
	for (int i = 0; g->c && i < g->n; i++)
		if (g->c[i].map)
			munmap(g->c[i].map, g->c[i].maplen);
	free(g->c);
	free(g->pfd);
	free(g->who);
}

int coro_run(void (*fn)(void *), void **args, int n)
{
	group g;
	int alive = n;

	memset(&g, 0, sizeof(g));
	g.fn = fn;
	g.n = n;
	g.cur = -1;
	g.c = calloc((size_t)n, sizeof(*g.c));
	g.pfd = calloc((size_t)n, sizeof(*g.pfd));
	g.who = calloc((size_t)n, sizeof(*g.who));
	if (!g.c || !g.pfd || !g.who) {
		group_free(&g);
		errno = ENOMEM;
		return -1;
	}
	for (int i = 0; i < n; i++) {
		g.c[i].arg = args[i];
		if (stack_new(&g.c[i])) {
			int saved = errno;

			group_free(&g);
			errno = saved;
			return -1;
		}
	}
	cur_group = &g;
	while (alive > 0) {
		for (int i = 0; i < n; i++) {
			if (g.c[i].done || !g.c[i].runnable)
				continue;
			resume(&g, i);
			if (g.c[i].done)
				alive--;
		}
		if (alive > 0)
			wait_any(&g);
	}
	cur_group = NULL;
	group_free(&g);
	return 0;
}

int coro_active(void)
{
	return cur_group && cur_group->cur >= 0;
}

int32_t coro_wait(int32_t fd, int32_t events, int64_t timeout_ms)
{
	group *g = cur_group;
	coro *c;

	if (fd < 0) {
		errno = EBADF; /* poll() would ignore it and wait for the timeout, maybe forever */
		return -1;
	}
	if (!coro_active()) {
		struct pollfd p = { .fd = fd, .events = (short)events };
		int n = poll(&p, 1, timeout_ms < 0 ? -1 : timeout_ms > INT_MAX ? INT_MAX : (int)timeout_ms);

		return n > 0 ? p.revents : n;
	}
	c = &g->c[g->cur];
	c->fd = fd;
	c->events = (short)events;
	c->revents = 0;
	c->wake = timeout_ms >= 0 ? mono_ns() + timeout_ms * 1000000LL : 0;
	yield(g, c);
	c->fd = -1;
	c->wake = 0;
	return c->revents;
}

int coro_sleep_until(int64_t ns)
{
	group *g = cur_group;
	coro *c;

	if (!coro_active())
		return 0;
	c = &g->c[g->cur];
	c->fd = -1;
	c->wake = ns > 0 ? ns : 1;
	yield(g, c);
	c->wake = 0;
	return 1;
}
