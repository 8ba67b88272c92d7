/*
 * Seeding (SPEC section 2): config parsing, planning against the live
 * schema, and loading through the driver's bulk path, multi-row INSERTs or
 * CSV files.
 */
#ifndef DBARENA_SEED_H
#define DBARENA_SEED_H

#include <stdint.h>

#include "../err.h"
#include "../gen/gen.h"
#include "../target.h"

enum seed_method { SEED_BULK = 0, SEED_INSERT = 1 };

/* Where a foreign-key column's values come from. */
enum fk_kind {
	FK_NONE = 0,
	FK_SEQ,      /* parent column is `sequential` in this run: start + step * k, O(1) */
	FK_VALUES,   /* values read from the parent column once the parent holds its rows */
	FK_SELF_SEQ  /* self-reference to a sequential column: a row generated earlier */
};

typedef struct seed_fk {
	int kind;
	struct seed_table *parent;  /* NULL when the parent is not seeded in this run */
	char *ref_schema, *ref_table, *ref_column;
	int64_t start, step;        /* FK_SEQ / FK_SELF_SEQ */
	uint64_t count;             /* FK_SEQ: parent rows this run (plus existing when incremental) */
	dba_value *values;          /* FK_VALUES */
	char *arena;                /* text storage of values */
	size_t nvalues;
	int nullable;
	int int_family;
	uint64_t cur_row;           /* row being generated (self-references) */
	char buf[32];
} seed_fk;

typedef struct seed_col {
	char *name;
	gen_spec *spec;        /* NULL when force_null */
	int line;              /* [column] header line, 0 when inferred */
	int inferred;          /* 1: inferred from the schema (reported) */
	int force_null;        /* 1: a nullable FK that breaks a cycle, seeded NULL */
	int32_t family;
	int32_t max_length;
	seed_fk fk;
	gen *g;
} seed_col;

typedef struct seed_table {
	char *schema, *name;   /* unquoted */
	char *display;         /* schema.name or name, as users wrote it */
	char *quoted;          /* escaped for SQL */
	int line;
	int64_t count;         /* rows to generate */
	seed_col *cols;
	size_t ncols;
	dba_table *meta;       /* from describe_table */
	struct seed_table **deps;  /* parents seeded in this run */
	size_t ndeps;
	int self_ref;
	/* run state */
	uint64_t done;
	double secs;
	int committed;
	int state;             /* 0 waiting, 1 running, 2 done, 3 failed */
	int64_t existing;      /* rows before the run (incremental) */
} seed_table;

typedef struct seed_cfg {
	char *path;
	uint64_t global_seed;
	int batch_size;
	seed_table *tables;    /* in config order */
	size_t ntables;
	seed_table **order;    /* parents first, after planning */
	char **notes;          /* lines for the summary: inferred generators, cycle breaks */
	size_t nnotes;
} seed_cfg;

typedef struct seed_opts {
	int64_t seed;          /* -1: from config */
	double size_factor;    /* 1, 0.1, 10 */
	const char *rows;      /* --rows T=N,... */
	int truncate, incremental, jobs, method, batch_size, dry_run, quiet;
	const char *csv_dir;
	const char *json_path;
} seed_opts;

int seed_config_load(const char *path, seed_cfg *cfg, err *e);
void seed_config_free(seed_cfg *cfg);
seed_table *seed_find_table(seed_cfg *cfg, const char *schema, const char *name);
void seed_note(seed_cfg *cfg, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Applies --size and --rows. */
int seed_apply_counts(seed_cfg *cfg, const seed_opts *o, err *e);
/* Describes tables, checks columns, infers generators, orders parents first. */
int seed_plan(seed_cfg *cfg, target *t, dba_conn *c, const seed_opts *o, err *e);
void seed_print_plan(const seed_cfg *cfg, FILE *f);

/* Loads every table; returns an exit code (0, 1, 130) with e filled on failure. */
int seed_load(seed_cfg *cfg, target *t, dba_conn *c, const seed_opts *o, err *e);

/* `dbarena seed init`: writes a starter config for the given (or all) tables. */
int seed_init(target *t, dba_conn *c, char **tables, FILE *out, err *e);

#endif
