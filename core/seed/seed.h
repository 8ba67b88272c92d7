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
	/* multi-column FKs (fkgroup.c): every column takes the parent row its group's lead picked */
	struct seed_fk *lead;       /* NULL: picks for itself (the lead of a group, or alone) */
	int grouped;                /* 1: a column of a multi-column FK, values read with its group */
	size_t last_k;              /* the parent row of the last pick */
} seed_fk;

typedef struct seed_col {
	char *name;
	gen_spec *spec;        /* NULL when force_null */
	int line;              /* [column] header line, 0 when inferred */
	int inferred;          /* 1: inferred from the schema (reported) */
	int force_null;        /* a nullable FK seeded NULL: 1 breaks a cycle, 2 a self-reference onto keys not known ahead,
	                          3 references a table outside the run that has no rows */
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
	const struct seed_table *ahead; /* loaded before this parent it references (order.c) */
	struct seed_defer *ahead_fks;   /* PostgreSQL: its FKs onto that parent, set aside until the end (defer.c) */
	/* run state */
	uint64_t done;
	double secs;
	int committed;
	int state;             /* 0 waiting, 1 running, 2 done, 3 failed */
	int64_t existing;      /* rows before the run (incremental) */
	/* --jobs: a large table split into row ranges (pool.c) */
	int nparts, next_part, parts_ok, parts_failed, sources_ready;
	double t0;
	/* unique keys (unique.c) */
	struct seed_ukey *ukeys;
	size_t nukeys;
	char (*ubuf)[48];      /* per column: text of a constructed or redrawn key value */
	int uniq_incremental;  /* --incremental: parents' existing rows count only at load */
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
	int defer_indexes;     /* --defer-indexes (defer.c) */
	const char *csv_dir;
	const char *json_path;
	/* seed --worker I/N (dist.c) */
	const struct dist_worker *worker; /* NULL or worker 0 of 1: one process */
	const char *barrier;   /* --barrier NAME: workers meet between FK levels */
	double barrier_timeout;
	int64_t now_us;        /* --now: the generators' clock (0: the wall clock at the start) */
	int shared_tables;     /* other workers write the tables at once: no empty-table check */
} seed_opts;

int seed_config_load(const char *path, seed_cfg *cfg, err *e);
void seed_config_free(seed_cfg *cfg);
seed_table *seed_find_table(seed_cfg *cfg, const char *schema, const char *name);
/* The configured column of t named name, or NULL. */
const seed_col *seed_find_col(const seed_table *t, const char *name);
void seed_note(seed_cfg *cfg, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Applies --size and --rows. */
int seed_apply_counts(seed_cfg *cfg, const seed_opts *o, err *e);
/* Describes tables, checks columns, infers generators, orders parents first. */
int seed_plan(seed_cfg *cfg, target *t, dba_conn *c, const seed_opts *o, err *e);
/* FKs onto tables the run does not seed (outside.c): their rows, else NULL or an error. */
int seed_outside_fks(seed_cfg *cfg, target *t, dba_conn *c, err *e);
/* How a table may load before a parent it references on a NOT NULL FK (order.c). */
enum seed_ahead {
	SEED_AHEAD_NONE,       /* it may not: the server checks every row as it is written */
	SEED_AHEAD_CHECKS_OFF, /* MySQL/MariaDB: its load runs with foreign_key_checks = 0 */
	SEED_AHEAD_SET_ASIDE,  /* PostgreSQL, one transaction: its FKs onto the parent deferred or re-created at the end */
	SEED_AHEAD_ONE_TX,     /* PostgreSQL with --jobs N: it could with --jobs 1 (said in the error) */
};
/*
 * Parents-first order (order.c): breaks cycles on nullable FKs, else, when
 * ahead allows it, on NOT NULL FKs whose parent keys are computed ahead (a
 * sequential parent column); else names the cycle.
 */
int seed_order_tables(seed_cfg *cfg, enum seed_ahead ahead, err *e);
void seed_print_plan(const seed_cfg *cfg, FILE *f);

/* Loads every table; returns an exit code (0, 1, 130) with e filled on failure. */
int seed_load(seed_cfg *cfg, target *t, dba_conn *c, const seed_opts *o, err *e);

/*
 * dist.c: worker o->worker of N loads its share of every table, one
 * transaction per FK level, meeting the others at o->barrier in between.
 */
int seed_dist_load(seed_cfg *cfg, target *tg, dba_conn *c, const seed_opts *o, int64_t now_us, err *e);

/* `dbarena seed init`: writes a starter config for the given (or all) tables. */
int seed_init(target *t, dba_conn *c, char **tables, FILE *out, err *e);

#endif
