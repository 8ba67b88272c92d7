/*
 * Results files (core/results): histograms survive JSON exactly, and a merge
 * of two halves of a run has the whole run's counts and, from the merged
 * histograms, its percentiles within the histogram's 1 %.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "results/load.h"
#include "workload/merge.h"

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static uint64_t sample(unsigned *st)
{
	/* a long-tailed latency: 100 us .. ~2 s */
	double u = (double)rand_r(st) / RAND_MAX;

	return (uint64_t)(100 + 50.0 * pow(1.0 / (1.0 - 0.9999 * u), 1.4));
}

Test(results, histogram_json_round_trip_is_exact)
{
	static hist h, back;
	unsigned st = 1;
	json_t *j;

	hist_reset(&h);
	hist_reset(&back);
	for (int i = 0; i < 50000; i++)
		hist_record(&h, sample(&st));
	j = results_hist_json(&h);
	cr_assert_eq(results_hist_read(j, &back), 0);
	cr_assert_eq(memcmp(&h, &back, sizeof(h)), 0, "histogram changed through JSON");
	json_decref(j);
	j = json_loads("{\"count\":2,\"sum_us\":3,\"min_us\":1,\"max_us\":2,\"buckets\":[[1,1]]}", 0, NULL);
	cr_assert_eq(results_hist_read(j, &back), -1, "bucket counts that do not add up are refused");
	json_decref(j);
}

/* A workload result of n samples starting at start (seconds since the epoch), written to path. */
static void write_result(const char *path, const uint64_t *v, size_t n, double start, uint64_t fails)
{
	static const char *const ops[] = { "select", "insert", "update", "delete" };
	static hist h, iv[3];
	json_t *root = json_object(), *o = json_object(), *ho = json_object(), *meta = json_object(),
	       *cfg = json_object(), *hs = json_object(), *ints = json_array();

	hist_reset(&h);
	for (int i = 0; i < 3; i++)
		hist_reset(&iv[i]);
	for (size_t i = 0; i < n; i++) {
		hist_record(&h, v[i]);
		hist_record(&iv[i * 3 / n], v[i]);
	}
	for (int k = 0; k < 4; k++) {
		json_t *x = json_object(), *y = json_object();
		static hist empty;

		json_object_set_new(x, "successful", json_integer(k ? 0 : (json_int_t)(n - fails)));
		json_object_set_new(x, "failed", json_integer(k ? 0 : (json_int_t)fails));
		json_object_set_new(x, "skipped", json_integer(0));
		json_object_set_new(o, ops[k], x);
		json_object_set_new(y, "scheduled", results_hist_json(k ? &empty : &h));
		json_object_set_new(y, "service", results_hist_json(k ? &empty : &h));
		json_object_set_new(ho, ops[k], y);
	}
	for (int i = 0; i < 3; i++) {
		json_t *p = json_object();

		json_object_set_new(p, "t", json_real(i + 1));
		json_object_set_new(p, "successful", json_integer((json_int_t)iv[i].count));
		json_object_set_new(p, "failed", json_integer(0));
		json_object_set_new(p, "seconds", json_real(1));
		json_object_set_new(p, "histogram_scheduled", results_hist_json(&iv[i]));
		json_object_set_new(p, "histogram_service", results_hist_json(&iv[i]));
		json_array_append_new(ints, p);
	}
	json_object_set_new(hs, "operations", ho);
	json_object_set_new(hs, "schedule_lag", results_hist_json(&h));
	json_object_set_new(cfg, "interval_seconds", json_real(1));
	json_object_set_new(meta, "config", cfg);
	json_object_set_new(meta, "start_unix", json_real(start));
	json_object_set_new(meta, "end_unix", json_real(start + 3));
	json_object_set_new(root, "schema_version", json_integer(1));
	json_object_set_new(root, "kind", json_string("workload"));
	json_object_set_new(root, "metadata", meta);
	json_object_set_new(root, "duration_seconds", json_real(3));
	json_object_set_new(root, "operations", o);
	json_object_set_new(root, "histograms", hs);
	json_object_set_new(root, "intervals", ints);
	json_object_set_new(root, "errors", json_array());
	cr_assert_eq(json_dump_file(root, path, JSON_PRESERVE_ORDER), 0);
	json_decref(root);
}

Test(results, merge_of_two_halves_is_the_whole_run)
{
	enum { N = 40000 };
	static uint64_t all[N];
	char a[] = "/tmp/res_a_XXXXXX", b[] = "/tmp/res_b_XXXXXX";
	static rfile in[2], out;
	unsigned st = 7;
	kstats sum;
	err e;

	for (size_t i = 0; i < N; i++)
		all[i] = sample(&st);
	close(mkstemp(a));
	close(mkstemp(b));
	/* two concurrent halves: samples alternate between them */
	{
		static uint64_t h1[N / 2], h2[N / 2];

		for (size_t i = 0; i < N; i++)
			(i % 2 ? h2 : h1)[i / 2] = all[i];
		write_result(a, h1, N / 2, 1000.0, 3);
		write_result(b, h2, N / 2, 1000.2, 4);
	}
	cr_assert_eq(results_load(a, &in[0], &e), 0, "%s", e.msg);
	cr_assert_eq(results_load(b, &in[1], &e), 0, "%s", e.msg);
	cr_assert_eq(results_merge(in, 2, &out, &e), 0, "%s", e.msg);
	merge_sum_kinds(&out.r, out.tot.k, &sum);
	cr_assert_eq(sum.ok + sum.fail, N);
	cr_assert_eq(sum.fail, 7);
	cr_assert_eq(out.tot.nseries, 3, "intervals 0.2 s apart align on one grid");
	cr_assert_eq(out.tot.series[0].done + out.tot.series[1].done + out.tot.series[2].done, N);
	cr_assert(fabs(out.secs - 3.2) < 1e-9, "the merge spans first start to last end");
	qsort(all, N, sizeof(*all), cmp_u64);
	for (double p = 1; p < 100; p += p < 90 ? 7 : 0.9) {
		double exact = (double)all[(size_t)(p / 100.0 * N)], got = hist_percentile(&sum.sched, p);

		cr_assert(fabs(got - exact) <= 0.01 * exact, "p%g: merged %f, whole run %f", p, got, exact);
	}
	cr_assert_eq(sum.sched.max, all[N - 1]);
	cr_assert_eq(sum.sched.min, all[0]);
	results_unload(&in[0]);
	results_unload(&in[1]);
	results_unload(&out);
	unlink(a);
	unlink(b);
}

Test(results, files_that_are_not_results_are_usage_errors)
{
	char p[] = "/tmp/res_bad_XXXXXX";
	int fd = mkstemp(p);
	static rfile f;
	err e;

	cr_assert(write(fd, "{\"total\": 1}", 12) == 12);
	close(fd);
	cr_assert_eq(results_load(p, &f, &e), -1);
	cr_assert_eq(e.code, EXIT_USAGE);
	cr_assert(strstr(e.msg, p), "the message names the file: %s", e.msg);
	results_unload(&f);
	unlink(p);
}
