/* `dbarena seed init`: a starter seed config from the live schema. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "seed.h"

/* A name as INI text: quoted when it holds a dot, space, quote or bracket. */
static void put_name(FILE *f, const char *s)
{
	if (!strpbrk(s, ". \t\"[];#=")) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
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

static void put_generator(FILE *f, const dba_column *c, int sole_pk)
{
	/* A one-column primary key must not repeat: count up from 1. */
	if (sole_pk && (c->family == DBA_FAM_INT || c->family == DBA_FAM_TEXT)) {
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
		if (has(c->name, "email"))
			fprintf(f, "generator = email\n");
		else if (has(c->name, "first") && has(c->name, "name"))
			fprintf(f, "generator = name\ntype = first\n");
		else if (has(c->name, "last") && has(c->name, "name"))
			fprintf(f, "generator = name\ntype = last\n");
		else if (has(c->name, "name"))
			fprintf(f, "generator = name\n");
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
	if (c->nullable)
		fprintf(f, "null_probability = 0.1\n");
}

int seed_init(target *t, dba_conn *c, char **tables, FILE *out, err *e)
{
	char **names = tables;
	dba_error de;

	memset(&de, 0, sizeof(de));
	if (!names) {
		if (!t->ops->list_tables)
			return err_set(e, EXIT_USAGE, "this driver cannot list tables: name them with --tables");
		if (t->ops->list_tables(c, &names, &de))
			return err_from_db(e, EXIT_RUNTIME, &de, "listing tables");
	}
	fprintf(out, "; dbarena seed config generated from the live schema; edit counts and generators.\n"
		     "[seed]\nglobal_seed = 42\nbatch_size = 1000\n");
	for (size_t i = 0; names && names[i]; i++) {
		char *schema = NULL, *name = NULL, *dot = strrchr(names[i], '.');
		dba_table *m = NULL;

		if (dot) {
			schema = strndup(names[i], (size_t)(dot - names[i]));
			name = strdup(dot + 1);
		} else {
			name = strdup(names[i]);
		}
		/* A listed name with a dot may be one table of the default schema: "a.b". */
		if (dot && t->ops->describe_table(c, schema, name, &m, &de)) {
			free(schema);
			free(name);
			schema = NULL;
			name = strdup(names[i]);
			memset(&de, 0, sizeof(de));
		}
		if (!m && t->ops->describe_table(c, schema, name, &m, &de)) {
			free(schema);
			free(name);
			if (!tables)
				t->ops->strv_free(names);
			return err_from_db(e, de.err_class == DBA_ERR_USAGE ? EXIT_USAGE : EXIT_RUNTIME, &de, NULL);
		}
		fprintf(out, "\n[table ");
		put_table(out, schema, name);
		fprintf(out, "]\ncount = 1000\n");
		for (uint32_t k = 0; k < m->ncolumns; k++) {
			const dba_column *col = &m->columns[k];
			const dba_fkey *fk = NULL;

			if (col->is_identity || col->is_generated)
				continue;
			for (uint32_t x = 0; x < m->nfkeys; x++)
				if (m->fkeys[x].ncols == 1 && !strcmp(m->fkeys[x].columns[0], col->name))
					fk = &m->fkeys[x];
			if (!fk && col->has_default)
				continue;
			fprintf(out, "\n[column ");
			put_table(out, schema, name);
			fputc('.', out);
			put_name(out, col->name);
			fprintf(out, "]\n");
			if (fk) {
				fprintf(out, "generator = foreign_key\nreferences = ");
				put_table(out, schema && fk->ref_schema ? fk->ref_schema : NULL, fk->ref_table);
				fputc('.', out);
				put_name(out, fk->ref_columns[0]);
				fputc('\n', out);
				if (col->nullable)
					fprintf(out, "null_probability = 0.1\n");
			} else {
				put_generator(out, col, m->npk == 1 && !strcmp(m->pk[0], col->name));
			}
		}
		t->ops->table_free(m);
		free(schema);
		free(name);
	}
	if (!tables)
		t->ops->strv_free(names);
	return 0;
}
