/*
 * dbarena plugin SDK: the plugin ABI.
 *
 * A plugin is one shared object exporting one symbol, DBA_ENTRY_SYMBOL, a
 * function returning a pointer to a static dba_plugin descriptor.  The core
 * checks, in this order and before calling anything else: magic, ABI major
 * (equal to the core's), ABI minor (not newer than the core's), struct size
 * (at least the size of the descriptor at the minor the plugin declares),
 * name (non-empty, matching the file name "<name>.so"), kind and the
 * required operations.  Then it calls init() once with the host table.
 *
 * Growth rules: fields and operations are only ever appended.  A NULL
 * optional operation means "not supported"; the core checks before calling
 * and does what the operation's comment says ("NULL:").  A NULL required
 * operation makes the loader refuse the plugin.  The core reads an operation
 * only if it lies inside the table the plugin provides: from ABI 1.2 the
 * descriptor states each table's size (driver_ops_size, runtime_ops_size);
 * for a plugin declaring 1.0 or 1.1 the size is that of the table at its
 * minor (1.0: up to dialect; 1.1: up to sync_identity).
 *
 * Arrays a plugin fills (columns and foreign keys of a dba_table, the
 * instances of a runtime list) have elements of the size the struct had at
 * the plugin's declared minor; from 1.2 dba_table states its element sizes
 * (column_size, fkey_size).  A later minor that appends fields to an element
 * reads older plugins' arrays with the older stride and their missing fields
 * as zero.
 *
 * Return convention: operations returning int return 0 on success and -1 on
 * failure with the dba_error filled (class, message; detail and hint when
 * known).  Exceptions say so (available(), the row callbacks).
 *
 * Ownership: inputs are borrowed for the duration of the call.  What a plugin
 * allocates and hands out (connections, statements, table descriptions,
 * instance lists) is released only through that plugin's matching free
 * operation.  dba_error structs are the caller's; a plugin fills one on
 * failure.  Plugins never exit, abort, or print to stdout or stderr;
 * diagnostics go through host->log and progress through host->progress.
 *
 * Threading: the descriptor and init() are used from one thread.  Connection
 * operations may be called from many threads, but each dba_conn (and its
 * statements) is used by one thread at a time.  Runtime operations are called
 * from one thread at a time.
 *
 * Every operation and field is "since ABI 1.0" unless noted.  Changes per
 * minor: docs/plugin-abi.md.
 */
#ifndef DBARENA_PLUGIN_H
#define DBARENA_PLUGIN_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h> /* snprintf, for DBA_ERR_SET */

#include "dbarena/value.h"
#include "dbarena/version.h"

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
/*
 * Since ABI 1.3: on a connection opened with dba_conninfo.shared_thread,
 * while exec, prepare, execute or tx waits for the server's answer, the
 * driver waits only in host->wait, never in a blocking call of its own.
 * The core may then run several connections on one thread (workload
 * --threads).  connect and bulk_load may still block.
 */
#define DBA_CAP_HOST_WAIT    (1u << 5)
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
	DBA_ERR_PERMISSION = 8,  /* refused by the server or the OS (e.g. local_infile off, socket EACCES) */
	/*
	 * Since ABI 1.2: out of memory or another resource of the client, or a
	 * bug in the plugin.  Not the server's fault and not retryable: the core
	 * neither retries nor reconnects.  Older cores count it as "other".
	 */
	DBA_ERR_RESOURCE = 9,
	/*
	 * Since ABI 1.2: a value the server refused (SQLSTATE class 22: out of
	 * range, too long, bad format, division by zero). Not retryable. Older
	 * cores count it as "other"; older plugins report it as SYNTAX.
	 */
	DBA_ERR_DATA = 10
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
	/*
	 * Since ABI 1.2 (read it only when size covers it; the core always
	 * provides it).  Progress of a long step inside an operation, e.g. an
	 * image download: what names the step ("pulling postgres:16",
	 * "Downloading"), done and total count its units (bytes, files), total
	 * 0 when unknown.  Call it as often as convenient: the core draws at
	 * most a few times a second, only on a terminal, never with --quiet.
	 * what NULL ends the step (the line is cleared).  Thread-safe.
	 */
	void (*progress)(const char *plugin, const char *what, uint64_t done, uint64_t total);
	/*
	 * Since ABI 1.3 (read it only when size covers it).  Waits until fd is
	 * ready for events (POLLIN, POLLOUT of <poll.h>) or timeout_ms passes
	 * (negative: no limit), as poll() on one descriptor: returns the ready
	 * events (> 0), 0 on timeout, -1 with errno on failure (EINTR
	 * included).  On a thread that runs several connections it lets the
	 * others run meanwhile; elsewhere it is poll().  A driver declaring
	 * DBA_CAP_HOST_WAIT waits for the server only here.
	 */
	int32_t (*wait)(int32_t fd, int32_t events, int64_t timeout_ms);
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
	const char *scheme;         /* as typed, lower-cased: one of the driver's schemes */
	const char *user;           /* NULL when absent */
	const char *password;       /* NULL when absent */
	const char *host;           /* NULL when absent: the driver's default */
	int32_t port;               /* 0 when absent: the driver's default */
	const char *database;       /* NULL when absent */
	const dba_param *params;    /* ?key=value options, percent-decoded */
	uint32_t nparams;
	int32_t connect_timeout_s;  /* 0 = driver default */
	/*
	 * Since ABI 1.1 (read it only when size covers it): a statement running
	 * longer than this is cancelled and fails with DBA_ERR_TIMEOUT; 0 = none.
	 * The driver asks the server to enforce it and also stops waiting itself
	 * shortly after (a server that stopped answering cannot cancel anything);
	 * a connection given up on that way fails every later call with
	 * DBA_ERR_CONNECTION until it is disconnected.
	 */
	int32_t statement_timeout_ms;
	/*
	 * Since ABI 1.3 (read it only when size covers it): non-zero when the
	 * connection will share its thread with others (workload --threads),
	 * so a driver declaring DBA_CAP_HOST_WAIT must wait in host->wait on
	 * it.  0: the thread is the connection's own; the driver may wait as it
	 * likes.
	 */
	int32_t shared_thread;
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

/*
 * Since ABI 1.2 (unique keys): one UNIQUE constraint or unique index other
 * than the primary key.  columns lists the plain key columns in key order,
 * then the columns an expression part reads (lower(email): email), each once.
 * partial: the index has a WHERE predicate (rows outside it are not
 * checked); expression: some key part is an expression (lower(email)), so
 * distinct column values may still collide (a seeder compares text case-
 * folded).  prefix: NULL, or per column the number of leading characters
 * the key compares (MySQL prefix parts), 0 for the whole value.
 */
typedef struct dba_unique {
	const char *name;
	uint32_t ncols;
	const char *const *columns;
	int32_t partial;
	int32_t expression;
	const int32_t *prefix;
} dba_unique;

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
	/*
	 * Since ABI 1.2 (the core reads them only from a plugin declaring 1.2
	 * or later): sizeof(dba_column) and sizeof(dba_fkey) as the plugin
	 * built them, the stride of columns[] and fkeys[].  0 means the size at
	 * the plugin's declared minor.  A core refuses a table whose element
	 * size it does not know (DBA_ERR_UNSUPPORTED).
	 */
	uint32_t column_size;
	uint32_t fkey_size;
	/*
	 * Since ABI 1.2, unique keys: the table's UNIQUE constraints and unique
	 * indexes except the primary key (NULL and 0 when none), and
	 * sizeof(dba_unique) as the plugin built it (0: the 1.2 size).
	 */
	const dba_unique *uniques;
	uint32_t nuniques;
	uint32_t unique_size;
	/*
	 * CHECK constraints, since ABI 1.2 (zero from older plugins): the
	 * table's own CHECKs (column- and table-level) and, for each column
	 * whose type is a domain, that domain's CHECKs.  check_size is
	 * sizeof(dba_check) as the plugin built it (the stride of checks[]).
	 */
	const struct dba_check *checks;
	uint32_t nchecks;
	uint32_t check_size;
} dba_table;

/*
 * One CHECK constraint (since ABI 1.2).  expr is the condition as the
 * server prints it, with or without the CHECK keyword around it:
 * "((price >= (0)::numeric))", "`qty` between 1 and 9".  For a domain's
 * CHECK, column names the column of that domain and expr says VALUE;
 * column is NULL for a table's own CHECK.
 */
typedef struct dba_check {
	const char *name;
	const char *expr;
	const char *column;
} dba_check;

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

/*
 * Driver operations.  "Required": the loader refuses a driver without it.
 * "Optional": NULL means unsupported, and the core does what "NULL:" says.
 * Paired operations (describe_table/table_free, list_tables/strv_free,
 * prepare/execute/stmt_free) are required together: a driver providing the
 * first without the others is refused.
 */
typedef struct dba_driver_ops {
	/*
	 * Required.  Opens a session.  On success *out is a connection owned by
	 * the caller, released with disconnect().  On failure fills err (class
	 * CONNECTION for an unreachable server or failed login, USAGE for an
	 * unknown URL option, RESOURCE when out of memory).
	 */
	int (*connect)(const dba_conninfo *ci, dba_conn **out, dba_error *err);
	/* Required.  Closes and frees; NULL-safe. */
	void (*disconnect)(dba_conn *c);

	/*
	 * Required.  Writes the quoted identifier for one name part (no schema
	 * splitting) into out (NUL-terminated, truncated to cap; out may be NULL
	 * when cap is 0).  Returns the length the full quoted identifier needs,
	 * excluding the NUL (snprintf semantics).  Needs no connection;
	 * thread-safe.
	 */
	size_t (*escape_ident)(const char *name, char *out, size_t cap);

	/*
	 * Required.  Renders a value as an SQL literal for this server (NULL,
	 * numbers, quoted and escaped strings, typed timestamps/dates/uuids),
	 * snprintf semantics as escape_ident.  c may be NULL (the driver then
	 * assumes standard settings).
	 */
	size_t (*render_literal)(dba_conn *c, const dba_value *v, int32_t family,
				 char *out, size_t cap);

	/*
	 * Required.  Runs SQL text (one statement; drivers may accept several).
	 * When cb is non-NULL, rows of the (last) result set go through it.
	 * *affected (if non-NULL) gets the affected-row count, or -1 when not
	 * applicable.
	 */
	int (*exec)(dba_conn *c, const char *sql, dba_row_fn cb, void *ud,
		    int64_t *affected, dba_error *err);

	/*
	 * Optional (DBA_CAP_TRANSACTIONS).  what is one of DBA_TX_*.
	 * NULL: the core runs without explicit transactions (each statement
	 * commits by itself).
	 */
	int (*tx)(dba_conn *c, int32_t what, dba_error *err);

	/*
	 * Optional, with table_free.  Describes one table.  schema may be NULL
	 * (the connection's search path or database).  Names are given
	 * unquoted, exactly as stored (mixed case preserved).  A missing table
	 * is class USAGE with message 'table "x" does not exist'.  *out is owned
	 * by the caller and released with table_free().
	 * NULL: seed and workload fail with DBA_ERR_UNSUPPORTED ("the X driver
	 * cannot describe tables"); query works.
	 */
	int (*describe_table)(dba_conn *c, const char *schema, const char *name,
			      dba_table **out, dba_error *err);
	/* Required with describe_table.  NULL-safe. */
	void (*table_free)(dba_table *t);

	/*
	 * Optional, with strv_free.  Lists user tables (not system catalogs) as
	 * "name", or "schema.name" outside the default schema, sorted.  *out is
	 * a NULL-terminated array released with strv_free().
	 * NULL: seed and workload need the tables named in their files, and
	 * fail with DBA_ERR_UNSUPPORTED where they would list them.
	 */
	int (*list_tables)(dba_conn *c, char ***out, dba_error *err);
	/* Required with list_tables.  NULL-safe. */
	void (*strv_free)(char **v);

	/*
	 * Optional (DBA_CAP_BULK_LOAD).  Streams rows into schema.table (schema
	 * may be NULL) through the native bulk path, pulling them from next()
	 * until it returns 0.  No temporary files.  Runs inside the caller's
	 * transaction when one is open.  *rows (if non-NULL) gets the number of
	 * rows sent.
	 * NULL: the core writes multi-row INSERT statements with render_literal.
	 */
	int (*bulk_load)(dba_conn *c, const char *schema, const char *table,
			 const char *const *columns, const int32_t *families, uint32_t ncols,
			 dba_row_source next, void *ud, uint64_t *rows, dba_error *err);

	/*
	 * Optional, the three together (DBA_CAP_PREPARE).  sql uses the
	 * dialect's placeholder style.  param_families may be NULL.  The
	 * statement belongs to c and is released with stmt_free() before c is.
	 * NULL: workload operations that need parameters fail with
	 * DBA_ERR_UNSUPPORTED ("the driver has no prepared statements").
	 */
	int (*prepare)(dba_conn *c, const char *sql, uint32_t nparams,
		       const int32_t *param_families, dba_stmt **out, dba_error *err);
	int (*execute)(dba_conn *c, dba_stmt *s, const dba_value *params, uint32_t nparams,
		       dba_row_fn cb, void *ud, int64_t *affected, dba_error *err);
	void (*stmt_free)(dba_conn *c, dba_stmt *s);

	/* Required.  Static dialect facts; never returns NULL. */
	const dba_dialect *(*dialect)(void);

	/*
	 * Optional, since ABI 1.1 (the core never reads it from a 1.0 plugin).
	 * Called after rows with explicit values went into column, an identity
	 * or serial column of schema.table (schema may be NULL), or (since the
	 * 1.2 cores) any integer column with a DEFAULT, in the caller's
	 * transaction: moves every generator feeding the column (owned by it or
	 * only named in its DEFAULT) past the largest value so that later
	 * inserts leaving the column out do not collide; does nothing for a
	 * column no generator feeds.
	 * NULL: the server does that by itself (MySQL AUTO_INCREMENT, SQL Server
	 * IDENTITY); the core does nothing.
	 */
	int (*sync_identity)(dba_conn *c, const char *schema, const char *table, const char *column,
			     dba_error *err);

	/*
	 * Optional, since ABI 1.4.  Called after a call on c failed: returns 1
	 * when c can run the next statement (the server answered with an error,
	 * a statement timeout it enforced included, and the connection is
	 * idle), 0 when it is lost or the driver gave up on it.  The core then
	 * keeps a usable session after a timeout instead of opening a new one.
	 * NULL: the core assumes the session lost after DBA_ERR_CONNECTION and
	 * DBA_ERR_TIMEOUT, and reconnects.
	 */
	int32_t (*reusable)(dba_conn *c);
} dba_driver_ops;

enum dba_tx {
	DBA_TX_BEGIN = 1,
	DBA_TX_COMMIT = 2,
	DBA_TX_ROLLBACK = 3
};

/* ------------------------------------------------------------------ */
/* Runtime plugins                                                     */
/* ------------------------------------------------------------------ */

/*
 * A managed instance, filled by a runtime; plain data, owned by the caller.
 * Arrays of it (list()) have the stride sizeof(dba_instance) at the plugin's
 * declared minor (unchanged since 1.0).
 */
typedef struct dba_instance {
	char id[80];
	char name[128];
	char engine[16];    /* the engine's name (dba_create_opts.engine) */
	char version[32];
	char state[16];     /* "running", "exited", "created", "restarting", ... */
	char runtime[16];   /* the runtime plugin's name */
	char image[160];
	char host[64];      /* where the host reaches it, "127.0.0.1" */
	int32_t port;
	char user[64];
	char password[128]; /* for connecting; the core masks it when shown */
	char database[64];
	int64_t created;    /* Unix seconds */
} dba_instance;

typedef struct dba_create_opts {
	uint32_t size;             /* sizeof(dba_create_opts) as the core built it */
	const char *engine;        /* the engine's name, from its engine file */
	const char *name;
	const char *version;       /* NULL: the engine file's default */
	const char *image;         /* NULL: the engine file's default */
	int32_t port;              /* 0: chosen by the runtime */
	int32_t memory_mb;         /* 0: no limit */
	double cpus;               /* 0: no limit */
	const char *const *env;    /* "KEY=VAL" strings given with --env */
	uint32_t nenv;
	int32_t network_host;      /* 1: host networking */
	const char *user;
	const char *password;
	const char *database;
	/*
	 * Since ABI 1.2 (read them only when size covers them): the engine
	 * file's facts.  server_port is the port the server listens on unless
	 * told otherwise (the engine's default port).  settings are the
	 * key = value lines of the engine file's section named after this
	 * runtime ("[docker]", "[native]"), in file order, a key may repeat;
	 * values are as written (templates such as {user} are the runtime's to
	 * expand; docs/plugin-abi.md lists the keys each runtime reads).
	 */
	int32_t server_port;
	const dba_param *settings;
	uint32_t nsettings;
} dba_create_opts;

/* Output sink for logs and exec; stream 1 = stdout, 2 = stderr.  Returns 0 to go on, non-zero to stop. */
typedef int (*dba_write_fn)(void *ud, int32_t stream, const char *data, size_t len);

/*
 * Runtime operations; "Required" and "Optional" as for drivers.  id is an
 * instance's name or ID.  Reports of long steps go through host->progress.
 */
typedef struct dba_runtime_ops {
	/*
	 * Optional.  Returns 1 when this runtime can serve engine (NULL: any)
	 * here, 0 if not (err says why).  Not the 0/-1 convention.
	 * NULL: the runtime is always available.
	 */
	int (*available)(const char *engine, dba_error *err);
	/* Required.  Creates and starts an instance; fills *out.  Waiting for readiness is the core's job. */
	int (*create)(const dba_create_opts *o, dba_instance *out, dba_error *err);
	/* Required. */
	int (*start)(const char *id, dba_error *err);
	/* Required.  timeout_s: how long the server may take to shut down before it is killed. */
	int (*stop)(const char *id, int32_t timeout_s, dba_error *err);
	/* Required.  volumes: also remove the instance's data. */
	int (*remove)(const char *id, int32_t volumes, dba_error *err);
	/* Required, with list_free.  *out is an array of *n instances released with list_free(). */
	int (*list)(int32_t all, dba_instance **out, uint32_t *n, dba_error *err);
	void (*list_free)(dba_instance *v);
	/* Required. */
	int (*inspect)(const char *id, dba_instance *out, dba_error *err);
	/*
	 * Optional (DBA_CAP_RT_LOGS_FOLLOW for follow).  tail < 0: all lines.
	 * NULL: `dbarena logs` fails with "the X runtime cannot show logs".
	 */
	int (*logs)(const char *id, int32_t follow, int32_t tail, dba_write_fn w, void *ud,
		    dba_error *err);
	/*
	 * Optional (DBA_CAP_RT_EXEC).  Runs argv inside the instance; *status
	 * gets its exit status.
	 * NULL: `dbarena exec` fails with "the X runtime cannot run commands".
	 */
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
	/*
	 * Drivers: the URL schemes it serves, NULL-terminated, lower case
	 * ("postgres", "postgresql").  The core picks a URL's driver by its
	 * scheme among every driver found; two drivers declaring one scheme is
	 * an error naming both files.
	 */
	const char *const *schemes;
	const char *package;   /* distro package that ships it, e.g. "dbarena-plugin-postgres" */
	uint32_t caps;         /* DBA_CAP_* */
	/* Called once after the checks; returns 0, or -1 with err filled (the plugin is then unusable). */
	int (*init)(const dba_host *host, dba_error *err);
	const dba_driver_ops *driver;   /* kind == DRIVER */
	const dba_runtime_ops *runtime; /* kind == RUNTIME */
	/*
	 * Since ABI 1.2: sizeof(dba_driver_ops) / sizeof(dba_runtime_ops) as
	 * the plugin built them (0 for the kind it is not).  The core reads only
	 * operations inside these sizes, so a table can grow in a later minor.
	 */
	uint32_t driver_ops_size;
	uint32_t runtime_ops_size;
} dba_plugin;

/*
 * Descriptor sizes per declared minor: the loader refuses a descriptor
 * smaller than the one at the minor it declares.  (1.0 and 1.1 share one.)
 */
#define DBA_PLUGIN_SIZE_1_0 offsetof(dba_plugin, driver_ops_size)
#define DBA_PLUGIN_SIZE_1_2 (offsetof(dba_plugin, runtime_ops_size) + sizeof(uint32_t))
/*
 * Operation table sizes per minor: for plugins declaring 1.0 or 1.1, and
 * for a 1.2 descriptor that leaves driver_ops_size / runtime_ops_size 0.
 */
#define DBA_DRIVER_OPS_SIZE_1_0 offsetof(dba_driver_ops, sync_identity)
#define DBA_DRIVER_OPS_SIZE_1_1 (offsetof(dba_driver_ops, sync_identity) + sizeof(void (*)(void)))
#define DBA_DRIVER_OPS_SIZE_1_2 DBA_DRIVER_OPS_SIZE_1_1 /* no driver operation was added in 1.2 */
#define DBA_DRIVER_OPS_SIZE_1_3 DBA_DRIVER_OPS_SIZE_1_1 /* nor in 1.3 */
#define DBA_RUNTIME_OPS_SIZE_1_0 (offsetof(dba_runtime_ops, exec) + sizeof(void (*)(void)))
#define DBA_RUNTIME_OPS_SIZE_1_2 DBA_RUNTIME_OPS_SIZE_1_0 /* unchanged since 1.0 */

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
