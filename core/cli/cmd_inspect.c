/* dbarena list, inspect, url, logs, exec (SPEC section 4): what the runtimes know of instances. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "../instance.h"
#include "../sig.h"
#include "../ui.h"
#include "cli.h"
#include "instcli.h"

static int list_main(int argc, char **argv, err *e)
{
	static const struct option longopts[] = {
		{ "all", no_argument, NULL, 'a' }, { "json", no_argument, NULL, 'j' }, { NULL, 0, NULL, 0 },
	};
	plugin *rts[4];
	int c, all = 0, json = 0, nrt, total = 0;
	json_t *arr = json_array();
	static const char *const hdr[] = { "NAME", "ENGINE", "VERSION", "STATE", "RUNTIME", "PORT", "CREATED", "URL" };
	ui_table *t = ui_table_new(8, hdr);

	while ((c = getopt_long(argc, argv, "a", longopts, NULL)) != -1) {
		if (c == 'a')
			all = 1;
		else if (c == 'j')
			json = 1;
		else {
			json_decref(arr);
			ui_table_free(t);
			return instcli_unknown_opt("list", e);
		}
	}
	nrt = instance_runtimes(rts, 4);
	for (int r = 0; r < nrt; r++) {
		dba_instance *v = NULL;
		uint32_t n = 0;
		dba_error de;

		memset(&de, 0, sizeof(de));
		if (rts[r]->runtime.list(all, &v, &n, &de)) {
			fprintf(stderr, "dbarena: warning: %s runtime: %s\n", rts[r]->d->name, de.message);
			continue;
		}
		for (uint32_t i = 0; i < n; i++) {
			char port[16], created[32], *u = instance_url(&v[i], 0);
			const char *cells[8];

			snprintf(port, sizeof(port), "%d", v[i].port);
			instcli_created_text(v[i].created, created, sizeof(created));
			cells[0] = v[i].name;
			cells[1] = v[i].engine;
			cells[2] = v[i].version;
			cells[3] = v[i].state;
			cells[4] = v[i].runtime;
			cells[5] = port;
			cells[6] = created;
			cells[7] = u ? u : "";
			ui_table_add(t, cells);
			json_array_append_new(arr, instcli_json(&v[i], 0));
			free(u);
			total++;
		}
		rts[r]->runtime.list_free(v);
	}
	if (json)
		instcli_json_print(arr);
	else {
		json_decref(arr);
		if (total)
			ui_table_print(t, stdout);
		else
			printf(all ? "no instances\n" : "no running instances (dbarena list --all shows stopped ones)\n");
	}
	ui_table_free(t);
	return EXIT_OK;
}

static int inspect_main(int argc, char **argv, err *e)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' }, { "show-password", no_argument, NULL, 'p' }, { NULL, 0, NULL, 0 },
	};
	int c, json = 0, show = 0;
	plugin *rt;
	dba_instance i;

	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (c == 'j')
			json = 1;
		else if (c == 'p')
			show = 1;
		else
			return instcli_unknown_opt("inspect", e);
	}
	if (optind != argc - 1)
		return err_set(e, EXIT_USAGE, "inspect: expected one NAME");
	if (instance_find(argv[optind], &rt, &i, e))
		return e->code;
	if (json) {
		instcli_json_print(instcli_json(&i, show));
	} else {
		char created[32], *u = instance_url(&i, show);

		instcli_created_text(i.created, created, sizeof(created));
		printf("name:      %s\nid:        %s\nengine:    %s\nversion:   %s\nstate:     %s\n"
		       "runtime:   %s\nimage:     %s\nhost:      %s\nport:      %d\nuser:      %s\n"
		       "password:  %s\ndatabase:  %s\ncreated:   %s\nurl:       %s\n",
		       i.name, i.id, i.engine, i.version, i.state, i.runtime, i.image, i.host[0] ? i.host : "127.0.0.1",
		       i.port, i.user, show ? i.password : "****", i.database, created, u ? u : "");
		free(u);
	}
	return EXIT_OK;
}

static int url_main(int argc, char **argv, err *e)
{
	plugin *rt;
	dba_instance i;
	char *u;

	if (argc != 2 || argv[1][0] == '-')
		return err_set(e, EXIT_USAGE, "url: expected one NAME");
	if (instance_find(argv[1], &rt, &i, e))
		return e->code;
	u = instance_url(&i, 1);
	printf("%s\n", u ? u : "");
	free(u);
	return EXIT_OK;
}

/* ---- logs / exec ---- */

static int write_out(void *ud, int32_t stream, const char *data, size_t len)
{
	FILE *f = stream == 2 ? stderr : stdout;

	(void)ud;
	if (len && fwrite(data, 1, len, f) != len)
		return 1;
	fflush(f);
	return sig_stop ? 1 : 0;
}

static int logs_main(int argc, char **argv, err *e)
{
	static const struct option longopts[] = {
		{ "follow", no_argument, NULL, 'f' }, { "tail", required_argument, NULL, 'n' }, { NULL, 0, NULL, 0 },
	};
	int c, follow = 0, tail = -1;
	plugin *rt;
	dba_instance i;
	dba_error de;
	char *endp;

	while ((c = getopt_long(argc, argv, "fn:", longopts, NULL)) != -1) {
		if (c == 'f')
			follow = 1;
		else if (c == 'n') {
			tail = (int)strtol(optarg, &endp, 10);
			if (*endp || tail < 0)
				return err_set(e, EXIT_USAGE, "--tail: expected a line count, not \"%s\"", optarg);
		} else
			return instcli_unknown_opt("logs", e);
	}
	if (optind != argc - 1)
		return err_set(e, EXIT_USAGE, "logs: expected one NAME");
	if (instance_find(argv[optind], &rt, &i, e))
		return e->code;
	if (!rt->runtime.logs)
		return err_set(e, EXIT_PLUGIN, "the %s runtime cannot show logs", rt->d->name);
	memset(&de, 0, sizeof(de));
	if (rt->runtime.logs(i.id, follow, tail, write_out, NULL, &de))
		return instcli_rt_fail(e, EXIT_RUNTIME, &de, i.name);
	return sig_stop && follow ? EXIT_OK : EXIT_OK;
}

static int exec_main(int argc, char **argv, err *e)
{
	plugin *rt;
	dba_instance i;
	dba_error de;
	int32_t status = 0;
	int dash = -1;

	for (int k = 1; k < argc; k++)
		if (!strcmp(argv[k], "--")) {
			dash = k;
			break;
		}
	if (dash != 2 || dash + 1 >= argc) {
		err_set(e, EXIT_USAGE, "exec: expected NAME -- CMD [ARG...]");
		err_hint(e, "dbarena exec NAME -- psql -c 'select 1'");
		return EXIT_USAGE;
	}
	if (instance_find(argv[1], &rt, &i, e))
		return e->code;
	if (strcmp(i.state, "running")) {
		err_set(e, EXIT_USAGE, "instance \"%s\" is %s", i.name, i.state);
		err_hint(e, "start it with: dbarena start %s", i.name);
		return EXIT_USAGE;
	}
	if (!rt->runtime.exec)
		return err_set(e, EXIT_PLUGIN, "the %s runtime cannot run commands", rt->d->name);
	memset(&de, 0, sizeof(de));
	fflush(stdout);
	if (rt->runtime.exec(i.id, (const char *const *)(argv + dash + 1), write_out, NULL, &status, &de))
		return instcli_rt_fail(e, EXIT_RUNTIME, &de, i.name);
	return status;
}

const command cmd_list = {
	.name = "list",
	.summary = "list managed instances",
	.usage = "usage: dbarena list [--all] [--json]\n\n"
		 "Running instances of every runtime; --all adds stopped ones.  Passwords are masked.\n",
	.run = list_main,
};
const command cmd_inspect = {
	.name = "inspect",
	.summary = "show one instance",
	.usage = "usage: dbarena inspect NAME [--json] [--show-password]\n",
	.run = inspect_main,
};
const command cmd_url = {
	.name = "url",
	.summary = "print an instance's connection URL",
	.usage = "usage: dbarena url NAME\n\nPrints the URL with the real password (it is for connecting).\n",
	.run = url_main,
};
const command cmd_logs = {
	.name = "logs",
	.summary = "show an instance's server log",
	.usage = "usage: dbarena logs NAME [--follow] [--tail N]\n",
	.run = logs_main,
};
const command cmd_exec = {
	.name = "exec",
	.summary = "run a command inside an instance",
	.usage = "usage: dbarena exec NAME -- CMD [ARG...]\n\n"
		 "The exit status of CMD is passed through.  Native instances get PGHOST/PGPORT/\n"
		 "PGUSER/PGPASSWORD/PGDATABASE (or MYSQL_HOST/MYSQL_TCP_PORT/MYSQL_PWD) set.\n",
	.run = exec_main,
};
