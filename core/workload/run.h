/* Workload internals shared by pool.c (key pools), schema.c (metadata, statements) and engine.c. */
#ifndef DBARENA_WL_RUN_H
#define DBARENA_WL_RUN_H

#include <pthread.h>
#include <stdatomic.h>

#include "hist.h"
#include "workload.h"

/* Key values of one column: text copies, picked at random, removed on delete. */
typedef struct pool {
	pthread_mutex_t mu;
	char **v;
	size_t n, cap;
	int int_family;
} pool;

void pool_init(pool *p, int int_family);
void pool_add(pool *p, const char *s);
/* Copies a random key into buf; remove = take it out of the pool. 0, or -1 when empty. */
int pool_pick(pool *p, rng *r, char *buf, size_t cap, int remove);
/* Takes one copy of s out of the pool, if there. */
void pool_remove_value(pool *p, const char *s);
void pool_free(pool *p);
/* A value for binding: INT64 for integer columns, TEXT otherwise (payload in buf). */
void pool_value(const pool *p, const char *buf, dba_value *v);

typedef struct wl_col {
	int idx;            /* column index in d */
	gen_spec *spec;     /* NULL for FK columns and counter keys */
	int fk_table;       /* parent table index (FK), -1 */
	int counter_key;    /* 1: PK without default, value = base + counter */
	pool *sample;       /* text with repeated values (likely a CHECK list): existing values */
} wl_col;

typedef struct wl_table {
	dba_table *d;
	char *q;             /* quoted, schema-qualified */
	int selected;        /* a target of operations */
	int pk;              /* single primary-key column index, -1 otherwise */
	int leaf;            /* no table references it */
	pool keys;           /* existing keys (start) + inserted */
	pool mine;           /* keys this run inserted */
	_Atomic int64_t next_key; /* counter keys: max(existing) + 1 + n */
	atomic_ullong rows;  /* insert row counter (generator row index) */
	wl_col *ins;         /* INSERT columns */
	unsigned nins;
	char *sql[8];        /* WL_S_* statements, NULL when not possible */
	int upd_col;         /* UPDATE column index, -1 */
	gen_spec *upd_spec;
	int shape_parent;    /* join/feed: FK parent table index; -1 */
	int ts_col;          /* window/feed timestamp column, -1 */
} wl_table;

enum { WL_S_SELECT = 0, WL_S_INSERT, WL_S_UPDATE, WL_S_DELETE, WL_S_SHAPE, WL_S_NSQL = 5 };

typedef struct wl_schema {
	wl_table *t;
	unsigned n;
	int returning;
	const wl_pattern *pattern;
	int shape;
	/* custom-query FK sources: pools per (table, column), keyed by text */
	struct { char *key; pool *p; int owned; } *fkp;
	unsigned nfkp;
	char **qsql;        /* rewritten custom SQL */
} wl_schema;

/* Reads metadata and key pools, builds statements; errors are EXIT_RUNTIME / EXIT_USAGE. */
int schema_load(wl_schema *s, wl_cfg *c, target *t, dba_conn *conn, err *e);
void schema_free(wl_schema *s, const target *t);
/* A DELETE took key from t: it leaves the select pool too. */
void schema_forget_key(wl_table *t, const char *key);
/* The key pool a foreign_key param or column ("users", "id") draws from; NULL when unknown. */
pool *schema_fk_pool(wl_schema *s, const char *table, const char *column);

#endif
