/*
 * The small text parsers of generator options: trimmed and unquoted values,
 * integers, numbers, UTC times and TABLE.COLUMN references.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "dbarena/timefmt.h"
#include "specparse.h"

char *specparse_trim_dup(const char *v)
{
	while (*v && isspace((unsigned char)*v))
		v++;
	size_t n = strlen(v);
	while (n && isspace((unsigned char)v[n - 1]))
		n--;
	return strndup(v, n);
}

/* Strips one pair of surrounding double quotes, in place. */
void specparse_unquote(char *v)
{
	size_t n = strlen(v);
	if (n >= 2 && v[0] == '"' && v[n - 1] == '"') {
		memmove(v, v + 1, n - 2);
		v[n - 2] = 0;
	}
}

int specparse_i64(const char *v, int64_t *out)
{
	char *end;
	if (!*v)
		return -1;
	errno = 0;
	long long x = strtoll(v, &end, 10);
	if (errno || *end || end == v)
		return -1;
	*out = x;
	return 0;
}

int specparse_num(const char *v, double *out)
{
	char *end;
	if (!*v)
		return -1;
	errno = 0;
	double x = strtod(v, &end);
	if (errno || *end || end == v || !isfinite(x))
		return -1;
	*out = x;
	return 0;
}

static int digits(const char *p, int n, int *out)
{
	int x = 0;
	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)p[i]))
			return -1;
		x = x * 10 + (p[i] - '0');
	}
	*out = x;
	return 0;
}

/* YYYY-MM-DD, YYYY-MM-DD HH:MM:SS[.ffffff], YYYY-MM-DDTHH:MM:SS[.ffffff][Z] (UTC). */
int specparse_time(const char *s, int64_t *us)
{
	int y, mo, d, h = 0, mi = 0, se = 0;
	int64_t frac = 0;
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (strlen(s) < 10 || digits(s, 4, &y) || s[4] != '-' || digits(s + 5, 2, &mo) || s[7] != '-' ||
	    digits(s + 8, 2, &d))
		return -1;
	const char *p = s + 10;
	if (*p == ' ' || *p == 'T') {
		p++;
		if (strlen(p) < 8 || digits(p, 2, &h) || p[2] != ':' || digits(p + 3, 2, &mi) || p[5] != ':' ||
		    digits(p + 6, 2, &se))
			return -1;
		p += 8;
		if (*p == '.') {
			int nd = 0;
			p++;
			while (isdigit((unsigned char)*p)) {
				if (nd < 6) {
					frac = frac * 10 + (*p - '0');
					nd++;
				}
				p++;
			}
			if (nd == 0)
				return -1;
			while (nd++ < 6)
				frac *= 10;
		}
		if (*p == 'Z')
			p++;
	}
	if (*p)
		return -1;
	if (mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] || h > 23 || mi > 59 || se > 59)
		return -1;
	if (mo == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return -1;
	int64_t days = dba_days_from_civil(y, (unsigned)mo, (unsigned)d);
	*us = ((days * 86400 + h * 3600 + mi * 60 + se) * 1000000) + frac;
	return 0;
}

/* Splits TABLE.COLUMN at the last unquoted dot, removing quotes. */
int specparse_ref(const char *v, char **table, char **column)
{
	size_t n = strlen(v);
	int inq = 0;
	ssize_t dot = -1;
	for (size_t i = 0; i < n; i++) {
		if (v[i] == '"')
			inq = !inq;
		else if (v[i] == '.' && !inq)
			dot = (ssize_t)i;
	}
	if (inq || dot <= 0 || (size_t)dot == n - 1)
		return -1;
	char *parts[2] = { strndup(v, (size_t)dot), strdup(v + dot + 1) };
	for (int k = 0; k < 2; k++) {
		/* remove quotes, "" -> " ; keep inner dots of schema-qualified tables */
		char *src = parts[k], *dst = parts[k];
		int q = 0;
		while (*src) {
			if (*src == '"') {
				if (q && src[1] == '"') {
					*dst++ = '"';
					src += 2;
					continue;
				}
				q = !q;
				src++;
				continue;
			}
			*dst++ = *src++;
		}
		*dst = 0;
	}
	if (!*parts[0] || !*parts[1]) {
		free(parts[0]);
		free(parts[1]);
		return -1;
	}
	*table = parts[0];
	*column = parts[1];
	return 0;
}
