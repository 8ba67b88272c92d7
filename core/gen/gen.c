/*
 * Running generators.  Each row draws from its own xoshiro state, seeded
 * from the stream seed and the row index: a row's value depends only on
 * (spec, stream seed, row + row_offset, ctx), so batching, job counts and
 * NULL decisions never shift the values of other rows.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dbarena/timefmt.h"
#include "gen_internal.h"
#include "rng_inline.h"

struct gen {
	gen_spec *s;
	uint64_t seed;
	gen_ctx ctx;
	char *buf;
	size_t cap, n;
	int oom;          /* a buffer growth failed during this value */
	int64_t lo, hi;   /* resolved timestamp (seconds) / date (days) range */
};

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/* ---- buffer ---- */

static int reserve(gen *g, size_t extra)
{
	if (g->n + extra + 1 <= g->cap)
		return 0;
	size_t nc = g->cap ? g->cap : 256;
	while (nc < g->n + extra + 1)
		nc *= 2;
	char *nb = realloc(g->buf, nc);
	if (!nb) {
		g->oom = 1;
		return -1;
	}
	g->buf = nb;
	g->cap = nc;
	return 0;
}

static inline void put(gen *g, const char *s, size_t n)
{
	if (reserve(g, n))
		return;
	memcpy(g->buf + g->n, s, n);
	g->n += n;
}

static inline void putc_(gen *g, char c)
{
	if (reserve(g, 1))
		return;
	g->buf[g->n++] = c;
}

static inline void puts_(gen *g, const char *s)
{
	put(g, s, strlen(s));
}

static void put_u64(gen *g, uint64_t v)
{
	char tmp[24];
	int i = sizeof tmp;
	do {
		tmp[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	put(g, tmp + i, sizeof tmp - (size_t)i);
}

static void put_i64(gen *g, int64_t v)
{
	if (v < 0) {
		putc_(g, '-');
		put_u64(g, (uint64_t)0 - (uint64_t)v);
	} else
		put_u64(g, (uint64_t)v);
}

static void put_2(gen *g, unsigned v)
{
	char t[2] = { (char)('0' + v / 10 % 10), (char)('0' + v % 10) };
	put(g, t, 2);
}

static void put_date(gen *g, int64_t days)
{
	int64_t y;
	unsigned m, d;
	dba_civil_from_days(days, &y, &m, &d);
	if (y >= 0 && y < 10000) {
		put_2(g, (unsigned)(y / 100));
		put_2(g, (unsigned)(y % 100));
	} else
		put_i64(g, y);
	putc_(g, '-');
	put_2(g, m);
	putc_(g, '-');
	put_2(g, d);
}

static void put_ts(gen *g, int64_t us)
{
	int64_t secs = floor_div(us, 1000000);
	int64_t days = floor_div(secs, 86400);
	int64_t rem = secs - days * 86400;
	int64_t frac = us - secs * 1000000;
	put_date(g, days);
	putc_(g, ' ');
	put_2(g, (unsigned)(rem / 3600));
	putc_(g, ':');
	put_2(g, (unsigned)(rem / 60 % 60));
	putc_(g, ':');
	put_2(g, (unsigned)(rem % 60));
	if (frac) {
		char t[8];
		t[0] = '.';
		for (int i = 6; i >= 1; i--, frac /= 10)
			t[i] = (char)('0' + frac % 10);
		put(g, t, 7);
	}
}

/* Length in bytes of the first max characters of s (UTF-8). */
static size_t utf8_cut(const char *s, size_t n, int32_t max)
{
	if (max <= 0 || n <= (size_t)max) /* no more characters than bytes */
		return n;
	int32_t chars = 0;
	for (size_t i = 0; i < n; i++) {
		if (((unsigned char)s[i] & 0xC0) != 0x80) {
			if (chars == max)
				return i;
			chars++;
		}
	}
	return n;
}

static int text_out(gen *g, dba_value *out, int type)
{
	if (!g->buf && reserve(g, 0))
		return -1;
	size_t n = type == DBA_T_TEXT ? utf8_cut(g->buf, g->n, g->ctx.max_length) : g->n;
	g->buf[n] = 0;
	out->type = type;
	out->len = (uint32_t)n;
	out->u.str = g->buf;
	return 0;
}

/* Integers become text for text columns (varchar codes seeded by numbers). */
static int int_out(gen *g, dba_value *out, int64_t v)
{
	if (g->ctx.family == DBA_FAM_TEXT) {
		put_i64(g, v);
		return text_out(g, out, DBA_T_TEXT);
	}
	out->type = DBA_T_INT64;
	out->len = 0;
	out->u.i64 = v;
	return 0;
}

/* ---- lifecycle ---- */

gen *gen_new(const gen_spec *cs, uint64_t stream_seed, const gen_ctx *ctx)
{
	gen_spec *s = (gen_spec *)cs;
	gen *g = calloc(1, sizeof *g);
	if (!g)
		return NULL;
	__atomic_add_fetch(&s->refs, 1, __ATOMIC_ACQ_REL);
	g->s = s;
	g->seed = stream_seed;
	if (ctx)
		g->ctx = *ctx;
	if (!g->ctx.now_us) {
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		g->ctx.now_us = (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
	}
	if (reserve(g, 256)) {
		gen_free(g);
		return NULL;
	}
	if (s->kind == GK_TIMESTAMP && s->type == TS_RANGE) {
		const int64_t year = 365LL * 86400 * 1000000;
		int64_t end = s->has_end ? s->t_end : s->has_start ? s->t_start + year : g->ctx.now_us;
		int64_t start = s->has_start ? s->t_start : end - year;
		g->lo = -floor_div(-start, 1000000); /* ceil */
		g->hi = floor_div(end, 1000000);
		if (g->lo > g->hi)
			g->lo = g->hi = floor_div(start, 1000000);
	} else if (s->kind == GK_DATE) {
		const int64_t span = 1826; /* five years */
		int64_t today = floor_div(g->ctx.now_us, 86400LL * 1000000);
		g->hi = s->has_end ? s->t_end : s->has_start ? s->t_start + span : today;
		g->lo = s->has_start ? s->t_start : g->hi - span;
	}
	return g;
}

void gen_free(gen *g)
{
	if (!g)
		return;
	spec_release(g->s);
	free(g->buf);
	free(g);
}

/* ---- values ---- */

static const char *pick(rng *r, const char *const *v, unsigned n)
{
	return v[rngi_below(r, n)];
}

/* Lower-case ASCII letters and digits only: "O'Brien" -> "obrien". */
static void put_local(gen *g, const char *s)
{
	for (; *s; s++) {
		char c = *s;
		if (c >= 'A' && c <= 'Z')
			putc_(g, (char)(c - 'A' + 'a'));
		else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
			putc_(g, c);
	}
}

static void put_uuid(gen *g, rng *r)
{
	static const char hex[] = "0123456789abcdef";
	uint64_t a = rngi_next(r), b = rngi_next(r);
	a = (a & ~0xF000ULL) | 0x4000ULL;                      /* version 4 */
	b = (b & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL; /* variant 10 */
	char t[36];
	int k = 0;
	for (int i = 0; i < 32; i++) {
		if (i == 8 || i == 12 || i == 16 || i == 20)
			t[k++] = '-';
		uint64_t w = i < 16 ? a : b;
		int sh = 60 - 4 * (i % 16);
		t[k++] = hex[(w >> sh) & 0xF];
	}
	put(g, t, 36);
}

static void put_email(gen *g, rng *r, uint64_t idx)
{
	static const char *const domains[] = { "example.com", "example.net", "example.org" };
	const gen_spec *s = g->s;
	const char *first = pick(r, gen_first_names, gen_n_first_names);
	const char *last = pick(r, gen_last_names, gen_n_last_names);
	const char *domain = s->domain ? s->domain : domains[idx % 3];
	/* The row number makes it unique; the names only make it look real. */
	char suffix[96];
	size_t sn = 0;
	uint64_t nn = idx + 1;
	char tmp[24];
	int i = sizeof tmp;
	do {
		tmp[--i] = (char)('0' + nn % 10);
		nn /= 10;
	} while (nn);
	memcpy(suffix, tmp + i, sizeof tmp - (size_t)i);
	sn = sizeof tmp - (size_t)i;
	if (g->ctx.unique_tag) {
		static const char b36[] = "0123456789abcdefghijklmnopqrstuvwxyz";
		uint64_t t = g->ctx.unique_tag;
		suffix[sn++] = '.';
		i = sizeof tmp;
		do {
			tmp[--i] = b36[t % 36];
			t /= 36;
		} while (t);
		memcpy(suffix + sn, tmp + i, sizeof tmp - (size_t)i);
		sn += sizeof tmp - (size_t)i;
	}
	size_t start = g->n;
	put_local(g, first);
	putc_(g, '.');
	put_local(g, last);
	size_t name_len = g->n - start;
	size_t dl = strlen(domain);
	/* Shorten the name part rather than the unique suffix for short columns. */
	if (g->ctx.max_length > 0 && name_len + sn + 1 + dl > (size_t)g->ctx.max_length) {
		size_t keep = (size_t)g->ctx.max_length > sn + 1 + dl + 1 ? (size_t)g->ctx.max_length - sn - 1 - dl : 1;
		if (keep < name_len) {
			g->n = start + keep;
			if (g->buf[g->n - 1] == '.' && keep > 1)
				g->n--;
		}
	}
	put(g, suffix, sn);
	putc_(g, '@');
	put(g, domain, dl);
}

static void put_words(gen *g, rng *r)
{
	int64_t n = rngi_range(r, g->s->min_words, g->s->max_words);
	for (int64_t i = 0; i < n; i++) {
		const char *w = pick(r, gen_words, gen_n_words);
		if (i)
			putc_(g, ' ');
		size_t at = g->n;
		puts_(g, w);
		if (i == 0 && g->buf[at] >= 'a' && g->buf[at] <= 'z')
			g->buf[at] = (char)(g->buf[at] - 'a' + 'A');
	}
	putc_(g, '.');
}

static void put_template(gen *g, rng *r, uint64_t idx)
{
	const tpl *t = &g->s->tpl;
	for (size_t i = 0; i < t->n; i++) {
		const tpl_part *p = &t->v[i];
		switch (p->kind) {
		case TP_LIT:
			put(g, p->lit, p->lit_len);
			break;
		case TP_RANDOM_INT:
			put_i64(g, rngi_range(r, p->a, p->b));
			break;
		case TP_SEQUENTIAL:
			put_u64(g, idx + 1);
			break;
		case TP_ROW:
			put_u64(g, idx);
			break;
		case TP_FIRST:
			puts_(g, pick(r, gen_first_names, gen_n_first_names));
			break;
		case TP_LAST:
			puts_(g, pick(r, gen_last_names, gen_n_last_names));
			break;
		case TP_UUID:
			put_uuid(g, r);
			break;
		case TP_ENUM: {
			uint64_t k = rngi_below(r, p->nitems);
			put(g, p->items[k], p->item_len[k]);
			break;
		}
		}
	}
}

static int ts_out(gen *g, dba_value *out, int64_t us)
{
	if (g->ctx.family == DBA_FAM_TEXT) {
		put_ts(g, us);
		return text_out(g, out, DBA_T_TEXT);
	}
	if (g->ctx.family == DBA_FAM_DATE) {
		out->type = DBA_T_DATE;
		out->u.i64 = floor_div(us, 86400LL * 1000000);
	} else {
		out->type = DBA_T_TIMESTAMP;
		out->u.i64 = us;
	}
	out->len = 0;
	return 0;
}

static int64_t random_int(const gen_spec *s, rng *r)
{
	int64_t v;
	if (s->dist == DIST_NORMAL) {
		double mean = ((double)s->imin + (double)s->imax) / 2;
		double sd = ((double)s->imax - (double)s->imin) / 6;
		double x = mean + sd * rng_normal(r);
		x = x < (double)s->imin ? (double)s->imin : x > (double)s->imax ? (double)s->imax : x;
		v = (int64_t)(x + (x >= 0 ? 0.5 : -0.5));
		if (v < s->imin)
			v = s->imin;
		if (v > s->imax)
			v = s->imax;
	} else if (s->dist == DIST_ZIPF && (uint64_t)s->imax - (uint64_t)s->imin < UINT64_MAX) {
		v = (int64_t)((uint64_t)s->imin + rng_zipf(r, (uint64_t)s->imax - (uint64_t)s->imin + 1));
	} else
		v = rngi_range(r, s->imin, s->imax);
	return v;
}

static int decimal_out(gen *g, const gen_spec *s, rng *r, dba_value *out)
{
	int64_t v = rngi_range(r, s->dmin, s->dmax);
	uint64_t a = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	char tmp[32];
	int i = sizeof tmp, p = s->precision;
	do {
		tmp[--i] = (char)('0' + a % 10);
		a /= 10;
		if (--p == 0)
			tmp[--i] = '.';
	} while (a || p >= 0);
	if (tmp[i] == '.')
		tmp[--i] = '0';
	if (v < 0)
		tmp[--i] = '-';
	put(g, tmp + i, sizeof tmp - (size_t)i);
	return text_out(g, out, g->ctx.family == DBA_FAM_TEXT ? DBA_T_TEXT : DBA_T_DECIMAL);
}

static void put_phone(gen *g, const gen_spec *s, rng *r)
{
	const char *f = s->format ? s->format : "(###) ###-####";
	uint64_t bits = rngi_next(r);
	int left = 19;
	for (; *f; f++) {
		if (*f != '#') {
			putc_(g, *f);
			continue;
		}
		if (!left) {
			bits = rngi_next(r);
			left = 19;
		}
		putc_(g, (char)('0' + bits % 10));
		bits /= 10;
		left--;
	}
}

/* An enum choice: weighted (cumulative weights, binary search) or uniform. */
static size_t pick_enum(const gen_spec *s, rng *r)
{
	size_t k;
	if (s->weights) {
		double u = rngi_double(r);
		size_t lo = 0, hi = s->nweights - 1;
		while (lo < hi) {
			size_t mid = (lo + hi) / 2;
			if (u < s->weights[mid])
				hi = mid;
			else
				lo = mid + 1;
		}
		k = lo;
	} else
		k = (size_t)rngi_below(r, s->nvalues);
	return k;
}

int gen_next(gen *g, uint64_t row, dba_value *out, err *e)
{
	const gen_spec *s = g->s;
	uint64_t idx = row + g->ctx.row_offset;
	g->n = 0;
	g->oom = 0;
	out->len = 0;
	if (s->kind == GK_SEQUENTIAL && s->null_p == 0)
		return int_out(g, out, (int64_t)((uint64_t)s->start + idx * (uint64_t)s->step));
	rng r;
	rngi_seed(&r, g->seed ^ (idx * 0xD1B54A32D192ED03ULL));

	/* Always drawn, so changing null_probability keeps the other rows' values. */
	double nullu = rngi_double(&r);
	if (s->null_p > 0 && nullu < s->null_p) {
		out->type = DBA_T_NULL;
		out->u.i64 = 0;
		return 0;
	}

	switch (s->kind) {
	case GK_SEQUENTIAL:
		return int_out(g, out, (int64_t)((uint64_t)s->start + idx * (uint64_t)s->step));
	case GK_RANDOM_INT:
		return int_out(g, out, random_int(s, &r));
	case GK_RANDOM_DECIMAL:
		return decimal_out(g, s, &r, out);
	case GK_BOOLEAN: {
		int b = rngi_double(&r) < s->prob;
		if (g->ctx.family == DBA_FAM_TEXT) {
			puts_(g, b ? "true" : "false");
			return text_out(g, out, DBA_T_TEXT);
		}
		if (g->ctx.family == DBA_FAM_INT)
			return int_out(g, out, b);
		out->type = DBA_T_BOOL;
		out->u.i64 = 0;
		out->u.b = b;
		return 0;
	}
	case GK_TIMESTAMP:
		if (s->type == TS_NOW)
			return ts_out(g, out, g->ctx.now_us);
		if (s->type == TS_RELATIVE)
			return ts_out(g, out,
				      g->ctx.now_us + (s->offset_s + rngi_range(&r, -s->jitter_s, s->jitter_s)) * 1000000);
		return ts_out(g, out, rngi_range(&r, g->lo, g->hi) * 1000000);
	case GK_DATE: {
		int64_t d = rngi_range(&r, g->lo, g->hi);
		if (g->ctx.family == DBA_FAM_TEXT) {
			put_date(g, d);
			return text_out(g, out, DBA_T_TEXT);
		}
		if (g->ctx.family == DBA_FAM_TIMESTAMP) {
			out->type = DBA_T_TIMESTAMP;
			out->u.i64 = d * 86400LL * 1000000;
			return 0;
		}
		out->type = DBA_T_DATE;
		out->u.i64 = d;
		return 0;
	}
	case GK_EMAIL:
		put_email(g, &r, idx);
		break;
	case GK_PHONE:
		put_phone(g, s, &r);
		break;
	case GK_NAME:
		if (s->type != NAME_LAST)
			puts_(g, pick(&r, gen_first_names, gen_n_first_names));
		if (s->type == NAME_FULL)
			putc_(g, ' ');
		if (s->type != NAME_FIRST)
			puts_(g, pick(&r, gen_last_names, gen_n_last_names));
		break;
	case GK_ADDRESS:
		put_i64(g, rngi_range(&r, 1, 9999));
		putc_(g, ' ');
		puts_(g, pick(&r, gen_streets, gen_n_streets));
		if (s->type == ADDR_FULL) {
			put(g, ", ", 2);
			puts_(g, pick(&r, gen_cities, gen_n_cities));
			putc_(g, ' ');
			put_i64(g, rngi_range(&r, 10001, 99950));
		}
		break;
	case GK_TEMPLATE:
		put_template(g, &r, idx);
		break;
	case GK_ENUM: {
		size_t k = pick_enum(s, &r);

		put(g, s->values[k], s->value_len[k]);
		break;
	}
	case GK_FOREIGN_KEY:
		if (!g->ctx.fk.pick)
			return err_set(e, EXIT_RUNTIME, "%s%sforeign_key generator for %s has no source of values",
				       s->where, s->where[0] ? ": " : "", s->references);
		return g->ctx.fk.pick(g->ctx.fk.ud, &r, s->dist == DIST_ZIPF, out, e);
	case GK_UUID:
		put_uuid(g, &r);
		return text_out(g, out, g->ctx.family == DBA_FAM_TEXT ? DBA_T_TEXT : DBA_T_UUID);
	case GK_TEXT:
		put_words(g, &r);
		if (g->ctx.max_length > 0) {
			/* don't leave a cut word's trailing space */
			size_t n = utf8_cut(g->buf, g->n, g->ctx.max_length);
			while (n > 1 && g->buf[n - 1] == ' ')
				n--;
			g->n = n;
		}
		break;
	}
	if (g->oom)
		return err_set(e, EXIT_RUNTIME, "out of memory generating a value for %s",
			       s->where[0] ? s->where : spec_kind_name(s->kind));
	return text_out(g, out, DBA_T_TEXT);
}
