/* dbarena plugins [--json] */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "../engines.h"
#include "../plugins.h"
#include "../ui.h"
#include "cli.h"

static void caps_words(uint32_t caps, int kind, char *buf, size_t cap)
{
	static const struct { uint32_t bit; const char *name; } names[] = {
		{ DBA_CAP_BULK_LOAD, "bulk_load" }, { DBA_CAP_PREPARE, "prepare" },
		{ DBA_CAP_TRANSACTIONS, "transactions" }, { DBA_CAP_SCHEMAS, "schemas" },
		{ DBA_CAP_RETURNING, "returning" }, { DBA_CAP_HOST_WAIT, "host_wait" },
		{ DBA_CAP_RT_LOGS_FOLLOW, "logs_follow" },
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

/* "scheme,scheme": a driver's schemes, or its name when it declares none. */
static void scheme_words(const dba_plugin *d, char *buf, size_t cap)
{
	buf[0] = '\0';
	if (d->kind != DBA_KIND_DRIVER)
		return;
	if (!d->schemes || !d->schemes[0])
		snprintf(buf, cap, "%s", d->name);
	for (size_t i = 0; d->schemes && d->schemes[i]; i++) {
		if (buf[0])
			strncat(buf, ",", cap - strlen(buf) - 1);
		strncat(buf, d->schemes[i], cap - strlen(buf) - 1);
	}
}

static json_t *schemes_json(const dba_plugin *d)
{
	json_t *a = json_array();

	if (d->kind != DBA_KIND_DRIVER)
		return a;
	if (!d->schemes || !d->schemes[0])
		json_array_append_new(a, json_string(d->name));
	for (size_t i = 0; d->schemes && d->schemes[i]; i++)
		json_array_append_new(a, json_string(d->schemes[i]));
	return a;
}

/* The engine files after the plugins (text output only: the JSON stays a list of plugins). */
static void print_engines(void)
{
	static const char *const hdr[] = { "engine", "aliases", "scheme", "port", "runtimes", "path" };
	const engine_file *const *v;
	size_t n;
	ui_table *t;
	err e;

	memset(&e, 0, sizeof(e));
	if (engines_all(&v, &n, &e)) {
		printf("\nengines: %s\n", e.msg);
		return;
	}
	if (!n) {
		printf("\nno engine files found (ENGINE.ini in an engines directory beside the plugins)\n");
		return;
	}
	t = ui_table_new(6, hdr);
	for (size_t i = 0; i < n; i++) {
		char aliases[256] = "", port[16], rts[64] = "";
		const char *cells[6];
		static const char *const runtimes[] = { "docker", "native" };

		for (size_t k = 0; v[i]->aliases && v[i]->aliases[k]; k++) {
			if (aliases[0])
				strncat(aliases, ",", sizeof(aliases) - strlen(aliases) - 1);
			strncat(aliases, v[i]->aliases[k], sizeof(aliases) - strlen(aliases) - 1);
		}
		for (size_t k = 0; k < 2; k++)
			if (engines_has_section(v[i], runtimes[k])) {
				if (rts[0])
					strncat(rts, ",", sizeof(rts) - strlen(rts) - 1);
				strncat(rts, runtimes[k], sizeof(rts) - strlen(rts) - 1);
			}
		snprintf(port, sizeof(port), "%d", v[i]->port);
		cells[0] = v[i]->name;
		cells[1] = aliases;
		cells[2] = v[i]->scheme;
		cells[3] = port;
		cells[4] = rts;
		cells[5] = v[i]->path;
		ui_table_add(t, cells);
	}
	printf("\n");
	ui_table_print(t, stdout);
	ui_table_free(t);
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
				json_object_set_new(o, "schemes", schemes_json(d));
				json_object_set_new(o, "package", json_string(d->package ? d->package : ""));
			}
			json_array_append_new(arr, o);
		}
		s = json_dumps(arr, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		printf("%s\n", s);
		free(s);
		json_decref(arr);
	} else {
		static const char *const hdr[] = { "name", "kind", "version", "abi", "caps", "schemes", "status", "path" };
		ui_table *t = ui_table_new(8, hdr);

		for (size_t i = 0; i < n; i++) {
			char caps[256] = "", abi[32] = "", schemes[256] = "";
			const dba_plugin *d = v[i].p ? v[i].p->d : NULL;
			const char *cells[8];

			if (d) {
				caps_words(d->caps, d->kind, caps, sizeof(caps));
				scheme_words(d, schemes, sizeof(schemes));
				snprintf(abi, sizeof(abi), "%u.%u", d->abi_major, d->abi_minor);
			}
			cells[0] = v[i].name;
			cells[1] = d ? (d->kind == DBA_KIND_DRIVER ? "driver" : "runtime") : "";
			cells[2] = d && d->version ? d->version : "";
			cells[3] = abi;
			cells[4] = caps;
			cells[5] = schemes;
			cells[6] = v[i].status;
			cells[7] = v[i].path;
			ui_table_add(t, cells);
		}
		if (n)
			ui_table_print(t, stdout);
		else
			printf("no plugins found\n");
		ui_table_free(t);
		print_engines();
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
		 "kind, version, ABI, capabilities, the URL schemes a driver serves, load status\n"
		 "and path, then the engine files `dbarena create` reads (text output only).\n",
	.run = plugins_main,
};
