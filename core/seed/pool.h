/* --jobs N (pool.c): tables, and row ranges of large tables, over N connections. */
#ifndef DBARENA_SEED_POOL_H
#define DBARENA_SEED_POOL_H

#include "seed.h"

/* Rows [first, end) of a table; the table's FK sources already read (seed_table_sources). */
typedef struct seed_range {
	uint64_t first, end;
} seed_range;

/*
 * 1 when a load transaction that failed with e on its attempt-th try runs
 * again: loads of one table at once (--jobs ranges, distributed workers) can
 * deadlock, as InnoDB locks an empty table for the first bulk insert into
 * it; the attempt was rolled back and its rows do not depend on the attempt.
 */
int seed_retry_deadlock(const err *e, int attempt);

/* load.c: loads one table, or one range of it when r is non-NULL (no identity sync then). */
int seed_load_table(seed_cfg *cfg, seed_table *t, target *tg, dba_conn *conn, const seed_opts *o, int64_t now_us,
		    const seed_range *r, err *e);
int seed_table_sources(seed_table *t, target *tg, dba_conn *conn, err *e);
int seed_sync_identities(seed_table *t, target *tg, dba_conn *conn, err *e);
int seed_tx(target *tg, dba_conn *c, int what, err *e);

/* Rows per range at least: smaller tables load whole. */
#define SEED_RANGE_MIN 10000

/* Runs the pool; 0, or -1 with the first failure in e. */
int seed_pool_run(seed_cfg *cfg, target *tg, const seed_opts *o, int64_t now_us, err *e);

#endif
