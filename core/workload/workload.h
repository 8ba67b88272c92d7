/*
 * Workload engine (SPEC section 3): configuration, built-in patterns, the
 * operations against a live schema, and the open-loop scheduler.
 */
#ifndef DBARENA_WORKLOAD_H
#define DBARENA_WORKLOAD_H

#include <stdint.h>
#include <stdio.h>

#include "../err.h"
#include "../gen/gen.h"
#include "../target.h"

enum wl_op { WL_SELECT = 0, WL_INSERT, WL_UPDATE, WL_DELETE, WL_NOPS };

/* Read shapes beyond point selects. */
enum wl_shape { WL_SHAPE_POINT = 0, WL_SHAPE_JOIN, WL_SHAPE_AGG, WL_SHAPE_WINDOW, WL_SHAPE_FEED };

typedef struct wl_pattern {
	const char *name;
	double mix[WL_NOPS]; /* fractions */
	int shape;           /* enum wl_shape */
	const char *shapes;  /* for `workload patterns` */
	const char *aliases;
} wl_pattern;

extern const wl_pattern wl_patterns[];
extern const unsigned wl_npatterns;
/* By name or alias; NULL when unknown. */
const wl_pattern *workload_pattern(const char *name);
void workload_print_patterns(FILE *f);

typedef struct wl_param {
	char *name;
	gen_spec *spec;
	int line;
} wl_param;

typedef struct wl_query {
	char *name;
	char *sql;          /* as written, :name placeholders */
	double weight;
	int line;
	wl_param *params;   /* distinct placeholders, in first-use order */
	unsigned nparams;
	unsigned *occ;      /* placeholder occurrences: index into params */
	unsigned nocc;
} wl_query;

typedef struct wl_cfg {
	char *path;
	char *name;
	const wl_pattern *pattern;
	char **tables;        /* NULL: the target's tables with a primary key */
	int connections;
	double tps;
	double duration;      /* seconds; used when transactions == 0 */
	uint64_t transactions;
	double warmup;
	uint64_t seed;
	int poisson;
	int has_ops;
	double mix[WL_NOPS];
	int use_joins, use_aggregations;
	int avg_result_set_size;
	wl_query *queries;
	unsigned nqueries;
	/* run options */
	double interval;
	const char *json_path;
	double max_error_rate; /* percent; < 0 = off */
	int32_t statement_timeout_ms; /* 0 = none */
	int quiet;
} wl_cfg;

void workload_cfg_defaults(wl_cfg *c);
/* Loads an INI file over the defaults; errors name FILE:LINE (EXIT_USAGE). */
int workload_config_load(const char *path, wl_cfg *c, err *e);
/* After CLI overrides: a pattern or mix must exist, weights must reach 1. */
int workload_config_check(wl_cfg *c, err *e);
void workload_cfg_free(wl_cfg *c);

/*
 * Rewrites q's :name placeholders into the dialect's style (quotes, comments
 * and PostgreSQL :: casts left alone); malloc'ed.
 */
char *workload_rewrite_sql(const char *sql, int placeholder, unsigned *nocc);
/* Scans placeholders: calls fn for each with its name; -1 when fn fails. */
int workload_scan_placeholders(const char *sql, int (*fn)(void *ud, const char *name, size_t len),
			       void *ud);

/* Runs the workload; returns an exit code (0, 1, 130) or -1 with e filled. */
int workload_run(wl_cfg *c, target *t, err *e);

#endif
