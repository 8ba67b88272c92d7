/* Workload internals shared by pool.c (key pools), schema.c (metadata, statements) and engine.c. */
#ifndef DBARENA_WL_RUN_H
#define DBARENA_WL_RUN_H

#include <pthread.h>
#include <stdatomic.h>

#include "hist.h"
#include "workload.h"

struct kset;

/*
 * Key values of one column: text copies, picked at random, removed on
 * delete.  A pool holds at most WL_POOL_MAX values, a sample: once full, a
 * new value takes the place of a random one, so a run of hours keeps a
 * fixed amount of keys (and memory) and its picks favour recent rows.
 */
typedef struct pool {
	pthread_mutex_t mu;
	char **v;
	size_t n, cap;
	int int_family;
	size_t max;          /* WL_POOL_MAX */
	uint64_t adds;       /* values added: the replacement's random source */
	struct kset *forget; /* a value pushed out leaves this set too; NULL */
} pool;

#define WL_POOL_MAX 20000

void pool_init(pool *p, int int_family);
void pool_add(pool *p, const char *s);
/* Copies a random key into buf; remove = take it out of the pool. 0, or -1 when empty. */
int pool_pick(pool *p, rng *r, char *buf, size_t cap, int remove);
/* Takes one copy of s out of the pool, if there. */
void pool_remove_value(pool *p, const char *s);
void pool_free(pool *p);
/* A value for binding: INT64 for integer columns, TEXT otherwise (payload in buf). */
void pool_value(const pool *p, const char *buf, dba_value *v);
/* The same for one key part, integer or not as int_family says. */
void pool_text_value(int int_family, const char *buf, dba_value *v);

/*
 * Composite keys live in the pools as one text: the parts in key order,
 * separated by WL_KEYSEP (keys whose parts contain it, or that do not fit the
 * engine's WL_KEYMAX buffers, are left out).
 */
#define WL_MAXKEY 8      /* primary keys with more columns are left out */
#define WL_KEYSEP '\x1f'
#define WL_KEYMAX 256

/* A set of key texts: inserts into a composite-key table avoid keys known to exist. */
typedef struct kset kset;

kset *kset_new(void);
void kset_add(kset *k, const char *s);
int kset_has(kset *k, const char *s);
/* Adds s unless present: 1 when this call added it (an insert about to use the key), 0 when it was there. */
int kset_claim(kset *k, const char *s);
void kset_del(kset *k, const char *s);
void kset_free(kset *k);

typedef struct wl_col {
	int idx;            /* column index in d */
	gen_spec *spec;     /* NULL for FK columns and counter keys */
	int fk_table;       /* parent table index (FK), -1 */
	int fk_part;        /* multi-column FK onto a composite key: the parent key part, -1 */
	int fk_lead;        /* multi-column FK: the insert column whose pick the group shares */
	int counter_key;    /* 1: PK part without default, value = base + counter; 2: timestamp key part, a clock;
			       3: text of a unique key, utag + the counter in base 36 (uniq.c) */
	_Atomic int64_t next; /* counter keys: max(existing) + 1 + n; clock: the last value given */
	int64_t cmax;       /* counter_key 1: the largest value the type and CHECKs allow (then: skipped) */
	int64_t step;       /* clock: microseconds between values (what the type keeps of a second) */
	pool *sample;       /* text with repeated values (likely a CHECK list): existing values */
	int run_unique;     /* a unique key's column: values no row has (uniq.c), never sampled */
	char utag[12];      /* counter_key 3: 'w' and a stamp of the run */
} wl_col;

typedef struct wl_table {
	dba_table *d;
	char *q;             /* quoted, schema-qualified */
	int selected;        /* a target of operations */
	int pk;              /* single primary-key column index, -1 otherwise */
	unsigned nkey;       /* primary-key columns (1..WL_MAXKEY); 0: no operations */
	int key[WL_MAXKEY];  /* their column indices, in key order */
	unsigned char kint[WL_MAXKEY]; /* integer family: bound as INT64 */
	int kins[WL_MAXKEY]; /* the INSERT column of each key part, -1 when left out */
	int leaf;            /* no table references it */
	pool keys;           /* existing keys (start) + inserted */
	pool mine;           /* keys this run inserted */
	kset *known;         /* composite keys drawn from parents: the keys pool as a set; NULL */
	atomic_ullong rows;  /* insert row counter (generator row index) */
	wl_col *ins;         /* INSERT columns */
	unsigned nins;
	struct wl_order { unsigned hi, lo; int strict, bounded, differ; } *orders; /* INSERT columns a CHECK orders */
	unsigned norders;
	char *sql[8];        /* WL_S_* statements, NULL when not possible */
	int upd_col;         /* UPDATE column index, -1 */
	gen_spec *upd_spec;  /* its values, or: */
	pool *upd_sample;    /* existing values to pick from (borrowed from ins[].sample) */
	int shape_parent;    /* join/feed: FK parent table index; -1 */
	int ts_col;          /* window/feed timestamp column, -1 */
} wl_table;

enum { WL_S_SELECT = 0, WL_S_INSERT, WL_S_UPDATE, WL_S_DELETE, WL_S_SHAPE, WL_S_NSQL = 5 };

typedef struct wl_schema {
	wl_table *t;
	unsigned n;
	int returning;
	const struct pgrules *rules; /* while schema_load runs (pgrules.h), then NULL */
	const wl_pattern *pattern;
	int shape;
	/* custom-query FK sources: pools per (table, column), keyed by text */
	struct { char *key; pool *p; int owned; } *fkp;
	unsigned nfkp;
	char **qsql;        /* rewritten custom SQL */
} wl_schema;

/* Joins n key parts into buf (WL_KEYSEP between them); -1 for a NULL part, a part with WL_KEYSEP, or no room. */
int pool_key_join(char *buf, size_t cap, uint32_t n, const char *const *v);
/*
 * Splits a pooled key of t in place into t->nkey values for binding (text
 * parts point into buf); returns t->nkey, or 0 when buf is not such a key.
 */
uint32_t pool_key_values(const wl_table *t, char *buf, dba_value *v);
/*
 * The composite key of t that INSERT values v (in t->ins order) write, as
 * pool text; -1 when a key part is left out of the INSERT or has no text form here.
 */
int pool_key_compose(const wl_table *t, const dba_value *v, char *buf, size_t cap);

/* Reads metadata and key pools, builds statements; errors are EXIT_RUNTIME / EXIT_USAGE. */
int schema_load(wl_schema *s, wl_cfg *c, target *t, dba_conn *conn, err *e);
void schema_free(wl_schema *s, const target *t);
/* A DELETE took key from t: it leaves the select pool too. */
void schema_forget_key(wl_table *t, const char *key);
/* The key pool a foreign_key param or column ("users", "id") draws from; NULL when unknown. */
pool *schema_fk_pool(wl_schema *s, const char *table, const char *column);

#endif
