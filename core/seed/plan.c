/* Planning: the live schema checked against the config, inferred generators, parents-first order. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../drv.h"
#include "../ini.h"
#include "../sig.h"
#include "../gen/check.h"
#include "../gen/choose.h"
#include "prepare.h"
#include "seed.h"
#include "fkgroup.h"
#include "unique.h"

static const dba_column *find_col(const dba_table *m, const char *name)
{
	for (uint32_t i = 0; i < m->ncolumns; i++)
		if (!strcmp(m->columns[i].name, name))
			return &m->columns[i];
	return NULL;
}

static seed_col *add_col(seed_table *t, const char *name)
{
	seed_col *v = realloc(t->cols, (t->ncols + 1) * sizeof(*v));

	if (!v)
		return NULL;
	t->cols = v;
	memset(&v[t->ncols], 0, sizeof(v[0]));
	v[t->ncols].name = strdup(name);
	return &v[t->ncols++];
}

/* FK of m on column col (its part *part of a multi-column one), or NULL. */
static const dba_fkey *fk_of(const dba_table *m, const char *col, uint32_t *part)
{
	for (uint32_t i = 0; i < m->nfkeys; i++)
		for (uint32_t j = 0; j < m->fkeys[i].ncols; j++)
			if (!strcmp(m->fkeys[i].columns[j], col)) {
				*part = j;
				return &m->fkeys[i];
			}
	return NULL;
}

static int describe(target *t, dba_conn *c, seed_table *st, err *e)
{
	dba_error de;

	memset(&de, 0, sizeof(de));
	if (drv_describe(t->drv, c, st->schema, st->name, &st->meta, &de)) {
		if (de.err_class == DBA_ERR_USAGE) {
			err_from_db(e, EXIT_USAGE, &de, NULL);
			err_set(e, EXIT_USAGE, "table \"%s\" ([table] on line %d) does not exist in the target",
				st->display, st->line);
			err_hint(e, "create the schema first, e.g. dbarena query TARGET --file schema.sql");
			return -1;
		}
		return err_from_db(e, EXIT_RUNTIME, &de, "describe");
	}
	st->quoted = target_quote(t, st->schema, st->name);
	return 0;
}

static int add_dep(seed_table *st, seed_table *p)
{
	seed_table **v;

	for (size_t d = 0; d < st->ndeps; d++)
		if (st->deps[d] == p)
			return 0;
	if (!(v = realloc(st->deps, (st->ndeps + 1) * sizeof(*v))))
		return -1;
	st->deps = v;
	v[st->ndeps++] = p;
	return 0;
}

/*
 * The live schema's FKs order the table too when their column has another
 * generator configured (the values are the config's business, the order is
 * the server's: its parents go first).
 */
static int live_deps(seed_cfg *cfg, seed_table *st, err *e)
{
	for (uint32_t i = 0; st->meta && i < st->meta->nfkeys; i++) {
		const dba_fkey *fk = &st->meta->fkeys[i];
		seed_table *p = seed_find_table(cfg, fk->ref_schema, fk->ref_table);

		if (!p)
			p = seed_find_table(cfg, NULL, fk->ref_table);
		if (p && p != st && add_dep(st, p))
			return err_set(e, EXIT_RUNTIME, "out of memory");
	}
	return 0;
}

/* Resolves each FK column: which parent, and how values are drawn. */
static int resolve_fks(seed_cfg *cfg, seed_table *st, err *e)
{
	for (size_t k = 0; k < st->ncols; k++) {
		seed_col *c = &st->cols[k];
		const char *rt, *rc;
		char *sc = NULL, *nm = NULL;
		seed_table *p;

		if (!c->spec || !(rt = gen_spec_fk_table(c->spec)))
			continue;
		rc = gen_spec_fk_column(c->spec);
		{
			/* Split the value as written: the unquoted table may hold quotes and dots. */
			char *qt = NULL, *qc = NULL;
			int bad = ini_split_column(gen_spec_fk_ref(c->spec), &qt, &qc) || ini_split_table(qt, &sc, &nm);

			free(qt);
			free(qc);
			if (bad) {
				free(sc);
				free(nm);
				return err_set(e, EXIT_USAGE, "%s: bad references table \"%s\"", gen_spec_where(c->spec), rt);
			}
		}
		/* The config's name (sc.nm) may also be written as the name only. */
		p = seed_find_table(cfg, sc, nm);
		c->fk.ref_schema = sc ? sc : (p && p->schema ? strdup(p->schema) : NULL);
		c->fk.ref_table = nm;
		c->fk.ref_column = strdup(rc);
		if (p) {
			const dba_column *pc = find_col(p->meta, rc);
			int64_t start, step;
			size_t pi;

			if (!pc) {
				err_set(e, EXIT_USAGE, "%s: foreign_key references %s.%s, but table %s has no column \"%s\"",
					gen_spec_where(c->spec), p->display, rc, p->display, rc);
				return -1;
			}
			c->fk.parent = p;
			c->fk.int_family = pc->family == DBA_FAM_INT;
			for (pi = 0; pi < p->ncols && strcmp(p->cols[pi].name, rc); pi++)
				;
			if (pi < p->ncols && p->cols[pi].spec && gen_spec_sequential(p->cols[pi].spec, &start, &step) == 0) {
				c->fk.kind = p == st ? FK_SELF_SEQ : FK_SEQ;
				c->fk.start = start;
				c->fk.step = step;
			} else {
				c->fk.kind = FK_VALUES;
				if (p == st && c->fk.nullable) {
					/* The keys are not known ahead (identity, serial, uuid, random): no row to point at. */
					c->force_null = 2;
					seed_note(cfg, "self-reference: %s.%s seeded NULL (%s.%s is not sequential in this run)",
						  st->display, c->name, st->display, rc);
				} else if (p == st) {
					err_set(e, EXIT_USAGE, "%s: self-reference %s.%s -> %s is NOT NULL, and the values of %s "
						"are not known before the rows are written", gen_spec_where(c->spec), st->display,
						c->name, rc, rc);
					err_hint(e, "configure [column %s.%s] with generator = sequential, or make %s nullable",
						 st->display, rc, c->name);
					return -1;
				}
			}
			if (p == st)
				st->self_ref = 1;
			else if (add_dep(st, p))
				return err_set(e, EXIT_RUNTIME, "out of memory");
		} else {
			c->fk.kind = FK_VALUES; /* rows already in the parent table */
			c->fk.int_family = c->family == DBA_FAM_INT;
		}
	}
	return 0;
}

static int plan_infer_cols(seed_cfg *cfg, target *t, seed_table *st, const dba_table *m, size_t nconf,
			   const check_set *cs, err *e);

static int check_columns(seed_cfg *cfg, target *t, seed_table *st, err *e)
{
	const dba_table *m = st->meta;
	size_t nconf = st->ncols;

	for (size_t k = 0; k < nconf; k++) {
		seed_col *c = &st->cols[k];
		const dba_column *mc = find_col(m, c->name);

		if (!mc) {
			err_set(e, EXIT_USAGE, "%s:%d: table %s has no column \"%s\"", cfg->path, c->line,
				st->display, c->name);
			return -1;
		}
		if (mc->is_generated) {
			err_set(e, EXIT_USAGE, "%s:%d: column %s.%s is generated by the database and cannot be seeded",
				cfg->path, c->line, st->display, c->name);
			return -1;
		}
		c->family = mc->family;
		c->max_length = mc->max_length;
		c->fk.nullable = mc->nullable;
	}
	/* Columns the config does not name: FKs and NOT NULL without default get generators. */
	check_set *cs = check_set_new(m);
	int rc = plan_infer_cols(cfg, t, st, m, nconf, cs, e);
	check_set_free(cs);
	return rc;
}

/* Whether column i is left to the database (default, identity, generated, nullable). */
static int left_alone(const target *t, const dba_table *m, const check_set *cs, uint32_t i)
{
	const dba_column *mc = &m->columns[i];

	/* A DEFAULT on a key or FK column would repeat one value: generated (unique.c). */
	return mc->is_generated || mc->is_identity ||
	       (mc->has_default && !unique_column_keyed(t, m, mc->name)) ||
	       (mc->nullable && !(cs && check_set_col(cs, i)->not_null));
}

/* A table whose every column would be left to the database (a one-column `version integer
 * DEFAULT 0` table) still needs one written column for a bulk load: its first plain column
 * is generated.  UINT32_MAX when some column is written anyway. */
static uint32_t fill_col(const target *t, const dba_table *m, size_t nconf, const check_set *cs)
{
	uint32_t first = UINT32_MAX;

	if (nconf)
		return UINT32_MAX;
	for (uint32_t i = 0; i < m->ncolumns; i++) {
		if (!left_alone(t, m, cs, i))
			return UINT32_MAX;
		if (first == UINT32_MAX && !m->columns[i].is_generated && !m->columns[i].is_identity)
			first = i;
	}
	return first;
}

/* The inferred columns of one table: NOT NULL (by declaration or by a CHECK) without a default. */
static int plan_infer_cols(seed_cfg *cfg, target *t, seed_table *st, const dba_table *m, size_t nconf,
			   const check_set *cs, err *e)
{
	uint32_t fill = fill_col(t, m, nconf, cs);

	for (uint32_t i = 0; i < m->ncolumns; i++) {
		const dba_column *mc = &m->columns[i];
		const dba_fkey *fk;
		seed_col *c;
		size_t k;
		uint32_t part = 0;
		char desc[512];

		for (k = 0; k < nconf && strcmp(st->cols[k].name, mc->name); k++)
			;
		if (k < nconf || (i != fill && left_alone(t, m, cs, i)))
			continue;
		if (!(c = add_col(st, mc->name)))
			return err_set(e, EXIT_RUNTIME, "out of memory");
		c->inferred = 1;
		c->family = mc->family;
		c->max_length = mc->max_length;
		c->fk.nullable = mc->nullable;
		if ((fk = fk_of(m, mc->name, &part))) {
			char *ref;
			err ignore;

			/* Quoted parts, so names with dots or spaces survive. */
			if (asprintf(&ref, "%s%s%s\"%s\".\"%s\"", fk->ref_schema ? "\"" : "",
				     fk->ref_schema ? fk->ref_schema : "", fk->ref_schema ? "\"." : "",
				     fk->ref_table, fk->ref_columns[part]) < 0)
				return err_set(e, EXIT_RUNTIME, "out of memory");
			memset(&ignore, 0, sizeof(ignore));
			c->spec = gen_spec_new("foreign_key", NULL, 0, &ignore);
			if (!c->spec || gen_spec_set(c->spec, "references", ref, 0, &ignore) ||
			    gen_spec_finish(c->spec, &ignore)) {
				free(ref);
				return err_set(e, EXIT_RUNTIME, "cannot infer a foreign key for %s.%s: %s",
					       st->display, mc->name, ignore.msg);
			}
			free(ref);
		} else if (!(c->spec = choose_infer(m, i))) {
			err_set(e, EXIT_USAGE, "column %s.%s (%s) is NOT NULL without a default, and dbarena cannot "
				"generate values of its type", st->display, mc->name, mc->type_name ? mc->type_name : "?");
			err_hint(e, "add a [column %s.%s] section with a generator, or give the column a default",
				 st->display, mc->name);
			return -1;
		}
		gen_spec_describe(c->spec, desc, sizeof(desc));
		seed_note(cfg, "inferred %s.%s: %s", st->display, mc->name, desc);
	}
	return 0;
}

/* SIGINT/SIGTERM stops planning between tables (a plan of 100,000 tables takes a while). */
static int interrupted(const char *what, err *e)
{
	if (!sig_stop)
		return 0;
	return err_set(e, EXIT_INTERRUPTED, "interrupted while planning (%s); nothing was written", what);
}

/* How a table may load before a parent on a NOT NULL FK cycle (order.c). */
static enum seed_ahead plan_ahead(const target *t, const seed_opts *o)
{
	if (seed_speaks_my_session(t))
		return SEED_AHEAD_CHECKS_OFF;
	if (!seed_speaks_pg_catalog(t))
		return SEED_AHEAD_NONE;
	/* its FKs wait for the end of the run's transaction: one transaction for the whole run */
	return (o->jobs <= 1 && !o->worker) || o->csv_dir ? SEED_AHEAD_SET_ASIDE : SEED_AHEAD_ONE_TX;
}

int seed_plan(seed_cfg *cfg, target *t, dba_conn *c, const seed_opts *o, err *e)
{
	for (size_t i = 0; i < cfg->ntables; i++)
		if (interrupted("reading the tables", e) || describe(t, c, &cfg->tables[i], e))
			return -1;
	for (size_t i = 0; i < cfg->ntables; i++)
		if (interrupted("checking the columns", e) || check_columns(cfg, t, &cfg->tables[i], e))
			return -1;
	for (size_t i = 0; i < cfg->ntables; i++)
		if (interrupted("resolving foreign keys", e) || resolve_fks(cfg, &cfg->tables[i], e) ||
		    live_deps(cfg, &cfg->tables[i], e))
			return -1;
	for (size_t i = 0; i < cfg->ntables; i++)
		fkgroup_plan(&cfg->tables[i]);
	for (size_t i = 0; i < cfg->ntables; i++)
		if (unique_plan(cfg, &cfg->tables[i], t, o->incremental, e))
			return -1;
	if (seed_outside_fks(cfg, t, c, e))
		return -1;
	return seed_order_tables(cfg, plan_ahead(t, o), e);
}

void seed_print_plan(const seed_cfg *cfg, FILE *f)
{
	fprintf(f, "plan: %zu table%s, seed %llu\n", cfg->ntables, cfg->ntables == 1 ? "" : "s",
		(unsigned long long)cfg->global_seed);
	for (size_t i = 0; i < cfg->ntables; i++) {
		const seed_table *t = cfg->order[i];

		fprintf(f, "%zu. %s: %lld rows\n", i + 1, t->display, (long long)t->count);
		for (size_t k = 0; k < t->ncols; k++) {
			char desc[512];

			if (t->cols[k].force_null)
				snprintf(desc, sizeof(desc), "%s", t->cols[k].force_null == 2 ? "NULL (self-reference onto keys not known ahead)" :
					 t->cols[k].force_null == 3 ? "NULL (references an empty table outside the run)" : "NULL (breaks a foreign-key cycle)");
			else
				gen_spec_describe(t->cols[k].spec, desc, sizeof(desc));
			fprintf(f, "   %-24s %s%s\n", t->cols[k].name, desc, t->cols[k].inferred ? "  [inferred]" : "");
		}
		for (uint32_t m = 0; t->meta && m < t->meta->ncolumns; m++) {
			const dba_column *mc = &t->meta->columns[m];
			size_t k;

			for (k = 0; k < t->ncols && strcmp(t->cols[k].name, mc->name); k++)
				;
			if (k == t->ncols)
				fprintf(f, "   %-24s (left to the database: %s)\n", mc->name,
					mc->is_generated ? "generated" : mc->is_identity ? "identity" :
					mc->has_default ? "default" : "NULL");
		}
	}
}
