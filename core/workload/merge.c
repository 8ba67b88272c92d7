/*
 * Merging the workers' statistics: each worker records into its own
 * interval histograms under its lock; the engine's thread moves them into
 * the run totals once a second and at the end.
 */
#include <string.h>

#include "merge.h"

/* Moves every worker's interval stats into tot->tick and the run totals. */
void merge_collect(wl_run *r, totals *tot)
{
	for (unsigned k = 0; k < r->nkinds; k++)
		memset(&tot->tick[k], 0, sizeof(kstats));
	tot->reconnects = 0;
	hist_reset(&tot->lag_tick);
	for (int i = 0; i < r->c->connections; i++) {
		worker *w = &r->w[i];

		pthread_mutex_lock(&w->mu);
		for (unsigned k = 0; k < r->nkinds; k++) {
			kstats *a = &w->k[k], *b = &tot->tick[k];

			hist_merge(&b->sched, &a->sched);
			hist_merge(&b->svc, &a->svc);
			b->ok += a->ok;
			b->fail += a->fail;
			b->skip += a->skip;
			if (a->sched.count || a->ok || a->fail || a->skip)
				memset(a, 0, sizeof(*a));
		}
		for (int c = 0; c < NCLASS; c++) {
			esample *a = &w->err[c], *b = &tot->err[c];

			if (!a->n)
				continue;
			if (!b->n)
				*b = *a, b->n = 0;
			b->n += a->n;
			a->n = 0;
		}
		tot->reconnects += w->reconnects;
		if (w->lag.count) {
			hist_merge(&tot->lag_tick, &w->lag);
			hist_reset(&w->lag);
		}
		pthread_mutex_unlock(&w->mu);
	}
	hist_merge(&tot->lag, &tot->lag_tick);
	for (unsigned k = 0; k < r->nkinds; k++) {
		kstats *a = &tot->tick[k], *b = &tot->k[k];

		hist_merge(&b->sched, &a->sched);
		hist_merge(&b->svc, &a->svc);
		b->ok += a->ok;
		b->fail += a->fail;
		b->skip += a->skip;
	}
}

int64_t merge_oldest_inflight(const wl_run *r)
{
	int64_t oldest = 0;

	for (int i = 0; i < r->c->connections; i++) {
		int64_t at = atomic_load(&r->w[i].inflight);

		if (at && (!oldest || at < oldest))
			oldest = at;
	}
	return oldest;
}

void merge_sum_kinds(const wl_run *r, const kstats *k, kstats *all)
{
	memset(all, 0, sizeof(*all));
	for (unsigned i = 0; i < r->nkinds; i++) {
		hist_merge(&all->sched, &k[i].sched);
		hist_merge(&all->svc, &k[i].svc);
		all->ok += k[i].ok;
		all->fail += k[i].fail;
		all->skip += k[i].skip;
	}
}
