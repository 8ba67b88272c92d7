#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "drv.h"
#include "engines.h"
#include "instance.h"
#include "url.h"

static const char *const runtime_names[] = { "docker", "native" };

int instance_runtimes(plugin **out, int max)
{
	int n = 0;

	for (size_t i = 0; i < sizeof(runtime_names) / sizeof(runtime_names[0]) && n < max; i++) {
		err ignore;
		plugin *p;

		memset(&ignore, 0, sizeof(ignore));
		if (plugins_load(runtime_names[i], DBA_KIND_RUNTIME, &p, &ignore) == 0) {
			dba_error de;

			memset(&de, 0, sizeof(de));
			if (!p->runtime.available || p->runtime.available(NULL, &de))
				out[n++] = p;
		}
	}
	return n;
}

int instance_find(const char *name, plugin **rt_out, dba_instance *out, err *e)
{
	plugin *rts[4];
	int nrt = instance_runtimes(rts, 4), matches = 0;
	dba_instance prefix_hit;
	plugin *prefix_rt = NULL;

	if (nrt == 0) {
		err_set(e, EXIT_PLUGIN, "no runtime plugin found: cannot look up instance \"%s\"", name);
		err_hint(e, "install dbarena-plugin-native or dbarena-plugin-docker, or use --url URL");
		return -1;
	}
	for (int r = 0; r < nrt; r++) {
		dba_instance *v = NULL;
		uint32_t n = 0;
		dba_error de;

		memset(&de, 0, sizeof(de));
		if (rts[r]->runtime.list(1, &v, &n, &de))
			continue;
		for (uint32_t i = 0; i < n; i++) {
			if (!strcmp(v[i].name, name)) {
				*out = v[i];
				*rt_out = rts[r];
				rts[r]->runtime.list_free(v);
				return 0;
			}
			if (!strncmp(v[i].id, name, strlen(name)) && *name) {
				matches++;
				prefix_hit = v[i];
				prefix_rt = rts[r];
			}
		}
		rts[r]->runtime.list_free(v);
	}
	if (matches == 1) {
		*out = prefix_hit;
		*rt_out = prefix_rt;
		return 0;
	}
	if (matches > 1) {
		err_set(e, EXIT_USAGE, "\"%s\" is ambiguous: it prefixes %d instance IDs", name, matches);
		err_hint(e, "use the full name (dbarena list --all)");
		return -1;
	}
	err_set(e, EXIT_USAGE, "no instance named \"%s\"", name);
	err_hint(e, "dbarena list --all shows the instances; use --url URL to reach a server directly");
	return -1;
}

char *instance_url(const dba_instance *i, int show_password)
{
	url u;

	/* url_format only reads the fields; the casts drop const for the struct's sake. */
	memset(&u, 0, sizeof(u));
	u.scheme = (char *)engines_scheme(i->engine);
	u.user = (char *)i->user;
	u.password = (char *)i->password;
	u.host = (char *)(i->host[0] ? i->host : "127.0.0.1");
	u.port = i->port;
	u.database = (char *)i->database;
	return url_format(&u, show_password);
}

int instance_resolve(const char *name, dba_instance *out, char **url_out, err *e)
{
	plugin *rt;

	*url_out = NULL;
	if (instance_find(name, &rt, out, e))
		return -1;
	if (strcmp(out->state, "running")) {
		err_set(e, EXIT_USAGE, "instance \"%s\" is %s", out->name, out->state);
		err_hint(e, "start it with: dbarena start %s", out->name);
		return -1;
	}
	*url_out = instance_url(out, 1);
	return 0;
}

int instance_runtime(const char *choice, const char *engine, plugin **rt, err *e)
{
	dba_error de;

	if (!choice || !strcmp(choice, "auto")) {
		err ignore;

		memset(&ignore, 0, sizeof(ignore));
		if (plugins_load("docker", DBA_KIND_RUNTIME, rt, &ignore) == 0) {
			memset(&de, 0, sizeof(de));
			if (drv_rt_available(*rt, engine, &de))
				return 0;
		}
		if (plugins_load("native", DBA_KIND_RUNTIME, rt, e))
			return -1;
		memset(&de, 0, sizeof(de));
		if (drv_rt_available(*rt, engine, &de))
			return 0;
		err_set(e, EXIT_RUNTIME, "no runtime can start %s here", engine);
		err_detail(e, "docker: no engine answered; native: %s", de.message);
		err_hint(e, "install Docker, or the server binaries the native runtime names above");
		return -1;
	}
	if (strcmp(choice, "docker") && strcmp(choice, "native"))
		return err_set(e, EXIT_USAGE, "--runtime: expected auto, docker or native, not \"%s\"", choice);
	if (plugins_load(choice, DBA_KIND_RUNTIME, rt, e))
		return -1;
	memset(&de, 0, sizeof(de));
	if (!drv_rt_available(*rt, engine, &de)) {
		err_set(e, EXIT_RUNTIME, "the %s runtime cannot start %s here: %s", choice, engine, de.message);
		if (de.hint[0])
			err_hint(e, "%s", de.hint);
		return -1;
	}
	return 0;
}
