/*
 * The metadata block of a results file: what ran, where, when, and with
 * which server settings (read with the driver's exec: SHOW / SELECT).
 */
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "../plugins.h"
#include "../url.h"
#include "dbarena/version.h"
#include "engine_sql.h"
#include "results.h"

static json_t *cmdline;
static json_t *override_meta;
static json_t *captured_server; /* asked when the run connected (results_capture_server) */

void results_set_cmdline(int argc, char *const *argv)
{
	json_decref(cmdline);
	cmdline = json_array();
	for (int i = 0; i < argc; i++) {
		char *masked = NULL;
		url u;
		err e;

		if (strstr(argv[i], "://")) {
			memset(&u, 0, sizeof(u));
			if (!url_parse(argv[i], &u, &e))
				masked = url_format(&u, 0);
			url_free(&u);
			if (!masked && (masked = strdup(argv[i])))
				url_scrub(masked);
		}
		json_array_append_new(cmdline, json_string(masked ? masked : argv[i]));
		free(masked);
	}
}

void results_override_metadata(json_t *meta)
{
	override_meta = meta;
}

json_t *results_overridden_metadata(void)
{
	return override_meta;
}

double results_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void results_fmt_utc(char *buf, size_t cap, double unix_s)
{
	time_t s = (time_t)unix_s;
	struct tm tm;
	char day[32];

	gmtime_r(&s, &tm);
	strftime(day, sizeof(day), "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf, cap, "%s.%03dZ", day, (int)((unix_s - (double)s) * 1000));
}

/* Rows of (name, value): each becomes settings[name] = value; a one-column row sets "version". */
static int setting_row(void *ud, int32_t is_header, uint32_t ncols, const char *const *names,
		       const char *const *values, const uint32_t *lengths)
{
	json_t *o = ud;

	if (is_header || !ncols || !values[0])
		return 0;
	if (ncols == 1)
		json_object_set_new(o, "version", json_string(values[0]));
	else
		json_object_set_new(o, values[0], values[1] ? json_string(values[1]) : json_null());
	return 0;
}

/* One SQL text of the engine file's [results] section through the driver's exec, rows into o. */
static void ask(const target *t, dba_conn *c, const engine_file *en, const char *key, json_t *o)
{
	const char *sql = results_engine_sql(en, key);
	dba_error de;

	memset(&de, 0, sizeof(de));
	if (sql)
		t->ops->exec(c, sql, setting_row, o, NULL, &de);
}

/* Product, version and settings of the server behind c, as the engine file's [results] section asks them. */
static json_t *server_info(target *t, dba_conn *c)
{
	const engine_file *en = results_engine(t);
	json_t *srv = json_object(), *set = json_object(), *ver = json_object(), *prod = json_object();
	const char *product = results_engine_sql(en, "product");

	ask(t, c, en, "product_query", prod);
	ask(t, c, en, "version_query", ver);
	ask(t, c, en, "settings_query", set);
	if (json_object_get(prod, "version"))
		json_object_set(srv, "product", json_object_get(prod, "version"));
	else
		json_object_set_new(srv, "product", json_string(product ? product : t->drv->d->name));
	json_object_set_new(srv, "engine", en ? json_string(en->name) : json_null());
	json_object_set(srv, "version", json_object_get(ver, "version") ? json_object_get(ver, "version") : json_null());
	json_decref(ver);
	json_decref(prod);
	json_object_set_new(srv, "settings", set);
	return srv;
}

static json_t *plugin_json(const plugin *p)
{
	json_t *o = json_object();

	json_object_set_new(o, "name", json_string(p->d->name ? p->d->name : ""));
	json_object_set_new(o, "version", json_string(p->d->version ? p->d->version : ""));
	json_object_set_new(o, "abi", json_sprintf("%u.%u", p->d->abi_major, p->d->abi_minor));
	return o;
}

static json_t *client_info(void)
{
	json_t *o = json_object();
	struct utsname u;
	char host[256] = "";
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);

	json_object_set_new(o, "cpus", json_integer(cpus > 0 ? cpus : 0));
	if (!uname(&u)) {
		json_object_set_new(o, "kernel", json_sprintf("%s %s %s", u.sysname, u.release, u.version));
		json_object_set_new(o, "machine", json_string(u.machine));
	}
	if (!gethostname(host, sizeof(host) - 1))
		json_object_set_new(o, "hostname", json_string(host));
	return o;
}

json_t *results_metadata(const char *command, target *t, dba_conn *c, double start, double end, json_t *config,
			 uint64_t seed)
{
	json_t *m = json_object(), *plugins = json_array();
	char when[64];

	json_object_set_new(m, "dbarena_version", json_string(DBA_VERSION));
	json_object_set_new(m, "abi", json_sprintf("%d.%d", DBA_ABI_MAJOR, DBA_ABI_MINOR));
	json_object_set_new(m, "command", json_string(command));
	if (t && t->drv)
		json_array_append_new(plugins, plugin_json(t->drv));
	json_object_set_new(m, "plugins", plugins);
	json_object_set_new(m, "client", client_info());
	results_fmt_utc(when, sizeof(when), start);
	json_object_set_new(m, "start_utc", json_string(when));
	results_fmt_utc(when, sizeof(when), end);
	json_object_set_new(m, "end_utc", json_string(when));
	json_object_set_new(m, "start_unix", json_real(start));
	json_object_set_new(m, "end_unix", json_real(end));
	json_object_set_new(m, "command_line", cmdline ? json_copy(cmdline) : json_array());
	json_object_set_new(m, "target", t && t->display ? json_string(t->display) : json_null());
	/* Asked on the caller's session, or when the run started: never a new connection at the end, where a
	   stalled server would hold the result back. */
	if (t && c)
		json_object_set_new(m, "server", server_info(t, c));
	else
		json_object_set(m, "server", captured_server ? captured_server : json_null());
	json_object_set_new(m, "seed", json_integer((json_int_t)seed));
	json_object_set_new(m, "config", config ? config : json_object());
	return m;
}

json_t *results_cmdline(void)
{
	return cmdline ? json_copy(cmdline) : json_array();
}

void results_capture_server(target *t, dba_conn *c)
{
	json_decref(captured_server);
	captured_server = t && c ? server_info(t, c) : NULL;
}
