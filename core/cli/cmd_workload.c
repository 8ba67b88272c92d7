/* dbarena workload run TARGET (--config FILE | --pattern P) [...]   and   dbarena workload patterns */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../ini.h"
#include "../workload/workload.h"
#include "cli.h"

static int num_opt(const char *opt, const char *arg, double lo, double hi, double *out, err *e)
{
	char *end;
	double v = strtod(arg, &end);

	if (!*arg || *end || v < lo || v > hi)
		return err_set(e, EXIT_USAGE, "%s: expected a number from %g to %g, not \"%s\"", opt, lo, hi, arg);
	*out = v;
	return 0;
}

static int run_main(int argc, char **argv, err *e)
{
	enum { O_CONFIG = 1, O_PATTERN, O_TABLES, O_CONN, O_TPS, O_DUR, O_TX, O_WARM, O_SEED, O_INTERVAL,
	       O_JSON, O_MAXERR, O_QUIET, O_STMT_TIMEOUT };
	static const struct option longopts[] = {
		CLI_TARGET_OPTIONS,
		{ "config", required_argument, NULL, O_CONFIG },
		{ "pattern", required_argument, NULL, O_PATTERN },
		{ "tables", required_argument, NULL, O_TABLES },
		{ "connections", required_argument, NULL, O_CONN },
		{ "tps", required_argument, NULL, O_TPS },
		{ "duration", required_argument, NULL, O_DUR },
		{ "transactions", required_argument, NULL, O_TX },
		{ "warmup", required_argument, NULL, O_WARM },
		{ "seed", required_argument, NULL, O_SEED },
		{ "interval", required_argument, NULL, O_INTERVAL },
		{ "json", required_argument, NULL, O_JSON },
		{ "max-error-rate", required_argument, NULL, O_MAXERR },
		{ "quiet", no_argument, NULL, O_QUIET },
		{ "statement-timeout", required_argument, NULL, O_STMT_TIMEOUT },
		{ NULL, 0, NULL, 0 },
	};
	/* CLI values, applied over the config file's. */
	const char *config = NULL, *pattern = NULL, *tables = NULL;
	double conn = -1, tps = -1, dur = -1, tx = -1, warm = -1, seed = -1, stmt_ms = -1, v;
	cli_target tg = { 0 };
	wl_cfg c;
	target t;
	int ch, rc = -1;

	workload_cfg_defaults(&c);
	memset(&t, 0, sizeof(t));
	/* 0, not 1: glibc then re-reads the option string (main parsed its own with "+") */
	optind = 0;
	while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (cli_target_opt(&tg, ch, optarg))
			continue;
		switch (ch) {
		case O_CONFIG: config = optarg; break;
		case O_PATTERN: pattern = optarg; break;
		case O_TABLES: tables = optarg; break;
		case O_CONN: if (num_opt("--connections", optarg, 1, 1000, &conn, e)) goto out; break;
		case O_TPS: if (num_opt("--tps", optarg, 0, 1e7, &tps, e)) goto out; break;
		case O_DUR: if (num_opt("--duration", optarg, 0.001, 1e7, &dur, e)) goto out; break;
		case O_TX: if (num_opt("--transactions", optarg, 1, 1e15, &tx, e)) goto out; break;
		case O_WARM: if (num_opt("--warmup", optarg, 0, 1e6, &warm, e)) goto out; break;
		case O_SEED: if (num_opt("--seed", optarg, 0, 9e15, &seed, e)) goto out; break;
		case O_INTERVAL: if (num_opt("--interval", optarg, 0.1, 1e6, &v, e)) goto out; c.interval = v; break;
		case O_JSON: c.json_path = optarg; break;
		case O_MAXERR: if (num_opt("--max-error-rate", optarg, 0, 100, &v, e)) goto out; c.max_error_rate = v; break;
		case O_QUIET: c.quiet = 1; break;
		case O_STMT_TIMEOUT:
			if (num_opt("--statement-timeout", optarg, 0, 86400000, &stmt_ms, e))
				goto out;
			break;
		default:
			err_set(e, EXIT_USAGE, "workload: unknown option");
			err_hint(e, "dbarena help workload");
			goto out;
		}
	}
	for (; optind < argc; optind++)
		if (cli_target_operand(&tg, argv[optind], e))
			goto out;
	if (!config && !pattern) {
		err_set(e, EXIT_USAGE, "workload run: --config FILE or --pattern P is required");
		err_hint(e, "dbarena workload patterns lists the built-in patterns");
		goto out;
	}
	if (dur > 0 && tx > 0) {
		err_set(e, EXIT_USAGE, "--duration and --transactions exclude each other");
		goto out;
	}
	if (cli_target_check(&tg, "workload run", e))
		goto out;
	/* The whole config is checked before any connection is opened. */
	if (config && workload_config_load(config, &c, e))
		goto out;
	if (pattern && !(c.pattern = workload_pattern(pattern))) {
		err_set(e, EXIT_USAGE, "unknown pattern \"%s\"", pattern);
		err_hint(e, "dbarena workload patterns lists them");
		goto out;
	}
	if (pattern)
		c.has_ops = 0; /* --pattern replaces the config's mix */
	if (tables) {
		ini_strv_free(c.tables);
		c.tables = NULL;
		if (ini_list(tables, &c.tables) < 1) {
			err_set(e, EXIT_USAGE, "--tables: bad list \"%s\"", tables);
			goto out;
		}
	}
	if (conn > 0) c.connections = (int)conn;
	if (tps >= 0) c.tps = tps;
	if (dur > 0) { c.duration = dur; c.transactions = 0; }
	if (tx > 0) c.transactions = (uint64_t)tx;
	if (warm >= 0) c.warmup = warm;
	if (seed >= 0) c.seed = (uint64_t)seed;
	if (workload_config_check(&c, e))
		goto out;
	if (target_resolve(tg.url, tg.name, &t, e))
		goto out;
	if (stmt_ms >= 0)
		c.statement_timeout_ms = (int32_t)ceil(stmt_ms); /* 0.5 is 1 ms, not "none" */
	target_set_statement_timeout(&t, c.statement_timeout_ms);
	rc = workload_run(&c, &t, e);
out:
	target_free(&t);
	workload_cfg_free(&c);
	return rc;
}

static int workload_main(int argc, char **argv, err *e)
{
	if (argc > 1 && !strcmp(argv[1], "patterns")) {
		if (argc > 2)
			return err_set(e, EXIT_USAGE, "workload patterns takes no arguments");
		workload_print_patterns(stdout);
		return EXIT_OK;
	}
	if (argc > 1 && !strcmp(argv[1], "run"))
		return run_main(argc - 1, argv + 1, e);
	return run_main(argc, argv, e);
}

const command cmd_workload = {
	.name = "workload",
	.summary = "drive a database with a workload and report honest latencies",
	.usage =
	"usage: dbarena workload run TARGET (--config FILE | --pattern P) [options]\n"
	"       dbarena workload patterns\n\n"
	"Runs a built-in pattern or a configured mix of operations and custom queries\n"
	"against a live schema at a target rate (open loop: latency counts from each\n"
	"transaction's scheduled start), then prints a summary. `workload` alone means\n"
	"`workload run`.\n\n"
	"  NAME | --container NAME   a managed instance\n"
	"  --url URL                 a server URL\n"
	"  --config FILE             the workload config (see the workload INI format)\n"
	"  --pattern P               a built-in pattern (dbarena workload patterns)\n"
	"  --tables T,...            tables to work on (default: those with a primary key)\n"
	"  --connections N           sessions, one per worker thread (default 10)\n"
	"  --tps N                   target transactions per second (default 100; 0 = as fast as possible)\n"
	"  --duration S              run for S seconds (default 60)\n"
	"  --transactions N          run exactly N transactions instead\n"
	"  --warmup S                run S seconds first without recording\n"
	"  --seed N                  seed for keys, values and arrivals\n"
	"  --interval S              seconds between progress lines when not on a terminal (default 10)\n"
	"  --json FILE               write the summary and the per-second series as JSON\n"
	"  --max-error-rate PCT      exit 1 when more than PCT percent of transactions fail\n"
	"  --statement-timeout MS    cancel statements running longer than MS milliseconds\n"
	"                            (counted as timeouts; the session is then reopened)\n"
	"  --quiet                   no live output\n",
	.run = workload_main,
};
