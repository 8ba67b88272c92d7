/*
 * Unique keys in a workload (uniq.c): INSERTs give each UNIQUE constraint or
 * unique index (ABI 1.2 uniques) a value no row has, UPDATEs leave their
 * columns alone, and a DEFAULT that would repeat one value on a key column
 * is replaced by generated values.
 */
#ifndef DBARENA_WL_UNIQ_H
#define DBARENA_WL_UNIQ_H

#include "run.h"

/* 1 when column ci of w is in one of its unique keys (not the primary key). */
int uniq_col(const target *t, const wl_table *w, int ci);
/*
 * A text column of a unique key as counter_key 3: 'w', a stamp of the run
 * (microseconds in base 36, up to 8 characters) and a counter in base 36.
 * 0 when the column is too short (under 9 characters) to hold one.
 */
int uniq_text_counter(wl_col *wc, int32_t max_length);
/* The value of a counter_key 3 column for counter n, its text in buf. */
void uniq_text_value(const wl_col *wc, uint64_t n, char *buf, size_t cap, dba_value *v);
/*
 * After the INSERT is built: one column of each unique key made unique to
 * the run (a counter past the existing maximum, a clock, run-unique text, a
 * uuid); a key none of whose columns can be is left out of the INSERTs
 * (the table gets no INSERT).
 */
void uniq_insert(const target *t, wl_table *w);

#endif
