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

	(void)engine; /* the image comes from the engine file at create */
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

/*
 * cport (may be NULL) gets the server port inside the container, exec_env
 * (may be NULL, cap 2048) the exec_env templates of its label.
 */
static int from_json(json_t *c, dba_instance *out, int *cport, char *exec_env, dba_error *err)
{
	json_t *cfg = json_object_get(c, "Config"), *labels = json_object_get(cfg, "Labels");
	json_t *env = json_object_get(cfg, "Env");
	const char *name = json_string_value(json_object_get(c, "Name"));
	const char *pw, *pwenv;
	int cp;

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
	cp = *label(labels, "dbarena.cport") ? atoi(label(labels, "dbarena.cport")) : dk_legacy_port(out->engine);
	if (cport)
		*cport = cp;
	if (exec_env)
		snprintf(exec_env, 2048, "%s", label(labels, "dbarena.exec_env"));
	pwenv = *label(labels, "dbarena.password_env") ? label(labels, "dbarena.password_env")
						       : dk_legacy_password_env(out->engine);
	pw = pwenv ? env_value(env, pwenv) : NULL;
	snprintf(out->password, sizeof(out->password), "%s", pw ? pw : "");
	if (cp) {
		/* Published port, read back from Docker (bridge mode). */
		char key[32];
		json_t *b;

		snprintf(key, sizeof(key), "%d/tcp", cp);
		b = json_array_get(json_object_get(json_object_get(json_object_get(c, "NetworkSettings"), "Ports"), key), 0);
		if (b && json_string_value(json_object_get(b, "HostPort")))
			out->port = atoi(json_string_value(json_object_get(b, "HostPort")));
	}
	return 0;
}

static int inspect_port(const char *id, dba_instance *out, int *cport, char *exec_env, dba_error *err)
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
	rc = from_json(c, out, cport, exec_env, err);
	json_decref(c);
	return rc;
}

static int dk_inspect(const char *id, dba_instance *out, dba_error *err)
{
	return inspect_port(id, out, NULL, NULL, err);
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
		ERR(err, DBA_ERR_RESOURCE, "out of memory");
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

/* ---- create / lifecycle ---- */

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

/* image: --image, else the engine file's image:tag (--version replaces the tag). */
static int pick_image(const dba_create_opts *o, char *image, size_t cap, dba_error *err)
{
	const char *repo = dk_setting(o, "image"), *tag = dk_setting(o, "tag");

	if (o->image && *o->image) {
		snprintf(image, cap, "%s", o->image);
		return 0;
	}
	if (!repo || !*repo) {
		ERR(err, DBA_ERR_UNSUPPORTED, "the docker runtime has no image for %s", o->engine);
		snprintf(err->hint, sizeof(err->hint),
			 "give --image, or add image = REPOSITORY to the [docker] section of the engine file");
		return -1;
	}
	snprintf(image, cap, "%s:%s", repo, o->version && *o->version ? o->version : tag && *tag ? tag : "latest");
	return 0;
}

static json_t *create_labels(const dba_create_opts *o, const char *image, int cport_n)
{
	json_t *labels = json_object();
	const char *tag = strrchr(image, ':'), *sl = strrchr(image, '/'), *pwenv = dk_setting(o, "password_env");
	char port[16], *exec_env = dk_exec_templates(o);

	json_object_set_new(labels, "dbarena.managed", json_string("true"));
	json_object_set_new(labels, "dbarena.database", json_string(o->engine));
	json_object_set_new(labels, "dbarena.version",
			    json_string(o->version && *o->version ? o->version
					: tag && (!sl || tag > sl) ? tag + 1 : "latest"));
	json_object_set_new(labels, "dbarena.user", json_string(o->user));
	json_object_set_new(labels, "dbarena.dbname", json_string(o->database));
	snprintf(port, sizeof(port), "%d", o->network_host ? cport_n : o->port);
	json_object_set_new(labels, "dbarena.port", json_string(port));
	snprintf(port, sizeof(port), "%d", cport_n);
	json_object_set_new(labels, "dbarena.cport", json_string(port));
	/* Names, not values: the password itself stays in the container's environment only. */
	json_object_set_new(labels, "dbarena.password_env", json_string(pwenv ? pwenv : ""));
	json_object_set_new(labels, "dbarena.exec_env", json_string(exec_env ? exec_env : ""));
	free(exec_env);
	return labels;
}

static json_t *host_config(const dba_create_opts *o, const char *portkey)
{
	json_t *hc = json_object();

	if (o->network_host) {
		json_object_set_new(hc, "NetworkMode", json_string("host"));
	} else {
		json_t *pb = json_object(), *bind = json_object();
		char port[16];

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
	return hc;
}

static int dk_create(const dba_create_opts *o, dba_instance *out, dba_error *err)
{
	char image[512], portkey[32], pathq[512], enc[300];
	json_t *body, *cmd;
	dk_buf b;
	long status;
	int server_port = o->size >= offsetof(dba_create_opts, server_port) + sizeof(o->server_port) ? o->server_port
												       : 0;
	int cport_n;

	if (server_port <= 0) {
		ERR(err, DBA_ERR_UNSUPPORTED, "the engine %s states no port", o->engine ? o->engine : "?");
		return -1;
	}
	if (pick_image(o, image, sizeof(image), err) || dk_ensure_image(image, err))
		return -1;
	cport_n = o->network_host && o->port > 0 ? o->port : server_port;
	snprintf(portkey, sizeof(portkey), "%d/tcp", cport_n);
	body = json_object();
	json_object_set_new(body, "Image", json_string(image));
	json_object_set_new(body, "Env", dk_env(o, cport_n));
	json_object_set_new(body, "Labels", create_labels(o, image, cport_n));
	json_object_set_new(body, "HostConfig", host_config(o, portkey));
	if ((cmd = dk_command(o, cport_n)))
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
	char path[512], eid[128], exec_env[2048];
	dk_buf b;
	dk_stream st;
	long status;
	int cport = 0;

	if (inspect_port(id, &i, &cport, exec_env, err)) {
		json_decref(cmd);
		json_decref(env);
		return -1;
	}
	for (size_t k = 0; argv[k]; k++)
		json_array_append_new(cmd, json_string(argv[k]));
	json_decref(env);
	env = dk_exec_env(*exec_env ? exec_env : dk_legacy_exec_env(i.engine), &i, cport);
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
	.runtime_ops_size = sizeof(dba_runtime_ops),
};

DBA_PLUGIN_ENTRY
{
	return &dk_plugin;
}
