/*
 * The PostgreSQL driver's descriptor: libpq underneath, COPY FROM STDIN for
 * bulk_load, server-side prepared statements.
 */
#include <stdio.h>

#include "pg.h"

const dba_host *pg_host;

static const dba_dialect pg_dialect_facts = {
	.size = sizeof(dba_dialect),
	.placeholder = DBA_PH_DOLLAR,
	.limit_style = DBA_LIMIT_LIMIT,
	.max_insert_rows = 0,
	.now_expr = "now()",
	.true_literal = "TRUE",
	.false_literal = "FALSE",
};

static const dba_dialect *pg_dialect(void)
{
	return &pg_dialect_facts;
}

static int pg_init(const dba_host *host, dba_error *err)
{
	pg_host = host;
	return 0;
}

static const dba_driver_ops pg_ops = {
	.connect = pg_connect,
	.disconnect = pg_disconnect,
	.escape_ident = pg_escape_ident,
	.render_literal = pg_render_literal,
	.exec = pg_exec,
	.tx = pg_tx,
	.describe_table = pg_describe_table,
	.table_free = pg_table_free,
	.list_tables = pg_list_tables,
	.strv_free = pg_strv_free,
	.bulk_load = pg_bulk_load,
	.prepare = pg_prepare,
	.execute = pg_execute,
	.stmt_free = pg_stmt_free,
	.dialect = pg_dialect,
	.sync_identity = pg_sync_identity,
	.reusable = pg_reusable,
};

static const char *const pg_schemes[] = { "postgres", "postgresql", NULL };

static const dba_plugin pg_plugin = {
	.magic = DBA_MAGIC,
	.abi_major = DBA_ABI_MAJOR,
	.abi_minor = DBA_ABI_MINOR,
	.size = sizeof(dba_plugin),
	.kind = DBA_KIND_DRIVER,
	.name = "postgres",
	.version = DBA_VERSION,
	.description = "PostgreSQL driver (libpq, COPY bulk load)",
	.schemes = pg_schemes,
	.package = "dbarena-plugin-postgres",
	.caps = DBA_CAP_BULK_LOAD | DBA_CAP_PREPARE | DBA_CAP_TRANSACTIONS | DBA_CAP_SCHEMAS |
		DBA_CAP_RETURNING | DBA_CAP_HOST_WAIT,
	.init = pg_init,
	.driver = &pg_ops,
	.driver_ops_size = sizeof(dba_driver_ops),
};

DBA_PLUGIN_ENTRY
{
	return &pg_plugin;
}

