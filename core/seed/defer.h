/* --defer-indexes (defer.c, PostgreSQL): secondary indexes and FKs dropped before a load, re-created after. */
#ifndef DBARENA_SEED_DEFER_H
#define DBARENA_SEED_DEFER_H

#include "seed.h"

typedef struct seed_defer seed_defer;

/* EXIT_USAGE when --defer-indexes is asked of a server other than PostgreSQL. */
int seed_defer_usable(const target *tg, const seed_opts *o, err *e);
/* Inside the open transaction: drops t's secondary indexes and its FKs, remembering their definitions. */
int seed_defer_drop(target *tg, dba_conn *c, seed_table *t, seed_defer **out, err *e);
/*
 * Inside the run's transaction, t being loaded before t->ahead (order.c): its
 * FKs onto that parent deferred to the commit where DEFERRABLE and may_defer,
 * else dropped, for seed_defer_rebuild once every table is in.
 */
int seed_defer_ahead(target *tg, dba_conn *c, seed_table *t, int may_defer, seed_defer **out, err *e);
/* Re-creates what seed_defer_drop dropped, in the same transaction, timing each for the summary. */
int seed_defer_rebuild(seed_cfg *cfg, target *tg, dba_conn *c, seed_table *t, seed_defer *d, err *e);
void seed_defer_free(seed_defer *d);

#endif
