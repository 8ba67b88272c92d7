/*
 * CHECK constraints read as bounds on generated values.  The simple forms
 * PostgreSQL and MariaDB print are understood: comparisons of a column (or
 * its length) with constants, BETWEEN, IN lists and "= ANY (ARRAY[...])",
 * IS NOT NULL, "NOT (a IS NULL AND b IS NULL)" and "a IS NOT NULL OR ...",
 * json_valid(col), ORs of equalities on one column, and ANDs of those;
 * two columns compared (a >= b, a <> b) are kept as a row's order or difference.
 * Domain CHECKs (VALUE) apply to the column of that domain.  A constraint
 * with any other part is listed as not understood (what was understood of
 * it still applies).
 */
#ifndef DBARENA_GEN_CHECK_H
#define DBARENA_GEN_CHECK_H

#include <stddef.h>
#include <stdint.h>

#include "dbarena/plugin.h"

/* What the CHECKs allow for one column. */
typedef struct check_col {
	int has_min, has_max;       /* numeric bounds */
	int min_strict, max_strict; /* > rather than >= */
	double min, max;
	int64_t len_min, len_max;   /* character length bounds; -1 when none */
	char **values;              /* allowed values (IN lists), NULL when any */
	size_t nvalues;
	int not_null;               /* a CHECK requires a value */
	int is_json;                /* json_valid(col) */
	int after_col;              /* "this >= after_col" (> when after_strict) on a row: a column index, -1 */
	int after_strict;
	int differ_col;             /* "this <> differ_col" on a row: a column index, -1 */
} check_col;

typedef struct check_set check_set;

/* Parses every CHECK of t (t->checks); NULL only when memory runs out. */
check_set *check_set_new(const dba_table *t);
void check_set_free(check_set *cs);
/* The bounds of column index i of the table (never NULL for a valid index). */
const check_col *check_set_col(const check_set *cs, uint32_t i);
/* Constraints not (fully) understood: name and expression of the k-th. */
size_t check_set_nunparsed(const check_set *cs);
const dba_check *check_set_unparsed(const check_set *cs, size_t k);

/*
 * Puts one row's values in the order an after_col CHECK asks: hi below lo (or
 * equal, when strict) moves above lo, by as much as it was below where
 * nothing bounds it (bounded: a CHECK maximum, or an integer), else to lo
 * (one unit past it when strict: a second, a day, 1).  Values of other kinds,
 * or NULL on either side, stay.
 */
void check_put_in_order(dba_value *hi, const dba_value *lo, int strict, int bounded);
/* 1 when two values of a row are the same non-NULL value (what a differ_col CHECK refuses). */
int check_same(const dba_value *a, const dba_value *b);

#endif
