/*
 * Unique keys, planning side: which keys a table has (its primary key and
 * the driver's unique keys, ABI 1.2), how many distinct values each key
 * column can take, and the refusal of a count the key cannot hold, before
 * anything is written.  The row side is in uniqrow.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../drv.h"
#include "unique.h"

static size_t col_index(const seed_table *t, const char *name)
{
	for (size_t k = 0; k < t->ncols; k++)
		if (!strcmp(t->cols[k].name, name))
			return k;
	return (size_t)-1;
}

static const dba_column *meta_col(const dba_table *m, const char *name)
{
	for (uint32_t i = 0; m && i < m->ncolumns; i++)
		if (!strcmp(m->columns[i].name, name))
			return &m->columns[i];
	return NULL;
}

int unique_column_keyed(const target *tg, const dba_table *m, const char *col)
{
	uint32_t nu;
	const dba_unique *u = drv_uniques(tg->drv, m, &nu);

	for (uint32_t i = 0; i < m->npk; i++)
		if (!strcmp(m->pk[i], col))
			return 1;
	for (uint32_t i = 0; i < m->nfkeys; i++)
		for (uint32_t j = 0; j < m->fkeys[i].ncols; j++)
			if (!strcmp(m->fkeys[i].columns[j], col))
				return 1;
	for (uint32_t i = 0; i < nu; i++)
		for (uint32_t j = 0; j < u[i].ncols; j++)
			if (!strcmp(u[i].columns[j], col))
				return 1;
	return 0;
}

/* Largest value of an integer column type, 0 when unknown or unbounded for us (bigint). */
static int64_t type_max(const dba_column *mc)
{
	const char *tn = mc->type_name ? mc->type_name : "";
	int uns = strcasestr(tn, "unsigned") != NULL;

	if (mc->family != DBA_FAM_INT)
		return 0;
	if (!strncasecmp(tn, "tinyint", 7))
		return uns ? 255 : 127;
	if (!strncasecmp(tn, "smallint", 8) || !strncasecmp(tn, "int2", 4))
		return uns ? 65535 : 32767;
	if (!strncasecmp(tn, "mediumint", 9))
		return uns ? 16777215 : 8388607;
	if (!strncasecmp(tn, "integer", 7) || !strcasecmp(tn, "int") || !strncasecmp(tn, "int(", 4) ||
	    !strncasecmp(tn, "int ", 4) || !strcasecmp(tn, "int4"))
		return uns ? 4294967295LL : 2147483647LL;
	return 0;
}

/*
 * Distinct values column k can take in this run; *enumerable = 1 when the
 * k-th of them can be produced (uniqrow.c).  at_load: parents' rows as read.
 */
static uint64_t col_space(const seed_table *t, size_t k, int at_load, int *enumerable)
{
	const seed_col *c = &t->cols[k];
	const dba_column *mc = meta_col(t->meta, c->name);
	uint64_t s = UINT64_MAX;
	int64_t tmax, start, step;

	*enumerable = 0;
	if (c->fk.kind == FK_SEQ) {
		*enumerable = 1;
		return at_load ? c->fk.count : (uint64_t)c->fk.parent->count;
	}
	if (c->fk.lead) { /* follows its lead's parent row: no values of its own */
		*enumerable = 1;
		return 1;
	}
	if (c->fk.kind == FK_VALUES) {
		if (at_load) {
			*enumerable = 1;
			return c->fk.nvalues;
		}
		/* a parent seeded in this run starts empty (prepare.c) unless --incremental */
		return c->fk.parent && !t->uniq_incremental ? (uint64_t)c->fk.parent->count : UINT64_MAX;
	}
	if (c->fk.kind == FK_SELF_SEQ)
		return UINT64_MAX;
	if (c->spec && (s = gen_spec_space(c->spec)) != UINT64_MAX)
		*enumerable = 1;
	if (!mc)
		return s;
	if (mc->family == DBA_FAM_BOOL && s > 2)
		s = 2;
	if (mc->family == DBA_FAM_ENUM && mc->n_enum_values && s > mc->n_enum_values)
		s = mc->n_enum_values;
	if ((tmax = type_max(mc)) > 0) {
		if (c->spec && gen_spec_sequential(c->spec, &start, &step) == 0 && step > 0)
			s = start > tmax ? 0 : (uint64_t)((tmax - start) / step) + 1;
		else if (s == UINT64_MAX)
			s = (uint64_t)tmax * 2 + 2; /* the whole signed or unsigned range */
	}
	return s;
}

static uint64_t mul_sat(uint64_t a, uint64_t b)
{
	if (a && b > UINT64_MAX / a)
		return UINT64_MAX;
	return a * b;
}

/* The key's space now; *all_enum = 1 when every column is enumerable. */
static uint64_t key_space(const seed_table *t, const seed_ukey *u, int at_load, int *all_enum)
{
	uint64_t s = 1;

	*all_enum = 1;
	for (size_t j = 0; j < u->ncols; j++) {
		int en;
		uint64_t cs = col_space(t, u->cols[j], at_load, &en);

		if (u->radix)
			u->radix[j] = cs;
		*all_enum &= en;
		s = mul_sat(s, cs);
	}
	return s;
}

static int refuse(const seed_cfg *cfg, const seed_table *t, const seed_ukey *u, uint64_t space, int code, err *e)
{
	char det[600] = "";

	for (size_t j = 0; j < u->ncols; j++) {
		int en;
		uint64_t cs = col_space(t, u->cols[j], code == EXIT_RUNTIME, &en);
		const seed_col *c = &t->cols[u->cols[j]];
		size_t l = strlen(det);

		snprintf(det + l, sizeof(det) - l, "%s%s: %llu value%s%s%s", j ? ", " : "", c->name,
			 (unsigned long long)cs, cs == 1 ? "" : "s", c->fk.ref_table ? " (rows of " : "",
			 c->fk.ref_table ? c->fk.ref_table : "");
		if (c->fk.ref_table)
			snprintf(det + strlen(det), sizeof(det) - strlen(det), ")");
	}
	err_set(e, code, "table %s: %lld rows asked, but its %s holds at most %llu distinct value%s",
		t->display, (long long)t->count, u->label, (unsigned long long)space, space == 1 ? "" : "s");
	err_detail(e, "%s", det);
	if (t->line)
		err_hint(e, "set count = %llu or less in [table %s] (%s:%d), or widen the key's generators",
			 (unsigned long long)space, t->display, cfg->path, t->line);
	else
		err_hint(e, "ask for %llu rows or fewer (--rows %s=%llu)", (unsigned long long)space, t->display,
			 (unsigned long long)space);
	return -1;
}

/* Adds a key over the named columns; skipped when a column is not generated or always NULL. */
static int add_key(seed_table *t, const char *what, const char *const *names, uint32_t n, const dba_unique *du, err *e)
{
	seed_ukey *v, *u;
	char lab[400];
	size_t l;

	if (!n)
		return 0;
	for (uint32_t j = 0; j < n; j++) {
		size_t k = col_index(t, names[j]);

		if (k == (size_t)-1 || t->cols[k].force_null)
			return 0; /* left to the database (identity, default) or NULL: not ours to keep */
	}
	if (!(v = realloc(t->ukeys, (t->nukeys + 1) * sizeof(*v))))
		return err_set(e, EXIT_RUNTIME, "out of memory");
	t->ukeys = v;
	u = &v[t->nukeys];
	memset(u, 0, sizeof(*u));
	snprintf(lab, sizeof(lab), "%s (", what);
	u->cols = calloc(n, sizeof(*u->cols));
	u->radix = calloc(n, sizeof(*u->radix));
	u->prefix = calloc(n, sizeof(*u->prefix));
	if (!u->cols || !u->radix || !u->prefix) {
		free(u->cols);
		free(u->radix);
		free(u->prefix);
		return err_set(e, EXIT_RUNTIME, "out of memory");
	}
	for (uint32_t j = 0; j < n; j++) {
		u->cols[j] = col_index(t, names[j]);
		u->prefix[j] = du && du->prefix ? du->prefix[j] : 0;
		l = strlen(lab);
		snprintf(lab + l, sizeof(lab) - l, "%s%s", j ? ", " : "", names[j]);
	}
	l = strlen(lab);
	snprintf(lab + l, sizeof(lab) - l, ")");
	u->ncols = n;
	u->partial = du && du->partial;
	u->label = strdup(lab);
	t->nukeys++;
	return u->label ? 0 : err_set(e, EXIT_RUNTIME, "out of memory");
}

/* 1 when every column of a is in b. */
static int subset(const seed_ukey *a, const seed_ukey *b)
{
	for (size_t i = 0; i < a->ncols; i++) {
		size_t j;

		for (j = 0; j < b->ncols && b->cols[j] != a->cols[i]; j++)
			;
		if (j == b->ncols)
			return 0;
	}
	return 1;
}

static void drop_key(seed_table *t, size_t i)
{
	free(t->ukeys[i].label);
	free(t->ukeys[i].cols);
	free(t->ukeys[i].radix);
	free(t->ukeys[i].prefix);
	free(t->ukeys[i].set);
	memmove(&t->ukeys[i], &t->ukeys[i + 1], (t->nukeys - i - 1) * sizeof(*t->ukeys));
	t->nukeys--;
}

/*
 * A key holding a smaller key, or a column whose generator is unique by
 * itself (sequential, email, uuid), is unique once the smaller one is: dropped.
 */
static void prune_keys(seed_table *t)
{
	for (size_t i = 0; i < t->nukeys;) {
		int drop = 0;

		for (size_t j = 0; j < t->ukeys[i].ncols && !drop; j++) {
			const seed_col *c = &t->cols[t->ukeys[i].cols[j]];

			drop = c->spec && !c->fk.kind && gen_spec_unique(c->spec) && gen_spec_null_probability(c->spec) == 0;
		}
		for (size_t o = 0; o < t->nukeys && !drop; o++)
			drop = o != i && subset(&t->ukeys[o], &t->ukeys[i]) &&
			       (t->ukeys[o].ncols < t->ukeys[i].ncols || o < i);
		if (drop)
			drop_key(t, i);
		else
			i++;
	}
}

int unique_plan(seed_cfg *cfg, seed_table *t, target *tg, int incremental, err *e)
{
	t->uniq_incremental = incremental;
	uint32_t nu;
	const dba_unique *u = drv_uniques(tg->drv, t->meta, &nu);
	int all_enum;

	if (add_key(t, "primary key", t->meta->pk, t->meta->npk, NULL, e))
		return -1;
	for (uint32_t i = 0; i < nu; i++) {
		char what[300];

		snprintf(what, sizeof(what), "unique key \"%s\"", u[i].name);
		if (add_key(t, what, u[i].columns, u[i].ncols, &u[i], e))
			return -1;
	}
	/* The space check covers keys a lone unique generator keeps distinct too (a tinyint sequence). */
	for (size_t i = 0; i < t->nukeys;) {
		uint64_t s = key_space(t, &t->ukeys[i], 0, &all_enum);

		if (t->count <= 0 || s == UINT64_MAX || (uint64_t)t->count <= s) {
			i++;
		} else if (t->ukeys[i].partial) {
			seed_note(cfg, "%s: the partial %s holds %llu values, fewer than the rows: not kept "
				  "distinct (its WHERE decides which rows it covers)", t->display, t->ukeys[i].label,
				  (unsigned long long)s);
			drop_key(t, i);
		} else {
			return refuse(cfg, t, &t->ukeys[i], s, EXIT_USAGE, e);
		}
	}
	prune_keys(t);
	if (t->nukeys && !(t->ubuf = calloc(t->ncols, sizeof(*t->ubuf))))
		return err_set(e, EXIT_RUNTIME, "out of memory");
	return 0;
}

/* gcd, for a multiplier that makes row -> (mul * row + add) mod n a permutation. */
static uint64_t gcd(uint64_t a, uint64_t b)
{
	while (b) {
		uint64_t r = a % b;

		a = b;
		b = r;
	}
	return a;
}

int unique_start(seed_cfg *cfg, seed_table *t, err *e)
{
	for (size_t i = 0; i < t->nukeys; i++) {
		seed_ukey *u = &t->ukeys[i];
		int all_enum;
		uint64_t st;

		u->space = key_space(t, u, 1, &all_enum);
		if (t->count > 0 && u->space != UINT64_MAX && (uint64_t)t->count > u->space) {
			if (!u->partial)
				return refuse(cfg, t, u, u->space, EXIT_RUNTIME, e);
			u->space = UINT64_MAX; /* checked, not constructed: a repeat fails at its row */
			all_enum = 0;
		}
		u->construct = all_enum && u->space < ((uint64_t)1 << 62);
		free(u->set);
		u->set = NULL;
		u->setn = u->setcap = 0;
		if (!u->construct || u->space < 2) {
			u->mul = 1;
			u->add = 0;
			continue;
		}
		st = gen_stream_seed(cfg->global_seed, t->display, u->label);
		/* a multiplier near space / golden ratio spreads consecutive rows over the parents */
		u->mul = (uint64_t)((double)u->space * 0.6180339887) + rng_splitmix64(&st) % 97;
		u->mul %= u->space;
		if (!u->mul)
			u->mul = 1;
		while (gcd(u->mul, u->space) != 1)
			u->mul = u->mul + 1 < u->space ? u->mul + 1 : 1;
		u->add = rng_splitmix64(&st) % u->space;
	}
	return 0;
}

void unique_end(seed_table *t)
{
	for (size_t i = 0; i < t->nukeys; i++) {
		free(t->ukeys[i].set);
		t->ukeys[i].set = NULL;
		t->ukeys[i].setn = t->ukeys[i].setcap = 0;
	}
}

void unique_free(seed_table *t)
{
	while (t->nukeys)
		drop_key(t, t->nukeys - 1);
	free(t->ukeys);
	free(t->ubuf);
	t->ukeys = NULL;
	t->ubuf = NULL;
}
