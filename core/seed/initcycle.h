/* seed init: tables on cycles of NOT NULL foreign keys (initcycle.c). */
#ifndef DBARENA_SEED_INITCYCLE_H
#define DBARENA_SEED_INITCYCLE_H

#include <stddef.h>

#include "dbarena/plugin.h"

/* flag[j] = 1 when a NOT NULL foreign key on a cycle of such keys references m[j]; n bytes. */
void init_cycle_targets(dba_table *const *m, size_t n, char *flag);

#endif
