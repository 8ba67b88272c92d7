/*
 * Finishing a generator spec once all its options are set: required
 * options, consistent pairs (min <= max, start <= end), derived values.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen_internal.h"

static int missing(gen_spec *s, int opt, const char *example, err *e)
{
	char w[600];
	err_set(e, EXIT_USAGE, "%sgenerator \"%s\" needs option \"%s\"", spec_at(s, s->line, w, sizeof w),
		spec_kind_name(s->kind), spec_opt_name(opt));
	err_hint(e, "for example: %s", example);
	return -1;
}

/* The later of two options' lines (the one that made the pair wrong). */
static int pair_line(const gen_spec *s, int a, int b)
{
	int l = s->opt_line[a] > s->opt_line[b] ? s->opt_line[a] : s->opt_line[b];
	return l ? l : s->line;
}

/*
 * Enum weights into cumulative fractions ending at exactly 1 (once: finish
 * may be called again).  Scaled by the largest weight first, so weights
 * near DBL_MAX do not overflow their sum.  -1 all zero, -2 not finite
 * (w is left alone then).
 */
static int enum_weights_cumulate(double *wt, size_t n)
{
	double max = 0, sum = 0, c = 0;

	for (size_t k = 0; k < n; k++) {
		if (!isfinite(wt[k]))
			return -2;
		if (wt[k] > max)
			max = wt[k];
	}
	if (!(max > 0))
		return -1;
	for (size_t k = 0; k < n; k++)
		sum += wt[k] / max; /* each at most 1: the sum is at most n */
	for (size_t k = 0; k < n; k++) {
		c += wt[k] / max / sum;
		wt[k] = c;
	}
	wt[n - 1] = 1.0;
	return 0;
}

static const double pow10_tab[] = { 1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12 };

int gen_spec_finish(gen_spec *s, err *e)
{
	char w[600];
	switch (s->kind) {
	case GK_RANDOM_INT:
		if (s->imin > s->imax)
			return err_set(e, EXIT_USAGE, "%sgenerator \"random_int\": min (%lld) is greater than max (%lld)",
				       spec_at(s, pair_line(s, GO_MIN, GO_MAX), w, sizeof w), (long long)s->imin,
				       (long long)s->imax);
		break;
	case GK_RANDOM_DECIMAL: {
		double m = pow10_tab[s->precision];
		if (s->fmin > s->fmax)
			return err_set(e, EXIT_USAGE, "%sgenerator \"random_decimal\": min (%s) is greater than max (%s)",
				       spec_at(s, pair_line(s, GO_MIN, GO_MAX), w, sizeof w),
				       s->raw[GO_MIN] ? s->raw[GO_MIN] : "0", s->raw[GO_MAX] ? s->raw[GO_MAX] : "100");
		if (fabs(s->fmin) * m > 4e15 || fabs(s->fmax) * m > 4e15) {
			err_set(e, EXIT_USAGE, "%sgenerator \"random_decimal\": min and max are too large for precision %d",
				spec_at(s, pair_line(s, GO_MIN, GO_MAX), w, sizeof w), s->precision);
			err_detail(e, "|value| x 10^precision must stay below 4e15");
			return -1;
		}
		s->dmin = (int64_t)ceil(s->fmin * m - 1e-6);
		s->dmax = (int64_t)floor(s->fmax * m + 1e-6);
		if (s->dmin > s->dmax)
			return err_set(e, EXIT_USAGE,
				       "%sgenerator \"random_decimal\": no value with %d decimals lies between min and max",
				       spec_at(s, pair_line(s, GO_MIN, GO_MAX), w, sizeof w), s->precision);
		break;
	}
	case GK_TIMESTAMP: {
		int has_range = s->has_start || s->has_end;
		int has_rel = s->opt_line[GO_OFFSET_SECONDS] || s->opt_line[GO_JITTER_SECONDS];
		if (!s->type_set)
			s->type = has_range ? TS_RANGE : has_rel ? TS_RELATIVE : TS_NOW;
		if (has_range && s->type != TS_RANGE) {
			err_set(e, EXIT_USAGE, "%sgenerator \"timestamp\": start and end need type = range",
				spec_at(s, s->opt_line[GO_TYPE], w, sizeof w));
			return -1;
		}
		if (has_rel && s->type != TS_RELATIVE) {
			err_set(e, EXIT_USAGE,
				"%sgenerator \"timestamp\": offset_seconds and jitter_seconds need type = relative",
				spec_at(s, s->opt_line[GO_TYPE], w, sizeof w));
			return -1;
		}
	}
		/* fall through */
	case GK_DATE:
		if (s->has_start && s->has_end && s->t_end < s->t_start)
			return err_set(e, EXIT_USAGE, "%sgenerator \"%s\": end (%s) is before start (%s)",
				       spec_at(s, pair_line(s, GO_START, GO_END), w, sizeof w), spec_kind_name(s->kind),
				       s->raw[GO_END], s->raw[GO_START]);
		break;
	case GK_TEMPLATE:
		if (!s->tpl.v)
			return missing(s, GO_TEMPLATE, "template = ORD-{sequential}-{random_int:100:999}", e);
		break;
	case GK_ENUM: {
		if (!s->values)
			return missing(s, GO_VALUES, "values = pending, \"on hold\", shipped", e);
		if (s->weights) {
			if (s->nweights != s->nvalues)
				return err_set(e, EXIT_USAGE, "%sgenerator \"enum\": %zu weights for %zu values",
					       spec_at(s, s->opt_line[GO_WEIGHTS], w, sizeof w), s->nweights, s->nvalues);
			int bad = s->weights_cum ? 0 : enum_weights_cumulate(s->weights, s->nweights);

			if (bad)
				return err_set(e, EXIT_USAGE, "%sgenerator \"enum\": %s",
					       spec_at(s, s->opt_line[GO_WEIGHTS], w, sizeof w),
					       bad == -1 ? "the weights are all zero" : "a weight is not a finite number");
			s->weights_cum = 1;
		}
		break;
	}
	case GK_FOREIGN_KEY:
		if (!s->references)
			return missing(s, GO_REFERENCES, "references = users.id", e);
		break;
	case GK_TEXT:
		if (s->min_words > s->max_words)
			return err_set(e, EXIT_USAGE, "%sgenerator \"text\": min_words (%lld) is greater than max_words (%lld)",
				       spec_at(s, pair_line(s, GO_MIN_WORDS, GO_MAX_WORDS), w, sizeof w),
				       (long long)s->min_words, (long long)s->max_words);
		break;
	}
	return 0;
}
