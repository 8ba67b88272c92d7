/*
 * The workload operations: select, insert, update, delete and custom
 * queries, each on one worker's session through its prepared statements.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../gen/check.h"
#include "ops.h"
#include "uniq.h"
#include "sched.h"
#include "txn.h"
#include "xact.h"

/* ---- statements ---- */

typedef struct rows {
	uint64_t n;
	char first[WL_KEYMAX];
	int have_first;
	int join;      /* first = the first row's columns as one composite key */
	int want;      /* the rows are read (an insert's key); otherwise none are delivered */
} rows;

static int count_row(void *ud, int32_t hdr, uint32_t n, const char *const *names, const char *const *v,
		     const uint32_t *len)
{
	rows *rs = ud;

	(void)names; (void)len;
	if (hdr)
		return 0;
	if (!rs->n && n > 0 && v[0]) {
		if (rs->join) {
			rs->have_first = pool_key_join(rs->first, sizeof(rs->first), n, v) == 0;
		} else {
			snprintf(rs->first, sizeof(rs->first), "%s", v[0]);
			rs->have_first = 1;
		}
	}
	rs->n++;
	return 0;
}

static int run_stmt(worker *w, unsigned slot, const char *sql, const dba_value *p, uint32_t np, rows *rs,
		    dba_error *de)
{
	const dba_driver_ops *ops = w->r->t->ops;

	if (!ops->prepare) {
		DBA_ERR_SET(de, DBA_ERR_UNSUPPORTED, "the driver has no prepared statements");
		return -1;
	}
	if (!w->st[slot] && ops->prepare(w->c, sql, np, NULL, &w->st[slot], de))
		return -1;
	/* A result nobody reads is not turned into row texts: the driver only consumes it. */
	return ops->execute(w->c, w->st[slot], p, np, rs->want ? count_row : NULL, rs, NULL, de);
}

void ops_drop_statements(worker *w)
{
	unsigned n = w->r->s.n * WL_S_NSQL + w->r->c->nqueries;

	for (unsigned i = 0; i < n; i++)
		if (w->st[i]) {
			w->r->t->ops->stmt_free(w->c, w->st[i]);
			w->st[i] = NULL;
		}
	txn_drop_statements(w);
}

/* ---- operations; return 0 done, 1 skipped, -1 failed (de filled) ---- */

static int pick_table(worker *w, int sql, int need_keys, int leaf_mine)
{
	wl_schema *s = &w->r->s;
	int cand[256], n = 0;

	for (unsigned i = 0; i < s->n && n < 256; i++) {
		wl_table *t = &s->t[i];

		if (!t->selected || !t->sql[sql])
			continue;
		if (need_keys && !t->keys.n)
			continue;
		if (leaf_mine && !t->mine.n)
			continue;
		cand[n++] = (int)i;
	}
	return n ? cand[rng_below(&w->rng, (uint64_t)n)] : -1;
}

/* The key in buf as statement values (a composite key is split in place); 0 when it is not a key of t. */
static uint32_t key_bind(wl_table *t, char *buf, dba_value *v)
{
	if (t->nkey == 1) {
		pool_value(&t->keys, buf, v);
		return 1;
	}
	return pool_key_values(t, buf, v);
}

static int op_select(worker *w, dba_error *de)
{
	wl_schema *s = &w->r->s;
	char key[WL_KEYMAX];
	dba_value v[WL_MAXKEY];
	uint32_t nv;
	rows rs = { 0 };
	int ti = -1;

	if (s->shape != WL_SHAPE_POINT && rng_below(&w->rng, 2))
		ti = pick_table(w, WL_S_SHAPE, 0, 0);
	if (ti >= 0) {
		wl_table *t = &s->t[ti];

		if (s->shape == WL_SHAPE_AGG)
			return run_stmt(w, (unsigned)ti * WL_S_NSQL + WL_S_SHAPE, t->sql[WL_S_SHAPE], NULL, 0, &rs, de);
		if (s->shape == WL_SHAPE_WINDOW) {
			memset(&v[0], 0, sizeof(v[0]));
			v[0].type = DBA_T_TIMESTAMP;
			v[0].u.i64 = sched_real_us() - 3600LL * 1000000;
			return run_stmt(w, (unsigned)ti * WL_S_NSQL + WL_S_SHAPE, t->sql[WL_S_SHAPE], v, 1, &rs, de);
		}
		if (pool_pick(&s->t[t->shape_parent].keys, &w->rng, key, sizeof(key), 0) == 0) {
			pool_value(&s->t[t->shape_parent].keys, key, &v[0]);
			return run_stmt(w, (unsigned)ti * WL_S_NSQL + WL_S_SHAPE, t->sql[WL_S_SHAPE], v, 1, &rs, de);
		}
	}
	if ((ti = pick_table(w, WL_S_SELECT, 1, 0)) < 0)
		return 1;
	if (pool_pick(&s->t[ti].keys, &w->rng, key, sizeof(key), 0) || !(nv = key_bind(&s->t[ti], key, v)))
		return 1;
	return run_stmt(w, (unsigned)ti * WL_S_NSQL + WL_S_SELECT, s->t[ti].sql[WL_S_SELECT], v, nv, &rs, de);
}

/* A timestamp key part: the clock, rounded to the type's step, never the same value twice in a run. */
static int64_t clock_next(const wl_run *r, wl_col *c)
{
	int64_t now = sched_real_us() / c->step * c->step, prev = atomic_load(&c->next), v;
	int64_t n = (int64_t)sched_dn(r), mine = (int64_t)sched_global(r, 0);

	do {
		v = now > prev ? now : prev + c->step;
		/* worker I of N: steps that are I modulo N, so that workers never stamp the same value */
		v += (((mine - (v / c->step) % n) % n + n) % n) * c->step;
	} while (!atomic_compare_exchange_weak(&c->next, &prev, v));
	return v;
}

/*
 * A column of a multi-column FK onto a composite key: the group's first
 * column picks one parent key (split in place in its buffer), and every
 * column of the group takes its part of it.  1 when there is no parent row.
 */
static int fk_group_value(worker *w, const wl_table *t, unsigned k, char (*fk)[256], dba_value *v)
{
	const wl_col *c = &t->ins[k];
	wl_table *pt = &w->r->s.t[c->fk_table];
	dba_value parts[WL_MAXKEY];
	const char *p;

	if (c->fk_lead == (int)k &&
	    (pool_pick(&pt->keys, &w->rng, fk[k], sizeof(fk[k]), 0) || !pool_key_values(pt, fk[k], parts)))
		return 1;
	p = fk[c->fk_lead];
	for (int j = 0; j < c->fk_part; j++)
		p += strlen(p) + 1;
	pool_text_value(pt->kint[c->fk_part], p, v);
	return 0;
}

/* Puts an INSERT's values in the order its CHECKs ask (enddate >= startdate); 0 when two that must differ do not. */
static int in_order(const wl_table *t, dba_value *v)
{
	for (unsigned o = 0; o < t->norders; o++) {
		const struct wl_order *r = &t->orders[o];

		if (r->differ && check_same(&v[r->hi], &v[r->lo]))
			return 0;
		if (!r->differ)
			check_put_in_order(&v[r->hi], &v[r->lo], r->strict, r->bounded);
	}
	return 1;
}

static int op_insert(worker *w, dba_error *de)
{
	wl_schema *s = &w->r->s;
	int ti = pick_table(w, WL_S_INSERT, 0, 0);
	wl_table *t;
	dba_value v[128];
	char fk[128][256], key[WL_KEYMAX] = "";
	rows rs = { 0 };
	uint64_t row;
	int claimed = 0;
	err e;

	if (ti < 0)
		return 1;
	t = &s->t[ti];
	if (t->nins > 128)
		return 1;
	for (unsigned attempt = 0;; attempt++) {
		row = atomic_fetch_add(&t->rows, sched_dn(w->r));
		for (unsigned k = 0; k < t->nins; k++) {
			wl_col *c = &t->ins[k];

			memset(&v[k], 0, sizeof(v[k]));
			if (c->counter_key == 1) {
				v[k].type = DBA_T_INT64;
				v[k].u.i64 = atomic_fetch_add(&c->next, (int64_t)sched_dn(w->r));
				if (v[k].u.i64 > c->cmax)
					return 1; /* the key space (type, CHECK) is used up */
				if (c->idx == t->pk)
					snprintf(key, sizeof(key), "%lld", (long long)v[k].u.i64);
			} else if (c->counter_key == 3) {
				uniq_text_value(c, (uint64_t)atomic_fetch_add(&c->next, (int64_t)sched_dn(w->r)), fk[k],
						sizeof(fk[k]), &v[k]);
			} else if (c->counter_key) {
				v[k].type = DBA_T_TIMESTAMP;
				v[k].u.i64 = clock_next(w->r, c);
			} else if (c->fk_table >= 0 && c->fk_part < 0) {
				pool *p = &s->t[c->fk_table].keys;

				if (pool_pick(p, &w->rng, fk[k], sizeof(fk[k]), 0))
					return 1; /* no parent row to reference */
				pool_value(p, fk[k], &v[k]);
			} else if (c->fk_table >= 0) {
				if (fk_group_value(w, t, k, fk, &v[k]))
					return 1;
			} else if (c->sample && pool_pick(c->sample, &w->rng, fk[k], sizeof(fk[k]), 0) == 0) {
				pool_value(c->sample, fk[k], &v[k]);
			} else if (gen_next(w->ins[ti][k], row, &v[k], &e)) {
				DBA_ERR_SET(de, DBA_ERR_USAGE, "%.500s", e.msg);
				return -1;
			} else if (c->idx == t->pk) {
				if (v[k].type == DBA_T_INT64)
					snprintf(key, sizeof(key), "%lld", (long long)v[k].u.i64);
				else if (v[k].type == DBA_T_TEXT || v[k].type == DBA_T_UUID)
					snprintf(key, sizeof(key), "%.*s", (int)v[k].len, v[k].u.str);
			}
		}
		if (!in_order(t, v)) { /* CHECK (a <> b): drawn again */
			if (attempt == 7)
				return 1;
			continue;
		}
		/*
		 * A key drawn from parents (a junction row, a 1:1 child) may exist
		 * already: draw again a few times.  When every draw names a key
		 * that exists, the parents' key space is used up: the insert is
		 * skipped, not sent to fail.
		 */
		if (!t->known || pool_key_compose(t, v, key, sizeof(key)))
			break;
		if (kset_claim(t->known, key)) { /* claimed before sending: no other worker draws it */
			claimed = 1;
			break;
		}
		if (attempt == 7)
			return 1;
	}
	rs.join = t->nkey > 1;
	rs.want = 1;
	if (run_stmt(w, (unsigned)ti * WL_S_NSQL + WL_S_INSERT, t->sql[WL_S_INSERT], v, t->nins, &rs, de)) {
		if (claimed)
			kset_del(t->known, key);
		return -1;
	}
	if (rs.have_first)
		snprintf(key, sizeof(key), "%s", rs.first);
	else if (t->nkey > 1 && pool_key_compose(t, v, key, sizeof(key)))
		key[0] = 0;
	if (*key) {
		pool_add(&t->keys, key);
		pool_add(&t->mine, key);
		if (t->known)
			kset_add(t->known, key);
	}
	return 0;
}

static int op_update(worker *w, dba_error *de)
{
	wl_schema *s = &w->r->s;
	int ti = pick_table(w, WL_S_UPDATE, 1, 0);
	dba_value v[1 + WL_MAXKEY];
	char key[WL_KEYMAX], val[256];
	uint32_t nv;
	rows rs = { 0 };
	err e;

	if (ti < 0 || pool_pick(&s->t[ti].keys, &w->rng, key, sizeof(key), 0))
		return 1;
	if (s->t[ti].upd_sample) {
		if (pool_pick(s->t[ti].upd_sample, &w->rng, val, sizeof(val), 0))
			return 1;
		pool_value(s->t[ti].upd_sample, val, &v[0]);
	} else if (gen_next(w->upd[ti], atomic_fetch_add(&s->t[ti].rows, sched_dn(w->r)), &v[0], &e)) {
		DBA_ERR_SET(de, DBA_ERR_USAGE, "%.500s", e.msg);
		return -1;
	}
	if (!(nv = key_bind(&s->t[ti], key, &v[1])))
		return 1;
	return run_stmt(w, (unsigned)ti * WL_S_NSQL + WL_S_UPDATE, s->t[ti].sql[WL_S_UPDATE], v, 1 + nv, &rs, de);
}

static int op_delete(worker *w, dba_error *de)
{
	wl_schema *s = &w->r->s;
	int ti = pick_table(w, WL_S_DELETE, 0, 1);
	char key[WL_KEYMAX];
	dba_value v[WL_MAXKEY];
	uint32_t nv;
	rows rs = { 0 };

	if (ti >= 0 && pool_pick(&s->t[ti].mine, &w->rng, key, sizeof(key), 1) == 0) {
		schema_forget_key(&s->t[ti], key);
	} else {
		ti = pick_table(w, WL_S_DELETE, 1, 0);
		if (ti < 0 || pool_pick(&s->t[ti].keys, &w->rng, key, sizeof(key), 1))
			return 1;
		if (s->t[ti].known)
			kset_del(s->t[ti].known, key);
	}
	if (!(nv = key_bind(&s->t[ti], key, v)))
		return 1;
	return run_stmt(w, (unsigned)ti * WL_S_NSQL + WL_S_DELETE, s->t[ti].sql[WL_S_DELETE], v, nv, &rs, de);
}

static int op_custom(worker *w, unsigned qi, dba_error *de)
{
	wl_query *q = &w->r->c->queries[qi];
	dba_value pv[64], v[256];
	rows rs = { 0 };
	uint64_t row = w->rng.s[0]; /* any index: values depend only on it */
	err e;

	if (q->xact)
		return txnconf_run(w, qi, de);
	if (q->nparams > 64 || q->nocc > 256)
		return 1;
	row = rng_below(&w->rng, 1ULL << 40);
	for (unsigned k = 0; k < q->nparams; k++)
		if (gen_next(w->qg[qi][k], row, &pv[k], &e)) {
			if (gen_spec_fk_table(q->params[k].spec))
				return 1; /* nothing to reference */
			DBA_ERR_SET(de, DBA_ERR_USAGE, "%.500s", e.msg);
			return -1;
		}
	for (unsigned o = 0; o < q->nocc; o++)
		v[o] = pv[q->occ[o]];
	return run_stmt(w, w->r->s.n * WL_S_NSQL + qi, w->r->s.qsql[qi], v, q->nocc, &rs, de);
}

int ops_fk_pick(void *ud, rng *r, int zipf, dba_value *out, err *e)
{
	fkbuf *f = ud;

	(void)zipf;
	if (pool_pick(f->p, r, f->buf, sizeof(f->buf), 0))
		return err_set(e, EXIT_RUNTIME, "no key to reference");
	pool_value(f->p, f->buf, out);
	return 0;
}

int ops_run(worker *w, unsigned kind, dba_error *de)
{
	switch (kind) {
	case WL_SELECT: return op_select(w, de);
	case WL_INSERT: return op_insert(w, de);
	case WL_UPDATE: return op_update(w, de);
	case WL_DELETE: return op_delete(w, de);
	default: return w->r->c->txn ? txn_run(w, kind - WL_NOPS, de) : op_custom(w, kind - WL_NOPS, de);
	}
}
