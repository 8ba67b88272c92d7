/*
 * Any generator's options: the first line names the generator, each
 * further line is "key = value" (a line without '=' is skipped).  Covers
 * the number, date, distribution and list parsers of every generator.  A
 * spec that validates is run for a few rows as text and as its own type.
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

/* foreign_key needs a source: hand out small integers. */
static int pick(void *ud, rng *r, int zipf, dba_value *out, err *e)
{
	memset(out, 0, sizeof(*out));
	out->type = DBA_T_INT64;
	out->u.i64 = (int64_t)(zipf ? rng_zipf(r, 10) : rng_below(r, 10));
	return 0;
}

static void run(const gen_spec *s, int32_t family, int32_t max_length)
{
	gen_ctx ctx;
	gen *g;
	err e;

	memset(&ctx, 0, sizeof(ctx));
	memset(&e, 0, sizeof(e));
	ctx.now_us = 1700000000000000LL;
	ctx.family = family;
	ctx.max_length = max_length;
	ctx.fk.pick = pick;
	g = gen_new(s, 5, &ctx);
	for (uint64_t row = 0; g && row < 4; row++) {
		dba_value v;

		if (gen_next(g, row, &v, &e))
			break;
		if (v.type == DBA_T_TEXT || v.type == DBA_T_DECIMAL || v.type == DBA_T_UUID)
			touch(v.u.str, v.len);
	}
	gen_free(g);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1), *line, *next;
	gen_spec *s;
	err e;
	int ok = 1, n = 2;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	next = strchr(text, '\n');
	if (next)
		*next++ = '\0';
	memset(&e, 0, sizeof(e));
	s = gen_spec_new(text, "fuzz.ini", 1, &e);
	for (line = next; s && ok && line; line = next, n++) {
		char *eq;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		eq = strchr(line, '=');
		if (!eq)
			continue;
		*eq = '\0';
		ok = gen_spec_set(s, line, eq + 1, n, &e) == 0;
	}
	if (s && ok && gen_spec_finish(s, &e) == 0) {
		char desc[256];

		gen_spec_describe(s, desc, sizeof(desc));
		(void)gen_spec_unique(s);
		(void)gen_spec_fk_table(s);
		run(s, 0, 0);
		run(s, DBA_FAM_TEXT, size ? data[size - 1] % 24 : 0);
	}
	gen_spec_free(s);
	free(text);
	return 0;
}
