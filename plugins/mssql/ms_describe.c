/*
 * describe_table from the catalog views: sys.columns and sys.types for the
 * columns, sys.default_constraints for defaults, the primary key index
 * (sys.indexes is_primary_key) for the key, sys.foreign_keys for references,
 * sys.partitions for the row estimate.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ms.h"

/* The table and everything it points to; t comes first so table_free can cast back. */
struct ms_table {
	dba_table t;
	void **allocs;
	size_t nallocs, cap;
};

static void *keep(struct ms_table *mt, void *p)
{
	if (!p)
		return NULL;
	if (mt->nallocs == mt->cap) {
		size_t cap = mt->cap ? mt->cap * 2 : 32;
		void **a = realloc(mt->allocs, cap * sizeof(*a));
		if (!a) {
			free(p);
			return NULL;
		}
		mt->allocs = a;
		mt->cap = cap;
	}
	mt->allocs[mt->nallocs++] = p;
	return p;
}

static char *keep_str(struct ms_table *mt, const char *s)
{
	return s ? keep(mt, strdup(s)) : NULL;
}

void ms_table_free(dba_table *t)
{
	struct ms_table *mt = (struct ms_table *)t;

	if (!mt)
		return;
	for (size_t i = 0; i < mt->nallocs; i++)
		free(mt->allocs[i]);
	free(mt->allocs);
	free(mt);
}

int32_t ms_family_for_type(const char *tn)
{
	static const struct {
		const char *name;
		int32_t family;
	} map[] = {
		{ "int", DBA_FAM_INT }, { "bigint", DBA_FAM_INT }, { "smallint", DBA_FAM_INT },
		{ "tinyint", DBA_FAM_INT },
		{ "decimal", DBA_FAM_DECIMAL }, { "numeric", DBA_FAM_DECIMAL },
		{ "money", DBA_FAM_DECIMAL }, { "smallmoney", DBA_FAM_DECIMAL },
		{ "float", DBA_FAM_FLOAT }, { "real", DBA_FAM_FLOAT },
		{ "bit", DBA_FAM_BOOL },
		{ "char", DBA_FAM_TEXT }, { "varchar", DBA_FAM_TEXT }, { "nchar", DBA_FAM_TEXT },
		{ "nvarchar", DBA_FAM_TEXT }, { "text", DBA_FAM_TEXT }, { "ntext", DBA_FAM_TEXT },
		{ "sysname", DBA_FAM_TEXT },
		{ "datetime", DBA_FAM_TIMESTAMP }, { "datetime2", DBA_FAM_TIMESTAMP },
		{ "smalldatetime", DBA_FAM_TIMESTAMP }, { "datetimeoffset", DBA_FAM_TIMESTAMP },
		{ "date", DBA_FAM_DATE }, { "time", DBA_FAM_TIME },
		{ "uniqueidentifier", DBA_FAM_UUID },
		{ "varbinary", DBA_FAM_BINARY }, { "binary", DBA_FAM_BINARY },
		{ "image", DBA_FAM_BINARY },
	};

	for (size_t i = 0; tn && i < sizeof(map) / sizeof(map[0]); i++)
		if (strcasecmp(tn, map[i].name) == 0)
			return map[i].family;
	return DBA_FAM_OTHER; /* xml, geography, hierarchyid, sql_variant, rowversion ... */
}

int32_t ms_column_length(const char *tn, int max_length)
{
	int32_t fam = ms_family_for_type(tn);

	if (!tn || (fam != DBA_FAM_TEXT && fam != DBA_FAM_BINARY))
		return -1;
	if (strcasecmp(tn, "text") == 0 || strcasecmp(tn, "ntext") == 0 ||
	    strcasecmp(tn, "image") == 0 || max_length < 0)
		return -1;
	if (strcasecmp(tn, "nchar") == 0 || strcasecmp(tn, "nvarchar") == 0 ||
	    strcasecmp(tn, "sysname") == 0)
		return max_length / 2;
	return max_length;
}

static int num(const char *s)
{
	return s ? atoi(s) : 0;
}

/* The SQL text of an N'...' literal, malloc'ed. */
static char *nlit(const char *s)
{
	size_t n = ms_render_nstring(s, strlen(s), NULL, 0);
	char *b = malloc(n + 1);

	if (b)
		ms_render_nstring(s, strlen(s), b, n + 1);
	return b;
}

static int oom(dba_error *err)
{
	DBA_ERR_SET(err, DBA_ERR_RESOURCE, "out of memory describing a table");
	return -1;
}

/* Resolves the object; 0 found, 1 missing, -1 error.  oid gets the object_id text. */
static int resolve(dba_conn *c, const char *schema, const char *name, char *oid, size_t cap,
		   char **rschema, char **rname, int *is_view, dba_error *err)
{
	char *ls = schema && *schema ? nlit(schema) : strdup("SCHEMA_NAME()");
	char *ln = nlit(name);
	char *sql = NULL;
	ms_rows r;
	int rc = -1;

	if (!ls || !ln)
		goto out;
	if (asprintf(&sql,
		     "SELECT o.object_id, s.name, o.name, o.type FROM sys.objects o "
		     "JOIN sys.schemas s ON s.schema_id = o.schema_id "
		     "WHERE o.object_id = OBJECT_ID(QUOTENAME(%s) + N'.' + QUOTENAME(%s)) "
		     "AND o.type IN ('U', 'V')",
		     ls, ln) < 0) {
		sql = NULL;
		goto out;
	}
	if (ms_query(c, sql, &r, err)) {
		rc = -2;
		goto out;
	}
	if (r.nrows == 0) {
		rc = 1;
	} else {
		snprintf(oid, cap, "%d", num(ms_cell(&r, 0, 0)));
		*rschema = strdup(ms_cell(&r, 0, 1) ? ms_cell(&r, 0, 1) : "");
		*rname = strdup(ms_cell(&r, 0, 2) ? ms_cell(&r, 0, 2) : name);
		*is_view = ms_cell(&r, 0, 3) && ms_cell(&r, 0, 3)[0] == 'V';
		rc = *rschema && *rname ? 0 : -1;
	}
	ms_rows_free(&r);
out:
	free(ls);
	free(ln);
	free(sql);
	if (rc == -1)
		oom(err);
	return rc < 0 ? -1 : rc;
}

static int load_columns(dba_conn *c, struct ms_table *mt, const char *oid, dba_error *err)
{
	char sql[1200];
	ms_rows r;

	snprintf(sql, sizeof(sql),
		 "SELECT c.name, ut.name, COALESCE(bt.name, ut.name), c.max_length, c.precision, "
		 "c.scale, c.is_nullable, c.is_identity, c.is_computed, dc.definition "
		 "FROM sys.columns c "
		 "JOIN sys.types ut ON ut.user_type_id = c.user_type_id "
		 "LEFT JOIN sys.types bt ON bt.user_type_id = c.system_type_id "
		 "LEFT JOIN sys.default_constraints dc "
		 "ON dc.parent_object_id = c.object_id AND dc.parent_column_id = c.column_id "
		 "WHERE c.object_id = %s ORDER BY c.column_id",
		 oid);
	if (ms_query(c, sql, &r, err))
		return -1;
	dba_column *cols = keep(mt, calloc(r.nrows ? r.nrows : 1, sizeof(*cols)));
	if (!cols) {
		ms_rows_free(&r);
		return oom(err);
	}
	for (size_t i = 0; i < r.nrows; i++) {
		dba_column *col = &cols[i];
		const char *base = ms_cell(&r, i, 2);
		int32_t fam = ms_family_for_type(base);

		col->name = keep_str(mt, ms_cell(&r, i, 0));
		col->type_name = keep_str(mt, ms_cell(&r, i, 1));
		if (!col->name || !col->type_name) {
			ms_rows_free(&r);
			return oom(err);
		}
		col->family = fam;
		col->max_length = ms_column_length(base, num(ms_cell(&r, i, 3)));
		col->precision = fam == DBA_FAM_INT || fam == DBA_FAM_DECIMAL ? num(ms_cell(&r, i, 4)) : -1;
		col->scale = fam == DBA_FAM_INT || fam == DBA_FAM_DECIMAL ? num(ms_cell(&r, i, 5)) : -1;
		col->nullable = num(ms_cell(&r, i, 6)) != 0;
		col->is_identity = num(ms_cell(&r, i, 7)) != 0;
		/* rowversion is written by the server, like a computed column. */
		col->is_generated = num(ms_cell(&r, i, 8)) != 0 ||
				    (base && strcasecmp(base, "timestamp") == 0);
		if (ms_cell(&r, i, 9)) {
			col->has_default = 1;
			if (!(col->default_expr = keep_str(mt, ms_cell(&r, i, 9)))) {
				ms_rows_free(&r);
				return oom(err);
			}
		}
	}
	mt->t.columns = cols;
	mt->t.ncolumns = (uint32_t)r.nrows;
	ms_rows_free(&r);
	return 0;
}

static int load_pk(dba_conn *c, struct ms_table *mt, const char *oid, dba_error *err)
{
	char sql[800];
	ms_rows r;

	snprintf(sql, sizeof(sql),
		 "SELECT c.name FROM sys.indexes i "
		 "JOIN sys.index_columns ic ON ic.object_id = i.object_id AND ic.index_id = i.index_id "
		 "JOIN sys.columns c ON c.object_id = ic.object_id AND c.column_id = ic.column_id "
		 "WHERE i.object_id = %s AND i.is_primary_key = 1 AND ic.key_ordinal > 0 "
		 "ORDER BY ic.key_ordinal",
		 oid);
	if (ms_query(c, sql, &r, err))
		return -1;
	const char **pk = keep(mt, calloc(r.nrows + 1, sizeof(*pk)));
	if (!pk) {
		ms_rows_free(&r);
		return oom(err);
	}
	for (size_t i = 0; i < r.nrows; i++)
		if (!(pk[i] = keep_str(mt, ms_cell(&r, i, 0)))) {
			ms_rows_free(&r);
			return oom(err);
		}
	mt->t.pk = pk;
	mt->t.npk = (uint32_t)r.nrows;
	ms_rows_free(&r);
	return 0;
}

static int load_fks(dba_conn *c, struct ms_table *mt, const char *oid, dba_error *err)
{
	char sql[1200];
	ms_rows r;

	snprintf(sql, sizeof(sql),
		 "SELECT fk.name, pc.name, rs.name, ro.name, rc.name "
		 "FROM sys.foreign_keys fk "
		 "JOIN sys.foreign_key_columns fkc ON fkc.constraint_object_id = fk.object_id "
		 "JOIN sys.columns pc ON pc.object_id = fkc.parent_object_id "
		 "AND pc.column_id = fkc.parent_column_id "
		 "JOIN sys.objects ro ON ro.object_id = fkc.referenced_object_id "
		 "JOIN sys.schemas rs ON rs.schema_id = ro.schema_id "
		 "JOIN sys.columns rc ON rc.object_id = fkc.referenced_object_id "
		 "AND rc.column_id = fkc.referenced_column_id "
		 "WHERE fk.parent_object_id = %s ORDER BY fk.name, fkc.constraint_column_id",
		 oid);
	if (ms_query(c, sql, &r, err))
		return -1;
	dba_fkey *fks = keep(mt, calloc(r.nrows ? r.nrows : 1, sizeof(*fks)));
	if (!fks) {
		ms_rows_free(&r);
		return oom(err);
	}
	uint32_t nfk = 0;
	for (size_t i = 0; i < r.nrows;) {
		size_t j = i;
		while (j < r.nrows && strcmp(ms_cell(&r, j, 0), ms_cell(&r, i, 0)) == 0)
			j++;
		dba_fkey *fk = &fks[nfk++];
		const char **cols = keep(mt, calloc(j - i, sizeof(*cols)));
		const char **refs = keep(mt, calloc(j - i, sizeof(*refs)));
		fk->name = keep_str(mt, ms_cell(&r, i, 0));
		fk->ref_schema = keep_str(mt, ms_cell(&r, i, 2));
		fk->ref_table = keep_str(mt, ms_cell(&r, i, 3));
		if (!cols || !refs || !fk->name || !fk->ref_schema || !fk->ref_table) {
			ms_rows_free(&r);
			return oom(err);
		}
		for (size_t k = i; k < j; k++) {
			cols[k - i] = keep_str(mt, ms_cell(&r, k, 1));
			refs[k - i] = keep_str(mt, ms_cell(&r, k, 4));
			if (!cols[k - i] || !refs[k - i]) {
				ms_rows_free(&r);
				return oom(err);
			}
		}
		fk->ncols = (uint32_t)(j - i);
		fk->columns = cols;
		fk->ref_columns = refs;
		i = j;
	}
	mt->t.fkeys = fks;
	mt->t.nfkeys = nfk;
	ms_rows_free(&r);
	return 0;
}

/* Unique keys (ABI 1.2): unique indexes and constraints but the primary key; has_filter = partial. */
static int load_uniques(dba_conn *c, struct ms_table *mt, const char *oid, dba_error *err)
{
	char sql[900];
	ms_rows r;

	snprintf(sql, sizeof(sql),
		 "SELECT i.name, c.name, i.has_filter FROM sys.indexes i "
		 "JOIN sys.index_columns ic ON ic.object_id = i.object_id AND ic.index_id = i.index_id "
		 "JOIN sys.columns c ON c.object_id = ic.object_id AND c.column_id = ic.column_id "
		 "WHERE i.object_id = %s AND i.is_unique = 1 AND i.is_primary_key = 0 AND ic.key_ordinal > 0 "
		 "ORDER BY i.name, ic.key_ordinal",
		 oid);
	if (ms_query(c, sql, &r, err))
		return -1;
	dba_unique *u = keep(mt, calloc(r.nrows ? r.nrows : 1, sizeof(*u)));
	const char **cols = keep(mt, calloc(r.nrows ? r.nrows : 1, sizeof(*cols)));
	if (!u || !cols) {
		ms_rows_free(&r);
		return oom(err);
	}
	uint32_t n = 0;
	for (size_t i = 0; i < r.nrows;) {
		size_t j = i;
		while (j < r.nrows && strcmp(ms_cell(&r, j, 0), ms_cell(&r, i, 0)) == 0)
			j++;
		u[n].name = keep_str(mt, ms_cell(&r, i, 0));
		u[n].partial = ms_cell(&r, i, 2) && (ms_cell(&r, i, 2)[0] == '1' || ms_cell(&r, i, 2)[0] == 't');
		u[n].columns = &cols[i];
		for (size_t k = i; k < j; k++)
			if (!(cols[k] = keep_str(mt, ms_cell(&r, k, 1)))) {
				ms_rows_free(&r);
				return oom(err);
			}
		u[n++].ncols = (uint32_t)(j - i);
		i = j;
	}
	mt->t.uniques = u;
	mt->t.nuniques = n;
	mt->t.unique_size = sizeof(dba_unique);
	ms_rows_free(&r);
	return 0;
}

static int load_estimate(dba_conn *c, struct ms_table *mt, const char *oid, dba_error *err)
{
	char sql[300];
	ms_rows r;

	/* Heap (0) or clustered index (1): one count per row, not per index. */
	snprintf(sql, sizeof(sql),
		 "SELECT CAST(SUM(p.rows) AS bigint) FROM sys.partitions p "
		 "WHERE p.object_id = %s AND p.index_id IN (0, 1)",
		 oid);
	if (ms_query(c, sql, &r, err))
		return -1;
	mt->t.estimated_rows = r.nrows && ms_cell(&r, 0, 0) ? strtoll(ms_cell(&r, 0, 0), NULL, 10) : -1;
	ms_rows_free(&r);
	return 0;
}

int ms_describe_table(dba_conn *c, const char *schema, const char *name, dba_table **out,
		      dba_error *err)
{
	struct ms_table *mt = calloc(1, sizeof(*mt));
	char oid[32];
	char *rschema = NULL, *rname = NULL;
	int is_view = 0, rc;

	*out = NULL;
	if (!mt)
		return oom(err);
	rc = resolve(c, schema, name, oid, sizeof(oid), &rschema, &rname, &is_view, err);
	if (rc) {
		if (rc == 1) {
			memset(err, 0, sizeof(*err));
			err->err_class = DBA_ERR_USAGE;
			if (schema && *schema)
				snprintf(err->message, sizeof(err->message),
					 "table \"%s.%s\" does not exist", schema, name);
			else
				snprintf(err->message, sizeof(err->message), "table \"%s\" does not exist",
					 name);
		}
		free(rschema);
		free(rname);
		ms_table_free(&mt->t);
		return -1;
	}
	mt->t.schema = keep(mt, rschema);
	mt->t.name = keep(mt, rname);
	mt->t.estimated_rows = -1;
	if (!mt->t.schema || !mt->t.name) {
		ms_table_free(&mt->t);
		return oom(err);
	}
	if (load_columns(c, mt, oid, err) || load_pk(c, mt, oid, err) ||
	    load_fks(c, mt, oid, err) || load_uniques(c, mt, oid, err) || (!is_view && load_estimate(c, mt, oid, err))) {
		ms_table_free(&mt->t);
		return -1;
	}
	*out = &mt->t;
	return 0;
}

/* Table listing: the catalog beside describe. */
static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int ms_list_tables(dba_conn *c, char ***out, dba_error *err)
{
	ms_rows r;
	char **v;

	*out = NULL;
	if (ms_query(c,
		     "SELECT CASE WHEN s.name = SCHEMA_NAME() THEN t.name ELSE s.name + N'.' + t.name END "
		     "FROM sys.tables t JOIN sys.schemas s ON s.schema_id = t.schema_id "
		     "WHERE t.is_ms_shipped = 0",
		     &r, err))
		return -1;
	if (!(v = calloc(r.nrows + 1, sizeof(*v)))) {
		ms_rows_free(&r);
		DBA_ERR_SET(err, DBA_ERR_RESOURCE, "out of memory");
		return -1;
	}
	size_t n = 0;
	for (size_t i = 0; i < r.nrows; i++)
		if (ms_cell(&r, i, 0)) {
			v[n++] = r.cells[i * r.ncols];
			r.cells[i * r.ncols] = NULL;
		}
	ms_rows_free(&r);
	qsort(v, n, sizeof(*v), cmp_str);
	*out = v;
	return 0;
}

void ms_strv_free(char **v)
{
	if (!v)
		return;
	for (char **p = v; *p; p++)
		free(*p);
	free(v);
}
