/* Keys and samples read from the rows before a workload starts (keyread.c). */
#ifndef DBARENA_WL_KEYREAD_H
#define DBARENA_WL_KEYREAD_H

#include "run.h"

/* Fills w->keys (and w->known) with existing keys; EXIT_RUNTIME errors. */
int keyread_pool(const target *t, dba_conn *conn, wl_table *w, err *e);
/* Counter keys and coarse key clocks continue after the existing maximum. */
int keyread_counters(const target *t, dba_conn *conn, wl_table *w, err *e);
/* Text columns with repeating values reuse them; then the text UPDATE, if any. */
void keyread_samples(const target *t, dba_conn *conn, wl_table *w);

#endif
