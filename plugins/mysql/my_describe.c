/* describe_table and list_tables from information_schema. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "my.h"

/* A dba_table and everything it points to; strings kept in one list. */
struct my_table {
	dba_table t;
	dba_column *cols;
	const char **pk;
	dba_fkey *fks;
	char **strs;
	size_t nstrs;
	void **ptrs;
	size_t nptrs;
};

static const char *keep(struct my_table *mt, const char *s, size_t len)
{
	char **v = realloc(mt->strs, (mt->nstrs + 1) * sizeof(*v));

	if (!v)
		return "";
	mt->strs = v;
	v[mt->nstrs] = strndup(s ? s : "", s ? len : 0);
	return v[mt->nstrs] ? v[mt->nstrs++] : "";
}

static const char *keeps(struct my_table *mt, const char *s)
{
	return keep(mt, s, s ? strlen(s) : 0);
}

static void *own(struct my_table *mt, void *p)
{
	void **v = realloc(mt->ptrs, (mt->nptrs + 1) * sizeof(*v));

	if (!v)
		return p;
	mt->ptrs = v;
	v[mt->nptrs++] = p;
	return p;
}

void my_table_free(dba_table *t)
{
	struct my_table *mt = (struct my_table *)t;

	if (!mt)
		return;
	for (size_t i = 0; i < mt->nstrs; i++)
		free(mt->strs[i]);
	for (size_t i = 0; i < mt->nptrs; i++)
		free(mt->ptrs[i]);
	free(mt->strs);
	free(mt->ptrs);
	free(mt->cols);
	free(mt->pk);
	free(mt->fks);
	free(mt);
}

/* Escapes s into a quoted SQL string literal ('...'), malloc'ed. */
static char *quote(dba_conn *c, const char *s)
{
	size_t n = strlen(s);
	char *out = malloc(2 * n + 3);

	if (!out)
		return NULL;
	out[0] = '\'';
	n = mysql_real_escape_string(c->my, out + 1, s, (unsigned long)n);
	out[n + 1] = '\'';
	out[n + 2] = '\0';
	return out;
}

static int family_of(const char *data_type, const char *column_type)
{
	const char *t = data_type;

	if (!strcasecmp(t, "tinyint") && !strncasecmp(column_type, "tinyint(1)", 10))
		return DBA_FAM_BOOL;
	if (!strcasecmp(t, "tinyint") || !strcasecmp(t, "smallint") || !strcasecmp(t, "mediumint") ||
	    !strcasecmp(t, "int") || !strcasecmp(t, "integer") || !strcasecmp(t, "bigint") || !strcasecmp(t, "year"))
		return DBA_FAM_INT;
	if (!strcasecmp(t, "decimal") || !strcasecmp(t, "numeric"))
		return DBA_FAM_DECIMAL;
	if (!strcasecmp(t, "float") || !strcasecmp(t, "double") || !strcasecmp(t, "real"))
		return DBA_FAM_FLOAT;
	if (!strcasecmp(t, "bit"))
		return DBA_FAM_BOOL;
	if (strcasestr(t, "char") || strcasestr(t, "text"))
		return DBA_FAM_TEXT;
	if (!strcasecmp(t, "datetime") || !strcasecmp(t, "timestamp"))
		return DBA_FAM_TIMESTAMP;
	if (!strcasecmp(t, "date"))
		return DBA_FAM_DATE;
	if (!strcasecmp(t, "time"))
		return DBA_FAM_TIME;
	if (!strcasecmp(t, "json"))
		return DBA_FAM_JSON;
	if (!strcasecmp(t, "uuid"))
		return DBA_FAM_UUID;
	if (!strcasecmp(t, "enum") || !strcasecmp(t, "set"))
		return DBA_FAM_ENUM;
	if (strcasestr(t, "blob") || strcasestr(t, "binary"))
		return DBA_FAM_BINARY;
	return DBA_FAM_OTHER;
}

/* enum('a','it''s') -> labels */
static void parse_enum(struct my_table *mt, dba_column *col, const char *ct)
{
	const char *p = strchr(ct, '(');
	const char **labels = NULL;
	uint32_t n = 0;
	char *buf = malloc(strlen(ct) + 1);

	if (!p || !buf) {
		free(buf);
		return;
	}
	p++;
	while (*p == '\'') {
		size_t o = 0;
		const char **nl;

		p++;
		while (*p) {
			if (*p == '\'' && p[1] == '\'') {
				buf[o++] = '\'';
				p += 2;
			} else if (*p == '\\' && p[1]) {
				buf[o++] = p[1];
				p += 2;
			} else if (*p == '\'') {
				p++;
				break;
			} else {
				buf[o++] = *p++;
			}
		}
		nl = realloc(labels, (n + 1) * sizeof(*nl));
		if (!nl)
			break;
		labels = nl;
		labels[n++] = keep(mt, buf, o);
		if (*p == ',')
			p++;
	}
	free(buf);
	col->enum_values = own(mt, labels);
	col->n_enum_values = n;
}

/* Rows of a query as a flat array of strings (NULL for SQL NULL), in ncols-wide rows. */
struct grid {
	char **cells;
	size_t nrows;
	uint32_t ncols;
};

static int grid_row(void *ud, int32_t is_header, uint32_t ncols, const char *const *names,
		    const char *const *values, const uint32_t *lengths)
{
	struct grid *g = ud;
	char **v;

	(void)names;
	if (is_header) {
		g->ncols = ncols;
		return 0;
	}
	v = realloc(g->cells, (g->nrows + 1) * ncols * sizeof(*v));
	if (!v)
		return 1;
	g->cells = v;
	for (uint32_t i = 0; i < ncols; i++)
		v[g->nrows * ncols + i] = values[i] ? strndup(values[i], lengths[i]) : NULL;
	g->nrows++;
	return 0;
}

static void grid_free(struct grid *g)
{
	for (size_t i = 0; i < g->nrows * g->ncols; i++)
		free(g->cells[i]);
	free(g->cells);
	memset(g, 0, sizeof(*g));
}

#define CELL(g, r, c) ((g)->cells[(r) * (g)->ncols + (c)])

/* Column r of the information_schema.COLUMNS grid into mt->cols[r]. */
static void fill_column(struct my_table *mt, const struct grid *g, size_t r)
{
	dba_column *col = &mt->cols[r];
	const char *dt = CELL(g, r, 1) ? CELL(g, r, 1) : "", *ct = CELL(g, r, 2) ? CELL(g, r, 2) : "";
	const char *def = CELL(g, r, 7), *extra = CELL(g, r, 8) ? CELL(g, r, 8) : "";

	col->name = keeps(mt, CELL(g, r, 0));
	col->type_name = keeps(mt, ct);
	col->family = family_of(dt, ct);
	col->max_length = CELL(g, r, 3) ? atoi(CELL(g, r, 3)) : -1;
	if (col->family != DBA_FAM_TEXT && col->family != DBA_FAM_BINARY)
		col->max_length = -1;
	col->precision = CELL(g, r, 4) ? atoi(CELL(g, r, 4)) : -1;
	col->scale = CELL(g, r, 5) ? atoi(CELL(g, r, 5)) : -1;
	col->nullable = CELL(g, r, 6) && !strcmp(CELL(g, r, 6), "YES");
	/* MariaDB reports a NULL default as the text NULL. */
	col->has_default = def && strcmp(def, "NULL") != 0;
	col->default_expr = col->has_default ? keeps(mt, def) : NULL;
	col->is_identity = strcasestr(extra, "auto_increment") != NULL;
	col->is_generated = strcasestr(extra, "GENERATED") != NULL || strcasestr(extra, "VIRTUAL") != NULL ||
			    strcasestr(extra, "PERSISTENT") != NULL;
	if (col->is_generated)
		col->has_default = 0;
	if (col->family == DBA_FAM_ENUM)
		parse_enum(mt, col, ct);
}

/* One row of the foreign-key grid (one per column, in key order): a new key or the next column of the last. */
static void add_fk_row(struct my_table *mt, const struct grid *g, size_t r)
{
	dba_fkey *fk = mt->t.nfkeys ? &mt->fks[mt->t.nfkeys - 1] : NULL;
	const char **cols, **refs;

	if (!fk || strcmp(fk->name, CELL(g, r, 0))) {
		fk = &mt->fks[mt->t.nfkeys++];
		fk->name = keeps(mt, CELL(g, r, 0));
		fk->ref_schema = keeps(mt, CELL(g, r, 2));
		fk->ref_table = keeps(mt, CELL(g, r, 3));
		fk->columns = own(mt, calloc(g->nrows, sizeof(char *)));
		fk->ref_columns = own(mt, calloc(g->nrows, sizeof(char *)));
	}
	cols = (const char **)fk->columns;
	refs = (const char **)fk->ref_columns;
	cols[fk->ncols] = keeps(mt, CELL(g, r, 1));
	refs[fk->ncols] = keeps(mt, CELL(g, r, 4));
	fk->ncols++;
}

/*
 * CHECK constraints (ABI 1.2): MariaDB names the table in CHECK_CONSTRAINTS,
 * MySQL 8 through TABLE_CONSTRAINTS; a server without either has none.
 */
static int fill_checks(dba_conn *c, struct my_table *mt, const char *qs, const char *qn, dba_error *err)
{
	struct grid g = { 0 };
	char *sql = NULL;
	dba_check *ck;
	dba_error ignore;
	char *part = NULL;
	int has_part = 0;

	if (asprintf(&sql, "SELECT CONSTRAINT_NAME, CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS "
		     "WHERE CONSTRAINT_SCHEMA = %s AND TABLE_NAME = %s ORDER BY CONSTRAINT_NAME", qs, qn) < 0)
		goto oom;
	memset(&ignore, 0, sizeof(ignore));
	if (my_exec(c, sql, grid_row, &g, NULL, &ignore)) {
		grid_free(&g);
		free(sql);
		if (asprintf(&sql, "SELECT cc.CONSTRAINT_NAME, cc.CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS cc "
			     "JOIN information_schema.TABLE_CONSTRAINTS tc ON tc.CONSTRAINT_SCHEMA = cc.CONSTRAINT_SCHEMA "
			     "AND tc.CONSTRAINT_NAME = cc.CONSTRAINT_NAME WHERE tc.CONSTRAINT_TYPE = 'CHECK' "
			     "AND tc.TABLE_SCHEMA = %s AND tc.TABLE_NAME = %s ORDER BY cc.CONSTRAINT_NAME", qs, qn) < 0)
			goto oom;
		memset(&ignore, 0, sizeof(ignore));
		if (my_exec(c, sql, grid_row, &g, NULL, &ignore))
			grid_free(&g);
	}
	free(sql);
	/* A partitioned table's bounds read as one more CHECK (my_partition.c). */
	part = my_partition_check(c, qs, qn);
	if (!(ck = own(mt, calloc(g.nrows + 1, sizeof(*ck)))))
		goto oom;
	for (size_t r = 0; r < g.nrows; r++) {
		ck[r].name = keeps(mt, CELL(&g, r, 0));
		ck[r].expr = keeps(mt, CELL(&g, r, 1));
	}
	if (part) {
		ck[g.nrows].name = "partition bounds";
		ck[g.nrows].expr = keeps(mt, part);
		free(part);
		part = NULL;
		has_part = 1;
	}
	mt->t.checks = ck;
	mt->t.nchecks = (uint32_t)g.nrows + (uint32_t)has_part;
	mt->t.check_size = sizeof(dba_check);
	grid_free(&g);
	return 0;
oom:
	free(part);
	grid_free(&g);
	DBA_ERR_SET(err, DBA_ERR_RESOURCE, "out of memory");
	return -1;
}

/* Unique keys (ABI 1.2): the unique indexes but PRIMARY, one grid row per part in key order. */
static int fill_uniques(dba_conn *c, struct my_table *mt, const char *qs, const char *qn, dba_error *err)
{
	struct grid g = { 0 };
	char *sql = NULL;
	dba_unique *u;
	const char **cols;
	int32_t *pre;

	if (asprintf(&sql, "SELECT INDEX_NAME, COLUMN_NAME, SUB_PART FROM information_schema.STATISTICS "
		     "WHERE TABLE_SCHEMA = %s AND TABLE_NAME = %s AND NON_UNIQUE = 0 AND INDEX_NAME <> 'PRIMARY' "
		     "ORDER BY INDEX_NAME, SEQ_IN_INDEX", qs, qn) < 0) {
		DBA_ERR_SET(err, DBA_ERR_RESOURCE, "out of memory");
		return -1;
	}
	if (my_exec(c, sql, grid_row, &g, NULL, err)) {
		free(sql);
		return -1;
	}
	free(sql);
	u = own(mt, calloc(g.nrows ? g.nrows : 1, sizeof(*u)));
	cols = own(mt, calloc(g.nrows ? g.nrows : 1, sizeof(*cols)));
	pre = own(mt, calloc(g.nrows ? g.nrows : 1, sizeof(*pre)));
	if (!u || !cols || !pre) {
		grid_free(&g);
		DBA_ERR_SET(err, DBA_ERR_RESOURCE, "out of memory");
		return -1;
	}
	mt->t.uniques = u;
	mt->t.unique_size = sizeof(dba_unique);
	for (size_t r = 0; r < g.nrows; r++) {
		dba_unique *k = mt->t.nuniques ? &u[mt->t.nuniques - 1] : NULL;

		if (!k || strcmp(k->name, CELL(&g, r, 0) ? CELL(&g, r, 0) : "")) {
			k = &u[mt->t.nuniques++];
			k->name = keeps(mt, CELL(&g, r, 0));
			k->columns = &cols[r];
			k->prefix = &pre[r];
		}
		if (!CELL(&g, r, 1)) { /* a functional part (MySQL 8) */
			k->expression = 1;
			continue;
		}
		/* a prefix part compares the first SUB_PART characters */
		pre[(size_t)(k->columns - cols) + k->ncols] = CELL(&g, r, 2) ? atoi(CELL(&g, r, 2)) : 0;
		cols[(size_t)(k->columns - cols) + k->ncols] = keeps(mt, CELL(&g, r, 1));
		k->ncols++;
	}
	grid_free(&g);
	return 0;
}

int my_describe_table(dba_conn *c, const char *schema, const char *name, dba_table **out, dba_error *err)
{
	struct my_table *mt = calloc(1, sizeof(*mt));
	struct grid g = { 0 };
	char *qs = NULL, *qn = NULL, *sql = NULL, *db = NULL;
	int rc = -1;

	if (!mt)
		return my_error(NULL, NULL, err);
	qn = quote(c, name);
	if (schema)
		qs = quote(c, schema);
	else if (asprintf(&qs, "DATABASE()") < 0)
		qs = NULL;
	if (!qn || !qs)
		goto oom;
	if (asprintf(&sql, "SELECT COLUMN_NAME, DATA_TYPE, COLUMN_TYPE, CHARACTER_MAXIMUM_LENGTH, NUMERIC_PRECISION, "
		     "NUMERIC_SCALE, IS_NULLABLE, COLUMN_DEFAULT, EXTRA, TABLE_SCHEMA "
		     "FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = %s AND TABLE_NAME = %s "
		     "ORDER BY ORDINAL_POSITION", qs, qn) < 0)
		goto oom;
	if (my_exec(c, sql, grid_row, &g, NULL, err))
		goto out;
	if (g.nrows == 0) {
		memset(err, 0, sizeof(*err));
		err->err_class = DBA_ERR_USAGE;
		snprintf(err->message, sizeof(err->message), "table \"%s%s%s\" does not exist", schema ? schema : "",
			 schema ? "." : "", name);
		goto out;
	}
	mt->cols = calloc(g.nrows, sizeof(*mt->cols));
	if (!mt->cols)
		goto oom;
	db = strdup(CELL(&g, 0, 9) ? CELL(&g, 0, 9) : "");
	for (size_t r = 0; r < g.nrows; r++)
		fill_column(mt, &g, r);
	mt->t.ncolumns = (uint32_t)g.nrows;
	mt->t.schema = keeps(mt, db);
	mt->t.name = keeps(mt, name);
	grid_free(&g);
	free(sql);
	free(qs);
	if (!(qs = quote(c, db)))
		goto oom;

	/* primary key */
	if (asprintf(&sql, "SELECT COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = %s "
		     "AND TABLE_NAME = %s AND CONSTRAINT_NAME = 'PRIMARY' ORDER BY ORDINAL_POSITION", qs, qn) < 0)
		goto oom;
	if (my_exec(c, sql, grid_row, &g, NULL, err))
		goto out;
	mt->pk = calloc(g.nrows + 1, sizeof(*mt->pk));
	for (size_t r = 0; mt->pk && r < g.nrows; r++)
		mt->pk[mt->t.npk++] = keeps(mt, CELL(&g, r, 0));
	grid_free(&g);
	free(sql);

	/* foreign keys, one row per column in key order */
	if (asprintf(&sql, "SELECT CONSTRAINT_NAME, COLUMN_NAME, REFERENCED_TABLE_SCHEMA, REFERENCED_TABLE_NAME, "
		     "REFERENCED_COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = %s "
		     "AND TABLE_NAME = %s AND REFERENCED_TABLE_NAME IS NOT NULL ORDER BY CONSTRAINT_NAME, ORDINAL_POSITION",
		     qs, qn) < 0)
		goto oom;
	if (my_exec(c, sql, grid_row, &g, NULL, err))
		goto out;
	mt->fks = calloc(g.nrows ? g.nrows : 1, sizeof(*mt->fks));
	if (!mt->fks)
		goto oom;
	for (size_t r = 0; r < g.nrows; r++)
		add_fk_row(mt, &g, r);
	grid_free(&g);
	free(sql);

	if (fill_uniques(c, mt, qs, qn, err) || fill_checks(c, mt, qs, qn, err))
		goto out;
	if (asprintf(&sql, "SELECT TABLE_ROWS FROM information_schema.TABLES WHERE TABLE_SCHEMA = %s AND TABLE_NAME = %s",
		     qs, qn) < 0)
		goto oom;
	if (my_exec(c, sql, grid_row, &g, NULL, err))
		goto out;
	mt->t.estimated_rows = g.nrows && CELL(&g, 0, 0) ? atoll(CELL(&g, 0, 0)) : -1;
	grid_free(&g);
	mt->t.columns = mt->cols;
	mt->t.pk = mt->pk;
	mt->t.fkeys = mt->fks;
	*out = &mt->t;
	mt = NULL;
	rc = 0;
	goto out;
oom:
	DBA_ERR_SET(err, DBA_ERR_RESOURCE, "out of memory");
out:
	grid_free(&g);
	my_table_free(mt ? &mt->t : NULL);
	free(sql);
	free(qs);
	free(qn);
	free(db);
	return rc;
}

int my_list_tables(dba_conn *c, char ***out, dba_error *err)
{
	struct grid g = { 0 };
	char **v;

	if (my_exec(c, "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() "
		       "AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME", grid_row, &g, NULL, err))
		return -1;
	v = calloc(g.nrows + 1, sizeof(*v));
	if (!v) {
		grid_free(&g);
		DBA_ERR_SET(err, DBA_ERR_RESOURCE, "out of memory");
		return -1;
	}
	for (size_t r = 0; r < g.nrows; r++) {
		v[r] = CELL(&g, r, 0);
		CELL(&g, r, 0) = NULL;
	}
	grid_free(&g);
	*out = v;
	return 0;
}

void my_strv_free(char **v)
{
	for (size_t i = 0; v && v[i]; i++)
		free(v[i]);
	free(v);
}
