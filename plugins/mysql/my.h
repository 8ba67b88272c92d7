/*
 * Internal contract between the MySQL/MariaDB driver's files: my_conn.c
 * (connect, exec, transactions, errors, literals, descriptor), my_describe.c,
 * my_bulk.c (bulk_load: LOAD DATA LOCAL INFILE fed from memory), my_array.c
 * (bulk_load on MariaDB: array-bound INSERT), my_stmt.c.
 */
#ifndef DBA_MY_H
#define DBA_MY_H

#include <stddef.h>
#include <stdint.h>

#include <mysql.h>

#include "dbarena/plugin.h"

struct dba_conn {
	MYSQL *my;
	int32_t stmt_ms;       /* statement timeout asked for, 0 = none */
	unsigned int rw_secs;  /* client read/write timeout set from it, 0 = none */
	int64_t t0;            /* when the current call started (monotonic ms) */
	int nb;                /* opened with MYSQL_OPT_NONBLOCK: calls wait in host->wait (my_wait.c) */
	int bulk;              /* the URL's bulk=: MY_BULK_* */
	int lost;              /* a call failed with the connection lost or given up (my_timeout_check) */
};

/* bulk_load's path: array binding where the server has it, else LOAD DATA (auto); or either, asked for. */
enum { MY_BULK_AUTO = 0, MY_BULK_ARRAY, MY_BULK_LOAD_DATA };

extern const dba_host *my_host;

/* The host table has wait (ABI 1.3): connections then wait through it. */
int my_host_waits(void);
/* The calls that wait for the server, through host->wait when c->nb (my_wait.c). */
int my_w_query(dba_conn *c, const char *sql, unsigned long len);
MYSQL_RES *my_w_store_result(dba_conn *c);
int my_w_next_result(dba_conn *c);
int my_w_stmt_prepare(dba_conn *c, MYSQL_STMT *st, const char *sql, unsigned long len);
int my_w_stmt_execute(dba_conn *c, MYSQL_STMT *st);
int my_w_stmt_fetch(dba_conn *c, MYSQL_STMT *st);
my_bool my_w_stmt_free_result(dba_conn *c, MYSQL_STMT *st);

/* Fills err from the connection's last error (errno, SQLSTATE, class); returns -1. */
int my_error(dba_conn *c, const char *context, dba_error *err);
/* Marks the start of a call that may time out (see my_timeout_check). */
void my_call_start(dba_conn *c);
/*
 * After a failed call: when the connection was lost once the client's read
 * timeout had run out, turns err into a DBA_ERR_TIMEOUT saying so.
 */
void my_timeout_check(dba_conn *c, dba_error *err);
/* dba_driver_ops.reusable: 1 when c can run the next statement after a failed call. */
int32_t my_reusable(dba_conn *c);
/* Maps a MySQL/MariaDB error number to an enum dba_err_class. */
int my_class_of(unsigned int code);
/* Runs SQL, draining every result set; rows of each go through cb. */
int my_exec(dba_conn *c, const char *sql, dba_row_fn cb, void *ud, int64_t *affected, dba_error *err);
/* A partitioned table's bounds as a CHECK expression (malloc'd), NULL when none (my_partition.c). */
char *my_partition_check(dba_conn *c, const char *qs, const char *qn);
size_t my_escape_ident(const char *name, char *out, size_t cap);

/* 'YYYY-MM-DD HH:MM:SS.ffffff' (UTC) and 'YYYY-MM-DD'; return the length. */
size_t my_fmt_timestamp(int64_t us, char *out, size_t cap);
size_t my_fmt_date(int64_t days, char *out, size_t cap);

int my_describe_table(dba_conn *c, const char *schema, const char *name, dba_table **out, dba_error *err);
void my_table_free(dba_table *t);
int my_list_tables(dba_conn *c, char ***out, dba_error *err);
void my_strv_free(char **v);

int my_bulk_load(dba_conn *c, const char *schema, const char *table, const char *const *columns,
		 const int32_t *families, uint32_t ncols, dba_row_source next, void *ud, uint64_t *rows,
		 dba_error *err);

/* The server runs array-bound statements (MariaDB 10.2 and later). */
int my_server_has_bulk(dba_conn *c);
int my_array_load(dba_conn *c, const char *schema, const char *table, const char *const *columns,
		  const int32_t *families, uint32_t ncols, dba_row_source next, void *ud, uint64_t *rows,
		  dba_error *err);
/* Appends n bytes to a growable buffer; -1 out of memory. */
int my_buf_put(char **buf, size_t *len, size_t *cap, const char *s, size_t n);
/* A value as text (not NULL): into tmp or pointing at the value's own bytes; the length. */
size_t my_value_text(const dba_value *v, char *tmp, size_t cap, const char **out);
/* The statement's warnings (SHOW WARNINGS) as err, WHAT naming the statement; returns -1. */
int my_warnings_error(dba_conn *c, const char *what, dba_error *err);
/* Microseconds (or days, date_only) since 1970-01-01 UTC as a MYSQL_TIME. */
void my_to_time(int64_t us, int date_only, MYSQL_TIME *t);
/* err from a statement handle's error, WHAT prefixed to the message when not NULL; returns -1. */
int my_stmt_error(dba_conn *c, MYSQL_STMT *st, const char *what, dba_error *err);

int my_prepare(dba_conn *c, const char *sql, uint32_t nparams, const int32_t *param_families,
	       dba_stmt **out, dba_error *err);
int my_execute(dba_conn *c, dba_stmt *s, const dba_value *params, uint32_t nparams, dba_row_fn cb,
	       void *ud, int64_t *affected, dba_error *err);
void my_stmt_free(dba_conn *c, dba_stmt *s);

#endif
