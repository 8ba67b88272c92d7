/* Docker runtime: Engine API over libcurl (unix socket or tcp). */
#ifndef DBARENA_DK_H
#define DBARENA_DK_H

#include <stddef.h>

#include <jansson.h>

#include "dbarena/plugin.h"

extern const dba_host *dk_host;

/* A response body collected in memory. */
typedef struct dk_buf {
	char *data;
	size_t len;
} dk_buf;

/*
 * Streams the body to a demultiplexer (logs, exec): raw frames with the
 * 8-byte header (stream, 0, 0, 0, big-endian length) are split and handed to
 * w; with raw set the body is passed through as stream 1.
 */
typedef struct dk_stream {
	dba_write_fn w;
	void *ud;
	int raw;
	int stopped;          /* w asked to stop */
	unsigned char hdr[8];
	size_t hdr_have;
	size_t frame_left;
	int frame_stream;
} dk_stream;

/* "unix:///var/run/docker.sock" or DOCKER_HOST. */
const char *dk_endpoint(void);

/*
 * One request; path without the version prefix ("/containers/json").  body:
 * JSON sent (NULL: none).  Exactly one of out / st receives the body.
 * *status gets the HTTP status.  Transport failures fill err with a hint.
 */
int dk_request(const char *method, const char *path, json_t *body, dk_buf *out, dk_stream *st, long *status,
	       dba_error *err);

/* Same with per-line callback for streamed JSON (image pull progress). */
int dk_request_lines(const char *method, const char *path, void (*line)(void *ud, const char *text, size_t len),
		     void *ud, long *status, dba_error *err);

/* Fills err from an error response ({"message": ...}) with what as context. */
void dk_api_error(const char *what, const dk_buf *b, long status, dba_error *err);

/* dk_engine.c: the engine file's [docker] settings (see there for the keys). */
/* The last value of key in o->settings, NULL when absent (or from a core before 1.2). */
const char *dk_setting(const dba_create_opts *o, const char *key);
/* tmpl with {user}, {password}, {database}, {port} replaced, truncated to cap. */
void dk_expand(const char *tmpl, const char *user, const char *password, const char *database, int port,
	       char *out, size_t cap);
/* The container's environment: env.NAME settings, then --env. */
json_t *dk_env(const dba_create_opts *o, int cport);
/* command / host_command split at spaces; NULL: the image's own. */
json_t *dk_command(const dba_create_opts *o, int cport);
/* exec_env.NAME settings as "NAME=template" lines (for a label); malloc'ed. */
char *dk_exec_templates(const dba_create_opts *o);
/* Those lines expanded for instance i. */
json_t *dk_exec_env(const char *templates, const dba_instance *i, int cport);
/* For containers whose labels predate engine files. */
int dk_legacy_port(const char *engine);
const char *dk_legacy_password_env(const char *engine);
const char *dk_legacy_exec_env(const char *engine);

/* dk_pull.c: pulls image unless present, reporting through host->progress. */
int dk_ensure_image(const char *image, dba_error *err);

/* Percent-encodes s into out. */
void dk_urlenc(const char *s, char *out, size_t cap);

#endif
