/*
 * PostgreSQL: empties the configured tables with one TRUNCATE inside the
 * run's transaction, so that COPY may load them with FREEZE (valid only for
 * a table created or truncated in the same transaction; the driver adds the
 * option when it saw the TRUNCATE).  Used for --truncate and, on tables
 * found empty under an exclusive lock, for a plain run.  Not used when a
 * table outside the run references one of them (TRUNCATE would refuse), or
 * without the TRUNCATE privilege: then --truncate deletes as before.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "prepare.h"

struct sbuf {
	char *p;
	size_t n, cap;
	int oom;
};

static void put(struct sbuf *b, const char *s, size_t len)
{
	if (b->oom)
		return;
	if (b->n + len + 1 > b->cap) {
		size_t nc = (b->cap + len + 1) * 2;
		char *np = realloc(b->p, nc);

		if (!np) {
			b->oom = 1;
			return;
		}
		b->p = np;
		b->cap = nc;
	}
	memcpy(b->p + b->n, s, len);
	b->n += len;
	b->p[b->n] = '\0';
}

static void puts_(struct sbuf *b, const char *s)
{
	put(b, s, strlen(s));
}

char *seed_text_literal(target *tg, dba_conn *c, const char *s)
{
	dba_value v = { .type = DBA_T_TEXT, .len = (uint32_t)strlen(s), .u.str = s };
	size_t need = tg->ops->render_literal(c, &v, DBA_FAM_TEXT, NULL, 0);
	char *q = malloc(need + 1);

	if (q)
		tg->ops->render_literal(c, &v, DBA_FAM_TEXT, q, need + 1);
	return q;
}

static void put_literal(struct sbuf *b, target *tg, dba_conn *c, const char *s)
{
	char *q = seed_text_literal(tg, c, s);

	if (!q) {
		b->oom = 1;
		return;
	}
	puts_(b, q);
	free(q);
}

int seed_first_int(void *ud, int32_t is_header, uint32_t nc, const char *const *nm, const char *const *vals,
		   const uint32_t *lens)
{
	(void)nm;
	(void)lens;
	if (!is_header && nc > 0 && vals[0])
		*(int64_t *)ud = strtoll(vals[0], NULL, 10);
	return 0;
}

static int run(target *tg, dba_conn *c, const char *sql, int64_t *out, const char *what, err *e)
{
	dba_error de;

	memset(&de, 0, sizeof(de));
	if (tg->ops->exec(c, sql, out ? seed_first_int : NULL, out, NULL, &de))
		return err_from_db(e, EXIT_RUNTIME, &de, what);
	return 0;
}

/* Outside references onto the tables, missing TRUNCATE privileges and unknown names: 0 when none. */
static int blockers(seed_cfg *cfg, target *tg, dba_conn *c, int64_t *n, err *e)
{
	struct sbuf b = { 0 };
	int rc;

	puts_(&b, "WITH t(r) AS (SELECT unnest(ARRAY[");
	for (size_t i = 0; i < cfg->ntables; i++) {
		if (i)
			puts_(&b, ", ");
		puts_(&b, "to_regclass(");
		put_literal(&b, tg, c, cfg->tables[i].quoted);
		puts_(&b, ")");
	}
	puts_(&b, "]::regclass[])) SELECT (SELECT count(*) FROM pg_constraint k WHERE k.contype = 'f'"
		  " AND k.confrelid IN (SELECT r FROM t WHERE r IS NOT NULL)"
		  " AND k.conrelid NOT IN (SELECT r FROM t WHERE r IS NOT NULL))"
		  " + (SELECT count(*) FROM t WHERE r IS NULL OR NOT has_table_privilege(r, 'TRUNCATE'))");
	if (b.oom) {
		free(b.p);
		return err_set(e, EXIT_RUNTIME, "out of memory");
	}
	*n = 1;
	rc = run(tg, c, b.p, n, "checking whether TRUNCATE may empty the tables", e);
	free(b.p);
	return rc;
}

int seed_speaks_pg_catalog(const target *tg)
{
	return tg->dialect && tg->dialect->placeholder == DBA_PH_DOLLAR;
}

int seed_speaks_my_session(const target *tg)
{
	return tg->dialect && tg->dialect->placeholder == DBA_PH_QMARK;
}

int seed_fresh(seed_cfg *cfg, target *tg, dba_conn *c, const seed_opts *o, err *e)
{
	struct sbuf list = { 0 }, sql = { 0 };
	int64_t n = 0;
	int rc = -1;

	if (!seed_speaks_pg_catalog(tg) || o->incremental || o->csv_dir || !cfg->ntables)
		return 1;
	if (blockers(cfg, tg, c, &n, e))
		return -1;
	if (n != 0)
		return 1;
	for (size_t i = 0; i < cfg->ntables; i++) {
		if (i)
			puts_(&list, ", ");
		puts_(&list, cfg->tables[i].quoted);
	}
	if (!o->truncate) {
		/* a plain run empties nothing: check the tables are still empty, under the lock TRUNCATE takes */
		puts_(&sql, "LOCK TABLE ");
		puts_(&sql, list.p);
		puts_(&sql, " IN ACCESS EXCLUSIVE MODE");
		if (sql.oom || list.oom) {
			err_set(e, EXIT_RUNTIME, "out of memory");
			goto out;
		}
		if (run(tg, c, sql.p, NULL, "LOCK TABLE", e))
			goto out;
		for (size_t i = 0; i < cfg->ntables; i++) {
			seed_table *t = &cfg->tables[i];
			char *q;
			int64_t rows = 0;
			int r;

			if (asprintf(&q, "SELECT count(*) FROM (SELECT 1 FROM %s LIMIT 1) s", t->quoted) < 0) {
				err_set(e, EXIT_RUNTIME, "out of memory");
				goto out;
			}
			r = run(tg, c, q, &rows, t->display, e);
			free(q);
			if (r)
				goto out;
			if (rows) {
				err_set(e, EXIT_RUNTIME, "table %s gained rows since the run started", t->display);
				err_hint(e, "use --truncate to empty the configured tables first, or --incremental to add rows");
				goto out;
			}
		}
	}
	sql.n = 0;
	puts_(&sql, "TRUNCATE TABLE ");
	puts_(&sql, list.p);
	if (sql.oom || list.oom) {
		err_set(e, EXIT_RUNTIME, "out of memory");
		goto out;
	}
	if (run(tg, c, sql.p, NULL, "TRUNCATE", e))
		goto out;
	for (size_t i = 0; i < cfg->ntables; i++)
		cfg->tables[i].existing = 0;
	rc = 0;
out:
	free(list.p);
	free(sql.p);
	return rc;
}
