/*
 * CHECK expressions as PostgreSQL (pg_get_constraintdef) and MariaDB
 * (CHECK_CONSTRAINTS.CHECK_CLAUSE) print them, parsed into a small tree
 * (checkexpr.c), and the constants in it read as numbers and times.  The
 * tree is read as bounds per column by check.c.
 */
#ifndef DBARENA_GEN_CHECKEXPR_H
#define DBARENA_GEN_CHECKEXPR_H

#include <stddef.h>

enum { N_AND, N_OR, N_NOT, N_CMP, N_BETWEEN, N_IN, N_ISNULL, N_COL, N_CONST, N_FUNC, N_LIST, N_ARITH, N_BAD };

typedef struct node {
	int kind;
	char op[4];           /* N_CMP: "=", "<", "<=", ">", ">=", "<>"; N_ISNULL: "n" is null, "!" is not null;
	                         N_ARITH: "+", "-" */
	char *text;           /* N_COL name, N_CONST text, N_FUNC name */
	int is_str;           /* N_CONST from a quoted literal */
	struct node **kid;
	size_t nkid;
} node;

/* Parses expr ("CHECK (...)" or the bare condition, "NOT VALID" ignored); NULL when not understood. */
node *check_expr_parse(const char *expr);
void check_expr_free(node *n);
/* A numeric constant. */
int check_expr_num(const node *n, double *v);
/*
 * A bound in seconds since 1970: a date or time-stamp literal, now() (and
 * CURRENT_TIMESTAMP, CURRENT_DATE, LOCALTIMESTAMP) read at parse time, or
 * one of those plus or minus an interval literal.  A bound read off the
 * clock is kept slack seconds inside (+86400 for a minimum, -86400 for a
 * maximum), for the server's time zone and clock.
 */
int check_expr_time(const node *n, double *v, double slack);

#endif
