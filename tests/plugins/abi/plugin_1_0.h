/*
 * include/dbarena/plugin.h exactly as it was at ABI 1.0 (git show a7623e3^:include/dbarena/plugin.h),
 * with version.h's numbers of that time inlined: fixture plugins built from it prove that
 * plugins built against the old SDK still load and run.
 */
/*
 * dbarena plugin SDK: the plugin ABI.
 *
 * A plugin is one shared object exporting one symbol, DBA_ENTRY_SYMBOL, a
 * function returning a pointer to a static dba_plugin descriptor.  The core
 * checks, in this order and before calling anything else: magic, ABI major
 * (equal to the core's), ABI minor (not newer than the core's), struct size
 * (at least the size of the 1.0 descriptor), and name (non-empty, matching the
 * file name "<name>.so").  Then it calls init() once with the host table.
 *
 * Growth rules: fields and operations are only ever appended.  A NULL
 * operation means "not supported"; the core checks before calling.  The core
 * reads an operation only if it lies inside the size the plugin declared.
 *
 * Ownership: inputs are borrowed for the duration of the call.  What a plugin
 * allocates and hands out (connections, statements, table descriptions,
 * instance lists) is released only through that plugin's matching free
 * operation.  dba_error structs are the caller's; a plugin fills one on
 * failure.  Plugins never exit, abort, or print to stdout; diagnostics go
 * through host->log.
 *
 * Threading: the descriptor and init() are used from one thread.  Connection
 * operations may be called from many threads, but each dba_conn (and its
 * statements) is used by one thread at a time.  Runtime operations are called
 * from one thread at a time.
 *
 * Every operation is "since ABI 1.0" unless noted.
 */
#ifndef DBARENA_PLUGIN_H_1_0
#define DBARENA_PLUGIN_H_1_0

#include <stddef.h>
#include <stdint.h>
#include <stdio.h> /* snprintf, for DBA_ERR_SET */

#include "dbarena/value.h"
#define DBA_ABI_MAJOR 1
#define DBA_ABI_MINOR 0

#ifdef __cplusplus
extern "C" {
#endif

#define DBA_MAGIC 0x44424152u /* "DBAR" */
#define DBA_ENTRY_SYMBOL "dba_plugin_entry"

#if defined(__GNUC__)
#define DBA_EXPORT __attribute__((visibility("default")))
#else
#define DBA_EXPORT
#endif

/* Declares the entry point: DBA_PLUGIN_ENTRY { return &my_descriptor; } */
#define DBA_PLUGIN_ENTRY DBA_EXPORT const struct dba_plugin *dba_plugin_entry(void)

enum dba_kind {
	DBA_KIND_DRIVER = 1,
	DBA_KIND_RUNTIME = 2
};

/* Driver capability bits (dba_plugin.caps). */
#define DBA_CAP_BULK_LOAD    (1u << 0) /* bulk_load is a native bulk path */
#define DBA_CAP_PREPARE      (1u << 1) /* prepare/execute/stmt_free */
#define DBA_CAP_TRANSACTIONS (1u << 2) /* tx() */
#define DBA_CAP_SCHEMAS      (1u << 3) /* table names may be schema-qualified */
#define DBA_CAP_RETURNING    (1u << 4) /* INSERT ... RETURNING (see dba_dialect) */
/* Runtime capability bits. */
#define DBA_CAP_RT_LOGS_FOLLOW (1u << 16)
#define DBA_CAP_RT_EXEC        (1u << 17)
#define DBA_CAP_RT_LIMITS      (1u << 18) /* memory / CPU limits honoured */

/* ------------------------------------------------------------------ */
/* Errors                                                              */
/* ------------------------------------------------------------------ */

/* Error classes: explicit values, append-only. */
enum dba_err_class {
	DBA_ERR_NONE = 0,
	DBA_ERR_CONNECTION = 1,  /* could not connect, connection lost */
	DBA_ERR_DEADLOCK = 2,    /* deadlock, serialization failure, lock wait timeout: retryable */
	DBA_ERR_CONSTRAINT = 3,  /* unique, foreign key, not null, check */
	DBA_ERR_TIMEOUT = 4,     /* statement timeout, query cancelled */
	DBA_ERR_SYNTAX = 5,      /* syntax error or any other server error */
	DBA_ERR_USAGE = 6,       /* bad parameters from the caller (URL option, unknown table) */
	DBA_ERR_UNSUPPORTED = 7, /* the operation or option is not available here */
	DBA_ERR_PERMISSION = 8   /* refused by the server or the OS (e.g. local_infile off, socket EACCES) */
};

/*
 * Filled by a plugin on failure; owned by the caller.  Strings are
 * NUL-terminated and truncated to fit.  message is one line saying what
 * failed; detail and hint are optional (empty string when absent).
 * Never contains a password.
 */
typedef struct dba_error {
	int32_t err_class;   /* enum dba_err_class */
	int32_t native_code; /* server error number (MySQL errno, SQL Server msg number), 0 if none */
	char sqlstate[8];    /* five-character SQLSTATE, or "" */
	char message[512];
	char detail[512];
	char hint[256];
} dba_error;

/* ------------------------------------------------------------------ */
/* Host table: what the core offers every plugin                       */
/* ------------------------------------------------------------------ */

enum dba_log_level {
	DBA_LOG_ERROR = 0,
	DBA_LOG_WARN = 1,
	DBA_LOG_INFO = 2,
	DBA_LOG_DEBUG = 3
};

typedef struct dba_host {
	uint32_t size;        /* sizeof(dba_host) as the core built it */
	uint32_t abi_major;
	uint32_t abi_minor;
	int32_t verbosity;    /* 0 normal, 1 -v, 2 -vv */
	/* Thread-safe; writes to stderr when level <= verbosity + 1. */
	void (*log)(int32_t level, const char *plugin, const char *fmt, ...)
		__attribute__((format(printf, 3, 4)));
	/* Allocation for memory the core frees (none in ABI 1.0; reserved). */
	void *(*alloc)(size_t n);
	void (*free)(void *p);
} dba_host;

/* ------------------------------------------------------------------ */
/* Driver plugins                                                      */
/* ------------------------------------------------------------------ */

/* A key=value pair from a URL's query string. */
typedef struct dba_param {
	const char *key;
	const char *value;
} dba_param;

/* Connection parameters, parsed by the core from the URL (all borrowed). */
typedef struct dba_conninfo {
	uint32_t size;              /* sizeof(dba_conninfo) */
	const char *scheme;         /* "postgres", "mysql", "sqlserver", ... as typed */
	const char *user;           /* NULL when absent */
	const char *password;       /* NULL when absent */
	const char *host;           /* NULL when absent: the driver's default */
	int32_t port;               /* 0 when absent: the driver's default */
	const char *database;       /* NULL when absent */
	const dba_param *params;    /* ?key=value options, percent-decoded */
	uint32_t nparams;
	int32_t connect_timeout_s;  /* 0 = driver default */
} dba_conninfo;

typedef struct dba_conn dba_conn; /* defined by each driver */
typedef struct dba_stmt dba_stmt; /* defined by each driver */

/* One column as described by describe_table.  Strings are owned by the table. */
typedef struct dba_column {
	const char *name;
	const char *type_name;  /* native type as the server spells it, e.g. "character varying" */
	int32_t family;         /* enum dba_family */
	int32_t max_length;     /* characters for text, bytes for binary; -1 unbounded */
	int32_t precision;      /* numeric precision, -1 when not applicable */
	int32_t scale;          /* numeric scale, -1 when not applicable */
	int32_t nullable;       /* 1 if NULL is allowed */
	int32_t has_default;    /* 1 if the column has a default expression */
	int32_t is_identity;    /* 1 for identity / serial / auto_increment */
	int32_t is_generated;   /* 1 for generated / computed columns (never written) */
	const char *default_expr; /* NULL when none */
	const char *const *enum_values; /* for DBA_FAM_ENUM: the allowed labels */
	uint32_t n_enum_values;
} dba_column;

/* One foreign key; multi-column keys list their columns in order. */
typedef struct dba_fkey {
	const char *name;
	uint32_t ncols;
	const char *const *columns;      /* in this table */
	const char *ref_schema;          /* NULL when the driver has no schemas */
	const char *ref_table;
	const char *const *ref_columns;  /* in the referenced table */
} dba_fkey;

typedef struct dba_table {
	const char *schema;            /* resolved schema (PostgreSQL), database (MySQL) */
	const char *name;
	const dba_column *columns;     /* in ordinal order */
	uint32_t ncolumns;
	const char *const *pk;         /* primary key column names, in key order */
	uint32_t npk;
	const dba_fkey *fkeys;
	uint32_t nfkeys;
	int64_t estimated_rows;        /* -1 when unknown */
} dba_table;

/*
 * Row callback for exec/execute.  Called once with is_header = 1 and values
 * NULL (so column names are known even for zero rows), then once per row.
 * values[i] is NULL for SQL NULL; otherwise text of lengths[i] bytes, NUL-
 * terminated.  All pointers are valid only during the call.  Return 0 to go
 * on, non-zero to stop reading rows (the driver discards the rest).
 */
typedef int (*dba_row_fn)(void *ud, int32_t is_header, uint32_t ncols,
			  const char *const *names, const char *const *values,
			  const uint32_t *lengths);

/*
 * Row source for bulk_load, provided by the core.  Fills row[0..ncols-1] and
 * returns 1, returns 0 at the end, or returns -1 after filling err (the
 * driver then aborts the load and returns -1 with that error).  Values stay
 * valid until the next call.
 */
typedef int (*dba_row_source)(void *ud, dba_value *row, uint32_t ncols, dba_error *err);

/* Placeholder styles for prepare(). */
enum dba_placeholder {
	DBA_PH_DOLLAR = 1, /* $1, $2 ... (PostgreSQL) */
	DBA_PH_QMARK = 2,  /* ?      (MySQL) */
	DBA_PH_AT = 3      /* @p1, @p2 ... (SQL Server) */
};

/* Row-limit syntax. */
enum dba_limit_style {
	DBA_LIMIT_LIMIT = 1, /* SELECT ... LIMIT n */
	DBA_LIMIT_TOP = 2    /* SELECT TOP (n) ... */
};

/*
 * SQL dialect facts the core needs to write portable statements.  Static,
 * owned by the plugin.
 */
typedef struct dba_dialect {
	uint32_t size;            /* sizeof(dba_dialect) */
	int32_t placeholder;      /* enum dba_placeholder */
	int32_t limit_style;      /* enum dba_limit_style */
	uint32_t max_insert_rows; /* most rows per INSERT ... VALUES list; 0 = no limit */
	const char *now_expr;     /* current timestamp expression, e.g. "now()" */
	const char *true_literal; /* "TRUE" or "1" */
	const char *false_literal;
} dba_dialect;

typedef struct dba_driver_ops {
	/*
	 * Opens a session.  On success *out is a connection owned by the caller,
	 * released with disconnect().  On failure fills err (class CONNECTION for
	 * an unreachable server or failed login, USAGE for an unknown URL option).
	 */
	int (*connect)(const dba_conninfo *ci, dba_conn **out, dba_error *err);
	/* Closes and frees; NULL-safe. */
	void (*disconnect)(dba_conn *c);

	/*
	 * Writes the quoted identifier for one name part (no schema splitting)
	 * into out (NUL-terminated, truncated to cap).  Returns the length the full
	 * quoted identifier needs, excluding the NUL (snprintf semantics).
	 * Needs no connection; thread-safe.
	 */
	size_t (*escape_ident)(const char *name, char *out, size_t cap);

	/*
	 * Renders a value as an SQL literal for this server (NULL, numbers, quoted
	 * and escaped strings, typed timestamps/dates/uuids), snprintf semantics.
	 * c may be NULL (the driver then assumes standard settings).
	 */
	size_t (*render_literal)(dba_conn *c, const dba_value *v, int32_t family,
				 char *out, size_t cap);

	/*
	 * Runs SQL text (one statement; drivers may accept several).  When cb is
	 * non-NULL, rows of the (last) result set go through it.  *affected (if
	 * non-NULL) gets the affected-row count, or -1 when not applicable.
	 */
	int (*exec)(dba_conn *c, const char *sql, dba_row_fn cb, void *ud,
		    int64_t *affected, dba_error *err);

	/* Transactions: what is one of DBA_TX_*.  NULL when unsupported. */
	int (*tx)(dba_conn *c, int32_t what, dba_error *err);

	/*
	 * Describes one table.  schema may be NULL (the connection's search path
	 * or database).  Names are given unquoted, exactly as stored (mixed case
	 * preserved).  A missing table is class USAGE with message
	 * 'table "x" does not exist'.  *out is owned by the caller and released
	 * with table_free().
	 */
	int (*describe_table)(dba_conn *c, const char *schema, const char *name,
			      dba_table **out, dba_error *err);
	void (*table_free)(dba_table *t);

	/*
	 * Lists user tables (not system catalogs) as "name", or "schema.name"
	 * outside the default schema, sorted.  *out is a NULL-terminated array
	 * released with strv_free().
	 */
	int (*list_tables)(dba_conn *c, char ***out, dba_error *err);
	void (*strv_free)(char **v);

	/*
	 * Streams rows into schema.table (schema may be NULL) through the native
	 * bulk path, pulling them from next() until it returns 0.  No temporary
	 * files.  Runs inside the caller's transaction when one is open.
	 * *rows (if non-NULL) gets the number of rows sent.
	 */
	int (*bulk_load)(dba_conn *c, const char *schema, const char *table,
			 const char *const *columns, const int32_t *families, uint32_t ncols,
			 dba_row_source next, void *ud, uint64_t *rows, dba_error *err);

	/*
	 * Prepared statements (optional, DBA_CAP_PREPARE).  sql uses the
	 * dialect's placeholder style.  param_families may be NULL.  The
	 * statement belongs to c and is released with stmt_free() before c is.
	 */
	int (*prepare)(dba_conn *c, const char *sql, uint32_t nparams,
		       const int32_t *param_families, dba_stmt **out, dba_error *err);
	int (*execute)(dba_conn *c, dba_stmt *s, const dba_value *params, uint32_t nparams,
		       dba_row_fn cb, void *ud, int64_t *affected, dba_error *err);
	void (*stmt_free)(dba_conn *c, dba_stmt *s);

	/* Static dialect facts; never NULL for a driver. */
	const dba_dialect *(*dialect)(void);
} dba_driver_ops;

enum dba_tx {
	DBA_TX_BEGIN = 1,
	DBA_TX_COMMIT = 2,
	DBA_TX_ROLLBACK = 3
};

/* ------------------------------------------------------------------ */
/* Runtime plugins                                                     */
/* ------------------------------------------------------------------ */

/* A managed instance, filled by a runtime; plain data, owned by the caller. */
typedef struct dba_instance {
	char id[80];
	char name[128];
	char engine[16];    /* "postgres", "mysql", "sqlserver" */
	char version[32];
	char state[16];     /* "running", "exited", "created", "restarting", ... */
	char runtime[16];   /* "docker", "native" */
	char image[160];
	char host[64];      /* where the host reaches it, "127.0.0.1" */
	int32_t port;
	char user[64];
	char password[128]; /* for connecting; the core masks it when shown */
	char database[64];
	int64_t created;    /* Unix seconds */
} dba_instance;

typedef struct dba_create_opts {
	uint32_t size;             /* sizeof(dba_create_opts) */
	const char *engine;        /* "postgres", "mysql", "sqlserver" */
	const char *name;
	const char *version;       /* NULL: runtime default */
	const char *image;         /* NULL: runtime default */
	int32_t port;              /* 0: chosen by the runtime */
	int32_t memory_mb;         /* 0: no limit */
	double cpus;               /* 0: no limit */
	const char *const *env;    /* "KEY=VAL" strings */
	uint32_t nenv;
	int32_t network_host;      /* 1: host networking */
	const char *user;
	const char *password;
	const char *database;
} dba_create_opts;

/* Output sink for logs and exec; stream 1 = stdout, 2 = stderr. */
typedef int (*dba_write_fn)(void *ud, int32_t stream, const char *data, size_t len);

typedef struct dba_runtime_ops {
	/* Returns 1 when this runtime can serve engine (NULL: any) here, 0 if not (err says why). */
	int (*available)(const char *engine, dba_error *err);
	/* Creates and starts an instance; fills *out.  Waiting for readiness is the core's job. */
	int (*create)(const dba_create_opts *o, dba_instance *out, dba_error *err);
	int (*start)(const char *id, dba_error *err);
	int (*stop)(const char *id, int32_t timeout_s, dba_error *err);
	int (*remove)(const char *id, int32_t volumes, dba_error *err);
	/* *out is an array of *n instances released with list_free(). */
	int (*list)(int32_t all, dba_instance **out, uint32_t *n, dba_error *err);
	void (*list_free)(dba_instance *v);
	int (*inspect)(const char *id, dba_instance *out, dba_error *err);
	/* tail < 0: all lines. */
	int (*logs)(const char *id, int32_t follow, int32_t tail, dba_write_fn w, void *ud,
		    dba_error *err);
	/* Runs argv inside the instance; *status gets its exit status. */
	int (*exec)(const char *id, const char *const *argv, dba_write_fn w, void *ud,
		    int32_t *status, dba_error *err);
} dba_runtime_ops;

/* ------------------------------------------------------------------ */
/* The descriptor                                                      */
/* ------------------------------------------------------------------ */

typedef struct dba_plugin {
	uint32_t magic;        /* DBA_MAGIC */
	uint16_t abi_major;    /* DBA_ABI_MAJOR the plugin was built with */
	uint16_t abi_minor;    /* DBA_ABI_MINOR the plugin was built with */
	uint32_t size;         /* sizeof(struct dba_plugin) as the plugin built it */
	int32_t kind;          /* enum dba_kind */
	const char *name;      /* "postgres", matches the file name */
	const char *version;   /* plugin version text */
	const char *description;
	const char *const *schemes; /* drivers: NULL-terminated URL schemes ("postgres", "postgresql") */
	const char *package;   /* distro package that ships it, e.g. "dbarena-plugin-postgres" */
	uint32_t caps;         /* DBA_CAP_* */
	/* Called once after the checks; returns 0, or -1 with err filled (the plugin is then unusable). */
	int (*init)(const dba_host *host, dba_error *err);
	const dba_driver_ops *driver;   /* kind == DRIVER */
	const dba_runtime_ops *runtime; /* kind == RUNTIME */
} dba_plugin;

/* The entry point each plugin exports. */
typedef const dba_plugin *(*dba_entry_fn)(void);

/* Helper for plugins: fill an error (truncating). */
#define DBA_ERR_SET(e, cls, ...)                                              \
	do {                                                                  \
		if (e) {                                                      \
			(e)->err_class = (cls);                               \
			snprintf((e)->message, sizeof((e)->message), __VA_ARGS__); \
		}                                                             \
	} while (0)

#ifdef __cplusplus
}
#endif

#endif
