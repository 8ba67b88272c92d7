/* Worker identity: I/N parsing, the environment of the orchestrators, shares and seeds. */
#include <criterion/criterion.h>
#include <stdlib.h>

#include "../../core/dist/worker.h"

static void clear_env(void)
{
	unsetenv("JOB_COMPLETION_INDEX");
	unsetenv("DBARENA_WORKER_SLOT");
	unsetenv("DBARENA_WORKER");
}

Test(dist, parses_i_of_n_and_refuses_the_rest)
{
	dist_worker w;
	err e = { 0 };
	const char *bad[] = { "", "3", "3/3", "-1/3", "1/0", "a/3", "1/3x", "1//3", "0/5000", " 1/3" };

	cr_assert_eq(dist_worker_parse("2/3", "--worker", &w, &e), 0);
	cr_assert_eq(w.index, 2);
	cr_assert_eq(w.count, 3);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		e.code = 0;
		cr_assert_eq(dist_worker_parse(bad[i], "--worker", &w, &e), -1, "%s", bad[i]);
		cr_assert_eq(e.code, EXIT_USAGE);
	}
}

Test(dist, environment_of_kubernetes_swarm_and_plain)
{
	dist_worker w;
	err e = { 0 };

	clear_env();
	cr_assert_eq(dist_worker_resolve(NULL, 0, &w, &e), 0);
	cr_assert_eq(w.count, 1);
	cr_assert_eq(dist_worker_resolve(NULL, 4, &w, &e), -1, "--workers without an index");
	setenv("JOB_COMPLETION_INDEX", "3", 1);
	cr_assert_eq(dist_worker_resolve(NULL, 4, &w, &e), 0);
	cr_assert_eq(w.index, 3);
	setenv("JOB_COMPLETION_INDEX", "4", 1);
	cr_assert_eq(dist_worker_resolve(NULL, 4, &w, &e), -1);
	unsetenv("JOB_COMPLETION_INDEX");
	setenv("DBARENA_WORKER_SLOT", "1", 1); /* Swarm counts tasks from 1 */
	cr_assert_eq(dist_worker_resolve(NULL, 2, &w, &e), 0);
	cr_assert_eq(w.index, 0);
	setenv("DBARENA_WORKER_SLOT", "0", 1);
	cr_assert_eq(dist_worker_resolve(NULL, 2, &w, &e), -1);
	clear_env();
	setenv("DBARENA_WORKER", "1/2", 1);
	cr_assert_eq(dist_worker_resolve(NULL, 0, &w, &e), 0);
	cr_assert_eq(w.index, 1);
	cr_assert_eq(dist_worker_resolve("0/5", 0, &w, &e), 0, "the flag wins");
	cr_assert_eq(w.count, 5);
	clear_env();
}

Test(dist, shares_are_disjoint_and_whole)
{
	const uint64_t ns[] = { 0, 1, 2, 7, 10, 1000003 };

	for (unsigned c = 1; c <= 7; c++)
		for (size_t k = 0; k < sizeof(ns) / sizeof(ns[0]); k++) {
			uint64_t next = 0, first;

			for (unsigned i = 0; i < c; i++) {
				dist_worker w = { i, c, NULL };
				uint64_t n = dist_share(&w, ns[k], &first);

				cr_assert_eq(first, next, "workers %u, n %llu", c, (unsigned long long)ns[k]);
				next = first + n;
			}
			cr_assert_eq(next, ns[k]);
		}
}

Test(dist, seeds_differ_per_worker_and_stay_for_one)
{
	dist_worker solo = DIST_WORKER_SOLO, a = { 0, 2, NULL }, b = { 1, 2, NULL };

	cr_assert_eq(dist_seed(&solo, 42), 42);
	cr_assert_neq(dist_seed(&a, 42), dist_seed(&b, 42));
	cr_assert_eq(dist_seed(&a, 42), dist_seed(&a, 42));
}
