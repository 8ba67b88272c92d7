/*
 * Key pools: the keys operations pick from (text copies, taken at random,
 * removed on delete).
 */
#include <stdlib.h>
#include <string.h>

#include "run.h"

/* ---- pools ---- */

void pool_init(pool *p, int int_family)
{
	memset(p, 0, sizeof(*p));
	pthread_mutex_init(&p->mu, NULL);
	p->int_family = int_family;
}

void pool_add(pool *p, const char *s)
{
	pthread_mutex_lock(&p->mu);
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 256;
		p->v = realloc(p->v, p->cap * sizeof(*p->v));
	}
	p->v[p->n++] = strdup(s);
	pthread_mutex_unlock(&p->mu);
}

int pool_pick(pool *p, rng *r, char *buf, size_t cap, int remove)
{
	size_t k;

	pthread_mutex_lock(&p->mu);
	if (!p->n) {
		pthread_mutex_unlock(&p->mu);
		return -1;
	}
	k = rng_below(r, p->n);
	snprintf(buf, cap, "%s", p->v[k]);
	if (remove) {
		free(p->v[k]);
		p->v[k] = p->v[--p->n];
	}
	pthread_mutex_unlock(&p->mu);
	return 0;
}

void pool_remove_value(pool *p, const char *s)
{
	pthread_mutex_lock(&p->mu);
	for (size_t k = 0; k < p->n; k++)
		if (!strcmp(p->v[k], s)) {
			free(p->v[k]);
			p->v[k] = p->v[--p->n];
			break;
		}
	pthread_mutex_unlock(&p->mu);
}

void pool_free(pool *p)
{
	for (size_t k = 0; k < p->n; k++)
		free(p->v[k]);
	free(p->v);
	pthread_mutex_destroy(&p->mu);
	memset(p, 0, sizeof(*p));
}

void pool_value(const pool *p, const char *buf, dba_value *v)
{
	memset(v, 0, sizeof(*v));
	if (p->int_family) {
		v->type = DBA_T_INT64;
		v->u.i64 = strtoll(buf, NULL, 10);
	} else {
		v->type = DBA_T_TEXT;
		v->u.str = buf;
		v->len = (uint32_t)strlen(buf);
	}
}
