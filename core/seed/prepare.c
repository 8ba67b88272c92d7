/*
 * What a seed run checks and clears before it writes a row: tables that
 * must be empty, --truncate (refused when a table outside the config
 * references one it would empty) and where --incremental continues.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../drv.h"
#include "prepare.h"

/* Row callback keeping the first column of the last row as an integer. */
static int first_int(void *ud, int32_t is_header, uint32_t nc, const char *const *nm,
		     const char *const *vals, const uint32_t *lens)
{
	int64_t *v = ud;

	(void)nm;
	(void)lens;
	if (!is_header && nc > 0 && vals[0])
		*v = strtoll(vals[0], NULL, 10);
	return 0;
}

static int count_rows(target *tg, dba_conn *c, seed_table *t, int64_t *n, err *e)
{
	char *sql;
	dba_error de;
	int rc;

	*n = 0;
	if (asprintf(&sql, "SELECT COUNT(*) FROM %s", t->quoted) < 0)
		return err_set(e, EXIT_RUNTIME, "out of memory");
	memset(&de, 0, sizeof(de));
	rc = tg->ops->exec(c, sql, first_int, n, NULL, &de);
	free(sql);
	if (rc)
		return err_from_db(e, EXIT_RUNTIME, &de, t->display);
	return 0;
}

static int max_value(target *tg, dba_conn *c, seed_table *t, const char *col, int64_t *n, int *found, err *e)
{
	char *sql, *qc = target_quote(tg, NULL, col);
	dba_error de;
	int64_t v = INT64_MIN;
	int rc;

	if (!qc || asprintf(&sql, "SELECT MAX(%s) FROM %s", qc, t->quoted) < 0) {
		free(qc);
		return err_set(e, EXIT_RUNTIME, "out of memory");
	}
	free(qc);
	memset(&de, 0, sizeof(de));
	rc = tg->ops->exec(c, sql, first_int, &v, NULL, &de);
	free(sql);
	if (rc)
		return err_from_db(e, EXIT_RUNTIME, &de, t->display);
	*found = v != INT64_MIN;
	*n = v;
	return 0;
}

static int exec_simple(target *tg, dba_conn *c, const char *sql, const char *what, err *e)
{
	dba_error de;

	memset(&de, 0, sizeof(de));
	if (tg->ops->exec(c, sql, NULL, NULL, NULL, &de))
		return err_from_db(e, EXIT_RUNTIME, &de, what);
	return 0;
}

/* Refuses --truncate when a table outside the config references a configured one. */
static int check_outside_refs(seed_cfg *cfg, target *tg, dba_conn *c, err *e)
{
	char **names = NULL;
	dba_error de;

	if (!tg->ops->list_tables)
		return 0;
	memset(&de, 0, sizeof(de));
	if (tg->ops->list_tables(c, &names, &de))
		return err_from_db(e, EXIT_RUNTIME, &de, "listing tables");
	for (size_t i = 0; names && names[i]; i++) {
		char *dot = strrchr(names[i], '.'), *sc = dot ? strndup(names[i], (size_t)(dot - names[i])) : NULL;
		const char *nm = dot ? dot + 1 : names[i];
		dba_table *m = NULL;

		if (seed_find_table(cfg, sc, nm) || drv_describe(tg->drv, c, sc, nm, &m, &de)) {
			free(sc);
			continue;
		}
		for (uint32_t k = 0; k < m->nfkeys; k++) {
			seed_table *p = seed_find_table(cfg, m->fkeys[k].ref_schema, m->fkeys[k].ref_table);

			if (p) {
				err_set(e, EXIT_RUNTIME, "--truncate would empty %s, which table %s (not in the config) references",
					p->display, names[i]);
				err_hint(e, "add %s to the config, or empty the tables yourself", names[i]);
				tg->ops->table_free(m);
				free(sc);
				tg->ops->strv_free(names);
				return -1;
			}
		}
		tg->ops->table_free(m);
		free(sc);
	}
	tg->ops->strv_free(names);
	return 0;
}

/* Empty-table checks, --truncate and --incremental bookkeeping, before any row is written. */
int prepare_tables(seed_cfg *cfg, target *tg, dba_conn *c, const seed_opts *o, err *e)
{
	if (o->csv_dir)
		return 0;
	if (o->truncate && check_outside_refs(cfg, tg, c, e))
		return -1;
	for (size_t i = 0; i < cfg->ntables; i++) {
		seed_table *t = &cfg->tables[i];

		if (count_rows(tg, c, t, &t->existing, e))
			return -1;
		if (t->existing > 0 && !o->truncate && !o->incremental && !o->shared_tables) {
			err_set(e, EXIT_RUNTIME, "table %s already holds %lld rows", t->display, (long long)t->existing);
			err_hint(e, "use --truncate to empty the configured tables first, or --incremental to add rows");
			return -1;
		}
		if (o->incremental && t->existing > 0)
			for (size_t k = 0; k < t->ncols; k++) {
				int64_t start, step, mx = 0;
				int found = 0;

				if (!t->cols[k].spec || gen_spec_sequential(t->cols[k].spec, &start, &step))
					continue;
				if (max_value(tg, c, t, t->cols[k].name, &mx, &found, e))
					return -1;
				/*
				 * Generators add row_offset (the existing row count, which
				 * keeps emails unique) to the row index; aim the first new
				 * value at max + step all the same.
				 */
				if (found && step > 0 && mx >= start)
					gen_spec_set_start(t->cols[k].spec, mx + step - step * t->existing);
			}
	}
	return 0;
}

/*
 * Unlinks a table's nullable self-references before its DELETE: InnoDB checks
 * foreign keys row by row, so deleting a parent row before its children fails
 * there (PostgreSQL checks at the end of the statement).
 */
static int prepare_unlink_self(target *tg, dba_conn *c, seed_table *t, err *e)
{
	for (uint32_t i = 0; t->meta && i < t->meta->nfkeys; i++) {
		const dba_fkey *fk = &t->meta->fkeys[i];
		int nullable = 1;

		if (strcmp(fk->ref_table, t->name) || (fk->ref_schema && t->schema && strcmp(fk->ref_schema, t->schema)))
			continue;
		for (uint32_t k = 0; k < fk->ncols; k++)
			for (uint32_t m = 0; m < t->meta->ncolumns; m++)
				if (!strcmp(t->meta->columns[m].name, fk->columns[k]))
					nullable &= t->meta->columns[m].nullable != 0;
		for (uint32_t k = 0; nullable && k < fk->ncols; k++) {
			char *qc = target_quote(tg, NULL, fk->columns[k]), *sql = NULL;
			int rc = -1;

			if (qc && asprintf(&sql, "UPDATE %s SET %s = NULL WHERE %s IS NOT NULL", t->quoted, qc, qc) >= 0)
				rc = exec_simple(tg, c, sql, t->display, e);
			else
				err_set(e, EXIT_RUNTIME, "out of memory");
			free(qc);
			free(sql);
			if (rc)
				return -1;
		}
	}
	return 0;
}

static int delete_all(seed_cfg *cfg, target *tg, dba_conn *c, err *e)
{
	for (size_t i = cfg->ntables; i-- > 0;) {
		seed_table *t = cfg->order[i];
		char *sql;
		int rc;

		if (t->existing <= 0)
			continue;
		if (prepare_unlink_self(tg, c, t, e))
			return -1;
		if (asprintf(&sql, "DELETE FROM %s", t->quoted) < 0)
			return err_set(e, EXIT_RUNTIME, "out of memory");
		rc = exec_simple(tg, c, sql, t->display, e);
		free(sql);
		if (rc)
			return -1;
		t->existing = 0;
	}
	return 0;
}

/*
 * Children first.  A cycle of NOT NULL foreign keys (a table loaded ahead of
 * its parent, order.c) has no such order: its rows go with
 * foreign_key_checks = 0, as every table referencing them is emptied too
 * (check_outside_refs); the session's value comes back after.  PostgreSQL
 * empties such a cycle with one TRUNCATE (fresh.c).
 */
int prepare_truncate(seed_cfg *cfg, target *tg, dba_conn *c, err *e)
{
	int cycle = 0, rc;
	err re;

	for (size_t i = 0; i < cfg->ntables && seed_speaks_my_session(tg); i++)
		cycle |= cfg->tables[i].ahead != NULL;
	if (!cycle)
		return delete_all(cfg, tg, c, e);
	if (exec_simple(tg, c, "SET @dba_seed_tfc = @@SESSION.foreign_key_checks, SESSION foreign_key_checks = 0",
			"--truncate", e))
		return -1;
	rc = delete_all(cfg, tg, c, e);
	memset(&re, 0, sizeof(re));
	if (exec_simple(tg, c, "SET SESSION foreign_key_checks = @dba_seed_tfc", "--truncate", &re) && !rc) {
		*e = re;
		rc = -1;
	}
	return rc;
}
