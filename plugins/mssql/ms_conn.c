/*
 * Sessions on db-lib: login, the error and message handlers, running SQL and
 * draining every result set, transactions, the table list.
 *
 * db-lib reports errors through two process-wide callbacks.  Each DBPROCESS
 * carries its dba_conn as user data, so the handlers write into that
 * connection's ms_errstate; during dbopen() (no user data yet) they write
 * into a thread-local slot owned by the connecting thread.
 */
#include <ctype.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ms.h"

const dba_host *ms_host;

static __thread ms_errstate *tls_login_es;
/* dbsetlogintime() is global: set it and dbopen() under one lock. */
static pthread_mutex_t login_mu = PTHREAD_MUTEX_INITIALIZER;
static int warned_encryption;

static ms_errstate *state_for(DBPROCESS *dbp)
{
	dba_conn *c = dbp ? (dba_conn *)dbgetuserdata(dbp) : NULL;

	return c ? &c->es : tls_login_es;
}

static int ms_err_handler(DBPROCESS *dbp, int severity, int dberr, int oserr, char *dberrstr,
			  char *oserrstr)
{
	ms_errstate *es = state_for(dbp);

	if (es)
		ms_errstate_dberr(es, dberr, severity, dberrstr,
				  oserr != DBNOERR && oserr != 0 ? oserrstr : NULL);
	else if (ms_host && ms_host->log)
		ms_host->log(DBA_LOG_DEBUG, "mssql", "db-lib error %d: %s", dberr,
			     dberrstr ? dberrstr : "");
	/* Never INT_EXIT: db-lib would end the process. */
	return INT_CANCEL;
}

static int ms_msg_handler(DBPROCESS *dbp, DBINT msgno, int msgstate, int severity, char *msgtext,
			  char *srvname, char *procname, int line)
{
	ms_errstate *es = state_for(dbp);

	(void)srvname;
	(void)procname;
	(void)line;
	if (es)
		ms_errstate_msg(es, (int)msgno, msgstate, severity, msgtext);
	return 0;
}

int ms_init(const dba_host *host, dba_error *err)
{
	ms_host = host;
	if (dbinit() == FAIL) {
		DBA_ERR_SET(err, DBA_ERR_UNSUPPORTED, "FreeTDS db-lib could not be initialised");
		return -1;
	}
	dberrhandle(ms_err_handler);
	dbmsghandle(ms_msg_handler);
	return 0;
}

int ms_fail(dba_conn *c, const char *what, int fallback_class, dba_error *err)
{
	ms_error_from_state(&c->es, what, fallback_class, err);
	if (err && c->dbp && DBDEAD(c->dbp))
		err->err_class = DBA_ERR_CONNECTION;
	return -1;
}

/* ---- rows to text ---- */

static int grow(dba_conn *c, uint32_t n)
{
	if (n <= c->ncap)
		return 0;
	uint32_t cap = n < 16 ? 16 : n;
	char **vals = realloc(c->vals, cap * sizeof(*vals));
	if (vals)
		c->vals = vals;
	uint32_t *lens = realloc(c->lens, cap * sizeof(*lens));
	if (lens)
		c->lens = lens;
	char **bufs = realloc(c->bufs, cap * sizeof(*bufs));
	if (bufs)
		c->bufs = bufs;
	size_t *caps = realloc(c->bufcaps, cap * sizeof(*caps));
	if (caps)
		c->bufcaps = caps;
	const char **names = realloc(c->names, cap * sizeof(*names));
	if (names)
		c->names = names;
	if (!vals || !lens || !bufs || !caps || !names)
		return -1;
	for (uint32_t i = c->ncap; i < cap; i++) {
		c->bufs[i] = NULL;
		c->bufcaps[i] = 0;
	}
	c->ncap = cap;
	return 0;
}

static char *grow_buf(char **buf, size_t *cap, size_t need)
{
	if (*cap < need) {
		size_t n = need < 64 ? 64 : need;
		char *b = realloc(*buf, n);
		if (!b)
			return NULL;
		*buf = b;
		*cap = n;
	}
	return *buf;
}

static int is_char_type(int t)
{
	switch (t) {
	case SYBCHAR: case SYBVARCHAR: case SYBTEXT: case SYBNTEXT: case SYBNVARCHAR:
	case 175: case 167: case 239: case 231: case 241: /* XSYB(N)CHAR, XSYB(N)VARCHAR, XML */
		return 1;
	}
	return 0;
}

static int is_date_type(int t)
{
	switch (t) {
	case SYBDATETIME: case SYBDATETIME4: case SYBDATETIMN: case SYBMSDATE: case SYBMSTIME:
	case SYBMSDATETIME2: case SYBMSDATETIMEOFFSET:
		return 1;
	}
	return 0;
}

int ms_value_text(DBPROCESS *dbp, int type, const BYTE *data, DBINT dlen, char **buf,
		  size_t *cap)
{
	char *b;
	int n;

	if (dlen < 0)
		dlen = 0;
	if (is_char_type(type)) {
		if (!(b = grow_buf(buf, cap, (size_t)dlen + 1)))
			return -1;
		memcpy(b, data, (size_t)dlen);
		n = (int)dlen;
	} else if (type == SYBFLT8) {
		DBFLT8 d;
		memcpy(&d, data, sizeof(d));
		b = grow_buf(buf, cap, 32);
		n = b ? snprintf(b, 32, "%.17g", d) : -1;
	} else if (type == SYBREAL) {
		DBREAL r;
		memcpy(&r, data, sizeof(r));
		b = grow_buf(buf, cap, 32);
		n = b ? snprintf(b, 32, "%.9g", (double)r) : -1;
	} else if (type == SYBBIT || type == SYBBITN) {
		b = grow_buf(buf, cap, 2);
		n = b ? snprintf(b, 2, "%d", *data != 0) : -1;
	} else if (is_date_type(type)) {
		DBDATEREC2 dr;
		memset(&dr, 0, sizeof(dr));
		if (!(b = grow_buf(buf, cap, 48)) || dbanydatecrack(dbp, &dr, type, data) == FAIL)
			return -1;
		int us = dr.datensecond / 1000;
		if (type == SYBMSDATE)
			n = snprintf(b, 48, "%04d-%02d-%02d", dr.dateyear, dr.datemonth + 1,
				     dr.datedmonth);
		else if (type == SYBMSTIME)
			n = snprintf(b, 48, "%02d:%02d:%02d.%06d", dr.datehour, dr.dateminute,
				     dr.datesecond, us);
		else
			n = snprintf(b, 48, "%04d-%02d-%02d %02d:%02d:%02d.%06d", dr.dateyear,
				     dr.datemonth + 1, dr.datedmonth, dr.datehour, dr.dateminute,
				     dr.datesecond, us);
	} else {
		size_t need = (size_t)dlen * 2 + 64;
		if (!(b = grow_buf(buf, cap, need)))
			return -1;
		/* destlen -1: NUL-terminated, no blank padding; need covers hex of binary data. */
		if (dbconvert(dbp, type, data, dlen, SYBCHAR, (BYTE *)b, -1) < 0)
			return -1;
		b[need - 1] = '\0';
		n = (int)strlen(b);
		if (type == 36) /* uniqueidentifier: the ABI's canonical form is lower case */
			for (int k = 0; k < n; k++)
				b[k] = (char)tolower((unsigned char)b[k]);
	}
	if (n < 0)
		return -1;
	b[n] = '\0';
	return n;
}

/* Text for column i (0-based) of the current row; -1 when it cannot be converted. */
static int col_text(dba_conn *c, uint32_t i)
{
	int col = (int)i + 1;
	BYTE *data = dbdata(c->dbp, col);

	if (!data) { /* SQL NULL: db-lib gives no data pointer */
		c->vals[i] = NULL;
		c->lens[i] = 0;
		return 0;
	}
	int n = ms_value_text(c->dbp, dbcoltype(c->dbp, col), data, dbdatlen(c->dbp, col),
			      &c->bufs[i], &c->bufcaps[i]);
	if (n < 0)
		return -1;
	c->vals[i] = c->bufs[i];
	c->lens[i] = (uint32_t)n;
	return 0;
}

/* One result set kept in memory: the ABI hands the caller the last one. */
struct rowbuf {
	uint32_t ncols;
	char **names;
	size_t nrows, cap;
	char **cells;       /* nrows * ncols, NULL for SQL NULL */
	uint32_t *lens;
};

static void rowbuf_free(struct rowbuf *b)
{
	for (uint32_t i = 0; b->names && i < b->ncols; i++)
		free(b->names[i]);
	for (size_t i = 0; b->cells && i < b->nrows * b->ncols; i++)
		free(b->cells[i]);
	free(b->names);
	free(b->cells);
	free(b->lens);
	memset(b, 0, sizeof(*b));
}

static int rowbuf_start(struct rowbuf *b, dba_conn *c, uint32_t ncols)
{
	rowbuf_free(b);
	if (!(b->names = calloc(ncols, sizeof(*b->names))))
		return -1;
	b->ncols = ncols;
	for (uint32_t i = 0; i < ncols; i++) {
		const char *n = dbcolname(c->dbp, (int)i + 1);
		if (!(b->names[i] = strdup(n ? n : "")))
			return -1;
	}
	return 0;
}

/* Appends the current row (already converted into c->vals / c->lens). */
static int rowbuf_add(struct rowbuf *b, const dba_conn *c)
{
	if (b->nrows == b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 16;
		char **cells = realloc(b->cells, cap * b->ncols * sizeof(*cells));
		if (!cells)
			return -1;
		b->cells = cells;
		uint32_t *lens = realloc(b->lens, cap * b->ncols * sizeof(*lens));
		if (!lens)
			return -1;
		b->lens = lens;
		b->cap = cap;
	}
	size_t base = b->nrows * b->ncols;
	for (uint32_t i = 0; i < b->ncols; i++) {
		char *v = NULL;
		if (c->vals[i]) {
			if (!(v = malloc((size_t)c->lens[i] + 1))) {
				for (uint32_t j = 0; j < i; j++)
					free(b->cells[base + j]);
				return -1;
			}
			memcpy(v, c->vals[i], (size_t)c->lens[i] + 1);
		}
		b->cells[base + i] = v;
		b->lens[base + i] = c->lens[i];
	}
	b->nrows++;
	return 0;
}

int ms_drain(dba_conn *c, dba_row_fn cb, void *ud, int64_t *affected, const char *what,
	     dba_error *err)
{
	RETCODE rc;
	int failed = 0, conv_failed = 0, oom = 0;
	int64_t count = -1, rows = -1;
	struct rowbuf last, cur;

	memset(&last, 0, sizeof(last));
	memset(&cur, 0, sizeof(cur));
	while ((rc = dbresults(c->dbp)) != NO_MORE_RESULTS) {
		if (rc == FAIL) {
			failed = 1;
			break;
		}
		int ncols = dbnumcols(c->dbp);
		if (ncols <= 0) {
			DBINT n = DBCOUNT(c->dbp);
			if (n >= 0)
				count = (count < 0 ? 0 : count) + n;
			continue;
		}
		/* Every row set is read; only the last one is kept for cb. */
		if (cb && (grow(c, (uint32_t)ncols) || rowbuf_start(&cur, c, (uint32_t)ncols))) {
			oom = 1;
			dbcancel(c->dbp);
			break;
		}
		int64_t n = 0;
		STATUS st;
		while ((st = dbnextrow(c->dbp)) != NO_MORE_ROWS) {
			if (st == FAIL || st == BUF_FULL) {
				failed = 1;
				break;
			}
			n++;
			if (!cb || st != REG_ROW)
				continue;
			for (int i = 0; i < ncols && !conv_failed; i++)
				conv_failed = col_text(c, (uint32_t)i) != 0;
			if (conv_failed)
				break;
			if (rowbuf_add(&cur, c)) {
				oom = 1;
				break;
			}
		}
		rows = (rows < 0 ? 0 : rows) + n;
		if (failed || conv_failed || oom) {
			dbcancel(c->dbp);
			break;
		}
		if (cb) {
			rowbuf_free(&last);
			last = cur;
			memset(&cur, 0, sizeof(cur));
		}
	}
	rowbuf_free(&cur);
	if (affected)
		*affected = count >= 0 ? count : rows;
	if (conv_failed || oom) {
		rowbuf_free(&last);
		if (oom)
			DBA_ERR_SET(err, DBA_ERR_RESOURCE, "out of memory reading a result");
		else
			DBA_ERR_SET(err, DBA_ERR_UNSUPPORTED, "a result column could not be converted to text");
		return -1;
	}
	if (failed || c->es.msgno || c->es.dberr || DBDEAD(c->dbp)) {
		rowbuf_free(&last);
		return ms_fail(c, what, DBA_ERR_SYNTAX, err);
	}
	if (cb && last.names && grow(c, last.ncols)) {
		rowbuf_free(&last);
		DBA_ERR_SET(err, DBA_ERR_RESOURCE, "out of memory reading a result");
		return -1;
	}
	if (cb && last.names &&
	    cb(ud, 1, last.ncols, (const char *const *)last.names, NULL, NULL) == 0) {
		for (size_t r = 0; r < last.nrows; r++) {
			for (uint32_t i = 0; i < last.ncols; i++) {
				c->vals[i] = last.cells[r * last.ncols + i];
				c->lens[i] = last.lens[r * last.ncols + i];
			}
			if (cb(ud, 0, last.ncols, (const char *const *)last.names,
			       (const char *const *)c->vals, c->lens))
				break;
		}
	}
	rowbuf_free(&last);
	return 0;
}

int ms_exec(dba_conn *c, const char *sql, dba_row_fn cb, void *ud, int64_t *affected,
	    dba_error *err)
{
	char *wrapped = NULL;
	int rc;

	if (affected)
		*affected = -1;
	if (ms_identity_wrap(c, sql, &wrapped, err))
		return -1;
	ms_errstate_clear(&c->es);
	dbfreebuf(c->dbp);
	if (dbcmd(c->dbp, wrapped ? wrapped : sql) == FAIL) {
		rc = ms_fail(c, "query", DBA_ERR_CONNECTION, err);
	} else if (dbsqlexec(c->dbp) == FAIL) {
		dbcancel(c->dbp);
		rc = ms_fail(c, "query", DBA_ERR_SYNTAX, err);
	} else {
		rc = ms_drain(c, cb, ud, affected, "query", err);
	}
	free(wrapped);
	return rc;
}

/* ---- collected rows ---- */

struct collect {
	ms_rows *r;
	size_t cap;
	int oom;
};

static int collect_row(void *ud, int32_t is_header, uint32_t ncols, const char *const *names,
		       const char *const *values, const uint32_t *lengths)
{
	struct collect *k = ud;
	ms_rows *r = k->r;

	(void)names;
	(void)lengths;
	if (is_header) {
		r->ncols = ncols;
		return 0;
	}
	if ((r->nrows + 1) * ncols > k->cap) {
		size_t cap = k->cap ? k->cap * 2 : 64;
		while (cap < (r->nrows + 1) * ncols)
			cap *= 2;
		char **cells = realloc(r->cells, cap * sizeof(*cells));
		if (!cells) {
			k->oom = 1;
			return 1;
		}
		r->cells = cells;
		k->cap = cap;
	}
	for (uint32_t i = 0; i < ncols; i++) {
		char *v = NULL;
		if (values[i] && !(v = strdup(values[i]))) {
			for (uint32_t j = 0; j < i; j++)
				free(r->cells[r->nrows * ncols + j]);
			k->oom = 1;
			return 1;
		}
		r->cells[r->nrows * ncols + i] = v;
	}
	r->nrows++;
	return 0;
}

int ms_query(dba_conn *c, const char *sql, ms_rows *out, dba_error *err)
{
	struct collect k = { out, 0, 0 };

	memset(out, 0, sizeof(*out));
	if (ms_exec(c, sql, collect_row, &k, NULL, err)) {
		ms_rows_free(out);
		return -1;
	}
	if (k.oom) {
		ms_rows_free(out);
		DBA_ERR_SET(err, DBA_ERR_RESOURCE, "out of memory reading the catalog");
		return -1;
	}
	return 0;
}

void ms_rows_free(ms_rows *r)
{
	if (!r)
		return;
	for (size_t i = 0; r->cells && i < r->nrows * r->ncols; i++)
		free(r->cells[i]);
	free(r->cells);
	memset(r, 0, sizeof(*r));
}

/* ---- sessions ---- */

/*
 * db-lib sessions start with the old defaults (QUOTED_IDENTIFIER and
 * ANSI_NULLS off); set what ODBC and every current tool use, so indexed
 * views and computed-column indexes accept our writes.  XACT_ABORT makes an
 * error end the transaction, which is what the seeder's atomicity expects.
 */
static const char session_sql[] =
	"SET ANSI_NULLS ON; SET ANSI_PADDING ON; SET ANSI_WARNINGS ON; SET ARITHABORT ON; "
	"SET CONCAT_NULL_YIELDS_NULL ON; SET QUOTED_IDENTIFIER ON; SET NUMERIC_ROUNDABORT OFF; "
	"SET XACT_ABORT ON; SET NOCOUNT OFF; SET DATEFORMAT ymd";

static int check_encrypted(dba_conn *c, const ms_login *l, dba_error *err)
{
	ms_rows r;

	if (ms_query(c, "SELECT encrypt_option FROM sys.dm_exec_connections WHERE session_id = @@SPID",
		     &r, err)) {
		snprintf(err->hint, sizeof(err->hint),
			 "encrypt=true needs VIEW SERVER STATE to confirm the session is encrypted");
		return -1;
	}
	int ok = r.nrows == 1 && ms_cell(&r, 0, 0) && strcasecmp(ms_cell(&r, 0, 0), "TRUE") == 0;
	ms_rows_free(&r);
	if (!ok) {
		memset(err, 0, sizeof(*err));
		err->err_class = DBA_ERR_CONNECTION;
		snprintf(err->message, sizeof(err->message),
			 "the connection to SQL Server at \"%s\" is not encrypted", l->server);
		snprintf(err->detail, sizeof(err->detail),
			 "encrypt=true was asked for; FreeTDS takes the encryption level from freetds.conf");
		snprintf(err->hint, sizeof(err->hint),
			 "set \"encryption = require\" in the [global] section of freetds.conf");
		return -1;
	}
	return 0;
}

int ms_connect(const dba_conninfo *ci, dba_conn **out, dba_error *err)
{
	ms_login l;
	ms_errstate les;
	LOGINREC *login;
	dba_conn *c;

	*out = NULL;
	if (ms_login_from_conninfo(ci, &l, err))
		return -1;
	if (!(c = calloc(1, sizeof(*c))) || !(login = dblogin())) {
		free(c);
		DBA_ERR_SET(err, DBA_ERR_RESOURCE, "out of memory");
		return -1;
	}
	if (l.user)
		DBSETLUSER(login, l.user);
	if (l.password)
		DBSETLPWD(login, l.password);
	DBSETLAPP(login, "dbarena");
	DBSETLCHARSET(login, "UTF-8");
	if (DBSETLVERSION(login, DBVERSION_74) == FAIL && ms_host && ms_host->log)
		ms_host->log(DBA_LOG_WARN, "mssql", "this FreeTDS does not offer TDS 7.4");
	/* bcp needs a login marked for bulk copy; it costs nothing otherwise. */
	BCP_SETL(login, TRUE);
	/* Character parameters go to the server as UTF-16 (older FreeTDS: ignored). */
	DBSETLUTF16(login, TRUE);

	ms_errstate_clear(&les);
	tls_login_es = &les;
	if (ms_login_encryption(login, &l) < 0 && ms_host && ms_host->log &&
	    !__atomic_exchange_n(&warned_encryption, 1, __ATOMIC_RELAXED))
		ms_host->log(DBA_LOG_WARN, "mssql", "this FreeTDS cannot require encryption per connection: "
			     "the login is encrypted only when freetds.conf says \"encryption = require\" "
			     "or the server offers it; the session is checked after login");
	ms_errstate_clear(&les);
	pthread_mutex_lock(&login_mu);
	dbsetlogintime(l.login_timeout_s);
	/*
	 * SQL Server has no per-session statement timeout: db-lib's query timeout
	 * (whole seconds, process-wide; every session of a run asks the same)
	 * cancels the statement from the client, and the error is a timeout.
	 */
	if (ci->size >= offsetof(dba_conninfo, statement_timeout_ms) + sizeof(int32_t) &&
	    ci->statement_timeout_ms > 0)
		dbsettime((ci->statement_timeout_ms + 999) / 1000);
	c->dbp = dbopen(login, l.server);
	pthread_mutex_unlock(&login_mu);
	tls_login_es = NULL;
	dbloginfree(login);

	if (!c->dbp) {
		ms_error_from_state(&les, NULL, DBA_ERR_CONNECTION, err);
		char detail[sizeof(err->detail)];
		if (les.msgno)
			snprintf(detail, sizeof(detail), "%.400s (SQL Server message %d)", les.text, les.msgno);
		else if (les.dberr)
			snprintf(detail, sizeof(detail), "%.250s%s%.250s", les.dbtext, les.ostext[0] ? ": " : "",
				 les.ostext);
		else
			snprintf(detail, sizeof(detail), "dbopen() failed");
		memcpy(err->detail, detail, sizeof(detail));
		err->err_class = les.msgno && ms_class_for_msg(les.msgno, les.severity) == DBA_ERR_PERMISSION
					 ? DBA_ERR_PERMISSION : DBA_ERR_CONNECTION;
		if (les.dberr == SYBETIME)
			err->err_class = DBA_ERR_CONNECTION;
		snprintf(err->message, sizeof(err->message), "cannot connect to SQL Server at \"%s\"",
			 l.server);
		snprintf(err->hint, sizeof(err->hint),
			 "check that the server is running and the host, port, user and password");
		free(c);
		return -1;
	}
	dbsetuserdata(c->dbp, (BYTE *)c);

	if (l.database) {
		ms_errstate_clear(&c->es);
		if (dbuse(c->dbp, l.database) == FAIL) {
			ms_fail(c, "USE", DBA_ERR_CONNECTION, err);
			char why[sizeof(err->message)];
			snprintf(why, sizeof(why), "%s", err->message);
			snprintf(err->message, sizeof(err->message), "cannot open database \"%s\"",
				 l.database);
			snprintf(err->detail, sizeof(err->detail), "%s", why);
			err->err_class = DBA_ERR_CONNECTION;
			ms_disconnect(c);
			return -1;
		}
	}
	if (ms_exec(c, session_sql, NULL, NULL, NULL, err) ||
	    (l.encrypt == MS_ENCRYPT_REQUIRE && check_encrypted(c, &l, err))) {
		ms_disconnect(c);
		return -1;
	}
	*out = c;
	return 0;
}

void ms_disconnect(dba_conn *c)
{
	if (!c)
		return;
	if (c->dbp) {
		dbsetuserdata(c->dbp, NULL);
		dbclose(c->dbp);
	}
	ms_ident_cache_free(c);
	for (uint32_t i = 0; i < c->ncap; i++)
		free(c->bufs[i]);
	free(c->vals);
	free(c->lens);
	free(c->bufs);
	free(c->bufcaps);
	free(c->names);
	free(c);
}

int ms_tx(dba_conn *c, int32_t what, dba_error *err)
{
	const char *sql;

	switch (what) {
	case DBA_TX_BEGIN: sql = "BEGIN TRANSACTION"; break;
	case DBA_TX_COMMIT: sql = "COMMIT TRANSACTION"; break;
	/* XACT_ABORT may have rolled back already: rolling back twice is an error. */
	case DBA_TX_ROLLBACK: sql = "IF @@TRANCOUNT > 0 ROLLBACK TRANSACTION"; break;
	default:
		DBA_ERR_SET(err, DBA_ERR_USAGE, "unknown transaction operation %d", (int)what);
		return -1;
	}
	int rc = ms_exec(c, sql, NULL, NULL, NULL, err);
	if (what == DBA_TX_BEGIN)
		c->in_tx = rc == 0;
	else
		c->in_tx = 0;
	return rc;
}
