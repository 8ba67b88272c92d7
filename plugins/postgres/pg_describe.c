/*
 * PostgreSQL driver: describe_table and list_tables from the system catalogs.
 * Names arrive unquoted; quote_ident + to_regclass resolve them exactly as
 * stored (mixed case, spaces), through the search path when no schema is given.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pg.h"

/* The table plus every block it owns, so table_free releases them in one place. */
typedef struct pg_table {
	dba_table t; /* first: the caller sees a dba_table */
	void **blocks;
	size_t nblocks, capblocks;
} pg_table;

static void *keep(pg_table *pt, void *p)
{
	if (!p)
		return NULL;
	if (pt->nblocks == pt->capblocks) {
		size_t cap = pt->capblocks ? pt->capblocks * 2 : 32;
		void **nb = realloc(pt->blocks, cap * sizeof *nb);
		if (!nb) {
			free(p);
			return NULL;
		}
		pt->blocks = nb;
		pt->capblocks = cap;
	}
	pt->blocks[pt->nblocks++] = p;
	return p;
}

static char *kdup(pg_table *pt, const char *s)
{
	return s ? keep(pt, strdup(s)) : NULL;
}

void pg_table_free(dba_table *t)
{
	pg_table *pt = (pg_table *)t;
	if (!pt)
		return;
	for (size_t i = 0; i < pt->nblocks; i++)
		free(pt->blocks[i]);
	free(pt->blocks);
	free(pt);
}

static PGresult *query(dba_conn *c, const char *sql, int n, const char *const *params,
		       dba_error *err)
{
	PGresult *res;

	/* Through pg_run: a statement timeout bounds the catalog reads too. */
	if (pg_usable(c, err) || !(res = pg_run(c, PQsendQueryParams(c->pg, sql, n, NULL, params, NULL, NULL, 0), err)))
		return NULL;
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		pg_error(c, res, "reading the catalog", err);
		PQclear(res);
		return NULL;
	}
	return res;
}

static const char *SQL_RESOLVE =
	"SELECT c.oid, n.nspname, c.relname, c.reltuples::float8"
	" FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
	" WHERE c.oid = pg_catalog.to_regclass(CASE WHEN $1::text IS NULL"
	"   THEN pg_catalog.quote_ident($2::text)"
	"   ELSE pg_catalog.quote_ident($1::text) || '.' || pg_catalog.quote_ident($2::text) END)"
	" AND c.relkind IN ('r', 'p', 'v', 'm', 'f')";

static const char *SQL_COLUMNS =
	"SELECT a.attname, pg_catalog.format_type(a.atttypid, NULL), bt.typname, bt.typtype,"
	" CASE WHEN t.typtype = 'd' THEN t.typtypmod ELSE a.atttypmod END,"
	" NOT a.attnotnull AND NOT (t.typtype = 'd' AND t.typnotnull),"
	" pg_catalog.pg_get_expr(d.adbin, d.adrelid), a.attidentity, a.attgenerated, bt.oid"
	" FROM pg_catalog.pg_attribute a"
	" JOIN pg_catalog.pg_type t ON t.oid = a.atttypid"
	" JOIN pg_catalog.pg_type bt ON bt.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END"
	" LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
	" WHERE a.attrelid = $1 AND a.attnum > 0 AND NOT a.attisdropped"
	" ORDER BY a.attnum";

static const char *SQL_ENUM =
	"SELECT enumlabel FROM pg_catalog.pg_enum WHERE enumtypid = $1 ORDER BY enumsortorder";

static const char *SQL_PK =
	"SELECT a.attname FROM pg_catalog.pg_index i"
	" CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)"
	" JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum"
	" WHERE i.indrelid = $1 AND i.indisprimary ORDER BY k.ord";

/*
 * The table's foreign keys, and those declared on its partitions alone (at
 * any depth; pagila's payment has them only on some months): a row routed to
 * such a partition must satisfy them, so they count as the table's.  Keys a
 * partition inherited from its parent (conparentid) are the parent's; one
 * declared alike on many partitions is listed once, under its first name.
 */
static const char *SQL_FK =
	"WITH RECURSIVE parts(oid) AS (SELECT $1::oid UNION ALL"
	"  SELECT i.inhrelid FROM pg_catalog.pg_inherits i JOIN parts p ON i.inhparent = p.oid"
	"  JOIN pg_catalog.pg_class pc ON pc.oid = i.inhrelid AND pc.relispartition),"
	" fk AS (SELECT con.oid, con.conname, con.conrelid, con.confrelid, con.conkey, con.confkey,"
	"  con.conrelid = $1::oid AS own,"
	"  (SELECT string_agg(quote_ident(a.attname), ',' ORDER BY k.ord)"
	"   FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)"
	"   JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum)"
	"  || '>' || con.confrelid::text || ':' || array_to_string(con.confkey, ',') AS sig"
	"  FROM pg_catalog.pg_constraint con JOIN parts p ON p.oid = con.conrelid"
	"  WHERE con.contype = 'f' AND (con.conrelid = $1::oid OR con.conparentid = 0)),"
	" pick AS (SELECT DISTINCT ON (sig) * FROM fk ORDER BY sig, own DESC, conname COLLATE \"C\", oid)"
	"SELECT con.conname, rn.nspname, rc.relname, a.attname, ra.attname, con.oid"
	" FROM pick con"
	" JOIN pg_catalog.pg_class rc ON rc.oid = con.confrelid"
	" JOIN pg_catalog.pg_namespace rn ON rn.oid = rc.relnamespace"
	" CROSS JOIN LATERAL unnest(con.conkey, con.confkey) WITH ORDINALITY AS k(attnum, rattnum, ord)"
	" JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum"
	" JOIN pg_catalog.pg_attribute ra ON ra.attrelid = con.confrelid AND ra.attnum = k.rattnum"
	" ORDER BY con.conname COLLATE \"C\", con.oid, k.ord";

static int family_of(const char *typname, char typtype)
{
	static const struct {
		const char *name;
		int fam;
	} map[] = {
		{ "int2", DBA_FAM_INT },	    { "int4", DBA_FAM_INT },
		{ "int8", DBA_FAM_INT },	    { "numeric", DBA_FAM_DECIMAL },
		{ "money", DBA_FAM_DECIMAL },	    { "float4", DBA_FAM_FLOAT },
		{ "float8", DBA_FAM_FLOAT },	    { "bool", DBA_FAM_BOOL },
		{ "text", DBA_FAM_TEXT },	    { "varchar", DBA_FAM_TEXT },
		{ "bpchar", DBA_FAM_TEXT },	    { "citext", DBA_FAM_TEXT },
		{ "name", DBA_FAM_TEXT },	    { "timestamp", DBA_FAM_TIMESTAMP },
		{ "timestamptz", DBA_FAM_TIMESTAMP }, { "date", DBA_FAM_DATE },
		{ "time", DBA_FAM_TIME },	    { "timetz", DBA_FAM_TIME },
		{ "uuid", DBA_FAM_UUID },	    { "json", DBA_FAM_JSON },
		{ "jsonb", DBA_FAM_JSON },	    { "bytea", DBA_FAM_BINARY },
	};
	if (typtype == 'e')
		return DBA_FAM_ENUM;
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (!strcmp(map[i].name, typname))
			return map[i].fam;
	return DBA_FAM_OTHER;
}

static int fill_column(dba_conn *c, pg_table *pt, dba_column *col, PGresult *res, int r,
		       dba_error *err)
{
	const char *typname = PQgetvalue(res, r, 2);
	char typtype = PQgetvalue(res, r, 3)[0];
	int typmod = atoi(PQgetvalue(res, r, 4));
	const char *def = PQgetisnull(res, r, 6) ? NULL : PQgetvalue(res, r, 6);
	char identity = PQgetvalue(res, r, 7)[0], generated = PQgetvalue(res, r, 8)[0];

	col->name = kdup(pt, PQgetvalue(res, r, 0));
	col->type_name = kdup(pt, PQgetvalue(res, r, 1));
	if (!col->name || !col->type_name)
		goto oom;
	col->family = family_of(typname, typtype);
	col->max_length = -1;
	col->precision = -1;
	col->scale = -1;
	if (!strcmp(typname, "varchar") || !strcmp(typname, "bpchar")) {
		if (typmod >= 4)
			col->max_length = typmod - 4;
	} else if (!strcmp(typname, "numeric")) {
		if (typmod >= 4) {
			col->precision = ((typmod - 4) >> 16) & 0xffff;
			/* scale is an 11-bit signed field since PostgreSQL 15 */
			col->scale = ((((typmod - 4) & 0x7ff) ^ 1024) - 1024);
		}
	} else if (!strcmp(typname, "int2") || !strcmp(typname, "int4") || !strcmp(typname, "int8")) {
		/* decimal digits of the widest value, so callers can size generated numbers */
		col->precision = typname[3] == '2' ? 5 : typname[3] == '4' ? 10 : 19;
		col->scale = 0;
	}
	col->nullable = PQgetvalue(res, r, 5)[0] == 't';
	col->is_generated = generated != 0;
	col->is_identity = identity == 'a' || identity == 'd' || (def && !strncmp(def, "nextval(", 8));
	if (def && !col->is_generated) {
		col->has_default = 1;
		if (!(col->default_expr = kdup(pt, def)))
			goto oom;
	}
	if (col->family == DBA_FAM_ENUM) {
		const char *oid = PQgetvalue(res, r, 9);
		PGresult *er = query(c, SQL_ENUM, 1, &oid, err);
		char **labels;
		int n;
		if (!er)
			return -1;
		n = PQntuples(er);
		labels = keep(pt, calloc((size_t)n + 1, sizeof *labels));
		if (!labels) {
			PQclear(er);
			goto oom;
		}
		for (int i = 0; i < n; i++)
			if (!(labels[i] = kdup(pt, PQgetvalue(er, i, 0)))) {
				PQclear(er);
				goto oom;
			}
		PQclear(er);
		col->enum_values = (const char *const *)labels;
		col->n_enum_values = (uint32_t)n;
	}
	return 0;
oom:
	DBA_ERR_SET(err, DBA_ERR_RESOURCE, "out of memory describing a table");
	return -1;
}

static int fill_fkeys(dba_conn *c, pg_table *pt, const char *oid, dba_error *err)
{
	PGresult *res = query(c, SQL_FK, 1, &oid, err);
	int n, r = 0;
	uint32_t nk = 0;
	dba_fkey *fk;

	if (!res)
		return -1;
	n = PQntuples(res);
	/* rows are grouped by constraint (its oid: partitions may reuse a name); count the groups */
	for (int i = 0; i < n; i++)
		if (i == 0 || strcmp(PQgetvalue(res, i, 5), PQgetvalue(res, i - 1, 5)))
			nk++;
	fk = keep(pt, calloc(nk ? nk : 1, sizeof *fk));
	if (!fk)
		goto oom;
	pt->t.fkeys = fk;
	pt->t.nfkeys = nk;
	for (uint32_t k = 0; k < nk; k++) {
		int start = r;
		while (r < n && !strcmp(PQgetvalue(res, r, 5), PQgetvalue(res, start, 5)))
			r++;
		uint32_t m = (uint32_t)(r - start);
		char **cols = keep(pt, calloc(m, sizeof *cols));
		char **rcols = keep(pt, calloc(m, sizeof *rcols));
		if (!cols || !rcols)
			goto oom;
		fk[k].name = kdup(pt, PQgetvalue(res, start, 0));
		fk[k].ref_schema = kdup(pt, PQgetvalue(res, start, 1));
		fk[k].ref_table = kdup(pt, PQgetvalue(res, start, 2));
		if (!fk[k].name || !fk[k].ref_schema || !fk[k].ref_table)
			goto oom;
		for (uint32_t j = 0; j < m; j++) {
			cols[j] = kdup(pt, PQgetvalue(res, start + (int)j, 3));
			rcols[j] = kdup(pt, PQgetvalue(res, start + (int)j, 4));
			if (!cols[j] || !rcols[j])
				goto oom;
		}
		fk[k].ncols = m;
		fk[k].columns = (const char *const *)cols;
		fk[k].ref_columns = (const char *const *)rcols;
	}
	PQclear(res);
	return 0;
oom:
	PQclear(res);
	DBA_ERR_SET(err, DBA_ERR_RESOURCE, "out of memory describing a table");
	return -1;
}

/* CHECK constraints: the table's own, then the domain CHECKs of its columns (ABI 1.2). */
static const char *SQL_CHECKS =
	"SELECT con.conname, pg_catalog.pg_get_constraintdef(con.oid), NULL::text"
	" FROM pg_catalog.pg_constraint con WHERE con.conrelid = $1 AND con.contype = 'c'"
	" UNION ALL"
	" SELECT con.conname, pg_catalog.pg_get_constraintdef(con.oid), a.attname::text"
	" FROM pg_catalog.pg_attribute a"
	" JOIN pg_catalog.pg_constraint con ON con.contypid = a.atttypid AND con.contype = 'c'"
	" WHERE a.attrelid = $1 AND a.attnum > 0 AND NOT a.attisdropped";

static int fill_checks(dba_conn *c, pg_table *pt, const char *oid, dba_error *err)
{
	PGresult *res;
	dba_check *ck;
	char *part = NULL;
	int n;

	/* A partitioned table's bounds read as one more table CHECK (pg_partition.c). */
	if (pg_partition_check(c, oid, &part, err) || !(res = query(c, SQL_CHECKS, 1, &oid, err))) {
		free(part);
		return -1;
	}
	n = PQntuples(res);
	if (!(ck = keep(pt, calloc((size_t)n + 1, sizeof *ck))) || (part && !keep(pt, part)))
		goto oom;
	if (part) {
		ck[n].name = "partition bounds";
		ck[n].expr = part;
	}
	for (int i = 0; i < n; i++) {
		ck[i].name = kdup(pt, PQgetvalue(res, i, 0));
		ck[i].expr = kdup(pt, PQgetvalue(res, i, 1));
		ck[i].column = PQgetisnull(res, i, 2) ? NULL : kdup(pt, PQgetvalue(res, i, 2));
		if (!ck[i].name || !ck[i].expr || (!PQgetisnull(res, i, 2) && !ck[i].column))
			goto oom;
	}
	pt->t.checks = ck;
	pt->t.nchecks = (uint32_t)n + (part != NULL);
	pt->t.check_size = sizeof(dba_check);
	PQclear(res);
	return 0;
oom:
	PQclear(res);
	DBA_ERR_SET(err, DBA_ERR_RESOURCE, "out of memory describing a table");
	return -1;
}

/*
 * Unique keys (ABI 1.2): unique indexes but the primary key, key columns only
 * (not INCLUDE ones, not the predicate's); an expression part lists the
 * columns whose names it spells.
 */
static const char *SQL_UNIQUE =
	"SELECT ci.relname, i.indpred IS NOT NULL, i.indexprs IS NOT NULL, a.attname"
	" FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class ci ON ci.oid = i.indexrelid"
	" CROSS JOIN LATERAL (SELECT u.attnum, min(u.ord) AS ord FROM ("
	"   SELECT x.attnum, x.ord FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS x(attnum, ord)"
	"   WHERE x.attnum > 0 AND x.ord <= i.indnkeyatts"
	"   UNION ALL SELECT e.attnum, 1000 + x.ord FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS x(attnum, ord)"
	"   JOIN pg_catalog.pg_attribute e ON e.attrelid = i.indrelid AND e.attnum > 0 AND NOT e.attisdropped"
	"   WHERE x.attnum = 0 AND x.ord <= i.indnkeyatts"
	"   AND pg_catalog.pg_get_indexdef(i.indexrelid, x.ord::int, true) ~ ('\\m' || e.attname || '\\M')"
	"   ) u GROUP BY u.attnum) k"
	" JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum"
	" WHERE i.indrelid = $1 AND i.indisunique AND NOT i.indisprimary"
	" ORDER BY ci.relname COLLATE \"C\", ci.oid, k.ord";

static int fill_uniques(dba_conn *c, pg_table *pt, const char *oid, dba_error *err)
{
	PGresult *res = query(c, SQL_UNIQUE, 1, &oid, err);
	int n, r = 0;
	uint32_t nk = 0;
	dba_unique *u;

	if (!res)
		return -1;
	n = PQntuples(res);
	for (int i = 0; i < n; i++)
		if (i == 0 || strcmp(PQgetvalue(res, i, 0), PQgetvalue(res, i - 1, 0)))
			nk++;
	if (!(u = keep(pt, calloc(nk ? nk : 1, sizeof *u))))
		goto oom;
	pt->t.uniques = u;
	pt->t.nuniques = nk;
	pt->t.unique_size = sizeof(dba_unique);
	for (uint32_t k = 0; k < nk; k++) {
		int start = r;
		while (r < n && !strcmp(PQgetvalue(res, r, 0), PQgetvalue(res, start, 0)))
			r++;
		uint32_t m = (uint32_t)(r - start);
		char **cols = keep(pt, calloc(m, sizeof *cols));
		if (!cols || !(u[k].name = kdup(pt, PQgetvalue(res, start, 0))))
			goto oom;
		u[k].partial = PQgetvalue(res, start, 1)[0] == 't';
		u[k].expression = PQgetvalue(res, start, 2)[0] == 't';
		for (uint32_t j = 0; j < m; j++)
			if (!(cols[j] = kdup(pt, PQgetvalue(res, start + (int)j, 3))))
				goto oom;
		u[k].ncols = m;
		u[k].columns = (const char *const *)cols;
	}
	PQclear(res);
	return 0;
oom:
	PQclear(res);
	DBA_ERR_SET(err, DBA_ERR_RESOURCE, "out of memory describing a table");
	return -1;
}

int pg_describe_table(dba_conn *c, const char *schema, const char *name, dba_table **out,
		      dba_error *err)
{
	const char *p[2] = { schema, name };
	PGresult *res = NULL;
	pg_table *pt = calloc(1, sizeof *pt);
	char oid[16];
	dba_column *cols;
	char **pk;
	int n;

	*out = NULL;
	if (!pt) {
		DBA_ERR_SET(err, DBA_ERR_RESOURCE, "out of memory describing a table");
		return -1;
	}
	if (!(res = query(c, SQL_RESOLVE, 2, p, err)))
		goto fail;
	if (PQntuples(res) != 1) {
		memset(err, 0, sizeof *err);
		if (schema)
			DBA_ERR_SET(err, DBA_ERR_USAGE, "table \"%s.%s\" does not exist", schema, name);
		else
			DBA_ERR_SET(err, DBA_ERR_USAGE, "table \"%s\" does not exist", name);
		goto fail;
	}
	snprintf(oid, sizeof oid, "%s", PQgetvalue(res, 0, 0));
	pt->t.schema = kdup(pt, PQgetvalue(res, 0, 1));
	pt->t.name = kdup(pt, PQgetvalue(res, 0, 2));
	{
		/* reltuples is -1 until the first VACUUM / ANALYZE (PostgreSQL 14+) */
		double rt = strtod(PQgetvalue(res, 0, 3), NULL);
		pt->t.estimated_rows = rt < 0 ? -1 : (int64_t)rt;
	}
	PQclear(res);
	res = NULL;
	if (!pt->t.schema || !pt->t.name)
		goto oom;

	const char *op = oid;
	if (!(res = query(c, SQL_COLUMNS, 1, &op, err)))
		goto fail;
	n = PQntuples(res);
	cols = keep(pt, calloc(n ? (size_t)n : 1, sizeof *cols));
	if (!cols)
		goto oom;
	pt->t.columns = cols;
	pt->t.ncolumns = (uint32_t)n;
	for (int i = 0; i < n; i++)
		if (fill_column(c, pt, &cols[i], res, i, err))
			goto fail;
	PQclear(res);

	if (!(res = query(c, SQL_PK, 1, &op, err)))
		goto fail;
	n = PQntuples(res);
	pk = keep(pt, calloc(n ? (size_t)n : 1, sizeof *pk));
	if (!pk)
		goto oom;
	for (int i = 0; i < n; i++)
		if (!(pk[i] = kdup(pt, PQgetvalue(res, i, 0))))
			goto oom;
	pt->t.pk = (const char *const *)pk;
	pt->t.npk = (uint32_t)n;
	PQclear(res);
	res = NULL;

	if (fill_fkeys(c, pt, oid, err) || fill_uniques(c, pt, oid, err) || fill_checks(c, pt, oid, err))
		goto fail;
	*out = &pt->t;
	return 0;
oom:
	DBA_ERR_SET(err, DBA_ERR_RESOURCE, "out of memory describing a table");
fail:
	PQclear(res);
	pg_table_free(&pt->t);
	return -1;
}

static const char *SQL_TABLES =
	"SELECT t FROM (SELECT CASE WHEN n.nspname = pg_catalog.current_schema() THEN c.relname::text"
	"  ELSE n.nspname || '.' || c.relname END AS t"
	" FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
	" WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition"
	" AND n.nspname NOT IN ('pg_catalog', 'information_schema')"
	" AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%'"
	") l ORDER BY t COLLATE \"C\"";

int pg_list_tables(dba_conn *c, char ***out, dba_error *err)
{
	PGresult *res = query(c, SQL_TABLES, 0, NULL, err);
	char **v;
	int n;

	*out = NULL;
	if (!res)
		return -1;
	n = PQntuples(res);
	v = calloc((size_t)n + 1, sizeof *v);
	if (!v)
		goto oom;
	for (int i = 0; i < n; i++)
		if (!(v[i] = strdup(PQgetvalue(res, i, 0)))) {
			pg_strv_free(v);
			goto oom;
		}
	PQclear(res);
	*out = v;
	return 0;
oom:
	PQclear(res);
	DBA_ERR_SET(err, DBA_ERR_RESOURCE, "out of memory listing tables");
	return -1;
}

void pg_strv_free(char **v)
{
	if (!v)
		return;
	for (char **p = v; *p; p++)
		free(*p);
	free(v);
}
