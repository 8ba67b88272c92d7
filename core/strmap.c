#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "strmap.h"

static uint64_t hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static size_t slot(const strmap *m, const char *key)
{
	size_t i = (size_t)hash(key) & (m->cap - 1);

	while (m->keys[i] && strcmp(m->keys[i], key))
		i = (i + 1) & (m->cap - 1);
	return i;
}

static int rehash(strmap *m)
{
	strmap bigger = { 0 };

	bigger.cap = m->cap ? m->cap * 2 : 64;
	bigger.keys = calloc(bigger.cap, sizeof(*bigger.keys));
	bigger.vals = calloc(bigger.cap, sizeof(*bigger.vals));
	if (!bigger.keys || !bigger.vals) {
		free(bigger.keys);
		free(bigger.vals);
		return -1;
	}
	for (size_t i = 0; i < m->cap; i++)
		if (m->keys[i]) {
			size_t j = slot(&bigger, m->keys[i]);

			bigger.keys[j] = m->keys[i];
			bigger.vals[j] = m->vals[i];
		}
	bigger.n = m->n;
	free(m->keys);
	free(m->vals);
	*m = bigger;
	return 0;
}

int strmap_put(strmap *m, const char *key, size_t val, size_t *old)
{
	size_t i;

	if ((m->n + 1) * 2 > m->cap && rehash(m))
		return -1;
	i = slot(m, key);
	if (m->keys[i]) {
		if (old)
			*old = m->vals[i];
		return 1;
	}
	if (!(m->keys[i] = strdup(key)))
		return -1;
	m->vals[i] = val;
	m->n++;
	return 0;
}

int strmap_get(const strmap *m, const char *key, size_t *val)
{
	size_t i;

	if (!m->cap)
		return 0;
	i = slot(m, key);
	if (!m->keys[i])
		return 0;
	*val = m->vals[i];
	return 1;
}

void strmap_free(strmap *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->cap; i++)
		free(m->keys[i]);
	free(m->keys);
	free(m->vals);
	memset(m, 0, sizeof(*m));
}

void *strmap_grow(void *p, size_t n, size_t size)
{
	if (n && (n & (n - 1)))
		return p; /* room left: the capacity is the next power of two */
	if (n > SIZE_MAX / 2 / size)
		return NULL;
	return realloc(p, (n ? 2 * n : 1) * size);
}
