/*
 * Latency histograms (core/workload/hist): the 1 % error bound over the whole
 * 1 us .. 1 h range, percentiles against exact ones, and merging.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>

#include "workload/hist.h"

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

Test(hist, every_value_within_one_percent)
{
	static hist h;

	for (uint64_t v = 1; v <= HIST_MAX_US; v = v < 1000 ? v + 1 : v + v / 997) {
		double got;

		hist_reset(&h);
		hist_record(&h, v);
		hist_record(&h, v); /* two samples: the percentile comes from the bucket, not max */
		hist_record(&h, HIST_MAX_US);
		got = hist_percentile(&h, 50);
		cr_assert(fabs(got - (double)v) <= 0.01 * (double)v, "value %llu reported as %f",
			  (unsigned long long)v, got);
	}
}

Test(hist, percentiles_match_exact_ones)
{
	static hist h;
	enum { N = 100000 };
	uint64_t *v = malloc(N * sizeof(*v));
	const double ps[] = { 50, 90, 95, 99, 99.9 };
	uint64_t seed = 7;

	hist_reset(&h);
	for (int i = 0; i < N; i++) {
		seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
		/* log-uniform from 10 us to ~10 s */
		v[i] = (uint64_t)(10.0 * pow(10.0, 6.0 * (double)(seed >> 11) / 9007199254740992.0));
		hist_record(&h, v[i]);
	}
	qsort(v, N, sizeof(*v), cmp_u64);
	for (unsigned k = 0; k < sizeof(ps) / sizeof(ps[0]); k++) {
		double exact = (double)v[(size_t)(ps[k] / 100 * N)], got = hist_percentile(&h, ps[k]);

		cr_assert(fabs(got - exact) <= 0.01 * exact + 1, "p%g: %f, exact %f", ps[k], got, exact);
	}
	cr_assert_eq(h.count, N);
	cr_assert_eq(h.max, v[N - 1]);
	cr_assert_eq(h.min, v[0]);
	cr_assert_eq(hist_percentile(&h, 100), (double)v[N - 1]);
	free(v);
}

Test(hist, merge_equals_recording_into_one)
{
	static hist a, b, all;

	hist_reset(&a);
	hist_reset(&b);
	hist_reset(&all);
	for (uint64_t i = 1; i <= 5000; i++) {
		hist_record(i % 3 ? &a : &b, i * 37);
		hist_record(&all, i * 37);
	}
	hist_merge(&a, &b);
	cr_assert_eq(a.count, all.count);
	cr_assert_eq(a.sum, all.sum);
	cr_assert_eq(a.min, all.min);
	cr_assert_eq(a.max, all.max);
	for (double p = 1; p < 100; p += 7.5)
		cr_assert_eq(hist_percentile(&a, p), hist_percentile(&all, p), "p%g", p);
	cr_assert_float_eq(hist_mean(&a), 37.0 * 2500.5, 1e-6);
}

Test(hist, empty_and_clamped)
{
	static hist h;

	hist_reset(&h);
	cr_assert_eq(hist_percentile(&h, 99), 0);
	cr_assert_eq(hist_mean(&h), 0);
	hist_record(&h, 0);
	hist_record(&h, 10ULL * HIST_MAX_US);
	cr_assert_eq(h.max, HIST_MAX_US, "values past 1 h are clamped");
	cr_assert_eq(hist_percentile(&h, 0), 0);
}
