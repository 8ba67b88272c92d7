/*
 * Multi-column foreign keys of a seed run (fkgroup.c): the columns of one
 * FK (TPC-C's (w_id, d_id) onto district) take their values from one parent
 * row as a whole.  Configured as usual, one foreign_key column each, its
 * references naming the matching parent column; the schema's FK groups them.
 */
#ifndef DBARENA_SEED_FKGROUP_H
#define DBARENA_SEED_FKGROUP_H

#include "seed.h"

/* After resolve_fks: links the columns of each multi-column FK of t (the first column of t leads). */
void fkgroup_plan(seed_table *t);
/* At load: reads the parent rows of each group, whole rows in one order, into its columns' values. */
int fkgroup_load(target *tg, dba_conn *conn, seed_table *t, err *e);

#endif
