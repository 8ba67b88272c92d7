/*
 * Unique keys of a seed run (unique.c): the primary key and the UNIQUE
 * constraints and indexes of each table kept distinct, by construction when
 * every key column draws from a countable set (parent rows, enum values,
 * booleans, an integer range), by bounded redraw otherwise; a count larger
 * than the key space is refused before anything is written.
 */
#ifndef DBARENA_SEED_UNIQUE_H
#define DBARENA_SEED_UNIQUE_H

#include "seed.h"

typedef struct seed_ukey {
	char *label;        /* "primary key (a, b)" or "unique key \"name\" (a)" */
	size_t *cols;       /* indices into the table's cols */
	size_t ncols;
	int partial;        /* a unique index with a predicate: kept when its space allows */
	int32_t *prefix;    /* per column: leading characters compared, 0 = all */
	int construct;      /* 1: rows map to distinct combinations, no check */
	uint64_t space;     /* distinct combinations (UINT64_MAX: unbounded) */
	uint64_t *radix;    /* construct: each column's value count */
	uint64_t mul, add;  /* construct: row -> (mul * row + add) mod space */
	uint64_t *set;      /* check: hashes of the combinations seen (0 = empty slot) */
	size_t setcap, setn;
} seed_ukey;

/*
 * 1 when column col of m is in its primary key, a unique key or a foreign
 * key: a DEFAULT would give every row the same value, so it is generated.
 */
int unique_column_keyed(const target *tg, const dba_table *m, const char *col);
/* After resolve_fks: the table's keys, and the counts the keys cannot hold (EXIT_USAGE). */
int unique_plan(seed_cfg *cfg, seed_table *t, target *tg, int incremental, err *e);
/* Before a table's rows: key spaces from the parents' rows as read (EXIT_RUNTIME), streams. */
int unique_start(seed_cfg *cfg, seed_table *t, err *e);
/* After the generators filled row: constructed key values, redraws of repeated ones. */
int unique_row(seed_table *t, uint64_t row, dba_value *vals, err *e);
/* Releases the run state of unique_start (the seen sets). */
void unique_end(seed_table *t);
/* Releases the keys of unique_plan. */
void unique_free(seed_table *t);

#endif
