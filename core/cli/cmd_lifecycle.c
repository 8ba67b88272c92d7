/* dbarena start, stop, restart, destroy (SPEC section 4): the runtimes do the work. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../instance.h"
#include "cli.h"
#include "instcli.h"

enum { DO_START, DO_STOP, DO_RESTART };

static int lifecycle(int argc, char **argv, int what, err *e)
{
	static const struct option longopts[] = {
		{ "wait", required_argument, NULL, 'w' }, { "timeout", required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 },
	};
	int c, wait_s = -1, timeout_s = 10, rc = EXIT_OK;

	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (c == 'w')
			wait_s = atoi(optarg);
		else if (c == 't')
			timeout_s = atoi(optarg);
		else
			return instcli_unknown_opt(argv[0], e);
	}
	if (optind >= argc)
		return err_set(e, EXIT_USAGE, "%s: expected NAME...", argv[0]);
	for (int k = optind; k < argc; k++) {
		plugin *rt;
		dba_instance i;
		dba_error de;
		err one;

		memset(&one, 0, sizeof(one));
		memset(&de, 0, sizeof(de));
		if (instance_find(argv[k], &rt, &i, &one))
			goto bad;
		if ((what == DO_STOP || what == DO_RESTART) && rt->runtime.stop(i.id, timeout_s, &de)) {
			err_from_db(&one, EXIT_RUNTIME, &de, i.name);
			goto bad;
		}
		if (what == DO_START || what == DO_RESTART) {
			int w = wait_s > 0 ? wait_s : instcli_ready_timeout(i.engine);

			if (rt->runtime.start(i.id, &de)) {
				err_from_db(&one, EXIT_RUNTIME, &de, i.name);
				goto bad;
			}
			if (rt->runtime.inspect(i.id, &i, &de) == 0 && instance_wait_ready(&i, w, 0, &one))
				goto bad;
		}
		printf("%s\n", i.name);
		continue;
bad:
		if (k == argc - 1 && rc == EXIT_OK) {
			*e = one;
			return one.code ? one.code : EXIT_RUNTIME;
		}
		err_print(&one);
		rc = one.code ? one.code : EXIT_RUNTIME;
	}
	if (rc != EXIT_OK)
		err_set(e, rc, "%s: some instances failed (see above)", argv[0]);
	return rc;
}

static int start_main(int argc, char **argv, err *e) { return lifecycle(argc, argv, DO_START, e); }
static int stop_main(int argc, char **argv, err *e) { return lifecycle(argc, argv, DO_STOP, e); }
static int restart_main(int argc, char **argv, err *e) { return lifecycle(argc, argv, DO_RESTART, e); }

static int destroy_one(plugin *rt, const dba_instance *i, int volumes, err *e)
{
	dba_error de;

	memset(&de, 0, sizeof(de));
	if (rt->runtime.remove(i->id, volumes, &de))
		return err_from_db(e, EXIT_RUNTIME, &de, i->name), -1;
	printf("%s\n", i->name);
	return 0;
}

static int destroy_main(int argc, char **argv, err *e)
{
	static const struct option longopts[] = {
		{ "all", no_argument, NULL, 'a' }, { "yes", no_argument, NULL, 'y' },
		{ "volumes", no_argument, NULL, 'v' }, { NULL, 0, NULL, 0 },
	};
	int c, all = 0, yes = 0, volumes = 0, rc = EXIT_OK;

	while ((c = getopt_long(argc, argv, "y", longopts, NULL)) != -1) {
		if (c == 'a')
			all = 1;
		else if (c == 'y')
			yes = 1;
		else if (c == 'v')
			volumes = 1;
		else
			return instcli_unknown_opt("destroy", e);
	}
	if (all == (optind < argc))
		return err_set(e, EXIT_USAGE, "destroy: expected NAME... or --all");
	if (all) {
		plugin *rts[4];
		int nrt = instance_runtimes(rts, 4);

		if (!yes) {
			char answer[16] = "";

			if (!isatty(0)) {
				err_set(e, EXIT_USAGE, "destroy --all needs --yes when not on a terminal");
				return EXIT_USAGE;
			}
			fprintf(stderr, "destroy every managed instance? [y/N] ");
			if (!fgets(answer, sizeof(answer), stdin) || (answer[0] != 'y' && answer[0] != 'Y'))
				return EXIT_OK;
		}
		for (int r = 0; r < nrt; r++) {
			dba_instance *v = NULL;
			uint32_t n = 0;
			dba_error de;

			memset(&de, 0, sizeof(de));
			if (rts[r]->runtime.list(1, &v, &n, &de))
				continue;
			for (uint32_t i = 0; i < n; i++) {
				err one;

				memset(&one, 0, sizeof(one));
				if (destroy_one(rts[r], &v[i], volumes, &one)) {
					err_print(&one);
					rc = EXIT_RUNTIME;
				}
			}
			rts[r]->runtime.list_free(v);
		}
		if (rc)
			err_set(e, rc, "destroy: some instances could not be removed (see above)");
		return rc;
	}
	for (int k = optind; k < argc; k++) {
		plugin *rt;
		dba_instance i;
		err one;

		memset(&one, 0, sizeof(one));
		if (instance_find(argv[k], &rt, &i, &one) == 0 && destroy_one(rt, &i, volumes, &one) == 0)
			continue;
		if (k == argc - 1 && rc == EXIT_OK) {
			*e = one;
			return one.code ? one.code : EXIT_RUNTIME;
		}
		err_print(&one);
		rc = one.code ? one.code : EXIT_RUNTIME;
	}
	if (rc)
		err_set(e, rc, "destroy: some instances could not be removed (see above)");
	return rc;
}

const command cmd_start = {
	.name = "start",
	.summary = "start stopped instances",
	.usage = "usage: dbarena start NAME... [--wait SECONDS]\n",
	.run = start_main,
};
const command cmd_stop = {
	.name = "stop",
	.summary = "stop instances",
	.usage = "usage: dbarena stop NAME... [--timeout SECONDS]\n",
	.run = stop_main,
};
const command cmd_restart = {
	.name = "restart",
	.summary = "restart instances",
	.usage = "usage: dbarena restart NAME... [--wait SECONDS]\n",
	.run = restart_main,
};
const command cmd_destroy = {
	.name = "destroy",
	.summary = "remove instances",
	.usage = "usage: dbarena destroy NAME... | --all   [--yes] [--volumes]\n\n"
		 "Stops and removes managed instances (never anything else).\n",
	.run = destroy_main,
};
