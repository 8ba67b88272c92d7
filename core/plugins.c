#include <dirent.h>
#include <dlfcn.h>
#include <elf.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "opts.h"
#include "plugins.h"
#include "url.h"

#ifndef PLUGINDIR
#define PLUGINDIR "/usr/local/lib/dbarena/plugins"
#endif

static const char *cli_dir;     /* --plugin-dir */
static const char *config_dir;  /* [core] plugin_dir */
static plugin **loaded;
static size_t nloaded;
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;

void plugins_set_dir(const char *dir) { cli_dir = dir; }
void plugins_set_config_dir(const char *dir) { config_dir = dir; }

static void host_log(int32_t level, const char *who, const char *fmt, ...)
{
	static const char *names[] = { "error", "warning", "info", "debug" };
	va_list ap;

	if (level > g_opts.verbose + 1 || level < 0)
		return;
	pthread_mutex_lock(&log_lock);
	fprintf(stderr, "dbarena: %s: %s: ", who ? who : "plugin", names[level > 3 ? 3 : level]);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	pthread_mutex_unlock(&log_lock);
}

static dba_host host = {
	.size = sizeof(dba_host),
	.abi_major = DBA_ABI_MAJOR,
	.abi_minor = DBA_ABI_MINOR,
	.log = host_log,
	.alloc = malloc,
	.free = free,
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

static const char *kind_name(int kind)
{
	return kind == DBA_KIND_DRIVER ? "driver" : kind == DBA_KIND_RUNTIME ? "runtime" : "unknown";
}

/*
 * A truncated shared object makes the dynamic loader map pages past the end
 * of the file, and touching them kills the process with SIGBUS before dlopen
 * can report anything.  So check first that every segment the ELF headers
 * name lies inside the file.  Returns 0 when the file looks whole (or is not
 * a 64-bit ELF file, which dlopen then refuses properly).
 */
static int elf_truncated(const char *path, long long *have, long long *need)
{
	Elf64_Ehdr eh;
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC), bad = 0;

	*have = *need = 0;
	if (fd < 0)
		return 0;
	if (fstat(fd, &st) || pread(fd, &eh, sizeof(eh), 0) != (ssize_t)sizeof(eh) ||
	    memcmp(eh.e_ident, ELFMAG, SELFMAG) || eh.e_ident[EI_CLASS] != ELFCLASS64) {
		/* too short for a header: truncated if it starts like an ELF file */
		bad = st.st_size >= SELFMAG && st.st_size < (off_t)sizeof(eh) && pread(fd, &eh, SELFMAG, 0) == SELFMAG &&
		      !memcmp(eh.e_ident, ELFMAG, SELFMAG);
		*have = (long long)st.st_size;
		*need = (long long)sizeof(eh);
		close(fd);
		return bad;
	}
	*have = (long long)st.st_size;
	*need = (long long)(eh.e_phoff + (Elf64_Off)eh.e_phnum * eh.e_phentsize);
	if (*need > *have) {
		close(fd);
		return 1;
	}
	for (unsigned i = 0; i < eh.e_phnum && !bad; i++) {
		Elf64_Phdr ph;

		if (pread(fd, &ph, sizeof(ph), (off_t)(eh.e_phoff + (Elf64_Off)i * eh.e_phentsize)) != (ssize_t)sizeof(ph))
			break;
		if (ph.p_type == PT_LOAD && (long long)(ph.p_offset + ph.p_filesz) > *have) {
			*need = (long long)(ph.p_offset + ph.p_filesz);
			bad = 1;
		}
	}
	close(fd);
	return bad;
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
	dba_error de;

	{
		long long have, need;

		if (elf_truncated(path, &have, &need)) {
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
	if (d->size < sizeof(dba_plugin)) {
		err_set(e, EXIT_PLUGIN, "incompatible plugin \"%s\": descriptor too small", path);
		err_detail(e, "descriptor is %u bytes, ABI %d.%d needs at least %zu", d->size,
			   DBA_ABI_MAJOR, DBA_ABI_MINOR, sizeof(dba_plugin));
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
	memset(&de, 0, sizeof(de));
	host.verbosity = g_opts.verbose;
	if (d->init && d->init(&host, &de)) {
		err_set(e, EXIT_PLUGIN, "plugin \"%s\" failed to initialise: %s", path, de.message);
		if (de.detail[0])
			err_detail(e, "%s", de.detail);
		if (de.hint[0])
			err_hint(e, "%s", de.hint);
		dlclose(dl);
		return -1;
	}
	p = calloc(1, sizeof(*p));
	if (!p) {
		dlclose(dl);
		return err_set(e, EXIT_PLUGIN, "out of memory");
	}
	p->path = strdup(path);
	p->d = d;
	/*
	 * Copy the operations a plugin's minor has: a 1.0 driver table ends
	 * before sync_identity, and what lies past it is not the plugin's.
	 */
	if (d->driver && d->abi_minor >= 1)
		p->driver = *d->driver;
	else if (d->driver)
		memcpy(&p->driver, d->driver, offsetof(dba_driver_ops, sync_identity));
	if (d->runtime)
		p->runtime = *d->runtime;
	*out = p;
	return 0;
refuse_pkg:
	err_hint(e, "install the %s package matching this dbarena (%s)",
		 d && d->magic == DBA_MAGIC && d->package ? d->package : "dbarena-plugin-*", DBA_VERSION);
refuse:
	dlclose(dl);
	return -1;
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
		if (strlen(searched) + strlen(dirs[i]) + 3 < sizeof(searched)) {
			if (*searched)
				strcat(searched, ", ");
			strcat(searched, dirs[i]);
		}
		if (access(path, F_OK) == 0) {
			found = 1;
			if (open_plugin(path, name, kind, out, e) == 0) {
				plugin **v = realloc(loaded, (nloaded + 1) * sizeof(*v));

				if (v) {
					loaded = v;
					loaded[nloaded++] = *out;
				}
				host_log(DBA_LOG_INFO, "loader", "loaded %s plugin \"%s\" %s from %s", kind_name(kind),
					 name, (*out)->d->version ? (*out)->d->version : "", path);
				rc = 0;
			}
		}
	}
	if (!found) {
		if (kind == DBA_KIND_DRIVER)
			err_set(e, EXIT_PLUGIN, "no driver plugin \"%s\" found", name);
		else
			err_set(e, EXIT_PLUGIN, "no runtime plugin \"%s\" found", name);
		err_detail(e, "searched: %s", searched);
		err_hint(e, "install dbarena-plugin-%s", name);
	}
	free_dirs(dirs, n);
	return rc;
}

int plugins_driver_for_scheme(const char *scheme, plugin **out, err *e)
{
	const char *name = url_driver(scheme);

	if (!name)
		return err_set(e, EXIT_USAGE, "URL has no scheme");
	if (plugins_load(name, DBA_KIND_DRIVER, out, e)) {
		if (!strncmp(e->msg, "no driver plugin", 16)) {
			char detail[sizeof(e->detail)];

			snprintf(detail, sizeof(detail), "%s", e->detail);
			err_set(e, EXIT_PLUGIN, "no driver plugin for \"%s://\" URLs", scheme);
			err_detail(e, "%s", detail);
			err_hint(e, "install dbarena-plugin-%s", name);
		}
		return -1;
	}
	return 0;
}

static int by_name(const void *a, const void *b)
{
	const plugins_info *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	return c ? c : strcmp(x->path, y->path);
}

int plugins_scan(plugins_info **out, size_t *nout)
{
	char *dirs[32];
	size_t n = search_dirs(dirs, 32), count = 0;
	plugins_info *v = NULL;

	for (size_t i = 0; i < n; i++) {
		DIR *dir = opendir(dirs[i]);
		struct dirent *de;

		if (!dir)
			continue;
		while ((de = readdir(dir))) {
			size_t len = strlen(de->d_name);
			plugins_info *nv, *pi;
			char path[PATH_MAX];
			int dup = 0;
			err e;

			if (len < 4 || strcmp(de->d_name + len - 3, ".so"))
				continue;
			for (size_t k = 0; k < count; k++)
				if (!strncmp(v[k].name, de->d_name, len - 3) && !v[k].name[len - 3])
					dup = 1;
			if (dup)
				continue; /* an earlier directory wins, as for loading */
			nv = realloc(v, (count + 1) * sizeof(*v));
			if (!nv)
				break;
			v = nv;
			pi = &v[count++];
			memset(pi, 0, sizeof(*pi));
			snprintf(path, sizeof(path), "%s/%s", dirs[i], de->d_name);
			pi->path = strdup(path);
			pi->name = strndup(de->d_name, len - 3);
			memset(&e, 0, sizeof(e));
			if (open_plugin(path, pi->name, 0, &pi->p, &e) == 0) {
				pi->status = strdup("ok");
			} else {
				char buf[3200];

				snprintf(buf, sizeof(buf), "refused: %s%s%s", e.msg, e.detail[0] ? "; " : "", e.detail);
				pi->status = strdup(buf);
			}
		}
		closedir(dir);
	}
	free_dirs(dirs, n);
	if (count)
		qsort(v, count, sizeof(*v), by_name);
	*out = v;
	*nout = count;
	return 0;
}

void plugins_scan_free(plugins_info *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].name);
		free(v[i].path);
		free(v[i].status);
		if (v[i].p) {
			free(v[i].p->path);
			free(v[i].p);
		}
	}
	free(v);
}
