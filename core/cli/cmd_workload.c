/* dbarena workload run TARGET (--config FILE | --pattern P) [...]   and   dbarena workload patterns */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../ini.h"
#include "../workload/phase.h"
#include "../workload/think.h"
#include "../workload/pgscript.h"
#include "../workload/workload.h"
#include "../workload/xact.h"
#include "cli.h"
#include "dist_opts.h"

/* --phases, --think-time, --keying-time over the config's; fixed: --tps, --duration, --transactions or --warmup given. */
static int pacing_opts(wl_cfg *c, const char *phases, const char *think, const char *keying, int fixed, err *e)
{
	if (think && think_parse(think, &c->think))
		return err_set(e, EXIT_USAGE, "--think-time: bad value \"%s\" (expected 0, constant MS or exponential MEAN_MS)",
			       think);
	if (keying && think_parse(keying, &c->keying))
		return err_set(e, EXIT_USAGE, "--keying-time: bad value \"%s\" (expected 0, constant MS or exponential MEAN_MS)",
			       keying);
	if (phases) {
		phase_cfg_free(c); /* --phases replaces the config's phases */
		if (phase_parse_cli(c, phases, e))
			return -1;
	}
	if (c->nphases && fixed) {
		err_set(e, EXIT_USAGE, "--tps, --duration, --transactions and --warmup do not go with phases");
		err_hint(e, "each phase has its own duration and rate; a warm-up phase replaces --warmup");
		return -1;
	}
	return 0;
}

#define PACING_OPTIONS { "phases", required_argument, NULL, O_PHASES }, \
	{ "think-time", required_argument, NULL, O_THINK }, { "keying-time", required_argument, NULL, O_KEYING }

/* --pattern and --tables over the config's. */
static int mix_opts(wl_cfg *c, const char *pattern, const char *tables, err *e)
{
	if (pattern && !(c->pattern = workload_pattern(pattern))) {
		err_set(e, EXIT_USAGE, "unknown pattern \"%s\"", pattern);
		err_hint(e, "dbarena workload patterns lists them");
		return -1;
	}
	if (pattern)
		c->has_ops = 0; /* --pattern replaces the config's mix */
	if (tables) {
		ini_strv_free(c->tables);
		c->tables = NULL;
		if (ini_list(tables, &c->tables) < 1)
			return err_set(e, EXIT_USAGE, "--tables: bad list \"%s\"", tables);
	}
	return 0;
}

/* What workload run needs before anything is read: something to run, one way to end. */
static int run_args_check(int has_work, int dur_and_tx, err *e)
{
	if (!has_work) {
		err_set(e, EXIT_USAGE, "workload run: --config FILE, --pattern P or --script FILE is required");
		err_hint(e, "dbarena workload patterns lists the built-in patterns");
		return -1;
	}
	if (dur_and_tx)
		return err_set(e, EXIT_USAGE, "--duration and --transactions exclude each other");
	return 0;
}

static int run_main(int argc, char **argv, err *e)
{
	enum { O_CONFIG = 1, O_PATTERN, O_TABLES, O_CONN, O_TPS, O_DUR, O_TX, O_WARM, O_SEED, O_INTERVAL,
	       O_JSON, O_MAXERR, O_QUIET, O_STMT_TIMEOUT, O_PHASES, O_THINK, O_KEYING, O_SCRIPT,
	       O_METRICS, O_METRICS_PUBLIC, O_METRICS_LINGER, O_THREADS, O_DEFINE = 'D' };
	static const struct option longopts[] = {
		CLI_TARGET_OPTIONS,
		{ "config", required_argument, NULL, O_CONFIG },
		{ "pattern", required_argument, NULL, O_PATTERN },
		{ "tables", required_argument, NULL, O_TABLES },
		{ "connections", required_argument, NULL, O_CONN },
		{ "threads", required_argument, NULL, O_THREADS },
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
		WX_LONGOPTS, DIST_LONGOPTS,
		PACING_OPTIONS,
		{ "script", required_argument, NULL, O_SCRIPT },
		{ "define", required_argument, NULL, O_DEFINE },
		{ "metrics-addr", required_argument, NULL, O_METRICS },
		{ "metrics-public", no_argument, NULL, O_METRICS_PUBLIC },
		{ "metrics-linger", required_argument, NULL, O_METRICS_LINGER },
		{ NULL, 0, NULL, 0 },
	};
	/* CLI values, applied over the config file's. */
	const char *config = NULL, *pattern = NULL, *tables = NULL, *phases = NULL, *think = NULL, *keying = NULL;
	double conn = -1, threads = -1, tps = -1, dur = -1, tx = -1, warm = -1, seed = -1, stmt_ms = -1, v;
	uint64_t seed_v = 0;
	cli_target tg = { 0 };
	dist_cli dc = { 0 }; /* --worker, --barrier */
	pgs_run *ps = NULL; /* --script */
	wl_cfg c;
	target t;
	int ch, rc = -1;

	workload_cfg_defaults(&c);
	memset(&t, 0, sizeof(t));
	/* 0, not 1: glibc then re-reads the option string (main parsed its own with "+") */
	optind = 0;
	while ((ch = getopt_long(argc, argv, "D:", longopts, NULL)) != -1) {
		if (cli_target_opt(&tg, ch, optarg))
			continue;
		switch (ch) {
		case O_CONFIG: config = optarg; break;
		case O_PATTERN: pattern = optarg; break;
		case O_TABLES: tables = optarg; break;
		case O_CONN: if (cli_num("--connections", optarg, 1, 1000, &conn, e)) goto out; break;
		case O_THREADS: if (cli_num("--threads", optarg, 1, 1000, &threads, e)) goto out; break;
		case O_TPS: if (cli_num("--tps", optarg, 0, 1e7, &tps, e)) goto out; break;
		case O_DUR: if (cli_num("--duration", optarg, 0.001, 1e7, &dur, e)) goto out; break;
		case O_TX: if (cli_num("--transactions", optarg, 1, 1e15, &tx, e)) goto out; break;
		case O_WARM: if (cli_num("--warmup", optarg, 0, 1e6, &warm, e)) goto out; break;
		case O_SEED: if (cli_seed("--seed", optarg, &seed_v, e)) goto out; seed = 0; break;
		case O_INTERVAL: if (cli_num("--interval", optarg, 0.1, 1e6, &v, e)) goto out; c.interval = c.series_interval = v; break;
		case O_JSON: c.json_path = optarg; break;
		case O_MAXERR: if (cli_num("--max-error-rate", optarg, 0, 100, &v, e)) goto out; c.max_error_rate = v; break;
		case O_QUIET: c.quiet = 1; break;
		case O_PHASES: phases = optarg; break;
		case O_THINK: think = optarg; break; case O_KEYING: keying = optarg; break;
		case O_SCRIPT: case O_DEFINE: if (pgs_option(&ps, ch == O_SCRIPT, optarg, e)) goto out; break;
		case O_METRICS: c.metrics_addr = optarg; break;
		case O_METRICS_PUBLIC: c.metrics_public = 1; break;
		case O_METRICS_LINGER: if (cli_num("--metrics-linger", optarg, 0, 86400, &v, e)) goto out; c.metrics_linger = v; break;
		case O_STMT_TIMEOUT: if (cli_num("--statement-timeout", optarg, 0, 86400000, &stmt_ms, e)) goto out; break;
		default:
			if ((v = wx_option(&c, ch, optarg, e)) > 0 || (v = dist_cli_option(&dc, ch, optarg, e)) > 0)
				break;
			if (v < 0)
				goto out;
			err_set(e, EXIT_USAGE, "workload: unknown option");
			err_hint(e, "dbarena help workload");
			goto out;
		}
	}
	for (; optind < argc; optind++)
		if (cli_target_operand(&tg, argv[optind], e))
			goto out;
	if (run_args_check(config || pattern || ps, dur > 0 && tx > 0, e) ||
	    cli_target_check(&tg, "workload run", e) || (c.json_path && cli_check_out_file("--json", c.json_path, e)))
		goto out;
	/* The whole config is checked before any connection is opened. */
	if (config && workload_config_load(config, &c, e))
		goto out;
	if (mix_opts(&c, pattern, tables, e))
		goto out;
	if (conn > 0) c.connections = (int)conn;
	if (threads > 0) c.threads = (int)threads;
	if (tps >= 0) c.tps = tps;
	if (dur > 0) { c.duration = dur; c.transactions = 0; }
	if (tx > 0) c.transactions = (uint64_t)tx;
	if (warm >= 0) c.warmup = warm;
	if (seed >= 0) c.seed = seed_v;
	if (pacing_opts(&c, phases, think, keying, tps >= 0 || dur > 0 || tx > 0 || warm >= 0, e) ||
	    (ps && pgs_setup(ps, &c, e)) || workload_config_check(&c, e) || wx_options_check(&c, e) ||
	    dist_cli_apply(&dc, &c, e))
		goto out;
	if (target_resolve(tg.url, tg.name, &t, e) || (ps && pgs_attach(ps, &t, e)))
		goto out;
	if (stmt_ms >= 0)
		c.statement_timeout_ms = (int32_t)ceil(stmt_ms); /* 0.5 is 1 ms, not "none" */
	target_set_statement_timeout(&t, c.statement_timeout_ms);
	rc = workload_run(&c, &t, e);
out:
	target_free(&t);
	workload_cfg_free(&c);
	pgs_free(ps);
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
	"usage: dbarena workload run TARGET (--config FILE | --pattern P | --script FILE...) [options]\n"
	"       dbarena workload patterns\n\n"
	"Runs a built-in pattern or a configured mix of operations and custom queries\n"
	"against a live schema at a target rate (open loop: latency counts from each\n"
	"transaction's scheduled start), then prints a summary. `workload` alone means\n"
	"`workload run`.\n\n"
	"  NAME | --container NAME   a managed instance\n"
	"  --url URL                 a server URL (a password in it is hidden from ps, not\n"
	"                            from shell history: prefer DBARENA_PASSWORD or pgpass)\n"
	"  --config FILE             the workload config (see the workload INI format)\n"
	"  --pattern P               a built-in pattern (dbarena workload patterns)\n"
	"  --tables T,...            tables to work on (default: those with a primary key)\n"
	"  --connections N           sessions (default 10)\n"
	"  --threads N               worker threads sharing the sessions (default one per session;\n"
	"                            fewer, as pgbench -j, for drivers with host_wait in dbarena plugins)\n"
	"  --tps N                   target transactions per second (default 100; 0 = as fast as possible)\n"
	"  --duration S              run for S seconds (default 60)\n"
	"  --transactions N          run exactly N transactions instead\n"
	"  --warmup S                run S seconds first without recording\n"
	"  --seed N                  seed for keys, values and arrivals\n"
	"  --interval S              seconds between progress lines when not on a terminal and between\n"
	"                            the JSON file's interval points (default: lines 10, points 1)\n"
	"  --json FILE               write the summary and the per-second series as JSON\n"
	"  --max-error-rate PCT      exit 1 when more than PCT percent of transactions fail\n"
	"  --statement-timeout MS    cancel statements running longer than MS milliseconds\n"
	"                            (counted as timeouts; the session is then reopened)\n"
	WX_HELP
	"  --phases P,...            phases in order, each [warmup:]DURATION@RATE, RATE a TPS or a\n"
	"                            linear ramp FROM..TO (e.g. warmup:10s@100,60s@100..1000,2m@1000);\n"
	"                            replaces the config's [phase] sections, --tps and --duration\n"
	"  --think-time T            a connection's pause after each transaction: 0, constant MS\n"
	"                            or exponential MEAN_MS (not part of latency; see the docs: it\n"
	"                            changes what TPS means)\n"
	"  --keying-time T           the pause before each transaction, same forms\n"
	"  --quiet                   no live output\n"
	"  --script FILE[@W]         run a pgbench script (repeatable; W: its relative weight, default 1)\n"
	"  -D, --define NAME=VALUE   a variable for the scripts (:scale defaults to 1)\n"
	"  --metrics-addr HOST:PORT  serve Prometheus metrics on GET /metrics while the run lasts\n"
	"                            (:PORT = 127.0.0.1:PORT; loopback only unless --metrics-public)\n"
	"  --metrics-public          allow a --metrics-addr off loopback (no authentication)\n"
	"  --metrics-linger S        keep serving the final figures S seconds after the run\n"
	DIST_USAGE,
	.run = workload_main,
};
