/*
 * A set of strings, each with a number (an index into the caller's array):
 * open addressing, FNV-1a.  Config loading uses it so that checking
 * N sections for duplicates and lookups costs O(N), not O(N^2).
 */
#ifndef DBARENA_STRMAP_H
#define DBARENA_STRMAP_H

#include <stddef.h>

typedef struct strmap {
	char **keys;     /* malloc'ed copies, NULL = empty slot */
	size_t *vals;
	size_t cap, n;   /* cap is 0 or a power of two */
} strmap;

/* Adds key -> val: 0 added, 1 already there (*old set when non-NULL, nothing changed), -1 out of memory. */
int strmap_put(strmap *m, const char *key, size_t val, size_t *old);
/* 1 and *val when key is there, else 0. */
int strmap_get(const strmap *m, const char *key, size_t *val);
/* Empties the map, keeping nothing; NULL-safe. */
void strmap_free(strmap *m);

/*
 * Grows an array that only ever grows by one element through this call:
 * the capacity doubles when n (the count before the append) is 0 or a power
 * of two, so appending N elements costs O(N).  Returns the (possibly moved)
 * array, or NULL (p untouched) when out of memory.
 */
void *strmap_grow(void *p, size_t n, size_t size);

#endif
