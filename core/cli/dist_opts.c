/* --worker, --workers, --barrier, --barrier-timeout (dist_opts.h). */
#include "dist_opts.h"

#include "../dist/barrier.h"
#include "cli.h"

int dist_cli_option(dist_cli *d, int ch, const char *arg, err *e)
{
	switch (ch) {
	case DIST_O_WORKER: d->spec = arg; return 1;
	case DIST_O_WORKERS: return cli_num("--workers", arg, 1, DIST_MAX_WORKERS, &d->workers, e) ? -1 : 1;
	case DIST_O_BARRIER: d->barrier = arg; return 1;
	case DIST_O_BARRIER_TIMEOUT: return cli_num("--barrier-timeout", arg, 0.1, 86400, &d->timeout, e) ? -1 : 1;
	default: return 0;
	}
}

int dist_cli_resolve(const dist_cli *d, dist_worker *w, err *e)
{
	if (d->workers > 0 && d->workers != (double)(long)d->workers)
		return err_set(e, EXIT_USAGE, "--workers: expected a whole number, not %g", d->workers);
	if (d->spec && d->workers > 0)
		return err_set(e, EXIT_USAGE, "--worker and --workers exclude each other");
	if (dist_worker_resolve(d->spec, (long)d->workers, w, e))
		return -1;
	if (d->barrier && dist_barrier_name_ok(d->barrier, e))
		return -1;
	return 0;
}

int dist_cli_apply(const dist_cli *d, wl_cfg *c, err *e)
{
	if (dist_cli_resolve(d, &c->dist, e))
		return -1;
	c->barrier = d->barrier;
	c->barrier_timeout = d->timeout > 0 ? d->timeout : DIST_BARRIER_TIMEOUT;
	return 0;
}
