/*
 * pgbench's expression language (the \set command of pgbench scripts):
 * integer, double, boolean and NULL values, its operators and functions,
 * including the random ones.  pgexpr.c parses, pgfunc.c evaluates.
 */
#ifndef DBARENA_WL_PGEXPR_H
#define DBARENA_WL_PGEXPR_H

#include <stddef.h>
#include <stdint.h>

#include "../gen/gen.h"

enum pgv_type { PGV_NULL = 0, PGV_BOOL, PGV_INT, PGV_DOUBLE, PGV_TEXT };

/* A value; s (PGV_TEXT) is borrowed from whoever holds the variable. */
typedef struct pgv {
	int type;
	int64_t i;   /* PGV_INT, PGV_BOOL (0 or 1) */
	double d;    /* PGV_DOUBLE */
	const char *s;
} pgv;

typedef struct pgx pgx;

/* Variable lookup for the evaluator: 0 and *out set, or -1 when name is not defined. */
typedef int (*pgx_lookup)(void *ud, const char *name, pgv *out);

typedef struct pgx_env {
	rng *r;               /* the random functions' source */
	uint64_t seed;        /* hash() and permute()'s default seed */
	pgx_lookup lookup;
	void *ud;
} pgx_env;

/* Parses text; NULL with a message in err (what and where) on a syntax error. */
pgx *pgx_parse(const char *text, char *msg, size_t cap);
void pgx_free(pgx *x);
/* Evaluates x: 0 with *out, or -1 with a message in err (undefined variable, overflow, bad range). */
int pgx_eval(const pgx *x, const pgx_env *env, pgv *out, char *msg, size_t cap);
/*
 * A variable's text (-D, \gset) as pgbench reads it: null, a boolean word,
 * an integer, a double; anything else stays text.
 */
pgv pgv_from_text(const char *s);
/* A value as text into buf ("" for NULL); returns buf. */
char *pgv_text(const pgv *v, char *buf, size_t cap);

/* The random functions, as pgbench computes them (lo <= hi checked by the caller). */
int64_t pgx_random_exponential(rng *r, int64_t lo, int64_t hi, double param);
int64_t pgx_random_gaussian(rng *r, int64_t lo, int64_t hi, double param);
int64_t pgx_random_zipfian(rng *r, int64_t lo, int64_t hi, double s);
/* A permutation of [0, size) keyed by seed: i's place (i taken modulo size). */
int64_t pgx_permute(int64_t i, int64_t size, uint64_t seed);

/* ---- internals shared by pgexpr.c and pgfunc.c ---- */

enum pgx_kind { PX_CONST = 0, PX_VAR, PX_FUNC };

enum pgx_fn {
	F_ADD = 0, F_SUB, F_MUL, F_DIV, F_MOD_OP, F_NEG, F_BITAND, F_BITOR, F_BITXOR, F_BITNOT, F_LSHIFT,
	F_RSHIFT, F_EQ, F_NE, F_LT, F_LE, F_GT, F_GE, F_AND, F_OR, F_NOT, F_ISNULL, F_NOTNULL, F_IS,
	F_CASE,
	/* named functions */
	F_ABS, F_DEBUG, F_DOUBLE, F_EXP, F_GREATEST, F_HASH, F_HASH_FNV1A, F_HASH_MURMUR2, F_INT, F_LEAST,
	F_LN, F_MOD, F_PERMUTE, F_PI, F_POW, F_RANDOM, F_RANDOM_EXP, F_RANDOM_GAUSS, F_RANDOM_ZIPF, F_SQRT,
	F_NFN
};

struct pgx {
	int kind;       /* enum pgx_kind */
	pgv v;          /* PX_CONST */
	char *name;     /* PX_VAR */
	int fn;         /* PX_FUNC: enum pgx_fn */
	pgx **a;        /* arguments */
	unsigned n;
};

#endif
