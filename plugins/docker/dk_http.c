/*
 * Engine API transport: libcurl over the unix socket (CURLOPT_UNIX_SOCKET_PATH)
 * or tcp://, the API version negotiated once from /version, bodies collected
 * in memory or streamed through the multiplexed-stream decoder.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "dk.h"

#define ERR(e, cls, ...) DBA_ERR_SET(e, cls, __VA_ARGS__)

static char api_prefix[32];   /* "/v1.43", "" until negotiated */

const char *dk_endpoint(void)
{
	const char *h = getenv("DOCKER_HOST");

	return h && *h ? h : "unix:///var/run/docker.sock";
}

void dk_urlenc(const char *s, char *out, size_t cap)
{
	size_t o = 0;

	for (; *s && o + 4 < cap; s++) {
		unsigned char c = (unsigned char)*s;

		if (isalnum(c) || strchr("-._~", c))
			out[o++] = (char)c;
		else
			o += (size_t)snprintf(out + o, cap - o, "%%%02X", c);
	}
	out[o] = '\0';
}

static size_t collect(char *p, size_t size, size_t n, void *ud)
{
	dk_buf *b = ud;
	char *nd = realloc(b->data, b->len + size * n + 1);

	if (!nd)
		return 0;
	b->data = nd;
	memcpy(b->data + b->len, p, size * n);
	b->len += size * n;
	b->data[b->len] = '\0';
	return size * n;
}

static size_t demux(char *p, size_t size, size_t n, void *ud)
{
	dk_stream *s = ud;
	size_t len = size * n, i = 0;

	if (s->raw) {
		if (s->w(s->ud, 1, p, len)) {
			s->stopped = 1;
			return 0;
		}
		return len;
	}
	while (i < len) {
		if (s->frame_left == 0) {
			while (s->hdr_have < 8 && i < len)
				s->hdr[s->hdr_have++] = (unsigned char)p[i++];
			if (s->hdr_have < 8)
				break;
			s->frame_stream = s->hdr[0] == 2 ? 2 : 1;
			s->frame_left = ((size_t)s->hdr[4] << 24) | ((size_t)s->hdr[5] << 16) | ((size_t)s->hdr[6] << 8) |
					s->hdr[7];
			s->hdr_have = 0;
			continue;
		}
		{
			size_t k = len - i < s->frame_left ? len - i : s->frame_left;

			if (s->w(s->ud, s->frame_stream, p + i, k)) {
				s->stopped = 1;
				return 0;
			}
			i += k;
			s->frame_left -= k;
		}
	}
	return len;
}

/* Called by libcurl about once a second: lets the core stop a follow on Ctrl-C. */
static int tick(void *ud, curl_off_t a, curl_off_t b, curl_off_t c, curl_off_t d)
{
	dk_stream *s = ud;

	(void)a, (void)b, (void)c, (void)d;
	if (s->w(s->ud, 1, "", 0)) {
		s->stopped = 1;
		return 1;
	}
	return 0;
}

typedef struct lines {
	void (*line)(void *ud, const char *text, size_t len);
	void *ud;
	dk_buf pending;
} lines;

static size_t split_lines(char *p, size_t size, size_t n, void *ud)
{
	lines *l = ud;
	char *nl;

	if (collect(p, size, n, &l->pending) != size * n)
		return 0;
	while ((nl = memchr(l->pending.data, '\n', l->pending.len))) {
		size_t k = (size_t)(nl - l->pending.data);

		l->line(l->ud, l->pending.data, k);
		memmove(l->pending.data, nl + 1, l->pending.len - k - 1);
		l->pending.len -= k + 1;
		l->pending.data[l->pending.len] = '\0';
	}
	return size * n;
}

static int transport_error(CURL *c, CURLcode rc, dba_error *err)
{
	long oserr = 0;
	const char *ep = dk_endpoint();

	curl_easy_getinfo(c, CURLINFO_OS_ERRNO, &oserr);
	if (oserr == EACCES) {
		ERR(err, DBA_ERR_PERMISSION, "permission denied on the Docker socket %s", ep);
		snprintf(err->hint, sizeof(err->hint),
			 "add your user to the docker group (sudo usermod -aG docker $USER, then log in again), or use --runtime native");
		return -1;
	}
	ERR(err, DBA_ERR_CONNECTION, "cannot reach the Docker engine at %s: %s", ep, curl_easy_strerror(rc));
	snprintf(err->hint, sizeof(err->hint),
		 "start Docker (sudo systemctl start docker), set DOCKER_HOST, or use --runtime native");
	return -1;
}

static int perform(const char *method, const char *path, json_t *body, CURLoption wopt, void *wfn, void *wud,
		   dk_stream *st, long *status, dba_error *err)
{
	const char *ep = dk_endpoint();
	char url[2048], *payload = NULL;
	struct curl_slist *hdrs = NULL;
	CURL *c = curl_easy_init();
	CURLcode rc;

	if (!c) {
		ERR(err, DBA_ERR_UNSUPPORTED, "libcurl could not start");
		return -1;
	}
	if (!strncmp(ep, "unix://", 7)) {
		curl_easy_setopt(c, CURLOPT_UNIX_SOCKET_PATH, ep + 7);
		snprintf(url, sizeof(url), "http://localhost%s%s", api_prefix, path);
	} else if (!strncmp(ep, "tcp://", 6)) {
		snprintf(url, sizeof(url), "http://%s%s%s", ep + 6, api_prefix, path);
	} else {
		curl_easy_cleanup(c);
		ERR(err, DBA_ERR_USAGE, "DOCKER_HOST=%s: expected unix://PATH or tcp://HOST:PORT", ep);
		return -1;
	}
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
	if (body) {
		payload = json_dumps(body, JSON_COMPACT);
		hdrs = curl_slist_append(hdrs, "Content-Type: application/json");
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, payload);
	} else if (!strcmp(method, "POST")) {
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, "");
	}
	if (hdrs)
		curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdrs);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, wfn);
	curl_easy_setopt(c, wopt, wud);
	if (st) {
		curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, tick);
		curl_easy_setopt(c, CURLOPT_XFERINFODATA, st);
		curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
	}
	if (dk_host && dk_host->log)
		dk_host->log(2, "docker", "%s %s", method, url);
	rc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, status);
	free(payload);
	curl_slist_free_all(hdrs);
	if (rc != CURLE_OK && !(st && st->stopped)) {
		if (*status)
			ERR(err, DBA_ERR_CONNECTION, "Docker engine request %s %s failed: %s", method, path,
			    curl_easy_strerror(rc));
		else
			transport_error(c, rc, err);
		curl_easy_cleanup(c);
		return -1;
	}
	curl_easy_cleanup(c);
	return 0;
}

/* Asks /version once for the engine's API version and pins requests to it (at most 1.43). */
static int negotiate(dba_error *err)
{
	dk_buf b = { NULL, 0 };
	long status = 0;
	json_t *v;

	if (api_prefix[0])
		return 0;
	if (perform("GET", "/version", NULL, CURLOPT_WRITEDATA, collect, &b, NULL, &status, err))
		return -1;
	if (status == 200 && (v = json_loads(b.data ? b.data : "", 0, NULL))) {
		const char *ver = json_string_value(json_object_get(v, "ApiVersion"));
		int maj = 0, min = 0;

		if (ver && sscanf(ver, "%d.%d", &maj, &min) == 2) {
			if (maj > 1 || (maj == 1 && min > 43))
				maj = 1, min = 43;
			snprintf(api_prefix, sizeof(api_prefix), "/v%d.%d", maj, min);
		}
		json_decref(v);
	}
	free(b.data);
	if (!api_prefix[0]) {
		ERR(err, DBA_ERR_CONNECTION, "the Docker engine at %s did not report its API version (HTTP %ld)",
		    dk_endpoint(), status);
		return -1;
	}
	return 0;
}

int dk_request(const char *method, const char *path, json_t *body, dk_buf *out, dk_stream *st, long *status,
	       dba_error *err)
{
	*status = 0;
	if (strcmp(path, "/_ping") && negotiate(err))
		return -1;
	if (st)
		return perform(method, path, body, CURLOPT_WRITEDATA, demux, st, st, status, err);
	out->data = NULL;
	out->len = 0;
	return perform(method, path, body, CURLOPT_WRITEDATA, collect, out, NULL, status, err);
}

int dk_request_lines(const char *method, const char *path, void (*line)(void *ud, const char *text, size_t len),
		     void *ud, long *status, dba_error *err)
{
	lines l = { line, ud, { NULL, 0 } };
	int rc;

	*status = 0;
	if (negotiate(err))
		return -1;
	rc = perform(method, path, NULL, CURLOPT_WRITEDATA, split_lines, &l, NULL, status, err);
	if (l.pending.len)
		line(ud, l.pending.data, l.pending.len);
	free(l.pending.data);
	return rc;
}

void dk_api_error(const char *what, const dk_buf *b, long status, dba_error *err)
{
	json_t *v = b && b->data ? json_loads(b->data, 0, NULL) : NULL;
	const char *msg = v ? json_string_value(json_object_get(v, "message")) : NULL;

	ERR(err, status == 404 ? DBA_ERR_USAGE : status == 409 ? DBA_ERR_USAGE : DBA_ERR_SYNTAX, "%s: %s (HTTP %ld)",
	    what, msg ? msg : "the Docker engine refused", status);
	json_decref(v);
}
