/*
 * Log-linear latency histograms: 1 us to 1 h with 128 sub-buckets per power
 * of two, so any recorded value is reported within 1 % (bucket midpoints:
 * within 0.4 %).  Not thread-safe: one writer, merged by the reader under the
 * owner's lock.
 */
#ifndef DBARENA_HIST_H
#define DBARENA_HIST_H

#include <stdint.h>

#define HIST_SUB_BITS 7
#define HIST_SUB (1u << HIST_SUB_BITS)
#define HIST_MAX_US 3600000000ULL /* larger values are clamped to 1 h */
#define HIST_NB (HIST_SUB + 26 * HIST_SUB)

typedef struct hist {
	uint64_t count;
	uint64_t sum;   /* microseconds */
	uint64_t min, max;
	uint64_t b[HIST_NB];
} hist;

void hist_reset(hist *h);
void hist_record(hist *h, uint64_t us);
void hist_merge(hist *dst, const hist *src);
/* Value at percentile p (0..100), microseconds; 0 for an empty histogram. */
double hist_percentile(const hist *h, double p);
double hist_mean(const hist *h);

#endif
