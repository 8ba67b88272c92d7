/*
 * Lookups in the described tables of a workload: which table a name or a
 * foreign key means, and which columns are key parts.
 */
#include <string.h>

#include "catalog.h"

int catalog_find_table(const wl_schema *s, const char *schema, const char *name)
{
	for (unsigned i = 0; i < s->n; i++) {
		const dba_table *d = s->t[i].d;

		if (!strcmp(d->name, name) && (!schema || !d->schema || !strcmp(d->schema, schema)))
			return (int)i;
	}
	return -1;
}

/* The parent table index of a single-column FK on column ci that points at the parent's PK; -1 otherwise. */
int catalog_fk_parent(const wl_schema *s, const dba_table *d, int ci)
{
	for (uint32_t f = 0; f < d->nfkeys; f++) {
		const dba_fkey *fk = &d->fkeys[f];
		int p;

		if (fk->ncols != 1 || strcmp(fk->columns[0], d->columns[ci].name))
			continue;
		p = catalog_find_table(s, fk->ref_schema, fk->ref_table);
		if (p < 0 || s->t[p].pk < 0 || strcmp(s->t[p].d->columns[s->t[p].pk].name, fk->ref_columns[0]))
			return -2; /* an FK we cannot feed */
		return p;
	}
	return -1;
}

/*
 * A multi-column FK on column ci that covers the parent's whole composite
 * key: the parent table index, *part = the key part ci takes and *fkno = the
 * FK.  -1 otherwise (such columns stay as before: generated values).
 */
int catalog_fk_parent_multi(const wl_schema *s, const dba_table *d, int ci, int *part, int *fkno)
{
	for (uint32_t f = 0; f < d->nfkeys; f++) {
		const dba_fkey *fk = &d->fkeys[f];
		const wl_table *pt;
		int p, mine = -1, covered = 0;

		if (fk->ncols < 2)
			continue;
		for (uint32_t k = 0; k < fk->ncols; k++)
			if (!strcmp(fk->columns[k], d->columns[ci].name))
				mine = (int)k;
		if (mine < 0 || (p = catalog_find_table(s, fk->ref_schema, fk->ref_table)) < 0)
			continue;
		pt = &s->t[p];
		if (pt->nkey != fk->ncols)
			continue;
		*part = -1;
		for (unsigned j = 0; j < pt->nkey; j++)
			for (uint32_t k = 0; k < fk->ncols; k++)
				if (!strcmp(pt->d->columns[pt->key[j]].name, fk->ref_columns[k])) {
					covered++;
					if ((int)k == mine)
						*part = (int)j;
				}
		if (covered != (int)pt->nkey || *part < 0)
			continue;
		*fkno = (int)f;
		return p;
	}
	return -1;
}

int catalog_is_key_col(const wl_table *w, int ci)
{
	for (unsigned k = 0; k < w->nkey; k++)
		if (w->key[k] == ci)
			return 1;
	return 0;
}
