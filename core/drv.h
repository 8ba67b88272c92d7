/*
 * Checked calls of the plugins' optional operations: each does what
 * plugin.h says the core does when the operation is NULL, so call sites
 * never call through a NULL pointer.
 */
#ifndef DBARENA_DRV_H
#define DBARENA_DRV_H

#include "dbarena/plugin.h"
#include "plugins.h"

/*
 * describe_table; NULL: -1 with DBA_ERR_UNSUPPORTED.  A table whose element
 * sizes (ABI 1.2 column_size, fkey_size) are not this core's is released and
 * refused the same way.
 */
int drv_describe(const plugin *p, dba_conn *c, const char *schema, const char *name, dba_table **out,
		 dba_error *de);
/*
 * The unique keys of a table drv_describe returned (ABI 1.2 uniques): NULL
 * and *n = 0 for a plugin declaring an older minor, whose dba_table ends
 * before them.
 */
const dba_unique *drv_uniques(const plugin *p, const dba_table *t, uint32_t *n);
/* list_tables; NULL: -1 with DBA_ERR_UNSUPPORTED. */
int drv_list_tables(const plugin *p, dba_conn *c, char ***out, dba_error *de);
/* available; NULL: 1 (the runtime is always available). */
int drv_rt_available(const plugin *p, const char *engine, dba_error *de);

#endif
