/*
 * Commands: one file per command (or family), each defining a `command`
 * entry that main.c lists.  run() gets argv with argv[0] = the command name
 * and returns an exit code (enum exit_code); on failure it fills e and main
 * prints it.
 */
#ifndef DBARENA_CLI_H
#define DBARENA_CLI_H

#include <stdint.h>

#include "../err.h"

typedef struct command {
	const char *name;
	const char *summary;   /* one line for `dbarena --help` */
	const char *usage;     /* full text for `dbarena help NAME` and `NAME --help` */
	int (*run)(int argc, char **argv, err *e);
} command;

extern const command cmd_create, cmd_list, cmd_inspect, cmd_start, cmd_stop, cmd_restart,
	cmd_destroy, cmd_logs, cmd_exec, cmd_url, cmd_query, cmd_seed, cmd_workload, cmd_bench, cmd_plugins,
	cmd_report;

/*
 * Common TARGET handling for query/seed/workload: recognises --url URL and
 * --container NAME in getopt_long loops (CLI_TARGET_OPTIONS in the option
 * table, then cli_target_opt() in the switch), and a bare NAME operand.
 */
enum { CLI_OPT_URL = 0x1000, CLI_OPT_CONTAINER = 0x1001 };
#define CLI_TARGET_OPTIONS \
	{ "url", required_argument, NULL, CLI_OPT_URL }, \
	{ "container", required_argument, NULL, CLI_OPT_CONTAINER }

typedef struct cli_target {
	const char *url;
	const char *name;
} cli_target;

/* Handles CLI_OPT_URL / CLI_OPT_CONTAINER; returns 1 if it took the option. */
int cli_target_opt(cli_target *t, int opt, const char *arg);
/* Takes a bare NAME operand when neither --url nor --container was given; usage error on conflicts. */
int cli_target_operand(cli_target *t, const char *arg, err *e);
/* Usage error unless exactly one of url/name is set. */
int cli_target_check(const cli_target *t, const char *cmd, err *e);

/*
 * Option values: a finite number in [lo, hi] (NaN, inf, empty or trailing
 * text are usage errors naming the option), and a seed: a whole number from
 * 0 to INT64_MAX (never clamped).  Return 0, or -1 with e filled.
 */
int cli_num(const char *opt, const char *arg, double lo, double hi, double *out, err *e);
int cli_seed(const char *opt, const char *arg, uint64_t *out, err *e);

/*
 * Output paths checked before any work (a seed would commit and a workload
 * run its whole duration before failing to write): FILE can be opened for
 * writing (created and removed again when it did not exist), DIR is a
 * directory a file can be created in (or can itself be created).  Usage
 * errors with the system's reason.
 */
int cli_check_out_file(const char *opt, const char *path, err *e);
int cli_check_out_dir(const char *opt, const char *path, err *e);

/* Prints usage of cmd to f. */
void cli_usage(const command *cmd, FILE *f);

#endif
