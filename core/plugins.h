/*
 * The plugin loader (SPEC section 6).  Search order: --plugin-dir,
 * DBARENA_PLUGIN_PATH (colon-separated), [core] plugin_dir, the compiled-in
 * PLUGINDIR, and the build tree next to the running binary.
 */
#ifndef DBARENA_PLUGINS_H
#define DBARENA_PLUGINS_H

#include "dbarena/plugin.h"
#include "err.h"

/* The search path in order (malloc'ed entries, at most cap); free with plugins_dirs_free. */
size_t plugins_dirs(char **dirs, size_t cap);
void plugins_dirs_free(char **dirs, size_t n);

/* A loaded plugin; the loader owns it until exit. */
typedef struct plugin {
	char *path;
	const dba_plugin *d;         /* the plugin's descriptor */
	dba_driver_ops driver;       /* copy, zero past what the plugin declared */
	dba_runtime_ops runtime;     /* copy, zero past what the plugin declared */
} plugin;

/* Directories given by --plugin-dir and the global config, before lookups. */
void plugins_set_dir(const char *dir);        /* --plugin-dir */
void plugins_set_config_dir(const char *dir); /* [core] plugin_dir */
/* The verbosity plugins see (0 normal, 1 -v, 2 -vv); host->log prints up to verbosity + 1. */
void plugins_set_verbosity(int v);
/* 1: plugins' progress reports (host->progress) are not drawn (--quiet). */
void plugins_set_quiet(int on);

/*
 * Loads the plugin called name (the file stem: NAME.so) of the given kind.
 * Missing or refused: EXIT_PLUGIN with message/detail/hint naming the file,
 * both ABI versions and the package to install.
 */
int plugins_load(const char *name, int kind, plugin **out, err *e);
/*
 * The driver declaring scheme (case-insensitive) in its descriptor's
 * schemes, among every driver of the search path (opened once per run, the
 * first file of each name).  None: EXIT_PLUGIN "no driver plugin for
 * \"x://\" URLs" (or why the file named like the scheme was refused); two
 * drivers declaring it: EXIT_PLUGIN naming both files.
 */
int plugins_driver_for_scheme(const char *scheme, plugin **out, err *e);

/* A driver file the scheme scan could not load. */
typedef struct plugins_refusal {
	char name[128];
	err e;
} plugins_refusal;

/* One plugin file found by plugins_scan(), loaded or refused. */
typedef struct plugins_info {
	char *name;     /* file stem */
	char *path;
	plugin *p;      /* NULL when refused; owned by the loader */
	char *status;   /* "ok", "refused: reason" or "conflict: ..." (a scheme another driver declares) */
} plugins_info;

/* Every "*.so" in the search path (the first of each name), sorted by name; for `dbarena plugins`. */
int plugins_scan(plugins_info **out, size_t *n);
void plugins_scan_free(plugins_info *v, size_t n);

#endif
