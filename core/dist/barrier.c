/* The start barrier through the target database (barrier.h). */
#include "barrier.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../sig.h"

#define POLL_NS 50000000L
#define STALE_EXTRA_S 60

typedef struct bar {
	target *t;
	dba_conn *c;
	char *table;         /* quoted */
	const char *name, *step;
	const dist_worker *w;
	long long stale;     /* rows arrived before this (UTC s) are an earlier run's */
} bar;

static double mono_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int dist_barrier_name_ok(const char *name, err *e)
{
	size_t n = name ? strlen(name) : 0;

	if (n < 1 || n > 64 || strspn(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.:-") != n)
		return err_set(e, EXIT_USAGE, "--barrier '%s': a name is 1 to 64 letters, digits, '_', '.', ':' or '-'",
			       name ? name : "");
	return 0;
}

static int first_col(void *ud, int32_t is_header, uint32_t ncols, const char *const *names,
		     const char *const *values, const uint32_t *lengths)
{
	(void)names;
	(void)lengths;
	if (!is_header && ncols > 0 && values[0])
		*(long long *)ud = strtoll(values[0], NULL, 10);
	return 0;
}

/* Runs SQL (printf-style); *count (when non-NULL) gets the first column of the first row. */
static int run(bar *b, long long *count, err *e, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static int run(bar *b, long long *count, err *e, const char *fmt, ...)
{
	char sql[512];
	dba_error de = { 0 };
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(sql, sizeof(sql), fmt, ap);
	va_end(ap);
	if (count)
		*count = 0;
	if (b->t->ops->exec(b->c, sql, count ? first_col : NULL, count, NULL, &de) == 0)
		return 0;
	if (e) {
		err_from_db(e, EXIT_RUNTIME, &de, "barrier");
		err_detail(e, "statement: %.300s", sql);
	}
	return -1;
}

#define WHERE_STEP "name = '%s' AND step = '%s'"

static int register_row(bar *b, err *e)
{
	/* Another worker may be creating it at the same moment: a failure here is checked by the INSERT. */
	run(b, NULL, NULL,
	    "CREATE TABLE %s (name VARCHAR(64) NOT NULL, step VARCHAR(64) NOT NULL, worker INTEGER NOT NULL, "
	    "workers INTEGER NOT NULL, arrived BIGINT NOT NULL, gone INTEGER NOT NULL, "
	    "PRIMARY KEY (name, step, worker))",
	    b->table);
	return run(b, NULL, e, "DELETE FROM %s WHERE " WHERE_STEP " AND (worker = %u OR arrived < %lld)", b->table,
		   b->name, b->step, b->w->index, b->stale) ||
	       run(b, NULL, e, "INSERT INTO %s (name, step, worker, workers, arrived, gone) VALUES ('%s', '%s', %u, %u, %lld, 0)",
		   b->table, b->name, b->step, b->w->index, b->w->count, (long long)time(NULL)) ? -1 : 0;
}

static int enter(bar *b, err *e)
{
	long long other;

	/* once more when the table went between the CREATE and the INSERT (another barrier's last worker dropped it) */
	if (register_row(b, NULL) && register_row(b, e))
		return -1;
	if (run(b, &other, e, "SELECT COUNT(*) FROM %s WHERE " WHERE_STEP " AND workers <> %u AND arrived >= %lld",
		b->table, b->name, b->step, b->w->count, b->stale))
		return -1;
	if (other)
		return err_set(e, EXIT_USAGE, "barrier %s: %lld worker(s) registered for another number of workers than %u",
			       b->name, other, b->w->count);
	return 0;
}

static void leave(bar *b, int last)
{
	long long gone = 0, rest = 1;

	if (run(b, NULL, NULL, "UPDATE %s SET gone = 1 WHERE " WHERE_STEP " AND worker = %u", b->table, b->name,
		b->step, b->w->index) ||
	    run(b, &gone, NULL, "SELECT COUNT(*) FROM %s WHERE " WHERE_STEP " AND gone = 1", b->table, b->name, b->step) ||
	    gone < (long long)b->w->count)
		return;
	/* every worker has seen all arrive: the rows go, and on the last step the table when empty */
	run(b, NULL, NULL, "DELETE FROM %s WHERE " WHERE_STEP, b->table, b->name, b->step);
	if (last && run(b, &rest, NULL, "SELECT COUNT(*) FROM %s", b->table) == 0 && rest == 0)
		run(b, NULL, NULL, "DROP TABLE %s", b->table);
}

static int wait_all(bar *b, double timeout_s, long long *first, err *e)
{
	double t0 = mono_s();
	struct timespec ts = { 0, POLL_NS };
	long long n;

	for (;;) {
		if (run(b, &n, e, "SELECT COUNT(*) FROM %s WHERE " WHERE_STEP " AND arrived >= %lld", b->table,
			b->name, b->step, b->stale))
			return -1;
		/* every row is still there: none goes before this worker has marked itself gone */
		if (n >= (long long)b->w->count)
			return first ? run(b, first, e, "SELECT MIN(arrived) FROM %s WHERE " WHERE_STEP " AND arrived >= %lld",
					   b->table, b->name, b->step, b->stale) : 0;
		if (sig_stop)
			return err_set(e, EXIT_INTERRUPTED, "barrier %s: interrupted with %lld of %u workers arrived",
				       b->name, n, b->w->count);
		if (mono_s() - t0 > timeout_s) {
			err_set(e, EXIT_RUNTIME, "barrier %s: %lld of %u workers arrived within %.0f s", b->name, n,
				b->w->count, timeout_s);
			err_hint(e, "start all workers within --barrier-timeout of each other, or raise it");
			return -1;
		}
		nanosleep(&ts, NULL);
	}
}

int dist_barrier_wait(target *t, dba_conn *c, const char *name, const char *step, const dist_worker *w,
		      double timeout_s, int last, double *waited, err *e)
{
	return dist_barrier_wait_first(t, c, name, step, w, timeout_s, last, waited, NULL, e);
}

int dist_barrier_wait_first(target *t, dba_conn *c, const char *name, const char *step, const dist_worker *w,
			    double timeout_s, int last, double *waited, long long *first, err *e)
{
	bar b = { .t = t, .c = c, .name = name, .step = step, .w = w };
	double t0 = mono_s();
	int rc;

	if (waited)
		*waited = 0;
	if (dist_barrier_name_ok(name, e))
		return -1;
	if (timeout_s <= 0)
		timeout_s = DIST_BARRIER_TIMEOUT;
	b.stale = (long long)time(NULL) - (long long)timeout_s - STALE_EXTRA_S;
	if (!(b.table = target_quote(t, NULL, DIST_BARRIER_TABLE)))
		return err_set(e, EXIT_RUNTIME, "out of memory");
	rc = enter(&b, e);
	if (!rc)
		rc = wait_all(&b, timeout_s, first, e);
	if (rc) {
		long long rest = 1;

		/* a worker that gave up leaves nothing behind: its row, and the table when no other row is there */
		run(&b, NULL, NULL, "DELETE FROM %s WHERE " WHERE_STEP " AND worker = %u", b.table, name, step, w->index);
		if (run(&b, &rest, NULL, "SELECT COUNT(*) FROM %s", b.table) == 0 && rest == 0)
			run(&b, NULL, NULL, "DROP TABLE %s", b.table);
	} else
		leave(&b, last);
	if (waited)
		*waited = mono_s() - t0;
	free(b.table);
	return rc;
}
