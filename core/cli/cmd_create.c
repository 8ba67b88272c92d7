/*
 * dbarena create ENGINE (SPEC sections 1 and 4).  Everything known of the
 * engine comes from its engine file (core/engines.h); the runtime does the
 * work; this file parses options, waits for readiness, creates the database
 * when the engine asks for it, runs init scripts and prints.
 */
#include <ctype.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../engines.h"
#include "../instance.h"
#include "../plugins.h"
#include "../sqlsplit.h"
#include "../target.h"
#include "cli.h"
#include "instcli.h"

#define MAX_LIST 64

typedef struct create_args {
	dba_create_opts o;
	const char *runtime;
	const char *envs[MAX_LIST];
	char *inits[MAX_LIST];
	int nenv, ninit, keep, cont, wait_s, json, quiet;
	char name[128];
} create_args;

/* ---- init scripts ---- */

typedef struct script_run {
	target *t;
	dba_conn *c;
	const char *file;
	err *e;
} script_run;

static int run_statement(void *ud, const char *sql, int line)
{
	script_run *r = ud;
	dba_error de;

	memset(&de, 0, sizeof(de));
	if (r->t->ops->exec(r->c, sql, NULL, NULL, NULL, &de)) {
		char ctx[512];

		snprintf(ctx, sizeof(ctx), "init script %s:%d", r->file, line);
		err_from_db(r->e, EXIT_RUNTIME, &de, ctx);
		return -1;
	}
	return 0;
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r"), *m;
	char *text = NULL, buf[65536];
	size_t len = 0, n;

	if (!f)
		return NULL;
	if (!(m = open_memstream(&text, &len))) {
		fclose(f);
		return NULL;
	}
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		fwrite(buf, 1, n, m);
	fclose(m);
	fclose(f);
	return text;
}

/* Connects to the instance (as i says) and runs fn; the session is closed after. */
static int with_session(const dba_instance *i, int (*fn)(target *, dba_conn *, void *), void *ud, err *e)
{
	char *link = instance_url(i, 1);
	target t;
	dba_conn *c = NULL;
	int rc;

	rc = target_resolve(link, NULL, &t, e);
	free(link);
	if (rc)
		return -1;
	if (target_connect(&t, &c, e)) {
		target_free(&t);
		return -1;
	}
	rc = fn(&t, c, ud);
	t.ops->disconnect(c);
	target_free(&t);
	return rc;
}

typedef struct scripts {
	char **files;
	int n;
	err *e;
} scripts;

static int run_scripts(target *t, dba_conn *c, void *ud)
{
	scripts *s = ud;

	for (int k = 0; k < s->n; k++) {
		char *text = slurp(s->files[k]);
		script_run r = { t, c, s->files[k], s->e };
		int rc;

		if (!text)
			return err_set(s->e, EXIT_USAGE, "cannot read init script %s", s->files[k]);
		rc = sqlsplit_run(text, run_statement, &r);
		free(text);
		if (rc)
			return -1;
	}
	return 0;
}

/* ---- the database, when the image does not create it ---- */

typedef struct create_db {
	const char *sql;
	err *e;
} create_db;

static int run_create_db(target *t, dba_conn *c, void *ud)
{
	create_db *d = ud;
	dba_error de;

	memset(&de, 0, sizeof(de));
	if (t->ops->exec(c, d->sql, NULL, NULL, NULL, &de))
		return err_from_db(d->e, EXIT_RUNTIME, &de, "creating the database");
	return 0;
}

/* Waits on the engine's admin database, then runs its create_database there. */
static int make_database(const engine_file *en, const dba_instance *i, int wait_s, int quiet, err *e)
{
	dba_instance m = *i;
	create_db d;
	int rc;

	snprintf(m.database, sizeof(m.database), "%s", en->admin_database);
	if (instance_wait_ready(&m, wait_s, quiet, e))
		return -1;
	d.sql = engines_expand(en->create_database, i->user, i->password, i->database, i->port);
	d.e = e;
	if (!d.sql)
		return err_set(e, EXIT_RUNTIME, "out of memory");
	rc = with_session(&m, run_create_db, &d, e);
	free((char *)d.sql);
	return rc;
}

/* ---- options ---- */

static int parse_number(const char *opt, const char *arg, long min, long max, const char *what, long *out, err *e)
{
	char *endp;

	*out = strtol(arg, &endp, 10);
	if (*endp || *out < min || *out > max || !*arg)
		return err_set(e, EXIT_USAGE, "%s: expected %s, not \"%s\"", opt, what, arg);
	return 0;
}

static int parse_args(int argc, char **argv, create_args *a, err *e)
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
	int c;
	long n;

	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case O_NAME: a->o.name = optarg; break;
		case O_VERSION: a->o.version = optarg; break;
		case O_PORT:
			if (parse_number("--port", optarg, 1, 65535, "1-65535", &n, e))
				return -1;
			a->o.port = (int32_t)n;
			break;
		case O_RUNTIME: a->runtime = optarg; break;
		case O_IMAGE: a->o.image = optarg; break;
		case O_MEMORY:
			if (parse_number("--memory", optarg, 1, INT32_MAX, "megabytes", &n, e))
				return -1;
			a->o.memory_mb = (int32_t)n;
			break;
		case O_CPUS:
			if (cli_num("--cpus", optarg, 0.01, 1024, &a->o.cpus, e))
				return -1;
			break;
		case O_ENV:
			if (!strchr(optarg, '=') || a->nenv >= MAX_LIST)
				return err_set(e, EXIT_USAGE, "--env: expected KEY=VAL, not \"%s\"", optarg);
			a->envs[a->nenv++] = optarg;
			break;
		case O_NETWORK:
			if (strcmp(optarg, "host"))
				return err_set(e, EXIT_USAGE, "--network: only \"host\" is supported, not \"%s\"", optarg);
			a->o.network_host = 1;
			break;
		case O_INIT:
			if (a->ninit >= MAX_LIST)
				return err_set(e, EXIT_USAGE, "--init-script: at most 64 files");
			a->inits[a->ninit++] = optarg;
			break;
		case O_CONT: a->cont = 1; break;
		case O_KEEP: a->keep = 1; break;
		case O_WAIT:
			if (parse_number("--wait", optarg, 1, INT32_MAX, "seconds", &n, e))
				return -1;
			a->wait_s = (int)n;
			break;
		case O_JSON: a->json = 1; break;
		case O_QUIET: a->quiet = 1; break;
		default: return instcli_unknown_opt("create", e), -1;
		}
	}
	return 0;
}

static void random_name(create_args *a, const char *engine_name)
{
	unsigned r;
	FILE *f = fopen("/dev/urandom", "r");

	if (!f || fread(&r, sizeof(r), 1, f) != 1)
		r = (unsigned)time(NULL) ^ (unsigned)getpid();
	if (f)
		fclose(f);
	snprintf(a->name, sizeof(a->name), "dbarena-%s-%06x", engine_name, r & 0xffffffu);
	a->o.name = a->name;
}

/* The instance name: valid characters, not taken. */
static int check_name(const char *name, err *e)
{
	plugin *other;
	dba_instance dup;
	err ignore;

	for (const char *p = name; *p; p++)
		if (!(isalnum((unsigned char)*p) || (p > name && strchr("_.-", *p)))) {
			err_set(e, EXIT_USAGE, "bad instance name \"%s\"", name);
			err_hint(e, "use letters, digits, '_', '.' and '-', starting with a letter or digit");
			return -1;
		}
	memset(&ignore, 0, sizeof(ignore));
	if (instance_find(name, &other, &dup, &ignore) == 0 && !strcmp(dup.name, name)) {
		err_set(e, EXIT_USAGE, "an instance named \"%s\" already exists", name);
		err_hint(e, "pick another --name, or dbarena destroy %s", name);
		return -1;
	}
	return 0;
}

/*
 * The runtime: --runtime, or under auto the only runtime the engine file
 * has a section for, if it has one for only one of them.
 */
static int pick_runtime(const char *choice, const engine_file *en, plugin **rt, err *e)
{
	int docker = engines_has_section(en, "docker"), native = engines_has_section(en, "native");

	if (!strcmp(choice, "auto") && docker != native)
		choice = docker ? "docker" : "native";
	if (instance_runtime(choice, en->name, rt, e))
		return -1;
	if (!engines_has_section(en, (*rt)->d->name)) {
		err_set(e, EXIT_USAGE, "the %s runtime cannot run %s", (*rt)->d->name, en->name);
		err_detail(e, "%s has no [%s] section", en->path, (*rt)->d->name);
		err_hint(e, "use another --runtime");
		return -1;
	}
	return 0;
}

/* ---- create ---- */

static int prepare(int argc, char **argv, create_args *a, const engine_file **en, err *e)
{
	char known[1024];

	memset(a, 0, sizeof(*a));
	a->o.size = sizeof(a->o);
	a->runtime = "auto";
	a->wait_s = -1;
	if (parse_args(argc, argv, a, e))
		return -1;
	if (optind != argc - 1) {
		engines_summary(known, sizeof(known));
		err_set(e, EXIT_USAGE, "create: expected one ENGINE (%s)", known);
		err_hint(e, "dbarena create ENGINE; the engines are the files in the engines directory beside the plugins");
		return -1;
	}
	if (engines_find(argv[optind], en, e))
		return -1;
	for (int k = 0; k < a->ninit; k++)
		if (access(a->inits[k], R_OK))
			return err_set(e, EXIT_USAGE, "cannot read init script %s", a->inits[k]);
	a->o.engine = (*en)->name;
	a->o.env = a->envs;
	a->o.nenv = (uint32_t)a->nenv;
	a->o.user = (*en)->user;
	a->o.password = (*en)->password;
	a->o.database = (*en)->database;
	a->o.server_port = (*en)->port;
	if (a->wait_s < 0)
		a->wait_s = (*en)->ready_timeout_s;
	if (!a->o.name)
		random_name(a, (*en)->name);
	return check_name(a->o.name, e);
}

static void print_ready(const create_args *a, const dba_instance *inst)
{
	char *u;

	if (a->json) {
		instcli_json_print(instcli_json(inst, 0));
		return;
	}
	u = instance_url(inst, 0);
	printf("%s\n", inst->name);
	if (!a->quiet)
		fprintf(stderr, "%s is ready: %s %s on 127.0.0.1:%d  %s\n  dbarena url %s   prints the full URL\n",
			inst->name, inst->engine, inst->version, inst->port, u ? u : "", inst->name);
	free(u);
}

static int create_main(int argc, char **argv, err *e)
{
	create_args a;
	const engine_file *en;
	plugin *rt;
	dba_instance inst, fresh;
	dba_param *settings = NULL;
	dba_error de;

	if (prepare(argc, argv, &a, &en, e) || pick_runtime(a.runtime, en, &rt, e))
		return e->code ? e->code : EXIT_USAGE;
	a.o.nsettings = (uint32_t)engines_settings(en, rt->d->name, &settings);
	a.o.settings = settings;
	plugins_set_quiet(a.quiet);
	if (!a.quiet)
		fprintf(stderr, "creating %s (%s, %s runtime)\n", a.o.name, en->name, rt->d->name);
	memset(&inst, 0, sizeof(inst));
	memset(&de, 0, sizeof(de));
	if (rt->runtime.create(&a.o, &inst, &de)) {
		instcli_rt_fail(e, EXIT_RUNTIME, &de, "create");
		goto failed;
	}
	if (en->create_database ? make_database(en, &inst, a.wait_s, a.quiet, e)
				: instance_wait_ready(&inst, a.wait_s, a.quiet, e))
		goto failed;
	if (a.ninit) {
		scripts s = { a.inits, a.ninit, e };

		if (with_session(&inst, run_scripts, &s, e)) {
			if (!a.cont)
				goto failed;
			err_print(e);
			memset(e, 0, sizeof(*e));
		}
	}
	memset(&de, 0, sizeof(de));
	if (rt->runtime.inspect(inst.name, &fresh, &de) == 0)
		inst = fresh;
	print_ready(&a, &inst);
	free(settings);
	return EXIT_OK;
failed:
	free(settings);
	if (a.keep) {
		err_hint(e, "the instance was kept (--keep-on-error): dbarena logs %s; dbarena destroy %s", a.o.name,
			 a.o.name);
	} else {
		memset(&de, 0, sizeof(de));
		if (!e->hint[0])
			err_hint(e, "the instance was removed; --keep-on-error keeps it for dbarena logs");
		rt->runtime.remove(a.o.name, 1, &de);
	}
	return e->code ? e->code : EXIT_RUNTIME;
}

const command cmd_create = {
	.name = "create",
	.summary = "start a throwaway database and wait until it accepts connections",
	.usage = "usage: dbarena create ENGINE [--name NAME] [--version V] [--port N] [--runtime auto|docker|native]\n"
		 "               [--image IMG] [--memory MB] [--cpus N] [--env KEY=VAL]... [--network host]\n"
		 "               [--init-script FILE]... [--continue-on-error] [--keep-on-error] [--wait SECONDS]\n"
		 "               [--json] [--quiet]\n\n"
		 "ENGINE: a name or alias from the engine files installed beside the plugins\n"
		 "(dbarena plugins lists them).  Prints the instance name on stdout once the\n"
		 "database accepts connections (--wait, default the engine's ready_timeout).\n"
		 "Init scripts run through the driver after ready; a failed create is removed\n"
		 "unless --keep-on-error.  --quiet: no progress, only the name.\n",
	.run = create_main,
};
