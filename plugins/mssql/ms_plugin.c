/*
 * The SQL Server driver's descriptor: FreeTDS db-lib underneath, TDS 7.4,
 * bulk copy for bulk_load, sp_executesql for prepared statements.
 */
#include <stdio.h>

#include "ms.h"

static const char *const ms_schemes[] = { "sqlserver", "mssql", NULL };

static const dba_driver_ops ms_ops = {
	.connect = ms_connect,
	.disconnect = ms_disconnect,
	.escape_ident = ms_escape_ident,
	.render_literal = ms_render_literal,
	.exec = ms_exec,
	.tx = ms_tx,
	.describe_table = ms_describe_table,
	.table_free = ms_table_free,
	.list_tables = ms_list_tables,
	.strv_free = ms_strv_free,
	.bulk_load = ms_bulk_load,
	.prepare = ms_prepare,
	.execute = ms_execute,
	.stmt_free = ms_stmt_free,
	.dialect = ms_dialect,
};

static const dba_plugin ms_plugin = {
	.magic = DBA_MAGIC,
	.abi_major = DBA_ABI_MAJOR,
	.abi_minor = DBA_ABI_MINOR,
	.size = sizeof(dba_plugin),
	.kind = DBA_KIND_DRIVER,
	.name = "mssql",
	.version = DBA_VERSION,
	.description = "Microsoft SQL Server through FreeTDS db-lib (TDS 7.4, bulk copy)",
	.schemes = ms_schemes,
	.package = "dbarena-plugin-mssql",
	/* No RETURNING: SQL Server has OUTPUT INSERTED instead. */
	.caps = DBA_CAP_BULK_LOAD | DBA_CAP_PREPARE | DBA_CAP_TRANSACTIONS | DBA_CAP_SCHEMAS,
	.init = ms_init,
	.driver = &ms_ops,
	.driver_ops_size = sizeof(dba_driver_ops),
	.runtime = NULL,
};

DBA_PLUGIN_ENTRY
{
	return &ms_plugin;
}
