/*
 * Prepared statements as sp_executesql calls.
 *
 * prepare() only keeps the text and the parameter families: SQL Server
 * caches the plan of an sp_executesql batch by its text and declaration, so
 * a client-side handle costs no round trip and survives reconnects.
 * execute() sends one RPC: @stmt, @params ("@p1 bigint, ..."), then each
 * value, typed natively where db-lib has the type (bigint, float, bit) and
 * as text that the server converts into the declared type otherwise.
 *
 * db-lib's dbrpcparam() reads a zero length as NULL, so an empty string
 * cannot travel as a parameter; such a parameter becomes a local variable
 * declared at the top of @stmt instead (DECLARE @p2 nvarchar(max) = N'').
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ms.h"

struct dba_stmt {
	char *sql;
	uint32_t nparams;
	int32_t *families;
};

static const char *type_for_family(int32_t family)
{
	switch (family) {
	case DBA_FAM_INT: return "bigint";
	case DBA_FAM_DECIMAL: return "decimal(38,10)";
	case DBA_FAM_FLOAT: return "float";
	case DBA_FAM_BOOL: return "bit";
	case DBA_FAM_TIMESTAMP: return "datetime2(7)";
	case DBA_FAM_DATE: return "date";
	case DBA_FAM_TIME: return "time(7)";
	case DBA_FAM_UUID: return "uniqueidentifier";
	case DBA_FAM_BINARY: return "varbinary(max)";
	default: return "nvarchar(max)";
	}
}

const char *ms_param_sqltype(const dba_value *v, int32_t family, char *buf, size_t cap)
{
	if (!v)
		return type_for_family(family);
	switch (v->type) {
	case DBA_T_INT64: return "bigint";
	case DBA_T_DOUBLE: return "float";
	case DBA_T_BOOL: return "bit";
	case DBA_T_TEXT: return "nvarchar(max)";
	case DBA_T_TIMESTAMP: return "datetime2(7)";
	case DBA_T_DATE: return "date";
	case DBA_T_UUID: return "uniqueidentifier";
	case DBA_T_DECIMAL: {
		/* decimal(38,s): s from the value, leaving room for its integer digits. */
		int intd = 0, scale = 0, seen_point = 0;
		for (uint32_t i = 0; v->u.str && i < v->len; i++) {
			char ch = v->u.str[i];
			if (ch == '.')
				seen_point = 1;
			else if (ch >= '0' && ch <= '9')
				seen_point ? scale++ : intd++;
		}
		if (intd + scale > 38)
			scale = intd >= 38 ? 0 : 38 - intd;
		snprintf(buf, cap, "decimal(38,%d)", scale);
		return buf;
	}
	case DBA_T_NULL:
	default:
		return type_for_family(family);
	}
}

/* 1 when this value cannot be an RPC parameter (a zero-length string). */
static int is_empty_string(const dba_value *v)
{
	return v && (v->type == DBA_T_TEXT || v->type == DBA_T_DECIMAL || v->type == DBA_T_UUID) &&
	       v->len == 0;
}

size_t ms_param_decl(const dba_value *params, const int32_t *families, uint32_t n, char *out,
		     size_t cap)
{
	size_t len = 0;
	char tb[32];

	if (cap)
		out[0] = '\0';
	for (uint32_t i = 0; i < n; i++) {
		const dba_value *v = params ? &params[i] : NULL;
		if (is_empty_string(v))
			continue;
		const char *t = ms_param_sqltype(v, families ? families[i] : DBA_FAM_OTHER, tb, sizeof(tb));
		int k = snprintf(len < cap ? out + len : NULL, len < cap ? cap - len : 0, "%s@p%u %s",
				 len ? ", " : "", i + 1, t);
		len += (size_t)k;
	}
	return len;
}

int ms_prepare(dba_conn *c, const char *sql, uint32_t nparams, const int32_t *param_families,
	       dba_stmt **out, dba_error *err)
{
	dba_stmt *s = calloc(1, sizeof(*s));

	(void)c;
	*out = NULL;
	if (!s || !(s->sql = strdup(sql)) ||
	    (nparams && !(s->families = calloc(nparams, sizeof(*s->families))))) {
		if (s)
			free(s->sql);
		free(s);
		DBA_ERR_SET(err, DBA_ERR_RESOURCE, "out of memory");
		return -1;
	}
	s->nparams = nparams;
	for (uint32_t i = 0; i < nparams; i++)
		s->families[i] = param_families ? param_families[i] : DBA_FAM_OTHER;
	*out = s;
	return 0;
}

void ms_stmt_free(dba_conn *c, dba_stmt *s)
{
	(void)c;
	if (!s)
		return;
	free(s->sql);
	free(s->families);
	free(s);
}

/* Native or text form of one value, kept alive until dbrpcsend(). */
struct rpc_val {
	char name[16];
	int type;
	DBINT len;
	BYTE *ptr;
	union {
		DBBIGINT i64;
		DBFLT8 f64;
		DBBIT bit;
	} fixed;
	char text[48];
};

static void encode(struct rpc_val *p, const dba_value *v)
{
	p->len = -1;
	switch (v->type) {
	case DBA_T_INT64:
		p->type = SYBINT8;
		p->fixed.i64 = v->u.i64;
		p->ptr = (BYTE *)&p->fixed.i64;
		break;
	case DBA_T_DOUBLE:
		p->type = SYBFLT8;
		p->fixed.f64 = v->u.f64;
		p->ptr = (BYTE *)&p->fixed.f64;
		break;
	case DBA_T_BOOL:
		p->type = SYBBIT;
		p->fixed.bit = v->u.b != 0;
		p->ptr = (BYTE *)&p->fixed.bit;
		break;
	case DBA_T_TIMESTAMP:
		p->type = SYBVARCHAR;
		p->len = ms_format_timestamp(v->u.i64, 'T', p->text, sizeof(p->text));
		p->ptr = (BYTE *)p->text;
		break;
	case DBA_T_DATE:
		p->type = SYBVARCHAR;
		p->len = ms_format_date(v->u.i64, p->text, sizeof(p->text));
		p->ptr = (BYTE *)p->text;
		break;
	case DBA_T_TEXT:
		p->type = MS_T_NVARCHAR; /* UTF-8 in, UTF-16 to the server */
		p->len = (DBINT)v->len;
		p->ptr = (BYTE *)v->u.str;
		break;
	case DBA_T_DECIMAL:
	case DBA_T_UUID:
		p->type = SYBVARCHAR;
		p->len = (DBINT)v->len;
		p->ptr = (BYTE *)v->u.str;
		break;
	case DBA_T_NULL:
	default:
		/* A NULL of any declared type: the server converts the untyped NULL. */
		p->type = SYBVARCHAR;
		p->len = 0;
		p->ptr = NULL;
		break;
	}
}

int ms_execute(dba_conn *c, dba_stmt *s, const dba_value *params, uint32_t nparams,
	       dba_row_fn cb, void *ud, int64_t *affected, dba_error *err)
{
	struct rpc_val *vals = NULL;
	char *decl = NULL, *stmt = NULL;
	size_t stmt_len = 0;
	FILE *f = NULL;
	int rc = -1;

	if (affected)
		*affected = -1;
	if (nparams != s->nparams) {
		DBA_ERR_SET(err, DBA_ERR_USAGE, "statement takes %u parameters, %u given",
			    (unsigned)s->nparams, (unsigned)nparams);
		return -1;
	}
	if (nparams == 0)
		return ms_exec(c, s->sql, cb, ud, affected, err);

	size_t dlen = ms_param_decl(params, s->families, nparams, NULL, 0);
	if (!(decl = malloc(dlen + 1)) || !(vals = calloc(nparams, sizeof(*vals))) ||
	    !(f = open_memstream(&stmt, &stmt_len))) {
		DBA_ERR_SET(err, DBA_ERR_RESOURCE, "out of memory");
		goto out;
	}
	ms_param_decl(params, s->families, nparams, decl, dlen + 1);
	char *wrapped = NULL;
	if (ms_identity_wrap(c, s->sql, &wrapped, err)) {
		fclose(f);
		f = NULL;
		goto out;
	}
	for (uint32_t i = 0; i < nparams; i++)
		if (is_empty_string(&params[i]))
			fprintf(f, "DECLARE @p%u %s = N''; ", i + 1,
				params[i].type == DBA_T_TEXT ? "nvarchar(max)"
							     : type_for_family(s->families[i]));
	fputs(wrapped ? wrapped : s->sql, f);
	free(wrapped);
	if (fclose(f)) {
		f = NULL;
		DBA_ERR_SET(err, DBA_ERR_RESOURCE, "out of memory");
		goto out;
	}
	f = NULL;

	ms_errstate_clear(&c->es);
	if (dbrpcinit(c->dbp, "sp_executesql", 0) == FAIL ||
	    dbrpcparam(c->dbp, "@stmt", 0, MS_T_NVARCHAR, -1, (DBINT)strlen(stmt), (BYTE *)stmt) == FAIL ||
	    (dlen && dbrpcparam(c->dbp, "@params", 0, MS_T_NVARCHAR, -1, (DBINT)dlen, (BYTE *)decl) == FAIL)) {
		ms_fail(c, "sp_executesql", DBA_ERR_CONNECTION, err);
		goto out;
	}
	for (uint32_t i = 0; i < nparams; i++) {
		struct rpc_val *p = &vals[i];
		if (is_empty_string(&params[i]))
			continue;
		snprintf(p->name, sizeof(p->name), "@p%u", i + 1);
		encode(p, &params[i]);
		if (dbrpcparam(c->dbp, p->name, 0, p->type, -1, p->len, p->ptr) == FAIL) {
			ms_fail(c, "sp_executesql parameter", DBA_ERR_USAGE, err);
			goto out;
		}
	}
	if (dbrpcsend(c->dbp) == FAIL) {
		ms_fail(c, "sp_executesql", DBA_ERR_CONNECTION, err);
		goto out;
	}
	if (dbsqlok(c->dbp) == FAIL) {
		dbcancel(c->dbp);
		ms_fail(c, "sp_executesql", DBA_ERR_SYNTAX, err);
		goto out;
	}
	rc = ms_drain(c, cb, ud, affected, "sp_executesql", err);
out:
	if (rc && c->dbp && !DBDEAD(c->dbp))
		dbrpcinit(c->dbp, "", DBRPCRESET); /* drop a half-built call */
	if (f)
		fclose(f);
	free(stmt);
	free(decl);
	free(vals);
	return rc;
}
