/*
 * pgbench expressions: a recursive-descent parser with pgbench's operator
 * precedence (exprparse.y), lowest first: OR, AND, NOT, IS / ISNULL /
 * NOTNULL, comparisons, the bit operators | # & << >>, + -, * / %, unary.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "pgexpr.h"

enum tok { T_END = 0, T_INT, T_DBL, T_WORD, T_VAR, T_OP };

typedef struct lex {
	const char *s, *p;
	int tok;
	const char *ts;   /* token text */
	size_t tl;
	char *err;
	size_t cap;
	int failed;
} lex;

static const struct { const char *name; int fn, min, max; } funcs[] = {
	{ "abs", F_ABS, 1, 1 }, { "debug", F_DEBUG, 1, 1 }, { "double", F_DOUBLE, 1, 1 },
	{ "exp", F_EXP, 1, 1 }, { "greatest", F_GREATEST, 1, 64 }, { "hash", F_HASH, 1, 2 },
	{ "hash_fnv1a", F_HASH_FNV1A, 1, 2 }, { "hash_murmur2", F_HASH_MURMUR2, 1, 2 },
	{ "int", F_INT, 1, 1 }, { "least", F_LEAST, 1, 64 }, { "ln", F_LN, 1, 1 },
	{ "mod", F_MOD, 2, 2 }, { "permute", F_PERMUTE, 2, 3 }, { "pi", F_PI, 0, 0 },
	{ "pow", F_POW, 2, 2 }, { "power", F_POW, 2, 2 }, { "random", F_RANDOM, 2, 2 },
	{ "random_exponential", F_RANDOM_EXP, 3, 3 }, { "random_gaussian", F_RANDOM_GAUSS, 3, 3 },
	{ "random_zipfian", F_RANDOM_ZIPF, 3, 3 }, { "sqrt", F_SQRT, 1, 1 },
};

static pgx *fail(lex *l, const char *what)
{
	if (!l->failed)
		snprintf(l->err, l->cap, "%s at column %d of \"%s\"", what, (int)(l->ts - l->s) + 1, l->s);
	l->failed = 1;
	return NULL;
}

static void next(lex *l)
{
	const char *p = l->p;

	while (isspace((unsigned char)*p))
		p++;
	l->ts = p;
	if (!*p) {
		l->tok = T_END;
	} else if (isdigit((unsigned char)*p) || (*p == '.' && isdigit((unsigned char)p[1]))) {
		l->tok = T_INT;
		while (isdigit((unsigned char)*p))
			p++;
		if (*p == '.' || *p == 'e' || *p == 'E') {
			l->tok = T_DBL;
			if (*p == '.')
				for (p++; isdigit((unsigned char)*p); p++)
					;
			if ((*p == 'e' || *p == 'E') && (isdigit((unsigned char)p[1]) ||
			    ((p[1] == '+' || p[1] == '-') && isdigit((unsigned char)p[2]))))
				for (p += 2; isdigit((unsigned char)*p); p++)
					;
		}
	} else if (isalpha((unsigned char)*p) || *p == '_') {
		l->tok = T_WORD;
		while (isalnum((unsigned char)*p) || *p == '_')
			p++;
	} else if (*p == ':' && (isalnum((unsigned char)p[1]) || p[1] == '_')) {
		l->tok = T_VAR;
		for (p++; isalnum((unsigned char)*p) || *p == '_'; p++)
			;
	} else {
		static const char *const two[] = { "<=", ">=", "<>", "!=", "<<", ">>" };

		l->tok = T_OP;
		p++;
		for (size_t i = 0; i < sizeof(two) / sizeof(two[0]); i++)
			if (l->ts[0] == two[i][0] && l->ts[1] == two[i][1])
				p = l->ts + 2;
	}
	l->tl = (size_t)(p - l->ts);
	l->p = p;
}

static int is_op(const lex *l, const char *op)
{
	return l->tok == T_OP && l->tl == strlen(op) && !memcmp(l->ts, op, l->tl);
}

static int is_word(const lex *l, const char *w)
{
	return l->tok == T_WORD && l->tl == strlen(w) && !strncasecmp(l->ts, w, l->tl);
}

static pgx *node(int kind, int fn)
{
	pgx *x = calloc(1, sizeof(*x));

	if (x) {
		x->kind = kind;
		x->fn = fn;
	}
	return x;
}

static pgx *add_arg(pgx *f, pgx *a)
{
	pgx **na;

	if (!f || !a || !(na = realloc(f->a, (f->n + 1) * sizeof(*na)))) {
		pgx_free(f);
		pgx_free(a);
		return NULL;
	}
	f->a = na;
	f->a[f->n++] = a;
	return f;
}

static pgx *op2(int fn, pgx *a, pgx *b)
{
	if (!a || !b) {
		pgx_free(a);
		pgx_free(b);
		return NULL;
	}
	return add_arg(add_arg(node(PX_FUNC, fn), a), b);
}

static pgx *expr(lex *l);

static pgx *constant(lex *l, pgv v)
{
	pgx *x = node(PX_CONST, 0);

	if (x)
		x->v = v;
	next(l);
	return x;
}

static pgx *number(lex *l)
{
	char buf[64];
	pgv v = { .type = l->tok == T_INT ? PGV_INT : PGV_DOUBLE };

	if (l->tl >= sizeof(buf))
		return fail(l, "number too long");
	memcpy(buf, l->ts, l->tl);
	buf[l->tl] = 0;
	errno = 0;
	if (v.type == PGV_INT)
		v.i = strtoll(buf, NULL, 10);
	else
		v.d = strtod(buf, NULL);
	if (errno)
		return fail(l, "number out of range");
	return constant(l, v);
}

static pgx *func_call(lex *l)
{
	const char *name = l->ts;
	size_t len = l->tl;
	pgx *f = NULL;
	size_t i;

	for (i = 0; i < sizeof(funcs) / sizeof(funcs[0]); i++)
		if (strlen(funcs[i].name) == len && !strncasecmp(funcs[i].name, name, len))
			break;
	if (i == sizeof(funcs) / sizeof(funcs[0]))
		return fail(l, "unknown function");
	next(l);
	if (!is_op(l, "("))
		return fail(l, "( expected after the function name");
	next(l);
	f = node(PX_FUNC, funcs[i].fn);
	while (f && !is_op(l, ")")) {
		if (f->n && !is_op(l, ","))
			return pgx_free(f), fail(l, ", or ) expected");
		if (f->n)
			next(l);
		f = add_arg(f, expr(l));
	}
	if (!f)
		return fail(l, "bad function argument");
	next(l);
	if ((int)f->n < funcs[i].min || (int)f->n > funcs[i].max) {
		pgx_free(f);
		return fail(l, "wrong number of arguments to the function");
	}
	return f;
}

/* CASE WHEN c THEN v ... [ELSE v] END: arguments c1, v1, c2, v2, ..., the else value (NULL constant). */
static pgx *case_expr(lex *l)
{
	pgx *f = node(PX_FUNC, F_CASE);

	next(l);
	if (!is_word(l, "when"))
		return pgx_free(f), fail(l, "WHEN expected");
	while (f && is_word(l, "when")) {
		next(l);
		f = add_arg(f, expr(l));
		if (!f || !is_word(l, "then"))
			return pgx_free(f), fail(l, "THEN expected");
		next(l);
		f = add_arg(f, expr(l));
	}
	if (f && is_word(l, "else")) {
		next(l);
		f = add_arg(f, expr(l));
	} else if (f) {
		pgx *null = node(PX_CONST, 0);

		f = add_arg(f, null);
	}
	if (!f || !is_word(l, "end"))
		return pgx_free(f), fail(l, "END expected");
	next(l);
	return f;
}

static pgx *primary(lex *l)
{
	pgx *x;

	switch (l->tok) {
	case T_INT:
	case T_DBL:
		return number(l);
	case T_VAR:
		if (!(x = node(PX_VAR, 0)) || !(x->name = strndup(l->ts + 1, l->tl - 1)))
			return pgx_free(x), fail(l, "out of memory");
		next(l);
		return x;
	case T_WORD:
		if (is_word(l, "true") || is_word(l, "false"))
			return constant(l, (pgv){ .type = PGV_BOOL, .i = is_word(l, "true") });
		if (is_word(l, "null"))
			return constant(l, (pgv){ .type = PGV_NULL });
		if (is_word(l, "case"))
			return case_expr(l);
		return func_call(l);
	case T_OP:
		if (is_op(l, "(")) {
			next(l);
			x = expr(l);
			if (x && !is_op(l, ")"))
				return pgx_free(x), fail(l, ") expected");
			next(l);
			return x;
		}
		return fail(l, "syntax error");
	default:
		return fail(l, "unexpected end of expression");
	}
}

static pgx *unary(lex *l)
{
	int fn = is_op(l, "-") ? F_NEG : is_op(l, "~") ? F_BITNOT : is_op(l, "+") ? -2 : -1;

	if (fn == -1)
		return primary(l);
	next(l);
	if (fn == -2)
		return unary(l);
	/* -9223372036854775808 is a constant, not the negation of one out of range */
	if (fn == F_NEG && l->tok == T_INT && l->tl == 19 && !strncmp(l->ts, "9223372036854775808", 19))
		return constant(l, (pgv){ .type = PGV_INT, .i = INT64_MIN });
	return add_arg(node(PX_FUNC, fn), unary(l));
}

/* Left-associative binary levels: ops[] and their functions. */
static pgx *level(lex *l, int lv);

static pgx *binary(lex *l, int lv, const char *const *ops, const int *fns, unsigned n)
{
	pgx *x = level(l, lv + 1);

	for (;;) {
		unsigned i;

		for (i = 0; i < n && !is_op(l, ops[i]); i++)
			;
		if (i == n || !x)
			return x;
		next(l);
		x = op2(fns[i], x, level(l, lv + 1));
	}
}

static pgx *compare(lex *l)
{
	static const char *const ops[] = { "=", "<>", "!=", "<", "<=", ">", ">=" };
	static const int fns[] = { F_EQ, F_NE, F_NE, F_LT, F_LE, F_GT, F_GE };
	pgx *x = level(l, 3);

	for (unsigned i = 0; x && i < 7; i++)
		if (is_op(l, ops[i])) {
			next(l);
			return op2(fns[i], x, level(l, 3));
		}
	return x;
}

static pgx *is_test(lex *l)
{
	pgx *x = compare(l);
	int neg = 0;

	if (!x)
		return NULL;
	if (is_word(l, "isnull") || is_word(l, "notnull")) {
		int fn = is_word(l, "isnull") ? F_ISNULL : F_NOTNULL;

		next(l);
		return add_arg(node(PX_FUNC, fn), x);
	}
	if (!is_word(l, "is"))
		return x;
	next(l);
	if (is_word(l, "not")) {
		neg = 1;
		next(l);
	}
	if (is_word(l, "null")) {
		next(l);
		return add_arg(node(PX_FUNC, neg ? F_NOTNULL : F_ISNULL), x);
	}
	if (is_word(l, "true") || is_word(l, "false")) {
		pgx *b = constant(l, (pgv){ .type = PGV_BOOL, .i = is_word(l, "true") });
		pgx *t = op2(F_IS, x, b);

		return neg ? add_arg(node(PX_FUNC, F_NOT), t) : t;
	}
	pgx_free(x);
	return fail(l, "NULL, TRUE or FALSE expected after IS");
}

static pgx *level(lex *l, int lv)
{
	static const char *const bit[] = { "|", "#", "&", "<<", ">>" };
	static const int bitf[] = { F_BITOR, F_BITXOR, F_BITAND, F_LSHIFT, F_RSHIFT };
	static const char *const add[] = { "+", "-" };
	static const int addf[] = { F_ADD, F_SUB };
	static const char *const mul[] = { "*", "/", "%" };
	static const int mulf[] = { F_MUL, F_DIV, F_MOD_OP };

	switch (lv) {
	case 0: { /* OR, AND: right-associative */
		pgx *x = level(l, 1);

		if (x && is_word(l, "or")) {
			next(l);
			return op2(F_OR, x, level(l, 0));
		}
		return x;
	}
	case 1: {
		pgx *x = level(l, 2);

		if (x && is_word(l, "and")) {
			next(l);
			return op2(F_AND, x, level(l, 1));
		}
		return x;
	}
	case 2:
		if (is_word(l, "not")) {
			next(l);
			return add_arg(node(PX_FUNC, F_NOT), level(l, 2));
		}
		return is_test(l);
	case 3: return binary(l, 3, bit, bitf, 5);
	case 4: return binary(l, 4, add, addf, 2);
	case 5: return binary(l, 5, mul, mulf, 3);
	default: return unary(l);
	}
}

static pgx *expr(lex *l)
{
	return level(l, 0);
}

pgx *pgx_parse(const char *text, char *msg, size_t cap)
{
	lex l = { .s = text, .p = text, .err = msg, .cap = cap };
	pgx *x;

	next(&l);
	x = expr(&l);
	if (x && l.tok != T_END) {
		pgx_free(x);
		return fail(&l, "unexpected text after the expression");
	}
	if (!x)
		fail(&l, "syntax error");
	return x;
}

void pgx_free(pgx *x)
{
	if (!x)
		return;
	for (unsigned i = 0; i < x->n; i++)
		pgx_free(x->a[i]);
	free(x->a);
	free(x->name);
	free(x);
}
