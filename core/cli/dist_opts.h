/*
 * The distributed-run options of workload run and bench run (dist_opts.c):
 * --worker I/N, --workers N, --barrier NAME, --barrier-timeout S.
 */
#ifndef DBARENA_CLI_DIST_OPTS_H
#define DBARENA_CLI_DIST_OPTS_H

#include <getopt.h>

#include "../workload/workload.h"

enum { DIST_O_WORKER = 0x440, DIST_O_WORKERS, DIST_O_BARRIER, DIST_O_BARRIER_TIMEOUT };

#define DIST_LONGOPTS \
	{ "worker", required_argument, NULL, DIST_O_WORKER }, \
	{ "workers", required_argument, NULL, DIST_O_WORKERS }, \
	{ "barrier", required_argument, NULL, DIST_O_BARRIER }, \
	{ "barrier-timeout", required_argument, NULL, DIST_O_BARRIER_TIMEOUT }

#define DIST_USAGE \
	"  --worker I/N              this process is worker I (0..N-1) of N: it takes 1/N of the rate\n" \
	"                            and of --transactions, its own random streams and insert keys\n" \
	"                            (also DBARENA_WORKER=I/N; --connections are per worker)\n" \
	"  --workers N               N workers, this one's index from JOB_COMPLETION_INDEX (Kubernetes,\n" \
	"                            0-based) or DBARENA_WORKER_SLOT (Docker Swarm's {{.Task.Slot}}, 1-based)\n" \
	"  --barrier NAME            wait in the target database until all N workers have connected,\n" \
	"                            then start together (table dbarena_barrier, dropped afterwards)\n" \
	"  --barrier-timeout S       give up after S seconds (default 60): exit 1 naming how many arrived\n"

typedef struct dist_cli {
	const char *spec;    /* --worker */
	double workers;      /* --workers; 0 = not given */
	const char *barrier;
	double timeout;      /* 0 = not given */
} dist_cli;

/* 1 when ch is one of DIST_LONGOPTS (taken), 0 when not, -1 on a bad value (EXIT_USAGE). */
int dist_cli_option(dist_cli *d, int ch, const char *arg, err *e);
/* The worker identity (flags, then the environment) into *w, the barrier name checked; EXIT_USAGE on bad values. */
int dist_cli_resolve(const dist_cli *d, dist_worker *w, err *e);
/* dist_cli_resolve into c, with the barrier and its timeout. */
int dist_cli_apply(const dist_cli *d, wl_cfg *c, err *e);

#endif
