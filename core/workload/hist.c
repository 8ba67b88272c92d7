/* Log-linear histograms (see hist.h). */
#include <string.h>

#include "hist.h"

static unsigned bucket_of(uint64_t v)
{
	unsigned e;

	if (v < HIST_SUB)
		return (unsigned)v;
	e = 63u - (unsigned)__builtin_clzll(v); /* >= HIST_SUB_BITS */
	return HIST_SUB + (e - HIST_SUB_BITS) * HIST_SUB +
		(unsigned)((v >> (e - HIST_SUB_BITS)) - HIST_SUB);
}

/* Midpoint of bucket i. */
static double bucket_value(unsigned i)
{
	unsigned e, sub;
	double lo, w;

	if (i < HIST_SUB)
		return (double)i;
	e = (i - HIST_SUB) / HIST_SUB + HIST_SUB_BITS;
	sub = (i - HIST_SUB) % HIST_SUB;
	w = (double)(1ULL << (e - HIST_SUB_BITS));
	lo = (double)(HIST_SUB + sub) * w;
	return lo + (w - 1) / 2;
}

void hist_reset(hist *h)
{
	memset(h, 0, sizeof(*h));
}

void hist_record(hist *h, uint64_t us)
{
	if (us > HIST_MAX_US)
		us = HIST_MAX_US;
	if (!h->count || us < h->min)
		h->min = us;
	if (us > h->max)
		h->max = us;
	h->count++;
	h->sum += us;
	h->b[bucket_of(us)]++;
}

void hist_merge(hist *dst, const hist *src)
{
	if (!src->count)
		return;
	if (!dst->count || src->min < dst->min)
		dst->min = src->min;
	if (src->max > dst->max)
		dst->max = src->max;
	dst->count += src->count;
	dst->sum += src->sum;
	for (unsigned i = 0; i < HIST_NB; i++)
		dst->b[i] += src->b[i];
}

double hist_percentile(const hist *h, double p)
{
	uint64_t rank, seen = 0;
	double v;

	if (!h->count)
		return 0;
	if (p >= 100)
		return (double)h->max;
	rank = (uint64_t)(p / 100.0 * (double)h->count);
	if (rank >= h->count)
		rank = h->count - 1;
	for (unsigned i = 0; i < HIST_NB; i++) {
		seen += h->b[i];
		if (seen > rank) {
			v = bucket_value(i);
			if (v > (double)h->max)
				v = (double)h->max;
			if (v < (double)h->min)
				v = (double)h->min;
			return v;
		}
	}
	return (double)h->max;
}

double hist_mean(const hist *h)
{
	return h->count ? (double)h->sum / (double)h->count : 0;
}
