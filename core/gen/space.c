/*
 * Key spaces of generators: how many distinct values a spec can produce and
 * the k-th of them, so a seed run can keep a unique key distinct by
 * construction (seed/unique.c) and refuse a count the key cannot hold.
 */
#include <stdio.h>

#include "gen_internal.h"

uint64_t gen_spec_space(const gen_spec *s)
{
	if (!s)
		return UINT64_MAX;
	switch (s->kind) {
	case GK_ENUM:
		return s->nvalues;
	case GK_BOOLEAN:
		return 2;
	case GK_RANDOM_INT:
		if ((uint64_t)(s->imax - s->imin) >= UINT64_MAX - 1)
			return UINT64_MAX;
		return (uint64_t)(s->imax - s->imin) + 1;
	default:
		return UINT64_MAX;
	}
}

int gen_spec_value_at(const gen_spec *s, uint64_t k, int32_t family, dba_value *out, char *buf, size_t cap)
{
	int64_t v;

	out->len = 0;
	switch (s->kind) {
	case GK_ENUM:
		out->type = DBA_T_TEXT;
		out->u.str = s->values[k];
		out->len = (uint32_t)s->value_len[k];
		return 0;
	case GK_BOOLEAN:
		if (family == DBA_FAM_TEXT) {
			out->type = DBA_T_TEXT;
			out->u.str = k ? "true" : "false";
			out->len = k ? 4 : 5;
		} else if (family == DBA_FAM_INT) {
			out->type = DBA_T_INT64;
			out->u.i64 = (int64_t)k;
		} else {
			out->type = DBA_T_BOOL;
			out->u.b = (int32_t)k;
		}
		return 0;
	case GK_RANDOM_INT:
		v = (int64_t)((uint64_t)s->imin + k);
		if (family == DBA_FAM_TEXT) {
			int n = snprintf(buf, cap, "%lld", (long long)v);

			out->type = DBA_T_TEXT;
			out->u.str = buf;
			out->len = (uint32_t)(n < 0 ? 0 : n);
		} else {
			out->type = DBA_T_INT64;
			out->u.i64 = v;
		}
		return 0;
	default:
		return -1;
	}
}
