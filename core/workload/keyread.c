/*
 * What a workload reads from the rows before it starts: the existing keys
 * into the pools, where counter keys and key clocks continue, and samples
 * of text columns whose values repeat.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../gen/choose.h"
#include "catalog.h"
#include "keyread.h"
#include "colspec.h"
#include "stmt.h"

#define POOL_MAX 10000

typedef struct collect {
	pool *p;
	int64_t max;
	int ints;
	uint32_t nkey;    /* > 1: composite keys, joined */
	kset *known;      /* keys drawn from parents: also here, when set */
} collect;

static int collect_row(void *ud, int32_t hdr, uint32_t n, const char *const *names, const char *const *v,
		       const uint32_t *len)
{
	collect *c = ud;

	(void)names; (void)len;
	if (hdr || n < 1 || !v[0])
		return 0;
	if (c->nkey > 1) {
		char key[WL_KEYMAX];

		if (n >= c->nkey && pool_key_join(key, sizeof(key), c->nkey, v) == 0) {
			pool_add(c->p, key);
			if (c->known)
				kset_add(c->known, key);
		}
	} else if (c->p) {
		pool_add(c->p, v[0]);
		if (c->known)
			kset_add(c->known, v[0]);
	}
	else if (c->ints) {
		int64_t x = strtoll(v[0], NULL, 10);
		if (x > c->max)
			c->max = x;
	}
	return 0;
}

int keyread_pool(const target *t, dba_conn *conn, wl_table *w, err *e)
{
	dba_error de;
	collect cl = { &w->keys, 0, 0, w->nkey, w->known };
	char *cols = stmt_key_cols(t, w), *sql, rest[2048];
	int rc;

	snprintf(rest, sizeof(rest), "FROM %s", w->q);
	sql = stmt_limited(t, cols, rest, POOL_MAX);
	memset(&de, 0, sizeof(de));
	rc = t->ops->exec(conn, sql, collect_row, &cl, NULL, &de);
	free(sql);
	free(cols);
	if (rc)
		return err_from_db(e, EXIT_RUNTIME, &de, w->q);
	return 0;
}

static int first_text(void *ud, int32_t hdr, uint32_t n, const char *const *names, const char *const *v,
		      const uint32_t *len)
{
	(void)names; (void)len;
	if (!hdr && n > 0 && v[0])
		snprintf(ud, 64, "%s", v[0]);
	return 0;
}

/* A timestamp as the server prints it ("2024-05-01 10:00:00.25", maybe "+02" or "+05:30") in microseconds UTC. */
static int ts_text_us(const char *s, int64_t *us)
{
	struct tm tm;
	int64_t frac = 0, scale = 1000000, off = 0;
	int n = 0;

	memset(&tm, 0, sizeof(tm));
	if (sscanf(s, "%d-%d-%d%*[ T]%d:%d:%d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min,
		   &tm.tm_sec, &n) != 6 || !n)
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon--;
	for (s += n, s += *s == '.'; *s >= '0' && *s <= '9'; s++)
		if (scale > 1)
			frac += (*s - '0') * (scale /= 10);
	if (*s == '+' || *s == '-') {
		int oh = 0, om = 0;

		sscanf(s + 1, "%d:%d", &oh, &om);
		off = (oh * 3600LL + om * 60) * (*s == '-' ? -1 : 1);
	}
	*us = ((int64_t)timegm(&tm) - off) * 1000000 + frac;
	return 0;
}

/*
 * Counter keys continue after the existing maximum.  A coarse key clock
 * (whole seconds) continues after the latest existing stamp when that lies
 * ahead of now: an earlier run's clock gets ahead of time when it stamps
 * more than one row a second.  A microsecond clock meets existing stamps
 * too rarely to matter.
 */
int keyread_counters(const target *t, dba_conn *conn, wl_table *w, err *e)
{
	for (unsigned k = 0; k < w->nins; k++) {
		collect cl = { NULL, 0, 1, 0, NULL };
		dba_error de;
		char q[2048], *col, max[64] = "";
		int64_t us;
		int rc;

		if (!w->ins[k].counter_key || w->ins[k].counter_key == 3 ||
		    (w->ins[k].counter_key == 2 && w->ins[k].step == 1))
			continue;
		col = target_quote(t, NULL, w->d->columns[w->ins[k].idx].name);
		snprintf(q, sizeof(q), "SELECT MAX(%s) FROM %s", col, w->q);
		free(col);
		memset(&de, 0, sizeof(de));
		if (w->ins[k].counter_key == 1)
			rc = t->ops->exec(conn, q, collect_row, &cl, NULL, &de);
		else
			rc = t->ops->exec(conn, q, first_text, max, NULL, &de);
		if (rc)
			return err_from_db(e, EXIT_RUNTIME, &de, w->q);
		if (w->ins[k].counter_key == 1)
			atomic_store(&w->ins[k].next, cl.max + 1);
		else if (*max && ts_text_us(max, &us) == 0)
			atomic_store(&w->ins[k].next, us / w->ins[k].step * w->ins[k].step);
	}
	return 0;
}

/*
 * Text columns whose existing values repeat (status, country, category) are
 * likely restricted by a CHECK or a lookup the schema does not tell us
 * about: inserts reuse existing values there.  Columns whose sampled values
 * are all distinct get generated text.
 */
typedef struct sampler {
	wl_table *w;
	int map[256]; /* result column -> insert column, -1 */
} sampler;

static int sample_row(void *ud, int32_t hdr, uint32_t n, const char *const *names, const char *const *v,
		      const uint32_t *len)
{
	sampler *sm = ud;

	(void)len;
	for (uint32_t i = 0; i < n && i < 256; i++) {
		if (hdr) {
			sm->map[i] = -1;
			for (unsigned k = 0; k < sm->w->nins; k++)
				if (sm->w->ins[k].sample && !strcmp(sm->w->d->columns[sm->w->ins[k].idx].name, names[i]))
					sm->map[i] = (int)k;
		} else if (sm->map[i] >= 0 && v[i]) {
			pool_add(sm->w->ins[sm->map[i]].sample, v[i]);
		}
	}
	return 0;
}

void keyread_samples(const target *t, dba_conn *conn, wl_table *w)
{
	sampler sm;
	dba_error de;
	char rest[2048], *sql;
	int any = 0;

	for (unsigned k = 0; k < w->nins; k++) {
		wl_col *c = &w->ins[k];

		if (c->spec && !c->counter_key && !c->run_unique && !catalog_is_key_col(w, c->idx) &&
		    w->d->columns[c->idx].family == DBA_FAM_TEXT) {
			c->sample = malloc(sizeof(pool));
			pool_init(c->sample, 0);
			any = 1;
		}
	}
	if (!any)
		return;
	memset(&sm, 0, sizeof(sm));
	sm.w = w;
	snprintf(rest, sizeof(rest), "FROM %s", w->q);
	sql = stmt_limited(t, "*", rest, 200);
	memset(&de, 0, sizeof(de));
	t->ops->exec(conn, sql, sample_row, &sm, NULL, &de);
	free(sql);
	for (unsigned k = 0; k < w->nins; k++) {
		pool *p = w->ins[k].sample;
		size_t distinct = 0;

		if (!p)
			continue;
		for (size_t i = 0; i < p->n; i++) {
			size_t j;
			for (j = 0; j < i && strcmp(p->v[i], p->v[j]); j++)
				;
			distinct += j == i;
		}
		if (p->n < 2 || distinct == p->n) {
			const dba_column *col = &w->d->columns[w->ins[k].idx];
			gen_spec *u;

			/* All distinct: probably UNIQUE; text with a unique run-wide counter in it (not where a CHECK fences it). */
			if (p->n >= 2 && !gen_spec_unique(w->ins[k].spec) && !choose_checked(w->d, (uint32_t)w->ins[k].idx) &&
			    (col->max_length <= 0 || col->max_length >= 20) &&
			    (u = colspec_of("template", "template", "w{row}", NULL, NULL))) {
				gen_spec_free(w->ins[k].spec);
				w->ins[k].spec = u;
			}
			pool_free(p);
			free(p);
			w->ins[k].sample = NULL;
		}
	}
	stmt_text_update(w, t);
}
