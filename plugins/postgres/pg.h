/*
 * Internal contract between the PostgreSQL driver's files: pg_plugin.c (the
 * descriptor), pg_conn.c (connect, exec, transactions), pg_err.c (errors),
 * pg_sql.c (identifiers, value text, literals), pg_describe.c, pg_bulk.c
 * (COPY FROM STDIN), pg_stmt.c (prepared statements) and pg_identity.c.
 */
#ifndef DBA_PG_H
#define DBA_PG_H

#include <stddef.h>
#include <stdint.h>

#include <libpq-fe.h>

#include "dbarena/plugin.h"

struct dba_conn {
	PGconn *pg;
	uint32_t next_stmt; /* numbers the server-side prepared statement names */
	int32_t stmt_ms;    /* statement timeout asked for, 0 = none */
	int32_t wait_ms;    /* how long pg_run waits for an answer, 0 = for ever */
	int broken;         /* given up after no answer within wait_ms */
	int shared;         /* shares its thread (dba_conninfo.shared_thread) */
	int lean;           /* waits in recv on a blocking socket: 1; not yet 0; never again -1 (pg_lean) */
	char *fresh;        /* TRUNCATE lists run in the open transaction (pg_fresh.c) */
};

/* pg_fresh.c: tables truncated in the open transaction, for COPY ... FREEZE. */
void pg_fresh_note(dba_conn *c, const char *sql);
void pg_fresh_clear(dba_conn *c);
/* 1 when COPY into schema.table may say FREEZE (truncated here, a plain table). */
int pg_fresh_ok(dba_conn *c, const char *schema, const char *table);

/*
 * COPY text rows (pg_bulk.c), encoded into one buffer of PG_COPY_BUF bytes
 * that goes out with PQputCopyData whenever it fills (pg NULL: the bytes
 * are dropped instead, for measuring the encoding alone).
 */
#define PG_COPY_BUF (64 * 1024)
typedef struct pg_cbuf {
	PGconn *pg;
	char *buf;
	size_t n;
} pg_cbuf;
/* Appends one row (tab-separated, newline-terminated); -1 when a flush failed. */
int pg_copy_row(pg_cbuf *b, const dba_value *row, uint32_t ncols);
/* Sends what the buffer holds (nothing when pg is NULL) and empties it; -1 when sending failed. */
int pg_cbuf_flush(pg_cbuf *b);
/*
 * Binary COPY (pg_bulk_bin.c): 1 when every column's type has a binary
 * encoder here (oids filled, one per column) and DBARENA_PG_COPY is not
 * "text"; 0 for text COPY.  Runs catalogue queries: call before the COPY.
 */
int pg_bin_plan(dba_conn *c, const char *schema, const char *table, const char *const *columns, uint32_t ncols,
		uint32_t *oids);
int pg_bin_header(pg_cbuf *b);
/* One row; -1 when a flush failed, -2 - i when column i's value does not fit its type's binary form. */
int pg_bin_row(pg_cbuf *b, const dba_value *row, const uint32_t *oids, uint32_t ncols);
int pg_bin_trailer(pg_cbuf *b);

/* Set by init(); NULL before. */
extern const dba_host *pg_host;

/*
 * Fills err from a failed result (SQLSTATE, class, primary message, detail,
 * hint), or from the connection when res is NULL.  Does not clear res.
 * context, when non-NULL, prefixes the message ("COPY into \"t\": ...").
 * Returns -1.
 */
int pg_error(dba_conn *c, const PGresult *res, const char *context, dba_error *err);
/* Fills the message, detail and hint of err from a libpq message text (a failed connect: no result). */
void pg_split_message(const char *m, dba_error *err);
/* Maps a five-character SQLSTATE to an enum dba_err_class. */
int pg_class_of(const char *sqlstate);
/*
 * Fails with DBA_ERR_CONNECTION when the connection was given up after a
 * statement timeout; call before sending anything.  Returns 0 or -1.
 */
int pg_usable(dba_conn *c, dba_error *err);
/* dba_driver_ops.reusable: 1 when c can run the next statement after a failed call. */
int32_t pg_reusable(dba_conn *c);
/*
 * Completes a PQsend* call (sent is its return value): waits for the answer,
 * at most c->wait_ms when set, and returns the last result as PQexec does
 * (an error result wins; a COPY state returns at once).  NULL with err filled
 * when sending failed, nothing came back, or no answer came in time (then
 * DBA_ERR_TIMEOUT, and the connection is given up: see pg_usable).
 */
PGresult *pg_run(dba_conn *c, int sent, dba_error *err);
/*
 * Before a prepared statement runs on a connection with a thread of its
 * own: from then on its answers are waited for in recv() on a blocking
 * socket, not in poll() and then recv() (pg_conn.c says why and when not).
 */
void pg_lean(dba_conn *c);
/* Runs a command that returns no rows; -1 with err filled on failure. */
int pg_command(dba_conn *c, const char *sql, dba_error *err);
/*
 * Sends a result's rows through cb: the header call, then one call per row
 * until cb returns non-zero.  -1 only when out of memory.
 */
int pg_deliver(const PGresult *res, dba_row_fn cb, void *ud, dba_error *err);
/* Affected rows of a result from PQcmdTuples, -1 when not applicable. */
int64_t pg_affected(const PGresult *res);

/*
 * Value text as PostgreSQL reads it in COPY text format and as a parameter:
 * each writes into out (room for at least PG_NUM_MAX bytes) and returns the
 * length, without a NUL.
 */
#define PG_NUM_MAX 48
size_t pg_fmt_i64(int64_t v, char *out);
size_t pg_fmt_double(double v, char *out);
/* 'YYYY-MM-DD HH:MM:SS.ffffff+00' from microseconds since the epoch (UTC). */
size_t pg_fmt_timestamp(int64_t us, char *out);
/* 'YYYY-MM-DD' from days since the epoch. */
size_t pg_fmt_date(int64_t days, char *out);
/*
 * Text of a scalar (non-NULL, non-text) value: INT64, DOUBLE, BOOL ("t"/"f"),
 * TIMESTAMP, DATE; DECIMAL and UUID are copied (cut to PG_NUM_MAX - 1).
 * Returns the length, or (size_t)-1 for TEXT and NULL, which the caller handles.
 */
size_t pg_fmt_scalar(const dba_value *v, char *out);

/* connect, exec, transactions (pg_conn.c) */
int pg_connect(const dba_conninfo *ci, dba_conn **out, dba_error *err);
void pg_disconnect(dba_conn *c);
int pg_exec(dba_conn *c, const char *sql, dba_row_fn cb, void *ud, int64_t *affected, dba_error *err);
int pg_tx(dba_conn *c, int32_t what, dba_error *err);

/* literals (pg_sql.c) */
size_t pg_render_literal(dba_conn *c, const dba_value *v, int32_t family, char *out, size_t cap);

/* identity columns (pg_identity.c) */
int pg_sync_identity(dba_conn *c, const char *schema, const char *table, const char *column,
		     dba_error *err);

/* describe / list (pg_describe.c) */
int pg_describe_table(dba_conn *c, const char *schema, const char *name, dba_table **out,
		      dba_error *err);
void pg_table_free(dba_table *t);
/* A partitioned table's partition bounds as a CHECK expression (*expr malloc'd, NULL when none). */
int pg_partition_check(dba_conn *c, const char *oid, char **expr, dba_error *err);
int pg_list_tables(dba_conn *c, char ***out, dba_error *err);
void pg_strv_free(char **v);

/* bulk (pg_bulk.c) */
int pg_bulk_load(dba_conn *c, const char *schema, const char *table, const char *const *columns,
		 const int32_t *families, uint32_t ncols, dba_row_source next, void *ud,
		 uint64_t *rows, dba_error *err);

/* prepared statements (pg_stmt.c) */
int pg_prepare(dba_conn *c, const char *sql, uint32_t nparams, const int32_t *param_families,
	       dba_stmt **out, dba_error *err);
int pg_execute(dba_conn *c, dba_stmt *s, const dba_value *params, uint32_t nparams,
	       dba_row_fn cb, void *ud, int64_t *affected, dba_error *err);
void pg_stmt_free(dba_conn *c, dba_stmt *s);

size_t pg_escape_ident(const char *name, char *out, size_t cap);

#endif
