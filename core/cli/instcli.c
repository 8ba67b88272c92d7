#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../engines.h"
#include "../instance.h"
#include "instcli.h"

int instcli_unknown_opt(const char *cmd, err *e)
{
	err_set(e, EXIT_USAGE, "%s: unknown option or missing argument", cmd);
	err_hint(e, "dbarena %s --help shows the usage", cmd);
	return EXIT_USAGE;
}

int instcli_rt_fail(err *e, int code, const dba_error *de, const char *what)
{
	err_from_db(e, code, de, what);
	return e->code ? e->code : code;
}

json_t *instcli_json(const dba_instance *i, int show_password)
{
	json_t *o = json_object();
	char *u = instance_url(i, show_password);

	json_object_set_new(o, "name", json_string(i->name));
	json_object_set_new(o, "id", json_string(i->id));
	json_object_set_new(o, "engine", json_string(i->engine));
	json_object_set_new(o, "version", json_string(i->version));
	json_object_set_new(o, "state", json_string(i->state));
	json_object_set_new(o, "runtime", json_string(i->runtime));
	json_object_set_new(o, "image", json_string(i->image));
	json_object_set_new(o, "host", json_string(i->host[0] ? i->host : "127.0.0.1"));
	json_object_set_new(o, "port", json_integer(i->port));
	json_object_set_new(o, "user", json_string(i->user));
	json_object_set_new(o, "password", json_string(show_password ? i->password : "****"));
	json_object_set_new(o, "database", json_string(i->database));
	json_object_set_new(o, "created", json_integer(i->created));
	json_object_set_new(o, "url", json_string(u ? u : ""));
	free(u);
	return o;
}

void instcli_json_print(json_t *v)
{
	char *s = json_dumps(v, JSON_INDENT(2) | JSON_PRESERVE_ORDER);

	printf("%s\n", s ? s : "null");
	free(s);
	json_decref(v);
}

void instcli_created_text(int64_t t, char *buf, size_t cap)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (t <= 0 || !localtime_r(&tt, &tm))
		snprintf(buf, cap, "-");
	else
		strftime(buf, cap, "%Y-%m-%d %H:%M:%S", &tm);
}

int instcli_ready_timeout(const char *name)
{
	const engine_file *en;
	err ignore;

	memset(&ignore, 0, sizeof(ignore));
	return engines_find(name, &en, &ignore) == 0 ? en->ready_timeout_s : 60;
}
