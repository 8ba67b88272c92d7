/*
 * SQL Server driver on FreeTDS db-lib: internal contracts between the
 * plugin's files (connect, exec, describe, bulk, rpc) and its unit tests.
 *
 * The pure functions here (URL options, identifiers, literals, error
 * classes, bcp row encoding, sp_executesql declarations) need neither a
 * server nor db-lib state, so tests/unit/test_mssql.c links them directly.
 *
 * Threading: db-lib's global settings (dbinit, dbsetlogintime, the error and
 * message handlers) are set once in ms_init() or under a mutex at connect.
 * Each DBPROCESS, like each dba_conn, is used by one thread at a time.
 */
#ifndef DBARENA_MS_H
#define DBARENA_MS_H

#include <stddef.h>
#include <stdint.h>

#include <sybfront.h>
#include <sybdb.h>

#include "dbarena/plugin.h"

/* TDS type numbers db-lib's public header does not name. */
#define MS_T_NVARCHAR 231 /* XSYBNVARCHAR */

#define MS_DEFAULT_PORT 1433
#define MS_DEFAULT_LOGIN_TIMEOUT 15
#define MS_BCP_BATCH_ROWS 10000

extern const dba_host *ms_host;

/* ---- connection options (ms_url.c) ---- */

enum ms_encrypt {
	MS_ENCRYPT_DEFAULT = 0, /* FreeTDS's setting (freetds.conf; "request" unless changed) */
	MS_ENCRYPT_OFF = 1,     /* encrypt=false: accepted, nothing is forced */
	MS_ENCRYPT_REQUIRE = 2  /* encrypt=true: TLS before login (FreeTDS >= 1.5), and checked after login */
};

/* What a URL turns into for a LOGINREC and dbopen(). Strings borrowed from the conninfo. */
typedef struct ms_login {
	const char *user;
	const char *password;
	const char *database;   /* NULL: the login's default database */
	char server[300];       /* "host:port" as dbopen() takes it */
	int login_timeout_s;
	int encrypt;            /* enum ms_encrypt */
	int trust_server_certificate; /* -1 not given, 0, 1 */
} ms_login;

/* Maps the core's parsed URL onto login parameters; unknown or bad options are USAGE. */
int ms_login_from_conninfo(const dba_conninfo *ci, ms_login *out, dba_error *err);

/* ---- identifiers, literals, dialect (ms_sql.c) ---- */

size_t ms_escape_ident(const char *name, char *out, size_t cap);
/* "[schema].[name]" or "[name]" (schema NULL or empty), snprintf semantics. */
size_t ms_qualified_name(const char *schema, const char *name, char *out, size_t cap);
/* N'text' with quotes doubled and NUL bytes dropped. */
size_t ms_render_nstring(const char *s, size_t len, char *out, size_t cap);
size_t ms_render_literal(dba_conn *c, const dba_value *v, int32_t family, char *out, size_t cap);
const dba_dialect *ms_dialect(void);

/* "2024-01-02 03:04:05.123456" (sep ' ') or with 'T'; returns the length. */
int ms_format_timestamp(int64_t us, char sep, char *out, size_t cap);
/* "2024-01-02"; returns the length. */
int ms_format_date(int64_t days, char *out, size_t cap);
/* 1 when s[0..len) is [-+]digits[.digits] (a safe decimal literal). */
int ms_decimal_ok(const char *s, size_t len);
/* 1 when s is a 36-character hex-and-dash uuid. */
int ms_uuid_ok(const char *s, size_t len);

/* ---- errors (ms_err.c) ---- */

/* Class for a SQL Server message number and severity. */
int ms_class_for_msg(int msgno, int severity);
/* Class for a db-lib error number (SYBE*). */
int ms_class_for_dberr(int dberr);
/* Five-character SQLSTATE for well-known message numbers, "" otherwise. */
const char *ms_sqlstate_for_msg(int msgno);

/* What the handlers recorded during one operation. */
typedef struct ms_errstate {
	int msgno;              /* first server message with severity > 10, 0 if none */
	int severity;
	int state;
	char text[512];
	int dberr;              /* first db-lib error, 0 if none (SYBESMSG ignored) */
	int dbseverity;
	char dbtext[256];
	char ostext[256];
} ms_errstate;

void ms_errstate_clear(ms_errstate *es);
/* Records a server message / a db-lib error (the handlers' pure halves). */
void ms_errstate_msg(ms_errstate *es, int msgno, int state, int severity, const char *text);
void ms_errstate_dberr(ms_errstate *es, int dberr, int severity, const char *dbtext, const char *ostext);
/*
 * Fills err from es.  what names the operation for the message when the
 * server said nothing; fallback_class applies when es holds nothing.
 */
void ms_error_from_state(const ms_errstate *es, const char *what, int fallback_class, dba_error *err);

/* ---- parameters of sp_executesql (ms_rpc.c) ---- */

/* SQL type for one parameter: from the value's type, else from the family. */
const char *ms_param_sqltype(const dba_value *v, int32_t family, char *buf, size_t cap);
/* "@p1 bigint, @p2 nvarchar(max)"; snprintf semantics. */
size_t ms_param_decl(const dba_value *params, const int32_t *families, uint32_t n,
		     char *out, size_t cap);

/* ---- bulk copy row encoding (ms_bulk.c) ---- */

/* One bound column: what bcp_bind() was given and this row's value for it. */
typedef struct ms_bcp_col {
	int bind_type;        /* SYBINT8, SYBFLT8, SYBBIT or SYBVARCHAR */
	DBINT len;            /* for bcp_collen: 0 NULL, -1 fixed-size value, else bytes */
	const BYTE *ptr;      /* for bcp_colptr: this row's data */
	int empty_text;       /* a zero-length string, which db-lib bcp would turn into NULL */
	union {
		DBBIGINT i64;
		DBFLT8 f64;
		DBBIT bit;
	} fixed;
	char text[48];        /* formatted timestamp, date, number */
	/*
	 * FreeTDS copies text bound to bcp byte for byte into the column, so the
	 * plugin converts it to the column's encoding first: UTF-16LE for
	 * nchar/nvarchar/ntext (wide = 1), the collation's code page through
	 * iconv for char/varchar/text (cd), nothing for UTF-8 collations.
	 */
	int wide;
	void *cd;             /* iconv_t from UTF-8, or NULL */
	char *conv;           /* converted text, conv_cap bytes */
	size_t conv_cap;
} ms_bcp_col;

/* UTF-8 to UTF-16LE (invalid bytes become U+FFFD); returns the bytes needed, writes at most cap. */
size_t ms_utf8_to_utf16le(const char *s, size_t len, unsigned char *out, size_t cap);

/* bcp host type for a column family. */
int ms_bcp_bind_type(int32_t family);
/*
 * Encodes one value for a column bound as col->bind_type.  Returns 0, or -1
 * with err filled when the value cannot go into that binding.
 */
int ms_bcp_encode(ms_bcp_col *col, const dba_value *v, dba_error *err);

/* ---- connection (ms_conn.c) ---- */

struct dba_conn {
	DBPROCESS *dbp;
	ms_errstate es;
	int in_tx;            /* a transaction opened through tx() is open */
	/* row conversion scratch */
	char **vals;
	uint32_t *lens;
	char **bufs;
	size_t *bufcaps;
	const char **names;
	uint32_t ncap;
	struct ms_ident_cache *idents; /* identity column per INSERT target (ms_identity.c) */
};

/*
 * One result value as text: UTF-8 strings as they are, floats with full
 * precision, bits as 0/1, dates as ISO 8601 ("2024-01-02 03:04:05.123456"),
 * uniqueidentifiers in lower case, anything else through dbconvert().  buf
 * (of *cap bytes) grows as needed.  Returns the length, or -1.  dbp may be NULL.
 */
int ms_value_text(DBPROCESS *dbp, int type, const BYTE *data, DBINT dlen, char **buf,
		  size_t *cap);

/* Runs sql, draining every result set; the rows of the last one that has columns go to cb. */
int ms_exec(dba_conn *c, const char *sql, dba_row_fn cb, void *ud, int64_t *affected,
	    dba_error *err);
/* After dbsqlexec/dbsqlok succeeded: drains results like ms_exec. */
int ms_drain(dba_conn *c, dba_row_fn cb, void *ud, int64_t *affected, const char *what,
	     dba_error *err);
/* Fills err from the connection's recorded state (CONNECTION when the link is dead). */
int ms_fail(dba_conn *c, const char *what, int fallback_class, dba_error *err);

/* Rows collected as strings (NULL for SQL NULL). */
typedef struct ms_rows {
	uint32_t ncols;
	size_t nrows;
	char **cells;          /* nrows * ncols */
} ms_rows;
int ms_query(dba_conn *c, const char *sql, ms_rows *out, dba_error *err);
void ms_rows_free(ms_rows *r);
static inline const char *ms_cell(const ms_rows *r, size_t row, uint32_t col)
{
	return r->cells[row * r->ncols + col];
}

int ms_connect(const dba_conninfo *ci, dba_conn **out, dba_error *err);
/*
 * Asks db-lib for the login's encryption level from l->encrypt: 0 nothing to
 * ask, 1 set ("require": no login without TLS), -1 this db-lib cannot set it
 * per login (FreeTDS < 1.5).
 */
int ms_login_encryption(LOGINREC *login, const ms_login *l);
void ms_disconnect(dba_conn *c);
int ms_tx(dba_conn *c, int32_t what, dba_error *err);
int ms_list_tables(dba_conn *c, char ***out, dba_error *err);
void ms_strv_free(char **v);
int ms_init(const dba_host *host, dba_error *err);

/* ---- explicit identity values in INSERT statements (ms_identity.c) ---- */

/*
 * For "INSERT [INTO] target (cols) ...": copies target as written and points
 * cols at the column list (without parentheses).  Returns 1, or 0 when sql
 * is not such a statement.
 */
int ms_parse_insert(const char *sql, char *target, size_t cap, const char **cols,
		    size_t *cols_len);
/* 1 when the column list names the column (given bracketed, e.g. "[id]"). */
int ms_collist_has(const char *cols, size_t len, const char *bracketed);
/*
 * When sql inserts explicit values into an IDENTITY column, *out gets sql
 * wrapped in SET IDENTITY_INSERT ON/OFF (malloc'ed); else *out is NULL.
 * Returns 0, or -1 with err filled.
 */
int ms_identity_wrap(dba_conn *c, const char *sql, char **out, dba_error *err);
void ms_ident_cache_free(dba_conn *c);

/* ---- catalog (ms_describe.c) ---- */

/* Family and native length rules for a SQL Server type name. */
int32_t ms_family_for_type(const char *type_name);
/* Characters for text types (bytes/2 for n-types, -1 for max), bytes for binary, -1 otherwise. */
int32_t ms_column_length(const char *type_name, int max_length_bytes);
int ms_describe_table(dba_conn *c, const char *schema, const char *name, dba_table **out,
		      dba_error *err);
void ms_table_free(dba_table *t);

/* ---- bulk load and prepared statements ---- */

int ms_bulk_load(dba_conn *c, const char *schema, const char *table,
		 const char *const *columns, const int32_t *families, uint32_t ncols,
		 dba_row_source next, void *ud, uint64_t *rows, dba_error *err);
int ms_prepare(dba_conn *c, const char *sql, uint32_t nparams, const int32_t *param_families,
	       dba_stmt **out, dba_error *err);
int ms_execute(dba_conn *c, dba_stmt *s, const dba_value *params, uint32_t nparams,
	       dba_row_fn cb, void *ud, int64_t *affected, dba_error *err);
void ms_stmt_free(dba_conn *c, dba_stmt *s);

#endif
