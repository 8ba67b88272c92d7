/*
 * An out-of-tree dbarena driver plugin for SQLite, built only against the
 * installed SDK (pkg-config dbarena-plugin).  URL: sqlite:///path/to/file.db
 * (the path after "sqlite://"; a relative path is relative to the current
 * directory: sqlite://./x.db).
 *
 * SQLite has no bulk protocol: bulk_load runs one prepared INSERT per row
 * inside the caller's transaction, which is SQLite's fastest path anyway.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include <dbarena/plugin.h>

struct dba_conn {
	sqlite3 *db;
};

struct dba_stmt {
	sqlite3_stmt *st;
};

static const dba_host *host;

static int sq_fail(dba_conn *c, dba_error *err, const char *what)
{
	int code = c && c->db ? sqlite3_extended_errcode(c->db) : SQLITE_ERROR;
	int cls = DBA_ERR_SYNTAX;

	switch (code & 0xff) {
	case SQLITE_CONSTRAINT: cls = DBA_ERR_CONSTRAINT; break;
	case SQLITE_BUSY: case SQLITE_LOCKED: cls = DBA_ERR_DEADLOCK; break;
	case SQLITE_CANTOPEN: case SQLITE_NOTADB: cls = DBA_ERR_CONNECTION; break;
	case SQLITE_PERM: case SQLITE_READONLY: case SQLITE_AUTH: cls = DBA_ERR_PERMISSION; break;
	case SQLITE_INTERRUPT: cls = DBA_ERR_TIMEOUT; break;
	}
	if (err) {
		memset(err, 0, sizeof(*err));
		err->err_class = cls;
		err->native_code = code;
		snprintf(err->message, sizeof(err->message), "%s%s%s", what ? what : "",
			 what ? ": " : "", c && c->db ? sqlite3_errmsg(c->db) : "out of memory");
	}
	return -1;
}

static int sq_init(const dba_host *h, dba_error *err)
{
	(void)err;
	host = h;
	return 0;
}

static int sq_connect(const dba_conninfo *ci, dba_conn **out, dba_error *err)
{
	char path[4096];
	dba_conn *c = calloc(1, sizeof(*c));

	if (!c) {
		DBA_ERR_SET(err, DBA_ERR_CONNECTION, "out of memory");
		return -1;
	}
	/* sqlite:///tmp/x.db parses as host "" and database "tmp/x.db". */
	if (ci->host && *ci->host)
		snprintf(path, sizeof(path), "%s%s%s", ci->host, ci->database ? "/" : "",
			 ci->database ? ci->database : "");
	else
		snprintf(path, sizeof(path), "/%s", ci->database ? ci->database : "");
	if (sqlite3_open_v2(path, &c->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
			    SQLITE_OPEN_FULLMUTEX, NULL) != SQLITE_OK) {
		sq_fail(c, err, "cannot open SQLite database");
		sqlite3_close(c->db);
		free(c);
		return -1;
	}
	sqlite3_busy_timeout(c->db, 10000);
	sqlite3_exec(c->db, "PRAGMA foreign_keys = ON; PRAGMA journal_mode = WAL;", NULL, NULL, NULL);
	*out = c;
	return 0;
}

static void sq_disconnect(dba_conn *c)
{
	if (!c)
		return;
	sqlite3_close(c->db);
	free(c);
}

static size_t sq_escape_ident(const char *name, char *out, size_t cap)
{
	size_t n = 0;

#define PUT(ch) do { if (n + 1 < cap) out[n] = (ch); n++; } while (0)
	PUT('"');
	for (const char *p = name; *p; p++) {
		if (*p == '"')
			PUT('"');
		PUT(*p);
	}
	PUT('"');
	if (cap)
		out[n < cap ? n : cap - 1] = '\0';
	return n;
}

static size_t sq_render_literal(dba_conn *c, const dba_value *v, int32_t family, char *out, size_t cap)
{
	char tmp[64];
	time_t secs;
	struct tm tm;
	size_t n = 0;

	(void)c; (void)family;
	switch (v->type) {
	case DBA_T_NULL: return (size_t)snprintf(out, cap, "NULL");
	case DBA_T_INT64: return (size_t)snprintf(out, cap, "%lld", (long long)v->u.i64);
	case DBA_T_DOUBLE: return (size_t)snprintf(out, cap, "%.17g", v->u.f64);
	case DBA_T_BOOL: return (size_t)snprintf(out, cap, "%d", v->u.b ? 1 : 0);
	case DBA_T_DECIMAL: return (size_t)snprintf(out, cap, "%.*s", (int)v->len, v->u.str);
	case DBA_T_TIMESTAMP:
		secs = (time_t)(v->u.i64 / 1000000);
		gmtime_r(&secs, &tm);
		strftime(tmp, sizeof(tmp), "%Y-%m-%d %H:%M:%S", &tm);
		return (size_t)snprintf(out, cap, "'%s.%06lld'", tmp, (long long)(v->u.i64 % 1000000));
	case DBA_T_DATE:
		secs = (time_t)(v->u.i64 * 86400);
		gmtime_r(&secs, &tm);
		strftime(tmp, sizeof(tmp), "%Y-%m-%d", &tm);
		return (size_t)snprintf(out, cap, "'%s'", tmp);
	default:
		PUT('\'');
		for (uint32_t i = 0; i < v->len; i++) {
			if (v->u.str[i] == '\'')
				PUT('\'');
			PUT(v->u.str[i]);
		}
		PUT('\'');
		if (cap)
			out[n < cap ? n : cap - 1] = '\0';
		return n;
	}
#undef PUT
}

/* Reads every row of a stepped statement into cb. */
static int sq_rows(dba_conn *c, sqlite3_stmt *st, dba_row_fn cb, void *ud, int64_t *affected,
		   dba_error *err)
{
	int ncols = sqlite3_column_count(st), rc, stop = 0;
	const char *names[256], *vals[256];
	uint32_t lens[256];

	if (ncols > 256)
		ncols = 256;
	for (int i = 0; i < ncols; i++)
		names[i] = sqlite3_column_name(st, i);
	if (cb && ncols > 0)
		stop = cb(ud, 1, (uint32_t)ncols, names, NULL, NULL);
	while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (!cb)
			continue;
		for (int i = 0; i < ncols; i++) {
			vals[i] = sqlite3_column_type(st, i) == SQLITE_NULL ? NULL :
				(const char *)sqlite3_column_text(st, i);
			lens[i] = (uint32_t)sqlite3_column_bytes(st, i);
		}
		stop = cb(ud, 0, (uint32_t)ncols, names, vals, lens);
	}
	if (!stop && rc != SQLITE_DONE)
		return sq_fail(c, err, NULL);
	if (affected)
		*affected = ncols ? -1 : sqlite3_changes(c->db);
	return 0;
}

static int sq_exec(dba_conn *c, const char *sql, dba_row_fn cb, void *ud, int64_t *affected,
		   dba_error *err)
{
	const char *tail = sql;

	while (tail && *tail) {
		sqlite3_stmt *st = NULL;
		int rc;

		if (sqlite3_prepare_v2(c->db, tail, -1, &st, &tail) != SQLITE_OK)
			return sq_fail(c, err, NULL);
		if (!st)
			break; /* only whitespace or comments left */
		rc = sq_rows(c, st, cb, ud, affected, err);
		sqlite3_finalize(st);
		if (rc)
			return -1;
	}
	return 0;
}

static int sq_tx(dba_conn *c, int32_t what, dba_error *err)
{
	const char *sql = what == DBA_TX_BEGIN ? "BEGIN IMMEDIATE" :
		what == DBA_TX_COMMIT ? "COMMIT" : "ROLLBACK";

	return sq_exec(c, sql, NULL, NULL, NULL, err);
}

static int family_of(const char *decl, int32_t *maxlen)
{
	char t[64];
	size_t i;
	const char *paren;

	for (i = 0; decl[i] && i + 1 < sizeof(t); i++)
		t[i] = (char)(decl[i] >= 'A' && decl[i] <= 'Z' ? decl[i] + 32 : decl[i]);
	t[i] = '\0';
	*maxlen = -1;
	if ((paren = strchr(t, '(')))
		*maxlen = atoi(paren + 1);
	if (strstr(t, "bool")) return DBA_FAM_BOOL;
	if (strstr(t, "int")) return DBA_FAM_INT;
	if (strstr(t, "char") || strstr(t, "text") || strstr(t, "clob")) return DBA_FAM_TEXT;
	if (strstr(t, "timestamp") || strstr(t, "datetime")) return DBA_FAM_TIMESTAMP;
	if (strstr(t, "date")) return DBA_FAM_DATE;
	if (strstr(t, "real") || strstr(t, "floa") || strstr(t, "doub")) return DBA_FAM_FLOAT;
	if (strstr(t, "dec") || strstr(t, "num")) return DBA_FAM_DECIMAL;
	if (strstr(t, "uuid")) return DBA_FAM_UUID;
	if (strstr(t, "blob")) return DBA_FAM_BINARY;
	return DBA_FAM_OTHER;
}

/* A dba_table and every string it points to, in one allocation list. */
struct sq_table {
	dba_table t;
	dba_column *cols;
	const char **pk;
	dba_fkey *fks;
	char **strs;
	size_t nstrs;
};

static const char *keep(struct sq_table *st, const char *s)
{
	char **v = realloc(st->strs, (st->nstrs + 1) * sizeof(*v));

	if (!v)
		return "";
	st->strs = v;
	v[st->nstrs] = strdup(s ? s : "");
	return v[st->nstrs++];
}

static void sq_table_free(dba_table *t)
{
	struct sq_table *st = (struct sq_table *)t;

	if (!st)
		return;
	for (size_t i = 0; i < st->nstrs; i++)
		free(st->strs[i]);
	for (uint32_t i = 0; i < st->t.nfkeys; i++) {
		free((void *)st->fks[i].columns);
		free((void *)st->fks[i].ref_columns);
	}
	free(st->strs);
	free(st->cols);
	free(st->pk);
	free(st->fks);
	free(st);
}

static int sq_describe(dba_conn *c, const char *schema, const char *name, dba_table **out,
		       dba_error *err)
{
	struct sq_table *st = calloc(1, sizeof(*st));
	sqlite3_stmt *q = NULL;
	uint32_t npk = 0;

	(void)schema;
	if (!st)
		return sq_fail(NULL, err, "out of memory");
	st->t.name = keep(st, name);
	st->t.column_size = sizeof(dba_column); /* ABI 1.2: the element sizes this plugin was built with */
	st->t.fkey_size = sizeof(dba_fkey);
	st->t.estimated_rows = -1;
	if (sqlite3_prepare_v2(c->db, "SELECT name, type, \"notnull\", dflt_value, pk, hidden "
			       "FROM pragma_table_xinfo(?1) ORDER BY cid", -1, &q, NULL) != SQLITE_OK)
		goto fail;
	sqlite3_bind_text(q, 1, name, -1, SQLITE_TRANSIENT);
	while (sqlite3_step(q) == SQLITE_ROW) {
		dba_column *cols = realloc(st->cols, (st->t.ncolumns + 1) * sizeof(*cols));
		dba_column *col;
		const char *type = (const char *)sqlite3_column_text(q, 1);

		if (!cols)
			goto fail;
		st->cols = cols;
		col = &cols[st->t.ncolumns++];
		memset(col, 0, sizeof(*col));
		col->name = keep(st, (const char *)sqlite3_column_text(q, 0));
		col->type_name = keep(st, type);
		col->family = family_of(type ? type : "", &col->max_length);
		col->precision = col->scale = -1;
		col->nullable = !sqlite3_column_int(q, 2);
		col->has_default = sqlite3_column_type(q, 3) != SQLITE_NULL;
		col->default_expr = col->has_default ? keep(st, (const char *)sqlite3_column_text(q, 3)) : NULL;
		col->is_generated = sqlite3_column_int(q, 5) >= 2;
		/* An INTEGER PRIMARY KEY is the rowid: assigned when omitted. */
		if (sqlite3_column_int(q, 4) == 1 && col->family == DBA_FAM_INT)
			col->is_identity = 1;
		if (sqlite3_column_int(q, 4) > 0)
			npk++;
	}
	sqlite3_finalize(q);
	q = NULL;
	if (st->t.ncolumns == 0) {
		sq_table_free(&st->t);
		if (err) {
			memset(err, 0, sizeof(*err));
			err->err_class = DBA_ERR_USAGE;
			snprintf(err->message, sizeof(err->message), "table \"%s\" does not exist", name);
		}
		return -1;
	}
	if (npk > 1)
		for (uint32_t i = 0; i < st->t.ncolumns; i++)
			st->cols[i].is_identity = 0;
	st->pk = calloc(npk + 1, sizeof(*st->pk));
	if (sqlite3_prepare_v2(c->db, "SELECT name FROM pragma_table_info(?1) WHERE pk > 0 ORDER BY pk",
			       -1, &q, NULL) != SQLITE_OK)
		goto fail;
	sqlite3_bind_text(q, 1, name, -1, SQLITE_TRANSIENT);
	while (sqlite3_step(q) == SQLITE_ROW && st->t.npk < npk)
		st->pk[st->t.npk++] = keep(st, (const char *)sqlite3_column_text(q, 0));
	sqlite3_finalize(q);
	q = NULL;
	if (sqlite3_prepare_v2(c->db, "SELECT id, \"table\", \"from\", \"to\" FROM pragma_foreign_key_list(?1) "
			       "ORDER BY id, seq", -1, &q, NULL) != SQLITE_OK)
		goto fail;
	sqlite3_bind_text(q, 1, name, -1, SQLITE_TRANSIENT);
	for (int last = -1; sqlite3_step(q) == SQLITE_ROW;) {
		int id = sqlite3_column_int(q, 0);
		dba_fkey *fk;
		const char **cols, **refs;

		if (id != last) {
			dba_fkey *fks = realloc(st->fks, (st->t.nfkeys + 1) * sizeof(*fks));

			if (!fks)
				goto fail;
			st->fks = fks;
			fk = &fks[st->t.nfkeys++];
			memset(fk, 0, sizeof(*fk));
			fk->name = keep(st, "");
			fk->ref_table = keep(st, (const char *)sqlite3_column_text(q, 1));
			last = id;
		}
		fk = &st->fks[st->t.nfkeys - 1];
		cols = realloc((void *)fk->columns, (fk->ncols + 1) * sizeof(*cols));
		refs = realloc((void *)fk->ref_columns, (fk->ncols + 1) * sizeof(*refs));
		if (!cols || !refs)
			goto fail;
		cols[fk->ncols] = keep(st, (const char *)sqlite3_column_text(q, 2));
		/* "to" is NULL when the FK names the parent's primary key implicitly. */
		refs[fk->ncols] = keep(st, sqlite3_column_type(q, 3) == SQLITE_NULL ? "rowid" :
				       (const char *)sqlite3_column_text(q, 3));
		fk->columns = cols;
		fk->ref_columns = refs;
		fk->ncols++;
	}
	sqlite3_finalize(q);
	st->t.columns = st->cols;
	st->t.pk = st->pk;
	st->t.fkeys = st->fks;
	*out = &st->t;
	return 0;
fail:
	sq_fail(c, err, "describe");
	sqlite3_finalize(q);
	sq_table_free(&st->t);
	return -1;
}

static int sq_list_tables(dba_conn *c, char ***out, dba_error *err)
{
	sqlite3_stmt *q = NULL;
	char **v = calloc(1, sizeof(*v));
	size_t n = 0;

	if (!v || sqlite3_prepare_v2(c->db, "SELECT name FROM sqlite_master WHERE type = 'table' "
				     "AND name NOT LIKE 'sqlite_%' ORDER BY name", -1, &q, NULL) != SQLITE_OK) {
		free(v);
		return sq_fail(c, err, NULL);
	}
	while (sqlite3_step(q) == SQLITE_ROW) {
		char **nv = realloc(v, (n + 2) * sizeof(*v));

		if (!nv)
			break;
		v = nv;
		v[n++] = strdup((const char *)sqlite3_column_text(q, 0));
		v[n] = NULL;
	}
	sqlite3_finalize(q);
	*out = v;
	return 0;
}

static void sq_strv_free(char **v)
{
	for (size_t i = 0; v && v[i]; i++)
		free(v[i]);
	free(v);
}

static int sq_bind(sqlite3_stmt *st, const dba_value *p, uint32_t n)
{
	char buf[64];

	for (uint32_t i = 0; i < n; i++) {
		int k = (int)i + 1, rc;

		switch (p[i].type) {
		case DBA_T_NULL: rc = sqlite3_bind_null(st, k); break;
		case DBA_T_INT64: rc = sqlite3_bind_int64(st, k, p[i].u.i64); break;
		case DBA_T_DOUBLE: rc = sqlite3_bind_double(st, k, p[i].u.f64); break;
		case DBA_T_BOOL: rc = sqlite3_bind_int(st, k, p[i].u.b != 0); break;
		case DBA_T_TIMESTAMP: case DBA_T_DATE:
			sq_render_literal(NULL, &p[i], 0, buf, sizeof(buf));
			buf[strlen(buf) - 1] = '\0'; /* drop the quotes */
			rc = sqlite3_bind_text(st, k, buf + 1, -1, SQLITE_TRANSIENT);
			break;
		default: rc = sqlite3_bind_text(st, k, p[i].u.str, (int)p[i].len, SQLITE_TRANSIENT); break;
		}
		if (rc != SQLITE_OK)
			return -1;
	}
	return 0;
}

static int sq_bulk_load(dba_conn *c, const char *schema, const char *table,
			const char *const *columns, const int32_t *families, uint32_t ncols,
			dba_row_source next, void *ud, uint64_t *rows, dba_error *err)
{
	size_t cap = 256 + strlen(table) * 2;
	char *sql, *p;
	sqlite3_stmt *st = NULL;
	dba_value *row = calloc(ncols ? ncols : 1, sizeof(*row));
	uint64_t sent = 0;
	int rc = -1, got;

	(void)schema; (void)families;
	for (uint32_t i = 0; i < ncols; i++)
		cap += strlen(columns[i]) * 2 + 8;
	if (!row || !(sql = malloc(cap))) {
		free(row);
		return sq_fail(NULL, err, "out of memory");
	}
	p = sql + sprintf(sql, "INSERT INTO ");
	p += sq_escape_ident(table, p, cap - (size_t)(p - sql));
	p += sprintf(p, " (");
	for (uint32_t i = 0; i < ncols; i++) {
		p += sprintf(p, "%s", i ? ", " : "");
		p += sq_escape_ident(columns[i], p, cap - (size_t)(p - sql));
	}
	p += sprintf(p, ") VALUES (");
	for (uint32_t i = 0; i < ncols; i++)
		p += sprintf(p, "%s?", i ? ", " : "");
	sprintf(p, ")");
	if (sqlite3_prepare_v2(c->db, sql, -1, &st, NULL) != SQLITE_OK) {
		sq_fail(c, err, NULL);
		goto out;
	}
	while ((got = next(ud, row, ncols, err)) == 1) {
		if (sq_bind(st, row, ncols) || sqlite3_step(st) != SQLITE_DONE) {
			sq_fail(c, err, NULL);
			goto out;
		}
		sqlite3_reset(st);
		sent++;
	}
	if (got < 0)
		goto out;
	rc = 0;
out:
	if (rows)
		*rows = sent;
	sqlite3_finalize(st);
	free(sql);
	free(row);
	return rc;
}

static int sq_prepare(dba_conn *c, const char *sql, uint32_t nparams, const int32_t *families,
		      dba_stmt **out, dba_error *err)
{
	dba_stmt *s = calloc(1, sizeof(*s));

	(void)nparams; (void)families;
	if (!s)
		return sq_fail(NULL, err, "out of memory");
	if (sqlite3_prepare_v2(c->db, sql, -1, &s->st, NULL) != SQLITE_OK) {
		free(s);
		return sq_fail(c, err, NULL);
	}
	*out = s;
	return 0;
}

static int sq_execute(dba_conn *c, dba_stmt *s, const dba_value *params, uint32_t nparams,
		      dba_row_fn cb, void *ud, int64_t *affected, dba_error *err)
{
	int rc;

	sqlite3_reset(s->st);
	if (sq_bind(s->st, params, nparams))
		return sq_fail(c, err, NULL);
	rc = sq_rows(c, s->st, cb, ud, affected, err);
	sqlite3_reset(s->st);
	return rc;
}

static void sq_stmt_free(dba_conn *c, dba_stmt *s)
{
	(void)c;
	if (!s)
		return;
	sqlite3_finalize(s->st);
	free(s);
}

static const dba_dialect sq_dialect_v = {
	.size = sizeof(dba_dialect),
	.placeholder = DBA_PH_QMARK,
	.limit_style = DBA_LIMIT_LIMIT,
	.max_insert_rows = 500,
	.now_expr = "CURRENT_TIMESTAMP",
	.true_literal = "1",
	.false_literal = "0",
};

static const dba_dialect *sq_dialect(void) { return &sq_dialect_v; }

static const dba_driver_ops sq_ops = {
	.connect = sq_connect,
	.disconnect = sq_disconnect,
	.escape_ident = sq_escape_ident,
	.render_literal = sq_render_literal,
	.exec = sq_exec,
	.tx = sq_tx,
	.describe_table = sq_describe,
	.table_free = sq_table_free,
	.list_tables = sq_list_tables,
	.strv_free = sq_strv_free,
	.bulk_load = sq_bulk_load,
	.prepare = sq_prepare,
	.execute = sq_execute,
	.stmt_free = sq_stmt_free,
	.dialect = sq_dialect,
};

static const char *const sq_schemes[] = { "sqlite", "sqlite3", NULL };

static const dba_plugin sq_plugin = {
	.magic = DBA_MAGIC,
	.abi_major = DBA_ABI_MAJOR,
	.abi_minor = DBA_ABI_MINOR,
	.size = sizeof(dba_plugin),
	.kind = DBA_KIND_DRIVER,
	.name = "sqlite",
	.version = "0.1.0",
	.description = "SQLite driver (example out-of-tree plugin)",
	.schemes = sq_schemes,
	.package = "dbarena-plugin-sqlite (example)",
	.caps = DBA_CAP_PREPARE | DBA_CAP_TRANSACTIONS,
	.init = sq_init,
	.driver = &sq_ops,
	.driver_ops_size = sizeof(dba_driver_ops),
};

DBA_PLUGIN_ENTRY
{
	return &sq_plugin;
}
