/* dbarena seed TARGET --config FILE [...]   and   dbarena seed init TARGET [--tables T,...] */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "../dist/barrier.h"
#include "dist_opts.h"
#include "../ini.h"
#include "../results/seed_results.h"
#include "../seed/seed.h"
#include "../sig.h"
#include "../ui.h"
#include "cli.h"

static void summary(const seed_cfg *cfg, const seed_opts *o, int rc, FILE *f)
{
	static const char *const hdr[] = { "table", "rows", "seconds", "rows/s", "status" };
	ui_table *t = ui_table_new(5, hdr);
	unsigned long long total = 0;
	double secs = 0;

	for (unsigned c = 1; c <= 3; c++)
		ui_table_align_right(t, c);
	for (size_t i = 0; i < cfg->ntables; i++) {
		const seed_table *st = cfg->order ? cfg->order[i] : &cfg->tables[i];
		char rows[32], s[32], rate[32];
		const char *status = o->csv_dir ? (st->committed ? "written" : "not written") :
			st->committed ? "committed" : rc == 0 ? "committed" : "rolled back";
		const char *cells[5] = { st->display, rows, s, rate, status };

		ui_fmt_count(rows, sizeof(rows), st->done);
		snprintf(s, sizeof(s), "%.2f", st->secs);
		ui_fmt_rate(rate, sizeof(rate), st->secs > 0 ? (double)st->done / st->secs : 0);
		ui_table_add(t, cells);
		total += st->done;
		secs += st->secs;
	}
	{
		char rows[32], s[32], rate[32];
		const char *cells[5] = { "total", rows, s, rate, "" };

		ui_fmt_count(rows, sizeof(rows), total);
		snprintf(s, sizeof(s), "%.2f", secs);
		ui_fmt_rate(rate, sizeof(rate), secs > 0 ? (double)total / secs : 0);
		ui_table_add(t, cells);
	}
	ui_table_print(t, f);
	ui_table_free(t);
	for (size_t i = 0; i < cfg->nnotes; i++)
		fprintf(f, "note: %s\n", cfg->notes[i]);
}

static int write_json(const seed_cfg *cfg, const seed_opts *o, int rc, target *tg, dba_conn *c, double start,
		      err *e)
{
	json_t *root = json_object(), *tables = json_array(), *notes = json_array();
	unsigned long long total = 0;
	double secs = 0;
	int bad;

	for (size_t i = 0; i < cfg->ntables; i++) {
		const seed_table *st = cfg->order ? cfg->order[i] : &cfg->tables[i];
		json_t *t = json_object();

		json_object_set_new(t, "table", json_string(st->display));
		json_object_set_new(t, "rows", json_integer((json_int_t)st->done));
		json_object_set_new(t, "seconds", json_real(st->secs));
		json_object_set_new(t, "rows_per_second", json_real(st->secs > 0 ? (double)st->done / st->secs : 0));
		json_object_set_new(t, "committed", json_boolean(st->committed || (rc == 0 && !o->csv_dir)));
		json_array_append_new(tables, t);
		total += st->done;
		secs += st->secs;
	}
	for (size_t i = 0; i < cfg->nnotes; i++)
		json_array_append_new(notes, json_string(cfg->notes[i]));
	json_object_set_new(root, "seed", json_integer((json_int_t)cfg->global_seed));
	json_object_set_new(root, "method", json_string(o->csv_dir ? "csv" : o->method == SEED_INSERT ? "insert" : "bulk"));
	json_object_set_new(root, "jobs", json_integer(o->jobs));
	if (o->worker) {
		json_object_set_new(root, "worker", json_integer(o->worker->index));
		json_object_set_new(root, "workers", json_integer(o->worker->count));
	}
	json_object_set_new(root, "tables", tables);
	json_object_set_new(root, "total_rows", json_integer((json_int_t)total));
	json_object_set_new(root, "total_seconds", json_real(secs));
	json_object_set_new(root, "notes", notes);
	json_object_set_new(root, "exit_code", json_integer(rc));
	results_seed_extend(root, cfg, o, tg, c, start);
	bad = json_dump_file(root, o->json_path, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(root);
	if (bad)
		return err_set(e, EXIT_RUNTIME, "cannot write \"%s\"", o->json_path);
	return 0;
}

static int init_main(int argc, char **argv, err *e)
{
	static const struct option longopts[] = {
		CLI_TARGET_OPTIONS,
		{ "tables", required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 },
	};
	cli_target tg = { 0 };
	char **tables = NULL;
	target t;
	dba_conn *c = NULL;
	int ch, rc = -1;

	memset(&t, 0, sizeof(t));
	while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (cli_target_opt(&tg, ch, optarg))
			continue;
		if (ch == 't') {
			ini_strv_free(tables);
			if (ini_list(optarg, &tables) < 0)
				return err_set(e, EXIT_USAGE, "--tables: bad list \"%s\"", optarg);
			continue;
		}
		return err_set(e, EXIT_USAGE, "seed init: unknown option");
	}
	for (; optind < argc; optind++)
		if (cli_target_operand(&tg, argv[optind], e))
			goto out;
	if (cli_target_check(&tg, "seed init", e) || target_resolve(tg.url, tg.name, &t, e) ||
	    target_connect(&t, &c, e) || seed_init(&t, c, tables, stdout, e))
		goto out;
	rc = EXIT_OK;
out:
	if (c)
		t.ops->disconnect(c);
	target_free(&t);
	ini_strv_free(tables);
	return rc;
}

/* --worker, --workers, --barrier, --barrier-timeout, --now (docs/distributed.md) */
struct seed_dist_args {
	dist_cli cli;        /* the options workload run and bench run share */
	dist_worker w;
};

enum { O_CONFIG = 1, O_SEED, O_SIZE, O_ROWS, O_TRUNCATE, O_INCREMENTAL, O_JOBS, O_METHOD,
       O_BATCH, O_DRY, O_CSV, O_JSON, O_QUIET, O_DEFER, O_NOW };

/* --now: seconds since 1970 (UTC) or YYYY-MM-DD[ T]HH:MM:SS[Z] in UTC. */
static int parse_now(const char *s, int64_t *us, err *e)
{
	struct tm tm;
	char *end;
	long long v;

	memset(&tm, 0, sizeof(tm));
	v = strtoll(s, &end, 10);
	if (end != s && !*end && v > 0) {
		*us = (int64_t)v * 1000000;
		return 0;
	}
	end = strptime(s, "%Y-%m-%d", &tm);
	if (end && (*end == ' ' || *end == 'T'))
		end = strptime(end + 1, "%H:%M:%S", &tm);
	if (end && *end == 'Z')
		end++;
	if (!end || *end || (v = (long long)timegm(&tm)) <= 0)
		return err_set(e, EXIT_USAGE, "--now: expected seconds since 1970 or YYYY-MM-DD HH:MM:SS (UTC), not \"%s\"", s);
	*us = (int64_t)v * 1000000;
	return 0;
}

/* The distributed options and --now; 1 when ch was one of them, -1 on a bad value. */
static int dist_opt(int ch, const char *arg, seed_opts *o, struct seed_dist_args *d, err *e)
{
	if (ch == O_NOW)
		return parse_now(arg, &o->now_us, e) ? -1 : 1;
	return dist_cli_option(&d->cli, ch, arg, e);
}

/* seed's options and target operands into tg, *config and o. */
static int parse_options(int argc, char **argv, cli_target *tg, const char **config, seed_opts *o,
			 struct seed_dist_args *d, err *e)
{
	static const struct option longopts[] = {
		CLI_TARGET_OPTIONS,
		{ "config", required_argument, NULL, O_CONFIG },
		{ "seed", required_argument, NULL, O_SEED },
		{ "size", required_argument, NULL, O_SIZE },
		{ "rows", required_argument, NULL, O_ROWS },
		{ "truncate", no_argument, NULL, O_TRUNCATE },
		{ "incremental", no_argument, NULL, O_INCREMENTAL },
		{ "jobs", required_argument, NULL, O_JOBS },
		{ "method", required_argument, NULL, O_METHOD },
		{ "batch-size", required_argument, NULL, O_BATCH },
		{ "dry-run", no_argument, NULL, O_DRY },
		{ "csv-dir", required_argument, NULL, O_CSV },
		{ "json", required_argument, NULL, O_JSON },
		{ "quiet", no_argument, NULL, O_QUIET },
		{ "defer-indexes", no_argument, NULL, O_DEFER },
		DIST_LONGOPTS,
		{ "now", required_argument, NULL, O_NOW },
		{ NULL, 0, NULL, 0 },
	};
	int ch, dr;
	char *end;

	while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (cli_target_opt(tg, ch, optarg))
			continue;
		if ((dr = dist_opt(ch, optarg, o, d, e)) < 0)
			return -1;
		if (dr)
			continue;
		switch (ch) {
		case O_CONFIG: *config = optarg; break;
		case O_SEED:
		{
			uint64_t v;

			if (cli_seed("--seed", optarg, &v, e))
				return -1;
			o->seed = (long long)v;
			break;
		}
		case O_SIZE:
			if (!strcmp(optarg, "small")) o->size_factor = 0.1;
			else if (!strcmp(optarg, "medium")) o->size_factor = 1;
			else if (!strcmp(optarg, "large")) o->size_factor = 10;
			else return err_set(e, EXIT_USAGE, "--size: expected small, medium or large, not \"%s\"", optarg);
			break;
		case O_ROWS: o->rows = optarg; break;
		case O_TRUNCATE: o->truncate = 1; break;
		case O_INCREMENTAL: o->incremental = 1; break;
		case O_JOBS:
			o->jobs = (int)strtol(optarg, &end, 10);
			if (*end || o->jobs < 1 || o->jobs > 64)
				return err_set(e, EXIT_USAGE, "--jobs: expected 1 to 64, not \"%s\"", optarg);
			break;
		case O_METHOD:
			if (!strcmp(optarg, "bulk")) o->method = SEED_BULK;
			else if (!strcmp(optarg, "insert")) o->method = SEED_INSERT;
			else return err_set(e, EXIT_USAGE, "--method: expected bulk or insert, not \"%s\"", optarg);
			break;
		case O_BATCH:
			o->batch_size = (int)strtol(optarg, &end, 10);
			if (*end || o->batch_size < 1 || o->batch_size > 1000000)
				return err_set(e, EXIT_USAGE, "--batch-size: expected 1 to 1000000, not \"%s\"", optarg);
			break;
		case O_DRY: o->dry_run = 1; break;
		case O_CSV: o->csv_dir = optarg; break;
		case O_JSON: o->json_path = optarg; break;
		case O_QUIET: o->quiet = 1; break;
		case O_DEFER: o->defer_indexes = 1; break;
		default:
			err_set(e, EXIT_USAGE, "seed: unknown option");
			err_hint(e, "dbarena help seed");
			return -1;
		}
	}
	for (; optind < argc; optind++)
		if (cli_target_operand(tg, argv[optind], e))
			return -1;
	if (dist_cli_resolve(&d->cli, &d->w, e))
		return -1;
	o->barrier = d->cli.barrier;
	if (d->cli.timeout > 0)
		o->barrier_timeout = d->cli.timeout;
	if (dist_worker_on(&d->w) || o->barrier)
		o->worker = &d->w;
	return 0;
}

static int seed_main(int argc, char **argv, err *e)
{
	cli_target tg = { 0 };
	const char *config = NULL;
	seed_opts o;
	struct seed_dist_args dist = { 0 };
	seed_cfg cfg;
	target t;
	dba_conn *c = NULL;
	double start = 0;
	int rc = -1;

	if (argc > 1 && !strcmp(argv[1], "init"))
		return init_main(argc - 1, argv + 1, e);
	memset(&o, 0, sizeof(o));
	memset(&cfg, 0, sizeof(cfg));
	memset(&t, 0, sizeof(t));
	o.seed = -1;
	o.size_factor = 1;
	o.jobs = 1;
	if (parse_options(argc, argv, &tg, &config, &o, &dist, e))
		return -1;
	if (o.truncate && o.incremental)
		return err_set(e, EXIT_USAGE, "--truncate and --incremental exclude each other");
	if (!config) {
		err_set(e, EXIT_USAGE, "seed: --config FILE is required");
		err_hint(e, "dbarena seed init TARGET > seed.ini writes a starter config");
		return -1;
	}
	if (cli_target_check(&tg, "seed", e))
		return -1;
	if ((o.json_path && cli_check_out_file("--json", o.json_path, e)) ||
	    (o.csv_dir && cli_check_out_dir("--csv-dir", o.csv_dir, e)))
		return -1;
	/* The whole config is checked before any connection is opened. */
	if (seed_config_load(config, &cfg, e))
		return -1;
	if (o.seed >= 0)
		cfg.global_seed = (uint64_t)o.seed;
	if (seed_apply_counts(&cfg, &o, e))
		goto out;
	if (target_resolve(tg.url, tg.name, &t, e) || target_connect(&t, &c, e))
		goto out;
	if (seed_plan(&cfg, &t, c, &o, e))
		goto out;
	if (o.dry_run) {
		seed_print_plan(&cfg, stdout);
		for (size_t i = 0; i < cfg.nnotes; i++)
			printf("note: %s\n", cfg.notes[i]);
		rc = EXIT_OK;
		goto out;
	}
	start = results_now();
	rc = seed_load(&cfg, &t, c, &o, e);
	{
		int attempted = rc == EXIT_OK || rc == EXIT_INTERRUPTED;

		for (size_t i = 0; i < cfg.ntables; i++)
			attempted |= cfg.tables[i].done > 0;
		if (attempted && !(o.quiet && rc != EXIT_OK))
			summary(&cfg, &o, rc, stdout);
	}
	if (o.json_path) {
		err je;

		memset(&je, 0, sizeof(je));
		if (write_json(&cfg, &o, rc, &t, c, start, &je) && rc == EXIT_OK) {
			*e = je;
			rc = -1;
		}
	}
	if (rc == EXIT_INTERRUPTED && !e->code)
		err_set(e, EXIT_INTERRUPTED, "interrupted");
out:
	/* Table descriptions belong to the driver that made them. */
	for (size_t i = 0; i < cfg.ntables; i++)
		if (cfg.tables[i].meta)
			t.ops->table_free(cfg.tables[i].meta);
	if (c)
		t.ops->disconnect(c);
	target_free(&t);
	seed_config_free(&cfg);
	return rc;
}

const command cmd_seed = {
	.name = "seed",
	.summary = "fill tables with realistic, foreign-key-consistent data",
	.usage =
	"usage: dbarena seed TARGET --config FILE [options]\n"
	"       dbarena seed init TARGET [--tables T,...] > seed.ini\n\n"
	"Fills the tables of a seed config (see the seed INI format in the docs), parents\n"
	"before children, deterministic from the seed, through the driver's bulk path.\n"
	"The run is one transaction: an error or Ctrl-C leaves nothing of it behind.\n\n"
	"  NAME | --container NAME   a managed instance\n"
	"  --url URL                 a server URL (a password in it is hidden from ps, not\n"
	"                            from shell history: prefer DBARENA_PASSWORD or pgpass)\n"
	"  --config FILE             the seed config (required)\n"
	"  --seed N                  global seed (default: the config's, else 42)\n"
	"  --size small|medium|large multiply every count by 0.1 / 1 / 10\n"
	"  --rows T=N[,T=N]...       absolute row counts per table\n"
	"  --truncate                empty the configured tables first (children first)\n"
	"  --incremental             add rows to non-empty tables; sequential continues\n"
	"  --jobs N                  load independent tables in parallel (each table atomic),\n"
	"                            a large table as N row ranges at once (each range atomic)\n"
	"  --defer-indexes           PostgreSQL: drop secondary indexes and FKs in the load's\n"
	"                            transaction, re-create them after the rows\n"
	"  --method bulk|insert      bulk path (default) or multi-row INSERTs\n"
	"  --batch-size N            rows per INSERT with --method insert (default 1000)\n"
	"  --dry-run                 print the plan, write nothing\n"
	"  --csv-dir DIR             write one CSV per table instead of loading\n"
	"  --json FILE               write the summary as JSON\n"
	"  --quiet                   no progress output\n"
	"  --worker I/N              load worker I's share of every table (0 <= I < N);\n"
	"                            N workers load the rows of one seed (docs/distributed.md)\n"
	"  --workers N               worker count, the index from JOB_COMPLETION_INDEX or\n"
	"                            DBARENA_WORKER_SLOT (also DBARENA_WORKER=I/N)\n"
	"  --barrier NAME            workers meet through the database after each FK level\n"
	"  --barrier-timeout S       give up waiting for the others after S s (default 60)\n"
	"  --now TIME                the clock of now-relative generators (seconds or UTC\n"
	"                            YYYY-MM-DD HH:MM:SS); workers otherwise share the\n"
	"                            barrier's start\n",
	.run = seed_main,
};
