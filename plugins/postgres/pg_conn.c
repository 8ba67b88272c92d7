/*
 * PostgreSQL driver: connect and disconnect, exec with the statement
 * timeout's grace, transactions.
 */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdatomic.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>

#include "pg.h"

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

/* After a failed call: the server answered (a timeout it enforced included) and the session is idle. */
int32_t pg_reusable(dba_conn *c)
{
	PGTransactionStatusType ts;

	if (!c || !c->pg || c->broken || PQstatus(c->pg) != CONNECTION_OK)
		return 0;
	ts = PQtransactionStatus(c->pg);
	return ts == PQTRANS_IDLE || ts == PQTRANS_INTRANS || ts == PQTRANS_INERROR;
}

/*
 * The lean wait.  A workload connection with a thread of its own sends a
 * statement and then has nothing to do but wait: poll() and then recv()
 * is two system calls where a recv() on a blocking socket is one, and on a
 * 2-core machine the client's system time is taken from the server
 * (PostgreSQL point selects: 6 % less client CPU per transaction).  libpq
 * keeps its socket non-blocking and works on a blocking one as long as it
 * never reads once more after the answer is complete, which it does only
 * after a read leaves more than 32 kB of one message in its buffer: so a
 * receive timeout (PG_LEAN_TICK_MS) bounds any such read, the deadline is
 * checked at each tick, and the first result larger than PG_LEAN_MAX turns
 * the lean wait off for the connection for good.  Writes are safe blocking:
 * the server reads a whole message before it answers it.
 */
#define PG_LEAN_TICK_MS 2
#define PG_LEAN_MAX (16 * 1024)

static void lean_set(dba_conn *c, int on)
{
	int fd = PQsocket(c->pg), fl = fd < 0 ? -1 : fcntl(fd, F_GETFL);
	struct timeval tick = { 0, PG_LEAN_TICK_MS * 1000 };

	c->lean = -1;
	if (fl < 0 || fcntl(fd, F_SETFL, on ? fl & ~O_NONBLOCK : fl | O_NONBLOCK))
		return;
	if (on && setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tick, sizeof tick))
		fcntl(fd, F_SETFL, fl); /* no bound on a read: stay as libpq left it */
	else if (on)
		c->lean = 1;
}

void pg_lean(dba_conn *c)
{
	if (!c->lean && !c->shared && !getenv("DBARENA_PG_POLL"))
		lean_set(c, 1);
}

/* Waits until a whole result is in (0), or the deadline (monotonic ms, 0 = none) passes (-1). */
static int wait_answer(dba_conn *c, int64_t deadline)
{
	struct pollfd p = { .fd = PQsocket(c->pg), .events = POLLIN };

	while (c->lean > 0 && PQisBusy(c->pg)) {
		if (deadline && deadline - now_ms() <= 0)
			return -1;
		if (!PQconsumeInput(c->pg))
			return 0; /* PQgetResult reports what went wrong */
	}

	/*
	 * On a shared thread, read once before waiting: by the time the thread
	 * comes back to this connection the server has often answered, and a
	 * read that finds the answer costs less than a poll and a switch to
	 * another connection.  A thread of its own comes straight here after
	 * sending, before the server has answered: the read would find nothing
	 * four times in five and cost a system call.
	 */
	if (c->shared && PQisBusy(c->pg) && !PQconsumeInput(c->pg))
		return 0;
	while (PQisBusy(c->pg)) {
		int64_t left = deadline ? deadline - now_ms() : -1;
		int n;

		if (deadline && left <= 0)
			return -1;
		if (pg_host && pg_host->size >= offsetof(dba_host, wait) + sizeof(pg_host->wait) && pg_host->wait)
			n = pg_host->wait(p.fd, POLLIN, left); /* the thread's other connections run meanwhile */
		else
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
		if (c->lean > 0 && PQresultMemorySize(r) > PG_LEAN_MAX)
			lean_set(c, 0);
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

int pg_exec(dba_conn *c, const char *sql, dba_row_fn cb, void *ud, int64_t *affected,
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
		pg_fresh_note(c, sql);
	}
	PQclear(res);
	return rc;
}

int pg_command(dba_conn *c, const char *sql, dba_error *err)
{
	return pg_exec(c, sql, NULL, NULL, NULL, err);
}

int pg_tx(dba_conn *c, int32_t what, dba_error *err)
{
	const char *sql = what == DBA_TX_BEGIN ? "BEGIN" : what == DBA_TX_COMMIT ? "COMMIT"
			: what == DBA_TX_ROLLBACK ? "ROLLBACK" : NULL;
	PGresult *res;
	int rc = 0;

	if (!sql) {
		DBA_ERR_SET(err, DBA_ERR_USAGE, "unknown transaction operation %d", (int)what);
		return -1;
	}
	pg_fresh_clear(c);
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
/* Server warnings shown at the warning level before the rest go to -vv only: a function that warns per row must not flood the terminal. */
#define PG_NOTICE_WARN_MAX 10

/*
 * Server notices (RAISE WARNING / NOTICE in a function a query calls) go
 * through dbarena's log, which escapes control characters, instead of
 * libpq's default printing to stderr: warnings at the warning level, the
 * rest at the info level (-v).
 */
static void pg_notice(void *arg, const PGresult *res)
{
	static atomic_uint warnings;
	const char *sev = PQresultErrorField(res, PG_DIAG_SEVERITY_NONLOCALIZED);
	const char *msg = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
	int32_t level = DBA_LOG_INFO;

	(void)arg;
	if (!pg_host || !pg_host->log)
		return;
	if (sev && !strcmp(sev, "WARNING")) {
		unsigned n = atomic_fetch_add(&warnings, 1);

		level = n < PG_NOTICE_WARN_MAX ? DBA_LOG_WARN : DBA_LOG_DEBUG;
		if (n == PG_NOTICE_WARN_MAX)
			pg_host->log(DBA_LOG_WARN, "postgres", "further server warnings are shown with -vv");
	}
	pg_host->log(level, "postgres", "server %s: %s", sev ? sev : "NOTICE", msg ? msg : PQresultErrorMessage(res));
}


int pg_connect(const dba_conninfo *ci, dba_conn **out, dba_error *err)
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
		pg_split_message(c->pg ? PQerrorMessage(c->pg) : "out of memory", err);
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
	PQsetNoticeReceiver(c->pg, pg_notice, NULL);
	c->shared = ci->size >= offsetof(dba_conninfo, shared_thread) + sizeof(int32_t) && ci->shared_thread;
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

void pg_disconnect(dba_conn *c)
{
	if (!c)
		return;
	PQfinish(c->pg);
	pg_fresh_clear(c);
	free(c);
}

