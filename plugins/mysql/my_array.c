/*
 * bulk_load on MariaDB servers: one prepared INSERT executed with a batch
 * of rows at a time through array binding (COM_STMT_BULK_EXECUTE).  Every
 * value goes as text with its length and NULL by indicator, so the server
 * neither parses nor unescapes a LOAD DATA stream; it measured 0.7-0.8 x
 * the time of LOAD DATA LOCAL INFILE for the same rows, and needs no
 * local_infile.  MySQL servers lack the command: my_bulk.c serves them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "my.h"

#ifndef MARIADB_CLIENT_STMT_BULK_OPERATIONS
/* Built against a client library without array binding (MySQL's): LOAD DATA only. */
int my_server_has_bulk(dba_conn *c)
{
	(void)c;
	return 0;
}

int my_array_load(dba_conn *c, const char *schema, const char *table, const char *const *columns,
		  const int32_t *families, uint32_t ncols, dba_row_source next, void *ud, uint64_t *rows,
		  dba_error *err)
{
	(void)c; (void)schema; (void)table; (void)columns; (void)families; (void)ncols; (void)next; (void)ud; (void)rows;
	DBA_ERR_SET(err, DBA_ERR_UNSUPPORTED, "array binding needs the MariaDB client library");
	return -1;
}
#else

#define BATCH_ROWS 4096
#define BATCH_BYTES (1u << 20) /* well under the default max_allowed_packet (16 MB) */

typedef struct batch {
	uint32_t ncols;
	unsigned n;            /* rows held */
	char **ptr;            /* [col * BATCH_ROWS + row], set from off[] before each execute */
	size_t *off;           /* offsets into arena: it may move while the batch fills */
	unsigned long *len;
	char *ind;
	MYSQL_BIND *bind;
	char *arena;
	size_t used, cap;
} batch;

int my_server_has_bulk(dba_conn *c)
{
	unsigned long ext = 0;

	if (mariadb_get_infov(c->my, MARIADB_CONNECTION_EXTENDED_SERVER_CAPABILITIES, &ext))
		return 0;
	return (ext & (MARIADB_CLIENT_STMT_BULK_OPERATIONS >> 32)) != 0;
}

static int arena_put(batch *b, const char *s, size_t n)
{
	if (b->used + n > b->cap) {
		size_t nc = (b->used + n) * 2;
		char *a = realloc(b->arena, nc);

		if (!a)
			return -1;
		b->arena = a;
		b->cap = nc;
	}
	if (n)
		memcpy(b->arena + b->used, s, n);
	b->used += n;
	return 0;
}

/* Row r of the batch from the source's values; -1 out of memory. */
static int put_row(batch *b, const dba_value *row)
{
	for (uint32_t i = 0; i < b->ncols; i++) {
		size_t k = (size_t)i * BATCH_ROWS + b->n;
		char tmp[64];
		const char *s;
		size_t n;

		b->off[k] = b->used;
		b->ind[k] = STMT_INDICATOR_NONE;
		if (row[i].type == DBA_T_NULL) {
			b->ind[k] = STMT_INDICATOR_NULL;
			b->len[k] = 0;
			continue;
		}
		n = my_value_text(&row[i], tmp, sizeof(tmp), &s);
		if (arena_put(b, s, n))
			return -1;
		b->len[k] = (unsigned long)n;
	}
	b->n++;
	return 0;
}

static int flush(dba_conn *c, MYSQL_STMT *st, batch *b, const char *what, dba_error *err)
{
	unsigned int size = b->n;

	if (!b->n)
		return 0;
	for (uint32_t i = 0; i < b->ncols; i++)
		for (unsigned r = 0; r < b->n; r++) {
			size_t k = (size_t)i * BATCH_ROWS + r;

			b->ptr[k] = b->arena + b->off[k];
		}
	if (mysql_stmt_attr_set(st, STMT_ATTR_ARRAY_SIZE, &size) || mysql_stmt_bind_param(st, b->bind) ||
	    my_w_stmt_execute(c, st))
		return my_stmt_error(c, st, what, err);
	b->n = 0;
	b->used = 0;
	/* Outside strict mode the server stores adjusted values with a warning: never silently. */
	return mysql_warning_count(c->my) ? my_warnings_error(c, what, err) : 0;
}

/* INSERT INTO `schema`.`table` (`a`, ...) VALUES (?, CAST(? AS UNSIGNED) for booleans, ...). */
static char *insert_sql(const char *schema, const char *table, const char *const *columns,
			const int32_t *families, uint32_t ncols)
{
	size_t cap = 64 + 2 * strlen(table) + (schema ? 2 * strlen(schema) : 0);
	char *sql, *p;

	for (uint32_t i = 0; i < ncols; i++)
		cap += 2 * strlen(columns[i]) + 32;
	if (!(sql = malloc(cap)))
		return NULL;
	p = sql + sprintf(sql, "INSERT INTO ");
	if (schema) {
		p += my_escape_ident(schema, p, cap - (size_t)(p - sql));
		*p++ = '.';
	}
	p += my_escape_ident(table, p, cap - (size_t)(p - sql));
	*p++ = ' ';
	for (uint32_t i = 0; i < ncols; i++) {
		*p++ = i ? ',' : '(';
		p += my_escape_ident(columns[i], p, cap - (size_t)(p - sql));
	}
	p += sprintf(p, ") VALUES ");
	/* A boolean's "1" as text would be the byte '1' in a BIT column. */
	for (uint32_t i = 0; i < ncols; i++)
		p += sprintf(p, "%s%s", i ? "," : "(", families && families[i] == DBA_FAM_BOOL ? "CAST(? AS UNSIGNED)" : "?");
	strcpy(p, ncols ? ")" : "()");
	return sql;
}

static int batch_init(batch *b, const int32_t *families, uint32_t ncols)
{
	size_t n = (size_t)(ncols ? ncols : 1) * BATCH_ROWS;

	memset(b, 0, sizeof(*b));
	b->ncols = ncols;
	b->ptr = calloc(n, sizeof(*b->ptr));
	b->off = calloc(n, sizeof(*b->off));
	b->len = calloc(n, sizeof(*b->len));
	b->ind = calloc(n, 1);
	b->bind = calloc(ncols ? ncols : 1, sizeof(*b->bind));
	b->cap = BATCH_BYTES + 4096;
	b->arena = malloc(b->cap);
	if (!b->ptr || !b->off || !b->len || !b->ind || !b->bind || !b->arena)
		return -1;
	for (uint32_t i = 0; i < ncols; i++) {
		MYSQL_BIND *m = &b->bind[i];

		m->buffer_type = families && families[i] == DBA_FAM_BINARY ? MYSQL_TYPE_BLOB : MYSQL_TYPE_STRING;
		m->buffer = &b->ptr[(size_t)i * BATCH_ROWS];
		m->length = &b->len[(size_t)i * BATCH_ROWS];
		m->u.indicator = &b->ind[(size_t)i * BATCH_ROWS];
	}
	return 0;
}

static void batch_free(batch *b)
{
	free(b->ptr);
	free(b->off);
	free(b->len);
	free(b->ind);
	free(b->bind);
	free(b->arena);
}

static int load_rows(dba_conn *c, MYSQL_STMT *st, batch *b, dba_value *row, dba_row_source next, void *ud,
		     uint64_t *rows, const char *what, dba_error *err)
{
	for (;;) {
		int rc = next(ud, row, b->ncols, err);

		if (rc < 0) {
			if (!err->err_class)
				err->err_class = DBA_ERR_USAGE;
			return -1;
		}
		if (rc == 0)
			return flush(c, st, b, what, err);
		if (put_row(b, row)) {
			DBA_ERR_SET(err, DBA_ERR_RESOURCE, "out of memory batching rows");
			return -1;
		}
		(*rows)++;
		if ((b->n == BATCH_ROWS || b->used >= BATCH_BYTES) && flush(c, st, b, what, err))
			return -1;
	}
}

int my_array_load(dba_conn *c, const char *schema, const char *table, const char *const *columns,
		  const int32_t *families, uint32_t ncols, dba_row_source next, void *ud, uint64_t *rows,
		  dba_error *err)
{
	char *sql = insert_sql(schema, table, columns, families, ncols), what[300];
	dba_value *row = calloc(ncols ? ncols : 1, sizeof(*row));
	MYSQL_STMT *st = NULL;
	uint64_t n = 0;
	batch b;
	int rc = -1;

	snprintf(what, sizeof(what), "INSERT into `%s`", table);
	if (batch_init(&b, families, ncols) || !sql || !row) {
		DBA_ERR_SET(err, DBA_ERR_RESOURCE, "out of memory");
		goto out;
	}
	if (!(st = mysql_stmt_init(c->my))) {
		my_error(c, what, err);
		goto out;
	}
	my_call_start(c);
	if (my_w_stmt_prepare(c, st, sql, strlen(sql))) {
		my_stmt_error(c, st, what, err);
		goto out;
	}
	rc = load_rows(c, st, &b, row, next, ud, &n, what, err);
out:
	if (st)
		mysql_stmt_close(st);
	if (rows)
		*rows = n;
	batch_free(&b);
	free(row);
	free(sql);
	return rc;
}
#endif
