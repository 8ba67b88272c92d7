/*
 * Foreign keys onto tables this run does not seed: they draw from the rows
 * those tables already hold. When there are none, a nullable column is
 * seeded NULL (and the summary says so) and a NOT NULL one is an error
 * before anything is written.
 */
#include <stdlib.h>

#include "fksrc.h"
#include "seed.h"

static int outside_check(seed_cfg *cfg, target *t, dba_conn *c, seed_table *st, seed_col *col, err *e)
{
	if (fksrc_load_values(t, c, &col->fk, e))
		return -1;
	if (col->fk.nvalues > 0)
		return 0;
	if (col->fk.nullable) {
		col->force_null = 3;
		seed_note(cfg, "%s.%s seeded NULL: it references %s.%s, which this run does not seed and which has no rows",
			  st->display, col->name, col->fk.ref_table, col->fk.ref_column);
		return 0;
	}
	err_set(e, EXIT_USAGE, "%s.%s is a NOT NULL foreign key onto %s.%s, which this run does not seed and which "
		"has no rows", st->display, col->name, col->fk.ref_table, col->fk.ref_column);
	err_hint(e, "add a [table %s] section to the config, or seed %s first", col->fk.ref_table, col->fk.ref_table);
	return -1;
}

int seed_outside_fks(seed_cfg *cfg, target *t, dba_conn *c, err *e)
{
	for (size_t i = 0; i < cfg->ntables; i++) {
		seed_table *st = &cfg->tables[i];

		for (size_t k = 0; k < st->ncols; k++) {
			seed_col *col = &st->cols[k];

			if (col->spec && !col->force_null && col->fk.kind == FK_VALUES && !col->fk.parent &&
			    outside_check(cfg, t, c, st, col, e))
				return -1;
		}
	}
	return 0;
}
