/* Statements of the workload operations (stmt.c). */
#ifndef DBARENA_WL_STMT_H
#define DBARENA_WL_STMT_H

#include "run.h"

/* "SELECT [TOP (n)] cols rest [LIMIT n]"; the caller frees it. */
char *stmt_limited(const target *t, const char *cols, const char *rest, int n);
/* "a, b ...": w's key columns, quoted; the caller frees it. */
char *stmt_key_cols(const target *t, const wl_table *w);
/* w's SELECT, INSERT, UPDATE, DELETE and pattern statements (w->sql), INSERT columns and generators. */
void stmt_build(wl_schema *s, wl_table *w, const wl_cfg *c, const target *t);
/* An UPDATE of a text column when w has no other column to update (after sampling). */
void stmt_text_update(wl_table *w, const target *t);

#endif
