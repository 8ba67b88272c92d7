/* Prepared statements with mysql_stmt_*: parameters bound natively, results fetched as text. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dbarena/timefmt.h"
#include "my.h"

/* The bind arrays live with the statement and are reused by every execution: no allocation per statement. */
struct dba_stmt {
	MYSQL_STMT *st;
	unsigned long nparams;
	MYSQL_BIND *pb;    /* nparams parameter binds, their times and booleans */
	MYSQL_TIME *times;
	int8_t *bools;
	unsigned int rcap; /* result columns the arrays below hold */
	MYSQL_BIND *rb;
	char **bufs, **bigs;
	unsigned long *lens;
	my_bool *nulls;
	const char **names, **vals;
	uint32_t *vlens;
};

/* Room for nf result columns in s's arrays; -1 out of memory. */
static int result_room(dba_stmt *s, unsigned int nf)
{
	unsigned int n = nf ? nf : 1;

	if (n <= s->rcap)
		return 0;
#define GROW(f) do { void *p_ = realloc(s->f, n * sizeof(*s->f)); if (!p_) return -1; s->f = p_; \
		memset(s->f + s->rcap, 0, (n - s->rcap) * sizeof(*s->f)); } while (0)
	GROW(rb); GROW(bufs); GROW(bigs); GROW(lens); GROW(nulls); GROW(names); GROW(vals); GROW(vlens);
#undef GROW
	for (unsigned int i = s->rcap; i < n; i++)
		if (!(s->bufs[i] = malloc(256))) {
			while (i-- > s->rcap) {
				free(s->bufs[i]);
				s->bufs[i] = NULL;
			}
			return -1;
		}
	s->rcap = n;
	return 0;
}

int my_stmt_error(dba_conn *c, MYSQL_STMT *st, const char *what, dba_error *err)
{
	unsigned int code = mysql_stmt_errno(st);

	/* An error packet in the middle of fetched rows lands on the connection, not the statement. */
	if (!code && c && c->my && mysql_errno(c->my))
		return my_error(c, what, err);

	memset(err, 0, sizeof(*err));
	err->native_code = (int32_t)code;
	err->err_class = my_class_of(code);
	snprintf(err->sqlstate, sizeof(err->sqlstate), "%s", mysql_stmt_sqlstate(st));
	snprintf(err->message, sizeof(err->message), "%s%s%s", what ? what : "", what ? ": " : "", mysql_stmt_error(st));
	my_timeout_check(c, err);
	return -1;
}

static int stmt_error(dba_conn *c, dba_stmt *s, dba_error *err)
{
	return my_stmt_error(c, s->st, NULL, err);
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
	if (my_w_stmt_prepare(c, s->st, sql, strlen(sql))) {
		stmt_error(c, s, err);
		mysql_stmt_close(s->st);
		free(s);
		return -1;
	}
	s->nparams = mysql_stmt_param_count(s->st);
	*out = s;
	return 0;
}

void my_to_time(int64_t us, int date_only, MYSQL_TIME *t)
{
	int64_t days = us, y;
	int32_t secs = 0, frac = 0;
	unsigned m, d;

	if (!date_only)
		dba_split_us(us, &days, &secs, &frac);
	dba_civil_from_days(days, &y, &m, &d);
	memset(t, 0, sizeof(*t));
	t->year = (unsigned)y;
	t->month = m;
	t->day = d;
	t->hour = (unsigned)(secs / 3600);
	t->minute = (unsigned)(secs / 60 % 60);
	t->second = (unsigned)(secs % 60);
	t->second_part = (unsigned long)frac;
	t->time_type = date_only ? MYSQL_TIMESTAMP_DATE : MYSQL_TIMESTAMP_DATETIME;
}

/* Binds the parameters into the statement's arrays; 0, -1 out of memory, -2 a library error. */
static int bind_params(dba_stmt *s, const dba_value *params, uint32_t nparams)
{
	MYSQL_BIND *pb;
	MYSQL_TIME *times;
	int8_t *bools;

	if (!s->pb) {
		s->pb = calloc(nparams, sizeof(*s->pb));
		s->times = calloc(nparams, sizeof(*s->times));
		s->bools = calloc(nparams, sizeof(*s->bools));
		if (!s->pb || !s->times || !s->bools) {
			free(s->pb); free(s->times); free(s->bools);
			s->pb = NULL; s->times = NULL; s->bools = NULL;
			return -1;
		}
	}
	pb = s->pb;
	times = s->times;
	bools = s->bools;
	memset(pb, 0, nparams * sizeof(*pb));
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
			my_to_time(v->u.i64, v->type == DBA_T_DATE, &times[i]);
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
		return -2;
	return 0;
}

/* Column i of the fetched row into vals[i] (a long value fetched again into bigs[i]); 0, -1, -2 as bind_params. */
static int column_value(dba_stmt *s, unsigned int i, const MYSQL_BIND *rb, const unsigned long *lens,
			const my_bool *nulls, char **bufs, char **bigs, const char **vals)
{
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
			return -1;
		bigs[i] = big;
		memset(&b, 0, sizeof(b));
		b.buffer_type = MYSQL_TYPE_STRING;
		b.buffer = big;
		b.buffer_length = lens[i] + 1;
		b.length = &got;
		b.is_null = &isnull;
		if (mysql_stmt_fetch_column(s->st, &b, i, 0))
			return -2;
		big[lens[i]] = '\0';
		vals[i] = big;
	} else {
		bufs[i][lens[i]] = '\0';
		vals[i] = bufs[i];
	}
	return 0;
}

int my_execute(dba_conn *c, dba_stmt *s, const dba_value *params, uint32_t nparams, dba_row_fn cb,
	       void *ud, int64_t *affected, dba_error *err)
{
	MYSQL_RES *meta = NULL;
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
		int br = bind_params(s, params, nparams);

		if (br == -1)
			goto oom;
		if (br)
			goto fail;
	}
	my_call_start(c);
	if (my_w_stmt_execute(c, s->st))
		goto fail;
	nf = mysql_stmt_field_count(s->st);
	if (!nf) {
		if (affected)
			*affected = (int64_t)mysql_stmt_affected_rows(s->st);
		return 0;
	}
	/* The column names only for a caller that reads the rows. */
	if (cb && !(meta = mysql_stmt_result_metadata(s->st)))
		goto fail;
	if (result_room(s, nf))
		goto oom;
	{
		MYSQL_FIELD *f = meta ? mysql_fetch_fields(meta) : NULL;

		memset(s->rb, 0, nf * sizeof(*s->rb));
		for (unsigned int i = 0; i < nf; i++) {
			s->names[i] = f ? f[i].name : NULL;
			s->rb[i].buffer_type = MYSQL_TYPE_STRING;
			s->rb[i].buffer = s->bufs[i];
			s->rb[i].buffer_length = 255;
			s->rb[i].length = &s->lens[i];
			s->rb[i].is_null = &s->nulls[i];
		}
	}
	if (mysql_stmt_bind_result(s->st, s->rb))
		goto fail;
	if (cb && cb(ud, 1, nf, s->names, NULL, NULL)) {
		rc = 0;
		goto out;
	}
	while ((fr = my_w_stmt_fetch(c, s->st)) == 0 || fr == MYSQL_DATA_TRUNCATED) {
		if (!cb)
			continue; /* nobody reads the rows: no texts made */
		for (unsigned int i = 0; i < nf; i++) {
			int cr = column_value(s, i, s->rb, s->lens, s->nulls, s->bufs, s->bigs, s->vals);

			s->vlens[i] = (uint32_t)s->lens[i];
			if (cr == -1)
				goto oom;
			if (cr)
				goto fail;
		}
		if (cb(ud, 0, nf, s->names, s->vals, s->vlens))
			break;
	}
	if (fr == 1)
		goto fail;
	rc = 0;
	goto out;
oom:
	DBA_ERR_SET(err, DBA_ERR_RESOURCE, "out of memory");
	goto out;
fail:
	stmt_error(c, s, err);
out:
	if (nf)
		my_w_stmt_free_result(c, s->st);
	if (meta)
		mysql_free_result(meta);
	return rc;
}

void my_stmt_free(dba_conn *c, dba_stmt *s)
{
	(void)c;
	if (!s)
		return;
	mysql_stmt_close(s->st);
	for (unsigned int i = 0; i < s->rcap; i++) {
		free(s->bufs[i]);
		free(s->bigs[i]);
	}
	free(s->rb);
	free(s->bufs);
	free(s->bigs);
	free(s->lens);
	free(s->nulls);
	free(s->names);
	free(s->vals);
	free(s->vlens);
	free(s->pb);
	free(s->times);
	free(s->bools);
	free(s);
}
