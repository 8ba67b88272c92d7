/* The small text parsers of generator options (specparse.c); 0 or -1. */
#ifndef DBARENA_GEN_SPECPARSE_H
#define DBARENA_GEN_SPECPARSE_H

#include <stdint.h>

/* A copy without surrounding white space (NULL when out of memory). */
char *specparse_trim_dup(const char *v);
/* Strips one pair of surrounding double quotes, in place. */
void specparse_unquote(char *v);
int specparse_i64(const char *v, int64_t *out);
/* A finite number. */
int specparse_num(const char *v, double *out);
/* YYYY-MM-DD, YYYY-MM-DD HH:MM:SS[.ffffff], YYYY-MM-DDTHH:MM:SS[.ffffff][Z] (UTC) in microseconds. */
int specparse_time(const char *s, int64_t *us);
/* Splits TABLE.COLUMN at the last unquoted dot, removing quotes; the caller frees both. */
int specparse_ref(const char *v, char **table, char **column);

#endif
