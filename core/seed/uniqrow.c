/*
 * Unique keys, row side: a key whose columns all draw from countable sets
 * gets row r's combination from a permutation of its space (each parent
 * combination at most once); any other key is checked against the
 * combinations seen so far and redrawn, a bounded number of times.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unique.h"

#define REDRAWS 64

/* The k-th distinct value of column c (an enumerable one: see col_space). */
static void value_at(seed_col *c, uint64_t k, char *buf, size_t cap, dba_value *out)
{
	if (c->fk.kind == FK_SEQ) {
		int64_t v = c->fk.start + c->fk.step * (int64_t)k;

		out->len = 0;
		out->type = DBA_T_INT64;
		out->u.i64 = v;
		if (!c->fk.int_family) {
			int n = snprintf(buf, cap, "%lld", (long long)v);

			out->type = DBA_T_TEXT;
			out->u.str = buf;
			out->len = (uint32_t)(n < 0 ? 0 : n);
		}
		return;
	}
	if (c->fk.kind == FK_VALUES) {
		if (c->fk.lead) /* a multi-column FK: its lead's parent row */
			k = c->fk.lead->last_k < c->fk.nvalues ? c->fk.lead->last_k : 0;
		c->fk.last_k = k;
		*out = c->fk.values[k];
		return;
	}
	gen_spec_value_at(c->spec, k, c->family, out, buf, cap);
}

static void construct(seed_table *t, seed_ukey *u, uint64_t row, dba_value *vals)
{
	uint64_t p = (uint64_t)(((unsigned __int128)u->mul * (row % u->space) + u->add) % u->space);

	uint64_t idx[64];

	/* indices first, then leads before the columns that follow them (multi-column FKs) */
	for (size_t j = 0; j < u->ncols && j < 64; j++) {
		uint64_t r = u->radix[j] ? u->radix[j] : 1;

		idx[j] = p % r;
		p /= r;
	}
	for (int pass = 0; pass < 2; pass++)
		for (size_t j = 0; j < u->ncols && j < 64; j++) {
			size_t k = u->cols[j];

			if ((t->cols[k].fk.lead != NULL) == pass)
				value_at(&t->cols[k], idx[j], t->ubuf[k], sizeof(t->ubuf[k]), &vals[k]);
		}
}

static uint64_t mix(uint64_t h, uint64_t v)
{
	h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
	h *= 0xbf58476d1ce4e5b9ULL;
	return h ^ (h >> 31);
}

/*
 * Text's hash: its first prefix characters (UTF-8; 0 = all), ASCII case-
 * folded: MariaDB's default collations and lower(col) keys compare so.
 */
static uint64_t text_hash(uint64_t h, const dba_value *v, int32_t prefix)
{
	int32_t chars = 0;
	uint32_t i;

	for (i = 0; i < v->len; i++) {
		unsigned char ch = (unsigned char)v->u.str[i];

		if ((ch & 0xc0) != 0x80 && prefix > 0 && chars++ == prefix)
			break;
		if (ch >= 'A' && ch <= 'Z')
			ch = (unsigned char)(ch - 'A' + 'a');
		h = mix(h, ch);
	}
	return mix(h, i);
}

/* Hash of the key's combination; 0 when a column is NULL (NULLs never collide). */
static uint64_t key_hash(const seed_ukey *u, const dba_value *vals)
{
	uint64_t h = 0x243f6a8885a308d3ULL;

	for (size_t j = 0; j < u->ncols; j++) {
		const dba_value *v = &vals[u->cols[j]];

		h = mix(h, (uint64_t)v->type);
		switch (v->type) {
		case DBA_T_NULL:
			return 0;
		case DBA_T_DECIMAL:
		case DBA_T_TEXT:
		case DBA_T_UUID:
			h = text_hash(h, v, u->prefix[j]);
			break;
		case DBA_T_BOOL:
			h = mix(h, (uint64_t)v->u.b);
			break;
		default:
			h = mix(h, (uint64_t)v->u.i64);
			break;
		}
	}
	return h ? h : 1;
}

/* 1 when h is in the set; with add, inserts it. -1 out of memory. */
static int seen(seed_ukey *u, uint64_t h, int add)
{
	size_t i;

	if (add && (u->setn + 1) * 2 > u->setcap) {
		size_t nc = u->setcap ? u->setcap * 2 : 1024;
		uint64_t *ns = calloc(nc, sizeof(*ns));

		if (!ns)
			return -1;
		for (size_t k = 0; k < u->setcap; k++)
			if (u->set[k]) {
				for (i = u->set[k] & (nc - 1); ns[i]; i = (i + 1) & (nc - 1))
					;
				ns[i] = u->set[k];
			}
		free(u->set);
		u->set = ns;
		u->setcap = nc;
	}
	if (!u->setcap)
		return 0;
	for (i = h & (u->setcap - 1); u->set[i]; i = (i + 1) & (u->setcap - 1))
		if (u->set[i] == h)
			return 1;
	if (add) {
		u->set[i] = h;
		u->setn++;
	}
	return 0;
}

/* 1 when column k's value is set by a constructed key (not to be redrawn). */
static int constructed(const seed_table *t, size_t k)
{
	for (size_t i = 0; i < t->nukeys; i++)
		for (size_t j = 0; t->ukeys[i].construct && j < t->ukeys[i].ncols; j++)
			if (t->ukeys[i].cols[j] == k)
				return 1;
	return 0;
}

/* Letters and digits of a hash, cut to the column: a fresh text when the generator keeps repeating. */
static void fresh_text(seed_table *t, size_t k, uint64_t seed, dba_value *out)
{
	static const char al[] = "abcdefghijklmnopqrstuvwxyz0123456789";
	seed_col *c = &t->cols[k];
	size_t n = c->max_length > 0 && c->max_length < 16 ? (size_t)c->max_length : 16;

	for (size_t i = 0; i < n; i++) {
		seed = mix(seed, i);
		t->ubuf[k][i] = al[seed % 36];
	}
	out->type = DBA_T_TEXT;
	out->u.str = t->ubuf[k];
	out->len = (uint32_t)n;
}

/* Draws the key's free columns again (attempt a > 0). */
static int redraw(seed_table *t, seed_ukey *u, uint64_t row, int a, dba_value *vals, err *e)
{
	int any = 0;

	for (size_t j = 0; j < u->ncols; j++) {
		size_t k = u->cols[j];
		seed_col *c = &t->cols[k];

		if (constructed(t, k) || c->force_null)
			continue;
		any = 1;
		if (a > REDRAWS / 4 && c->family == DBA_FAM_TEXT && !c->fk.kind)
			fresh_text(t, k, mix(row, (uint64_t)a), &vals[k]);
		else if (gen_next(c->g, row + ((uint64_t)a << 40), &vals[k], e))
			return -1;
	}
	if (!any)
		return err_set(e, EXIT_RUNTIME, "no column of the %s can be drawn again", u->label);
	return 0;
}

/* The first checked key whose combination was seen already, t->nukeys when none. */
static size_t repeated(seed_table *t, const dba_value *vals)
{
	for (size_t i = 0; i < t->nukeys; i++) {
		uint64_t h;

		if (!t->ukeys[i].construct && (h = key_hash(&t->ukeys[i], vals)) && seen(&t->ukeys[i], h, 0))
			return i;
	}
	return t->nukeys;
}

/* Columns of multi-column FKs take their lead's parent row again (after a construction or a redraw). */
static void resync(seed_table *t, dba_value *vals)
{
	for (size_t k = 0; k < t->ncols; k++) {
		seed_fk *f = &t->cols[k].fk;

		if (f->lead && vals[k].type != DBA_T_NULL && f->lead->last_k < f->nvalues) {
			f->last_k = f->lead->last_k;
			vals[k] = f->values[f->last_k];
		}
	}
}

int unique_row(seed_table *t, uint64_t row, dba_value *vals, err *e)
{
	size_t bad;

	for (size_t i = 0; i < t->nukeys; i++)
		if (t->ukeys[i].construct)
			construct(t, &t->ukeys[i], row, vals);
	resync(t, vals);
	for (int a = 0; (bad = repeated(t, vals)) < t->nukeys; a++, resync(t, vals)) {
		if (a == REDRAWS) {
			err_set(e, EXIT_RUNTIME, "no new value for the %s after %d draws", t->ukeys[bad].label, REDRAWS);
			err_hint(e, "widen the generators of its columns, or ask for fewer rows");
			return -1;
		}
		if (redraw(t, &t->ukeys[bad], row, a + 1, vals, e))
			return -1;
	}
	for (size_t i = 0; i < t->nukeys; i++) {
		uint64_t h;

		if (!t->ukeys[i].construct && (h = key_hash(&t->ukeys[i], vals)) && seen(&t->ukeys[i], h, 1) < 0)
			return err_set(e, EXIT_RUNTIME, "out of memory keeping the %s distinct", t->ukeys[i].label);
	}
	return 0;
}
