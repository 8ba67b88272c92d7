/*
 * Image pull: POST /images/create streams one JSON object per line; each
 * layer's status and byte counts go to the core through host->progress (the
 * core draws them, on a terminal, unless --quiet).  The plugin never writes
 * to the terminal itself.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dk.h"

#define ERR(e, cls, ...) DBA_ERR_SET(e, cls, __VA_ARGS__)

static void progress(const char *what, uint64_t done, uint64_t total)
{
	if (dk_host && dk_host->size >= offsetof(dba_host, progress) + sizeof(dk_host->progress) &&
	    dk_host->progress)
		dk_host->progress("docker", what, done, total);
}

typedef struct pull {
	const char *image;
	dba_error *err;
} pull;

static void pull_line(void *ud, const char *text, size_t len)
{
	json_error_t je;
	json_t *v = json_loadb(text, len, 0, &je);
	pull *p = ud;
	const char *s;

	if (!v)
		return;
	if ((s = json_string_value(json_object_get(v, "error"))) ||
	    (s = json_string_value(json_object_get(v, "message")))) {
		ERR(p->err, DBA_ERR_USAGE, "image pull failed: %s", s);
	} else {
		json_t *pd = json_object_get(v, "progressDetail");
		json_int_t cur = json_integer_value(json_object_get(pd, "current"));
		json_int_t tot = json_integer_value(json_object_get(pd, "total"));
		const char *st = json_string_value(json_object_get(v, "status"));

		if (st)
			progress(st, cur > 0 ? (uint64_t)cur : 0, tot > 0 ? (uint64_t)tot : 0);
	}
	json_decref(v);
}

int dk_ensure_image(const char *image, dba_error *err)
{
	char path[1024], enc[600], repo[512], tag[128], what[600];
	const char *colon = strrchr(image, ':'), *slash = strrchr(image, '/');
	pull p = { image, err };
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
	snprintf(what, sizeof(what), "pulling %s", image);
	progress(what, 0, 0);
	memset(err, 0, sizeof(*err));
	status = 0;
	if (dk_request_lines("POST", path, pull_line, &p, &status, err)) {
		progress(NULL, 0, 0);
		return -1;
	}
	progress(NULL, 0, 0);
	if (status != 200 || err->message[0]) {
		if (!err->message[0])
			ERR(err, DBA_ERR_USAGE, "image %s not found (HTTP %ld)", image, status);
		snprintf(err->hint, sizeof(err->hint), "check --image / --version, or docker pull %s by hand", image);
		return -1;
	}
	return 0;
}
