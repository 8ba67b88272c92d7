/*
 * A working driver built from an old SDK header (included before this file):
 * it "connects" without a server, answers exec with one row, describes one
 * table, and counts disconnects, so the loader test can run it through the
 * operation table the core copied.
 */
#include <stdlib.h>
#include <string.h>

struct dba_conn {
	int open;
};

static int fxo_connect(const dba_conninfo *ci, dba_conn **out, dba_error *err)
{
	(void)ci;
	if (!(*out = calloc(1, sizeof(**out)))) {
		DBA_ERR_SET(err, DBA_ERR_CONNECTION, "out of memory");
		return -1;
	}
	(*out)->open = 1;
	return 0;
}

static void fxo_disconnect(dba_conn *c)
{
	free(c);
}

static size_t fxo_escape(const char *name, char *out, size_t cap)
{
	return (size_t)snprintf(out, cap, "[%s]", name);
}

static size_t fxo_literal(dba_conn *c, const dba_value *v, int32_t family, char *out, size_t cap)
{
	(void)c;
	(void)family;
	if (v->type == DBA_T_INT64)
		return (size_t)snprintf(out, cap, "%lld", (long long)v->u.i64);
	return (size_t)snprintf(out, cap, "NULL");
}

/* Rows of "SELECT ..." are one column "v" holding the statement's length. */
static int fxo_exec(dba_conn *c, const char *sql, dba_row_fn cb, void *ud, int64_t *affected, dba_error *err)
{
	static const char *const names[] = { "v" };
	char text[32];
	const char *vals[1] = { text };
	uint32_t len;

	if (!c || !c->open) {
		DBA_ERR_SET(err, DBA_ERR_CONNECTION, "not connected");
		return -1;
	}
	len = (uint32_t)snprintf(text, sizeof(text), "%zu", strlen(sql));
	if (cb && (cb(ud, 1, 1, names, NULL, NULL) == 0))
		cb(ud, 0, 1, names, vals, &len);
	if (affected)
		*affected = -1;
	return 0;
}

static dba_column fxo_cols[2] = {
	{ .name = "id", .type_name = "int", .family = DBA_FAM_INT, .max_length = -1, .precision = -1,
	  .scale = -1, .is_identity = 1 },
	{ .name = "label", .type_name = "text", .family = DBA_FAM_TEXT, .max_length = 40, .precision = -1,
	  .scale = -1, .nullable = 1 },
};
static const char *const fxo_pk[] = { "id" };
static dba_table fxo_table = { .name = "t", .columns = fxo_cols, .ncolumns = 2, .pk = fxo_pk, .npk = 1,
			       .estimated_rows = -1 };

static int fxo_describe(dba_conn *c, const char *schema, const char *name, dba_table **out, dba_error *err)
{
	(void)c;
	(void)schema;
	if (strcmp(name, "t")) {
		DBA_ERR_SET(err, DBA_ERR_USAGE, "table \"%s\" does not exist", name);
		return -1;
	}
	*out = &fxo_table;
	return 0;
}

static void fxo_table_free(dba_table *t)
{
	(void)t;
}

static const dba_dialect fxo_dialect_v = { .size = sizeof(dba_dialect), .placeholder = DBA_PH_QMARK,
					   .limit_style = DBA_LIMIT_LIMIT, .now_expr = "now()",
					   .true_literal = "TRUE", .false_literal = "FALSE" };
static const dba_dialect *fxo_dialect(void) { return &fxo_dialect_v; }

#if DBA_ABI_MINOR >= 1
static int fxo_sync_identity(dba_conn *c, const char *schema, const char *table, const char *column,
			     dba_error *err)
{
	(void)c; (void)schema; (void)table; (void)column; (void)err;
	return 0;
}
#endif

static const dba_driver_ops fxo_ops = {
	.connect = fxo_connect, .disconnect = fxo_disconnect, .escape_ident = fxo_escape,
	.render_literal = fxo_literal, .exec = fxo_exec, .describe_table = fxo_describe,
	.table_free = fxo_table_free, .dialect = fxo_dialect,
#if DBA_ABI_MINOR >= 1
	.sync_identity = fxo_sync_identity,
#endif
};

static const char *const fxo_schemes[] = { FXO_NAME, NULL };

static const dba_plugin fxo_plugin = {
	.magic = DBA_MAGIC,
	.abi_major = DBA_ABI_MAJOR,
	.abi_minor = DBA_ABI_MINOR,
	.size = sizeof(dba_plugin),
	.kind = DBA_KIND_DRIVER,
	.name = FXO_NAME,
	.version = "0.0.1",
	.schemes = fxo_schemes,
	.package = "dbarena-plugin-" FXO_NAME,
	.driver = &fxo_ops,
};

DBA_PLUGIN_ENTRY
{
	return &fxo_plugin;
}
