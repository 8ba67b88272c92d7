/*
 * The workers' threads.  By default each connection has its own thread.
 * With --threads T (fewer than the connections) and a driver that waits for
 * the server through the host table, T threads each run every T-th worker
 * cooperatively (coro.c): while one connection waits for its answer the
 * thread runs the others, as pgbench -j does, instead of sleeping once per
 * statement and waking the kernel's scheduler for each.
 */
#include <stdio.h>
#include <stdlib.h>

#include "../coro.h"
#include "worker.h"
#include "wthreads.h"

typedef struct wgroup {
	wl_run *r;
	int first, step;     /* workers first, first + step, ... */
} wgroup;

int wthreads_count(const wl_run *r)
{
	const wl_cfg *c = r->c;

	if (c->threads <= 0 || c->threads >= c->connections)
		return c->connections;
	if (r->t->drv->d->caps & DBA_CAP_HOST_WAIT)
		return c->threads;
	if (!c->quiet)
		fprintf(stderr, "note: the %s driver waits for the server inside its own calls: one thread per "
			"connection, --threads %d not used\n", r->t->drv->d->name, c->threads);
	return c->connections;
}

static void run_worker(void *w)
{
	worker_main(w);
}

static void *group_main(void *arg)
{
	wgroup *g = arg;
	wl_run *r = g->r;
	void **ws = calloc((size_t)r->c->connections, sizeof(*ws));
	int n = 0;

	for (int i = g->first; ws && i < r->c->connections; i += g->step)
		ws[n++] = &r->w[i];
	if (!ws || coro_run(run_worker, ws, n)) {
		/* No stacks: these workers never start; the run stops and says so. */
		fprintf(stderr, "error: cannot start the workers of thread %d: out of memory\n", g->first);
		atomic_store(&r->stop, 1);
		for (int i = g->first; i < r->c->connections; i += g->step) {
			r->w[i].done = 1;
			atomic_fetch_add(&r->ndone, 1);
		}
	}
	free(ws);
	free(g);
	return NULL;
}

static void *one_main(void *w)
{
	return worker_main(w);
}

int wthreads_start(wl_run *r, int nth)
{
	int grouped = nth < r->c->connections;

	r->th = calloc((size_t)nth, sizeof(*r->th));
	if (!r->th)
		return 0;
	r->nth = 0;
	for (int i = 0; i < nth; i++) {
		wgroup *g = grouped ? malloc(sizeof(*g)) : NULL;
		int rc;

		if (grouped && !g)
			break;
		if (g)
			*g = (wgroup){ .r = r, .first = i, .step = nth };
		rc = pthread_create(&r->th[i], NULL, grouped ? group_main : one_main, grouped ? (void *)g : &r->w[i]);
		if (rc) {
			free(g);
			break;
		}
		r->nth++;
	}
	if (r->nth == nth)
		return r->c->connections;
	/* Those started stop at once; the run says it could not start its threads. */
	atomic_store(&r->stop, 1);
	{
		int n = 0;

		for (int i = 0; i < r->c->connections; i++)
			n += i % nth < r->nth;
		return n;
	}
}

int wthreads_join(wl_run *r, const struct timespec *dl)
{
	int all = 1;

	for (int i = 0; i < r->nth; i++)
		if (pthread_timedjoin_np(r->th[i], NULL, dl))
			all = 0;
	return all;
}

void wthreads_free(wl_run *r)
{
	free(r->th);
	r->th = NULL;
	r->nth = 0;
}
