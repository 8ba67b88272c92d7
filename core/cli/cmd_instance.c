/*
 * Instance commands (SPEC sections 1 and 4): create, list, inspect, start,
 * stop, restart, destroy, logs, exec, url.  The runtimes do the work; this
 * file parses options, waits for readiness, runs init scripts and prints.
 */
#include <ctype.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "../instance.h"
#include "../sig.h"
#include "../target.h"
#include "../ui.h"
#include "cli.h"

/* ---- shared helpers ---- */

static int unknown_opt(const char *cmd, err *e)
{
	err_set(e, EXIT_USAGE, "%s: unknown option or missing argument", cmd);
	err_hint(e, "dbarena %s --help shows the usage", cmd);
	return EXIT_USAGE;
}

static int rt_fail(err *e, int code, const dba_error *de, const char *what)
{
	err_from_db(e, code, de, what);
	return e->code ? e->code : code;
}

static const char *engine_name(const char *s)
{
	if (!strcmp(s, "postgres") || !strcmp(s, "postgresql") || !strcmp(s, "pg"))
		return "postgres";
	if (!strcmp(s, "mysql") || !strcmp(s, "mariadb"))
		return "mysql";
	if (!strcmp(s, "sqlserver") || !strcmp(s, "mssql"))
		return "sqlserver";
	return NULL;
}

static json_t *inst_json(const dba_instance *i, int show_password)
{
	json_t *o = json_object();
	char *u = instance_url(i, show_password);

	json_object_set_new(o, "name", json_string(i->name));
	json_object_set_new(o, "id", json_string(i->id));
	json_object_set_new(o, "engine", json_string(i->engine));
	json_object_set_new(o, "version", json_string(i->version));
	json_object_set_new(o, "state", json_string(i->state));
	json_object_set_new(o, "runtime", json_string(i->runtime));
	json_object_set_new(o, "image", json_string(i->image));
	json_object_set_new(o, "host", json_string(i->host[0] ? i->host : "127.0.0.1"));
	json_object_set_new(o, "port", json_integer(i->port));
	json_object_set_new(o, "user", json_string(i->user));
	json_object_set_new(o, "password", json_string(show_password ? i->password : "****"));
	json_object_set_new(o, "database", json_string(i->database));
	json_object_set_new(o, "created", json_integer(i->created));
	json_object_set_new(o, "url", json_string(u ? u : ""));
	free(u);
	return o;
}

static void json_print(json_t *v)
{
	char *s = json_dumps(v, JSON_INDENT(2) | JSON_PRESERVE_ORDER);

	printf("%s\n", s ? s : "null");
	free(s);
	json_decref(v);
}

static void created_text(int64_t t, char *buf, size_t cap)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (t <= 0 || !localtime_r(&tt, &tm))
		snprintf(buf, cap, "-");
	else
		strftime(buf, cap, "%Y-%m-%d %H:%M:%S", &tm);
}

/* ---- init scripts ---- */

/*
 * Splits a script into statements at ';' that ends a line (trailing spaces
 * allowed), outside single/double quotes and -- comments.  Good enough for
 * schema scripts; dollar-quoted bodies and DELIMITER blocks are not handled.
 */
static int run_script_text(target *t, dba_conn *c, const char *file, char *text, err *e)
{
	char *stmt = text, *p = text;
	char q = 0;
	int line = 1, stmt_line = 1;

	for (;; p++) {
		int end = *p == '\0';

		if (!end && q) {
			if (*p == q)
				q = 0;
		} else if (!end && (*p == '\'' || *p == '"' || *p == '`')) {
			q = *p;
		} else if (!end && p[0] == '-' && p[1] == '-') {
			while (p[1] && p[1] != '\n')
				p++;
		} else if (end || *p == ';') {
			char *after = p + (end ? 0 : 1);

			while (!end && (*after == ' ' || *after == '\t' || *after == '\r'))
				after++;
			if (end || *after == '\n' || *after == '\0') {
				char saved = *p;
				const char *s = stmt;
				dba_error de;

				*p = '\0';
				while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
					s++;
				memset(&de, 0, sizeof(de));
				if (*s && t->ops->exec(c, s, NULL, NULL, NULL, &de)) {
					char ctx[512];

					snprintf(ctx, sizeof(ctx), "init script %s:%d", file, stmt_line);
					err_from_db(e, EXIT_RUNTIME, &de, ctx);
					return -1;
				}
				*p = saved;
				if (end)
					return 0;
				stmt = p + 1;
				stmt_line = line;
			}
		}
		if (*p == '\n') {
			line++;
			if (stmt == p + 1 || stmt > p)
				stmt_line = line;
		}
	}
}

static int run_init_scripts(const dba_instance *i, char **files, int nfiles, err *e)
{
	char *link = instance_url(i, 1);
	target t;
	dba_conn *c = NULL;
	int rc = 0;

	if (target_resolve(link, NULL, &t, e)) {
		free(link);
		return -1;
	}
	free(link);
	if (target_connect(&t, &c, e)) {
		target_free(&t);
		return -1;
	}
	for (int k = 0; k < nfiles && rc == 0; k++) {
		FILE *f = fopen(files[k], "r");
		char *text = NULL;
		size_t len = 0;

		if (!f) {
			err_set(e, EXIT_USAGE, "cannot read init script %s", files[k]);
			rc = -1;
			break;
		}
		{
			FILE *m = open_memstream(&text, &len);
			char buf[65536];
			size_t n;

			while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
				fwrite(buf, 1, n, m);
			fclose(m);
		}
		fclose(f);
		rc = run_script_text(&t, c, files[k], text, e);
		free(text);
	}
	t.ops->disconnect(c);
	target_free(&t);
	return rc;
}

/* SQL Server's image has no testdb: create it once the server answers. */
static int mssql_create_db(const dba_instance *i, int wait_s, int quiet, err *e)
{
	dba_instance m = *i;
	char *link, sql[256];
	target t;
	dba_conn *c = NULL;
	dba_error de;
	int rc;

	snprintf(m.database, sizeof(m.database), "master");
	if (instance_wait_ready(&m, wait_s, quiet, e))
		return -1;
	link = instance_url(&m, 1);
	rc = target_resolve(link, NULL, &t, e);
	free(link);
	if (rc)
		return -1;
	if (target_connect(&t, &c, e)) {
		target_free(&t);
		return -1;
	}
	snprintf(sql, sizeof(sql), "IF DB_ID(N'%s') IS NULL CREATE DATABASE [%s]", i->database, i->database);
	memset(&de, 0, sizeof(de));
	rc = t.ops->exec(c, sql, NULL, NULL, NULL, &de);
	if (rc)
		err_from_db(e, EXIT_RUNTIME, &de, "creating the database");
	t.ops->disconnect(c);
	target_free(&t);
	return rc ? -1 : 0;
}

/* ---- create ---- */

static int create_main(int argc, char **argv, err *e)
{
	enum { O_NAME = 1, O_VERSION, O_PORT, O_RUNTIME, O_IMAGE, O_MEMORY, O_CPUS, O_ENV, O_NETWORK, O_INIT,
	       O_CONT, O_KEEP, O_WAIT, O_JSON, O_QUIET };
	static const struct option longopts[] = {
		{ "name", required_argument, NULL, O_NAME }, { "version", required_argument, NULL, O_VERSION },
		{ "port", required_argument, NULL, O_PORT }, { "runtime", required_argument, NULL, O_RUNTIME },
		{ "image", required_argument, NULL, O_IMAGE }, { "memory", required_argument, NULL, O_MEMORY },
		{ "cpus", required_argument, NULL, O_CPUS }, { "env", required_argument, NULL, O_ENV },
		{ "network", required_argument, NULL, O_NETWORK },
		{ "init-script", required_argument, NULL, O_INIT },
		{ "continue-on-error", no_argument, NULL, O_CONT }, { "keep-on-error", no_argument, NULL, O_KEEP },
		{ "wait", required_argument, NULL, O_WAIT }, { "json", no_argument, NULL, O_JSON },
		{ "quiet", no_argument, NULL, O_QUIET }, { NULL, 0, NULL, 0 },
	};
	dba_create_opts o;
	const char *runtime = "auto", *engine = NULL, *envs[64];
	char *inits[64], name[128], *endp;
	int c, ninit = 0, keep = 0, cont = 0, wait_s = -1, json = 0, quiet = 0, nenv = 0;
	plugin *rt;
	dba_instance inst;
	dba_error de;

	memset(&o, 0, sizeof(o));
	o.size = sizeof(o);
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case O_NAME: o.name = optarg; break;
		case O_VERSION: o.version = optarg; break;
		case O_PORT:
			o.port = (int32_t)strtol(optarg, &endp, 10);
			if (*endp || o.port <= 0 || o.port > 65535)
				return err_set(e, EXIT_USAGE, "--port: expected 1-65535, not \"%s\"", optarg);
			break;
		case O_RUNTIME: runtime = optarg; break;
		case O_IMAGE: o.image = optarg; break;
		case O_MEMORY:
			o.memory_mb = (int32_t)strtol(optarg, &endp, 10);
			if (*endp || o.memory_mb <= 0)
				return err_set(e, EXIT_USAGE, "--memory: expected megabytes, not \"%s\"", optarg);
			break;
		case O_CPUS:
			o.cpus = strtod(optarg, &endp);
			if (*endp || o.cpus <= 0)
				return err_set(e, EXIT_USAGE, "--cpus: expected a positive number, not \"%s\"", optarg);
			break;
		case O_ENV:
			if (!strchr(optarg, '=') || nenv >= 64)
				return err_set(e, EXIT_USAGE, "--env: expected KEY=VAL, not \"%s\"", optarg);
			envs[nenv++] = optarg;
			break;
		case O_NETWORK:
			if (strcmp(optarg, "host"))
				return err_set(e, EXIT_USAGE, "--network: only \"host\" is supported, not \"%s\"", optarg);
			o.network_host = 1;
			break;
		case O_INIT:
			if (ninit >= 64)
				return err_set(e, EXIT_USAGE, "--init-script: at most 64 files");
			inits[ninit++] = optarg;
			break;
		case O_CONT: cont = 1; break;
		case O_KEEP: keep = 1; break;
		case O_WAIT:
			wait_s = (int)strtol(optarg, &endp, 10);
			if (*endp || wait_s <= 0)
				return err_set(e, EXIT_USAGE, "--wait: expected seconds, not \"%s\"", optarg);
			break;
		case O_JSON: json = 1; break;
		case O_QUIET: quiet = 1; break;
		default: return unknown_opt("create", e);
		}
	}
	if (optind != argc - 1) {
		err_set(e, EXIT_USAGE, "create: expected one ENGINE (postgres, mysql, sqlserver)");
		err_hint(e, "dbarena create postgres");
		return EXIT_USAGE;
	}
	if (!(engine = engine_name(argv[optind]))) {
		err_set(e, EXIT_USAGE, "unknown engine \"%s\"", argv[optind]);
		err_hint(e, "engines: postgres (postgresql, pg), mysql (mariadb), sqlserver (mssql)");
		return EXIT_USAGE;
	}
	for (int k = 0; k < ninit; k++)
		if (access(inits[k], R_OK))
			return err_set(e, EXIT_USAGE, "cannot read init script %s", inits[k]);
	o.engine = engine;
	o.env = envs;
	o.nenv = (uint32_t)nenv;
	if (!strcmp(engine, "postgres")) {
		o.user = "postgres";
		o.password = "postgres";
	} else if (!strcmp(engine, "mysql")) {
		o.user = "root";
		o.password = "mysql";
	} else {
		o.user = "sa";
		o.password = "YourStrong@Passw0rd";
	}
	o.database = "testdb";
	if (wait_s < 0)
		wait_s = !strcmp(engine, "sqlserver") ? 180 : 60;
	if (!o.name) {
		unsigned r;
		FILE *f = fopen("/dev/urandom", "r");

		if (!f || fread(&r, sizeof(r), 1, f) != 1)
			r = (unsigned)time(NULL) ^ (unsigned)getpid();
		if (f)
			fclose(f);
		snprintf(name, sizeof(name), "dbarena-%s-%06x", engine, r & 0xffffffu);
		o.name = name;
	}
	for (const char *p = o.name; *p; p++)
		if (!(isalnum((unsigned char)*p) || (p > o.name && strchr("_.-", *p)))) {
			err_set(e, EXIT_USAGE, "bad instance name \"%s\"", o.name);
			err_hint(e, "use letters, digits, '_', '.' and '-', starting with a letter or digit");
			return EXIT_USAGE;
		}
	{
		plugin *other;
		dba_instance dup;
		err ignore;

		memset(&ignore, 0, sizeof(ignore));
		if (instance_find(o.name, &other, &dup, &ignore) == 0 && !strcmp(dup.name, o.name)) {
			err_set(e, EXIT_USAGE, "an instance named \"%s\" already exists", o.name);
			err_hint(e, "pick another --name, or dbarena destroy %s", o.name);
			return EXIT_USAGE;
		}
	}
	if (instance_runtime(runtime, engine, &rt, e))
		return e->code;
	if (!quiet)
		fprintf(stderr, "creating %s (%s, %s runtime)\n", o.name, engine, rt->d->name);
	memset(&inst, 0, sizeof(inst));
	memset(&de, 0, sizeof(de));
	if (rt->runtime.create(&o, &inst, &de)) {
		rt_fail(e, EXIT_RUNTIME, &de, "create");
		goto failed;
	}
	if (!strcmp(engine, "sqlserver") ? mssql_create_db(&inst, wait_s, quiet, e)
					  : instance_wait_ready(&inst, wait_s, quiet, e))
		goto failed;
	if (ninit && run_init_scripts(&inst, inits, ninit, e)) {
		if (!cont)
			goto failed;
		err_print(e);
		memset(e, 0, sizeof(*e));
	}
	{
		dba_instance fresh;

		memset(&de, 0, sizeof(de));
		if (rt->runtime.inspect(inst.name, &fresh, &de) == 0)
			inst = fresh;
	}
	if (json) {
		json_print(inst_json(&inst, 0));
	} else {
		char *u = instance_url(&inst, 0);

		printf("%s\n", inst.name);
		if (!quiet)
			fprintf(stderr, "%s is ready: %s %s on 127.0.0.1:%d  %s\n  dbarena url %s   prints the full URL\n",
				inst.name, inst.engine, inst.version, inst.port, u ? u : "", inst.name);
		free(u);
	}
	return EXIT_OK;
failed:
	if (keep) {
		err_hint(e, "the instance was kept (--keep-on-error): dbarena logs %s; dbarena destroy %s", o.name,
			 o.name);
	} else {
		dba_error de2;

		memset(&de2, 0, sizeof(de2));
		if (!e->hint[0])
			err_hint(e, "the instance was removed; --keep-on-error keeps it for dbarena logs");
		rt->runtime.remove(o.name, 1, &de2);
	}
	return e->code ? e->code : EXIT_RUNTIME;
}

/* ---- list / inspect / url ---- */

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
			return unknown_opt("list", e);
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
			created_text(v[i].created, created, sizeof(created));
			cells[0] = v[i].name;
			cells[1] = v[i].engine;
			cells[2] = v[i].version;
			cells[3] = v[i].state;
			cells[4] = v[i].runtime;
			cells[5] = port;
			cells[6] = created;
			cells[7] = u ? u : "";
			ui_table_add(t, cells);
			json_array_append_new(arr, inst_json(&v[i], 0));
			free(u);
			total++;
		}
		rts[r]->runtime.list_free(v);
	}
	if (json)
		json_print(arr);
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
			return unknown_opt("inspect", e);
	}
	if (optind != argc - 1)
		return err_set(e, EXIT_USAGE, "inspect: expected one NAME");
	if (instance_find(argv[optind], &rt, &i, e))
		return e->code;
	if (json) {
		json_print(inst_json(&i, show));
	} else {
		char created[32], *u = instance_url(&i, show);

		created_text(i.created, created, sizeof(created));
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

/* ---- start / stop / restart / destroy ---- */

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
			return unknown_opt(argv[0], e);
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
			int w = wait_s > 0 ? wait_s : !strcmp(i.engine, "sqlserver") ? 180 : 60;

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
			return unknown_opt("destroy", e);
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
			return unknown_opt("logs", e);
	}
	if (optind != argc - 1)
		return err_set(e, EXIT_USAGE, "logs: expected one NAME");
	if (instance_find(argv[optind], &rt, &i, e))
		return e->code;
	memset(&de, 0, sizeof(de));
	if (rt->runtime.logs(i.id, follow, tail, write_out, NULL, &de))
		return rt_fail(e, EXIT_RUNTIME, &de, i.name);
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
		return rt_fail(e, EXIT_RUNTIME, &de, i.name);
	return status;
}

const command cmd_create = {
	.name = "create",
	.summary = "start a throwaway database and wait until it accepts connections",
	.usage = "usage: dbarena create ENGINE [--name NAME] [--version V] [--port N] [--runtime auto|docker|native]\n"
		 "               [--image IMG] [--memory MB] [--cpus N] [--env KEY=VAL]... [--network host]\n"
		 "               [--init-script FILE]... [--continue-on-error] [--keep-on-error] [--wait SECONDS] [--json]\n\n"
		 "ENGINE: postgres (postgresql, pg), mysql (mariadb), sqlserver (mssql).\n"
		 "Prints the instance name on stdout once the database accepts connections\n"
		 "(--wait, default 60 s; 180 s for SQL Server).  Init scripts run through the\n"
		 "driver after ready; a failed create is removed unless --keep-on-error.\n",
	.run = create_main,
};
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
const command cmd_url = {
	.name = "url",
	.summary = "print an instance's connection URL",
	.usage = "usage: dbarena url NAME\n\nPrints the URL with the real password (it is for connecting).\n",
	.run = url_main,
};
