/* The workload operations (ops.c). */
#ifndef DBARENA_WL_OPS_H
#define DBARENA_WL_OPS_H

#include "runstate.h"

/* Runs one operation of kind (WL_SELECT.. or WL_NOPS + query): 0 done, 1 skipped, -1 failed (de filled). */
int ops_run(worker *w, unsigned kind, dba_error *de);
/* gen_ctx.fk.pick for a custom query's foreign_key param (ud: an fkbuf). */
int ops_fk_pick(void *ud, rng *r, int zipf, dba_value *out, err *e);
/* Frees w's prepared statements (before a reconnect or at the end). */
void ops_drop_statements(worker *w);

#endif
