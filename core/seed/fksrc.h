/* Foreign-key value sources of a seed run (fksrc.c). */
#ifndef DBARENA_SEED_FKSRC_H
#define DBARENA_SEED_FKSRC_H

#include "seed.h"

/* gen_ctx.fk.pick for a seed_fk (ud): a value of the referenced column into out. */
int fksrc_pick(void *ud, rng *r, int zipf, dba_value *out, err *e);
/* Reads the referenced column's values (in key order) for a FK_VALUES source. */
int fksrc_load_values(target *t, dba_conn *conn, seed_fk *fk, err *e);

#endif
