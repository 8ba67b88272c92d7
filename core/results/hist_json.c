/* Histograms in results files: sparse buckets (hist.h's layout), exact to merge. */
#include <stdlib.h>
#include <string.h>

#include "results.h"

struct hsparse {
	uint64_t count, sum, min, max;
	uint32_t n;
	uint32_t *idx;
	uint64_t *cnt;
};

json_t *results_hist_layout(void)
{
	json_t *o = json_object();

	json_object_set_new(o, "kind", json_string("log-linear"));
	json_object_set_new(o, "sub_bucket_bits", json_integer(HIST_SUB_BITS));
	json_object_set_new(o, "buckets", json_integer(HIST_NB));
	json_object_set_new(o, "max_us", json_integer((json_int_t)HIST_MAX_US));
	json_object_set_new(o, "unit", json_string("microseconds"));
	json_object_set_new(o, "relative_error", json_real(0.01));
	return o;
}

json_t *results_hist_json(const hist *h)
{
	json_t *o = json_object(), *b = json_array();

	json_object_set_new(o, "count", json_integer((json_int_t)h->count));
	json_object_set_new(o, "sum_us", json_integer((json_int_t)h->sum));
	json_object_set_new(o, "min_us", json_integer((json_int_t)h->min));
	json_object_set_new(o, "max_us", json_integer((json_int_t)h->max));
	for (unsigned i = 0; h->count && i < HIST_NB; i++) {
		if (!h->b[i])
			continue;
		json_t *p = json_array();

		json_array_append_new(p, json_integer(i));
		json_array_append_new(p, json_integer((json_int_t)h->b[i]));
		json_array_append_new(b, p);
	}
	json_object_set_new(o, "buckets", b);
	return o;
}

static int get_u64(const json_t *o, const char *k, uint64_t *v)
{
	const json_t *j = json_object_get(o, k);

	if (!json_is_integer(j) || json_integer_value(j) < 0)
		return -1;
	*v = (uint64_t)json_integer_value(j);
	return 0;
}

int results_hist_read(const json_t *j, hist *h)
{
	static hist one;
	const json_t *b = json_object_get(j, "buckets"), *p;
	uint64_t total = 0;
	size_t i;

	memset(&one, 0, sizeof(one));
	if (!json_is_object(j) || !json_is_array(b) || get_u64(j, "count", &one.count) || get_u64(j, "sum_us", &one.sum) ||
	    get_u64(j, "min_us", &one.min) || get_u64(j, "max_us", &one.max))
		return -1;
	json_array_foreach(b, i, p) {
		json_int_t at = json_integer_value(json_array_get(p, 0)), n = json_integer_value(json_array_get(p, 1));

		if (json_array_size(p) != 2 || !json_is_integer(json_array_get(p, 0)) ||
		    !json_is_integer(json_array_get(p, 1)) || at < 0 || at >= HIST_NB || n < 0)
			return -1;
		one.b[at] += (uint64_t)n;
		total += (uint64_t)n;
	}
	if (total != one.count)
		return -1;
	hist_merge(h, &one);
	return 0;
}

hsparse *hsparse_from(const hist *h)
{
	hsparse *s = calloc(1, sizeof(*s));
	uint32_t n = 0;

	if (!s)
		return NULL;
	s->count = h->count, s->sum = h->sum, s->min = h->min, s->max = h->max;
	for (unsigned i = 0; h->count && i < HIST_NB; i++)
		n += h->b[i] != 0;
	if (n && (!(s->idx = malloc(n * sizeof(*s->idx))) || !(s->cnt = malloc(n * sizeof(*s->cnt))))) {
		hsparse_free(s);
		return NULL;
	}
	for (unsigned i = 0; n && i < HIST_NB; i++)
		if (h->b[i]) {
			s->idx[s->n] = i;
			s->cnt[s->n++] = h->b[i];
		}
	return s;
}

void hsparse_add_to(const hsparse *s, hist *h)
{
	static hist one;

	if (!s || !s->count)
		return;
	memset(&one, 0, sizeof(one));
	one.count = s->count, one.sum = s->sum, one.min = s->min, one.max = s->max;
	for (uint32_t i = 0; i < s->n; i++)
		one.b[s->idx[i]] = s->cnt[i];
	hist_merge(h, &one);
}

void hsparse_free(hsparse *s)
{
	if (!s)
		return;
	free(s->idx);
	free(s->cnt);
	free(s);
}
