/*
 * Internal contract between the PostgreSQL driver's files: pg_conn.c
 * (connect, exec, transactions, errors, value formatting), pg_describe.c,
 * pg_bulk.c (COPY FROM STDIN) and pg_stmt.c (prepared statements).
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
};

/* Set by init(); NULL before. */
extern const dba_host *pg_host;

/*
 * Fills err from a failed result (SQLSTATE, class, primary message, detail,
 * hint), or from the connection when res is NULL.  Does not clear res.
 * context, when non-NULL, prefixes the message ("COPY into \"t\": ...").
 * Returns -1.
 */
int pg_error(dba_conn *c, const PGresult *res, const char *context, dba_error *err);
/* Maps a five-character SQLSTATE to an enum dba_err_class. */
int pg_class_of(const char *sqlstate);
/*
 * Fails with DBA_ERR_CONNECTION when the connection was given up after a
 * statement timeout; call before sending anything.  Returns 0 or -1.
 */
int pg_usable(dba_conn *c, dba_error *err);
/*
 * Completes a PQsend* call (sent is its return value): waits for the answer,
 * at most c->wait_ms when set, and returns the last result as PQexec does
 * (an error result wins; a COPY state returns at once).  NULL with err filled
 * when sending failed, nothing came back, or no answer came in time (then
 * DBA_ERR_TIMEOUT, and the connection is given up: see pg_usable).
 */
PGresult *pg_run(dba_conn *c, int sent, dba_error *err);
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

/* describe / list (pg_describe.c) */
int pg_describe_table(dba_conn *c, const char *schema, const char *name, dba_table **out,
		      dba_error *err);
void pg_table_free(dba_table *t);
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
