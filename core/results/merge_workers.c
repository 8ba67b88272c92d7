/*
 * `report merge` of distributed workers' results: the files of one run of
 * N workers (docs/distributed.md) merge; two files of one worker index, files
 * of different N or different seeds do not, and missing workers are named.
 */
#include <stdio.h>
#include <stdlib.h>

#include "load.h"

static long long wint(const json_t *w, const char *k)
{
	return w ? (long long)json_integer_value(json_object_get(w, k)) : -1;
}

static int seeds_differ(const rfile *a, const rfile *b)
{
	const json_t *sa = json_object_get(json_object_get(a->root, "metadata"), "seed");
	const json_t *sb = json_object_get(json_object_get(b->root, "metadata"), "seed");

	return sa && sb && !json_equal(sa, sb);
}

/* Duplicate and missing indexes among n files of count workers. */
static int indexes(const rfile *in, int n, long long count, err *e)
{
	int *by = calloc((size_t)count, sizeof(*by)), missing = 0;
	char list[256] = "";
	size_t at = 0;

	if (!by)
		return err_set(e, EXIT_RUNTIME, "out of memory");
	for (int i = 0; i < n; i++) {
		long long ix = wint(json_object_get(in[i].root, "worker"), "index");

		if (ix < 0 || ix >= count) {
			free(by);
			return err_set(e, EXIT_USAGE, "%s: worker index %lld is not one of 0..%lld", in[i].path, ix, count - 1);
		}
		if (by[ix]) {
			err_set(e, EXIT_USAGE, "%s and %s are both worker %lld of %lld: two workers took the same index",
				in[by[ix] - 1].path, in[i].path, ix, count);
			err_hint(e, "give each worker its own --worker I/N (0 to N-1)");
			free(by);
			return -1;
		}
		by[ix] = i + 1;
	}
	for (long long ix = 0; ix < count; ix++)
		if (!by[ix] && ++missing && at + 24 < sizeof(list))
			at += (size_t)snprintf(list + at, sizeof(list) - at, "%s%lld", at ? ", " : "", ix);
	if (missing)
		fprintf(stderr, "dbarena: warning: report merge: %d of %lld workers missing (%s%s): the merged result "
				"covers part of the load\n", missing, count, list, at + 24 >= sizeof(list) ? ", ..." : "");
	free(by);
	return 0;
}

int results_merge_workers_check(const rfile *in, int n, err *e)
{
	int with = 0;
	long long count = -1;

	for (int i = 0; i < n; i++) {
		const json_t *w = json_object_get(in[i].root, "worker");

		if (!w)
			continue;
		if (with++ && wint(w, "count") != count)
			return err_set(e, EXIT_USAGE, "%s is a worker of %lld, another file one of %lld: runs of different "
						      "numbers of workers do not merge", in[i].path, wint(w, "count"), count);
		count = wint(w, "count");
	}
	if (!with)
		return 0;
	if (with != n)
		return err_set(e, EXIT_USAGE, "report merge: %d of %d files are distributed workers' results, the others "
					      "not: merge the workers of one run", with, n);
	for (int i = 1; i < n; i++)
		if (seeds_differ(&in[0], &in[i]))
			return err_set(e, EXIT_USAGE, "%s and %s have different seeds: workers of one run share --seed",
				       in[0].path, in[i].path);
	return count < 1 ? err_set(e, EXIT_USAGE, "%s: bad worker count", in[0].path) : indexes(in, n, count, e);
}
