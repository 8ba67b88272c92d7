/* `dbarena seed init`: a starter seed config from the live schema. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../drv.h"
#include "../gen/choose.h"
#include "../triggers.h"
#include "initcycle.h"
#include "seed.h"
#include "unique.h"

/* Bytes a line cannot hold as they are: control characters (and the escape's own backslash). */
static int needs_escape(unsigned char c)
{
	return c < 0x20 || c == 0x7f || c == '\\';
}

/*
 * A name as INI text: quoted when it holds a dot, space, quote, bracket or
 * a byte that needs an escape; inside the quotes "" is a quote and control
 * characters are \n \r \t or \xHH (ini.c reads them back).
 */
static void put_name(FILE *f, const char *s)
{
	const char *c;

	for (c = s; *c && !strchr(". \t\"[];#=", *c) && !needs_escape((unsigned char)*c); c++)
		;
	if (!*c && *s) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch == '"')
			fputs("\"\"", f);
		else if (ch == '\\')
			fputs("\\\\", f);
		else if (ch == '\n')
			fputs("\\n", f);
		else if (ch == '\r')
			fputs("\\r", f);
		else if (ch == '\t')
			fputs("\\t", f);
		else if (needs_escape(ch))
			fprintf(f, "\\x%02x", ch);
		else
			fputc(ch, f);
	}
	fputc('"', f);
}

static void put_table(FILE *f, const char *schema, const char *name)
{
	if (schema) {
		put_name(f, schema);
		fputc('.', f);
	}
	put_name(f, name);
}

static int has(const char *name, const char *w)
{
	char low[256];
	size_t i;

	for (i = 0; name[i] && i + 1 < sizeof(low); i++)
		low[i] = (char)tolower((unsigned char)name[i]);
	low[i] = '\0';
	return strstr(low, w) != NULL;
}

/* Tables whose rows are people: their "name" columns are person names. */
static int person_table(const char *table)
{
	static const char *const w[] = { "user", "customer", "person", "people", "staff", "employee", "author",
					 "actor", "member", "contact", "student", "patient", "account", NULL };
	for (size_t i = 0; w[i]; i++)
		if (has(table, w[i]))
			return 1;
	return 0;
}

/* Text columns whose name says what they hold (title, city, country, url, status). */
static int put_text_by_name(FILE *f, const dba_column *c, const char *table)
{
	(void)table;
	if (c->max_length > 0 && c->max_length < 8)
		return 0;
	if (has(c->name, "title") || has(c->name, "subject") || has(c->name, "headline"))
		fprintf(f, "generator = text\nmin_words = 2\nmax_words = 5\n");
	else if (has(c->name, "city") || has(c->name, "town"))
		fprintf(f, "generator = enum\nvalues = Springfield, Riverside, Lakewood, Fairview, Georgetown, "
			   "Oakland, Madison, Salem, Arlington, Bristol\n");
	else if (has(c->name, "country"))
		fprintf(f, "generator = enum\nvalues = Germany, France, Japan, Brazil, Canada, Kenya, India, "
			   "Mexico, Norway, Spain\n");
	else if (has(c->name, "url") || has(c->name, "website") || has(c->name, "homepage") || has(c->name, "link"))
		fprintf(f, "generator = template\ntemplate = https://www.example.com/p/{row}\n");
	else if (has(c->name, "status") || has(c->name, "state"))
		fprintf(f, "generator = enum\nvalues = active, pending, closed\n");
	else
		return 0;
	return 1;
}

static void put_generator(FILE *f, const dba_column *c, int sole_pk, const char *table)
{
	/* A one-column primary key must not repeat: count up from 1. */
	if (sole_pk && (c->family == DBA_FAM_INT || c->family == DBA_FAM_TEXT || c->family == DBA_FAM_BINARY)) {
		if (c->family == DBA_FAM_INT)
			fprintf(f, "generator = sequential\nstart = 1\n");
		else
			fprintf(f, "generator = template\ntemplate = {sequential}\n");
		return;
	}
	switch (c->family) {
	case DBA_FAM_INT:
		fprintf(f, "generator = random_int\nmin = 1\nmax = %s\n", c->precision > 0 && c->precision <= 5 ? "30000" : "100000");
		break;
	case DBA_FAM_DECIMAL:
	case DBA_FAM_FLOAT:
		if (has(c->name, "price") || has(c->name, "amount") || has(c->name, "cost") || has(c->name, "total")) {
			fprintf(f, "generator = random_decimal\nmin = 1\nmax = 500\nprecision = 2\n");
			break;
		}
		fprintf(f, "generator = random_decimal\nmin = 0\nmax = %s\nprecision = %d\n",
			c->precision > 0 && c->precision - (c->scale > 0 ? c->scale : 0) <= 3 ? "99" : "1000",
			c->scale >= 0 && c->scale <= 6 ? c->scale : 2);
		break;
	case DBA_FAM_BOOL:
		fprintf(f, "generator = boolean\nprobability = 0.5\n");
		break;
	case DBA_FAM_TIMESTAMP:
		fprintf(f, "generator = timestamp\ntype = range\nstart = 2024-01-01\nend = 2025-12-31\n");
		break;
	case DBA_FAM_DATE:
		fprintf(f, "generator = date\nstart = 2020-01-01\nend = 2025-12-31\n");
		break;
	case DBA_FAM_UUID:
		fprintf(f, "generator = uuid\n");
		break;
	case DBA_FAM_ENUM:
		fprintf(f, "generator = enum\nvalues = ");
		for (uint32_t i = 0; i < c->n_enum_values; i++) {
			fputs(i ? ", " : "", f);
			put_name(f, c->enum_values[i]);
		}
		fputc('\n', f);
		break;
	default:
		if (put_text_by_name(f, c, table))
			break;
		if (has(c->name, "email"))
			fprintf(f, "generator = email\n");
		else if (has(c->name, "first") && has(c->name, "name"))
			fprintf(f, "generator = name\ntype = first\n");
		else if (has(c->name, "last") && has(c->name, "name"))
			fprintf(f, "generator = name\ntype = last\n");
		else if (has(c->name, "name") && person_table(table))
			fprintf(f, "generator = name\n");
		else if (has(c->name, "name"))
			fprintf(f, "generator = text\nmin_words = 1\nmax_words = 3\n");
		else if (has(c->name, "phone"))
			fprintf(f, "generator = phone\n");
		else if (has(c->name, "address") || has(c->name, "street"))
			fprintf(f, "generator = address\n");
		else if (c->max_length > 0 && c->max_length < 12)
			fprintf(f, "generator = template\ntemplate = {random_int:%d:%d}\n", 1,
				c->max_length >= 5 ? 99999 : 9);
		else
			fprintf(f, "generator = text\nmin_words = 2\nmax_words = %d\n",
				c->max_length > 0 && c->max_length < 80 ? 3 : 10);
	}
}

/* Rows for a table: parents fewer than children; a TINYINT key stays inside its range (*fixed). */
static int table_count(const dba_table *m, char *fixed)
{
	int n = m->nfkeys ? 1000 : 100;

	*fixed = 0;
	for (uint32_t k = 0; k < m->npk; k++)
		for (uint32_t x = 0; x < m->ncolumns; x++)
			if (!strcmp(m->columns[x].name, m->pk[k]) && m->columns[x].type_name &&
			    has(m->columns[x].type_name, "tinyint"))
				n = 100, *fixed = 1;
	return n;
}

/* One column's section; generated, identity and defaulted non-FK columns are left to the database. */
static void put_column(FILE *out, target *t, const dba_table *m, uint32_t k, const check_col *cc,
		       const char *schema, const char *name, int keys_ahead)
{
	const dba_column *col = &m->columns[k];
	const dba_fkey *fk = NULL;
	uint32_t part = 0;
	gen_choice ch;
	int chosen = 0;
	/* a cycle of NOT NULL foreign keys references this key: its values must be known ahead (initcycle.c) */
	int ahead = keys_ahead && col->family == DBA_FAM_INT && m->npk == 1 && !strcmp(m->pk[0], col->name);

	if (col->is_generated || (col->is_identity && !ahead))
		return;
	/* a multi-column FK: each column references its own part; seed groups them by the schema's FK */
	for (uint32_t x = 0; x < m->nfkeys && !fk; x++)
		for (uint32_t j = 0; j < m->fkeys[x].ncols && !fk; j++)
			if (!strcmp(m->fkeys[x].columns[j], col->name)) {
				fk = &m->fkeys[x];
				part = j;
			}
	/* a DEFAULT on a key column would repeat one value, one a CHECK bounds need not meet it: written too */
	if (!fk && col->has_default && !ahead && !unique_column_keyed(t, m, col->name) && !choose_over_default(m, k))
		return;
	int sole = m->npk == 1 && !strcmp(m->pk[0], col->name);
	/* A one-column key counts up (put_generator) unless a CHECK lists its values. */
	if (!fk && (!sole || (cc && cc->values)) && (chosen = choose_column(col, cc, &ch)) < 0)
		return;
	if (!fk && !chosen && col->family == DBA_FAM_OTHER) {
		fprintf(out, "\n; %s (%s): no generator for this type; %s\n", col->name,
			col->type_name ? col->type_name : "?",
			col->nullable ? "left NULL" : "seed stops on it: add a [column] section with a generator");
		return;
	}
	if (ahead)
		fprintf(out, "\n; on a cycle of NOT NULL foreign keys: written by dbarena, so a table referencing it can "
			     "load first");
	fprintf(out, "\n[column ");
	put_table(out, schema, name);
	fputc('.', out);
	put_name(out, col->name);
	fprintf(out, "]\n");
	if (fk) {
		fprintf(out, "generator = foreign_key\nreferences = ");
		put_table(out, schema && fk->ref_schema ? fk->ref_schema : NULL, fk->ref_table);
		fputc('.', out);
		put_name(out, fk->ref_columns[part]);
		fputc('\n', out);
	} else if (chosen) {
		choose_write(&ch, out);
		choose_free(&ch);
	} else {
		put_generator(out, col, sole, name);
	}
	if (col->nullable && !(cc && cc->not_null))
		fprintf(out, "null_probability = 0.1\n");
}

static void put_table_section(FILE *out, target *t, const dba_table *m, const char *schema, const char *name,
			      int count, int keys_ahead, const trigger *filled)
{
	check_set *cs = check_set_new(m);

	if (filled)
		fprintf(out, "\n; trigger %.60s on %.60s writes rows here: seed adds none of its own (they could collide)",
			filled->name, filled->table);
	fprintf(out, "\n[table ");
	put_table(out, schema, name);
	fprintf(out, "]\ncount = %d\n", filled ? 0 : count);
	for (size_t k = 0; cs && k < check_set_nunparsed(cs); k++) {
		const dba_check *ck = check_set_unparsed(cs, k);
		char x[104];
		size_t n = 0;
		/* a comment stays on one line libinih reads whole */
		for (const char *p = ck->expr ? ck->expr : ""; *p && n < 100; p++)
			x[n++] = *p == '\n' || *p == '\r' || *p == '\t' ? ' ' : *p;
		x[n] = 0;
		fprintf(out, "; CHECK %.60s is not understood, values may break it: %s%s\n", ck->name, x,
			n == 100 ? "..." : "");
	}
	for (uint32_t k = 0; k < m->ncolumns; k++)
		put_column(out, t, m, k, cs ? check_set_col(cs, k) : NULL, schema, name, keys_ahead);
	check_set_free(cs);
}

/* One listed name described: "schema.name", or a dotted name of the default schema; 0 or -1. */
static int describe_listed(target *t, dba_conn *c, const char *listed, char **schema, char **name, dba_table **m,
			   dba_error *de)
{
	const char *dot = strrchr(listed, '.');

	*schema = dot ? strndup(listed, (size_t)(dot - listed)) : NULL;
	*name = strdup(dot ? dot + 1 : listed);
	*m = NULL;
	/* A listed name with a dot may be one table of the default schema: "a.b". */
	if (dot && drv_describe(t->drv, c, *schema, *name, m, de)) {
		free(*schema);
		free(*name);
		*schema = NULL;
		*name = strdup(listed);
		memset(de, 0, sizeof(*de));
	}
	return *m || !drv_describe(t->drv, c, *schema, *name, m, de) ? 0 : -1;
}

int seed_init(target *t, dba_conn *c, char **tables, FILE *out, err *e)
{
	char **names = tables, **schemas = NULL, **tnames = NULL, *ahead = NULL, *fixed = NULL;
	int *counts = NULL;
	dba_table **metas = NULL;
	triggers trig = { 0 };
	size_t n = 0, got = 0;
	dba_error de;
	int rc = 0;

	memset(&de, 0, sizeof(de));
	if (!names) {
		if (!t->ops->list_tables)
			return err_set(e, EXIT_USAGE, "this driver cannot list tables: name them with --tables");
		if (t->ops->list_tables(c, &names, &de))
			return err_from_db(e, EXIT_RUNTIME, &de, "listing tables");
	}
	while (names && names[n])
		n++;
	schemas = calloc(n + 1, sizeof(*schemas));
	tnames = calloc(n + 1, sizeof(*tnames));
	metas = calloc(n + 1, sizeof(*metas));
	ahead = calloc(n + 1, 1);
	fixed = calloc(n + 1, 1);
	counts = calloc(n + 1, sizeof(*counts));
	if (!schemas || !tnames || !metas || !ahead || !fixed || !counts) {
		rc = err_set(e, EXIT_RUNTIME, "out of memory");
		goto out;
	}
	for (; got < n; got++)
		if (describe_listed(t, c, names[got], &schemas[got], &tnames[got], &metas[got], &de)) {
			rc = err_from_db(e, de.err_class == DBA_ERR_USAGE ? EXIT_USAGE : EXIT_RUNTIME, &de, NULL);
			got++;
			goto out;
		}
	init_cycle_targets(metas, n, ahead);
	for (size_t i = 0; i < n; i++)
		counts[i] = table_count(metas[i], &fixed[i]);
	init_one_to_one_counts(metas, n, counts, fixed);
	triggers_read(t, c, &trig);
	fprintf(out, "; dbarena seed config generated from the live schema; edit counts and generators.\n"
		     "[seed]\nglobal_seed = 42\nbatch_size = 1000\n");
	for (size_t i = 0; i < n; i++)
		put_table_section(out, t, metas[i], schemas[i], tnames[i], counts[i], ahead[i],
				  trigger_filling(&trig, tnames[i]));
out:
	triggers_free(&trig);
	for (size_t i = 0; i < got; i++) {
		if (metas[i])
			t->ops->table_free(metas[i]);
		free(schemas[i]);
		free(tnames[i]);
	}
	free(metas);
	free(schemas);
	free(tnames);
	free(ahead);
	free(fixed);
	free(counts);
	if (!tables && names)
		t->ops->strv_free(names);
	return rc;
}
