/* strmap: duplicates found, lookups exact, growth amortised. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "strmap.h"

Test(strmap, put_get_and_duplicates)
{
	strmap m = { 0 };
	size_t v = 0, old = 0;
	char k[32];

	cr_assert_eq(strmap_get(&m, "x", &v), 0, "an empty map has nothing");
	for (size_t i = 0; i < 100000; i++) {
		snprintf(k, sizeof(k), "key%zu", i);
		cr_assert_eq(strmap_put(&m, k, i, NULL), 0);
	}
	cr_assert_eq(m.n, 100000);
	cr_assert_eq(strmap_put(&m, "key777", 5, &old), 1, "a key already there");
	cr_assert_eq(old, 777, "the first one's value is kept");
	cr_assert_eq(strmap_get(&m, "key99999", &v), 1);
	cr_assert_eq(v, 99999);
	cr_assert_eq(strmap_get(&m, "key100000", &v), 0);
	cr_assert_eq(strmap_put(&m, "", 1, NULL), 0, "the empty string is a key like any");
	cr_assert_eq(strmap_get(&m, "", &v), 1);
	strmap_free(&m);
	strmap_free(&m);
	cr_assert_eq(m.n, 0);
}

Test(strmap, grow_keeps_elements)
{
	int *a = NULL;

	for (size_t n = 0; n < 5000; n++) {
		int *g = strmap_grow(a, n, sizeof(*a));

		cr_assert(g);
		a = g;
		a[n] = (int)n;
	}
	for (int i = 0; i < 5000; i++)
		cr_assert_eq(a[i], i);
	free(a);
}
