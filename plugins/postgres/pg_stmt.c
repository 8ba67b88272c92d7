/*
 * PostgreSQL driver: prepared statements (PQprepare / PQexecPrepared) with
 * text-format parameters; the server infers parameter types from the SQL.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pg.h"

struct dba_stmt {
	char name[32];
	uint32_t nparams;
	const char **vals; /* nparams pointers into scratch, NULL for SQL NULL */
	char *scratch;     /* NUL-terminated parameter texts, reused across executions */
	size_t scap;
};

int pg_prepare(dba_conn *c, const char *sql, uint32_t nparams, const int32_t *param_families,
	       dba_stmt **out, dba_error *err)
{
	dba_stmt *s = calloc(1, sizeof *s);
	PGresult *res;

	*out = NULL;
	if (!s || !(s->vals = calloc(nparams ? nparams : 1, sizeof *s->vals))) {
		free(s);
		DBA_ERR_SET(err, DBA_ERR_RESOURCE, "out of memory preparing a statement");
		return -1;
	}
	snprintf(s->name, sizeof s->name, "dba_s%u", (unsigned)++c->next_stmt);
	s->nparams = nparams;
	if (pg_usable(c, err) || !(res = pg_run(c, PQsendPrepare(c->pg, s->name, sql, (int)nparams, NULL), err))) {
		free(s->vals);
		free(s);
		return -1;
	}
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		pg_error(c, res, NULL, err);
		PQclear(res);
		free(s->vals);
		free(s);
		return -1;
	}
	PQclear(res);
	*out = s;
	return 0;
}

int pg_execute(dba_conn *c, dba_stmt *s, const dba_value *params, uint32_t nparams,
	       dba_row_fn cb, void *ud, int64_t *affected, dba_error *err)
{
	size_t need = 0, off = 0;
	PGresult *res;
	ExecStatusType st;
	int rc = 0;

	if (affected)
		*affected = -1;
	if (nparams != s->nparams) {
		DBA_ERR_SET(err, DBA_ERR_USAGE, "prepared statement takes %u parameters, got %u",
			    (unsigned)s->nparams, (unsigned)nparams);
		return -1;
	}
	for (uint32_t i = 0; i < nparams; i++) {
		int t = params[i].type;
		need += (t == DBA_T_TEXT || t == DBA_T_DECIMAL || t == DBA_T_UUID) ? params[i].len + 1
										      : PG_NUM_MAX + 1;
	}
	if (need > s->scap) {
		char *ns = realloc(s->scratch, need);
		if (!ns) {
			DBA_ERR_SET(err, DBA_ERR_RESOURCE, "out of memory executing a statement");
			return -1;
		}
		s->scratch = ns;
		s->scap = need;
	}
	for (uint32_t i = 0; i < nparams; i++) {
		const dba_value *v = &params[i];
		char *o = s->scratch + off;
		size_t n;
		if (v->type == DBA_T_NULL) {
			s->vals[i] = NULL;
			continue;
		}
		if (v->type == DBA_T_TEXT || v->type == DBA_T_DECIMAL || v->type == DBA_T_UUID) {
			memcpy(o, v->u.str, v->len);
			n = v->len;
		} else {
			n = pg_fmt_scalar(v, o);
			if (n == (size_t)-1) {
				s->vals[i] = NULL;
				continue;
			}
		}
		o[n] = 0;
		s->vals[i] = o;
		off += n + 1;
	}
	pg_lean(c);
	if (pg_usable(c, err) ||
	    !(res = pg_run(c, PQsendQueryPrepared(c->pg, s->name, (int)nparams, s->vals, NULL, NULL, 0), err)))
		return -1;
	st = PQresultStatus(res);
	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
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

void pg_stmt_free(dba_conn *c, dba_stmt *s)
{
	if (!s)
		return;
	/* a failed transaction refuses DEALLOCATE; the statement then lives until disconnect */
	if (c && c->pg && PQstatus(c->pg) == CONNECTION_OK &&
	    (PQtransactionStatus(c->pg) == PQTRANS_IDLE || PQtransactionStatus(c->pg) == PQTRANS_INTRANS)) {
		char sql[64];
		dba_error ignored;

		snprintf(sql, sizeof sql, "DEALLOCATE %s", s->name);
		pg_command(c, sql, &ignored);
	}
	free(s->vals);
	free(s->scratch);
	free(s);
}
