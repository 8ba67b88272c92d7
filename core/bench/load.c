/*
 * Loading a benchmark: its jobs (a table, or a key range of one) go to
 * --jobs threads, each with its own session; every job is one transaction
 * through the driver's bulk path.  A table's secondary indexes (the job's
 * `after`) are built by the session that committed its last job, while the
 * other threads go on loading.  Then rows and seconds per table.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../seed/prepare.h"
#include "../sig.h"
#include "bench.h"

typedef struct loadrun {
	bench_ctx *x;
	bench_job *jobs;
	unsigned n;
	atomic_uint next;
	atomic_int failed;
	pthread_mutex_t mu;
	unsigned char *done;  /* per job: committed */
	err e;            /* the first failure */
} loadrun;

static double mono_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void fail(loadrun *L, const bench_job *j, const char *msg)
{
	pthread_mutex_lock(&L->mu);
	if (!atomic_load(&L->failed))
		err_set(&L->e, EXIT_RUNTIME, "loading \"%s\": %s", j ? j->table : "?", msg);
	atomic_store(&L->failed, 1);
	pthread_mutex_unlock(&L->mu);
}

/* 1 when job i is its table's only job: the whole table in one transaction. */
static int whole_table(const loadrun *L, const bench_job *j)
{
	for (unsigned k = 0; k < L->n; k++)
		if (&L->jobs[k] != j && !strcmp(L->jobs[k].table, j->table))
			return 0;
	return 1;
}

/*
 * PostgreSQL: a table loaded whole is emptied by TRUNCATE inside the load's
 * transaction first (it was just created and is empty), so the driver's COPY
 * may say FREEZE, as pgbench -i does: no hint-bit writes and no freezing
 * vacuum over the rows later.
 */
static int truncate_first(loadrun *L, dba_conn *c, const bench_job *j, dba_error *de)
{
	char *q, *sql;
	int rc;

	if (!seed_speaks_pg_catalog(L->x->t) || !whole_table(L, j))
		return 0;
	q = target_quote(L->x->t, NULL, j->table);
	rc = q ? asprintf(&sql, "TRUNCATE TABLE %s", q) : -1;
	free(q);
	if (rc < 0) {
		DBA_ERR_SET(de, DBA_ERR_RESOURCE, "out of memory");
		return -1;
	}
	rc = L->x->t->ops->exec(c, sql, NULL, NULL, NULL, de);
	free(sql);
	return rc;
}

/*
 * Marks job j committed; returns the job holding its table's `after` when j
 * was the table's last, else NULL.
 */
static bench_job *last_of_table(loadrun *L, bench_job *j)
{
	bench_job *a = NULL;
	int all = 1;

	pthread_mutex_lock(&L->mu);
	L->done[j - L->jobs] = 1;
	for (unsigned k = 0; k < L->n; k++)
		if (!strcmp(L->jobs[k].table, j->table)) {
			all &= L->done[k];
			if (!a && L->jobs[k].after)
				a = &L->jobs[k];
		}
	pthread_mutex_unlock(&L->mu);
	return all ? a : NULL;
}

static int after(loadrun *L, dba_conn *c, bench_job *a)
{
	dba_error de = { 0 };
	char *sql = bench_sql(L->x->t, a->after);
	double t0 = mono_s();
	int rc;

	if (!sql) {
		fail(L, a, "out of memory");
		return -1;
	}
	rc = L->x->t->ops->exec(c, sql, NULL, NULL, NULL, &de);
	free(sql);
	if (rc) {
		fail(L, a, de.message);
		return -1;
	}
	a->after_s = mono_s() - t0;
	return 0;
}

static int one_job(loadrun *L, dba_conn *c, bench_job *j)
{
	const dba_driver_ops *ops = L->x->t->ops;
	dba_error de = { 0 };
	bench_job *a;

	j->t0 = mono_s();
	if (ops->tx && ops->tx(c, DBA_TX_BEGIN, &de))
		goto bad;
	if (ops->tx && truncate_first(L, c, j, &de))
		goto bad;
	if (ops->bulk_load(c, NULL, j->table, j->cols, j->fams, j->ncols, j->next, j->ud, &j->rows, &de))
		goto bad;
	if (ops->tx && ops->tx(c, DBA_TX_COMMIT, &de))
		goto bad;
	j->t1 = mono_s();
	if ((a = last_of_table(L, j)) && after(L, c, a))
		return -1;
	return 0;
bad:
	fail(L, j, de.message);
	return -1;
}

static void *loader(void *arg)
{
	loadrun *L = arg;
	dba_conn *c = NULL;
	err e;
	unsigned i;

	memset(&e, 0, sizeof(e));
	if (target_connect(L->x->t, &c, &e)) {
		fail(L, NULL, e.msg);
		return NULL;
	}
	while (!atomic_load(&L->failed) && !sig_stop && (i = atomic_fetch_add(&L->next, 1)) < L->n)
		if (one_job(L, c, &L->jobs[i]))
			break;
	L->x->t->ops->disconnect(c);
	return NULL;
}

static void report(const loadrun *L, double secs)
{
	uint64_t total = 0;

	for (unsigned i = 0; i < L->n; i++) {
		uint64_t rows = 0;
		double t0 = 1e300, t1 = 0, idx = 0;
		int seen = 0;

		for (unsigned k = 0; k < i && !seen; k++)
			seen = !strcmp(L->jobs[k].table, L->jobs[i].table);
		if (seen)
			continue;
		for (unsigned k = i; k < L->n; k++)
			if (!strcmp(L->jobs[k].table, L->jobs[i].table)) {
				rows += L->jobs[k].rows;
				t0 = L->jobs[k].t0 < t0 ? L->jobs[k].t0 : t0;
				t1 = L->jobs[k].t1 > t1 ? L->jobs[k].t1 : t1;
				idx += L->jobs[k].after_s;
			}
		total += rows;
		if (idx > 0)
			printf("  %-22s %12llu rows %9.2f s, then its indexes %.2f s\n", L->jobs[i].table,
			       (unsigned long long)rows, t1 - t0, idx);
		else
			printf("  %-22s %12llu rows %9.2f s\n", L->jobs[i].table, (unsigned long long)rows, t1 - t0);
	}
	printf("  %-22s %12llu rows %9.2f s\n", "total", (unsigned long long)total, secs);
}

int bench_load(bench_ctx *x, bench_job *jobs, unsigned n, err *e)
{
	loadrun L;
	pthread_t th[256];
	int nth = x->o->jobs > 0 ? x->o->jobs : 1, started = 0;
	double t0 = mono_s();

	if (!x->t->ops->bulk_load)
		return err_set(e, EXIT_PLUGIN, "the driver has no bulk load");
	if (nth > 256)
		nth = 256;
	if ((unsigned)nth > n)
		nth = (int)n;
	memset(&L, 0, sizeof(L));
	L.x = x;
	L.jobs = jobs;
	L.n = n;
	if (!(L.done = calloc(n ? n : 1, 1)))
		return err_set(e, EXIT_RUNTIME, "out of memory");
	pthread_mutex_init(&L.mu, NULL);
	for (int i = 0; i < nth; i++) {
		if (pthread_create(&th[i], NULL, loader, &L)) {
			fail(&L, NULL, "cannot start loading threads");
			break;
		}
		started++;
	}
	for (int i = 0; i < started; i++)
		pthread_join(th[i], NULL);
	pthread_mutex_destroy(&L.mu);
	free(L.done);
	if (sig_stop)
		return err_set(e, EXIT_INTERRUPTED, "interrupted while loading");
	if (atomic_load(&L.failed)) {
		*e = L.e;
		return -1;
	}
	if (!x->o->quiet)
		report(&L, mono_s() - t0);
	return 0;
}
