#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "url.h"

static int hexval(int c)
{
	if (c >= '0' && c <= '9') return c - '0';
	if (c >= 'a' && c <= 'f') return c - 'a' + 10;
	if (c >= 'A' && c <= 'F') return c - 'A' + 10;
	return -1;
}

enum { BAD_ESCAPE = 1, BAD_NUL = 2 };

/*
 * Copies [s, s+n) percent-decoded; NULL on a bad escape, and on %00, which
 * would silently cut the part short (*why says which).
 */
static char *decode(const char *s, size_t n, int plus_is_space, int *why)
{
	char *out = malloc(n + 1), *o = out;

	*why = BAD_ESCAPE;
	if (!out)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '%') {
			int hi, lo;

			if (i + 2 >= n) {
				free(out);
				return NULL;
			}
			hi = hexval((unsigned char)s[i + 1]);
			lo = hexval((unsigned char)s[i + 2]);
			if (hi < 0 || lo < 0 || (hi == 0 && lo == 0)) {
				*why = hi == 0 && lo == 0 ? BAD_NUL : BAD_ESCAPE;
				free(out);
				return NULL;
			}
			*o++ = (char)(hi * 16 + lo);
			i += 2;
		} else if (plus_is_space && s[i] == '+') {
			*o++ = ' ';
		} else {
			*o++ = s[i];
		}
	}
	*o = '\0';
	return out;
}

void url_free(url *u)
{
	if (!u)
		return;
	free(u->scheme);
	free(u->user);
	if (u->password)
		memset(u->password, 0, strlen(u->password));
	free(u->password);
	free(u->host);
	free(u->database);
	for (unsigned i = 0; i < u->nparams; i++) {
		free((char *)u->params[i].key);
		free((char *)u->params[i].value);
	}
	free(u->params);
	memset(u, 0, sizeof(*u));
}

/* URL options whose values are secrets (names compared without case). */
static int secret_key(const char *k, size_t n)
{
	static const char *const keys[] = { "password", "pwd", "sslpassword", NULL };

	for (size_t i = 0; keys[i]; i++)
		if (strlen(keys[i]) == n && !strncasecmp(k, keys[i], n))
			return 1;
	return 0;
}

typedef void (*span_fn)(void *ud, const char *from, const char *to);

/*
 * Calls fn for each secret in URL text s, in order: the password of
 * user:password@ and the value of each secret option (?password=...).
 * Without a scheme (a typo), user:password@host may still be there.
 */
static void secret_spans(const char *s, span_fn fn, void *ud)
{
	const char *start = strstr(s, "://"), *at = NULL, *colon, *q;

	start = start ? start + 3 : s;
	for (const char *c = start; *c && *c != '/' && *c != '?'; c++)
		if (*c == '@')
			at = c;
	if (at && (colon = memchr(start, ':', (size_t)(at - start))))
		fn(ud, colon + 1, at);
	for (q = strchr(start, '?'); q; q = strchr(q + 1, '&')) {
		const char *k = q + 1, *end = k + strcspn(k, "&"), *eq = memchr(k, '=', (size_t)(end - k));

		if (eq && secret_key(k, (size_t)(eq - k)))
			fn(ud, eq + 1, end);
	}
}

typedef struct mask_buf {
	const char *src, *done; /* copied up to done */
	char *out;
	size_t cap, n;
} mask_buf;

static void mask_put(mask_buf *m, const char *p, size_t len)
{
	for (size_t i = 0; i < len; i++, m->n++)
		if (m->n + 1 < m->cap)
			m->out[m->n] = p[i];
}

static void mask_span(void *ud, const char *from, const char *to)
{
	mask_buf *m = ud;

	mask_put(m, m->done, (size_t)(from - m->done));
	mask_put(m, "****", 4);
	m->done = to;
}

/* The URL as the user typed it but with its secrets as "****", for messages. */
static void masked(const char *s, char *out, size_t cap)
{
	mask_buf m = { s, s, out, cap, 0 };

	secret_spans(s, mask_span, &m);
	mask_put(&m, m.done, strlen(m.done));
	if (cap)
		out[m.n < cap ? m.n : cap - 1] = '\0';
}

static void scrub_span(void *ud, const char *from, const char *to)
{
	(void)ud;
	memset((char *)from, 'x', (size_t)(to - from));
}

void url_scrub(char *s)
{
	secret_spans(s, scrub_span, NULL);
}

/* The ?key=value&... options of [q, end), percent-decoded; -1 on a bad escape (*why says which), -2 out of memory. */
static int parse_options(url *u, const char *q, const char *end, int *why)
{
	while (q < end) {
		const char *amp = strchr(q, '&'), *eq;
		dba_param *np;

		if (!amp)
			amp = end;
		if (amp > q) {
			eq = memchr(q, '=', (size_t)(amp - q));
			np = realloc(u->params, (u->nparams + 1) * sizeof(*np));
			if (!np)
				return -2;
			u->params = np;
			np[u->nparams].key = decode(q, (size_t)((eq ? eq : amp) - q), 1, why);
			np[u->nparams].value = !np[u->nparams].key ? NULL
					       : eq ? decode(eq + 1, (size_t)(amp - eq - 1), 1, why) : strdup("");
			u->nparams++;
			if (!np[u->nparams - 1].key || !np[u->nparams - 1].value)
				return -1;
		}
		q = amp + 1;
	}
	return 0;
}

int url_parse(const char *s, url *u, err *e)
{
	char shown[1024];
	const char *p, *auth_end, *host_start, *path, *query, *end;
	const char *part = "user";
	size_t n;
	int why = 0;

	memset(u, 0, sizeof(*u));
	masked(s, shown, sizeof(shown));
	p = strstr(s, "://");
	if (!p || p == s) {
		err_set(e, EXIT_USAGE, "invalid URL \"%s\": missing scheme", shown);
		err_hint(e, "write it as SCHEME://user:password@host:port/database, SCHEME one a driver plugin declares (dbarena plugins)");
		return -1;
	}
	for (const char *c = s; c < p; c++)
		if (!isalnum((unsigned char)*c) && *c != '+' && *c != '-' && *c != '.') {
			err_set(e, EXIT_USAGE, "invalid URL \"%s\": bad scheme", shown);
			return -1;
		}
	u->scheme = strndup(s, (size_t)(p - s));
	for (char *c = u->scheme; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	p += 3;
	end = p + strlen(p);
	query = strchr(p, '?');
	if (!query)
		query = end;
	path = memchr(p, '/', (size_t)(query - p));
	if (!path)
		path = query;
	/* user:password@ — the last '@' before the path (passwords may hold '@' only encoded) */
	auth_end = NULL;
	for (const char *c = p; c < path; c++)
		if (*c == '@')
			auth_end = c;
	host_start = p;
	if (auth_end) {
		const char *colon = memchr(p, ':', (size_t)(auth_end - p));
		const char *uend = colon ? colon : auth_end;

		if (uend > p && !(u->user = decode(p, (size_t)(uend - p), 0, &why)))
			goto bad_escape;
		part = "password";
		if (colon && !(u->password = decode(colon + 1, (size_t)(auth_end - colon - 1), 0, &why)))
			goto bad_escape;
		host_start = auth_end + 1;
	}
	/* host[:port], IPv6 in brackets */
	if (*host_start == '[') {
		const char *rb = memchr(host_start, ']', (size_t)(path - host_start));

		if (!rb) {
			err_set(e, EXIT_USAGE, "invalid URL \"%s\": unterminated IPv6 address", shown);
			goto fail;
		}
		u->host = strndup(host_start + 1, (size_t)(rb - host_start - 1));
		p = rb + 1;
	} else {
		const char *colon = memchr(host_start, ':', (size_t)(path - host_start));

		n = (size_t)((colon ? colon : path) - host_start);
		part = "host";
		if (n && !(u->host = decode(host_start, n, 0, &why)))
			goto bad_escape;
		p = colon ? colon : path;
	}
	if (p < path) {
		char *endp;
		long port;

		if (*p != ':') {
			err_set(e, EXIT_USAGE, "invalid URL \"%s\": unexpected text after the host", shown);
			goto fail;
		}
		port = strtol(p + 1, &endp, 10);
		if (endp != path || port <= 0 || port > 65535 || p + 1 == path) {
			err_set(e, EXIT_USAGE, "invalid URL \"%s\": bad port \"%.*s\"", shown,
				(int)(path - p - 1), p + 1);
			err_hint(e, "a port is a number from 1 to 65535");
			goto fail;
		}
		u->port = (int)port;
	}
	part = "database";
	if (path < query && query - path > 1 &&
	    !(u->database = decode(path + 1, (size_t)(query - path - 1), 0, &why)))
		goto bad_escape;
	if (*query == '?') {
		int rc;

		part = "options";
		if ((rc = parse_options(u, query + 1, end, &why)) == -2) {
			err_set(e, EXIT_RUNTIME, "out of memory");
			goto fail;
		}
		if (rc)
			goto bad_escape;
	}
	return 0;
bad_escape:
	if (why == BAD_NUL) {
		err_set(e, EXIT_USAGE, "invalid URL \"%s\": %%00 (a NUL byte) in the %s", shown, part);
		err_detail(e, "a NUL byte would silently cut the %s short", part);
		goto fail;
	}
	err_set(e, EXIT_USAGE, "invalid URL \"%s\": bad percent-escape", shown);
	err_hint(e, "escape special characters as %%XX, e.g. %%40 for '@'");
fail:
	url_free(u);
	return -1;
}

static void put_enc(char **o, const char *s, const char *keep)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (isalnum(c) || strchr("-._~", c) || (keep && strchr(keep, c)))
			*(*o)++ = (char)c;
		else
			*o += sprintf(*o, "%%%02X", c);
	}
}

char *url_format(const url *u, int show_password)
{
	size_t cap = 64;
	char *out, *o;

	cap += (u->scheme ? strlen(u->scheme) : 0) + (u->user ? 3 * strlen(u->user) : 0) +
	       (u->password ? 3 * strlen(u->password) : 0) + (u->host ? 3 * strlen(u->host) : 0) +
	       (u->database ? 3 * strlen(u->database) : 0);
	for (unsigned i = 0; i < u->nparams; i++)
		cap += 3 * (strlen(u->params[i].key) + strlen(u->params[i].value)) + 2;
	if (!(o = out = malloc(cap)))
		return NULL;
	o += sprintf(o, "%s://", u->scheme ? u->scheme : "");
	if (u->user) {
		put_enc(&o, u->user, NULL);
		if (u->password) {
			*o++ = ':';
			if (show_password)
				put_enc(&o, u->password, NULL);
			else
				o += sprintf(o, "****");
		}
		*o++ = '@';
	}
	if (u->host && strchr(u->host, ':'))
		o += sprintf(o, "[%s]", u->host);
	else if (u->host)
		put_enc(&o, u->host, NULL);
	if (u->port)
		o += sprintf(o, ":%d", u->port);
	if (u->database) {
		*o++ = '/';
		put_enc(&o, u->database, "/");
	}
	for (unsigned i = 0; i < u->nparams; i++) {
		*o++ = i ? '&' : '?';
		put_enc(&o, u->params[i].key, NULL);
		*o++ = '=';
		if (!show_password && secret_key(u->params[i].key, strlen(u->params[i].key)))
			o += sprintf(o, "****");
		else
			put_enc(&o, u->params[i].value, NULL);
	}
	*o = '\0';
	return out;
}

void url_conninfo(const url *u, dba_conninfo *ci)
{
	memset(ci, 0, sizeof(*ci));
	ci->size = sizeof(*ci);
	ci->scheme = u->scheme;
	ci->user = u->user;
	ci->password = u->password;
	ci->host = u->host;
	ci->port = u->port;
	ci->database = u->database;
	ci->params = u->params;
	ci->nparams = u->nparams;
}
