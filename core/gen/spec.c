/*
 * Generator specs: the generators and their options, setting option values
 * (text parsers in specparse.c, validation in specfinish.c).
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "../ini.h"
#include "gen_internal.h"
#include "specparse.h"

static const char *const opt_names[GO_N] = {
	[GO_START] = "start",
	[GO_STEP] = "step",
	[GO_MIN] = "min",
	[GO_MAX] = "max",
	[GO_DISTRIBUTION] = "distribution",
	[GO_PRECISION] = "precision",
	[GO_PROBABILITY] = "probability",
	[GO_TRUE_PROBABILITY] = "true_probability",
	[GO_TYPE] = "type",
	[GO_END] = "end",
	[GO_OFFSET_SECONDS] = "offset_seconds",
	[GO_JITTER_SECONDS] = "jitter_seconds",
	[GO_DOMAIN] = "domain",
	[GO_FORMAT] = "format",
	[GO_TEMPLATE] = "template",
	[GO_VALUES] = "values",
	[GO_WEIGHTS] = "weights",
	[GO_REFERENCES] = "references",
	[GO_MIN_WORDS] = "min_words",
	[GO_MAX_WORDS] = "max_words",
	[GO_NULL_PROBABILITY] = "null_probability",
};

#define END_OPTS (-1)

/* In SPEC's order; options in the order messages list them. */
static const struct gen_def {
	const char *name;
	int kind;
	int opts[8];
} gen_defs[GK_N] = {
	{ "sequential", GK_SEQUENTIAL, { GO_START, GO_STEP, END_OPTS } },
	{ "random_int", GK_RANDOM_INT, { GO_MIN, GO_MAX, GO_DISTRIBUTION, END_OPTS } },
	{ "random_decimal", GK_RANDOM_DECIMAL, { GO_MIN, GO_MAX, GO_PRECISION, END_OPTS } },
	{ "boolean", GK_BOOLEAN, { GO_PROBABILITY, GO_TRUE_PROBABILITY, END_OPTS } },
	{ "timestamp", GK_TIMESTAMP, { GO_TYPE, GO_START, GO_END, GO_OFFSET_SECONDS, GO_JITTER_SECONDS, END_OPTS } },
	{ "date", GK_DATE, { GO_START, GO_END, END_OPTS } },
	{ "email", GK_EMAIL, { GO_DOMAIN, END_OPTS } },
	{ "phone", GK_PHONE, { GO_FORMAT, END_OPTS } },
	{ "name", GK_NAME, { GO_TYPE, END_OPTS } },
	{ "address", GK_ADDRESS, { GO_TYPE, END_OPTS } },
	{ "template", GK_TEMPLATE, { GO_TEMPLATE, END_OPTS } },
	{ "enum", GK_ENUM, { GO_VALUES, GO_WEIGHTS, END_OPTS } },
	{ "foreign_key", GK_FOREIGN_KEY, { GO_REFERENCES, GO_DISTRIBUTION, END_OPTS } },
	{ "uuid", GK_UUID, { END_OPTS } },
	{ "text", GK_TEXT, { GO_MIN_WORDS, GO_MAX_WORDS, END_OPTS } },
};

const char *gen_names(void)
{
	return "sequential, random_int, random_decimal, boolean, timestamp, date, email, "
	       "phone, name, address, template, enum, foreign_key, uuid, text";
}

static int find_gen(const char *name)
{
	for (int i = 0; i < GK_N; i++)
		if (strcmp(gen_defs[i].name, name) == 0)
			return i;
	return -1;
}

static int find_opt(const char *key)
{
	for (int i = 0; i < GO_N; i++)
		if (strcmp(opt_names[i], key) == 0)
			return i;
	return -1;
}

static int gen_allows(int kind, int opt)
{
	if (opt == GO_NULL_PROBABILITY)
		return 1;
	for (const int *o = gen_defs[kind].opts; *o != END_OPTS; o++)
		if (*o == opt)
			return 1;
	return 0;
}

int gen_spec_has_option(const char *generator, const char *key)
{
	int k = generator ? find_gen(generator) : -1;
	int o = key ? find_opt(key) : -1;
	return k >= 0 && o >= 0 && gen_allows(k, o);
}

static void valid_opts(int kind, char *buf, size_t cap)
{
	size_t n = 0;
	buf[0] = 0;
	for (const int *o = gen_defs[kind].opts; *o != END_OPTS; o++)
		n += snprintf(buf + n, n < cap ? cap - n : 0, "%s, ", opt_names[*o]);
	snprintf(buf + n, n < cap ? cap - n : 0, "%s", opt_names[GO_NULL_PROBABILITY]);
}

/* Edit distance for "did you mean" hints (short names only). */
static int distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > 40 || lb > 40)
		return 99;
	int d[41][41];
	for (size_t i = 0; i <= la; i++)
		d[i][0] = (int)i;
	for (size_t j = 0; j <= lb; j++)
		d[0][j] = (int)j;
	for (size_t i = 1; i <= la; i++)
		for (size_t j = 1; j <= lb; j++) {
			int c = d[i - 1][j - 1] + (tolower((unsigned char)a[i - 1]) != tolower((unsigned char)b[j - 1]));
			if (d[i - 1][j] + 1 < c)
				c = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < c)
				c = d[i][j - 1] + 1;
			d[i][j] = c;
		}
	return d[la][lb];
}

/* "FILE:LINE: " or "" for inferred specs. */
const char *spec_at(const gen_spec *s, int line, char *buf, size_t cap)
{
	if (!s->file) {
		buf[0] = 0;
		return buf;
	}
	snprintf(buf, cap, "%s:%d: ", s->file, line > 0 ? line : s->line);
	return buf;
}

/* ---- specs ---- */

gen_spec *spec_alloc(int kind, const char *file, int line)
{
	gen_spec *s = calloc(1, sizeof *s);
	if (!s)
		return NULL;
	s->kind = kind;
	s->refs = 1;
	s->line = line;
	if (file) {
		s->file = strdup(file);
		snprintf(s->where, sizeof s->where, "%s:%d", file, line);
	}
	s->start = 1;
	s->step = 1;
	s->imin = 0;
	s->imax = 100;
	s->fmin = 0;
	s->fmax = 100;
	s->precision = 2;
	s->prob = 0.5;
	s->type = kind == GK_TIMESTAMP ? TS_NOW : kind == GK_NAME ? NAME_FULL : ADDR_STREET;
	s->min_words = 3;
	s->max_words = 12;
	return s;
}

gen_spec *gen_spec_new(const char *name, const char *file, int line, err *e)
{
	char w[600];
	if (!file)
		w[0] = 0;
	else
		snprintf(w, sizeof w, "%s:%d: ", file, line);
	if (!name || !*name) {
		err_set(e, EXIT_USAGE, "%smissing option \"generator\"", w);
		err_detail(e, "valid: %s", gen_names());
		return NULL;
	}
	int k = find_gen(name);
	if (k < 0) {
		err_set(e, EXIT_USAGE, "%sunknown generator \"%s\"", w, name);
		err_detail(e, "valid: %s", gen_names());
		int best = -1, bd = 3;
		for (int i = 0; i < GK_N; i++) {
			int d = distance(name, gen_defs[i].name);
			if (d < bd) {
				bd = d;
				best = i;
			}
		}
		if (best >= 0)
			err_hint(e, "did you mean \"%s\"?", gen_defs[best].name);
		return NULL;
	}
	gen_spec *s = spec_alloc(k, file, line);
	if (!s)
		err_set(e, EXIT_RUNTIME, "out of memory");
	return s;
}

const char *gen_spec_name(const gen_spec *s)
{
	return gen_defs[s->kind].name;
}

const char *gen_spec_where(const gen_spec *s)
{
	return s->where;
}

static int bad_value(gen_spec *s, int line, int opt, const char *value, const char *expected, err *e)
{
	char w[600];
	err_set(e, EXIT_USAGE, "%sbad value \"%s\" for option \"%s\" of generator \"%s\"", spec_at(s, line, w, sizeof w),
		value, opt_names[opt], gen_defs[s->kind].name);
	err_detail(e, "expected %s", expected);
	return -1;
}

static int set_type(gen_spec *s, int line, const char *v, err *e)
{
	static const char *const ts[] = { "now", "range", "relative" };
	static const char *const nm[] = { "full", "first", "last" };
	static const char *const ad[] = { "street", "full" };
	const char *const *names = s->kind == GK_TIMESTAMP ? ts : s->kind == GK_NAME ? nm : ad;
	int n = s->kind == GK_TIMESTAMP ? 3 : s->kind == GK_NAME ? 3 : 2;
	for (int i = 0; i < n; i++)
		if (strcmp(v, names[i]) == 0) {
			s->type = i;
			s->type_set = 1;
			return 0;
		}
	const char *exp = s->kind == GK_TIMESTAMP ? "now, range or relative"
			  : s->kind == GK_NAME	   ? "first, last or full"
						   : "street or full";
	return bad_value(s, line, GO_TYPE, v, exp, e);
}

/* The error for an option generator s does not take: the valid ones and a hint. */
static int unknown_option(gen_spec *s, const char *key, int o, int line, err *e)
{
	char w[600];

	char valid[400];
	valid_opts(s->kind, valid, sizeof valid);
	err_set(e, EXIT_USAGE, "%sunknown option \"%s\" for generator \"%s\"", spec_at(s, line, w, sizeof w),
		key ? key : "", gen_defs[s->kind].name);
	err_detail(e, "valid: %s", valid);
	int best = -1, bd = 3;
	for (const int *p = gen_defs[s->kind].opts; *p != END_OPTS; p++) {
		int d = key ? distance(key, opt_names[*p]) : 99;
		if (d < bd) {
			bd = d;
			best = *p;
		}
	}
	if (best >= 0)
		err_hint(e, "did you mean \"%s\"?", opt_names[best]);
	else if (o >= 0) {
		for (int k = 0; k < GK_N; k++)
			if (gen_allows(k, o)) {
				err_hint(e, "\"%s\" is an option of generator \"%s\"", key, gen_defs[k].name);
				break;
			}
	}
	return -1;
}

static int is_number_opt(int o)
{
	switch (o) {
	case GO_END:
	case GO_JITTER_SECONDS:
	case GO_MAX:
	case GO_MAX_WORDS:
	case GO_MIN:
	case GO_MIN_WORDS:
	case GO_NULL_PROBABILITY:
	case GO_OFFSET_SECONDS:
	case GO_PRECISION:
	case GO_PROBABILITY:
	case GO_START:
	case GO_STEP:
	case GO_TRUE_PROBABILITY:
		return 1;
	}
	return 0;
}

/* Numeric options (probabilities, bounds, steps, times, counts). */
static int set_number(gen_spec *s, int o, const char *v, int line, err *e)
{
	double d;
	int64_t i;

	switch (o) {
	case GO_NULL_PROBABILITY:
	case GO_PROBABILITY:
	case GO_TRUE_PROBABILITY:
		if (specparse_num(v, &d) || d < 0 || d > 1) {
			bad_value(s, line, o, v, "a probability between 0 and 1", e);
			return -1;
		}
		if (o == GO_NULL_PROBABILITY)
			s->null_p = d;
		else
			s->prob = d;
		break;
	case GO_START:
	case GO_END:
		if (s->kind == GK_SEQUENTIAL) {
			if (specparse_i64(v, &i)) {
				bad_value(s, line, o, v, "an integer", e);
				return -1;
			}
			s->start = i;
			break;
		}
		if (specparse_time(v, &i)) {
			bad_value(s, line, o, v,
				  s->kind == GK_DATE ? "a date YYYY-MM-DD"
						     : "a time YYYY-MM-DD, YYYY-MM-DD HH:MM:SS or YYYY-MM-DDTHH:MM:SSZ (UTC)",
				  e);
			return -1;
		}
		if (s->kind == GK_DATE)
			i = (i >= 0 ? i : i - 86399999999LL) / 86400000000LL;
		if (o == GO_START) {
			s->t_start = i;
			s->has_start = 1;
		} else {
			s->t_end = i;
			s->has_end = 1;
		}
		break;
	case GO_STEP:
		if (specparse_i64(v, &i) || i == 0) {
			bad_value(s, line, o, v, "a non-zero integer", e);
			return -1;
		}
		s->step = i;
		break;
	case GO_MIN:
	case GO_MAX:
		if (s->kind == GK_RANDOM_INT) {
			if (specparse_i64(v, &i)) {
				bad_value(s, line, o, v, "an integer", e);
				return -1;
			}
			*(o == GO_MIN ? &s->imin : &s->imax) = i;
		} else {
			if (specparse_num(v, &d)) {
				bad_value(s, line, o, v, "a number", e);
				return -1;
			}
			*(o == GO_MIN ? &s->fmin : &s->fmax) = d;
		}
		break;
	case GO_PRECISION:
		if (specparse_i64(v, &i) || i < 0 || i > 12) {
			bad_value(s, line, o, v, "an integer from 0 to 12", e);
			return -1;
		}
		s->precision = (int)i;
		break;
	case GO_OFFSET_SECONDS:
	case GO_JITTER_SECONDS:
		if (specparse_i64(v, &i) || (o == GO_JITTER_SECONDS && i < 0) || i > 100LL * 366 * 86400 ||
		    i < -100LL * 366 * 86400) {
			bad_value(s, line, o, v,
				  o == GO_JITTER_SECONDS ? "a non-negative number of seconds (up to 100 years)"
							 : "a number of seconds (up to 100 years either way)",
				  e);
			return -1;
		}
		*(o == GO_OFFSET_SECONDS ? &s->offset_s : &s->jitter_s) = i;
		break;
	case GO_MIN_WORDS:
	case GO_MAX_WORDS:
		if (specparse_i64(v, &i) || i < 1 || i > 1000) {
			bad_value(s, line, o, v, "an integer from 1 to 1000", e);
			return -1;
		}
		*(o == GO_MIN_WORDS ? &s->min_words : &s->max_words) = i;
		break;	}
	return 0;
}

/* Named choices, texts, templates, lists and references. */
static int set_text(gen_spec *s, int o, const char *v, int line, err *e)
{
	switch (o) {
	case GO_DISTRIBUTION:
		if (strcmp(v, "uniform") == 0)
			s->dist = DIST_UNIFORM;
		else if (strcmp(v, "zipf") == 0)
			s->dist = DIST_ZIPF;
		else if (strcmp(v, "normal") == 0 && s->kind == GK_RANDOM_INT)
			s->dist = DIST_NORMAL;
		else {
			bad_value(s, line, o, v, s->kind == GK_RANDOM_INT ? "uniform, normal or zipf" : "uniform or zipf", e);
			return -1;
		}
		break;
	case GO_TYPE:
		if (set_type(s, line, v, e))
			return -1;
		break;
	case GO_DOMAIN:
	case GO_FORMAT:
		if (!*v) {
			bad_value(s, line, o, v, "a non-empty text", e);
			return -1;
		}
		if (o == GO_DOMAIN) {
			free(s->domain);
			s->domain = strdup(v);
		} else {
			free(s->format);
			s->format = strdup(v);
		}
		break;
	case GO_TEMPLATE: {
		tpl t = { 0 };
		char where[600];
		spec_at(s, line, where, sizeof where);
		if (template_parse(v, &t, where, e))
			return -1;
		template_free(&s->tpl);
		s->tpl = t;
		break;
	}
	case GO_VALUES: {
		char **items;
		int n = ini_list(v, &items);
		if (n < 0) {
			bad_value(s, line, o, v, "a comma-separated list, items optionally in double quotes", e);
			return -1;
		}
		if (n == 0 || (n == 1 && !*items[0] && !strchr(v, '"'))) {
			ini_strv_free(items);
			bad_value(s, line, o, v, "at least one value", e);
			return -1;
		}
		for (size_t k = 0; k < s->nvalues; k++)
			free(s->values[k]);
		free(s->values);
		free(s->value_len);
		s->values = items;
		s->nvalues = (size_t)n;
		s->value_len = malloc((size_t)n * sizeof *s->value_len);
		for (int k = 0; k < n; k++)
			s->value_len[k] = strlen(items[k]);
		break;
	}
	case GO_WEIGHTS: {
		char **items;
		int n = ini_list(v, &items);
		if (n <= 0) {
			if (n == 0)
				ini_strv_free(items);
			bad_value(s, line, o, v, "a comma-separated list of non-negative numbers", e);
			return -1;
		}
		double *wv = malloc((size_t)n * sizeof *wv);
		for (int k = 0; k < n; k++)
			if (specparse_num(items[k], &wv[k]) || wv[k] < 0) {
				bad_value(s, line, o, items[k], "a non-negative number", e);
				free(wv);
				ini_strv_free(items);
				return -1;
			}
		ini_strv_free(items);
		free(s->weights);
		s->weights = wv;
		s->weights_cum = 0;
		s->nweights = (size_t)n;
		break;
	}
	case GO_REFERENCES: {
		char *t, *c;
		if (specparse_ref(v, &t, &c)) {
			bad_value(s, line, o, v, "TABLE.COLUMN (quote names with dots or spaces: \"Order Items\".id)", e);
			return -1;
		}
		free(s->ref_table);
		free(s->ref_column);
		free(s->ref_canon);
		free(s->references);
		s->ref_table = t;
		s->ref_column = c;
		s->references = strdup(v);
		size_t n = strlen(t) + strlen(c) + 2;
		s->ref_canon = malloc(n);
		snprintf(s->ref_canon, n, "%s.%s", t, c);
		break;
	}
	}
	return 0;
}

int gen_spec_set(gen_spec *s, const char *key, const char *value, int line, err *e)
{
	char w[600];
	int o = key ? find_opt(key) : -1;
	if (key && strcmp(key, "generator") == 0) {
		/* callers may pass the whole section; the name was given to gen_spec_new */
		char *v = specparse_trim_dup(value ? value : "");
		int same = v && strcmp(v, gen_defs[s->kind].name) == 0;
		free(v);
		if (same)
			return 0;
		return err_set(e, EXIT_USAGE, "%s\"generator\" given twice with different names",
			       spec_at(s, line, w, sizeof w));
	}
	if (o < 0 || !gen_allows(s->kind, o))
		return unknown_option(s, key, o, line, e);
	char *v = specparse_trim_dup(value ? value : "");
	if (!v)
		return err_set(e, EXIT_RUNTIME, "out of memory");
	if (o != GO_VALUES && o != GO_WEIGHTS && o != GO_REFERENCES)
		specparse_unquote(v);
	int rc = is_number_opt(o) ? set_number(s, o, v, line, e) : set_text(s, o, v, line, e);

	if (rc)
		goto out;
	free(s->raw[o]);
	s->raw[o] = v;
	v = NULL;
	s->opt_line[o] = line;
	rc = 0;
out:
	free(v);
	return rc;
}

void spec_release(gen_spec *s)
{
	if (!s || __atomic_sub_fetch(&s->refs, 1, __ATOMIC_ACQ_REL) > 0)
		return;
	free(s->file);
	free(s->desc);
	for (int i = 0; i < GO_N; i++)
		free(s->raw[i]);
	free(s->domain);
	free(s->format);
	template_free(&s->tpl);
	for (size_t k = 0; k < s->nvalues; k++)
		free(s->values[k]);
	free(s->values);
	free(s->value_len);
	free(s->weights);
	free(s->references);
	free(s->ref_table);
	free(s->ref_column);
	free(s->ref_canon);
	free(s);
}

void gen_spec_free(gen_spec *s)
{
	spec_release(s);
}

const char *gen_spec_fk_ref(const gen_spec *s)
{
	return s && s->kind == GK_FOREIGN_KEY ? s->references : NULL;
}

const char *gen_spec_fk_table(const gen_spec *s)
{
	return s && s->kind == GK_FOREIGN_KEY ? s->ref_table : NULL;
}

const char *gen_spec_fk_column(const gen_spec *s)
{
	return s && s->kind == GK_FOREIGN_KEY ? s->ref_column : NULL;
}

int gen_spec_zipf(const gen_spec *s)
{
	return (s->kind == GK_FOREIGN_KEY || s->kind == GK_RANDOM_INT) && s->dist == DIST_ZIPF;
}

int gen_spec_sequential(const gen_spec *s, int64_t *start, int64_t *step)
{
	if (s->kind != GK_SEQUENTIAL)
		return -1;
	if (start)
		*start = s->start;
	if (step)
		*step = s->step;
	return 0;
}

void gen_spec_set_start(gen_spec *s, int64_t start)
{
	if (s->kind == GK_SEQUENTIAL)
		s->start = start;
}

int gen_spec_unique(const gen_spec *s)
{
	return (s->kind == GK_SEQUENTIAL || s->kind == GK_EMAIL || s->kind == GK_UUID);
}

double gen_spec_null_probability(const gen_spec *s)
{
	return s->null_p;
}

const char *spec_kind_name(int kind)
{
	return gen_defs[kind].name;
}

const char *spec_opt_name(int opt)
{
	return opt_names[opt];
}
