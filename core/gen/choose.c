/* Generators chosen from a column's type, name and CHECK bounds (choose.h). */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "dbarena/timefmt.h"
#include "choose.h"

static int opt(gen_choice *c, const char *key, const char *val)
{
	if (c->n >= CHOOSE_MAX_OPTS || !(c->val[c->n] = strdup(val)))
		return -1;
	snprintf(c->key[c->n], sizeof c->key[0], "%s", key);
	c->n++;
	return 0;
}

static int pick(gen_choice *c, const char *gname, const char *k1, const char *v1, const char *k2, const char *v2)
{
	snprintf(c->gen, sizeof c->gen, "%s", gname);
	if ((k1 && opt(c, k1, v1)) || (k2 && opt(c, k2, v2)))
		return -1;
	return 1;
}

static void lower(const char *s, char *out, size_t cap)
{
	size_t i = 0;
	for (; s && s[i] && i + 1 < cap; i++)
		out[i] = (char)tolower((unsigned char)s[i]);
	out[i] = 0;
}

/* The values of an IN list as an INI list: items in double quotes when they hold a comma, quote or space. */
static int values_opt(gen_choice *c, char *const *v, size_t n)
{
	size_t cap = 16;
	for (size_t i = 0; i < n; i++)
		cap += strlen(v[i]) * 2 + 4;
	char *b = malloc(cap), *p = b;
	if (!b)
		return -1;
	for (size_t i = 0; i < n; i++) {
		int q = !*v[i] || strpbrk(v[i], ", \t\"") != NULL;
		if (i)
			*p++ = ',', *p++ = ' ';
		if (q)
			*p++ = '"';
		for (const char *s = v[i]; *s; s++) {
			if (*s == '"')
				*p++ = '"';
			*p++ = *s;
		}
		if (q)
			*p++ = '"';
	}
	*p = 0;
	snprintf(c->gen, sizeof c->gen, "enum");
	int rc = opt(c, "values", b);
	free(b);
	return rc ? -1 : 1;
}

/* Integer range of the type (MySQL spells unsigned and YEAR in the column type). */
static void int_range(const char *lt, int64_t *lo, int64_t *hi, int *special)
{
	int u = strstr(lt, "unsigned") != NULL;
	*special = 1;
	*lo = u ? 0 : INT64_MIN;
	if (!strncmp(lt, "tinyint", 7))
		*lo = u ? 0 : -128, *hi = u ? 255 : 127;
	else if (!strncmp(lt, "smallint", 8) || !strcmp(lt, "int2"))
		*lo = u ? 0 : -32768, *hi = u ? 65535 : 32767;
	else if (!strncmp(lt, "mediumint", 9))
		*lo = u ? 0 : -8388608, *hi = u ? 16777215 : 8388607;
	else if (!strncmp(lt, "year", 4))
		*lo = 1901, *hi = 2155;
	else
		*hi = INT64_MAX, *special = u;
}

static int choose_int(const dba_column *col, const check_col *cc, const char *lt, const char *ln, gen_choice *out)
{
	int64_t tlo, thi, lo = 1, hi = 100000;
	int special;
	char a[32], b[32];

	int_range(lt, &tlo, &thi, &special);
	if (!strncmp(lt, "year", 4) || !strcmp(ln, "year") || strstr(ln, "_year"))
		lo = 1970, hi = 2030, special = 1;
	if (hi > thi)
		hi = thi;
	if (cc && cc->has_min) {
		int64_t m = (int64_t)ceil(cc->min) + (cc->min_strict && cc->min == ceil(cc->min));
		if (m > lo)
			lo = m;
		if (lo > hi)
			hi = lo > thi - 100000 ? thi : lo + 100000;
		special = 1;
	}
	if (cc && cc->has_max) {
		int64_t m = (int64_t)floor(cc->max) - (cc->max_strict && cc->max == floor(cc->max));
		if (m < hi)
			hi = m;
		if (hi < lo)
			lo = hi < tlo + 100000 ? tlo : hi - 100000;
		special = 1;
	}
	(void)col;
	if (!special)
		return 0;
	snprintf(a, sizeof a, "%lld", (long long)lo);
	snprintf(b, sizeof b, "%lld", (long long)hi);
	return pick(out, "random_int", "min", a, "max", b);
}

static int choose_decimal(const dba_column *col, const check_col *cc, const char *lt, gen_choice *out)
{
	int sc = col->scale >= 0 && col->scale <= 6 ? col->scale : 2, ip = col->precision - (col->scale > 0 ? col->scale : 0);
	double lo = 0, hi = 1000, tmax = 1e15;
	int special = !strcmp(lt, "money");
	char a[64], b[64], p[8];

	if (col->family == DBA_FAM_FLOAT)
		sc = 2;
	if (col->family == DBA_FAM_DECIMAL && col->precision > 0) {
		tmax = pow(10, ip) - pow(10, -sc);
		special |= ip <= 4;
	}
	if (hi > tmax)
		hi = tmax;
	if (cc && cc->has_min) {
		double m = cc->min + (cc->min_strict ? pow(10, -sc) : 0);
		if (m > lo)
			lo = m;
		if (lo > hi)
			hi = lo + 1000 > tmax ? tmax : lo + 1000;
		special = 1;
	}
	if (cc && cc->has_max) {
		double m = cc->max - (cc->max_strict ? pow(10, -sc) : 0);
		if (m < hi)
			hi = m;
		if (hi < lo)
			lo = hi - 1000;
		special = 1;
	}
	if (!special)
		return 0;
	snprintf(a, sizeof a, "%.*f", sc, lo);
	snprintf(b, sizeof b, "%.*f", sc, hi);
	snprintf(p, sizeof p, "%d", sc);
	if (pick(out, "random_decimal", "min", a, "max", b) < 0 || opt(out, "precision", p))
		return -1;
	return 1;
}

/* Text within CHECK length bounds (and the column's own length): words of five letters, or capitals. */
static int choose_len(const dba_column *col, const check_col *cc, gen_choice *out)
{
	int64_t max = col->max_length > 0 ? col->max_length : 200, min = cc->len_min > 0 ? cc->len_min : 1;
	int64_t want = min > 8 ? min : 8, k;
	char t[2048];
	size_t n = 0;

	if (cc->len_max >= 0 && cc->len_max < max)
		max = cc->len_max;
	if (want > max)
		want = max;
	if (want > 100)
		want = 100;
	k = (want + 6) / 6;
	if (6 * k - 1 <= max && 6 * k - 1 >= min) {
		for (int64_t i = 0; i < k; i++)
			n += (size_t)snprintf(t + n, sizeof t - n, "%s{enum:amber|brook|cedar|delta|ember|fjord}",
					      i ? " " : "");
		return pick(out, "template", "template", t, NULL, NULL);
	}
	/* shorter than a word: digits, exactly want of them */
	long long lo = 1;
	for (int64_t i = 1; i < want && i < 18; i++)
		lo *= 10;
	snprintf(t, sizeof t, "{random_int:%lld:%lld}", lo, lo * 10 - 1);
	return pick(out, "template", "template", t, NULL, NULL);
}

/*
 * A date or time-stamp column bounded by CHECKs (or partition bounds): the last year up to
 * now where the bounds allow it, else the year inside them nearest now.  A day is kept off
 * each end of a wide range, so a literal read in another time zone still holds.
 */
static int choose_time(const dba_column *col, const check_col *cc, gen_choice *out)
{
	const double year = 365.0 * 86400, now = (double)time(NULL);
	double lo = cc->min + (cc->min_strict ? 1 : 0), hi = cc->max - (cc->max_strict ? 1 : 0);
	double margin = cc->has_min && cc->has_max && hi - lo <= 4 * 86400 ? 0 : 86400, start, end;
	char a[40], b[40];

	lo += margin, hi -= margin;
	end = cc->has_max && hi < now ? hi : now;
	if (cc->has_min && end < lo)
		end = cc->has_max && hi < lo + year ? hi : lo + year;
	start = cc->has_min && lo > end - year ? lo : end - year;
	if (col->family == DBA_FAM_DATE) {
		dba_fmt_date((int64_t)ceil(start / 86400), a, sizeof a);
		dba_fmt_date((int64_t)floor(end / 86400), b, sizeof b);
		return pick(out, "date", "start", a, "end", b);
	}
	dba_fmt_timestamp((int64_t)ceil(start) * 1000000, ' ', DBA_FRAC_NONE, a, sizeof a);
	dba_fmt_timestamp((int64_t)floor(end) * 1000000, ' ', DBA_FRAC_NONE, b, sizeof b);
	if (pick(out, "timestamp", "type", "range", "start", a) < 0 || opt(out, "end", b))
		return -1;
	return 1;
}

/* Types a driver reports as OTHER or TEXT whose input syntax plain words would break. */
static int choose_by_type(const dba_column *col, const check_col *cc, const char *lt, gen_choice *out)
{
	const char *tpl = NULL;
	if (col->family == DBA_FAM_JSON || (cc && cc->is_json))
		tpl = "{{\"id\": {random_int:1:100000}, \"tag\": \"{enum:alpha|beta|gamma|delta}\"}}";
	else if (strstr(lt, "[]"))
		tpl = strstr(lt, "int") || strstr(lt, "numeric") ? "{{{random_int:1:100},{random_int:1:100}}}"
								 : "{{{enum:alpha|beta|gamma|delta},{enum:red|green|blue}}}";
	else if (!strcmp(lt, "inet"))
		tpl = "10.{random_int:0:255}.{random_int:0:255}.{random_int:1:254}";
	else if (!strcmp(lt, "cidr"))
		tpl = "10.{random_int:0:255}.{random_int:0:255}.0/24";
	else if (!strncmp(lt, "macaddr", 7))
		tpl = "08:00:2b:{enum:0a|1b|2c|3d|4e|5f|6a|7b}:{enum:00|11|22|33|44|55|66|77}:{enum:08|19|2a|3b|4c|5d}";
	else if (!strncmp(lt, "interval", 8))
		tpl = "{random_int:1:90} days";
	else if (col->family == DBA_FAM_TIME)
		tpl = "{random_int:10:23}:{random_int:10:59}:{random_int:10:59}";
	else if (!strcmp(lt, "bit") || !strcmp(lt, "bit(1)"))
		return col->family == DBA_FAM_BOOL ? 0 : pick(out, "template", "template", "{enum:0|1}", NULL, NULL);
	else if (!strcmp(lt, "point"))
		tpl = "({random_int:0:100},{random_int:0:100})";
	else if (!strcmp(lt, "xml"))
		tpl = "<v>{row}</v>";
	if (tpl)
		return pick(out, "template", "template", tpl, NULL, NULL);
	if (!strcmp(lt, "tsvector") || col->family == DBA_FAM_BINARY)
		return pick(out, "text", "min_words", "1", "max_words", "4");
	return 0;
}

int choose_column(const dba_column *col, const check_col *cc, gen_choice *out)
{
	char lt[96], ln[96];
	int rc;

	memset(out, 0, sizeof *out);
	lower(col->type_name, lt, sizeof lt);
	lower(col->name, ln, sizeof ln);
	if (cc && cc->values && cc->nvalues)
		return values_opt(out, cc->values, cc->nvalues);
	if ((rc = choose_by_type(col, cc, lt, out)))
		return rc;
	switch (col->family) {
	case DBA_FAM_INT:
		return choose_int(col, cc, lt, ln, out);
	case DBA_FAM_DECIMAL:
	case DBA_FAM_FLOAT:
		return choose_decimal(col, cc, lt, out);
	case DBA_FAM_DATE:
	case DBA_FAM_TIMESTAMP:
		if (cc && (cc->has_min || cc->has_max))
			return choose_time(col, cc, out);
		break;
	case DBA_FAM_TEXT:
		if (cc && (cc->len_min > 0 || cc->len_max >= 0))
			return choose_len(col, cc, out);
		break;
	}
	return 0;
}

gen_spec *choose_spec(const gen_choice *c)
{
	err e;
	gen_spec *s = gen_spec_new(c->gen, NULL, 0, &e);
	if (!s)
		return NULL;
	for (size_t i = 0; i < c->n; i++)
		if (gen_spec_set(s, c->key[i], c->val[i], 0, &e)) {
			gen_spec_free(s);
			return NULL;
		}
	if (gen_spec_finish(s, &e)) {
		gen_spec_free(s);
		return NULL;
	}
	return s;
}

/*
 * One option; a value past 150 bytes wraps at a space onto indented lines
 * (libinih reads 200 bytes a line; the reader joins them with one space).
 */
static void write_opt(FILE *f, const char *key, const char *v)
{
	size_t col = strlen(key) + 3;
	fprintf(f, "%s = ", key);
	while (*v) {
		const char *sp = strchr(v, ' ');
		size_t n = sp ? (size_t)(sp - v) : strlen(v);
		if (col + n > 150 && col > 2 + strlen(key)) {
			fputs("\n  ", f);
			col = 2;
		} else if (col > strlen(key) + 3) {
			fputc(' ', f);
			col++;
		}
		fwrite(v, 1, n, f);
		col += n;
		v += n;
		while (*v == ' ')
			v++;
	}
	fputc('\n', f);
}

void choose_write(const gen_choice *c, FILE *f)
{
	fprintf(f, "generator = %s\n", c->gen);
	for (size_t i = 0; i < c->n; i++)
		write_opt(f, c->key[i], c->val[i]);
}

void choose_free(gen_choice *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->val[i]);
	memset(c, 0, sizeof *c);
}

gen_spec *choose_infer(const dba_table *t, uint32_t i)
{
	check_set *cs = check_set_new(t);
	gen_choice c;
	gen_spec *s = NULL;
	int rc = choose_column(&t->columns[i], cs ? check_set_col(cs, i) : NULL, &c);

	if (rc > 0)
		s = choose_spec(&c);
	else if (rc == 0)
		s = gen_spec_infer(&t->columns[i]);
	choose_free(&c);
	check_set_free(cs);
	return s;
}

int choose_default_constant(const char *expr)
{
	const char *p = expr;

	if (!p)
		return 0;
	while (*p == '(' || *p == ' ')
		p++;
	/* a literal, maybe cast ('x'::text, 0, -1, NULL, true): no call, no sequence */
	if (*p == '\'' || *p == '-' || isdigit((unsigned char)*p))
		return strchr(p, '(') == NULL || !strncmp(p, "'", 1);
	return !strncasecmp(p, "true", 4) || !strncasecmp(p, "false", 5);
}

/* 1 when a CHECK orders column i against another, either side (check.h after_col), or (differ) sets them apart. */
static int paired(const dba_table *t, uint32_t i, int differ)
{
	check_set *cs = check_set_new(t);
	int r = 0;

	for (uint32_t j = 0; cs && j < t->ncolumns && !r; j++) {
		const check_col *c = check_set_col(cs, j);

		r = (j == i && c->after_col >= 0) || c->after_col == (int)i ||
		    (differ && ((j == i && c->differ_col >= 0) || c->differ_col == (int)i));
	}
	check_set_free(cs);
	return r;
}

static int ordered(const dba_table *t, uint32_t i)
{
	return paired(t, i, 0);
}

int choose_over_default(const dba_table *t, uint32_t i)
{
	const dba_column *c = &t->columns[i];

	if (!c->has_default)
		return 0;
	if (choose_default_constant(c->default_expr))
		return choose_checked(t, i) == 1 || ordered(t, i);
	/* orderdate DEFAULT now() before a generated shipdate: both generated, then put in order */
	return ordered(t, i) && !(c->default_expr && strstr(c->default_expr, "nextval"));
}

int choose_ordered(const dba_table *t, uint32_t i)
{
	return paired(t, i, 1);
}

int choose_checked(const dba_table *t, uint32_t i)
{
	check_set *cs = check_set_new(t);
	const check_col *cc;
	int st = 0;

	if (!cs)
		return 2;
	cc = check_set_col(cs, i);
	if (cc->has_min || cc->has_max || cc->values || cc->len_min > 0 || cc->len_max >= 0 || cc->is_json)
		st = 1;
	for (size_t k = 0; k < check_set_nunparsed(cs); k++) {
		const dba_check *ck = check_set_unparsed(cs, k);
		if ((ck->column && !strcmp(ck->column, t->columns[i].name)) || (ck->expr && strstr(ck->expr, t->columns[i].name)))
			st = 2;
	}
	check_set_free(cs);
	return st;
}

int64_t choose_int_max(const dba_table *t, uint32_t i)
{
	check_set *cs = check_set_new(t);
	const check_col *cc = cs ? check_set_col(cs, i) : NULL;
	int64_t tlo, thi;
	int special;
	char lt[96];

	lower(t->columns[i].type_name, lt, sizeof lt);
	int_range(lt, &tlo, &thi, &special);
	if (cc && cc->has_max && cc->max < (double)thi) {
		int64_t m = (int64_t)floor(cc->max) - (cc->max_strict && cc->max == floor(cc->max));
		if (m < thi)
			thi = m;
	}
	check_set_free(cs);
	return thi;
}

size_t choose_nvalues(const dba_table *t, uint32_t i)
{
	check_set *cs = check_set_new(t);
	size_t n = cs && check_set_col(cs, i)->values ? check_set_col(cs, i)->nvalues : 0;

	check_set_free(cs);
	return n;
}
