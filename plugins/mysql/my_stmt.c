/* Prepared statements with mysql_stmt_*: parameters bound natively, results fetched as text. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "my.h"

struct dba_stmt {
	MYSQL_STMT *st;
	unsigned long nparams;
};

static int stmt_error(dba_conn *c, dba_stmt *s, dba_error *err)
{
	unsigned int code = mysql_stmt_errno(s->st);

	/* An error packet in the middle of fetched rows lands on the connection, not the statement. */
	if (!code && c && c->my && mysql_errno(c->my))
		return my_error(c, NULL, err);

	memset(err, 0, sizeof(*err));
	err->native_code = (int32_t)code;
	err->err_class = my_class_of(code);
	snprintf(err->sqlstate, sizeof(err->sqlstate), "%s", mysql_stmt_sqlstate(s->st));
	snprintf(err->message, sizeof(err->message), "%s", mysql_stmt_error(s->st));
	my_timeout_check(c, err);
	return -1;
}

int my_prepare(dba_conn *c, const char *sql, uint32_t nparams, const int32_t *param_families,
	       dba_stmt **out, dba_error *err)
{
	dba_stmt *s = calloc(1, sizeof(*s));

	(void)nparams;
	(void)param_families;
	if (!s || !(s->st = mysql_stmt_init(c->my))) {
		free(s);
		return my_error(c, "prepare", err);
	}
	my_call_start(c);
	if (mysql_stmt_prepare(s->st, sql, strlen(sql))) {
		stmt_error(c, s, err);
		mysql_stmt_close(s->st);
		free(s);
		return -1;
	}
	s->nparams = mysql_stmt_param_count(s->st);
	*out = s;
	return 0;
}

static void to_mysql_time(int64_t us, int date_only, MYSQL_TIME *t)
{
	int64_t frac = date_only ? 0 : us % 1000000;
	time_t secs = date_only ? (time_t)(us * 86400) : (time_t)(us / 1000000);
	struct tm tm;

	if (frac < 0) {
		frac += 1000000;
		secs--;
	}
	gmtime_r(&secs, &tm);
	memset(t, 0, sizeof(*t));
	t->year = (unsigned)tm.tm_year + 1900;
	t->month = (unsigned)tm.tm_mon + 1;
	t->day = (unsigned)tm.tm_mday;
	t->hour = (unsigned)tm.tm_hour;
	t->minute = (unsigned)tm.tm_min;
	t->second = (unsigned)tm.tm_sec;
	t->second_part = (unsigned long)frac;
	t->time_type = date_only ? MYSQL_TIMESTAMP_DATE : MYSQL_TIMESTAMP_DATETIME;
}

int my_execute(dba_conn *c, dba_stmt *s, const dba_value *params, uint32_t nparams, dba_row_fn cb,
	       void *ud, int64_t *affected, dba_error *err)
{
	MYSQL_BIND *pb = NULL, *rb = NULL;
	MYSQL_TIME *times = NULL;
	int8_t *bools = NULL;
	MYSQL_RES *meta = NULL;
	char **bufs = NULL, **bigs = NULL;
	unsigned long *lens = NULL;
	my_bool *nulls = NULL;
	const char **names = NULL, **vals = NULL;
	uint32_t *vlens = NULL;
	unsigned int nf = 0;
	int rc = -1, fr;

	(void)c;
	if (affected)
		*affected = -1;
	if (nparams != s->nparams) {
		DBA_ERR_SET(err, DBA_ERR_USAGE, "statement takes %lu parameters, %u given", s->nparams, nparams);
		return -1;
	}
	if (nparams) {
		pb = calloc(nparams, sizeof(*pb));
		times = calloc(nparams, sizeof(*times));
		bools = calloc(nparams, sizeof(*bools));
		if (!pb || !times || !bools)
			goto oom;
		for (uint32_t i = 0; i < nparams; i++) {
			const dba_value *v = &params[i];

			switch (v->type) {
			case DBA_T_NULL: pb[i].buffer_type = MYSQL_TYPE_NULL; break;
			case DBA_T_INT64:
				pb[i].buffer_type = MYSQL_TYPE_LONGLONG;
				pb[i].buffer = (void *)&v->u.i64;
				break;
			case DBA_T_DOUBLE:
				pb[i].buffer_type = MYSQL_TYPE_DOUBLE;
				pb[i].buffer = (void *)&v->u.f64;
				break;
			case DBA_T_BOOL:
				bools[i] = (int8_t)(v->u.b != 0);
				pb[i].buffer_type = MYSQL_TYPE_TINY;
				pb[i].buffer = &bools[i];
				break;
			case DBA_T_TIMESTAMP:
			case DBA_T_DATE:
				to_mysql_time(v->u.i64, v->type == DBA_T_DATE, &times[i]);
				pb[i].buffer_type = v->type == DBA_T_DATE ? MYSQL_TYPE_DATE : MYSQL_TYPE_DATETIME;
				pb[i].buffer = &times[i];
				break;
			default:
				pb[i].buffer_type = MYSQL_TYPE_STRING;
				pb[i].buffer = (void *)v->u.str;
				pb[i].buffer_length = v->len;
				pb[i].length_value = v->len;
				break;
			}
		}
		if (mysql_stmt_bind_param(s->st, pb))
			goto fail;
	}
	my_call_start(c);
	if (mysql_stmt_execute(s->st))
		goto fail;
	meta = mysql_stmt_result_metadata(s->st);
	if (!meta) {
		if (affected)
			*affected = (int64_t)mysql_stmt_affected_rows(s->st);
		rc = 0;
		goto out;
	}
	nf = mysql_num_fields(meta);
	rb = calloc(nf ? nf : 1, sizeof(*rb));
	bufs = calloc(nf ? nf : 1, sizeof(*bufs));
	bigs = calloc(nf ? nf : 1, sizeof(*bigs));
	lens = calloc(nf ? nf : 1, sizeof(*lens));
	nulls = calloc(nf ? nf : 1, sizeof(*nulls));
	names = calloc(nf ? nf : 1, sizeof(*names));
	vals = calloc(nf ? nf : 1, sizeof(*vals));
	vlens = calloc(nf ? nf : 1, sizeof(*vlens));
	if (!rb || !bufs || !bigs || !lens || !nulls || !names || !vals || !vlens)
		goto oom;
	{
		MYSQL_FIELD *f = mysql_fetch_fields(meta);

		for (unsigned int i = 0; i < nf; i++) {
			names[i] = f[i].name;
			bufs[i] = malloc(256);
			if (!bufs[i])
				goto oom;
			rb[i].buffer_type = MYSQL_TYPE_STRING;
			rb[i].buffer = bufs[i];
			rb[i].buffer_length = 255;
			rb[i].length = &lens[i];
			rb[i].is_null = &nulls[i];
		}
	}
	if (mysql_stmt_bind_result(s->st, rb))
		goto fail;
	if (cb && cb(ud, 1, nf, names, NULL, NULL)) {
		rc = 0;
		goto out;
	}
	while ((fr = mysql_stmt_fetch(s->st)) == 0 || fr == MYSQL_DATA_TRUNCATED) {
		for (unsigned int i = 0; i < nf; i++) {
			vlens[i] = (uint32_t)lens[i];
			if (nulls[i]) {
				vals[i] = NULL;
			} else if (lens[i] > rb[i].buffer_length) {
				/*
				 * A long value: fetch it again into a buffer of its own (the
				 * library keeps pointing at the bound buffer for later rows).
				 */
				char *big = realloc(bigs[i], lens[i] + 1);
				MYSQL_BIND b;
				unsigned long got = 0;
				my_bool isnull = 0;

				if (!big)
					goto oom;
				bigs[i] = big;
				memset(&b, 0, sizeof(b));
				b.buffer_type = MYSQL_TYPE_STRING;
				b.buffer = big;
				b.buffer_length = lens[i] + 1;
				b.length = &got;
				b.is_null = &isnull;
				if (mysql_stmt_fetch_column(s->st, &b, i, 0))
					goto fail;
				big[lens[i]] = '\0';
				vals[i] = big;
			} else {
				bufs[i][lens[i]] = '\0';
				vals[i] = bufs[i];
			}
		}
		if (cb && cb(ud, 0, nf, names, vals, vlens))
			break;
	}
	if (fr == 1)
		goto fail;
	mysql_stmt_free_result(s->st);
	rc = 0;
	goto out;
oom:
	DBA_ERR_SET(err, DBA_ERR_SYNTAX, "out of memory");
	goto out;
fail:
	stmt_error(c, s, err);
out:
	if (meta) {
		mysql_stmt_free_result(s->st);
		mysql_free_result(meta);
	}
	for (unsigned int i = 0; i < nf; i++) {
		if (bufs)
			free(bufs[i]);
		if (bigs)
			free(bigs[i]);
	}
	free(bufs);
	free(bigs);
	free(rb);
	free(lens);
	free(nulls);
	free(names);
	free(vals);
	free(vlens);
	free(pb);
	free(times);
	free(bools);
	return rc;
}

void my_stmt_free(dba_conn *c, dba_stmt *s)
{
	(void)c;
	if (!s)
		return;
	mysql_stmt_close(s->st);
	free(s);
}
