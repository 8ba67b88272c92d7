/* dbarena: entry point, global options, command dispatch. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "dbarena/version.h"
#include "opts.h"
#include "plugins.h"
#include "results/results.h"
#include "sig.h"
#include "ui.h"
#include "url.h"

static const command *const commands[] = {
	&cmd_create, &cmd_list, &cmd_inspect, &cmd_start, &cmd_stop, &cmd_restart, &cmd_destroy,
	&cmd_logs, &cmd_exec, &cmd_url, &cmd_query, &cmd_seed, &cmd_workload, &cmd_bench, &cmd_plugins,
	&cmd_report,
};
#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static const command *find_command(const char *name)
{
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (!strcmp(commands[i]->name, name))
			return commands[i];
	return NULL;
}

static void usage(FILE *f)
{
	fprintf(f, "usage: dbarena [GLOBAL OPTIONS] COMMAND [ARGS]\n\n"
		   "Throwaway databases, realistic data, honest workload numbers.\n\ncommands:\n");
	for (size_t i = 0; i < NCOMMANDS; i++)
		fprintf(f, "  %-10s %s\n", commands[i]->name, commands[i]->summary);
	fprintf(f, "  %-10s %s\n", "version", "print the version and plugin ABI");
	fprintf(f, "  %-10s %s\n", "help", "help COMMAND shows a command's options");
	fprintf(f, "\nglobal options:\n"
		   "  --plugin-dir DIR    look for plugins in DIR first\n"
		   "  --config-file FILE  global config (default ./dbarena.ini, then\n"
		   "                      $XDG_CONFIG_HOME/dbarena/dbarena.ini)\n"
		   "  -v, --verbose       more diagnostics (repeatable)\n"
		   "  --no-color          no colours (also NO_COLOR)\n"
		   "  -h, --help          this text\n"
		   "  --version           same as the version command\n"
		   "\nTARGET (query, seed, workload): NAME, --container NAME, or --url URL whose\n"
		   "scheme a driver plugin declares (dbarena plugins lists them).\n"
		   "A password in --url is hidden from ps once dbarena starts, but stays in\n"
		   "your shell history: leave it out of the URL and set DBARENA_PASSWORD\n"
		   "(or use ~/.pgpass for PostgreSQL) instead.\n"
		   "exit codes: 0 ok, 1 runtime failure, 2 usage or configuration error,\n"
		   "3 plugin missing or incompatible, 130 interrupted.\n");
}

/*
 * Every local user can read a process's arguments (ps, /proc/PID/cmdline):
 * each argument holding a URL is used from a private copy, and its
 * passwords are overwritten with 'x' where the kernel shows them, as soon as
 * the process starts (database command-line clients do the same).
 */
static char **argv_copies;

static void hide_url_secrets(int argc, char **argv)
{
	if (!(argv_copies = calloc((size_t)argc + 1, sizeof(*argv_copies))))
		return;
	for (int i = 1; i < argc; i++) {
		if (!strstr(argv[i], "://") || !(argv_copies[i] = strdup(argv[i])))
			continue;
		url_scrub(argv[i]);
		argv[i] = argv_copies[i];
	}
}

static void version(void)
{
	printf("dbarena %s (plugin ABI %d.%d)\n", DBA_VERSION, DBA_ABI_MAJOR, DBA_ABI_MINOR);
}

int main(int argc, char **argv)
{
	enum { OPT_PLUGIN_DIR = 1, OPT_CONFIG_FILE, OPT_NO_COLOR, OPT_VERSION };
	static const struct option longopts[] = {
		{ "plugin-dir", required_argument, NULL, OPT_PLUGIN_DIR },
		{ "config-file", required_argument, NULL, OPT_CONFIG_FILE },
		{ "verbose", no_argument, NULL, 'v' },
		{ "no-color", no_argument, NULL, OPT_NO_COLOR },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, OPT_VERSION },
		{ NULL, 0, NULL, 0 },
	};
	const command *cmd;
	err e;
	int c, rc;

	memset(&e, 0, sizeof(e));
	results_set_cmdline(argc, argv);
	hide_url_secrets(argc, argv);
	opterr = 0; /* our own message instead of getopt's */
	/* "+": stop at the command name; its options belong to it. */
	while ((c = getopt_long(argc, argv, "+:vh", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_PLUGIN_DIR: g_opts.plugin_dir = optarg; break;
		case OPT_CONFIG_FILE: g_opts.config_file = optarg; break;
		case 'v': g_opts.verbose++; break;
		case OPT_NO_COLOR: g_opts.no_color = 1; break;
		case 'h': usage(stdout); return EXIT_OK;
		case OPT_VERSION: version(); return EXIT_OK;
		case ':':
			err_set(&e, EXIT_USAGE, "option \"%s\" needs a value", argv[optind - 1]);
			err_hint(&e, "dbarena --help lists the global options");
			err_print(&e);
			return EXIT_USAGE;
		default:
			err_set(&e, EXIT_USAGE, "unknown global option \"%s\"", argv[optind - 1]);
			err_hint(&e, "global options go before the command; dbarena --help lists them");
			err_print(&e);
			return EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	argc -= optind;
	argv += optind;
	optind = 0; /* commands run their own getopt_long from a fresh start */
	opterr = 1;
	ui_set_no_color(g_opts.no_color);
	if (g_opts.plugin_dir)
		plugins_set_dir(g_opts.plugin_dir);
	plugins_set_verbosity(g_opts.verbose);

	if (!strcmp(argv[0], "version")) {
		version();
		return EXIT_OK;
	}
	if (!strcmp(argv[0], "help")) {
		if (argc < 2) {
			usage(stdout);
			return EXIT_OK;
		}
		if (!(cmd = find_command(argv[1]))) {
			err_set(&e, EXIT_USAGE, "unknown command \"%s\"", argv[1]);
			err_hint(&e, "dbarena --help lists the commands");
			err_print(&e);
			return EXIT_USAGE;
		}
		cli_usage(cmd, stdout);
		return EXIT_OK;
	}
	if (!(cmd = find_command(argv[0]))) {
		err_set(&e, EXIT_USAGE, "unknown command \"%s\"", argv[0]);
		err_hint(&e, "dbarena --help lists the commands");
		err_print(&e);
		return EXIT_USAGE;
	}
	/* COMMAND --help / -h anywhere before "--" prints its usage. */
	for (int i = 1; i < argc && strcmp(argv[i], "--"); i++)
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			cli_usage(cmd, stdout);
			return EXIT_OK;
		}
	if (opts_load_config(&e)) {
		err_print(&e);
		return e.code;
	}
	/* The config's plugin_dir: set here, so that the options module does not reach into the loader. */
	if (opts_get("core", "plugin_dir"))
		plugins_set_config_dir(opts_get("core", "plugin_dir"));
	sig_install();
	rc = cmd->run(argc, argv, &e);
	/* run() returns an exit code, or -1 with e filled (e.code is the exit code then). */
	if (e.code && rc != EXIT_OK)
		err_print(&e);
	if (rc < 0)
		return e.code ? e.code : EXIT_RUNTIME;
	return rc;
}
