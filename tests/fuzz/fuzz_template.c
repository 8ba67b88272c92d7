/*
 * Template generator: the whole input is the template text.  A template
 * that parses is expanded for a few rows, under a length limit taken from
 * the input's first byte.
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
	char *text = malloc(size + 1);
	gen_spec *s;
	err e;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	memset(&e, 0, sizeof(e));
	s = gen_spec_new("template", "fuzz.ini", 1, &e);
	if (s && gen_spec_set(s, "template", text, 2, &e) == 0 && gen_spec_finish(s, &e) == 0) {
		gen_ctx ctx;
		gen *g;
		char desc[256];

		memset(&ctx, 0, sizeof(ctx));
		ctx.now_us = 1700000000000000LL;
		ctx.family = DBA_FAM_TEXT;
		ctx.max_length = size ? data[0] % 40 : 0;
		ctx.row_offset = size > 1 ? (uint64_t)data[1] << 56 : 0;
		gen_spec_describe(s, desc, sizeof(desc));
		g = gen_new(s, 7, &ctx);
		for (uint64_t row = 0; g && row < 8; row++) {
			dba_value v;

			if (gen_next(g, row, &v, &e))
				break;
			if (v.type == DBA_T_TEXT)
				touch(v.u.str, v.len);  /* the payload must be readable */
		}
		gen_free(g);
	}
	gen_spec_free(s);
	free(text);
	return 0;
}
