#include <dirent.h>
#include <dlfcn.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "coro.h"
#include "elfcheck.h"
#include "plugins.h"
#include "ui.h"

#ifndef PLUGINDIR
#define PLUGINDIR "/usr/local/lib/dbarena/plugins"
#endif

static const char *cli_dir;     /* --plugin-dir */
static const char *config_dir;  /* [core] plugin_dir */
static plugin **loaded;
static size_t nloaded;
static int verbosity;
static int quiet;
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;

/* The scheme map: every driver in the search path, opened once per run. */
typedef struct scheme_entry {
	const char *scheme; /* borrowed from the driver's descriptor */
	plugin *p;
} scheme_entry;
static scheme_entry *schemes;
static size_t nschemes;
static int schemes_scanned;
static plugins_refusal *refusals; /* driver files the scan could not load */
static size_t nrefusals;

void plugins_set_dir(const char *dir) { cli_dir = dir; }
void plugins_set_config_dir(const char *dir) { config_dir = dir; }
void plugins_set_verbosity(int v) { verbosity = v; }
void plugins_set_quiet(int on) { quiet = on; }

static void host_log(int32_t level, const char *who, const char *fmt, ...)
{
	static const char *names[] = { "error", "warning", "info", "debug" };
	char msg[4096], safe[4 * sizeof(msg) + 1];
	va_list ap;

	if (level > verbosity + 1 || level < 0)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	/* Plugins pass on server text (notices, errors): control characters are escaped. */
	ui_escape(safe, sizeof(safe), msg);
	pthread_mutex_lock(&log_lock);
	fprintf(stderr, "dbarena: %s: %s: %s\n", who ? who : "plugin", names[level > 3 ? 3 : level], safe);
	pthread_mutex_unlock(&log_lock);
}

/* Plugins report; the terminal is drawn by ui.c, and not at all under --quiet. */
static void host_progress(const char *who, const char *what, uint64_t done, uint64_t total)
{
	(void)who;
	if (quiet)
		return;
	pthread_mutex_lock(&log_lock);
	ui_step_progress(what, done, total);
	pthread_mutex_unlock(&log_lock);
}

static dba_host host = {
	.size = sizeof(dba_host),
	.abi_major = DBA_ABI_MAJOR,
	.abi_minor = DBA_ABI_MINOR,
	.log = host_log,
	.alloc = malloc,
	.free = free,
	.progress = host_progress,
	.wait = coro_wait,
};

/* The search path, in order; returns the count.  dirs[] entries are malloc'ed. */
static size_t search_dirs(char **dirs, size_t cap)
{
	size_t n = 0;
	const char *env = getenv("DBARENA_PLUGIN_PATH");
	char exe[PATH_MAX];
	ssize_t len;

	if (cli_dir && n < cap)
		dirs[n++] = strdup(cli_dir);
	if (env && *env) {
		char *copy = strdup(env), *save = NULL;

		for (char *tok = strtok_r(copy, ":", &save); tok && n < cap; tok = strtok_r(NULL, ":", &save))
			dirs[n++] = strdup(tok);
		free(copy);
	}
	if (config_dir && n < cap)
		dirs[n++] = strdup(config_dir);
	if (n < cap)
		dirs[n++] = strdup(PLUGINDIR);
	/* The build tree: build/dbarena next to build/plugins. */
	len = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (len > 0 && n < cap) {
		char *slash;

		exe[len] = '\0';
		if ((slash = strrchr(exe, '/'))) {
			strcpy(slash, "/plugins");
			dirs[n++] = strdup(exe);
		}
	}
	return n;
}

static void free_dirs(char **dirs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(dirs[i]);
}

size_t plugins_dirs(char **dirs, size_t cap)
{
	return search_dirs(dirs, cap);
}

void plugins_dirs_free(char **dirs, size_t n)
{
	free_dirs(dirs, n);
}

static const char *kind_name(int kind)
{
	return kind == DBA_KIND_DRIVER ? "driver" : kind == DBA_KIND_RUNTIME ? "runtime" : "unknown";
}

/*
 * The size of an operation table as the plugin built it: stated in the
 * descriptor from 1.2 (0 there means the 1.2 size), the size at the declared
 * minor before.  The core copies no more than that, so it never reads what
 * is not the plugin's, and the rest of its copy stays NULL.
 */
static size_t ops_size(const dba_plugin *d, int driver)
{
	size_t declared;

	if (driver && d->abi_minor == 0)
		return DBA_DRIVER_OPS_SIZE_1_0;
	if (driver && d->abi_minor == 1)
		return DBA_DRIVER_OPS_SIZE_1_1;
	if (!driver && d->abi_minor < 2)
		return DBA_RUNTIME_OPS_SIZE_1_0;
	/* Only a 1.2 descriptor has the size fields: an older one ends before them. */
	declared = driver ? d->driver_ops_size : d->runtime_ops_size;
	if (declared)
		return declared;
	return driver ? DBA_DRIVER_OPS_SIZE_1_2 : DBA_RUNTIME_OPS_SIZE_1_2;
}

static void copy_ops(const dba_plugin *d, plugin *p)
{
	size_t n;

	if (d->kind == DBA_KIND_DRIVER && d->driver) {
		n = ops_size(d, 1);
		memcpy(&p->driver, d->driver, n < sizeof(p->driver) ? n : sizeof(p->driver));
	}
	if (d->kind == DBA_KIND_RUNTIME && d->runtime) {
		n = ops_size(d, 0);
		memcpy(&p->runtime, d->runtime, n < sizeof(p->runtime) ? n : sizeof(p->runtime));
	}
}

/* The operations plugin.h marks required, alone or with a partner; the first missing one is named. */
static int check_required(const plugin *p, err *e)
{
	const dba_driver_ops *o = &p->driver;
	const dba_runtime_ops *r = &p->runtime;
	const char *missing = NULL, *why = NULL;

#define NEED(cond, op, reason) do { if (!missing && !(cond)) { missing = op; why = reason; } } while (0)
	if (p->d->kind == DBA_KIND_DRIVER) {
		static const char every[] = "every driver provides connect, disconnect, escape_ident, render_literal, "
					    "exec and dialect";

		NEED(o->connect, "connect", every);
		NEED(o->disconnect, "disconnect", every);
		NEED(o->escape_ident, "escape_ident", every);
		NEED(o->render_literal, "render_literal", every);
		NEED(o->exec, "exec", every);
		NEED(o->dialect, "dialect", every);
		NEED(!o->describe_table || o->table_free, "table_free", "a driver with describe_table provides it");
		NEED(!o->list_tables || o->strv_free, "strv_free", "a driver with list_tables provides it");
		NEED(!o->prepare || (o->execute && o->stmt_free), "execute or stmt_free",
		     "a driver with prepare provides both");
	} else {
		static const char every[] = "every runtime provides create, start, stop, remove, list, list_free "
					    "and inspect";

		NEED(r->create, "create", every);
		NEED(r->start, "start", every);
		NEED(r->stop, "stop", every);
		NEED(r->remove, "remove", every);
		NEED(r->list, "list", every);
		NEED(r->list_free, "list_free", every);
		NEED(r->inspect, "inspect", every);
	}
#undef NEED
	if (!missing)
		return 0;
	err_set(e, EXIT_PLUGIN, "incompatible plugin \"%s\": no %s operation", p->path, missing);
	err_detail(e, "%s (ABI %u.%u)", why, p->d->abi_major, p->d->abi_minor);
	err_hint(e, "install the %s package matching this dbarena (%s)",
		 p->d->package ? p->d->package : "dbarena-plugin-*", DBA_VERSION);
	return -1;
}

static int init_plugin(const plugin *p, err *e)
{
	dba_error de;

	memset(&de, 0, sizeof(de));
	host.verbosity = verbosity;
	if (!p->d->init || p->d->init(&host, &de) == 0)
		return 0;
	err_set(e, EXIT_PLUGIN, "plugin \"%s\" failed to initialise: %s", p->path, de.message);
	if (de.detail[0])
		err_detail(e, "%s", de.detail);
	if (de.hint[0])
		err_hint(e, "%s", de.hint);
	return -1;
}

/*
 * Opens one file and checks it before calling anything in it: magic, ABI
 * major, minor, size, name, kind.  want_kind 0 accepts any kind.
 */
static int open_plugin(const char *path, const char *name, int want_kind, plugin **out, err *e)
{
	void *dl;
	dba_entry_fn entry;
	const dba_plugin *d;
	plugin *p;

	{
		long long have, need;

		if (elfcheck_truncated(path, &have, &need)) {
			err_set(e, EXIT_PLUGIN, "cannot load plugin \"%s\"", path);
			err_detail(e, "the file is truncated or damaged: %lld bytes, its headers need at least %lld", have, need);
			err_hint(e, "reinstall dbarena-plugin-%s", name);
			return -1;
		}
	}
	dlerror();
	dl = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	if (!dl) {
		err_set(e, EXIT_PLUGIN, "cannot load plugin \"%s\"", path);
		err_detail(e, "%s", dlerror());
		err_hint(e, "reinstall dbarena-plugin-%s; a missing client library is named above", name);
		return -1;
	}
	*(void **)&entry = dlsym(dl, DBA_ENTRY_SYMBOL);
	if (!entry) {
		err_set(e, EXIT_PLUGIN, "incompatible plugin \"%s\": no %s symbol", path, DBA_ENTRY_SYMBOL);
		err_detail(e, "the file is not a dbarena plugin, or it was built without the SDK's DBA_PLUGIN_ENTRY");
		goto refuse;
	}
	d = entry();
	if (!d || d->magic != DBA_MAGIC) {
		err_set(e, EXIT_PLUGIN, "incompatible plugin \"%s\": bad magic number", path);
		err_detail(e, "the entry point does not return a dbarena plugin descriptor");
		goto refuse;
	}
	if (d->abi_major != DBA_ABI_MAJOR || d->abi_minor > DBA_ABI_MINOR) {
		err_set(e, EXIT_PLUGIN, "incompatible plugin \"%s\": ABI version mismatch", path);
		err_detail(e, "plugin built for ABI %u.%u, dbarena provides %d.%d",
			   d->abi_major, d->abi_minor, DBA_ABI_MAJOR, DBA_ABI_MINOR);
		goto refuse_pkg;
	}
	if (d->size < (d->abi_minor >= 2 ? DBA_PLUGIN_SIZE_1_2 : DBA_PLUGIN_SIZE_1_0)) {
		err_set(e, EXIT_PLUGIN, "incompatible plugin \"%s\": descriptor too small", path);
		err_detail(e, "descriptor is %u bytes, ABI %u.%u needs at least %zu", d->size, d->abi_major,
			   d->abi_minor, d->abi_minor >= 2 ? DBA_PLUGIN_SIZE_1_2 : DBA_PLUGIN_SIZE_1_0);
		goto refuse_pkg;
	}
	if (!d->name || strcmp(d->name, name)) {
		err_set(e, EXIT_PLUGIN, "incompatible plugin \"%s\": name mismatch", path);
		err_detail(e, "the file is named \"%s\" but the plugin calls itself \"%s\"", name,
			   d->name ? d->name : "(null)");
		err_hint(e, "rename the file to %s.so", d->name ? d->name : "NAME");
		dlclose(dl);
		return -1;
	}
	if ((d->kind != DBA_KIND_DRIVER || !d->driver) && (d->kind != DBA_KIND_RUNTIME || !d->runtime)) {
		err_set(e, EXIT_PLUGIN, "incompatible plugin \"%s\": unknown kind %d or no operations", path, d->kind);
		goto refuse_pkg;
	}
	if (want_kind && d->kind != want_kind) {
		err_set(e, EXIT_PLUGIN, "plugin \"%s\" is a %s plugin, not a %s", path, kind_name(d->kind),
			kind_name(want_kind));
		dlclose(dl);
		return -1;
	}
	if (!(p = calloc(1, sizeof(*p))) || !(p->path = strdup(path))) {
		free(p);
		dlclose(dl);
		return err_set(e, EXIT_PLUGIN, "out of memory");
	}
	p->d = d;
	copy_ops(d, p);
	if (check_required(p, e) || init_plugin(p, e)) {
		free(p->path);
		free(p);
		dlclose(dl);
		return -1;
	}
	*out = p;
	return 0;
refuse_pkg:
	err_hint(e, "install the %s package matching this dbarena (%s)",
		 d && d->magic == DBA_MAGIC && d->package ? d->package : "dbarena-plugin-*", DBA_VERSION);
refuse:
	dlclose(dl);
	return -1;
}

/* The plugin already loaded from path, or NULL. */
static plugin *loaded_at(const char *path)
{
	for (size_t i = 0; i < nloaded; i++)
		if (!strcmp(loaded[i]->path, path))
			return loaded[i];
	return NULL;
}

/* Opens path (once per run: later calls get the same plugin) and keeps it loaded. */
static int load_path(const char *path, const char *name, int kind, plugin **out, err *e)
{
	plugin **v;

	if ((*out = loaded_at(path))) {
		if (!kind || (*out)->d->kind == kind)
			return 0;
		return err_set(e, EXIT_PLUGIN, "plugin \"%s\" is a %s plugin, not a %s", path,
			       kind_name((*out)->d->kind), kind_name(kind));
	}
	if (open_plugin(path, name, kind, out, e))
		return -1;
	if ((v = realloc(loaded, (nloaded + 1) * sizeof(*v)))) {
		loaded = v;
		loaded[nloaded++] = *out;
	}
	host_log(DBA_LOG_INFO, "loader", "loaded %s plugin \"%s\" %s from %s", kind_name((*out)->d->kind), name,
		 (*out)->d->version ? (*out)->d->version : "", path);
	return 0;
}

static void append_searched(char *searched, size_t cap, const char *dir)
{
	if (strlen(searched) + strlen(dir) + 3 >= cap)
		return;
	if (*searched)
		strcat(searched, ", ");
	strcat(searched, dir);
}

int plugins_load(const char *name, int kind, plugin **out, err *e)
{
	char *dirs[32], path[PATH_MAX], searched[2048] = "";
	size_t n;
	int rc = -1, found = 0;

	for (size_t i = 0; i < nloaded; i++)
		if (!strcmp(loaded[i]->d->name, name) && loaded[i]->d->kind == kind) {
			*out = loaded[i];
			return 0;
		}
	n = search_dirs(dirs, 32);
	for (size_t i = 0; i < n && !found; i++) {
		snprintf(path, sizeof(path), "%s/%s.so", dirs[i], name);
		append_searched(searched, sizeof(searched), dirs[i]);
		if (access(path, F_OK) == 0) {
			found = 1;
			rc = load_path(path, name, kind, out, e);
		}
	}
	if (!found) {
		err_set(e, EXIT_PLUGIN, "no %s plugin \"%s\" found", kind_name(kind), name);
		err_detail(e, "searched: %s", searched);
		err_hint(e, "install dbarena-plugin-%s", name);
	}
	free_dirs(dirs, n);
	return rc;
}

/* Stems of the "*.so" files of dir, in directory order; malloc'ed, NULL-terminated. */
static char **so_stems(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **v = NULL;
	size_t n = 0;

	if (!d)
		return NULL;
	while ((de = readdir(d))) {
		size_t len = strlen(de->d_name);
		char **nv;

		if (len < 4 || strcmp(de->d_name + len - 3, ".so"))
			continue;
		if (!(nv = realloc(v, (n + 2) * sizeof(*v))))
			break;
		v = nv;
		v[n++] = strndup(de->d_name, len - 3);
		v[n] = NULL;
	}
	closedir(d);
	return v;
}

static void strv_free(char **v)
{
	for (size_t i = 0; v && v[i]; i++)
		free(v[i]);
	free(v);
}

static void add_scheme(const char *scheme, plugin *p)
{
	scheme_entry *v = realloc(schemes, (nschemes + 1) * sizeof(*v));

	if (!v)
		return;
	schemes = v;
	schemes[nschemes].scheme = scheme;
	schemes[nschemes++].p = p;
}

static void add_refusal(const char *name, const err *e)
{
	plugins_refusal *v = realloc(refusals, (nrefusals + 1) * sizeof(*v));

	if (!v)
		return;
	refusals = v;
	snprintf(refusals[nrefusals].name, sizeof(refusals[nrefusals].name), "%s", name);
	refusals[nrefusals++].e = *e;
}

/*
 * Opens every driver of the search path once (the first file of each name,
 * as for loading) and records the schemes each declares; a driver declaring
 * none is reached by its name.  Runtimes found on the way are loaded too
 * (as for `dbarena plugins`), and stay loaded like every plugin.
 */
static void scan_schemes(void)
{
	char *dirs[32], **seen = NULL;
	size_t n = search_dirs(dirs, 32), nseen = 0;

	schemes_scanned = 1;
	for (size_t i = 0; i < n; i++) {
		char **stems = so_stems(dirs[i]);

		for (size_t k = 0; stems && stems[k]; k++) {
			char path[PATH_MAX], **ns;
			int dup = 0;
			plugin *p;
			err e;

			for (size_t j = 0; j < nseen; j++)
				dup |= !strcmp(seen[j], stems[k]);
			if (dup || !(ns = realloc(seen, (nseen + 1) * sizeof(*ns))))
				continue;
			seen = ns;
			seen[nseen++] = strdup(stems[k]);
			snprintf(path, sizeof(path), "%s/%s.so", dirs[i], stems[k]);
			memset(&e, 0, sizeof(e));
			if (load_path(path, stems[k], 0, &p, &e)) {
				add_refusal(stems[k], &e);
				continue;
			}
			if (p->d->kind != DBA_KIND_DRIVER)
				continue;
			if (!p->d->schemes || !p->d->schemes[0])
				add_scheme(p->d->name, p);
			for (size_t j = 0; p->d->schemes && p->d->schemes[j]; j++)
				add_scheme(p->d->schemes[j], p);
		}
		strv_free(stems);
	}
	for (size_t j = 0; j < nseen; j++)
		free(seen[j]);
	free(seen);
	free_dirs(dirs, n);
}

int plugins_driver_for_scheme(const char *scheme, plugin **out, err *e)
{
	plugin *hit = NULL;

	if (!scheme || !*scheme)
		return err_set(e, EXIT_USAGE, "URL has no scheme");
	if (!schemes_scanned)
		scan_schemes();
	for (size_t i = 0; i < nschemes; i++) {
		if (strcasecmp(schemes[i].scheme, scheme) || schemes[i].p == hit)
			continue;
		if (hit) {
			err_set(e, EXIT_PLUGIN, "two driver plugins serve \"%s://\" URLs", scheme);
			err_detail(e, "%s and %s both declare the scheme \"%s\"", hit->path, schemes[i].p->path,
				   scheme);
			err_hint(e, "remove one of them from the plugin path, or put the one to use in --plugin-dir");
			return -1;
		}
		hit = schemes[i].p;
	}
	if (hit) {
		*out = hit;
		return 0;
	}
	/* A refused file named like the scheme is most likely the one meant: say why it was refused. */
	for (size_t i = 0; i < nrefusals; i++)
		if (!strcmp(refusals[i].name, scheme)) {
			*e = refusals[i].e;
			return -1;
		}
	{
		char *dirs[32], searched[2048] = "";
		size_t n = search_dirs(dirs, 32);

		for (size_t i = 0; i < n; i++)
			append_searched(searched, sizeof(searched), dirs[i]);
		free_dirs(dirs, n);
		err_set(e, EXIT_PLUGIN, "no driver plugin for \"%s://\" URLs", scheme);
		err_detail(e, "no driver in the plugin path declares the scheme; searched: %s", searched);
		err_hint(e, "install dbarena-plugin-%s", scheme);
	}
	return -1;
}

static int by_name(const void *a, const void *b)
{
	const plugins_info *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	return c ? c : strcmp(x->path, y->path);
}

/* "ok", or a note when another driver declares one of p's schemes; malloc'ed. */
static char *driver_status(const plugin *p, const plugins_info *v, size_t n)
{
	char buf[PATH_MAX + 128];

	for (size_t j = 0; p->d->kind == DBA_KIND_DRIVER && p->d->schemes && p->d->schemes[j]; j++)
		for (size_t k = 0; k < n; k++) {
			const plugin *q = v[k].p;

			if (!q || q == p || q->d->kind != DBA_KIND_DRIVER)
				continue;
			for (size_t m = 0; q->d->schemes && q->d->schemes[m]; m++)
				if (!strcasecmp(q->d->schemes[m], p->d->schemes[j])) {
					snprintf(buf, sizeof(buf), "conflict: scheme \"%s\" is also declared by %s",
						 p->d->schemes[j], q->path);
					return strdup(buf);
				}
		}
	return strdup("ok");
}

int plugins_scan(plugins_info **out, size_t *nout)
{
	char *dirs[32];
	size_t n = search_dirs(dirs, 32), count = 0;
	plugins_info *v = NULL;

	for (size_t i = 0; i < n; i++) {
		char **stems = so_stems(dirs[i]);

		for (size_t s = 0; stems && stems[s]; s++) {
			plugins_info *nv, *pi;
			char path[PATH_MAX];
			int dup = 0;
			err e;

			for (size_t k = 0; k < count; k++)
				dup |= !strcmp(v[k].name, stems[s]);
			if (dup)
				continue; /* an earlier directory wins, as for loading */
			if (!(nv = realloc(v, (count + 1) * sizeof(*v))))
				break;
			v = nv;
			pi = &v[count++];
			memset(pi, 0, sizeof(*pi));
			snprintf(path, sizeof(path), "%s/%s.so", dirs[i], stems[s]);
			pi->path = strdup(path);
			pi->name = strdup(stems[s]);
			memset(&e, 0, sizeof(e));
			if (load_path(path, pi->name, 0, &pi->p, &e)) {
				pi->p = NULL;
				if (asprintf(&pi->status, "refused: %s%s%s", e.msg, e.detail[0] ? "; " : "",
					     e.detail) < 0)
					pi->status = NULL;
			}
		}
		strv_free(stems);
	}
	free_dirs(dirs, n);
	for (size_t k = 0; k < count; k++)
		if (v[k].p)
			v[k].status = driver_status(v[k].p, v, count);
	if (count)
		qsort(v, count, sizeof(*v), by_name);
	*out = v;
	*nout = count;
	return 0;
}

void plugins_scan_free(plugins_info *v, size_t n)
{
	/* The plugins themselves stay loaded (the loader owns them until exit). */
	for (size_t i = 0; i < n; i++) {
		free(v[i].name);
		free(v[i].path);
		free(v[i].status);
	}
	free(v);
}
