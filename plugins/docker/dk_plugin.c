/*
 * The docker runtime: containers labelled dbarena.managed=true, ports
 * published on 127.0.0.1 with the host port chosen by Docker and read back,
 * images pulled with progress when absent.  Only containers carrying the
 * label are ever listed, stopped or removed.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#include "dk.h"

#pragma GCC diagnostic ignored "-Wformat-truncation"

#define ERR(e, cls, ...) DBA_ERR_SET(e, cls, __VA_ARGS__)

const dba_host *dk_host;

typedef struct engine_def {
	const char *engine;
	const char *repo;
	const char *tag;
	int port;
} engine_def;

static const engine_def engines[] = {
	{ "postgres", "postgres", "16", 5432 },
	{ "mysql", "mysql", "8.0", 3306 },
	{ "sqlserver", "mcr.microsoft.com/mssql/server", "2022-latest", 1433 },
};

static const engine_def *engine_of(const char *e)
{
	for (size_t i = 0; i < sizeof(engines) / sizeof(engines[0]); i++)
		if (e && !strcmp(engines[i].engine, e))
			return &engines[i];
	return NULL;
}

static int dk_init(const dba_host *h, dba_error *err)
{
	(void)err;
	dk_host = h;
	curl_global_init(CURL_GLOBAL_DEFAULT);
	return 0;
}

static int dk_available(const char *engine, dba_error *err)
{
	dk_buf b;
	long status;

	if (engine && !engine_of(engine)) {
		ERR(err, DBA_ERR_UNSUPPORTED, "the docker runtime has no image for %s", engine);
		return 0;
	}
	if (dk_request("GET", "/_ping", NULL, &b, NULL, &status, err))
		return 0;
	free(b.data);
	if (status != 200) {
		ERR(err, DBA_ERR_CONNECTION, "the Docker engine at %s answered /_ping with HTTP %ld", dk_endpoint(),
		    status);
		return 0;
	}
	return 1;
}

/* ---- inspect: container JSON to dba_instance ---- */

static const char *label(json_t *labels, const char *k)
{
	const char *v = json_string_value(json_object_get(labels, k));

	return v ? v : "";
}

static const char *env_value(json_t *env, const char *key)
{
	size_t i, n = strlen(key);
	json_t *e;

	json_array_foreach(env, i, e) {
		const char *s = json_string_value(e);

		if (s && !strncmp(s, key, n) && s[n] == '=')
			return s + n + 1;
	}
	return NULL;
}

static int64_t parse_time(const char *s)
{
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	if (!s || !strptime(s, "%Y-%m-%dT%H:%M:%S", &tm))
		return 0;
	return (int64_t)timegm(&tm);
}

/* cport (may be NULL) gets the server port inside the container. */
static int from_json(json_t *c, dba_instance *out, int *cport, dba_error *err)
{
	json_t *cfg = json_object_get(c, "Config"), *labels = json_object_get(cfg, "Labels");
	json_t *env = json_object_get(cfg, "Env");
	const char *name = json_string_value(json_object_get(c, "Name"));
	const char *pw;
	const engine_def *d;

	memset(out, 0, sizeof(*out));
	if (strcmp(label(labels, "dbarena.managed"), "true")) {
		ERR(err, DBA_ERR_USAGE, "container %s is not managed by dbarena", name ? name : "?");
		return -1;
	}
	snprintf(out->id, sizeof(out->id), "%s", json_string_value(json_object_get(c, "Id")));
	snprintf(out->name, sizeof(out->name), "%s", name ? (name[0] == '/' ? name + 1 : name) : "");
	snprintf(out->engine, sizeof(out->engine), "%s", label(labels, "dbarena.database"));
	snprintf(out->version, sizeof(out->version), "%s", label(labels, "dbarena.version"));
	snprintf(out->state, sizeof(out->state), "%s",
		 json_string_value(json_object_get(json_object_get(c, "State"), "Status")) ?: "unknown");
	snprintf(out->runtime, sizeof(out->runtime), "docker");
	snprintf(out->image, sizeof(out->image), "%s", json_string_value(json_object_get(cfg, "Image")) ?: "");
	snprintf(out->host, sizeof(out->host), "127.0.0.1");
	snprintf(out->user, sizeof(out->user), "%s", label(labels, "dbarena.user"));
	snprintf(out->database, sizeof(out->database), "%s", label(labels, "dbarena.dbname"));
	out->created = parse_time(json_string_value(json_object_get(c, "Created")));
	out->port = atoi(label(labels, "dbarena.port"));
	d = engine_of(out->engine);
	if (cport)
		*cport = *label(labels, "dbarena.cport") ? atoi(label(labels, "dbarena.cport")) : d ? d->port : 0;
	pw = !strcmp(out->engine, "postgres") ? env_value(env, "POSTGRES_PASSWORD")
	   : !strcmp(out->engine, "mysql")    ? env_value(env, "MYSQL_ROOT_PASSWORD")
					      : env_value(env, "MSSQL_SA_PASSWORD");
	snprintf(out->password, sizeof(out->password), "%s", pw ? pw : "");
	if (d) {
		/* Published port, read back from Docker (bridge mode). */
		char key[32];
		json_t *b;

		snprintf(key, sizeof(key), "%d/tcp", d->port);
		b = json_array_get(json_object_get(json_object_get(json_object_get(c, "NetworkSettings"), "Ports"), key), 0);
		if (b && json_string_value(json_object_get(b, "HostPort")))
			out->port = atoi(json_string_value(json_object_get(b, "HostPort")));
	}
	return 0;
}

static int inspect_port(const char *id, dba_instance *out, int *cport, dba_error *err)
{
	char path[512], enc[400];
	dk_buf b;
	long status;
	json_t *c;
	int rc;

	dk_urlenc(id, enc, sizeof(enc));
	snprintf(path, sizeof(path), "/containers/%s/json", enc);
	if (dk_request("GET", path, NULL, &b, NULL, &status, err))
		return -1;
	if (status != 200) {
		if (status == 404)
			ERR(err, DBA_ERR_USAGE, "no container \"%s\"", id);
		else
			dk_api_error("inspect", &b, status, err);
		free(b.data);
		return -1;
	}
	c = json_loads(b.data, 0, NULL);
	free(b.data);
	if (!c) {
		ERR(err, DBA_ERR_CONNECTION, "the Docker engine sent unreadable JSON");
		return -1;
	}
	rc = from_json(c, out, cport, err);
	json_decref(c);
	return rc;
}

static int dk_inspect(const char *id, dba_instance *out, dba_error *err)
{
	return inspect_port(id, out, NULL, err);
}

static int dk_list(int32_t all, dba_instance **out, uint32_t *nout, dba_error *err)
{
	char path[512], filt[256];
	dk_buf b;
	long status;
	json_t *arr, *e;
	size_t i;
	dba_instance *v;
	uint32_t n = 0;

	*out = NULL;
	*nout = 0;
	dk_urlenc("{\"label\":[\"dbarena.managed=true\"]}", filt, sizeof(filt));
	snprintf(path, sizeof(path), "/containers/json?all=%d&filters=%s", all ? 1 : 0, filt);
	if (dk_request("GET", path, NULL, &b, NULL, &status, err))
		return -1;
	if (status != 200 || !(arr = json_loads(b.data, 0, NULL))) {
		dk_api_error("list", &b, status, err);
		free(b.data);
		return -1;
	}
	free(b.data);
	v = calloc(json_array_size(arr) + 1, sizeof(*v));
	if (!v) {
		json_decref(arr);
		ERR(err, DBA_ERR_UNSUPPORTED, "out of memory");
		return -1;
	}
	json_array_foreach(arr, i, e) {
		dba_error ignore;

		memset(&ignore, 0, sizeof(ignore));
		if (dk_inspect(json_string_value(json_object_get(e, "Id")), &v[n], &ignore) == 0)
			n++;
	}
	json_decref(arr);
	*out = v;
	*nout = n;
	return 0;
}

static void dk_list_free(dba_instance *v)
{
	free(v);
}

/* ---- image pull ---- */

static void pull_line(void *ud, const char *text, size_t len)
{
	json_error_t je;
	json_t *v = json_loadb(text, len, 0, &je);
	dba_error *err = ud;
	const char *s;

	if (!v)
		return;
	if ((s = json_string_value(json_object_get(v, "error"))) ||
	    (s = json_string_value(json_object_get(v, "message"))))
		ERR(err, DBA_ERR_USAGE, "image pull failed: %s", s);
	else if (isatty(2)) {
		json_t *pd = json_object_get(v, "progressDetail");
		long long cur = json_integer_value(json_object_get(pd, "current"));
		long long tot = json_integer_value(json_object_get(pd, "total"));
		const char *st = json_string_value(json_object_get(v, "status"));

		if (tot > 0) {
			int w = (int)(30 * cur / tot);

			fprintf(stderr, "\r  %-12.12s [%.*s%*s] %3lld%%", st ? st : "", w, "##############################",
				30 - w, "", 100 * cur / tot);
		} else if (st) {
			fprintf(stderr, "\r\033[K  %s", st);
		}
	}
	json_decref(v);
}

static int ensure_image(const char *image, dba_error *err)
{
	char path[1024], enc[600], repo[512], tag[128];
	const char *colon = strrchr(image, ':'), *slash = strrchr(image, '/');
	dk_buf b;
	long status;

	dk_urlenc(image, enc, sizeof(enc));
	snprintf(path, sizeof(path), "/images/%s/json", enc);
	if (dk_request("GET", path, NULL, &b, NULL, &status, err))
		return -1;
	free(b.data);
	if (status == 200)
		return 0;
	if (colon && (!slash || colon > slash)) {
		snprintf(repo, sizeof(repo), "%.*s", (int)(colon - image), image);
		snprintf(tag, sizeof(tag), "%s", colon + 1);
	} else {
		snprintf(repo, sizeof(repo), "%s", image);
		snprintf(tag, sizeof(tag), "latest");
	}
	{
		char erepo[600], etag[200];

		dk_urlenc(repo, erepo, sizeof(erepo));
		dk_urlenc(tag, etag, sizeof(etag));
		snprintf(path, sizeof(path), "/images/create?fromImage=%s&tag=%s", erepo, etag);
	}
	if (isatty(2))
		fprintf(stderr, "pulling %s\n", image);
	memset(err, 0, sizeof(*err));
	if (dk_request_lines("POST", path, pull_line, err, &status, err))
		return -1;
	if (isatty(2))
		fprintf(stderr, "\r\033[K");
	if (status != 200 || err->message[0]) {
		if (!err->message[0])
			ERR(err, DBA_ERR_USAGE, "image %s not found (HTTP %ld)", image, status);
		snprintf(err->hint, sizeof(err->hint), "check --image / --version, or docker pull %s by hand", image);
		return -1;
	}
	return 0;
}

/* ---- create / lifecycle ---- */

static json_t *strs(const char *a, ...)
{
	json_t *arr = json_array();
	va_list ap;

	va_start(ap, a);
	for (const char *s = a; s; s = va_arg(ap, const char *))
		json_array_append_new(arr, json_string(s));
	va_end(ap);
	return arr;
}

static int post_simple(const char *id, const char *verb, const char *query, dba_error *err)
{
	char path[512], enc[400];
	dk_buf b;
	long status;

	dk_urlenc(id, enc, sizeof(enc));
	snprintf(path, sizeof(path), "/containers/%s/%s%s", enc, verb, query ? query : "");
	if (dk_request("POST", path, NULL, &b, NULL, &status, err))
		return -1;
	if (status != 204 && status != 304 && status != 200) {
		char what[64];

		snprintf(what, sizeof(what), "%s %s", verb, id);
		dk_api_error(what, &b, status, err);
		free(b.data);
		return -1;
	}
	free(b.data);
	return 0;
}

static int dk_create(const dba_create_opts *o, dba_instance *out, dba_error *err)
{
	const engine_def *d = engine_of(o->engine);
	char image[512], portkey[32], port[16], cport[16], pathq[512], enc[300];
	json_t *body, *env, *labels, *hc, *cmd = NULL;
	dk_buf b;
	long status;
	int cport_n;

	if (!d) {
		ERR(err, DBA_ERR_UNSUPPORTED, "the docker runtime has no image for %s", o->engine);
		return -1;
	}
	if (o->image && *o->image)
		snprintf(image, sizeof(image), "%s", o->image);
	else
		snprintf(image, sizeof(image), "%s:%s", d->repo, o->version && *o->version ? o->version : d->tag);
	if (ensure_image(image, err))
		return -1;
	cport_n = o->network_host && o->port > 0 ? o->port : d->port;
	snprintf(cport, sizeof(cport), "%d", cport_n);
	env = json_array();
	if (!strcmp(o->engine, "postgres")) {
		char s[300];

		snprintf(s, sizeof(s), "POSTGRES_USER=%s", o->user);
		json_array_append_new(env, json_string(s));
		snprintf(s, sizeof(s), "POSTGRES_PASSWORD=%s", o->password);
		json_array_append_new(env, json_string(s));
		snprintf(s, sizeof(s), "POSTGRES_DB=%s", o->database);
		json_array_append_new(env, json_string(s));
		if (o->network_host)
			cmd = strs("postgres", "-p", cport, "-c", "listen_addresses=127.0.0.1", NULL);
	} else if (!strcmp(o->engine, "mysql")) {
		char s[300], p[64];

		snprintf(s, sizeof(s), "MYSQL_ROOT_PASSWORD=%s", o->password);
		json_array_append_new(env, json_string(s));
		snprintf(s, sizeof(s), "MYSQL_DATABASE=%s", o->database);
		json_array_append_new(env, json_string(s));
		snprintf(p, sizeof(p), "--port=%s", cport);
		cmd = o->network_host ? strs("mysqld", p, "--bind-address=127.0.0.1", "--local-infile=1", NULL)
				      : strs("mysqld", "--local-infile=1", NULL);
	} else {
		char s[300];

		json_array_append_new(env, json_string("ACCEPT_EULA=Y"));
		snprintf(s, sizeof(s), "MSSQL_SA_PASSWORD=%s", o->password);
		json_array_append_new(env, json_string(s));
		snprintf(s, sizeof(s), "MSSQL_TCP_PORT=%s", cport);
		json_array_append_new(env, json_string(s));
	}
	for (uint32_t i = 0; i < o->nenv; i++)
		json_array_append_new(env, json_string(o->env[i]));
	labels = json_object();
	json_object_set_new(labels, "dbarena.managed", json_string("true"));
	json_object_set_new(labels, "dbarena.database", json_string(o->engine));
	{
		const char *tag = strrchr(image, ':'), *sl = strrchr(image, '/');

		json_object_set_new(labels, "dbarena.version",
				    json_string(o->version && *o->version ? o->version
						: tag && (!sl || tag > sl) ? tag + 1 : "latest"));
	}
	json_object_set_new(labels, "dbarena.user", json_string(o->user));
	json_object_set_new(labels, "dbarena.dbname", json_string(o->database));
	snprintf(port, sizeof(port), "%d", o->network_host ? cport_n : o->port);
	json_object_set_new(labels, "dbarena.port", json_string(port));
	json_object_set_new(labels, "dbarena.cport", json_string(cport));
	hc = json_object();
	snprintf(portkey, sizeof(portkey), "%d/tcp", d->port);
	if (o->network_host) {
		json_object_set_new(hc, "NetworkMode", json_string("host"));
	} else {
		json_t *pb = json_object(), *bind = json_object();

		json_object_set_new(bind, "HostIp", json_string("127.0.0.1"));
		snprintf(port, sizeof(port), "%d", o->port > 0 ? o->port : 0);
		json_object_set_new(bind, "HostPort", json_string(o->port > 0 ? port : ""));
		json_object_set_new(pb, portkey, json_pack("[o]", bind));
		json_object_set_new(hc, "PortBindings", pb);
	}
	if (o->memory_mb > 0)
		json_object_set_new(hc, "Memory", json_integer((json_int_t)o->memory_mb * 1024 * 1024));
	if (o->cpus > 0)
		json_object_set_new(hc, "NanoCpus", json_integer((json_int_t)(o->cpus * 1e9)));
	body = json_object();
	json_object_set_new(body, "Image", json_string(image));
	json_object_set_new(body, "Env", env);
	json_object_set_new(body, "Labels", labels);
	json_object_set_new(body, "HostConfig", hc);
	if (cmd)
		json_object_set_new(body, "Cmd", cmd);
	if (!o->network_host)
		json_object_set_new(body, "ExposedPorts", json_pack("{s:{}}", portkey));
	dk_urlenc(o->name, enc, sizeof(enc));
	snprintf(pathq, sizeof(pathq), "/containers/create?name=%s", enc);
	if (dk_request("POST", pathq, body, &b, NULL, &status, err)) {
		json_decref(body);
		return -1;
	}
	json_decref(body);
	if (status != 201) {
		dk_api_error("create container", &b, status, err);
		if (status == 409)
			snprintf(err->hint, sizeof(err->hint), "the name %s is in use: pick another --name", o->name);
		free(b.data);
		return -1;
	}
	free(b.data);
	if (post_simple(o->name, "start", NULL, err))
		return -1;
	return dk_inspect(o->name, out, err);
}

static int dk_start(const char *id, dba_error *err)
{
	dba_instance i;

	if (dk_inspect(id, &i, err))
		return -1;
	return post_simple(i.id, "start", NULL, err);
}

static int dk_stop(const char *id, int32_t timeout_s, dba_error *err)
{
	dba_instance i;
	char q[32];

	if (dk_inspect(id, &i, err))
		return -1;
	snprintf(q, sizeof(q), "?t=%d", timeout_s > 0 ? timeout_s : 10);
	return post_simple(i.id, "stop", q, err);
}

static int dk_remove(const char *id, int32_t volumes, dba_error *err)
{
	dba_instance i;
	char path[512];
	dk_buf b;
	long status;

	if (dk_inspect(id, &i, err))
		return -1;
	snprintf(path, sizeof(path), "/containers/%s?force=1&v=%d", i.id, volumes ? 1 : 0);
	if (dk_request("DELETE", path, NULL, &b, NULL, &status, err))
		return -1;
	if (status != 204 && status != 200) {
		dk_api_error("remove", &b, status, err);
		free(b.data);
		return -1;
	}
	free(b.data);
	return 0;
}

/* ---- logs / exec ---- */

static int dk_logs(const char *id, int32_t follow, int32_t tail, dba_write_fn w, void *ud, dba_error *err)
{
	dba_instance i;
	char path[512], t[16];
	dk_stream st;
	long status;

	if (dk_inspect(id, &i, err))
		return -1;
	if (tail >= 0)
		snprintf(t, sizeof(t), "%d", tail);
	else
		snprintf(t, sizeof(t), "all");
	snprintf(path, sizeof(path), "/containers/%s/logs?stdout=1&stderr=1&follow=%d&tail=%s", i.id, follow ? 1 : 0, t);
	memset(&st, 0, sizeof(st));
	st.w = w;
	st.ud = ud;
	if (dk_request("GET", path, NULL, NULL, &st, &status, err))
		return -1;
	if (status != 200 && !st.stopped) {
		ERR(err, DBA_ERR_CONNECTION, "logs %s: HTTP %ld", i.name, status);
		return -1;
	}
	return 0;
}

static int dk_exec(const char *id, const char *const *argv, dba_write_fn w, void *ud, int32_t *exit_status,
		   dba_error *err)
{
	dba_instance i;
	json_t *body, *cmd = json_array(), *env = json_array(), *v;
	char path[512], eid[128], s[300];
	dk_buf b;
	dk_stream st;
	long status;
	int cport = 0;

	if (inspect_port(id, &i, &cport, err)) {
		json_decref(cmd);
		json_decref(env);
		return -1;
	}
	for (size_t k = 0; argv[k]; k++)
		json_array_append_new(cmd, json_string(argv[k]));
	if (!strcmp(i.engine, "postgres")) {
		snprintf(s, sizeof(s), "PGPORT=%d", cport);
		json_array_append_new(env, json_string(s));
		snprintf(s, sizeof(s), "PGUSER=%s", i.user);
		json_array_append_new(env, json_string(s));
		snprintf(s, sizeof(s), "PGPASSWORD=%s", i.password);
		json_array_append_new(env, json_string(s));
		snprintf(s, sizeof(s), "PGDATABASE=%s", i.database);
		json_array_append_new(env, json_string(s));
	} else if (!strcmp(i.engine, "mysql")) {
		snprintf(s, sizeof(s), "MYSQL_TCP_PORT=%d", cport);
		json_array_append_new(env, json_string(s));
		snprintf(s, sizeof(s), "MYSQL_PWD=%s", i.password);
		json_array_append_new(env, json_string(s));
	}
	body = json_pack("{s:b,s:b,s:o,s:o}", "AttachStdout", 1, "AttachStderr", 1, "Cmd", cmd, "Env", env);
	snprintf(path, sizeof(path), "/containers/%s/exec", i.id);
	if (dk_request("POST", path, body, &b, NULL, &status, err)) {
		json_decref(body);
		return -1;
	}
	json_decref(body);
	if (status != 201 || !(v = json_loads(b.data, 0, NULL))) {
		dk_api_error("exec", &b, status, err);
		free(b.data);
		return -1;
	}
	free(b.data);
	snprintf(eid, sizeof(eid), "%s", json_string_value(json_object_get(v, "Id")) ?: "");
	json_decref(v);
	snprintf(path, sizeof(path), "/exec/%s/start", eid);
	memset(&st, 0, sizeof(st));
	st.w = w;
	st.ud = ud;
	body = json_pack("{s:b,s:b}", "Detach", 0, "Tty", 0);
	if (dk_request("POST", path, body, NULL, &st, &status, err)) {
		json_decref(body);
		return -1;
	}
	json_decref(body);
	snprintf(path, sizeof(path), "/exec/%s/json", eid);
	if (dk_request("GET", path, NULL, &b, NULL, &status, err))
		return -1;
	if (status != 200 || !(v = json_loads(b.data, 0, NULL))) {
		dk_api_error("exec status", &b, status, err);
		free(b.data);
		return -1;
	}
	free(b.data);
	*exit_status = (int32_t)json_integer_value(json_object_get(v, "ExitCode"));
	json_decref(v);
	return 0;
}

static const dba_runtime_ops dk_ops = {
	.available = dk_available,
	.create = dk_create,
	.start = dk_start,
	.stop = dk_stop,
	.remove = dk_remove,
	.list = dk_list,
	.list_free = dk_list_free,
	.inspect = dk_inspect,
	.logs = dk_logs,
	.exec = dk_exec,
};

static const dba_plugin dk_plugin = {
	.magic = DBA_MAGIC,
	.abi_major = DBA_ABI_MAJOR,
	.abi_minor = DBA_ABI_MINOR,
	.size = sizeof(dba_plugin),
	.kind = DBA_KIND_RUNTIME,
	.name = "docker",
	.version = DBA_VERSION,
	.description = "Docker Engine API over the unix socket or DOCKER_HOST (libcurl)",
	.package = "dbarena-plugin-docker",
	.caps = DBA_CAP_RT_LOGS_FOLLOW | DBA_CAP_RT_EXEC | DBA_CAP_RT_LIMITS,
	.init = dk_init,
	.runtime = &dk_ops,
};

DBA_PLUGIN_ENTRY
{
	return &dk_plugin;
}
