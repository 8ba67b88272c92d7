/* Seed INI parsing and validation: every mistake is reported with FILE:LINE before connecting. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../ini.h"
#include "../sig.h"
#include "../strmap.h"
#include "defer.h"
#include "seed.h"
#include "unique.h"

/* Tables and columns seen so far, for O(1) duplicate checks and lookups. */
typedef struct names {
	strmap tables;  /* table_key -> index in cfg->tables */
	strmap cols;    /* "INDEX|column" -> index in the table's cols */
} names;

/* Unambiguous for any names: the schema's length first, "-" for none. */
static char *table_key(const char *schema, const char *name)
{
	char *k;

	if (schema ? asprintf(&k, "%zu:%s|%s", strlen(schema), schema, name) < 0
		   : asprintf(&k, "-|%s", name) < 0)
		return NULL;
	return k;
}

static int parse_int(const char *v, int64_t *out)
{
	char *end;
	long long n;

	if (!v || !*v)
		return -1;
	errno = 0;
	n = strtoll(v, &end, 10);
	if (*end || errno == ERANGE) /* never clamped to the largest number */
		return -1;
	*out = n;
	return 0;
}

static char *display_name(const char *schema, const char *name)
{
	char *s;

	if (!schema)
		return strdup(name);
	if (asprintf(&s, "%s.%s", schema, name) < 0)
		return NULL;
	return s;
}

static int same(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return !strcmp(a, b);
}

const seed_col *seed_find_col(const seed_table *t, const char *name)
{
	for (size_t k = 0; k < t->ncols; k++)
		if (!strcmp(t->cols[k].name, name))
			return &t->cols[k];
	return NULL;
}

seed_table *seed_find_table(seed_cfg *cfg, const char *schema, const char *name)
{
	for (size_t i = 0; i < cfg->ntables; i++)
		if (!strcmp(cfg->tables[i].name, name) &&
		    (same(cfg->tables[i].schema, schema) || !schema || !cfg->tables[i].schema))
			return &cfg->tables[i];
	return NULL;
}

void seed_note(seed_cfg *cfg, const char *fmt, ...)
{
	va_list ap;
	char *s, **v;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		s = NULL;
	va_end(ap);
	if (!s || !(v = realloc(cfg->notes, (cfg->nnotes + 1) * sizeof(*v)))) {
		free(s);
		return;
	}
	cfg->notes = v;
	v[cfg->nnotes++] = s;
}

/* Entries of the section whose header is at index h: [h+1, end). */
static size_t section_end(const ini_doc *d, size_t h)
{
	size_t i = h + 1;

	while (i < d->n && d->v[i].key)
		i++;
	return i;
}

static int parse_table(seed_cfg *cfg, names *nm, const ini_doc *d, size_t h, err *e)
{
	const ini_entry *hdr = &d->v[h];
	char *schema = NULL, *name = NULL, *key;
	seed_table *t, *v;
	size_t end = section_end(d, h), first;
	int r;

	if (ini_split_table(hdr->section + 6, &schema, &name) || !name || !*name) {
		free(schema);
		free(name);
		return err_set(e, EXIT_USAGE, "%s:%d: bad table name in [%s]", d->path, hdr->line, hdr->section);
	}
	key = table_key(schema, name);
	r = key ? strmap_put(&nm->tables, key, cfg->ntables, &first) : -1;
	free(key);
	if (r == 1)
		err_set(e, EXIT_USAGE, "%s:%d: duplicate section [%s] (first on line %d)", d->path,
			hdr->line, hdr->section, cfg->tables[first].line);
	if (r || !(v = strmap_grow(cfg->tables, cfg->ntables, sizeof(*v)))) {
		if (r != 1)
			err_set(e, EXIT_USAGE, "out of memory");
		free(schema);
		free(name);
		return -1;
	}
	cfg->tables = v;
	t = &v[cfg->ntables++];
	memset(t, 0, sizeof(*t));
	t->schema = schema;
	t->name = name;
	t->display = display_name(schema, name);
	t->line = hdr->line;
	t->count = 1000;
	for (size_t i = h + 1; i < end; i++) {
		const ini_entry *en = &d->v[i];

		if (!strcmp(en->key, "count")) {
			if (parse_int(en->value, &t->count) || t->count < 0)
				return err_set(e, EXIT_USAGE, "%s:%d: count must be a whole number >= 0, not \"%s\"",
					       d->path, en->line, en->value);
		} else {
			err_set(e, EXIT_USAGE, "%s:%d: unknown key \"%s\" in [%s]", d->path, en->line, en->key,
				hdr->section);
			err_hint(e, "valid keys: count");
			return -1;
		}
	}
	return 0;
}

static int parse_column(seed_cfg *cfg, names *nm, const ini_doc *d, size_t h, err *e)
{
	const ini_entry *hdr = &d->v[h], *gen_key = NULL;
	char *traw = NULL, *cname = NULL, *schema = NULL, *tname = NULL, *key = NULL;
	seed_table *t;
	seed_col *c, *v;
	size_t end = section_end(d, h), ti, first;
	int rc = -1, r;

	if (ini_split_column(hdr->section + 7, &traw, &cname) ||
	    ini_split_table(traw, &schema, &tname)) {
		err_set(e, EXIT_USAGE, "%s:%d: bad column name in [%s]", d->path, hdr->line, hdr->section);
		err_hint(e, "write [column TABLE.COLUMN]; quote names with dots or spaces: [column \"Order Items\".\"unit price\"]");
		goto out;
	}
	if (!(key = table_key(schema, tname)))
		goto out;
	if (!strmap_get(&nm->tables, key, &ti)) {
		err_set(e, EXIT_USAGE, "%s:%d: [%s] names table \"%s\", which has no [table %s] section",
			d->path, hdr->line, hdr->section, traw, traw);
		goto out;
	}
	t = &cfg->tables[ti];
	free(key);
	if (asprintf(&key, "%zu|%s", ti, cname) < 0) {
		key = NULL;
		goto out;
	}
	r = strmap_put(&nm->cols, key, t->ncols, &first);
	if (r == 1)
		err_set(e, EXIT_USAGE, "%s:%d: duplicate section [%s] (first on line %d)", d->path,
			hdr->line, hdr->section, t->cols[first].line);
	if (r)
		goto out;
	for (size_t i = h + 1; i < end; i++)
		if (!strcmp(d->v[i].key, "generator"))
			gen_key = &d->v[i];
	if (!gen_key) {
		err_set(e, EXIT_USAGE, "%s:%d: [%s] has no generator", d->path, hdr->line, hdr->section);
		err_hint(e, "valid generators: %s", gen_names());
		goto out;
	}
	v = strmap_grow(t->cols, t->ncols, sizeof(*v));
	if (!v)
		goto out;
	t->cols = v;
	c = &v[t->ncols];
	memset(c, 0, sizeof(*c));
	c->line = hdr->line;
	c->spec = gen_spec_new(gen_key->value, d->path, gen_key->line, e);
	if (!c->spec)
		goto out;
	for (size_t i = h + 1; i < end; i++) {
		if (&d->v[i] == gen_key)
			continue;
		if (gen_spec_set(c->spec, d->v[i].key, d->v[i].value, d->v[i].line, e)) {
			gen_spec_free(c->spec);
			goto out;
		}
	}
	if (gen_spec_finish(c->spec, e)) {
		gen_spec_free(c->spec);
		goto out;
	}
	c->name = cname;
	cname = NULL;
	t->ncols++;
	rc = 0;
out:
	free(key);
	free(traw);
	free(cname);
	free(schema);
	free(tname);
	return rc;
}

int seed_config_load(const char *path, seed_cfg *cfg, err *e)
{
	ini_doc d;
	names nm = { 0 };
	int seen_seed = 0;

	memset(cfg, 0, sizeof(*cfg));
	cfg->path = strdup(path);
	cfg->global_seed = 42;
	cfg->batch_size = 1000;
	if (ini_load(path, &d, e)) {
		seed_config_free(cfg);
		return -1;
	}
	/* Tables first, so that [column] sections may come before their [table]. */
	for (int pass = 0; pass < 2; pass++)
		for (size_t h = 0; h < d.n; h++) {
			const ini_entry *en = &d.v[h];

			if (en->key)
				continue;
			if (sig_stop) {
				err_set(e, EXIT_INTERRUPTED, "interrupted while checking %s (at line %d)", path, en->line);
				goto fail;
			}
			if (!strcmp(en->section, "seed")) {
				if (pass)
					continue;
				if (seen_seed++) {
					err_set(e, EXIT_USAGE, "%s:%d: duplicate section [seed]", path, en->line);
					goto fail;
				}
				for (size_t i = h + 1, end = section_end(&d, h); i < end; i++) {
					const ini_entry *k = &d.v[i];
					int64_t n;

					if (!strcmp(k->key, "global_seed") || !strcmp(k->key, "seed")) {
						if (parse_int(k->value, &n)) {
							err_set(e, EXIT_USAGE, "%s:%d: global_seed must be a whole number, not \"%s\"",
								path, k->line, k->value);
							goto fail;
						}
						cfg->global_seed = (uint64_t)n;
					} else if (!strcmp(k->key, "batch_size")) {
						if (parse_int(k->value, &n) || n < 1 || n > 1000000) {
							err_set(e, EXIT_USAGE, "%s:%d: batch_size must be from 1 to 1000000, not \"%s\"",
								path, k->line, k->value);
							goto fail;
						}
						cfg->batch_size = (int)n;
					} else {
						err_set(e, EXIT_USAGE, "%s:%d: unknown key \"%s\" in [seed]", path, k->line, k->key);
						err_hint(e, "valid keys: global_seed, batch_size");
						goto fail;
					}
				}
			} else if (!strncmp(en->section, "table ", 6)) {
				if (!pass && parse_table(cfg, &nm, &d, h, e))
					goto fail;
			} else if (!strncmp(en->section, "column ", 7)) {
				if (pass && parse_column(cfg, &nm, &d, h, e))
					goto fail;
			} else if (!pass) {
				err_set(e, EXIT_USAGE, "%s:%d: unknown section [%s]", path, en->line, en->section);
				err_hint(e, "valid sections: [seed], [table NAME], [column TABLE.COLUMN]");
				goto fail;
			}
		}
	/* Keys before any section header. */
	for (size_t i = 0; i < d.n && d.v[i].key; i++) {
		err_set(e, EXIT_USAGE, "%s:%d: key \"%s\" outside any section", path, d.v[i].line, d.v[i].key);
		goto fail;
	}
	if (!cfg->ntables) {
		err_set(e, EXIT_USAGE, "%s: no [table NAME] sections", path);
		goto fail;
	}
	ini_free(&d);
	strmap_free(&nm.tables);
	strmap_free(&nm.cols);
	return 0;
fail:
	ini_free(&d);
	strmap_free(&nm.tables);
	strmap_free(&nm.cols);
	seed_config_free(cfg);
	return -1;
}

static void fk_free(seed_fk *fk)
{
	free(fk->ref_schema);
	free(fk->ref_table);
	free(fk->ref_column);
	free(fk->values);
	free(fk->arena);
}

void seed_config_free(seed_cfg *cfg)
{
	for (size_t i = 0; i < cfg->ntables; i++) {
		seed_table *t = &cfg->tables[i];

		for (size_t k = 0; k < t->ncols; k++) {
			free(t->cols[k].name);
			gen_spec_free(t->cols[k].spec);
			gen_free(t->cols[k].g);
			fk_free(&t->cols[k].fk);
		}
		free(t->cols);
		free(t->schema);
		free(t->name);
		free(t->display);
		free(t->quoted);
		free(t->deps);
		seed_defer_free(t->ahead_fks);
		unique_free(t);
	}
	free(cfg->tables);
	free(cfg->order);
	for (size_t i = 0; i < cfg->nnotes; i++)
		free(cfg->notes[i]);
	free(cfg->notes);
	free(cfg->path);
	memset(cfg, 0, sizeof(*cfg));
}

int seed_apply_counts(seed_cfg *cfg, const seed_opts *o, err *e)
{
	for (size_t i = 0; i < cfg->ntables; i++) {
		double n = (double)cfg->tables[i].count * o->size_factor;

		cfg->tables[i].count = cfg->tables[i].count == 0 ? 0 : n < 1 ? 1 : (int64_t)(n + 0.5);
	}
	if (o->rows) {
		char *copy = strdup(o->rows), *save = NULL;

		for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
			char *eq = strrchr(tok, '='), *sc = NULL, *nm = NULL;
			seed_table *t;
			int64_t n;

			if (!eq || parse_int(eq + 1, &n) || n < 0) {
				err_set(e, EXIT_USAGE, "--rows: expected TABLE=COUNT, not \"%s\"", tok);
				free(copy);
				return -1;
			}
			*eq = '\0';
			if (ini_split_table(tok, &sc, &nm) || !(t = seed_find_table(cfg, sc, nm))) {
				err_set(e, EXIT_USAGE, "--rows: table \"%s\" is not in %s", tok, cfg->path);
				free(sc);
				free(nm);
				free(copy);
				return -1;
			}
			t->count = n;
			free(sc);
			free(nm);
		}
		free(copy);
	}
	return 0;
}
