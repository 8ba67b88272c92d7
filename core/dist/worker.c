/* Worker identity from flags and the orchestrators' environment. */
#include "worker.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static int parse_count(const char *s, unsigned long *out)
{
	char *end;

	if (!s || *s < '0' || *s > '9')
		return -1;
	errno = 0;
	*out = strtoul(s, &end, 10);
	return errno || *end ? -1 : 0;
}

int dist_worker_parse(const char *text, const char *from, dist_worker *w, err *e)
{
	const char *slash = text ? strchr(text, '/') : NULL;
	unsigned long i, n;
	char idx[32];

	if (!slash || (size_t)(slash - text) >= sizeof(idx))
		goto bad;
	memcpy(idx, text, (size_t)(slash - text));
	idx[slash - text] = 0;
	if (parse_count(idx, &i) || parse_count(slash + 1, &n) || n < 1 || n > DIST_MAX_WORKERS || i >= n)
		goto bad;
	w->index = (unsigned)i;
	w->count = (unsigned)n;
	w->from = from;
	return 0;
bad:
	err_set(e, EXIT_USAGE, "%s: '%s' is not a worker I/N (0 <= I < N <= %d)", from, text ? text : "",
		DIST_MAX_WORKERS);
	err_hint(e, "worker indexes count from 0: --worker 0/3, --worker 1/3 and --worker 2/3 make one run");
	return -1;
}

static int from_index(const char *var, const char *val, long workers, int base, dist_worker *w, err *e)
{
	unsigned long i;

	if (parse_count(val, &i) || i < (unsigned long)base || i - (unsigned long)base >= (unsigned long)workers) {
		err_set(e, EXIT_USAGE, "%s='%s' is not a worker index for --workers %ld (%s)", var, val, workers,
			base ? "1 to N" : "0 to N-1");
		return -1;
	}
	w->index = (unsigned)(i - (unsigned long)base);
	w->count = (unsigned)workers;
	w->from = var;
	return 0;
}

int dist_worker_resolve(const char *spec, long workers, dist_worker *w, err *e)
{
	const char *env;

	*w = DIST_WORKER_SOLO;
	if (spec)
		return dist_worker_parse(spec, "--worker", w, e);
	if (workers > 0) {
		if (workers > DIST_MAX_WORKERS)
			return err_set(e, EXIT_USAGE, "--workers %ld: at most %d", workers, DIST_MAX_WORKERS);
		if ((env = getenv("JOB_COMPLETION_INDEX")) && *env)
			return from_index("JOB_COMPLETION_INDEX", env, workers, 0, w, e);
		if ((env = getenv("DBARENA_WORKER_SLOT")) && *env)
			return from_index("DBARENA_WORKER_SLOT", env, workers, 1, w, e);
		err_set(e, EXIT_USAGE, "--workers %ld: which worker this is is not known", workers);
		err_hint(e, "set JOB_COMPLETION_INDEX (a Kubernetes Indexed Job does), DBARENA_WORKER_SLOT "
			    "(Docker Swarm: {{.Task.Slot}}), or give --worker I/N");
		return -1;
	}
	if ((env = getenv("DBARENA_WORKER")) && *env)
		return dist_worker_parse(env, "DBARENA_WORKER", w, e);
	return 0;
}

uint64_t dist_share(const dist_worker *w, uint64_t n, uint64_t *first)
{
	uint64_t base, extra, i;

	if (!w || w->count <= 1) {
		*first = 0;
		return n;
	}
	base = n / w->count;
	extra = n % w->count;
	i = w->index;
	*first = i * base + (i < extra ? i : extra);
	return base + (i < extra ? 1 : 0);
}

uint64_t dist_seed(const dist_worker *w, uint64_t seed)
{
	uint64_t z;

	if (!w || w->count <= 1)
		return seed;
	/* splitmix64 of the seed and the index: streams of different workers do not overlap in practice */
	z = seed + 0x9e3779b97f4a7c15ULL * ((uint64_t)w->index + 1);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}
