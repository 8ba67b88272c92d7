#include <string.h>

#include "drv.h"

int drv_describe(const plugin *p, dba_conn *c, const char *schema, const char *name, dba_table **out,
		 dba_error *de)
{
	dba_table *t = NULL;

	*out = NULL;
	if (!p->driver.describe_table) {
		DBA_ERR_SET(de, DBA_ERR_UNSUPPORTED, "the %s driver cannot describe tables", p->d->name);
		return -1;
	}
	if (p->driver.describe_table(c, schema, name, &t, de))
		return -1;
	/* Element sizes exist from 1.2 on; before, they are the 1.0 sizes, which are this core's. */
	if (t && p->d->abi_minor >= 2 &&
	    ((t->column_size && t->column_size != sizeof(dba_column)) ||
	     (t->fkey_size && t->fkey_size != sizeof(dba_fkey)) ||
	     (t->unique_size && t->unique_size != sizeof(dba_unique)) ||
	     (t->check_size && t->check_size != sizeof(dba_check)))) {
		DBA_ERR_SET(de, DBA_ERR_UNSUPPORTED,
			    "the %s driver describes %s with %u-byte columns and %u-byte foreign keys, "
			    "this dbarena reads %zu and %zu", p->d->name, name, t->column_size, t->fkey_size,
			    sizeof(dba_column), sizeof(dba_fkey));
		p->driver.table_free(t);
		return -1;
	}
	*out = t;
	return 0;
}

const dba_unique *drv_uniques(const plugin *p, const dba_table *t, uint32_t *n)
{
	*n = 0;
	if (!t || p->d->abi_minor < 2 || !t->uniques)
		return NULL;
	*n = t->nuniques;
	return t->uniques;
}

int drv_list_tables(const plugin *p, dba_conn *c, char ***out, dba_error *de)
{
	*out = NULL;
	if (!p->driver.list_tables) {
		DBA_ERR_SET(de, DBA_ERR_UNSUPPORTED, "the %s driver cannot list tables", p->d->name);
		return -1;
	}
	return p->driver.list_tables(c, out, de);
}

int drv_rt_available(const plugin *p, const char *engine, dba_error *de)
{
	return !p->runtime.available || p->runtime.available(engine, de);
}
