#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engines.h"
#include "ini.h"
#include "plugins.h"

static engine_file *all;
static size_t nall;
static int scanned;
static err scan_err;   /* the first broken file, reported by every lookup */

static const char *const engine_keys[] = {
	"aliases", "scheme", "port", "user", "password", "database", "ready_timeout",
	"create_database", "admin_database", "description", NULL,
};

static int known_key(const char *k)
{
	for (size_t i = 0; engine_keys[i]; i++)
		if (!strcmp(engine_keys[i], k))
			return 1;
	return 0;
}

static int bad_number(const char *path, int line, const char *key, const char *v, int min, int max, int *out,
		      err *e)
{
	char *end;
	long n = strtol(v, &end, 10);

	if (*v && !*end && n >= min && n <= max) {
		*out = (int)n;
		return 0;
	}
	err_set(e, EXIT_USAGE, "%s:%d: %s: expected a number from %d to %d, not \"%s\"", path, line, key, min, max, v);
	return -1;
}

/* Fills en from its parsed file; FILE:LINE errors for what is wrong in it. */
static int engine_from_doc(engine_file *en, ini_doc *doc, err *e)
{
	int have_engine = 0;

	en->ready_timeout_s = 60;
	for (size_t i = 0; i < doc->n; i++) {
		const ini_entry *x = &doc->v[i];

		if (strcmp(x->section, "engine"))
			continue;
		have_engine = 1;
		if (!x->key)
			continue;
		if (!known_key(x->key)) {
			err_set(e, EXIT_USAGE, "%s:%d: unknown key \"%s\" in [engine]", doc->path, x->line, x->key);
			err_hint(e, "[engine] keys: aliases, scheme, port, user, password, database, ready_timeout, "
				    "create_database, admin_database, description");
			return -1;
		}
#define STR(k, field) if (!strcmp(x->key, k)) field = x->value
		STR("scheme", en->scheme);
		STR("user", en->user);
		STR("password", en->password);
		STR("database", en->database);
		STR("create_database", en->create_database);
		STR("admin_database", en->admin_database);
		STR("description", en->description);
#undef STR
		if (!strcmp(x->key, "port") && bad_number(doc->path, x->line, "port", x->value, 1, 65535, &en->port, e))
			return -1;
		if (!strcmp(x->key, "ready_timeout") &&
		    bad_number(doc->path, x->line, "ready_timeout", x->value, 1, 86400, &en->ready_timeout_s, e))
			return -1;
		if (!strcmp(x->key, "aliases")) {
			ini_strv_free(en->aliases);
			en->aliases = NULL;
			if (ini_list(x->value, &en->aliases) < 0)
				return err_set(e, EXIT_USAGE, "%s:%d: aliases: malformed list", doc->path, x->line);
		}
	}
	if (!have_engine)
		return err_set(e, EXIT_USAGE, "%s: no [engine] section", doc->path);
	if (!en->scheme || !*en->scheme) {
		err_set(e, EXIT_USAGE, "%s: [engine] has no scheme", doc->path);
		err_hint(e, "scheme = the URL scheme of the driver that talks to this engine (dbarena plugins)");
		return -1;
	}
	if (!en->user)
		en->user = "";
	if (!en->password)
		en->password = "";
	if (!en->database)
		en->database = "";
	if (en->create_database && !en->admin_database)
		return err_set(e, EXIT_USAGE, "%s: create_database needs admin_database (where it runs)", doc->path);
	return 0;
}

/* The engine (other than skip) answering to name, or NULL. */
static engine_file *named(const char *name, const engine_file *skip)
{
	for (size_t i = 0; i < nall; i++) {
		if (&all[i] == skip)
			continue;
		if (!strcmp(all[i].name, name))
			return &all[i];
		for (size_t k = 0; all[i].aliases && all[i].aliases[k]; k++)
			if (!strcmp(all[i].aliases[k], name))
				return &all[i];
	}
	return NULL;
}

static int add_file(const char *path, const char *stem, err *e)
{
	ini_doc *doc = calloc(1, sizeof(*doc));
	engine_file *v, *en, *other;
	const char *word;

	if (!doc || ini_load(path, doc, e)) {
		free(doc);
		return -1;
	}
	if (!(v = realloc(all, (nall + 1) * sizeof(*v)))) {
		ini_free(doc);
		free(doc);
		return err_set(e, EXIT_USAGE, "out of memory reading %s", path);
	}
	all = v;
	en = &all[nall++];
	memset(en, 0, sizeof(*en));
	en->name = strdup(stem);
	en->path = strdup(path);
	en->doc = doc;
	if (engine_from_doc(en, doc, e))
		return -1;
	word = en->name;
	if ((other = named(word, en)))
		goto clash;
	for (size_t k = 0; en->aliases && en->aliases[k]; k++)
		if ((other = named(word = en->aliases[k], en)))
			goto clash;
	return 0;
clash:
	err_set(e, EXIT_USAGE, "two engine files claim the engine name \"%s\"", word);
	err_detail(e, "%s and %s", other->path, en->path);
	err_hint(e, "remove one of them, or give one other aliases");
	return -1;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const engine_file *)a)->name, ((const engine_file *)b)->name);
}

/* Reads the *.ini files of DIR/engines for each plugin directory, the first file of each name. */
static void scan(void)
{
	char *dirs[32];
	size_t n = plugins_dirs(dirs, 32);

	scanned = 1;
	for (size_t i = 0; i < n && !scan_err.code; i++) {
		char sub[PATH_MAX];
		DIR *d;
		struct dirent *de;

		snprintf(sub, sizeof(sub), "%s/engines", dirs[i]);
		if (!(d = opendir(sub)))
			continue;
		while ((de = readdir(d)) && !scan_err.code) {
			size_t len = strlen(de->d_name);
			char path[PATH_MAX + 300], stem[256];
			int seen = 0;

			if (len < 5 || len - 4 >= sizeof(stem) || strcmp(de->d_name + len - 4, ".ini"))
				continue;
			snprintf(stem, sizeof(stem), "%.*s", (int)(len - 4), de->d_name);
			for (size_t k = 0; k < nall; k++)
				seen |= !strcmp(all[k].name, stem);
			if (seen)
				continue; /* an earlier directory wins, as for plugins */
			snprintf(path, sizeof(path), "%s/%s", sub, de->d_name);
			add_file(path, stem, &scan_err);
		}
		closedir(d);
	}
	plugins_dirs_free(dirs, n);
	if (nall && !scan_err.code)
		qsort(all, nall, sizeof(*all), by_name);
}

int engines_all(const engine_file *const **out, size_t *n, err *e)
{
	static const engine_file **ptrs;

	if (!scanned)
		scan();
	if (scan_err.code) {
		*e = scan_err;
		return -1;
	}
	if (!ptrs && nall && !(ptrs = calloc(nall, sizeof(*ptrs))))
		return err_set(e, EXIT_USAGE, "out of memory");
	for (size_t i = 0; i < nall; i++)
		ptrs[i] = &all[i];
	*out = ptrs;
	*n = nall;
	return 0;
}

void engines_summary(char *buf, size_t cap)
{
	size_t used = 0;

	buf[0] = '\0';
	if (!scanned)
		scan();
	for (size_t i = 0; i < nall && used < cap; i++) {
		used += (size_t)snprintf(buf + used, cap - used, "%s%s", i ? ", " : "", all[i].name);
		for (size_t k = 0; all[i].aliases && all[i].aliases[k] && used < cap; k++)
			used += (size_t)snprintf(buf + used, cap - used, "%s%s", k ? ", " : " (", all[i].aliases[k]);
		if (all[i].aliases && all[i].aliases[0] && used < cap)
			used += (size_t)snprintf(buf + used, cap - used, ")");
	}
	if (!nall)
		snprintf(buf, cap, "none installed");
}

int engines_find(const char *name, const engine_file **out, err *e)
{
	const engine_file *en;

	if (!scanned)
		scan();
	if (scan_err.code) {
		*e = scan_err;
		return -1;
	}
	if ((en = named(name, NULL))) {
		*out = en;
		return 0;
	}
	{
		char known[1024];

		engines_summary(known, sizeof(known));
		err_set(e, EXIT_USAGE, "unknown engine \"%s\"", name);
		err_detail(e, "engines are the *.ini files in the engines directory beside the plugins");
		err_hint(e, "engines: %s", known);
	}
	return -1;
}

const char *engines_scheme(const char *name)
{
	const engine_file *en;
	err ignore;

	memset(&ignore, 0, sizeof(ignore));
	return engines_find(name, &en, &ignore) == 0 ? en->scheme : name;
}

size_t engines_settings(const engine_file *en, const char *section, dba_param **out)
{
	const ini_doc *doc = en->doc;
	size_t n = 0;

	*out = NULL;
	for (size_t i = 0; i < doc->n; i++)
		n += doc->v[i].key && !strcmp(doc->v[i].section, section);
	if (!n || !(*out = calloc(n, sizeof(**out))))
		return 0;
	n = 0;
	for (size_t i = 0; i < doc->n; i++)
		if (doc->v[i].key && !strcmp(doc->v[i].section, section)) {
			(*out)[n].key = doc->v[i].key;
			(*out)[n++].value = doc->v[i].value;
		}
	return n;
}

int engines_has_section(const engine_file *en, const char *section)
{
	const ini_doc *doc = en->doc;

	for (size_t i = 0; i < doc->n; i++)
		if (!strcmp(doc->v[i].section, section))
			return 1;
	return 0;
}

char *engines_expand(const char *tmpl, const char *user, const char *password, const char *database, int port)
{
	char portbuf[16], *out = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&out, &len);

	if (!m)
		return NULL;
	snprintf(portbuf, sizeof(portbuf), "%d", port);
	for (const char *p = tmpl; *p; p++) {
		static const char *const names[] = { "{user}", "{password}", "{database}", "{port}" };
		const char *vals[] = { user, password, database, portbuf };
		int done = 0;

		for (size_t k = 0; k < 4 && !done; k++)
			if (!strncmp(p, names[k], strlen(names[k]))) {
				fputs(vals[k] ? vals[k] : "", m);
				p += strlen(names[k]) - 1;
				done = 1;
			}
		if (!done)
			fputc(*p, m);
	}
	fclose(m);
	return out;
}
