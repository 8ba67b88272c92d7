/*
 * What the docker runtime knows of an engine: the [docker] section of its
 * engine file, handed over in dba_create_opts.settings (ABI 1.2).  Keys:
 * image, tag, env.NAME (one per variable), password_env, command,
 * host_command (with --network host), exec_env.NAME (for dbarena exec).
 * Values may hold {user}, {password}, {database} and {port} (the port the
 * server listens on inside the container).
 *
 * Containers created before engine files carry no dbarena.password_env /
 * dbarena.exec_env labels: the legacy table below reads those.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dk.h"

const char *dk_setting(const dba_create_opts *o, const char *key)
{
	const char *v = NULL;

	if (o->size < offsetof(dba_create_opts, nsettings) + sizeof(o->nsettings))
		return NULL;
	for (uint32_t i = 0; i < o->nsettings; i++)
		if (!strcmp(o->settings[i].key, key))
			v = o->settings[i].value;
	return v;
}

void dk_expand(const char *tmpl, const char *user, const char *password, const char *database, int port,
	       char *out, size_t cap)
{
	static const char *const names[] = { "{user}", "{password}", "{database}", "{port}" };
	char portbuf[16];
	const char *vals[4];
	size_t n = 0;

	snprintf(portbuf, sizeof(portbuf), "%d", port);
	vals[0] = user ? user : "";
	vals[1] = password ? password : "";
	vals[2] = database ? database : "";
	vals[3] = portbuf;
	for (const char *p = tmpl; *p && n + 1 < cap; p++) {
		int done = 0;

		for (size_t k = 0; k < 4 && !done; k++)
			if (!strncmp(p, names[k], strlen(names[k]))) {
				n += (size_t)snprintf(out + n, cap - n, "%s", vals[k]);
				p += strlen(names[k]) - 1;
				done = 1;
			}
		if (!done)
			out[n++] = *p;
		if (n >= cap)
			n = cap - 1;
	}
	out[n < cap ? n : cap - 1] = '\0';
}

/* Each settings key "prefix.NAME" as "NAME=" + expanded value. */
static void prefixed_env(const dba_create_opts *o, const char *prefix, int port, json_t *arr)
{
	size_t plen = strlen(prefix);

	if (o->size < offsetof(dba_create_opts, nsettings) + sizeof(o->nsettings))
		return;
	for (uint32_t i = 0; i < o->nsettings; i++) {
		char val[1024], s[1200];

		if (strncmp(o->settings[i].key, prefix, plen) || !o->settings[i].key[plen])
			continue;
		dk_expand(o->settings[i].value, o->user, o->password, o->database, port, val, sizeof(val));
		snprintf(s, sizeof(s), "%s=%s", o->settings[i].key + plen, val);
		json_array_append_new(arr, json_string(s));
	}
}

json_t *dk_env(const dba_create_opts *o, int cport)
{
	json_t *env = json_array();

	prefixed_env(o, "env.", cport, env);
	for (uint32_t i = 0; i < o->nenv; i++)
		json_array_append_new(env, json_string(o->env[i]));
	return env;
}

json_t *dk_command(const dba_create_opts *o, int cport)
{
	const char *tmpl = o->network_host && dk_setting(o, "host_command") ? dk_setting(o, "host_command")
									   : dk_setting(o, "command");
	char line[2048], *save = NULL;
	json_t *cmd;

	if (!tmpl)
		return NULL;
	dk_expand(tmpl, o->user, o->password, o->database, cport, line, sizeof(line));
	cmd = json_array();
	for (char *tok = strtok_r(line, " \t", &save); tok; tok = strtok_r(NULL, " \t", &save))
		json_array_append_new(cmd, json_string(tok));
	return cmd;
}

char *dk_exec_templates(const dba_create_opts *o)
{
	char *out = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&out, &len);

	if (!m)
		return NULL;
	if (o->size >= offsetof(dba_create_opts, nsettings) + sizeof(o->nsettings))
		for (uint32_t i = 0; i < o->nsettings; i++)
			if (!strncmp(o->settings[i].key, "exec_env.", 9) && o->settings[i].key[9])
				fprintf(m, "%s=%s\n", o->settings[i].key + 9, o->settings[i].value);
	fclose(m);
	return out;
}

json_t *dk_exec_env(const char *templates, const dba_instance *i, int cport)
{
	json_t *env = json_array();
	char *copy = strdup(templates ? templates : ""), *save = NULL;

	for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char s[1200];

		dk_expand(line, i->user, i->password, i->database, cport, s, sizeof(s));
		json_array_append_new(env, json_string(s));
	}
	free(copy);
	return env;
}

/* Containers from before engine files: what their labels do not say. */
static const struct legacy {
	const char *engine;
	int port;
	const char *password_env;
	const char *exec_env;
} legacy[] = {
	{ "postgres", 5432, "POSTGRES_PASSWORD",
	  "PGPORT={port}\nPGUSER={user}\nPGPASSWORD={password}\nPGDATABASE={database}\n" },
	{ "mysql", 3306, "MYSQL_ROOT_PASSWORD", "MYSQL_TCP_PORT={port}\nMYSQL_PWD={password}\n" },
	{ "sqlserver", 1433, "MSSQL_SA_PASSWORD", "" },
};

static const struct legacy *legacy_of(const char *engine)
{
	for (size_t i = 0; i < sizeof(legacy) / sizeof(legacy[0]); i++)
		if (!strcmp(legacy[i].engine, engine))
			return &legacy[i];
	return NULL;
}

int dk_legacy_port(const char *engine)
{
	const struct legacy *l = legacy_of(engine);

	return l ? l->port : 0;
}

const char *dk_legacy_password_env(const char *engine)
{
	const struct legacy *l = legacy_of(engine);

	return l ? l->password_env : NULL;
}

const char *dk_legacy_exec_env(const char *engine)
{
	const struct legacy *l = legacy_of(engine);

	return l ? l->exec_env : "";
}
