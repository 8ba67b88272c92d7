/* dbarena bench list | prepare | run | check | cleanup TARGET NAME   (core/bench) */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../bench/bench.h"
#include "../workload/xact.h"
#include "../workload/phase.h"
#include "../workload/think.h"
#include "cli.h"
#include "dist_opts.h"

enum { O_SCALE = 1, O_TABLES, O_JOBS, O_FORCE, O_MODE, O_SELECT, O_SIMPLE, O_CONN, O_TPS, O_DUR,
       O_TX, O_WARM, O_SEED, O_INTERVAL, O_JSON, O_MAXERR, O_QUIET, O_STMT_TIMEOUT, O_POISSON,
       O_PHASES, O_THINK, O_KEYING, O_METRICS, O_METRICS_PUBLIC, O_METRICS_LINGER, O_THREADS };

typedef struct args {
	cli_target tg;
	const char *name;
	bench_opts o;
	wl_cfg c;
	double stmt_ms;
	dist_cli dc;
	int dur_set, tx_set, tps_set, warm_set;
} args;

static int num_opt(const char *opt, const char *arg, double lo, double hi, double *out, err *e)
{
	char *end;
	double v = strtod(arg, &end);

	if (!*arg || *end || v < lo || v > hi)
		return err_set(e, EXIT_USAGE, "%s: expected a number from %g to %g, not \"%s\"", opt, lo, hi, arg);
	*out = v;
	return 0;
}

static int one_opt(args *a, int ch, const char *arg, err *e)
{
	double v;

	switch (ch) {
	case O_SCALE: if (num_opt("--scale", arg, 1, 1e9, &v, e)) return -1; a->o.scale = v; break;
	case O_TABLES: if (num_opt("--tables", arg, 1, 60, &v, e)) return -1; a->o.tables = (int)v; break;
	case O_JOBS: if (num_opt("--jobs", arg, 1, 256, &v, e)) return -1; a->o.jobs = (int)v; break;
	case O_FORCE: a->o.force = 1; break;
	case O_MODE: a->o.mode = arg; break;
	case 'S':
	case O_SELECT: a->o.mode = "select-only"; break;
	case 'N':
	case O_SIMPLE: a->o.mode = "simple-update"; break;
	case O_CONN: if (num_opt("--connections", arg, 1, 1000, &v, e)) return -1; a->c.connections = (int)v; break;
	case O_THREADS: if (num_opt("--threads", arg, 1, 1000, &v, e)) return -1; a->c.threads = (int)v; break;
	case O_TPS: if (num_opt("--tps", arg, 0, 1e7, &v, e)) return -1; a->c.tps = v; a->tps_set = 1; break;
	case O_DUR: if (num_opt("--duration", arg, 0.001, 1e7, &v, e)) return -1; a->c.duration = v; a->dur_set = 1; break;
	case O_TX: if (num_opt("--transactions", arg, 1, 1e15, &v, e)) return -1; a->c.transactions = (uint64_t)v; a->tx_set = 1; break;
	case O_WARM: if (num_opt("--warmup", arg, 0, 1e6, &v, e)) return -1; a->c.warmup = v; a->warm_set = 1; break;
	case O_PHASES: phase_cfg_free(&a->c); if (phase_parse_cli(&a->c, arg, e)) return -1; break;
	case O_THINK:
		if (!strncmp(arg, "tpcc", 4) && (!arg[4] || arg[4] == ':')) {
			if (arg[4] && num_opt("--think-time tpcc:F", arg + 5, 1e-6, 100, &a->o.tpcc_think, e))
				return -1;
			if (!arg[4])
				a->o.tpcc_think = 1;
			break;
		}
		/* fall through */
	case O_KEYING:
		if (think_parse(arg, ch == O_THINK ? &a->c.think : &a->c.keying))
			return err_set(e, EXIT_USAGE, "%s: bad value \"%s\" (expected 0, constant MS or exponential MEAN_MS)",
				       ch == O_THINK ? "--think-time" : "--keying-time", arg);
		break;
	case O_SEED: if (num_opt("--seed", arg, 0, 9e15, &v, e)) return -1; a->c.seed = (uint64_t)v; break;
	case O_INTERVAL: if (num_opt("--interval", arg, 0.1, 1e6, &v, e)) return -1; a->c.interval = v; break;
	case O_JSON: a->c.json_path = arg; break;
	case O_MAXERR: if (num_opt("--max-error-rate", arg, 0, 100, &v, e)) return -1; a->c.max_error_rate = v; break;
	case O_QUIET: a->c.quiet = a->o.quiet = 1; break;
	case O_POISSON: a->c.poisson = 1; break;
	case O_STMT_TIMEOUT: if (num_opt("--statement-timeout", arg, 0, 86400000, &a->stmt_ms, e)) return -1; break;
	case O_METRICS: a->c.metrics_addr = arg; break;
	case O_METRICS_PUBLIC: a->c.metrics_public = 1; break;
	case O_METRICS_LINGER: if (num_opt("--metrics-linger", arg, 0, 86400, &v, e)) return -1; a->c.metrics_linger = v; break;
	default:
		if ((v = wx_option(&a->c, ch, arg, e)) > 0 || (v = dist_cli_option(&a->dc, ch, arg, e)) > 0)
			break;
		if (v < 0)
			return -1;
		err_set(e, EXIT_USAGE, "bench: unknown option");
		err_hint(e, "dbarena help bench");
		return -1;
	}
	return 0;
}

static int parse(int argc, char **argv, args *a, err *e)
{
	static const struct option longopts[] = {
		CLI_TARGET_OPTIONS,
		{ "scale", required_argument, NULL, O_SCALE },
		{ "tables", required_argument, NULL, O_TABLES },
		{ "jobs", required_argument, NULL, O_JOBS },
		{ "force", no_argument, NULL, O_FORCE },
		{ "mode", required_argument, NULL, O_MODE },
		{ "select-only", no_argument, NULL, O_SELECT },
		{ "simple-update", no_argument, NULL, O_SIMPLE },
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
		{ "poisson", no_argument, NULL, O_POISSON },
		{ "statement-timeout", required_argument, NULL, O_STMT_TIMEOUT },
		WX_LONGOPTS,
		DIST_LONGOPTS,
		{ "phases", required_argument, NULL, O_PHASES },
		{ "think-time", required_argument, NULL, O_THINK },
		{ "keying-time", required_argument, NULL, O_KEYING },
		{ "metrics-addr", required_argument, NULL, O_METRICS },
		{ "metrics-public", no_argument, NULL, O_METRICS_PUBLIC },
		{ "metrics-linger", required_argument, NULL, O_METRICS_LINGER },
		{ NULL, 0, NULL, 0 },
	};
	int ch;

	optind = 0;
	while ((ch = getopt_long(argc, argv, "SN", longopts, NULL)) != -1)
		if (!cli_target_opt(&a->tg, ch, optarg) && one_opt(a, ch, optarg, e))
			return -1;
	if (optind >= argc) {
		err_set(e, EXIT_USAGE, "%s: no benchmark named", argv[0]);
		err_hint(e, "dbarena bench list shows them");
		return -1;
	}
	a->name = argv[argc - 1];
	for (; optind < argc - 1; optind++)
		if (cli_target_operand(&a->tg, argv[optind], e))
			return -1;
	if (a->dur_set && a->tx_set)
		return err_set(e, EXIT_USAGE, "--duration and --transactions exclude each other");
	if (a->o.tpcc_think > 0 && strcmp(a->name, "tpcc"))
		return err_set(e, EXIT_USAGE, "--think-time tpcc is TPC-C's keying and think time: bench run tpcc only");
	if (wx_options_check(&a->c, e) || dist_cli_apply(&a->dc, &a->c, e))
		return -1;
	if (a->c.nphases && (a->dur_set || a->tx_set || a->tps_set || a->warm_set))
		return err_set(e, EXIT_USAGE, "--tps, --duration, --transactions and --warmup do not go with --phases");
	if (a->tx_set)
		a->c.duration = 0;
	if (a->dur_set)
		a->c.transactions = 0;
	if (phase_finish(&a->c, e)) /* before any connection */
		return -1;
	return cli_target_check(&a->tg, argv[0], e);
}

static int do_run(const bench *b, bench_ctx *x, args *a, err *e)
{
	bench_run br;
	int rc = -1;

	memset(&br, 0, sizeof(br));
	if (bench_need_tables(b, x, e) || b->run(x, &a->c, &br, e))
		goto out;
	x->t->ops->disconnect(x->c);
	x->c = NULL;
	a->c.txn = &br.txn;
	a->c.name = strdup(b->name);
	rc = workload_run(&a->c, x->t, e);
out:
	b->free_run(&br);
	return rc;
}

static int verb(const char *v, int argc, char **argv, err *e)
{
	args a;
	target t;
	bench_ctx x;
	const bench *b;
	int rc = -1;

	memset(&a, 0, sizeof(a));
	memset(&t, 0, sizeof(t));
	memset(&x, 0, sizeof(x));
	workload_cfg_defaults(&a.c);
	a.c.tps = 0; /* a benchmark runs as fast as it can unless --tps says otherwise */
	a.c.duration = 10;
	a.c.connections = 4;
	a.stmt_ms = -1;
	a.o.jobs = 4;
	if (parse(argc, argv, &a, e))
		goto out;
	if (!(b = bench_find(a.name))) {
		err_set(e, EXIT_USAGE, "unknown benchmark \"%s\"", a.name);
		err_hint(e, "dbarena bench list shows them");
		goto out;
	}
	a.o.seed = a.c.seed;
	if (target_resolve(a.tg.url, a.tg.name, &t, e))
		goto out;
	if (a.stmt_ms >= 0)
		a.c.statement_timeout_ms = (int32_t)ceil(a.stmt_ms);
	target_set_statement_timeout(&t, a.c.statement_timeout_ms);
	x.t = &t;
	x.o = &a.o;
	if (target_connect(&t, &x.c, e))
		goto out;
	if (!strcmp(v, "prepare"))
		rc = bench_prepare(b, &x, e);
	else if (!strcmp(v, "run"))
		rc = do_run(b, &x, &a, e);
	else if (!strcmp(v, "check"))
		rc = bench_check(b, &x, e);
	else
		rc = bench_cleanup(b, &x, e);
out:
	if (x.c)
		t.ops->disconnect(x.c);
	target_free(&t);
	workload_cfg_free(&a.c);
	return rc;
}

static int bench_main(int argc, char **argv, err *e)
{
	static const char *const verbs[] = { "prepare", "run", "check", "cleanup" };

	if (argc > 1 && !strcmp(argv[1], "list")) {
		if (argc > 2)
			return err_set(e, EXIT_USAGE, "bench list takes no arguments");
		bench_list(stdout);
		return EXIT_OK;
	}
	for (size_t i = 0; argc > 1 && i < sizeof(verbs) / sizeof(verbs[0]); i++)
		if (!strcmp(argv[1], verbs[i]))
			return verb(verbs[i], argc - 1, argv + 1, e);
	err_set(e, EXIT_USAGE, "bench: expected list, prepare, run, check or cleanup%s%s%s",
		argc > 1 ? ", not \"" : "", argc > 1 ? argv[1] : "", argc > 1 ? "\"" : "");
	err_hint(e, "dbarena help bench");
	return -1;
}

const command cmd_bench = {
	.name = "bench",
	.summary = "standard benchmarks: tpcb, sysbench oltp_*, ycsb, tpcc (\"-like\", not audited)",
	.usage =
	"usage: dbarena bench list\n"
	"       dbarena bench prepare TARGET NAME [--scale N] [--tables N] [--jobs N] [--force]\n"
	"       dbarena bench run TARGET NAME [--mode M] [--connections N] [--tps N]\n"
	"                         [--duration S | --transactions N] [--warmup S] [--json FILE] ...\n"
	"       dbarena bench check TARGET NAME [--scale N]\n"
	"       dbarena bench cleanup TARGET NAME\n\n"
	"Standard benchmarks on the workload engine: open loop, latency from each\n"
	"transaction's scheduled start.  These are \"-like\" benchmarks, not audited\n"
	"TPC results.  NAME is tpcb, sysbench, ycsb or tpcc (bench list).\n\n"
	"  NAME | --container NAME   a managed instance; --url URL   a server URL\n"
	"  --scale N                 the benchmark's unit (bench list says which)\n"
	"  --tables N                sysbench: sbtest1..N (default 1)\n"
	"  --jobs N                  prepare: loading sessions (default 4)\n"
	"  --force                   prepare: drop the benchmark's existing tables first\n"
	"  --mode M                  the variant (bench list): tpcb select-only, oltp_read_write, ycsb a..f\n"
	"  -S, --select-only, -N, --simple-update   tpcb: pgbench's -S and -N\n"
	"  --connections N           sessions (default 4)\n"
	"  --threads N               worker threads sharing the sessions (default one per session;\n"
	"                            fewer, as pgbench -j, for drivers with host_wait in dbarena plugins)\n"
	"  --tps N                   target transactions per second (default 0: as fast as possible)\n"
	"  --poisson                 poisson arrivals instead of a fixed rate\n"
	"  --duration S              seconds (default 10); --transactions N exactly N instead\n"
	"  --phases P,...            [warmup:]DURATION@RATE phases, RATE TPS or FROM..TO (see workload)\n"
	"  --think-time T, --keying-time T   pauses between a session's transactions (see workload);\n"
	"                            tpcc: --think-time tpcc[:F] for TPC-C's own, times F\n"
	"  --warmup S, --seed N, --interval S, --json FILE, --max-error-rate PCT,\n"
	"  --statement-timeout MS, --quiet, --metrics-addr HOST:PORT, --metrics-public,\n"
	"  --metrics-linger S        as in workload run\n"
	WX_HELP
	DIST_USAGE,
	.run = bench_main,
};
