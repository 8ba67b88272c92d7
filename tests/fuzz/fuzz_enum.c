/*
 * enum generator: the list parser behind `values` and `weights`.  The input
 * is split at its first newline: values before it, weights after it (no
 * newline: values only).  A spec that validates is run for a few rows.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gen/gen.h"

static volatile unsigned sink;

static void touch(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		sink += (unsigned char)p[i];
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1), *weights;
	gen_spec *s;
	err e;
	int ok;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	weights = strchr(text, '\n');
	if (weights)
		*weights++ = '\0';
	memset(&e, 0, sizeof(e));
	s = gen_spec_new("enum", "fuzz.ini", 1, &e);
	ok = s && gen_spec_set(s, "values", text, 2, &e) == 0;
	if (ok && weights)
		ok = gen_spec_set(s, "weights", weights, 3, &e) == 0;
	if (ok && gen_spec_finish(s, &e) == 0) {
		gen_ctx ctx;
		gen *g;
		char desc[256];

		memset(&ctx, 0, sizeof(ctx));
		ctx.now_us = 1700000000000000LL;
		ctx.max_length = size ? data[0] % 16 : 0;
		gen_spec_describe(s, desc, sizeof(desc));
		g = gen_new(s, 11, &ctx);
		for (uint64_t row = 0; g && row < 16; row++) {
			dba_value v;

			if (gen_next(g, row, &v, &e))
				break;
			if (v.type == DBA_T_TEXT)
				touch(v.u.str, v.len);
		}
		gen_free(g);
	}
	gen_spec_free(s);
	free(text);
	return 0;
}
