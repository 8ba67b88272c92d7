/*
 * Template generator syntax: literal text with placeholders
 *   {random_int:A:B} {sequential} {row} {first_name} {last_name} {uuid} {enum:a|b|c}
 * and "{{" / "}}" for literal braces.  Parsed once into parts so that
 * expansion on the seeding hot path is a loop over ready pieces.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen_internal.h"

#define PLACEHOLDERS "{random_int:A:B}, {sequential}, {row}, {first_name}, {last_name}, {uuid}, {enum:a|b|c}"

static tpl_part *add_part(tpl *t, int kind)
{
	tpl_part *nv = realloc(t->v, (t->n + 1) * sizeof *nv);
	if (!nv)
		return NULL;
	t->v = nv;
	tpl_part *p = &t->v[t->n++];
	memset(p, 0, sizeof *p);
	p->kind = kind;
	return p;
}

static int add_lit(tpl *t, const char *s, size_t n)
{
	if (n == 0)
		return 0;
	tpl_part *p = t->n ? &t->v[t->n - 1] : NULL;
	if (p && p->kind == TP_LIT) {
		char *nl = realloc(p->lit, p->lit_len + n + 1);
		if (!nl)
			return -1;
		memcpy(nl + p->lit_len, s, n);
		p->lit = nl;
		p->lit_len += n;
		nl[p->lit_len] = 0;
		return 0;
	}
	p = add_part(t, TP_LIT);
	if (!p || !(p->lit = strndup(s, n)))
		return -1;
	p->lit_len = n;
	return 0;
}

static int parse_int(const char *s, size_t n, int64_t *out)
{
	char tmp[32], *end;
	if (n == 0 || n >= sizeof tmp)
		return -1;
	memcpy(tmp, s, n);
	tmp[n] = 0;
	errno = 0;
	long long x = strtoll(tmp, &end, 10);
	if (errno || *end)
		return -1;
	*out = x;
	return 0;
}

static int bad(err *e, const char *where, const char *text, int ph_len, const char *ph)
{
	err_set(e, EXIT_USAGE, "%sbad template \"%s\": ", where, text);
	size_t n = strlen(e->msg);
	if (ph_len >= 0)
		snprintf(e->msg + n, sizeof e->msg - n, "%s", ph);
	return -1;
}

static int placeholder(tpl *t, const char *text, const char *b, size_t n, const char *where, err *e)
{
	char msg[512];
	const char *colon = memchr(b, ':', n);
	size_t name_len = colon ? (size_t)(colon - b) : n;
	static const struct {
		const char *name;
		int kind;
	} simple[] = {
		{ "sequential", TP_SEQUENTIAL }, { "row", TP_ROW },   { "first_name", TP_FIRST },
		{ "last_name", TP_LAST },	 { "uuid", TP_UUID },
	};
	for (size_t i = 0; i < sizeof simple / sizeof simple[0]; i++) {
		if (strlen(simple[i].name) != name_len || memcmp(simple[i].name, b, name_len) != 0)
			continue;
		if (colon) {
			snprintf(msg, sizeof msg, "placeholder \"{%s}\" takes no arguments (found \"{%.*s}\")", simple[i].name,
				 (int)n, b);
			return bad(e, where, text, 0, msg);
		}
		return add_part(t, simple[i].kind) ? 0 : err_set(e, EXIT_RUNTIME, "out of memory");
	}
	if (name_len == 10 && memcmp(b, "random_int", 10) == 0) {
		const char *a1 = colon ? colon + 1 : NULL;
		const char *c2 = a1 ? memchr(a1, ':', (size_t)(b + n - a1)) : NULL;
		if (!a1 || !c2 || memchr(c2 + 1, ':', (size_t)(b + n - c2 - 1))) {
			snprintf(msg, sizeof msg, "\"{%.*s}\" needs two integer bounds: {random_int:A:B}", (int)n, b);
			return bad(e, where, text, 0, msg);
		}
		int64_t lo, hi;
		size_t l1 = (size_t)(c2 - a1), l2 = (size_t)(b + n - c2 - 1);
		if (parse_int(a1, l1, &lo) || parse_int(c2 + 1, l2, &hi)) {
			int first_bad = parse_int(a1, l1, &lo) != 0;
			snprintf(msg, sizeof msg, "\"{%.*s}\": \"%.*s\" is not an integer", (int)n, b,
				 first_bad ? (int)l1 : (int)l2, first_bad ? a1 : c2 + 1);
			return bad(e, where, text, 0, msg);
		}
		if (lo > hi) {
			snprintf(msg, sizeof msg, "\"{%.*s}\": %lld is greater than %lld", (int)n, b, (long long)lo,
				 (long long)hi);
			return bad(e, where, text, 0, msg);
		}
		tpl_part *p = add_part(t, TP_RANDOM_INT);
		if (!p)
			return err_set(e, EXIT_RUNTIME, "out of memory");
		p->a = lo;
		p->b = hi;
		return 0;
	}
	if (name_len == 4 && memcmp(b, "enum", 4) == 0) {
		if (!colon || colon + 1 == b + n) {
			snprintf(msg, sizeof msg, "\"{%.*s}\" needs choices: {enum:a|b|c}", (int)n, b);
			return bad(e, where, text, 0, msg);
		}
		tpl_part *p = add_part(t, TP_ENUM);
		if (!p)
			return err_set(e, EXIT_RUNTIME, "out of memory");
		const char *s = colon + 1, *end = b + n;
		size_t cnt = 1;
		for (const char *q = s; q < end; q++)
			cnt += *q == '|';
		p->items = calloc(cnt, sizeof *p->items);
		p->item_len = calloc(cnt, sizeof *p->item_len);
		if (!p->items || !p->item_len)
			return err_set(e, EXIT_RUNTIME, "out of memory");
		for (size_t k = 0; k < cnt; k++) {
			const char *bar = memchr(s, '|', (size_t)(end - s));
			size_t l = bar ? (size_t)(bar - s) : (size_t)(end - s);
			p->items[k] = strndup(s, l);
			p->item_len[k] = l;
			p->nitems++;
			s += l + 1;
		}
		return 0;
	}
	snprintf(msg, sizeof msg, "unknown placeholder \"{%.*s}\"", (int)n, b);
	bad(e, where, text, 0, msg);
	err_detail(e, "valid: " PLACEHOLDERS);
	err_hint(e, "write \"{{\" and \"}}\" for literal braces");
	return -1;
}

int template_parse(const char *text, tpl *t, const char *where, err *e)
{
	char msg[256];
	const char *p = text, *lit = text;
	memset(t, 0, sizeof *t);
	while (*p) {
		if (*p == '{' && p[1] == '{') {
			if (add_lit(t, lit, (size_t)(p - lit + 1)))
				goto oom;
			p += 2;
			lit = p;
			continue;
		}
		if (*p == '}' && p[1] == '}') {
			if (add_lit(t, lit, (size_t)(p - lit + 1)))
				goto oom;
			p += 2;
			lit = p;
			continue;
		}
		if (*p == '}') {
			snprintf(msg, sizeof msg, "unmatched \"}\" at character %d", (int)(p - text) + 1);
			bad(e, where, text, 0, msg);
			err_hint(e, "write \"}}\" for a literal brace");
			goto fail;
		}
		if (*p == '{') {
			const char *close = strchr(p + 1, '}');
			const char *open = strchr(p + 1, '{');
			if (!close || (open && open < close)) {
				snprintf(msg, sizeof msg, "unclosed \"{\" at character %d", (int)(p - text) + 1);
				bad(e, where, text, 0, msg);
				err_hint(e, "write \"{{\" for a literal brace");
				goto fail;
			}
			if (add_lit(t, lit, (size_t)(p - lit)))
				goto oom;
			if (placeholder(t, text, p + 1, (size_t)(close - p - 1), where, e))
				goto fail;
			p = close + 1;
			lit = p;
			continue;
		}
		p++;
	}
	if (add_lit(t, lit, (size_t)(p - lit)))
		goto oom;
	if (!t->v && !add_part(t, TP_LIT))
		goto oom;
	if (t->v[0].kind == TP_LIT && !t->v[0].lit && !(t->v[0].lit = strdup("")))
		goto oom;
	return 0;
oom:
	err_set(e, EXIT_RUNTIME, "out of memory");
fail:
	template_free(t);
	return -1;
}

void template_free(tpl *t)
{
	for (size_t i = 0; i < t->n; i++) {
		free(t->v[i].lit);
		for (size_t k = 0; k < t->v[i].nitems; k++)
			free(t->v[i].items[k]);
		free(t->v[i].items);
		free(t->v[i].item_len);
	}
	free(t->v);
	t->v = NULL;
	t->n = 0;
}
