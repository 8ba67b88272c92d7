/* The CSV writer of seed --csv (csv.c). */
#ifndef DBARENA_SEED_CSV_H
#define DBARENA_SEED_CSV_H

#include <stdio.h>

#include "seed.h"

/* The header line: t's column names. */
void csv_write_header(FILE *f, const seed_table *t);
/* One line: n values, NULL as an empty unquoted field, others quoted when needed; check ferror(f). */
void csv_write_row(FILE *f, const dba_value *row, size_t n);

#endif
