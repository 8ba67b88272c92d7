/*
 * bulk_load: on MariaDB servers through array binding (my_array.c); on
 * others through LOAD DATA LOCAL INFILE, fed from memory: the client
 * library asks our local-infile handler for the "file", and the handler
 * encodes rows pulled from the core's row source.  No temporary file.
 * Both treat the server's warnings as errors.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "my.h"

struct feed {
	dba_row_source next;
	void *ud;
	dba_value *row;
	uint32_t ncols;
	char *buf;          /* encoded rows not yet handed to the library */
	size_t len, pos, cap;
	int done, failed;
	uint64_t rows;
	dba_error src_err;
};

int my_buf_put(char **buf, size_t *len, size_t *cap, const char *s, size_t n)
{
	if (*len + n > *cap) {
		size_t nc = (*len + n) * 2;
		char *b = realloc(*buf, nc);

		if (!b)
			return -1;
		*buf = b;
		*cap = nc;
	}
	if (n)
		memcpy(*buf + *len, s, n);
	*len += n;
	return 0;
}

static int put(struct feed *f, const char *s, size_t n)
{
	return my_buf_put(&f->buf, &f->len, &f->cap, s, n);
}

/* Text with LOAD DATA's escapes: backslash, tab, newline, CR, NUL. */
static int put_escaped(struct feed *f, const char *s, size_t n)
{
	size_t start = 0;

	for (size_t i = 0; i < n; i++) {
		const char *rep = NULL;

		switch (s[i]) {
		case '\\': rep = "\\\\"; break;
		case '\t': rep = "\\t"; break;
		case '\n': rep = "\\n"; break;
		case '\r': rep = "\\r"; break;
		case '\0': rep = "\\0"; break;
		}
		if (rep) {
			if (put(f, s + start, i - start) || put(f, rep, 2))
				return -1;
			start = i + 1;
		}
	}
	return put(f, s + start, n - start);
}

size_t my_value_text(const dba_value *v, char *tmp, size_t cap, const char **out)
{
	*out = tmp;
	switch (v->type) {
	case DBA_T_INT64: return (size_t)snprintf(tmp, cap, "%lld", (long long)v->u.i64);
	case DBA_T_DOUBLE: return (size_t)snprintf(tmp, cap, "%.17g", v->u.f64);
	case DBA_T_BOOL: *out = v->u.b ? "1" : "0"; return 1;
	case DBA_T_TIMESTAMP: return my_fmt_timestamp(v->u.i64, tmp, cap);
	case DBA_T_DATE: return my_fmt_date(v->u.i64, tmp, cap);
	case DBA_T_NULL: *out = ""; return 0;
	default: *out = v->u.str; return v->len;
	}
}

static int encode_row(struct feed *f)
{
	char tmp[64];
	const char *s;
	size_t n;

	for (uint32_t i = 0; i < f->ncols; i++) {
		const dba_value *v = &f->row[i];

		if (i && put(f, "\t", 1))
			return -1;
		if (v->type == DBA_T_NULL) {
			if (put(f, "\\N", 2))
				return -1;
			continue;
		}
		n = my_value_text(v, tmp, sizeof(tmp), &s);
		/* the value's own bytes need escaping; numbers and times written into tmp do not */
		if (s != tmp && v->type != DBA_T_BOOL ? put_escaped(f, s, n) : put(f, s, n))
			return -1;
	}
	return put(f, "\n", 1);
}

static int feed_init(void **ptr, const char *filename, void *userdata)
{
	(void)filename;
	*ptr = userdata;
	return 0;
}

static int feed_read(void *ptr, char *buf, unsigned int buf_len)
{
	struct feed *f = ptr;

	/* Encode rows until the pending text fills the library's buffer or the source ends. */
	while (f->len - f->pos < buf_len && !f->done) {
		int rc;

		if (f->pos > 0) {
			memmove(f->buf, f->buf + f->pos, f->len - f->pos);
			f->len -= f->pos;
			f->pos = 0;
		}
		rc = f->next(f->ud, f->row, f->ncols, &f->src_err);
		if (rc < 0) {
			f->failed = 1;
			return -1;
		}
		if (rc == 0) {
			f->done = 1;
			break;
		}
		if (encode_row(f)) {
			f->failed = 1;
			f->src_err.err_class = DBA_ERR_RESOURCE;
			snprintf(f->src_err.message, sizeof(f->src_err.message), "out of memory encoding rows");
			return -1;
		}
		f->rows++;
	}
	{
		size_t n = f->len - f->pos < buf_len ? f->len - f->pos : buf_len;

		if (n) /* no row at all: nothing was ever buffered (f->buf NULL) */
			memcpy(buf, f->buf + f->pos, n);
		f->pos += n;
		return (int)n;
	}
}

static void feed_end(void *ptr)
{
	(void)ptr;
}

static int feed_error(void *ptr, char *msg, unsigned int len)
{
	struct feed *f = ptr;

	snprintf(msg, len, "%s", f->src_err.message[0] ? f->src_err.message : "row source failed");
	return 2000; /* CR_UNKNOWN_ERROR */
}

int my_warnings_error(dba_conn *c, const char *what, dba_error *err)
{
	MYSQL_RES *res;
	MYSQL_ROW row;
	unsigned nw = mysql_warning_count(c->my);

	memset(err, 0, sizeof(*err));
	err->err_class = DBA_ERR_CONSTRAINT;
	snprintf(err->message, sizeof(err->message), "%s raised %u warning(s)", what, nw);
	/* What the server said: the first warning is the error, the next ones its detail. */
	if (!mysql_query(c->my, "SHOW WARNINGS LIMIT 3") && (res = mysql_store_result(c->my))) {
		size_t dl = 0;

		if ((row = mysql_fetch_row(res)) && row[1] && row[2]) {
			err->native_code = atoi(row[1]);
			err->err_class = my_class_of((unsigned)err->native_code);
			if (err->err_class == DBA_ERR_SYNTAX)
				err->err_class = DBA_ERR_CONSTRAINT;
			snprintf(err->message, sizeof(err->message), "%s: %s (%s %s)", what, row[2],
				 row[0] ? row[0] : "Warning", row[1]);
		}
		while ((row = mysql_fetch_row(res)) && row[1] && row[2] && dl < sizeof(err->detail))
			dl += (size_t)snprintf(err->detail + dl, sizeof(err->detail) - dl, "%sthen: %s (%s %s)",
					       dl ? "; " : "", row[2], row[0] ? row[0] : "Warning", row[1]);
		mysql_free_result(res);
	}
	if (!err->detail[0])
		snprintf(err->detail, sizeof(err->detail), "%u warning(s) in all: the server went on past them, "
			 "dbarena treats them as errors", nw);
	return -1;
}

int my_bulk_load(dba_conn *c, const char *schema, const char *table, const char *const *columns,
		 const int32_t *families, uint32_t ncols, dba_row_source next, void *ud, uint64_t *rows,
		 dba_error *err)
{
	struct feed f;
	char *sql = NULL, *p;
	size_t cap = 256 + 2 * strlen(table) + (schema ? 2 * strlen(schema) : 0);
	int rc = -1;

	if (c->bulk == MY_BULK_ARRAY && !my_server_has_bulk(c)) {
		DBA_ERR_SET(err, DBA_ERR_UNSUPPORTED, "bulk=array: the server does not run array-bound statements "
			    "(MariaDB 10.2 and later do); bulk=load-data uses LOAD DATA LOCAL INFILE");
		return -1;
	}
	if (c->bulk == MY_BULK_ARRAY || (c->bulk == MY_BULK_AUTO && my_server_has_bulk(c)))
		return my_array_load(c, schema, table, columns, families, ncols, next, ud, rows, err);
	memset(&f, 0, sizeof(f));
	f.next = next;
	f.ud = ud;
	f.ncols = ncols;
	f.row = calloc(ncols ? ncols : 1, sizeof(*f.row));
	for (uint32_t i = 0; i < ncols; i++)
		cap += 4 * strlen(columns[i]) + 64;
	if (!f.row || !(sql = malloc(cap))) {
		DBA_ERR_SET(err, DBA_ERR_RESOURCE, "out of memory");
		goto out;
	}
	p = sql + sprintf(sql, "LOAD DATA LOCAL INFILE 'dbarena-stream' INTO TABLE ");
	if (schema) {
		p += my_escape_ident(schema, p, cap - (size_t)(p - sql));
		*p++ = '.';
	}
	p += my_escape_ident(table, p, cap - (size_t)(p - sql));
	p += sprintf(p, " CHARACTER SET utf8mb4 FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' "
		     "LINES TERMINATED BY '\\n' (");
	/* Booleans go through a variable: LOAD DATA would store the character '1' into a BIT column. */
	for (uint32_t i = 0; i < ncols; i++) {
		if (i)
			*p++ = ',';
		if (families && families[i] == DBA_FAM_BOOL)
			p += sprintf(p, "@dba_b%u", i);
		else
			p += my_escape_ident(columns[i], p, cap - (size_t)(p - sql));
	}
	strcpy(p, ")");
	p += strlen(p);
	for (uint32_t i = 0, n = 0; families && i < ncols; i++) {
		if (families[i] != DBA_FAM_BOOL)
			continue;
		p += sprintf(p, "%s", n++ ? ", " : " SET ");
		p += my_escape_ident(columns[i], p, cap - (size_t)(p - sql));
		p += sprintf(p, " = CAST(@dba_b%u AS UNSIGNED)", i);
	}
	mysql_set_local_infile_handler(c->my, feed_init, feed_read, feed_end, feed_error, &f);
	if (mysql_real_query(c->my, sql, strlen(sql))) {
		if (f.failed) {
			*err = f.src_err;
			if (!err->err_class)
				err->err_class = DBA_ERR_USAGE;
		} else {
			char ctx[300];

			snprintf(ctx, sizeof(ctx), "LOAD DATA into `%s`", table);
			my_error(c, ctx, err);
		}
		goto out;
	}
	/*
	 * With LOCAL, the server turns bad values and duplicate keys into
	 * warnings and goes on; never let data change silently.
	 */
	if (mysql_warning_count(c->my) > 0) {
		char what[300];

		snprintf(what, sizeof(what), "LOAD DATA into `%s`", table);
		my_warnings_error(c, what, err);
		goto out;
	}
	rc = 0;
out:
	mysql_set_local_infile_default(c->my);
	if (rows)
		*rows = f.rows;
	free(f.buf);
	free(f.row);
	free(sql);
	return rc;
}
