/*
 * Identity columns given explicit values: their sequences move past them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pg.h"

/* "schema"."name" or "name", malloc'ed. */
static char *quoted_name(const char *schema, const char *name)
{
	size_t a = schema ? pg_escape_ident(schema, NULL, 0) : 0, b = pg_escape_ident(name, NULL, 0);
	char *q = malloc(a + b + 2);

	if (!q)
		return NULL;
	if (schema) {
		pg_escape_ident(schema, q, a + 1);
		q[a] = '.';
	}
	pg_escape_ident(name, q + (schema ? a + 1 : 0), b + 1);
	return q;
}

int pg_sync_identity(dba_conn *c, const char *schema, const char *table, const char *column,
		     dba_error *err)
{
	const char *params[2];
	char *qt = quoted_name(schema, table), *qc = quoted_name(NULL, column), *seq = NULL, *sql = NULL;
	PGresult *res = NULL;
	int rc = -1;

	if (!qt || !qc) {
		DBA_ERR_SET(err, DBA_ERR_SYNTAX, "out of memory");
		goto out;
	}
	/*
	 * The sequences feeding the column: the one it owns (serial, identity)
	 * and any its DEFAULT names (nextval('s'::regclass) records a dependency).
	 */
	params[0] = qt;
	params[1] = column;
	if (pg_usable(c, err) ||
	    !(res = pg_run(c, PQsendQueryParams(c->pg,
			"SELECT DISTINCT s FROM (SELECT pg_get_serial_sequence($1, $2) AS s UNION "
			"SELECT dep.refobjid::regclass::text FROM pg_attrdef d "
			"JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum "
			"JOIN pg_depend dep ON dep.classid = 'pg_attrdef'::regclass AND dep.objid = d.oid "
			"AND dep.refclassid = 'pg_class'::regclass "
			"JOIN pg_class q ON q.oid = dep.refobjid AND q.relkind = 'S' "
			"WHERE d.adrelid = $1::regclass AND a.attname = $2) x WHERE s IS NOT NULL",
			2, NULL, params, NULL, NULL, 0), err)))
		goto out;
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		pg_error(c, res, "finding the sequences of a column", err);
		goto out;
	}
	for (int i = 0; i < PQntuples(res); i++) {
		PGresult *r2;

		free(seq);
		free(sql);
		sql = NULL;
		seq = strdup(PQgetvalue(res, i, 0)); /* quoted by the server where needed */
		/* Only ever forward: the sequence may already be past what was loaded. */
		if (!seq || asprintf(&sql,
				     "SELECT setval($1::regclass, x.m) FROM (SELECT max(%s)::bigint AS m FROM %s) x, %s s "
				     "WHERE x.m IS NOT NULL AND (x.m > s.last_value OR (x.m = s.last_value AND NOT s.is_called))",
				     qc, qt, seq) < 0) {
			sql = NULL;
			DBA_ERR_SET(err, DBA_ERR_RESOURCE, "out of memory");
			goto out;
		}
		params[0] = seq;
		if (!(r2 = pg_run(c, PQsendQueryParams(c->pg, sql, 1, NULL, params, NULL, NULL, 0), err)))
			goto out;
		if (PQresultStatus(r2) != PGRES_TUPLES_OK) {
			pg_error(c, r2, "moving a sequence that feeds a seeded column", err);
			PQclear(r2);
			goto out;
		}
		PQclear(r2);
	}
	rc = 0;
out:
	PQclear(res);
	free(qt);
	free(qc);
	free(seq);
	free(sql);
	return rc;
}

