/*
 * PostgreSQL driver: connect, exec, transactions, error mapping, literals,
 * and the plugin descriptor.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <poll.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "pg.h"

const dba_host *pg_host;

/* ---- errors ------------------------------------------------------------ */

int pg_class_of(const char *st)
{
	if (!st || strlen(st) != 5)
		return DBA_ERR_SYNTAX;
	if (!strncmp(st, "08", 2))
		return DBA_ERR_CONNECTION;
	if (!strcmp(st, "40001") || !strcmp(st, "40P01") || !strcmp(st, "55P03"))
		return DBA_ERR_DEADLOCK;
	if (!strncmp(st, "23", 2))
		return DBA_ERR_CONSTRAINT;
	if (!strcmp(st, "57014"))
		return DBA_ERR_TIMEOUT;
	/* admin shutdown, crash shutdown, cannot connect now: the session is gone */
	if (!strcmp(st, "57P01") || !strcmp(st, "57P02") || !strcmp(st, "57P03"))
		return DBA_ERR_CONNECTION;
	return DBA_ERR_SYNTAX;
}

static void copy_field(char *dst, size_t cap, const char *src)
{
	size_t n;
	if (!src) {
		dst[0] = 0;
		return;
	}
	n = strlen(src);
	while (n && (src[n - 1] == '\n' || src[n - 1] == ' '))
		n--;
	if (n >= cap)
		n = cap - 1;
	memcpy(dst, src, n);
	dst[n] = 0;
}

/* libpq's own messages: first line is the message, the rest the detail. */
static void split_libpq_message(const char *m, dba_error *err)
{
	const char *nl = m ? strchr(m, '\n') : NULL;
	if (!m || !*m)
		m = "unknown libpq error";
	if (!nl) {
		copy_field(err->message, sizeof err->message, m);
		err->detail[0] = 0;
		return;
	}
	size_t n = (size_t)(nl - m);
	if (n >= sizeof err->message)
		n = sizeof err->message - 1;
	memcpy(err->message, m, n);
	err->message[n] = 0;
	while (*nl == '\n' || *nl == '\t' || *nl == ' ')
		nl++;
	copy_field(err->detail, sizeof err->detail, nl);
	for (char *p = err->detail; *p; p++)
		if (*p == '\n' || *p == '\t')
			*p = ' ';
}

static void prefix_message(dba_error *err, const char *context)
{
	char tmp[sizeof err->message];
	size_t cl, ml;
	if (!context)
		return;
	cl = strlen(context);
	if (cl > sizeof tmp - 3)
		cl = sizeof tmp - 3;
	memcpy(tmp, context, cl);
	memcpy(tmp + cl, ": ", 2);
	ml = strlen(err->message);
	if (cl + 2 + ml >= sizeof tmp)
		ml = sizeof tmp - cl - 3;
	memcpy(tmp + cl + 2, err->message, ml);
	tmp[cl + 2 + ml] = 0;
	memcpy(err->message, tmp, sizeof tmp);
}

int pg_error(dba_conn *c, const PGresult *res, const char *context, dba_error *err)
{
	const char *st, *primary;
	if (!err)
		return -1;
	memset(err, 0, sizeof *err);
	/*
	 * The fields live inside the result: copy them now, the caller clears
	 * the result right after.
	 */
	st = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	primary = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	if (primary) {
		copy_field(err->message, sizeof err->message, primary);
		copy_field(err->detail, sizeof err->detail, PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL));
		copy_field(err->hint, sizeof err->hint, PQresultErrorField(res, PG_DIAG_MESSAGE_HINT));
	} else {
		const char *m = res ? PQresultErrorMessage(res) : NULL;
		if (!m || !*m)
			m = c && c->pg ? PQerrorMessage(c->pg) : NULL;
		split_libpq_message(m, err);
	}
	if (st)
		copy_field(err->sqlstate, sizeof err->sqlstate, st);
	if (c && c->pg && PQstatus(c->pg) == CONNECTION_BAD) {
		err->err_class = DBA_ERR_CONNECTION;
		if (!st)
			strcpy(err->sqlstate, "08006");
	} else {
		err->err_class = pg_class_of(st);
	}
	prefix_message(err, context);
	return -1;
}

/* ---- exec -------------------------------------------------------------- */

/* Extra time the client gives a server that was asked to enforce a statement timeout. */
#define PG_GRACE_MS 1000

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int pg_usable(dba_conn *c, dba_error *err)
{
	if (!c->broken)
		return 0;
	DBA_ERR_SET(err, DBA_ERR_CONNECTION, "connection closed after the server did not answer within the statement timeout");
	return -1;
}

/* Waits until a whole result is in (0), or the deadline (monotonic ms, 0 = none) passes (-1). */
static int wait_answer(dba_conn *c, int64_t deadline)
{
	struct pollfd p = { .fd = PQsocket(c->pg), .events = POLLIN };

	while (PQisBusy(c->pg)) {
		int64_t left = deadline ? deadline - now_ms() : -1;
		int n;

		if (deadline && left <= 0)
			return -1;
		n = poll(&p, 1, (int)left);
		if (n < 0 && errno != EINTR)
			return 0; /* PQgetResult reports what went wrong */
		if (n > 0 && !PQconsumeInput(c->pg))
			return 0;
	}
	return 0;
}

PGresult *pg_run(dba_conn *c, int sent, dba_error *err)
{
	int64_t deadline = c->wait_ms ? now_ms() + c->wait_ms : 0;
	PGresult *res = NULL, *r;

	if (!sent) {
		pg_error(c, NULL, NULL, err);
		return NULL;
	}
	for (;;) {
		ExecStatusType st;

		if (wait_answer(c, deadline)) {
			PQclear(res);
			/* The server cannot be told: close the socket, the backend ends when it notices. */
			c->broken = 1;
			shutdown(PQsocket(c->pg), SHUT_RDWR);
			if (err)
				memset(err, 0, sizeof *err);
			DBA_ERR_SET(err, DBA_ERR_TIMEOUT,
				    "no answer from the server within the statement timeout (%d ms) and %d ms more; "
				    "connection closed", (int)c->stmt_ms, PG_GRACE_MS);
			if (err)
				snprintf(err->hint, sizeof err->hint,
					 "the server may be stopped, overloaded or unreachable");
			return NULL;
		}
		if (!(r = PQgetResult(c->pg)))
			break;
		st = PQresultStatus(r);
		if (st == PGRES_COPY_IN || st == PGRES_COPY_OUT || st == PGRES_COPY_BOTH) {
			PQclear(res);
			return r;
		}
		if (res && PQresultStatus(res) == PGRES_FATAL_ERROR) {
			PQclear(r);
		} else {
			PQclear(res);
			res = r;
		}
	}
	if (!res)
		pg_error(c, NULL, NULL, err);
	return res;
}

int64_t pg_affected(const PGresult *res)
{
	const char *t = PQcmdTuples((PGresult *)res);
	if (!t || !*t)
		return -1;
	return strtoll(t, NULL, 10);
}

int pg_deliver(const PGresult *res, dba_row_fn cb, void *ud, dba_error *err)
{
	int nf = PQnfields(res), nt = PQntuples(res);
	const char *sn[32], *sv[32];
	uint32_t sl[32];
	const char **names = sn, **vals = sv;
	uint32_t *lens = sl;
	void *heap = NULL;

	if (nf > 32) {
		heap = malloc((size_t)nf * (2 * sizeof(char *) + sizeof(uint32_t)));
		if (!heap) {
			DBA_ERR_SET(err, DBA_ERR_SYNTAX, "out of memory reading %d columns", nf);
			return -1;
		}
		names = heap;
		vals = names + nf;
		lens = (uint32_t *)(vals + nf);
	}
	for (int i = 0; i < nf; i++)
		names[i] = PQfname(res, i);
	if (cb(ud, 1, (uint32_t)nf, names, NULL, NULL) == 0) {
		for (int r = 0; r < nt; r++) {
			for (int i = 0; i < nf; i++) {
				if (PQgetisnull(res, r, i)) {
					vals[i] = NULL;
					lens[i] = 0;
				} else {
					vals[i] = PQgetvalue(res, r, i);
					lens[i] = (uint32_t)PQgetlength(res, r, i);
				}
			}
			if (cb(ud, 0, (uint32_t)nf, names, vals, lens))
				break;
		}
	}
	free(heap);
	return 0;
}

/* A COPY started through exec() is refused: bulk_load is the way in. */
static void refuse_copy(dba_conn *c, PGresult *res)
{
	ExecStatusType st = PQresultStatus(res);
	if (st == PGRES_COPY_IN) {
		PQputCopyEnd(c->pg, "COPY FROM STDIN is not available through exec");
	} else if (st == PGRES_COPY_OUT) {
		char *buf;
		while (PQgetCopyData(c->pg, &buf, 0) > 0)
			PQfreemem(buf);
	}
}

static int pg_exec(dba_conn *c, const char *sql, dba_row_fn cb, void *ud, int64_t *affected,
		   dba_error *err)
{
	PGresult *res, *r;
	ExecStatusType st;
	int rc = 0;

	if (affected)
		*affected = -1;
	if (pg_usable(c, err) || !(res = pg_run(c, PQsendQuery(c->pg, sql), err)))
		return -1;
	st = PQresultStatus(res);
	if (st == PGRES_COPY_IN || st == PGRES_COPY_OUT) {
		refuse_copy(c, res);
		PQclear(res);
		while ((r = PQgetResult(c->pg)))
			PQclear(r);
		DBA_ERR_SET(err, DBA_ERR_UNSUPPORTED, "COPY through exec is not supported");
		return -1;
	}
	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK && st != PGRES_EMPTY_QUERY) {
		rc = pg_error(c, res, NULL, err);
	} else {
		if (cb && st == PGRES_TUPLES_OK)
			rc = pg_deliver(res, cb, ud, err);
		if (affected)
			*affected = pg_affected(res);
	}
	PQclear(res);
	return rc;
}

int pg_command(dba_conn *c, const char *sql, dba_error *err)
{
	return pg_exec(c, sql, NULL, NULL, NULL, err);
}

static int pg_tx(dba_conn *c, int32_t what, dba_error *err)
{
	const char *sql = what == DBA_TX_BEGIN ? "BEGIN" : what == DBA_TX_COMMIT ? "COMMIT"
			: what == DBA_TX_ROLLBACK ? "ROLLBACK" : NULL;
	PGresult *res;
	int rc = 0;

	if (!sql) {
		DBA_ERR_SET(err, DBA_ERR_USAGE, "unknown transaction operation %d", (int)what);
		return -1;
	}
	if (pg_usable(c, err) || !(res = pg_run(c, PQsendQuery(c->pg, sql), err)))
		return -1;
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		rc = pg_error(c, res, NULL, err);
	} else if (what == DBA_TX_COMMIT && !strcmp(PQcmdStatus(res), "ROLLBACK")) {
		/* COMMIT of a failed transaction "succeeds" by rolling back. */
		memset(err, 0, sizeof *err);
		DBA_ERR_SET(err, DBA_ERR_SYNTAX, "COMMIT rolled back: the transaction had failed");
		strcpy(err->sqlstate, "25P02");
		rc = -1;
	}
	PQclear(res);
	return rc;
}

/* ---- connect ----------------------------------------------------------- */

static int is_libpq_keyword(const char *key)
{
	PQconninfoOption *opts = PQconndefaults(), *o;
	int found = 0;
	if (!opts)
		return 1; /* out of memory: let libpq judge */
	for (o = opts; o->keyword; o++)
		if (!strcmp(o->keyword, key)) {
			found = 1;
			break;
		}
	PQconninfoFree(opts);
	return found;
}

/* Replaces every occurrence of pw in s by "****" (s has room for cap bytes). */
static void scrub(char *s, size_t cap, const char *pw)
{
	char tmp[1024];
	size_t pl = strlen(pw), o = 0;
	const char *p = s;
	while (*p && o + 5 < sizeof tmp) {
		if (!strncmp(p, pw, pl)) {
			memcpy(tmp + o, "****", 4);
			o += 4;
			p += pl;
		} else {
			tmp[o++] = *p++;
		}
	}
	if (o >= cap)
		o = cap - 1;
	memcpy(s, tmp, o);
	s[o] = 0;
}

static int pg_connect(const dba_conninfo *ci, dba_conn **out, dba_error *err)
{
	const char *kw[32], *val[32]; /* 16 URL options, 5 from the URL, 3 defaults, the NULL */
	char port[16], timeout[16];
	int n = 0, has_app = 0, has_timeout = 0, has_enc = 0;
	dba_conn *c;

	*out = NULL;
	if (ci->nparams > 16) {
		DBA_ERR_SET(err, DBA_ERR_USAGE, "too many URL options (%u, at most 16)", ci->nparams);
		return -1;
	}
	for (uint32_t i = 0; i < ci->nparams; i++) {
		const char *k = ci->params[i].key;
		if (!is_libpq_keyword(k) || !strcmp(k, "replication")) {
			memset(err, 0, sizeof *err);
			DBA_ERR_SET(err, DBA_ERR_USAGE, "unknown PostgreSQL URL option \"%s\"", k);
			snprintf(err->hint, sizeof err->hint,
				 "options are libpq connection keywords: sslmode, application_name, connect_timeout, options, ...");
			return -1;
		}
	}
	if (ci->host) {
		kw[n] = "host";
		val[n++] = ci->host;
	}
	if (ci->port > 0) {
		snprintf(port, sizeof port, "%d", (int)ci->port);
		kw[n] = "port";
		val[n++] = port;
	}
	if (ci->user) {
		kw[n] = "user";
		val[n++] = ci->user;
	}
	if (ci->password) {
		kw[n] = "password";
		val[n++] = ci->password;
	}
	if (ci->database) {
		kw[n] = "dbname";
		val[n++] = ci->database;
	}
	for (uint32_t i = 0; i < ci->nparams; i++) {
		const char *k = ci->params[i].key;
		has_app |= !strcmp(k, "application_name");
		has_timeout |= !strcmp(k, "connect_timeout");
		has_enc |= !strcmp(k, "client_encoding");
		kw[n] = k;
		val[n++] = ci->params[i].value ? ci->params[i].value : "";
	}
	if (!has_app) {
		kw[n] = "application_name";
		val[n++] = "dbarena";
	}
	if (!has_enc) {
		kw[n] = "client_encoding";
		val[n++] = "UTF8";
	}
	/*
	 * connect_timeout_s is a 1.0 field, read only when the caller has it.  Without
	 * one, 10 s: libpq would wait for ever on a server that accepts the TCP
	 * connection and then says nothing (stopped, hung).
	 */
	if (!has_timeout) {
		int secs = ci->size >= offsetof(dba_conninfo, connect_timeout_s) + sizeof(int32_t) &&
			   ci->connect_timeout_s > 0 ? (int)ci->connect_timeout_s : 10;

		snprintf(timeout, sizeof timeout, "%d", secs);
		kw[n] = "connect_timeout";
		val[n++] = timeout;
	}
	kw[n] = NULL;
	val[n] = NULL;

	c = calloc(1, sizeof *c);
	if (!c) {
		DBA_ERR_SET(err, DBA_ERR_CONNECTION, "out of memory");
		return -1;
	}
	c->pg = PQconnectdbParams(kw, val, 0);
	if (!c->pg || PQstatus(c->pg) != CONNECTION_OK) {
		memset(err, 0, sizeof *err);
		split_libpq_message(c->pg ? PQerrorMessage(c->pg) : "out of memory", err);
		err->err_class = DBA_ERR_CONNECTION;
		strcpy(err->sqlstate, "08001");
		/* libpq does not echo passwords; make sure of it all the same. */
		if (ci->password && *ci->password && (!ci->user || strcmp(ci->user, ci->password))) {
			scrub(err->message, sizeof err->message, ci->password);
			scrub(err->detail, sizeof err->detail, ci->password);
		}
		PQfinish(c->pg);
		free(c);
		return -1;
	}
	if (ci->size >= offsetof(dba_conninfo, statement_timeout_ms) + sizeof(int32_t) &&
	    ci->statement_timeout_ms > 0) {
		char sql[64];

		c->stmt_ms = ci->statement_timeout_ms;
		c->wait_ms = ci->statement_timeout_ms + PG_GRACE_MS;
		snprintf(sql, sizeof sql, "SET statement_timeout = %d", (int)c->stmt_ms);
		if (pg_command(c, sql, err)) {
			PQfinish(c->pg);
			free(c);
			return -1;
		}
	}
	*out = c;
	return 0;
}

static void pg_disconnect(dba_conn *c)
{
	if (!c)
		return;
	PQfinish(c->pg);
	free(c);
}

/* ---- identifiers and literals ----------------------------------------- */

/* snprintf-style writer: counts everything, stores what fits. */
typedef struct wr {
	char *out;
	size_t cap, n;
} wr;

static void wr_c(wr *w, char ch)
{
	if (w->n + 1 < w->cap)
		w->out[w->n] = ch;
	w->n++;
}

static void wr_s(wr *w, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		wr_c(w, s[i]);
}

static size_t wr_end(wr *w)
{
	if (w->cap)
		w->out[w->n < w->cap ? w->n : w->cap - 1] = 0;
	return w->n;
}

size_t pg_escape_ident(const char *name, char *out, size_t cap)
{
	wr w = { out, cap, 0 };
	wr_c(&w, '"');
	for (const char *p = name; *p; p++) {
		if (*p == '"')
			wr_c(&w, '"');
		wr_c(&w, *p);
	}
	wr_c(&w, '"');
	return wr_end(&w);
}

static const char digits2[] =
	"00010203040506070809101112131415161718192021222324252627282930313233343536373839"
	"40414243444546474849505152535455565758596061626364656667686970717273747576777879"
	"8081828384858687888990919293949596979899";

size_t pg_fmt_i64(int64_t v, char *out)
{
	char tmp[24];
	char *p = tmp + sizeof tmp;
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	size_t n;
	while (u >= 100) {
		unsigned r = (unsigned)(u % 100);
		u /= 100;
		p -= 2;
		memcpy(p, digits2 + 2 * r, 2);
	}
	if (u >= 10) {
		p -= 2;
		memcpy(p, digits2 + 2 * u, 2);
	} else {
		*--p = (char)('0' + u);
	}
	if (v < 0)
		*--p = '-';
	n = (size_t)(tmp + sizeof tmp - p);
	memcpy(out, p, n);
	return n;
}

size_t pg_fmt_double(double v, char *out)
{
	int n;
	if (isnan(v)) {
		memcpy(out, "NaN", 3);
		return 3;
	}
	if (isinf(v)) {
		n = v < 0 ? 9 : 8;
		memcpy(out, v < 0 ? "-Infinity" : "Infinity", (size_t)n);
		return (size_t)n;
	}
	n = snprintf(out, PG_NUM_MAX, "%.17g", v);
	return n < 0 ? 0 : (size_t)n;
}

static void civil(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (int64_t)yoe + era * 400 + (*m <= 2);
}

static char *put2(char *p, unsigned v)
{
	memcpy(p, digits2 + 2 * (v % 100), 2);
	return p + 2;
}

/* Writes YYYY-MM-DD (years 1..9999; others with more digits) and returns the end. */
static char *put_date(char *p, int64_t days, int *bc)
{
	int64_t y;
	unsigned m, d;
	civil(days, &y, &m, &d);
	*bc = y <= 0;
	if (*bc)
		y = 1 - y; /* PostgreSQL has no year 0: 1 BC precedes 1 AD */
	if (y <= 9999) {
		p = put2(p, (unsigned)(y / 100));
		p = put2(p, (unsigned)(y % 100));
	} else {
		p += pg_fmt_i64(y, p);
	}
	*p++ = '-';
	p = put2(p, m);
	*p++ = '-';
	return put2(p, d);
}

size_t pg_fmt_date(int64_t days, char *out)
{
	int bc;
	char *p = put_date(out, days, &bc);
	if (bc) {
		memcpy(p, " BC", 3);
		p += 3;
	}
	return (size_t)(p - out);
}

size_t pg_fmt_timestamp(int64_t us, char *out)
{
	int64_t days = us / 86400000000LL, rem = us % 86400000000LL;
	int bc;
	char *p;
	if (rem < 0) {
		rem += 86400000000LL;
		days--;
	}
	p = put_date(out, days, &bc);
	unsigned secs = (unsigned)(rem / 1000000), frac = (unsigned)(rem % 1000000);
	*p++ = ' ';
	p = put2(p, secs / 3600);
	*p++ = ':';
	p = put2(p, secs / 60 % 60);
	*p++ = ':';
	p = put2(p, secs % 60);
	*p++ = '.';
	p = put2(p, frac / 10000);
	p = put2(p, frac / 100 % 100);
	p = put2(p, frac % 100);
	/* UTC offset: read right by timestamptz, ignored by timestamp */
	memcpy(p, "+00", 3);
	p += 3;
	if (bc) {
		memcpy(p, " BC", 3);
		p += 3;
	}
	return (size_t)(p - out);
}

size_t pg_fmt_scalar(const dba_value *v, char *out)
{
	size_t n;
	switch (v->type) {
	case DBA_T_INT64:
		return pg_fmt_i64(v->u.i64, out);
	case DBA_T_DOUBLE:
		return pg_fmt_double(v->u.f64, out);
	case DBA_T_BOOL:
		out[0] = v->u.b ? 't' : 'f';
		return 1;
	case DBA_T_TIMESTAMP:
		return pg_fmt_timestamp(v->u.i64, out);
	case DBA_T_DATE:
		return pg_fmt_date(v->u.i64, out);
	case DBA_T_DECIMAL:
	case DBA_T_UUID:
		n = v->len < PG_NUM_MAX - 1 ? v->len : PG_NUM_MAX - 1;
		memcpy(out, v->u.str, n);
		return n;
	default:
		return (size_t)-1;
	}
}

static int standard_strings(dba_conn *c)
{
	const char *s = c && c->pg ? PQparameterStatus(c->pg, "standard_conforming_strings") : NULL;
	return !s || strcmp(s, "off") != 0;
}

static size_t pg_render_literal(dba_conn *c, const dba_value *v, int32_t family, char *out,
				size_t cap)
{
	wr w = { out, cap, 0 };
	char num[PG_NUM_MAX];
	size_t n;

	switch (v->type) {
	case DBA_T_NULL:
		wr_s(&w, "NULL", 4);
		break;
	case DBA_T_BOOL:
		if (family == DBA_FAM_TEXT)
			wr_s(&w, v->u.b ? "'t'" : "'f'", 3);
		else
			wr_s(&w, v->u.b ? "TRUE" : "FALSE", v->u.b ? 4 : 5);
		break;
	case DBA_T_DOUBLE:
		n = pg_fmt_double(v->u.f64, num);
		if (!isfinite(v->u.f64))
			wr_c(&w, '\'');
		wr_s(&w, num, n);
		if (!isfinite(v->u.f64))
			wr_c(&w, '\'');
		break;
	case DBA_T_INT64:
		wr_s(&w, num, pg_fmt_i64(v->u.i64, num));
		break;
	case DBA_T_DECIMAL: {
		int plain = v->len > 0;
		for (uint32_t i = 0; i < v->len; i++)
			if (!isdigit((unsigned char)v->u.str[i]) && !strchr("+-.eE", v->u.str[i]))
				plain = 0;
		if (plain) {
			wr_s(&w, v->u.str, v->len);
			break;
		}
		/* quote anything unexpected */
	}
		__attribute__((fallthrough));
	case DBA_T_TEXT:
	case DBA_T_UUID: {
		int e = 0;
		if (!standard_strings(c))
			for (uint32_t i = 0; i < v->len && !e; i++)
				e = v->u.str[i] == '\\';
		if (e)
			wr_c(&w, 'E');
		wr_c(&w, '\'');
		for (uint32_t i = 0; i < v->len; i++) {
			char ch = v->u.str[i];
			if (!ch)
				continue; /* PostgreSQL text cannot hold NUL */
			if (ch == '\'' || (e && ch == '\\'))
				wr_c(&w, ch);
			wr_c(&w, ch);
		}
		wr_c(&w, '\'');
		break;
	}
	case DBA_T_TIMESTAMP:
	case DBA_T_DATE:
		n = v->type == DBA_T_DATE ? pg_fmt_date(v->u.i64, num) : pg_fmt_timestamp(v->u.i64, num);
		wr_c(&w, '\'');
		wr_s(&w, num, n);
		wr_c(&w, '\'');
		break;
	default:
		wr_s(&w, "NULL", 4);
		break;
	}
	return wr_end(&w);
}

/* ---- descriptor -------------------------------------------------------- */

static const dba_dialect pg_dialect_facts = {
	.size = sizeof(dba_dialect),
	.placeholder = DBA_PH_DOLLAR,
	.limit_style = DBA_LIMIT_LIMIT,
	.max_insert_rows = 0,
	.now_expr = "now()",
	.true_literal = "TRUE",
	.false_literal = "FALSE",
};

static const dba_dialect *pg_dialect(void)
{
	return &pg_dialect_facts;
}

static int pg_init(const dba_host *host, dba_error *err)
{
	pg_host = host;
	return 0;
}

/* ---- identity columns ------------------------------------------------- */

/* "schema"."name" or "name", malloc'ed. */
static char *quoted_name(const char *schema, const char *name)
{
	size_t a = schema ? pg_escape_ident(schema, NULL, 0) : 0, b = pg_escape_ident(name, NULL, 0);
	char *q = malloc(a + b + 2);

	if (!q)
		return NULL;
	if (schema) {
		pg_escape_ident(schema, q, a + 1);
		q[a] = '.';
	}
	pg_escape_ident(name, q + (schema ? a + 1 : 0), b + 1);
	return q;
}

static int pg_sync_identity(dba_conn *c, const char *schema, const char *table, const char *column,
			    dba_error *err)
{
	const char *params[2];
	char *qt = quoted_name(schema, table), *qc = quoted_name(NULL, column), *seq = NULL, *sql = NULL;
	PGresult *res = NULL;
	int rc = -1;

	if (!qt || !qc) {
		DBA_ERR_SET(err, DBA_ERR_SYNTAX, "out of memory");
		goto out;
	}
	/* The sequence behind a serial or identity column (NULL for neither). */
	params[0] = qt;
	params[1] = column;
	if (pg_usable(c, err) ||
	    !(res = pg_run(c, PQsendQueryParams(c->pg, "SELECT pg_get_serial_sequence($1, $2)", 2, NULL, params,
						NULL, NULL, 0), err)))
		goto out;
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		pg_error(c, res, "finding the sequence of an identity column", err);
		goto out;
	}
	if (PQntuples(res) != 1 || PQgetisnull(res, 0, 0)) {
		rc = 0;
		goto out;
	}
	seq = strdup(PQgetvalue(res, 0, 0)); /* quoted by the server where needed */
	PQclear(res);
	res = NULL;
	/* Only ever forward: the sequence may already be past what was loaded. */
	if (!seq || asprintf(&sql,
			     "SELECT setval($1::regclass, x.m) FROM (SELECT max(%s)::bigint AS m FROM %s) x, %s s "
			     "WHERE x.m IS NOT NULL AND (x.m > s.last_value OR (x.m = s.last_value AND NOT s.is_called))",
			     qc, qt, seq) < 0) {
		sql = NULL;
		DBA_ERR_SET(err, DBA_ERR_SYNTAX, "out of memory");
		goto out;
	}
	params[0] = seq;
	if (!(res = pg_run(c, PQsendQueryParams(c->pg, sql, 1, NULL, params, NULL, NULL, 0), err)))
		goto out;
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		pg_error(c, res, "moving the sequence of an identity column", err);
		goto out;
	}
	rc = 0;
out:
	PQclear(res);
	free(qt);
	free(qc);
	free(seq);
	free(sql);
	return rc;
}

static const dba_driver_ops pg_ops = {
	.connect = pg_connect,
	.disconnect = pg_disconnect,
	.escape_ident = pg_escape_ident,
	.render_literal = pg_render_literal,
	.exec = pg_exec,
	.tx = pg_tx,
	.describe_table = pg_describe_table,
	.table_free = pg_table_free,
	.list_tables = pg_list_tables,
	.strv_free = pg_strv_free,
	.bulk_load = pg_bulk_load,
	.prepare = pg_prepare,
	.execute = pg_execute,
	.stmt_free = pg_stmt_free,
	.dialect = pg_dialect,
	.sync_identity = pg_sync_identity,
};

static const char *const pg_schemes[] = { "postgres", "postgresql", NULL };

static const dba_plugin pg_plugin = {
	.magic = DBA_MAGIC,
	.abi_major = DBA_ABI_MAJOR,
	.abi_minor = DBA_ABI_MINOR,
	.size = sizeof(dba_plugin),
	.kind = DBA_KIND_DRIVER,
	.name = "postgres",
	.version = DBA_VERSION,
	.description = "PostgreSQL driver (libpq, COPY bulk load)",
	.schemes = pg_schemes,
	.package = "dbarena-plugin-postgres",
	.caps = DBA_CAP_BULK_LOAD | DBA_CAP_PREPARE | DBA_CAP_TRANSACTIONS | DBA_CAP_SCHEMAS |
		DBA_CAP_RETURNING,
	.init = pg_init,
	.driver = &pg_ops,
};

DBA_PLUGIN_ENTRY
{
	return &pg_plugin;
}
