/*
 * Choosing a generator for a column from its type, its name and its CHECK
 * bounds: shared by `seed init` (which writes the choice as INI lines) and
 * inference (which builds the spec).  Covers what the family alone does not
 * say: CHECK values and ranges, numeric ranges of the type (YEAR, unsigned,
 * TINYINT), and types written as text (inet, cidr, macaddr, interval, time,
 * tsvector, arrays, json, money, bit).
 */
#ifndef DBARENA_GEN_CHOOSE_H
#define DBARENA_GEN_CHOOSE_H

#include <stdio.h>

#include "check.h"
#include "gen.h"

#define CHOOSE_MAX_OPTS 6

typedef struct gen_choice {
	char gen[24];                       /* generator name */
	size_t n;
	char key[CHOOSE_MAX_OPTS][24];
	char *val[CHOOSE_MAX_OPTS];         /* owned */
} gen_choice;

/*
 * 1: out holds a choice; 0: nothing special about the column (the caller's
 * default applies); -1: out of memory.  cc may be NULL.
 */
int choose_column(const dba_column *col, const check_col *cc, gen_choice *out);
/* The spec of a choice (NULL when an option is refused or memory runs out). */
gen_spec *choose_spec(const gen_choice *c);
/* Writes "generator = ..." and one line per option; long values wrap onto indented lines. */
void choose_write(const gen_choice *c, FILE *f);
void choose_free(gen_choice *c);
/*
 * Inference honouring the table's CHECKs and the column's type: the spec
 * for column i of t, NULL when no generator fits.
 */
gen_spec *choose_infer(const dba_table *t, uint32_t i);

/*
 * How the CHECKs touch column i of t: 0 not at all, 1 bounds that
 * choose_infer keeps, 2 a CHECK it does not understand names the column.
 */
int choose_checked(const dba_table *t, uint32_t i);
/* 1 when a DEFAULT expression gives every row the same value ('', 0, 'x'::text): not a sequence or a function. */
int choose_default_constant(const char *expr);
/* 1 when a CHECK orders column i against another column (enddate >= startdate) or sets them apart (a <> b), either side. */
int choose_ordered(const dba_table *t, uint32_t i);
/*
 * 1 when column i's DEFAULT is left for generated values: a constant one
 * under CHECK bounds it need not meet (AdventureWorks' shipbase DEFAULT 0.00
 * CHECK (shipbase > 0.00)), or any but a sequence on a column a CHECK
 * orders against another (orderdate DEFAULT now(), shipdate >= orderdate).
 */
int choose_over_default(const dba_table *t, uint32_t i);

/* The largest value column i of t may hold: its integer type's and its CHECKs' (INT64_MAX when none). */
int64_t choose_int_max(const dba_table *t, uint32_t i);
/* How many values the CHECKs (or LIST partitions) allow column i of t: 0 when not a list. */
size_t choose_nvalues(const dba_table *t, uint32_t i);

#endif
