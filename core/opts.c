#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ini.h"
#include "opts.h"

opts g_opts;
static ini_doc global;
static int loaded;

static int known_section(const char *s)
{
	return !strcmp(s, "core") || !strcmp(s, "docker") || !strncmp(s, "engine ", 7);
}

int opts_load_config(err *e)
{
	char xdg[4096];
	const char *path = g_opts.config_file, *base;

	if (!path) {
		if (access("dbarena.ini", F_OK) == 0) {
			path = "dbarena.ini";
		} else {
			base = getenv("XDG_CONFIG_HOME");
			if (base && *base)
				snprintf(xdg, sizeof(xdg), "%s/dbarena/dbarena.ini", base);
			else
				snprintf(xdg, sizeof(xdg), "%s/.config/dbarena/dbarena.ini",
					 getenv("HOME") ? getenv("HOME") : "");
			if (access(xdg, F_OK))
				return 0;
			path = xdg;
		}
	}
	if (ini_load(path, &global, e))
		return -1;
	loaded = 1;
	for (size_t i = 0; i < global.n; i++)
		if (!known_section(global.v[i].section)) {
			err_set(e, EXIT_USAGE, "%s:%d: unknown section [%s]", path, global.v[i].line,
				global.v[i].section);
			err_hint(e, "valid sections: [core], [engine NAME], [docker]");
			return -1;
		}
	return 0;
}

const char *opts_get(const char *section, const char *key)
{
	const char *v = NULL;

	if (!loaded)
		return NULL;
	for (size_t i = 0; i < global.n; i++)
		if (global.v[i].key && !strcmp(global.v[i].section, section) && !strcmp(global.v[i].key, key))
			v = global.v[i].value;
	return v;
}
