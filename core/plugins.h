/*
 * The plugin loader (SPEC section 6).  Search order: --plugin-dir,
 * DBARENA_PLUGIN_PATH (colon-separated), [core] plugin_dir, the compiled-in
 * PLUGINDIR, and the build tree next to the running binary.
 */
#ifndef DBARENA_PLUGINS_H
#define DBARENA_PLUGINS_H

#include "dbarena/plugin.h"
#include "err.h"

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

/*
 * Loads the plugin called name ("postgres", "docker") of the given kind.
 * Missing or refused: EXIT_PLUGIN with message/detail/hint naming the file,
 * both ABI versions and the package to install.
 */
int plugins_load(const char *name, int kind, plugin **out, err *e);
/* Driver for a URL scheme; unknown scheme is EXIT_USAGE. */
int plugins_driver_for_scheme(const char *scheme, plugin **out, err *e);

/* One plugin file found by plugins_scan(), loaded or refused. */
typedef struct plugins_info {
	char *name;     /* file stem */
	char *path;
	plugin *p;      /* NULL when refused */
	char *status;   /* "ok" or "refused: reason" */
} plugins_info;

/* Every "*.so" in the search path (the first of each name), sorted by name; for `dbarena plugins`. */
int plugins_scan(plugins_info **out, size_t *n);
void plugins_scan_free(plugins_info *v, size_t n);

#endif
