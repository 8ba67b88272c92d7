/*
 * bulk_load through db-lib's bulk copy from program variables: bcp_init,
 * one bcp_bind per loaded column (bound to the column's ordinal in the
 * table), bcp_colptr/bcp_collen per row, bcp_sendrow, bcp_batch every
 * MS_BCP_BATCH_ROWS rows, bcp_done.
 *
 * Transactions: bulk copy runs on the session's own DBPROCESS, so a
 * transaction opened with tx() covers it, and bcp_batch only ends a batch
 * inside it.  Without one, the load opens its own so that a failure leaves
 * nothing behind.
 *
 * Two db-lib rules shape the code:
 *  - explicit values for an IDENTITY column need the KEEPIDENTITY hint
 *    (bcp_control(BCPKEEPIDENTITY)), the bulk form of SET IDENTITY_INSERT;
 *  - a host value of length 0 means NULL, so an empty string cannot be
 *    bulk copied.  A row holding one ends the current bulk operation, goes
 *    in as an INSERT, and bulk copy starts again: rows keep their order.
 */
#include <errno.h>
#include <iconv.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ms.h"

int ms_bcp_bind_type(int32_t family)
{
	switch (family) {
	case DBA_FAM_INT: return SYBINT8;
	case DBA_FAM_FLOAT: return SYBFLT8;
	case DBA_FAM_BOOL: return SYBBIT;
	default: return SYBVARCHAR; /* db-lib converts text to the column's type */
	}
}

static const char *type_name(int32_t t)
{
	static const char *const names[] = { "NULL", "int64", "double", "decimal", "bool",
					     "text", "timestamp", "date", "uuid" };
	return t >= 0 && t <= DBA_T_UUID ? names[t] : "unknown";
}

static int mismatch(ms_bcp_col *col, const dba_value *v, dba_error *err)
{
	DBA_ERR_SET(err, DBA_ERR_USAGE, "a %s value cannot be bulk copied into a %s column",
		    type_name(v->type),
		    col->bind_type == SYBINT8 ? "integer" : col->bind_type == SYBFLT8 ? "float" : "bit");
	return -1;
}

size_t ms_utf8_to_utf16le(const char *s, size_t len, unsigned char *out, size_t cap)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;
	size_t n = 0;

	while (p < end) {
		uint32_t cp = 0xFFFD;
		size_t k = 1;
		if (p[0] < 0x80) {
			cp = p[0];
		} else if ((p[0] & 0xE0) == 0xC0 && p + 1 < end && (p[1] & 0xC0) == 0x80) {
			cp = ((uint32_t)(p[0] & 0x1F) << 6) | (p[1] & 0x3F);
			k = cp >= 0x80 ? 2 : 1;
			if (k == 1)
				cp = 0xFFFD;
		} else if ((p[0] & 0xF0) == 0xE0 && p + 2 < end && (p[1] & 0xC0) == 0x80 &&
			   (p[2] & 0xC0) == 0x80) {
			cp = ((uint32_t)(p[0] & 0x0F) << 12) | ((uint32_t)(p[1] & 0x3F) << 6) | (p[2] & 0x3F);
			k = 3;
			if (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF)) {
				cp = 0xFFFD;
				k = 1;
			}
		} else if ((p[0] & 0xF8) == 0xF0 && p + 3 < end && (p[1] & 0xC0) == 0x80 &&
			   (p[2] & 0xC0) == 0x80 && (p[3] & 0xC0) == 0x80) {
			cp = ((uint32_t)(p[0] & 0x07) << 18) | ((uint32_t)(p[1] & 0x3F) << 12) |
			     ((uint32_t)(p[2] & 0x3F) << 6) | (p[3] & 0x3F);
			k = 4;
			if (cp < 0x10000 || cp > 0x10FFFF) {
				cp = 0xFFFD;
				k = 1;
			}
		}
		p += k;
		uint16_t units[2];
		int nu = 1;
		if (cp >= 0x10000) {
			cp -= 0x10000;
			units[0] = (uint16_t)(0xD800 | (cp >> 10));
			units[1] = (uint16_t)(0xDC00 | (cp & 0x3FF));
			nu = 2;
		} else {
			units[0] = (uint16_t)cp;
		}
		for (int u = 0; u < nu; u++) {
			if (n + 2 <= cap) {
				out[n] = (unsigned char)(units[u] & 0xFF);
				out[n + 1] = (unsigned char)(units[u] >> 8);
			}
			n += 2;
		}
	}
	return n;
}

/* Converts col->ptr/len in place into the column's encoding (see ms_bcp_col). */
static int to_column_encoding(ms_bcp_col *col, dba_error *err)
{
	if (col->wide) {
		size_t need = ms_utf8_to_utf16le((const char *)col->ptr, (size_t)col->len, NULL, 0);
		if (need > col->conv_cap) {
			char *b = realloc(col->conv, need);
			if (!b) {
				DBA_ERR_SET(err, DBA_ERR_RESOURCE, "out of memory");
				return -1;
			}
			col->conv = b;
			col->conv_cap = need;
		}
		ms_utf8_to_utf16le((const char *)col->ptr, (size_t)col->len, (unsigned char *)col->conv,
				   col->conv_cap);
		col->ptr = (const BYTE *)col->conv;
		col->len = (DBINT)need;
		return 0;
	}
	if (!col->cd)
		return 0;
	/* A single-byte code page needs at most one byte per input byte, plus a shift state. */
	size_t need = (size_t)col->len * 4 + 16;
	if (need > col->conv_cap) {
		char *b = realloc(col->conv, need);
		if (!b) {
			DBA_ERR_SET(err, DBA_ERR_RESOURCE, "out of memory");
			return -1;
		}
		col->conv = b;
		col->conv_cap = need;
	}
	char *in = (char *)col->ptr, *out = col->conv;
	size_t inleft = (size_t)col->len, outleft = col->conv_cap;
	iconv((iconv_t)col->cd, NULL, NULL, NULL, NULL);
	if (iconv((iconv_t)col->cd, &in, &inleft, &out, &outleft) == (size_t)-1 ||
	    iconv((iconv_t)col->cd, NULL, NULL, &out, &outleft) == (size_t)-1) {
		DBA_ERR_SET(err, DBA_ERR_USAGE,
			    "text \"%.40s\" cannot be stored in the column's code page (%s)",
			    (const char *)col->ptr, errno == EILSEQ ? "a character is not in it" : "conversion failed");
		snprintf(err->hint, sizeof(err->hint), "use an nvarchar column or a UTF-8 collation");
		return -1;
	}
	col->ptr = (const BYTE *)col->conv;
	col->len = (DBINT)(out - col->conv);
	return 0;
}

int ms_bcp_encode(ms_bcp_col *col, const dba_value *v, dba_error *err)
{
	col->empty_text = 0;
	col->ptr = NULL;
	if (v->type == DBA_T_NULL) {
		col->len = 0;
		return 0;
	}
	switch (col->bind_type) {
	case SYBINT8:
		if (v->type == DBA_T_INT64)
			col->fixed.i64 = v->u.i64;
		else if (v->type == DBA_T_BOOL)
			col->fixed.i64 = v->u.b != 0;
		else
			return mismatch(col, v, err);
		col->ptr = (const BYTE *)&col->fixed.i64;
		col->len = -1;
		return 0;
	case SYBFLT8:
		if (v->type == DBA_T_DOUBLE && isfinite(v->u.f64))
			col->fixed.f64 = v->u.f64;
		else if (v->type == DBA_T_INT64)
			col->fixed.f64 = (double)v->u.i64;
		else
			return mismatch(col, v, err);
		col->ptr = (const BYTE *)&col->fixed.f64;
		col->len = -1;
		return 0;
	case SYBBIT:
		if (v->type == DBA_T_BOOL)
			col->fixed.bit = v->u.b != 0;
		else if (v->type == DBA_T_INT64)
			col->fixed.bit = v->u.i64 != 0;
		else
			return mismatch(col, v, err);
		col->ptr = (const BYTE *)&col->fixed.bit;
		col->len = -1;
		return 0;
	}
	/* Text binding. */
	int n;
	switch (v->type) {
	case DBA_T_INT64:
		n = snprintf(col->text, sizeof(col->text), "%lld", (long long)v->u.i64);
		break;
	case DBA_T_DOUBLE:
		if (!isfinite(v->u.f64)) {
			DBA_ERR_SET(err, DBA_ERR_USAGE, "SQL Server cannot store %g", v->u.f64);
			return -1;
		}
		n = snprintf(col->text, sizeof(col->text), "%.17g", v->u.f64);
		break;
	case DBA_T_BOOL:
		n = snprintf(col->text, sizeof(col->text), "%d", v->u.b != 0);
		break;
	case DBA_T_TIMESTAMP:
		n = ms_format_timestamp(v->u.i64, ' ', col->text, sizeof(col->text));
		break;
	case DBA_T_DATE:
		n = ms_format_date(v->u.i64, col->text, sizeof(col->text));
		break;
	case DBA_T_TEXT:
	case DBA_T_DECIMAL:
	case DBA_T_UUID:
		if (v->len == 0 || !v->u.str) {
			if (v->type != DBA_T_TEXT) {
				DBA_ERR_SET(err, DBA_ERR_USAGE, "an empty %s value", type_name(v->type));
				return -1;
			}
			col->empty_text = 1;
			col->len = 0;
			return 0;
		}
		if (v->len > INT32_MAX) {
			DBA_ERR_SET(err, DBA_ERR_USAGE, "a text value of %u bytes is too long", v->len);
			return -1;
		}
		col->ptr = (const BYTE *)v->u.str;
		col->len = (DBINT)v->len;
		return to_column_encoding(col, err);
	default:
		DBA_ERR_SET(err, DBA_ERR_USAGE, "unknown value type %d", (int)v->type);
		return -1;
	}
	col->ptr = (const BYTE *)col->text;
	col->len = n;
	return to_column_encoding(col, err);
}

/* ---- the load ---- */

struct load {
	dba_conn *c;
	const char *qname;        /* [schema].[table] */
	const char *const *columns;
	const int32_t *families;
	uint32_t ncols;
	int *ordinals;            /* 1-based table column of each loaded column */
	int keep_identity;
	ms_bcp_col *cols;
	int active;               /* between bcp_init and bcp_done */
	uint64_t in_batch;
};

/* How text for this column must be encoded; unicode columns always take text. */
static int set_encoding(ms_bcp_col *col, const char *type, const char *codepage, dba_error *err)
{
	int cp = codepage ? atoi(codepage) : 0;

	if (type && (strcasecmp(type, "nvarchar") == 0 || strcasecmp(type, "nchar") == 0 ||
		     strcasecmp(type, "ntext") == 0)) {
		col->wide = 1;
		col->bind_type = SYBVARCHAR;
		return 0;
	}
	if (cp <= 0 || cp == 65001 || col->bind_type != SYBVARCHAR)
		return 0;
	char name[16];
	snprintf(name, sizeof(name), "CP%d", cp);
	iconv_t cd = iconv_open(name, "UTF-8");
	if (cd == (iconv_t)-1) {
		DBA_ERR_SET(err, DBA_ERR_UNSUPPORTED, "code page %d of a text column is not available here", cp);
		return -1;
	}
	col->cd = cd;
	return 0;
}

/* Table ordinals of the loaded columns, and whether one of them is an identity. */
static int map_columns(struct load *L, const char *schema, const char *table, dba_error *err)
{
	char *sql = NULL, *lit = NULL;
	size_t n = ms_render_nstring(L->qname, strlen(L->qname), NULL, 0);
	ms_rows r;
	int rc = -1;

	if (!(lit = malloc(n + 1))) {
		DBA_ERR_SET(err, DBA_ERR_RESOURCE, "out of memory");
		return -1;
	}
	ms_render_nstring(L->qname, strlen(L->qname), lit, n + 1);
	/* The ordinal counts the columns bcp sees (SELECT * order), not column_id, which has gaps. */
	if (asprintf(&sql,
		     "SELECT c.name, ROW_NUMBER() OVER (ORDER BY c.column_id), c.is_identity, "
		     "TYPE_NAME(c.system_type_id), CAST(COLLATIONPROPERTY(c.collation_name, 'CodePage') AS int) "
		     "FROM sys.columns c WHERE c.object_id = OBJECT_ID(%s) ORDER BY c.column_id",
		     lit) < 0) {
		free(lit);
		DBA_ERR_SET(err, DBA_ERR_RESOURCE, "out of memory");
		return -1;
	}
	free(lit);
	if (ms_query(L->c, sql, &r, err)) {
		free(sql);
		return -1;
	}
	free(sql);
	if (r.nrows == 0) {
		DBA_ERR_SET(err, DBA_ERR_USAGE, "table \"%s%s%s\" does not exist", schema ? schema : "",
			    schema ? "." : "", table);
		goto out;
	}
	for (uint32_t i = 0; i < L->ncols; i++) {
		size_t k;
		for (k = 0; k < r.nrows; k++)
			if (ms_cell(&r, k, 0) && strcmp(ms_cell(&r, k, 0), L->columns[i]) == 0)
				break;
		if (k == r.nrows) {
			DBA_ERR_SET(err, DBA_ERR_USAGE, "column \"%s\" does not exist in table \"%s\"",
				    L->columns[i], table);
			goto out;
		}
		L->ordinals[i] = atoi(ms_cell(&r, k, 1));
		if (ms_cell(&r, k, 2) && atoi(ms_cell(&r, k, 2)))
			L->keep_identity = 1;
		if (set_encoding(&L->cols[i], ms_cell(&r, k, 3), ms_cell(&r, k, 4), err))
			goto out;
	}
	rc = 0;
out:
	ms_rows_free(&r);
	return rc;
}

static int bcp_start(struct load *L, dba_error *err)
{
	DBPROCESS *dbp = L->c->dbp;

	ms_errstate_clear(&L->c->es);
	if (bcp_init(dbp, L->qname, NULL, NULL, DB_IN) == FAIL)
		return ms_fail(L->c, "bcp_init", DBA_ERR_SYNTAX, err);
	if (L->keep_identity && bcp_control(dbp, BCPKEEPIDENTITY, 1) == FAIL)
		return ms_fail(L->c, "bcp_control(BCPKEEPIDENTITY)", DBA_ERR_UNSUPPORTED, err);
	for (uint32_t i = 0; i < L->ncols; i++) {
		ms_bcp_col *col = &L->cols[i];
		int fixed = col->bind_type != SYBVARCHAR;
		BYTE *addr = fixed ? (BYTE *)&col->fixed : (BYTE *)col->text;
		if (bcp_bind(dbp, addr, 0, fixed ? -1 : 0, NULL, 0, col->bind_type, L->ordinals[i]) == FAIL)
			return ms_fail(L->c, "bcp_bind", DBA_ERR_SYNTAX, err);
	}
	L->active = 1;
	L->in_batch = 0;
	return 0;
}

static int bcp_finish(struct load *L, dba_error *err)
{
	L->active = 0;
	if (bcp_done(L->c->dbp) < 0)
		return ms_fail(L->c, "bcp_done", DBA_ERR_SYNTAX, err);
	if (L->c->es.msgno)
		return ms_fail(L->c, "bulk copy", DBA_ERR_SYNTAX, err);
	return 0;
}

/* One row as an INSERT (a row with an empty string). */
static int insert_row(struct load *L, const dba_value *row, dba_error *err)
{
	char *sql = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&sql, &len);
	char small[256];

	if (!f) {
		DBA_ERR_SET(err, DBA_ERR_RESOURCE, "out of memory");
		return -1;
	}
	if (L->keep_identity)
		fprintf(f, "SET IDENTITY_INSERT %s ON; ", L->qname);
	fprintf(f, "INSERT INTO %s (", L->qname);
	for (uint32_t i = 0; i < L->ncols; i++) {
		ms_escape_ident(L->columns[i], small, sizeof(small));
		size_t need = ms_escape_ident(L->columns[i], NULL, 0);
		if (need < sizeof(small)) {
			fprintf(f, "%s%s", i ? ", " : "", small);
		} else {
			char *big = malloc(need + 1);
			if (big) {
				ms_escape_ident(L->columns[i], big, need + 1);
				fprintf(f, "%s%s", i ? ", " : "", big);
				free(big);
			}
		}
	}
	fputs(") VALUES (", f);
	for (uint32_t i = 0; i < L->ncols; i++) {
		size_t need = ms_render_literal(L->c, &row[i], L->families[i], NULL, 0);
		char *lit = malloc(need + 1);
		if (lit) {
			ms_render_literal(L->c, &row[i], L->families[i], lit, need + 1);
			fprintf(f, "%s%s", i ? ", " : "", lit);
			free(lit);
		}
	}
	fputs(")", f);
	if (L->keep_identity)
		fprintf(f, "; SET IDENTITY_INSERT %s OFF", L->qname);
	if (fclose(f)) {
		free(sql);
		DBA_ERR_SET(err, DBA_ERR_RESOURCE, "out of memory");
		return -1;
	}
	int rc = ms_exec(L->c, sql, NULL, NULL, NULL, err);
	free(sql);
	return rc;
}

static int send_row(struct load *L, dba_error *err)
{
	DBPROCESS *dbp = L->c->dbp;

	for (uint32_t i = 0; i < L->ncols; i++) {
		ms_bcp_col *col = &L->cols[i];
		if (col->bind_type == SYBVARCHAR && col->len > 0 &&
		    bcp_colptr(dbp, (BYTE *)col->ptr, L->ordinals[i]) == FAIL)
			return ms_fail(L->c, "bcp_colptr", DBA_ERR_SYNTAX, err);
		if (bcp_collen(dbp, col->len, L->ordinals[i]) == FAIL)
			return ms_fail(L->c, "bcp_collen", DBA_ERR_SYNTAX, err);
	}
	if (bcp_sendrow(dbp) == FAIL)
		return ms_fail(L->c, "bcp_sendrow", DBA_ERR_SYNTAX, err);
	if (++L->in_batch >= MS_BCP_BATCH_ROWS) {
		if (bcp_batch(dbp) < 0)
			return ms_fail(L->c, "bcp_batch", DBA_ERR_SYNTAX, err);
		L->in_batch = 0;
	}
	return 0;
}

int ms_bulk_load(dba_conn *c, const char *schema, const char *table,
		 const char *const *columns, const int32_t *families, uint32_t ncols,
		 dba_row_source next, void *ud, uint64_t *rows, dba_error *err)
{
	struct load L = { .c = c, .columns = columns, .families = families, .ncols = ncols };
	dba_value *row = NULL;
	char *qname = NULL;
	uint64_t sent = 0;
	int own_tx = 0, rc = -1;

	if (rows)
		*rows = 0;
	if (ncols == 0) {
		DBA_ERR_SET(err, DBA_ERR_USAGE, "bulk load into \"%s\" names no columns", table);
		return -1;
	}
	size_t qn = ms_qualified_name(schema, table, NULL, 0);
	if (!(qname = malloc(qn + 1)) || !(L.ordinals = calloc(ncols, sizeof(*L.ordinals))) ||
	    !(L.cols = calloc(ncols, sizeof(*L.cols))) || !(row = calloc(ncols, sizeof(*row)))) {
		DBA_ERR_SET(err, DBA_ERR_RESOURCE, "out of memory");
		goto out;
	}
	ms_qualified_name(schema, table, qname, qn + 1);
	L.qname = qname;
	for (uint32_t i = 0; i < ncols; i++)
		L.cols[i].bind_type = ms_bcp_bind_type(families ? families[i] : DBA_FAM_TEXT);
	if (map_columns(&L, schema, table, err))
		goto out;
	if (!c->in_tx) {
		if (ms_tx(c, DBA_TX_BEGIN, err))
			goto out;
		own_tx = 1;
	}
	for (;;) {
		int got = next(ud, row, ncols, err);
		if (got < 0)
			goto fail;
		if (got == 0)
			break;
		int empty = 0;
		for (uint32_t i = 0; i < ncols; i++) {
			if (ms_bcp_encode(&L.cols[i], &row[i], err))
				goto fail;
			empty |= L.cols[i].empty_text;
		}
		if (empty) {
			if (L.active && bcp_finish(&L, err))
				goto fail;
			if (insert_row(&L, row, err))
				goto fail;
		} else {
			if (!L.active && bcp_start(&L, err))
				goto fail;
			if (send_row(&L, err))
				goto fail;
		}
		sent++;
	}
	if (L.active && bcp_finish(&L, err))
		goto fail;
	if (own_tx) {
		own_tx = 0;
		if (ms_tx(c, DBA_TX_COMMIT, err))
			goto out;
	}
	if (rows)
		*rows = sent;
	rc = 0;
	goto out;
fail:
	/* End the bulk operation so the session is usable; the error stays the first one. */
	if (L.active) {
		L.active = 0;
		bcp_done(c->dbp);
	}
	if (own_tx) {
		dba_error ignored;
		ms_tx(c, DBA_TX_ROLLBACK, &ignored);
	}
out:
	for (uint32_t i = 0; L.cols && i < ncols; i++) {
		if (L.cols[i].cd)
			iconv_close((iconv_t)L.cols[i].cd);
		free(L.cols[i].conv);
	}
	free(qname);
	free(L.ordinals);
	free(L.cols);
	free(row);
	return rc;
}
