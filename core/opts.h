/* Global options (SPEC section 1) and the global config file (SPEC section 5). */
#ifndef DBARENA_OPTS_H
#define DBARENA_OPTS_H

#include "err.h"

typedef struct opts {
	int verbose;
	int no_color;
	const char *plugin_dir;   /* --plugin-dir */
	const char *config_file;  /* --config-file */
} opts;

extern opts g_opts;

/* Loads dbarena.ini (--config-file, ./dbarena.ini, $XDG_CONFIG_HOME/dbarena/dbarena.ini) if present. */
int opts_load_config(err *e);
/* A value from the global config: opts_get("core", "plugin_dir"); NULL when unset. */
const char *opts_get(const char *section, const char *key);

#endif
