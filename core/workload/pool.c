/*
 * Key pools: the keys operations pick from (text copies, taken at random,
 * removed on delete), the text form of composite keys, and the set of known
 * keys that inserts into a composite-key table consult.
 */
#include <stdlib.h>
#include <string.h>

#include "dbarena/timefmt.h"
#include "run.h"

/* ---- pools ---- */

void pool_init(pool *p, int int_family)
{
	memset(p, 0, sizeof(*p));
	pthread_mutex_init(&p->mu, NULL);
	p->int_family = int_family;
	p->max = WL_POOL_MAX;
}

static uint64_t mix64(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

void pool_add(pool *p, const char *s)
{
	char *copy = strdup(s);

	if (!copy)
		return;
	pthread_mutex_lock(&p->mu);
	p->adds++;
	if (p->max && p->n >= p->max) {
		/* Full: the new value replaces a random one. */
		size_t k = (size_t)(mix64(p->adds) % p->n);

		if (p->forget)
			kset_del(p->forget, p->v[k]);
		free(p->v[k]);
		p->v[k] = copy;
		pthread_mutex_unlock(&p->mu);
		return;
	}
	if (p->n == p->cap) {
		size_t ncap = p->cap ? p->cap * 2 : 256;
		char **nv = realloc(p->v, ncap * sizeof(*nv));

		if (!nv) {
			pthread_mutex_unlock(&p->mu);
			free(copy);
			return;
		}
		p->v = nv;
		p->cap = ncap;
	}
	p->v[p->n++] = copy;
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

void pool_text_value(int int_family, const char *buf, dba_value *v)
{
	memset(v, 0, sizeof(*v));
	if (int_family) {
		v->type = DBA_T_INT64;
		v->u.i64 = strtoll(buf, NULL, 10);
	} else {
		v->type = DBA_T_TEXT;
		v->u.str = buf;
		v->len = (uint32_t)strlen(buf);
	}
}

void pool_value(const pool *p, const char *buf, dba_value *v)
{
	pool_text_value(p->int_family, buf, v);
}

/* ---- composite keys ---- */

typedef struct knode {
	struct knode *next;
	char s[];
} knode;

struct kset {
	pthread_mutex_t mu;
	knode **b;
	size_t n, nb;
};

static size_t khash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return (size_t)h;
}

kset *kset_new(void)
{
	kset *k = calloc(1, sizeof(*k));

	if (!k)
		return NULL;
	pthread_mutex_init(&k->mu, NULL);
	k->nb = 1024;
	k->b = calloc(k->nb, sizeof(*k->b));
	if (!k->b) {
		pthread_mutex_destroy(&k->mu);
		free(k);
		return NULL;
	}
	return k;
}

static knode **kset_find(kset *k, const char *s)
{
	knode **at = &k->b[khash(s) & (k->nb - 1)];

	while (*at && strcmp((*at)->s, s))
		at = &(*at)->next;
	return at;
}

void kset_add(kset *k, const char *s)
{
	size_t len = strlen(s) + 1;
	knode **at, *nd;

	pthread_mutex_lock(&k->mu);
	if (k->n >= k->nb) {
		knode **b = calloc(k->nb * 2, sizeof(*b));

		if (b) {
			for (size_t i = 0; i < k->nb; i++)
				while (k->b[i]) {
					knode *x = k->b[i];
					size_t j = khash(x->s) & (k->nb * 2 - 1);

					k->b[i] = x->next;
					x->next = b[j];
					b[j] = x;
				}
			free(k->b);
			k->b = b;
			k->nb *= 2;
		}
	}
	at = kset_find(k, s);
	if (!*at && (nd = malloc(sizeof(*nd) + len))) {
		nd->next = NULL;
		memcpy(nd->s, s, len);
		*at = nd;
		k->n++;
	}
	pthread_mutex_unlock(&k->mu);
}

int kset_claim(kset *k, const char *s)
{
	int hit;

	pthread_mutex_lock(&k->mu);
	hit = *kset_find(k, s) != NULL;
	pthread_mutex_unlock(&k->mu);
	if (hit)
		return 0;
	/* another worker may add it in between: kset_add keeps one copy, and its insert fails as before */
	kset_add(k, s);
	return 1;
}

int kset_has(kset *k, const char *s)
{
	int hit;

	pthread_mutex_lock(&k->mu);
	hit = *kset_find(k, s) != NULL;
	pthread_mutex_unlock(&k->mu);
	return hit;
}

void kset_del(kset *k, const char *s)
{
	knode **at, *x;

	pthread_mutex_lock(&k->mu);
	at = kset_find(k, s);
	if ((x = *at)) {
		*at = x->next;
		free(x);
		k->n--;
	}
	pthread_mutex_unlock(&k->mu);
}

void kset_free(kset *k)
{
	if (!k)
		return;
	for (size_t i = 0; i < k->nb; i++)
		while (k->b[i]) {
			knode *x = k->b[i];

			k->b[i] = x->next;
			free(x);
		}
	free(k->b);
	pthread_mutex_destroy(&k->mu);
	free(k);
}

int pool_key_join(char *buf, size_t cap, uint32_t n, const char *const *v)
{
	size_t at = 0;

	for (uint32_t i = 0; i < n; i++) {
		size_t len;

		if (!v[i] || strchr(v[i], WL_KEYSEP))
			return -1;
		len = strlen(v[i]);
		if (at + (i > 0) + len >= cap)
			return -1;
		if (i)
			buf[at++] = WL_KEYSEP;
		memcpy(buf + at, v[i], len);
		at += len;
	}
	buf[at] = 0;
	return 0;
}

uint32_t pool_key_values(const wl_table *t, char *buf, dba_value *v)
{
	char *p = buf;

	for (unsigned i = 0; i < t->nkey; i++) {
		char *sep = strchr(p, WL_KEYSEP);

		if ((sep == NULL) != (i + 1 == t->nkey))
			return 0;
		if (sep)
			*sep = 0;
		pool_text_value(t->kint[i], p, &v[i]);
		if (sep)
			p = sep + 1;
	}
	return t->nkey;
}

int pool_key_compose(const wl_table *t, const dba_value *v, char *buf, size_t cap)
{
	size_t at = 0;

	for (unsigned i = 0; i < t->nkey; i++) {
		const dba_value *x;
		char part[64];
		const char *s = part;
		size_t len;

		if (t->kins[i] < 0)
			return -1;
		x = &v[t->kins[i]];
		switch (x->type) {
		case DBA_T_INT64:
			snprintf(part, sizeof(part), "%lld", (long long)x->u.i64);
			break;
		case DBA_T_TEXT:
		case DBA_T_UUID:
		case DBA_T_DECIMAL:
			if (memchr(x->u.str, WL_KEYSEP, x->len) || memchr(x->u.str, 0, x->len))
				return -1;
			s = x->u.str;
			break;
		case DBA_T_TIMESTAMP:
		case DBA_T_DATE:
			/* UTC text, as the drivers send these values */
			if (x->type == DBA_T_DATE)
				dba_fmt_date(x->u.i64, part, sizeof(part));
			else
				dba_fmt_timestamp(x->u.i64, ' ', DBA_FRAC_ALWAYS, part, sizeof(part));
			break;
		default:
			return -1;
		}
		len = s == part ? strlen(part) : x->len;
		if (at + (i > 0) + len >= cap)
			return -1;
		if (i)
			buf[at++] = WL_KEYSEP;
		memcpy(buf + at, s, len);
		at += len;
	}
	buf[at] = 0;
	return 0;
}
