/* Generator specs for columns the workload fills itself (colspec.c). */
#ifndef DBARENA_WL_COLSPEC_H
#define DBARENA_WL_COLSPEC_H

#include "run.h"

/* A finished spec of generator gname with up to two options; NULL when it does not take them. */
gen_spec *colspec_of(const char *gname, const char *k1, const char *v1, const char *k2, const char *v2);
/* The step of a timestamp key's clock in microseconds: what its type keeps of a second. */
int64_t colspec_clock_step(const dba_column *c);

#endif
