/* Fixture plugins for the loader tests: each .c file here defines one way to be refused. */
#include <string.h>

#include "dbarena/plugin.h"

#ifndef FX_MAGIC
#define FX_MAGIC DBA_MAGIC
#endif
#ifndef FX_MAJOR
#define FX_MAJOR DBA_ABI_MAJOR
#endif
#ifndef FX_MINOR
#define FX_MINOR DBA_ABI_MINOR
#endif
#ifndef FX_SIZE
#define FX_SIZE sizeof(dba_plugin)
#endif
#ifndef FX_KIND
#define FX_KIND DBA_KIND_DRIVER
#endif

static int fx_connect(const dba_conninfo *ci, dba_conn **out, dba_error *err)
{
	(void)ci;
	(void)out;
	DBA_ERR_SET(err, DBA_ERR_CONNECTION, "fixture drivers do not connect");
	return -1;
}

static size_t fx_escape(const char *name, char *out, size_t cap)
{
	return (size_t)snprintf(out, cap, "\"%s\"", name);
}

static void fx_disconnect(dba_conn *c)
{
	(void)c;
}

static size_t fx_literal(dba_conn *c, const dba_value *v, int32_t family, char *out, size_t cap)
{
	(void)c; (void)v; (void)family;
	return (size_t)snprintf(out, cap, "NULL");
}

#ifndef FX_NO_EXEC
static int fx_exec(dba_conn *c, const char *sql, dba_row_fn cb, void *ud, int64_t *affected, dba_error *err)
{
	(void)c; (void)sql; (void)cb; (void)ud; (void)affected; (void)err;
	return -1;
}
#endif

static const dba_dialect fx_dialect_v = { .size = sizeof(dba_dialect), .placeholder = DBA_PH_QMARK,
					  .limit_style = DBA_LIMIT_LIMIT, .now_expr = "now()",
					  .true_literal = "TRUE", .false_literal = "FALSE" };
static const dba_dialect *fx_dialect(void) { return &fx_dialect_v; }

#ifdef FX_SYNC_IDENTITY
static int fx_sync_identity(dba_conn *c, const char *schema, const char *table, const char *column,
			    dba_error *err)
{
	(void)c; (void)schema; (void)table; (void)column; (void)err;
	return 0;
}
#endif

static const dba_driver_ops fx_ops = {
	.connect = fx_connect, .disconnect = fx_disconnect, .escape_ident = fx_escape,
	.render_literal = fx_literal, .dialect = fx_dialect,
#ifndef FX_NO_EXEC
	.exec = fx_exec,
#endif
#ifdef FX_SYNC_IDENTITY
	/* For a 1.0 fixture this stands for whatever lies past its table: never to be read. */
	.sync_identity = fx_sync_identity,
#endif
};

#ifdef FX_INIT_FAILS
static int fx_init(const dba_host *h, dba_error *err)
{
	(void)h;
	DBA_ERR_SET(err, DBA_ERR_UNSUPPORTED, "fixture init refuses to start");
	return -1;
}
#else
static int fx_init(const dba_host *h, dba_error *err)
{
	(void)err;
	/* A 1.2 core hands every plugin a host table with the progress callback. */
	return h && h->abi_major == DBA_ABI_MAJOR &&
	       h->size >= offsetof(dba_host, progress) + sizeof(h->progress) && h->progress ? 0 : -1;
}
#endif

#ifndef FX_SCHEMES
#define FX_SCHEMES FX_NAME
#endif
static const char *const fx_schemes[] = { FX_SCHEMES, NULL };

static const dba_plugin fx_plugin = {
	.magic = FX_MAGIC,
	.abi_major = FX_MAJOR,
	.abi_minor = FX_MINOR,
	.size = FX_SIZE,
	.kind = FX_KIND,
	.name = FX_NAME,
	.version = "0.0.1",
	.schemes = fx_schemes,
	.package = "dbarena-plugin-" FX_NAME,
	.init = fx_init,
	.driver = &fx_ops,
	.driver_ops_size = sizeof(dba_driver_ops),
};

#ifndef FX_NO_ENTRY
DBA_PLUGIN_ENTRY
{
	return &fx_plugin;
}
#endif
