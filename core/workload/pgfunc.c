/*
 * pgbench expressions: evaluation with pgbench's rules (integers stay
 * integers and overflow is an error, a double operand makes a double, NULL
 * propagates, AND / OR / CASE are lazy) and its random functions.
 */
#include <ctype.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "pgexpr.h"

typedef struct ev {
	const pgx_env *env;
	char *err;
	size_t cap;
} ev;

static int bad(ev *e, const char *fmt, const char *what)
{
	snprintf(e->err, e->cap, fmt, what);
	return -1;
}

pgv pgv_from_text(const char *s)
{
	static const char *const t[] = { "true", "yes", "on" }, *const f[] = { "false", "no", "off" };
	pgv v = { .type = PGV_TEXT, .s = s };
	char *end;

	if (!strcasecmp(s, "null"))
		return (pgv){ .type = PGV_NULL };
	for (int i = 0; i < 3; i++)
		if (!strcasecmp(s, t[i]) || !strcasecmp(s, f[i]))
			return (pgv){ .type = PGV_BOOL, .i = !strcasecmp(s, t[i]) };
	if (*s && !isspace((unsigned char)*s)) {
		long long i = strtoll(s, &end, 10);

		if (!*end)
			return (pgv){ .type = PGV_INT, .i = i };
		double d = strtod(s, &end);

		if (!*end)
			return (pgv){ .type = PGV_DOUBLE, .d = d };
	}
	return v;
}

char *pgv_text(const pgv *v, char *buf, size_t cap)
{
	switch (v->type) {
	case PGV_BOOL: snprintf(buf, cap, "%s", v->i ? "true" : "false"); break;
	case PGV_INT: snprintf(buf, cap, "%" PRId64, v->i); break;
	case PGV_DOUBLE: snprintf(buf, cap, "%.15g", v->d); break;
	case PGV_TEXT: snprintf(buf, cap, "%s", v->s); break;
	default: buf[0] = 0;
	}
	return buf;
}

static const char *type_name(const pgv *v)
{
	static const char *const n[] = { "null", "boolean", "int", "double", "string" };

	return n[v->type];
}

static int to_int(ev *e, const pgv *v, int64_t *out)
{
	if (v->type == PGV_INT) {
		*out = v->i;
		return 0;
	}
	if (v->type == PGV_DOUBLE) {
		double d = rint(v->d);

		if (isnan(d) || d < -9223372036854775808.0 || d >= 9223372036854775808.0)
			return bad(e, "double to int overflow for %s", "a value");
		*out = (int64_t)d;
		return 0;
	}
	return bad(e, "cannot coerce %s to int", type_name(v));
}

static int to_double(ev *e, const pgv *v, double *out)
{
	if (v->type == PGV_INT || v->type == PGV_DOUBLE) {
		*out = v->type == PGV_INT ? (double)v->i : v->d;
		return 0;
	}
	return bad(e, "cannot coerce %s to double", type_name(v));
}

static int to_bool(ev *e, const pgv *v, int *out)
{
	switch (v->type) {
	case PGV_NULL: *out = 0; return 0;
	case PGV_BOOL:
	case PGV_INT: *out = v->i != 0; return 0;
	case PGV_DOUBLE: *out = v->d != 0.0; return 0;
	default: return bad(e, "cannot coerce %s to boolean", type_name(v));
	}
}

static pgv mk_int(int64_t i) { return (pgv){ .type = PGV_INT, .i = i }; }
static pgv mk_dbl(double d) { return (pgv){ .type = PGV_DOUBLE, .d = d }; }
static pgv mk_bool(int b) { return (pgv){ .type = PGV_BOOL, .i = b != 0 }; }

static int eval(ev *e, const pgx *x, pgv *out);

/* + - * / and the comparisons: integers when both are, doubles otherwise. */
static int arith(ev *e, int fn, const pgv *a, const pgv *b, pgv *out)
{
	if (a->type == PGV_INT && b->type == PGV_INT) {
		int64_t x = a->i, y = b->i, r = 0;
		int ovf = 0;

		switch (fn) {
		case F_ADD: ovf = __builtin_add_overflow(x, y, &r); break;
		case F_SUB: ovf = __builtin_sub_overflow(x, y, &r); break;
		case F_MUL: ovf = __builtin_mul_overflow(x, y, &r); break;
		case F_DIV:
		case F_MOD_OP:
		case F_MOD:
			if (y == 0)
				return bad(e, "%s", "division by zero");
			if (y == -1) {
				r = 0;
				if (fn == F_DIV)
					ovf = __builtin_sub_overflow((int64_t)0, x, &r);
			} else {
				r = fn == F_DIV ? x / y : x % y;
			}
			break;
		case F_EQ: *out = mk_bool(x == y); return 0;
		case F_NE: *out = mk_bool(x != y); return 0;
		case F_LT: *out = mk_bool(x < y); return 0;
		case F_LE: *out = mk_bool(x <= y); return 0;
		case F_GT: *out = mk_bool(x > y); return 0;
		case F_GE: *out = mk_bool(x >= y); return 0;
		}
		if (ovf)
			return bad(e, "%s", "bigint out of range");
		*out = mk_int(r);
		return 0;
	}
	double x, y;

	if (fn == F_MOD_OP || fn == F_MOD)
		return bad(e, "%s", "the modulo operator takes integers");
	if (to_double(e, a, &x) || to_double(e, b, &y))
		return -1;
	switch (fn) {
	case F_ADD: *out = mk_dbl(x + y); break;
	case F_SUB: *out = mk_dbl(x - y); break;
	case F_MUL: *out = mk_dbl(x * y); break;
	case F_DIV:
		if (y == 0)
			return bad(e, "%s", "division by zero");
		*out = mk_dbl(x / y);
		break;
	case F_EQ: *out = mk_bool(x == y); break;
	case F_NE: *out = mk_bool(x != y); break;
	case F_LT: *out = mk_bool(x < y); break;
	case F_LE: *out = mk_bool(x <= y); break;
	case F_GT: *out = mk_bool(x > y); break;
	default: *out = mk_bool(x >= y); break;
	}
	return 0;
}

static int bits(ev *e, int fn, const pgv *a, const pgv *b, pgv *out)
{
	int64_t x, y = 0;

	if (to_int(e, a, &x) || (b && to_int(e, b, &y)))
		return -1;
	switch (fn) {
	case F_BITAND: x &= y; break;
	case F_BITOR: x |= y; break;
	case F_BITXOR: x ^= y; break;
	case F_BITNOT: x = ~x; break;
	case F_LSHIFT: x = y >= 0 && y < 64 ? (int64_t)((uint64_t)x << y) : 0; break;
	default: x = y >= 0 && y < 64 ? x >> y : (x < 0 ? -1 : 0); break;
	}
	*out = mk_int(x);
	return 0;
}

#define MM2_MUL 0xc6a4a7935bd1e995ULL
#define MM2_MUL_TIMES_8 0x35253c9ade8f4ca8ULL

static int64_t hash_murmur2(int64_t val, uint64_t seed)
{
	uint64_t r = seed ^ MM2_MUL_TIMES_8, k = (uint64_t)val;

	k *= MM2_MUL;
	k ^= k >> 47;
	k *= MM2_MUL;
	r ^= k;
	r *= MM2_MUL;
	r ^= r >> 47;
	r *= MM2_MUL;
	r ^= r >> 47;
	return (int64_t)r;
}

static int64_t hash_fnv1a(int64_t val, uint64_t seed)
{
	uint64_t r = 0xcbf29ce484222325ULL ^ seed, v = (uint64_t)val;

	for (int i = 0; i < 8; i++) {
		r ^= v & 0xff;
		v >>= 8;
		r *= 0x100000001b3ULL;
	}
	return (int64_t)r;
}

static int randoms(ev *e, int fn, const pgv *a, unsigned n, pgv *out)
{
	int64_t lo, hi;
	double p = 0;

	if (to_int(e, &a[0], &lo) || to_int(e, &a[1], &hi) || (n > 2 && to_double(e, &a[2], &p)))
		return -1;
	if (lo > hi)
		return bad(e, "%s", "empty range given to random");
	if ((uint64_t)hi - (uint64_t)lo >= (uint64_t)INT64_MAX)
		return bad(e, "%s", "random range is too large");
	if (fn == F_RANDOM_EXP && p <= 0)
		return bad(e, "%s", "exponential parameter must be greater than zero");
	if (fn == F_RANDOM_GAUSS && p < 2.0)
		return bad(e, "%s", "gaussian parameter must be at least 2.0");
	if (fn == F_RANDOM_ZIPF && (p < 1.001 || p > 1000))
		return bad(e, "%s", "zipfian parameter must be in range [1.001, 1000]");
	switch (fn) {
	case F_RANDOM: *out = mk_int(rng_range(e->env->r, lo, hi)); break;
	case F_RANDOM_EXP: *out = mk_int(pgx_random_exponential(e->env->r, lo, hi, p)); break;
	case F_RANDOM_GAUSS: *out = mk_int(pgx_random_gaussian(e->env->r, lo, hi, p)); break;
	default: *out = mk_int(pgx_random_zipfian(e->env->r, lo, hi, p)); break;
	}
	return 0;
}

/* least / greatest: doubles when any argument is one. */
static int extreme(ev *e, int fn, const pgv *a, unsigned n, pgv *out)
{
	int dbl = 0;

	for (unsigned i = 0; i < n; i++)
		dbl |= a[i].type == PGV_DOUBLE;
	*out = a[0];
	for (unsigned i = 0; i < n; i++) {
		double x, y;
		int64_t ix, iy;

		if (dbl) {
			if (to_double(e, &a[i], &x) || to_double(e, out, &y))
				return -1;
			if (i == 0 || (fn == F_LEAST ? x < y : x > y))
				*out = mk_dbl(x);
			else
				*out = mk_dbl(y);
		} else {
			if (to_int(e, &a[i], &ix) || to_int(e, out, &iy))
				return -1;
			if (i == 0 || (fn == F_LEAST ? ix < iy : ix > iy))
				*out = mk_int(ix);
		}
	}
	return 0;
}

static int math1(ev *e, int fn, const pgv *a, unsigned n, pgv *out)
{
	double x = 0, y = 0;

	if ((n > 0 && to_double(e, &a[0], &x)) || (n > 1 && to_double(e, &a[1], &y)))
		return -1;
	switch (fn) {
	case F_SQRT: *out = mk_dbl(sqrt(x)); break;
	case F_LN: *out = mk_dbl(log(x)); break;
	case F_EXP: *out = mk_dbl(exp(x)); break;
	case F_POW: *out = mk_dbl(pow(x, y)); break;
	case F_DOUBLE: *out = mk_dbl(x); break;
	default: *out = mk_dbl(M_PI); break;
	}
	return 0;
}

static int func(ev *e, int fn, pgv *a, unsigned n, pgv *out)
{
	int64_t i, j, s;
	int b;

	switch (fn) {
	case F_ADD: case F_SUB: case F_MUL: case F_DIV: case F_MOD_OP: case F_MOD:
	case F_EQ: case F_NE: case F_LT: case F_LE: case F_GT: case F_GE:
		return arith(e, fn, &a[0], &a[1], out);
	case F_NEG:
		if (a[0].type == PGV_DOUBLE) {
			*out = mk_dbl(-a[0].d);
			return 0;
		}
		return arith(e, F_SUB, &(pgv){ .type = PGV_INT }, &a[0], out);
	case F_BITAND: case F_BITOR: case F_BITXOR: case F_LSHIFT: case F_RSHIFT:
		return bits(e, fn, &a[0], &a[1], out);
	case F_BITNOT: return bits(e, fn, &a[0], NULL, out);
	case F_NOT:
		if (to_bool(e, &a[0], &b))
			return -1;
		*out = mk_bool(!b);
		return 0;
	case F_ABS:
		if (a[0].type == PGV_DOUBLE) {
			*out = mk_dbl(fabs(a[0].d));
			return 0;
		}
		if (to_int(e, &a[0], &i) || i == INT64_MIN)
			return i == INT64_MIN ? bad(e, "%s", "bigint out of range") : -1;
		*out = mk_int(i < 0 ? -i : i);
		return 0;
	case F_INT:
		if (to_int(e, &a[0], &i))
			return -1;
		*out = mk_int(i);
		return 0;
	case F_DEBUG:
		fprintf(stderr, "debug: %s %s\n", type_name(&a[0]), pgv_text(&a[0], (char[64]){ 0 }, 64));
		*out = a[0];
		return 0;
	case F_LEAST: case F_GREATEST: return extreme(e, fn, a, n, out);
	case F_RANDOM: case F_RANDOM_EXP: case F_RANDOM_GAUSS: case F_RANDOM_ZIPF:
		return randoms(e, fn, a, n, out);
	case F_HASH: case F_HASH_MURMUR2: case F_HASH_FNV1A:
		s = (int64_t)e->env->seed;
		if (to_int(e, &a[0], &i) || (n > 1 && to_int(e, &a[1], &s)))
			return -1;
		*out = mk_int(fn == F_HASH_FNV1A ? hash_fnv1a(i, (uint64_t)s) : hash_murmur2(i, (uint64_t)s));
		return 0;
	case F_PERMUTE:
		s = (int64_t)e->env->seed;
		if (to_int(e, &a[0], &i) || to_int(e, &a[1], &j) || (n > 2 && to_int(e, &a[2], &s)))
			return -1;
		if (j <= 0)
			return bad(e, "%s", "permute size parameter must be greater than zero");
		*out = mk_int(pgx_permute(i, j, (uint64_t)s));
		return 0;
	default: return math1(e, fn, a, n, out);
	}
}

/* AND, OR (three-valued) and CASE evaluate only what they need. */
static int lazy(ev *e, const pgx *x, pgv *out)
{
	pgv a;
	int b;

	if (x->fn == F_CASE) {
		for (unsigned i = 0; i + 1 < x->n; i += 2) {
			if (eval(e, x->a[i], &a) || to_bool(e, &a, &b))
				return -1;
			if (b)
				return eval(e, x->a[i + 1], out);
		}
		return eval(e, x->a[x->n - 1], out);
	}
	if (eval(e, x->a[0], &a))
		return -1;
	if (a.type != PGV_NULL) {
		if (to_bool(e, &a, &b))
			return -1;
		if (x->fn == F_AND ? !b : b) {
			*out = mk_bool(b);
			return 0;
		}
	}
	pgv c;
	int cb;

	if (eval(e, x->a[1], &c))
		return -1;
	if (c.type == PGV_NULL) {
		*out = c;
		return 0;
	}
	if (to_bool(e, &c, &cb))
		return -1;
	if (a.type == PGV_NULL && (x->fn == F_AND ? cb : !cb))
		*out = (pgv){ .type = PGV_NULL };
	else
		*out = mk_bool(cb);
	return 0;
}

static int eval(ev *e, const pgx *x, pgv *out)
{
	pgv a[64];
	int isnull = 0;

	switch (x->kind) {
	case PX_CONST:
		*out = x->v;
		return 0;
	case PX_VAR:
		if (e->env->lookup(e->env->ud, x->name, out))
			return bad(e, "undefined variable \"%s\"", x->name);
		if (out->type == PGV_TEXT) {
			*out = pgv_from_text(out->s);
			if (out->type == PGV_TEXT)
				return bad(e, "malformed variable \"%s\" value", x->name);
		}
		return 0;
	}
	if (x->fn == F_AND || x->fn == F_OR || x->fn == F_CASE)
		return lazy(e, x, out);
	for (unsigned i = 0; i < x->n && i < 64; i++) {
		if (eval(e, x->a[i], &a[i]))
			return -1;
		isnull |= a[i].type == PGV_NULL;
	}
	switch (x->fn) {
	case F_ISNULL: *out = mk_bool(a[0].type == PGV_NULL); return 0;
	case F_NOTNULL: *out = mk_bool(a[0].type != PGV_NULL); return 0;
	case F_IS:
		*out = mk_bool(a[0].type == PGV_BOOL && a[0].i == a[1].i);
		return 0;
	}
	if (isnull && x->fn != F_DEBUG) {
		*out = (pgv){ .type = PGV_NULL };
		return 0;
	}
	return func(e, x->fn, a, x->n, out);
}

int pgx_eval(const pgx *x, const pgx_env *env, pgv *out, char *msg, size_t cap)
{
	ev e = { env, msg, cap };

	return eval(&e, x, out);
}

/* ---- random functions (pgbench.c's formulas) ---- */

int64_t pgx_random_exponential(rng *r, int64_t lo, int64_t hi, double param)
{
	double cut = exp(-param), u = 1.0 - rng_double(r); /* (0, 1] */
	double x = -log(cut + (1.0 - cut) * u) / param;

	return lo + (int64_t)((double)(hi - lo + 1) * x);
}

int64_t pgx_random_gaussian(rng *r, int64_t lo, int64_t hi, double param)
{
	double sd, x;

	do {
		double u1 = 1.0 - rng_double(r), u2 = rng_double(r);

		sd = sqrt(-2.0 * log(u1)) * sin(2.0 * M_PI * u2);
	} while (sd < -param || sd >= param);
	x = (sd + param) / (param * 2.0);
	return lo + (int64_t)((double)(hi - lo + 1) * x);
}

/* Jim Gray's rejection method, as pgbench's computeIterativeZipfian. */
int64_t pgx_random_zipfian(rng *r, int64_t lo, int64_t hi, double s)
{
	int64_t n = hi - lo + 1;
	double b = pow(2.0, s - 1.0), x;

	if (n <= 1)
		return lo;
	for (;;) {
		double u = rng_double(r), v = rng_double(r), t;

		x = floor(pow(u, -1.0 / (s - 1.0)));
		t = pow(1.0 + 1.0 / x, s - 1.0);
		if (v * x * (t - 1.0) / (b - 1.0) <= t / b && x <= (double)n)
			break;
	}
	return lo + (int64_t)x - 1;
}

/*
 * A keyed bijection of [0, 2^k) (multiply by an odd number, add, xor-shift,
 * four rounds), walked until it lands inside [0, size).  Its values are
 * not pgbench's, but it is a permutation and the same for the same seed.
 */
int64_t pgx_permute(int64_t i, int64_t size, uint64_t seed)
{
	uint64_t n = (uint64_t)size, x = (uint64_t)(i % size + (i % size < 0 ? size : 0));
	unsigned k = 1;
	uint64_t st = seed, mult[4], add[4];

	while (k < 64 && (1ULL << k) < n)
		k++;
	uint64_t mask = k >= 64 ? ~0ULL : (1ULL << k) - 1;

	for (int r = 0; r < 4; r++) {
		mult[r] = rng_splitmix64(&st) | 1;
		add[r] = rng_splitmix64(&st);
	}
	if (n == 1)
		return 0;
	do {
		for (int r = 0; r < 4; r++) {
			x = (x * mult[r] + add[r]) & mask;
			x ^= x >> (k / 2 + 1);
		}
	} while (x >= n);
	return (int64_t)x;
}
