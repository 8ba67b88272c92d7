/*
 * Think and keying time (think.c): a connection pauses keying_time before
 * each transaction and think_time after it.  In a closed-loop run that sets
 * each connection's rate; in an open-loop run it paces each session (a
 * session takes its next slot only after the pause).
 */
#ifndef DBARENA_WL_THINK_H
#define DBARENA_WL_THINK_H

#include "runstate.h"

/* "0", "none", "constant MS", "exponential MEAN_MS" (a ':' may stand for the space); -1 when bad. */
int think_parse(const char *s, wl_think *t);
/* The pause after a transaction of kind (think of the kind or the workload, plus the keying time). */
void think_pause(worker *w, unsigned kind);
/* The workload's mean pause between two transactions of a connection, ms (docs, summary). */
double think_mean_ms(const wl_think *t);

#endif
