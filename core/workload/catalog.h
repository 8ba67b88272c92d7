/* Lookups in the described tables of a workload (catalog.c). */
#ifndef DBARENA_WL_CATALOG_H
#define DBARENA_WL_CATALOG_H

#include "run.h"

/* The index of table schema.name (schema NULL: any) in s; -1 when absent. */
int catalog_find_table(const wl_schema *s, const char *schema, const char *name);
/* The parent table index of a single-column FK on column ci onto the parent's PK; -1 none, -2 one we cannot feed. */
int catalog_fk_parent(const wl_schema *s, const dba_table *d, int ci);
/* A multi-column FK on column ci covering the parent's composite key: parent index, key part, FK; -1 otherwise. */
int catalog_fk_parent_multi(const wl_schema *s, const dba_table *d, int ci, int *part, int *fkno);
/* 1 when column ci is a primary-key part of w. */
int catalog_is_key_col(const wl_table *w, int ci);

#endif
