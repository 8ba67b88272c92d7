#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ini.h>

#include "ini.h"
#include "sig.h"
#include "strmap.h"

/* Longest physical line Debian's libinih reads whole (INI_MAX_LINE 200, with the NUL). */
#define LINE_MAX_BYTES 199

struct state {
	const char *pos;
	int line;          /* physical line just handed to inih */
	int indented;      /* that line started with white space */
	int too_long;      /* line number of an over-long line, 0 if none */
	ini_doc *doc;
	size_t section_start; /* index of the entry after the current header */
	strmap keys;       /* keys of the current section -> entry index */
	size_t join_len, join_cap; /* the last entry's value: length and room (continuations) */
	int unterminated;  /* line of a "[" header without "]", 0 if none */
	char header[LINE_MAX_BYTES + 1]; /* its text */
	int interrupted;   /* SIGINT/SIGTERM while reading */
	err *e;
	int failed;
};

static char *trim_dup(const char *s, size_t n)
{
	while (n && isspace((unsigned char)*s))
		s++, n--;
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	return strndup(s, n);
}

static int push(ini_doc *d, const char *section, const char *key, const char *value, int line)
{
	ini_entry *v = strmap_grow(d->v, d->n, sizeof(*v));

	if (!v)
		return -1;
	d->v = v;
	v[d->n].section = strdup(section);
	v[d->n].key = key ? strdup(key) : NULL;
	v[d->n].value = value ? strdup(value) : NULL;
	v[d->n].line = line;
	d->n++;
	return 0;
}

/*
 * Hands inih one physical line at a time, so its calls map to our line
 * numbers.  Section headers are recorded here: Debian's libinih does not
 * report them to the handler.
 */
static char *read_line(char *str, int num, void *stream)
{
	struct state *st = stream;
	const char *nl, *s, *end, *rb = NULL;
	size_t len;

	if (!*st->pos || st->too_long || st->failed || st->unterminated)
		return NULL;
	if (sig_stop) {
		st->interrupted = 1;
		return NULL;
	}
	nl = strchr(st->pos, '\n');
	len = nl ? (size_t)(nl - st->pos) : strlen(st->pos);
	st->line++;
	/* The newline is not handed over: inih strips trailing space anyway. */
	if (len > LINE_MAX_BYTES || (int)len + 1 > num) {
		st->too_long = st->line;
		return NULL;
	}
	memcpy(str, st->pos, len);
	str[len] = '\0';
	st->indented = len > 0 && (st->pos[0] == ' ' || st->pos[0] == '\t');
	s = st->pos;
	end = st->pos + len;
	while (s < end && isspace((unsigned char)*s))
		s++;
	if (s < end && *s == '[') {
		for (const char *c = s + 1; c < end; c++) {
			if ((*c == ';' || *c == '#') && isspace((unsigned char)c[-1]) && rb)
				break;
			if (*c == ']')
				rb = c;
		}
		if (rb) {
			char *name = trim_dup(s + 1, (size_t)(rb - s - 1));

			push(st->doc, name, NULL, NULL, st->line);
			st->section_start = st->doc->n;
			strmap_free(&st->keys);
			free(name);
		} else {
			st->unterminated = st->line;
			snprintf(st->header, sizeof(st->header), "%.*s", (int)(end - s), s);
			return NULL;
		}
	}
	st->pos += len + (nl ? 1 : 0);
	return str;
}

/* Appends a continuation line's value to the last entry (amortised O(1) per byte). */
static int join_value(struct state *st, const char *value)
{
	ini_entry *last = &st->doc->v[st->doc->n - 1];
	size_t a = st->join_len, b = strlen(value);

	if (a + b + 2 > st->join_cap) {
		size_t cap = (a + b + 2) * 2;
		char *joined = realloc(last->value, cap);

		if (!joined)
			return 0;
		last->value = joined;
		st->join_cap = cap;
	}
	if (a && b)
		last->value[a++] = ' ';
	memcpy(last->value + a, value, b + 1);
	st->join_len = a + b;
	return 1;
}

static int on_entry(void *user, const char *section, const char *name, const char *value)
{
	struct state *st = user;
	ini_doc *d = st->doc;
	size_t first;
	int r;

	if (st->failed)
		return 0;
	/* inih reports an indented line after a key as the same key again. */
	if (st->indented && d->n > st->section_start && d->v[d->n - 1].key &&
	    !strcmp(d->v[d->n - 1].key, name))
		return join_value(st, value);
	r = strmap_put(&st->keys, name, d->n, &first);
	if (r == 1) {
		err_set(st->e, EXIT_USAGE, "%s:%d: duplicate key \"%s\" in [%s] (first set on line %d)",
			d->path, st->line, name, section, d->v[first].line);
		st->failed = 1;
		return 0;
	}
	if (r < 0 || push(d, section, name, value, st->line))
		return 0;
	st->join_len = strlen(value);
	st->join_cap = st->join_len + 1;
	return 1;
}

int ini_load_string(const char *name, const char *text, ini_doc *doc, err *e)
{
	struct state st;
	int rc;

	memset(doc, 0, sizeof(*doc));
	doc->path = strdup(name);
	memset(&st, 0, sizeof(st));
	/* A UTF-8 byte order mark (editors on Windows write one) is not part of the text. */
	st.pos = strncmp(text, "\xEF\xBB\xBF", 3) ? text : text + 3;
	st.doc = doc;
	st.e = e;
	rc = ini_parse_stream(read_line, &st, on_entry, &st);
	strmap_free(&st.keys);
	if (st.failed)
		goto fail;
	if (st.interrupted) {
		if (st.line)
			err_set(e, EXIT_INTERRUPTED, "interrupted while reading %s (at line %d)", name, st.line);
		else
			err_set(e, EXIT_INTERRUPTED, "interrupted while reading %s", name);
		goto fail;
	}
	if (st.unterminated) {
		err_set(e, EXIT_USAGE, "%s:%d: unterminated section header \"%s\": \"]\" is missing", name,
			st.unterminated, st.header);
		err_hint(e, "write a section header as [table NAME] or [column TABLE.COLUMN]");
		goto fail;
	}
	if (st.too_long) {
		err_set(e, EXIT_USAGE, "%s:%d: line too long (at most %d bytes; continue the value on indented lines)",
			name, st.too_long, LINE_MAX_BYTES);
		goto fail;
	}
	if (rc > 0) {
		err_set(e, EXIT_USAGE, "%s:%d: syntax error: expected [section], key = value, or a comment",
			name, rc);
		goto fail;
	}
	if (rc < 0) {
		err_set(e, EXIT_USAGE, "%s: out of memory while parsing", name);
		goto fail;
	}
	return 0;
fail:
	ini_free(doc);
	return -1;
}

int ini_load(const char *path, ini_doc *doc, err *e)
{
	FILE *f = fopen(path, "rb");
	char *text = NULL, buf[65536];
	size_t len = 0, n;
	FILE *m;
	int rc;

	memset(doc, 0, sizeof(*doc));
	if (!f)
		return err_set(e, EXIT_USAGE, "cannot read config \"%s\": %s", path, strerror(errno));
	m = open_memstream(&text, &len);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		fwrite(buf, 1, n, m);
	rc = ferror(f) ? errno : 0;
	fclose(m);
	fclose(f);
	if (rc) {
		free(text);
		return err_set(e, EXIT_USAGE, "cannot read config \"%s\": %s", path, strerror(rc));
	}
	if (memchr(text, '\0', len)) {
		free(text);
		return err_set(e, EXIT_USAGE, "cannot read config \"%s\": not a text file", path);
	}
	rc = ini_load_string(path, text, doc, e);
	free(text);
	return rc;
}

void ini_free(ini_doc *doc)
{
	if (!doc)
		return;
	for (size_t i = 0; i < doc->n; i++) {
		free(doc->v[i].section);
		free(doc->v[i].key);
		free(doc->v[i].value);
	}
	free(doc->v);
	free(doc->path);
	memset(doc, 0, sizeof(*doc));
}

/*
 * Inside double quotes, a backslash escape: \\ \n \r \t or \xHH (what seed init
 * writes for names holding control characters, which a line cannot hold).
 * At p (a backslash): writes the byte to *o and returns the text after the
 * escape, or NULL when p starts no escape (the backslash is then literal).
 */
static const char *unescape(const char *p, char **o)
{
	static const char hex[] = "0123456789abcdef";
	const char *h, *l;

	switch (p[1]) {
	case '\\': *(*o)++ = '\\'; return p + 2;
	case 'n': *(*o)++ = '\n'; return p + 2;
	case 'r': *(*o)++ = '\r'; return p + 2;
	case 't': *(*o)++ = '\t'; return p + 2;
	case 'x':
		if (!p[2] || !p[3] || !(h = strchr(hex, tolower((unsigned char)p[2]))) ||
		    !(l = strchr(hex, tolower((unsigned char)p[3]))) || (h == hex && l == hex))
			return NULL;
		*(*o)++ = (char)((h - hex) * 16 + (l - hex));
		return p + 4;
	}
	return NULL;
}

/*
 * Splits s into parts at unquoted dots.  Each part is trimmed; a quoted part
 * is "..." with "" for a literal quote.  parts[i] are unquoted; raw_end[i] is
 * the offset in s where part i ends (for keeping the table's raw text).
 */
static int split_parts(const char *s, char ***parts, size_t **ends, size_t *n)
{
	const char *p = s;

	*parts = NULL;
	*ends = NULL;
	*n = 0;
	for (;;) {
		char *buf = malloc(strlen(s) + 1), *o = buf;
		char **np;
		size_t *ne;

		if (!buf)
			return -1;
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '"') {
			p++;
			for (;;) {
				if (!*p) {
					free(buf);
					return -1;
				}
				const char *q;

				if (*p == '"' && p[1] == '"') {
					*o++ = '"';
					p += 2;
				} else if (*p == '"') {
					p++;
					break;
				} else if (*p == '\\' && (q = unescape(p, &o))) {
					p = q;
				} else {
					*o++ = *p++;
				}
			}
			while (*p == ' ' || *p == '\t')
				p++;
			if (*p && *p != '.') {
				free(buf);
				return -1;
			}
		} else {
			while (*p && *p != '.') {
				if (*p == '"') {
					free(buf);
					return -1;
				}
				*o++ = *p++;
			}
			while (o > buf && (o[-1] == ' ' || o[-1] == '\t'))
				o--;
		}
		*o = '\0';
		np = realloc(*parts, (*n + 1) * sizeof(*np));
		ne = realloc(*ends, (*n + 1) * sizeof(*ne));
		if (np)
			*parts = np;
		if (ne)
			*ends = ne;
		if (!np || !ne) {
			free(buf);
			return -1;
		}
		(*parts)[*n] = buf;
		(*ends)[*n] = (size_t)(p - s);
		(*n)++;
		if (!*buf)
			return -1;
		if (!*p)
			return 0;
		p++; /* the dot */
	}
}

static void free_parts(char **parts, size_t *ends, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(parts[i]);
	free(parts);
	free(ends);
}

int ini_split_column(const char *s, char **table, char **column)
{
	char **parts;
	size_t *ends, n;
	int rc = -1;

	*table = NULL;
	if (column)
		*column = NULL;
	if (split_parts(s, &parts, &ends, &n) == 0) {
		if (!column) {
			*table = strdup(s);
			rc = 0;
		} else if (n >= 2) {
			*table = trim_dup(s, ends[n - 2]);
			*column = strdup(parts[n - 1]);
			rc = 0;
		}
	}
	free_parts(parts, ends, n);
	return rc;
}

int ini_split_table(const char *s, char **schema, char **name)
{
	char **parts;
	size_t *ends, n;
	int rc = -1;

	*schema = *name = NULL;
	if (split_parts(s, &parts, &ends, &n) == 0 && n >= 1) {
		*name = strdup(parts[n - 1]);
		if (n >= 2) {
			/* Everything before the last dot, unquoted, joined back with dots. */
			size_t len = 0;

			for (size_t i = 0; i + 1 < n; i++)
				len += strlen(parts[i]) + 1;
			*schema = calloc(1, len + 1);
			for (size_t i = 0; i + 1 < n; i++) {
				if (i)
					strcat(*schema, ".");
				strcat(*schema, parts[i]);
			}
		}
		rc = 0;
	}
	free_parts(parts, ends, n);
	return rc;
}

int ini_list(const char *value, char ***items)
{
	const char *p = value;
	char **v = calloc(1, sizeof(*v)), *buf = malloc(strlen(value) + 1), *o;
	size_t n = 0, cap = 1; /* v holds n items and the NULL */

	*items = v;
	if (!v || !buf)
		goto bad;
	while (*p == ' ' || *p == '\t')
		p++;
	if (!*p) {
		free(buf);
		return 0;
	}
	for (;;) {
		o = buf; /* one scratch buffer: each item costs its own length */
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '"') {
			p++;
			for (;;) {
				const char *q;

				if (!*p)
					goto bad;
				if (*p == '"' && p[1] == '"') {
					*o++ = '"';
					p += 2;
				} else if (*p == '"') {
					p++;
					break;
				} else if (*p == '\\' && (q = unescape(p, &o))) {
					p = q;
				} else {
					*o++ = *p++;
				}
			}
			while (*p == ' ' || *p == '\t')
				p++;
			if (*p && *p != ',')
				goto bad;
		} else {
			while (*p && *p != ',')
				*o++ = *p++;
			while (o > buf && (o[-1] == ' ' || o[-1] == '\t'))
				o--;
		}
		if (n + 2 > cap) {
			char **nv = realloc(v, 2 * cap * sizeof(*v));

			if (!nv)
				goto bad;
			v = *items = nv;
			cap *= 2;
		}
		if (!(v[n] = strndup(buf, (size_t)(o - buf))))
			goto bad;
		v[++n] = NULL;
		if (!*p) {
			free(buf);
			return n > INT32_MAX ? -1 : (int)n;
		}
		p++;
	}
bad:
	free(buf);
	ini_strv_free(v);
	*items = NULL;
	return -1;
}

void ini_strv_free(char **v)
{
	for (size_t i = 0; v && v[i]; i++)
		free(v[i]);
	free(v);
}
