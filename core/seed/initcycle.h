/* seed init: what the foreign-key graph asks of the config (initcycle.c): cycles, 1:1 tables. */
#ifndef DBARENA_SEED_INITCYCLE_H
#define DBARENA_SEED_INITCYCLE_H

#include <stddef.h>

#include "dbarena/plugin.h"

/* flag[j] = 1 when a NOT NULL foreign key on a cycle of such keys references m[j]; n bytes. */
void init_cycle_targets(dba_table *const *m, size_t n, char *flag);
/*
 * A table whose primary key is a foreign key has no more rows than its
 * parent: the parent's count[] grows to the child's, or, where fixed[] (its
 * key type allows no more), the child's shrinks to the parent's.
 */
void init_one_to_one_counts(dba_table *const *m, size_t n, int *count, const char *fixed);

#endif
