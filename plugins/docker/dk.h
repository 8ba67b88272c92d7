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

/* Percent-encodes s into out. */
void dk_urlenc(const char *s, char *out, size_t cap);

#endif
