/* dbarena plugins [--json] */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "../plugins.h"
#include "../ui.h"
#include "cli.h"

static void caps_words(uint32_t caps, int kind, char *buf, size_t cap)
{
	static const struct { uint32_t bit; const char *name; } names[] = {
		{ DBA_CAP_BULK_LOAD, "bulk_load" }, { DBA_CAP_PREPARE, "prepare" },
		{ DBA_CAP_TRANSACTIONS, "transactions" }, { DBA_CAP_SCHEMAS, "schemas" },
		{ DBA_CAP_RETURNING, "returning" }, { DBA_CAP_RT_LOGS_FOLLOW, "logs_follow" },
		{ DBA_CAP_RT_EXEC, "exec" }, { DBA_CAP_RT_LIMITS, "limits" },
	};

	(void)kind;
	buf[0] = '\0';
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (caps & names[i].bit) {
			if (buf[0])
				strncat(buf, ",", cap - strlen(buf) - 1);
			strncat(buf, names[i].name, cap - strlen(buf) - 1);
		}
}

static int plugins_main(int argc, char **argv, err *e)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 },
	};
	plugins_info *v;
	size_t n;
	int c, json = 0;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (c != 'j') {
			err_set(e, EXIT_USAGE, "plugins: unknown option \"%s\"", argv[optind - 1]);
			err_hint(e, "dbarena help plugins");
			return -1;
		}
		json = 1;
	}
	if (optind < argc) {
		err_set(e, EXIT_USAGE, "plugins: unexpected argument \"%s\"", argv[optind]);
		err_hint(e, "dbarena help plugins");
		return -1;
	}
	plugins_scan(&v, &n);
	if (json) {
		json_t *arr = json_array();
		char *s;

		for (size_t i = 0; i < n; i++) {
			json_t *o = json_object();
			char caps[256], abi[32];

			json_object_set_new(o, "name", json_string(v[i].name));
			json_object_set_new(o, "path", json_string(v[i].path));
			json_object_set_new(o, "status", json_string(v[i].status));
			if (v[i].p) {
				const dba_plugin *d = v[i].p->d;

				caps_words(d->caps, d->kind, caps, sizeof(caps));
				snprintf(abi, sizeof(abi), "%u.%u", d->abi_major, d->abi_minor);
				json_object_set_new(o, "kind", json_string(d->kind == DBA_KIND_DRIVER ? "driver" : "runtime"));
				json_object_set_new(o, "version", json_string(d->version ? d->version : ""));
				json_object_set_new(o, "abi", json_string(abi));
				json_object_set_new(o, "caps", json_string(caps));
				json_object_set_new(o, "package", json_string(d->package ? d->package : ""));
			}
			json_array_append_new(arr, o);
		}
		s = json_dumps(arr, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		printf("%s\n", s);
		free(s);
		json_decref(arr);
	} else {
		static const char *const hdr[] = { "name", "kind", "version", "abi", "caps", "status", "path" };
		ui_table *t = ui_table_new(7, hdr);

		for (size_t i = 0; i < n; i++) {
			char caps[256] = "", abi[32] = "";
			const dba_plugin *d = v[i].p ? v[i].p->d : NULL;
			const char *cells[7];

			if (d) {
				caps_words(d->caps, d->kind, caps, sizeof(caps));
				snprintf(abi, sizeof(abi), "%u.%u", d->abi_major, d->abi_minor);
			}
			cells[0] = v[i].name;
			cells[1] = d ? (d->kind == DBA_KIND_DRIVER ? "driver" : "runtime") : "";
			cells[2] = d && d->version ? d->version : "";
			cells[3] = abi;
			cells[4] = caps;
			cells[5] = v[i].status;
			cells[6] = v[i].path;
			ui_table_add(t, cells);
		}
		if (n)
			ui_table_print(t, stdout);
		else
			printf("no plugins found\n");
		ui_table_free(t);
	}
	plugins_scan_free(v, n);
	return EXIT_OK;
}

const command cmd_plugins = {
	.name = "plugins",
	.summary = "list the driver and runtime plugins found",
	.usage = "usage: dbarena plugins [--json]\n\n"
		 "Lists every plugin in the search path (--plugin-dir, DBARENA_PLUGIN_PATH,\n"
		 "[core] plugin_dir, the installed plugin directory, the build tree) with its\n"
		 "kind, version, ABI, capabilities, path and load status.\n",
	.run = plugins_main,
};
