/*
 * [transaction NAME] sections: a weight, statements = Q1, Q2, ... (names of
 * [query] sections) and an isolation level, run in order between BEGIN and
 * COMMIT on the worker's session.  A placeholder of a later statement with
 * no [param] takes the value of the result column of that name in the first
 * row of the latest earlier statement that returned such a column.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sched.h"
#include "xact.h"

static const char *const iso_sql[] = { "", "READ COMMITTED", "REPEATABLE READ", "SERIALIZABLE" };

int txnconf_isolation(const char *path, const ini_entry *en, int *out, err *e)
{
	char v[32];
	size_t n = 0;

	/* "read committed", "read_committed", "READ-COMMITTED" */
	for (const char *p = en->value; *p && n < sizeof(v) - 1; p++)
		v[n++] = (*p == '_' || *p == '-') ? ' ' : *p;
	v[n] = 0;
	for (int i = 1; i <= WL_ISO_SERIALIZABLE; i++)
		if (!strcasecmp(v, iso_sql[i])) {
			*out = i;
			return 0;
		}
	return err_set(e, EXIT_USAGE, "%s:%d: bad value \"%s\" for isolation (expected read committed, "
		       "repeatable read or serializable)", path, en->line, en->value);
}

static wl_xact *find_xact(wl_cfg *c, const char *name)
{
	for (unsigned i = 0; i < c->nxacts; i++)
		if (!strcmp(c->xacts[i].name, name))
			return &c->xacts[i];
	return NULL;
}

int txnconf_entry(wl_cfg *c, const ini_entry *en, err *e)
{
	const char *name = en->section + strlen("transaction"), *path = c->path;
	wl_xact *x;

	while (*name == ' ')
		name++;
	if (!*name)
		return err_set(e, EXIT_USAGE, "%s:%d: [transaction] needs a name: [transaction NAME]", path, en->line);
	if (!(x = find_xact(c, name))) {
		wl_xact *v = strmap_grow(c->xacts, c->nxacts, sizeof(*v));

		if (!v)
			return err_set(e, EXIT_RUNTIME, "out of memory");
		c->xacts = v;
		x = &v[c->nxacts++];
		memset(x, 0, sizeof(*x));
		x->name = strdup(name);
		x->line = en->line;
		x->weight = -1;
	}
	if (!en->key)
		return 0;
	if (!strcmp(en->key, "weight")) {
		char *end;
		double w = strtod(en->value, &end);

		while (*end == ' ')
			end++;
		if (!*en->value || *end || !(w >= 0 && w <= 1))
			return err_set(e, EXIT_USAGE, "%s:%d: bad value \"%s\" for weight (expected a number from 0 to 1)",
				       path, en->line, en->value);
		x->weight = w;
	} else if (!strcmp(en->key, "statements")) {
		ini_strv_free(x->snames);
		x->snames = NULL;
		x->sline = en->line;
		if (ini_list(en->value, &x->snames) < 1)
			return err_set(e, EXIT_USAGE, "%s:%d: bad statement list \"%s\" in [transaction %s]", path,
				       en->line, en->value, x->name);
	} else if (!strcmp(en->key, "isolation")) {
		return txnconf_isolation(path, en, &x->isolation, e);
	} else {
		err_set(e, EXIT_USAGE, "%s:%d: unknown key \"%s\" in [transaction %s]", path, en->line, en->key, x->name);
		err_detail(e, "valid: weight, statements, isolation");
		return -1;
	}
	return 0;
}

/* The statement names of x as query indices; a query in a transaction needs no weight. */
static int resolve_one(wl_cfg *c, wl_xact *x, const strmap *qmap, err *e)
{
	unsigned n = 0;
	size_t qi;

	if (x->weight < 0)
		return err_set(e, EXIT_USAGE, "%s:%d: [transaction %s] needs weight = ...", c->path, x->line, x->name);
	if (!x->snames)
		return err_set(e, EXIT_USAGE, "%s:%d: [transaction %s] needs statements = QUERY, ...", c->path,
			       x->line, x->name);
	if (strmap_get(qmap, x->name, &qi))
		return err_set(e, EXIT_USAGE, "%s:%d: [transaction %s] has the name of [query %s] (line %d)", c->path,
			       x->line, x->name, x->name, c->queries[qi].line);
	while (x->snames[n])
		n++;
	if (!(x->stmts = calloc(n, sizeof(*x->stmts))))
		return err_set(e, EXIT_RUNTIME, "out of memory");
	for (unsigned i = 0; i < n; i++) {
		if (!strmap_get(qmap, x->snames[i], &qi)) {
			err_set(e, EXIT_USAGE, "%s:%d: [transaction %s] names unknown query \"%s\"", c->path, x->sline,
				x->name, x->snames[i]);
			err_hint(e, "each statement is the name of a [query NAME] section");
			return -1;
		}
		x->stmts[i] = (unsigned)qi;
		if (c->queries[qi].weight < 0)
			c->queries[qi].weight = 0;
	}
	x->nstmts = n;
	x->pos0 = c->nxstmts;
	c->nxstmts += n;
	return 0;
}

int txnconf_resolve(wl_cfg *c, const strmap *qmap, err *e)
{
	for (unsigned i = 0; i < c->nxacts; i++)
		if (resolve_one(c, &c->xacts[i], qmap, e))
			return -1;
	for (unsigned i = 0; i < c->nxacts; i++) {
		wl_query *v = strmap_grow(c->queries, c->nqueries, sizeof(*v)), *q;

		if (!v)
			return err_set(e, EXIT_RUNTIME, "out of memory");
		c->queries = v;
		q = &v[c->nqueries++];
		memset(q, 0, sizeof(*q));
		q->name = strdup(c->xacts[i].name);
		q->line = c->xacts[i].line;
		q->weight = c->xacts[i].weight;
		q->xact = i + 1;
	}
	return 0;
}

int txnconf_bound_ok(const wl_cfg *c, unsigned qi)
{
	int used = 0;

	if (c->queries[qi].weight > 0)
		return 0;
	for (unsigned i = 0; i < c->nxacts; i++)
		for (unsigned k = 0; k < c->xacts[i].nstmts; k++)
			if (c->xacts[i].stmts[k] == qi) {
				if (k == 0)
					return 0;
				used = 1;
			}
	return used;
}

void txnconf_free(wl_cfg *c)
{
	for (unsigned i = 0; i < c->nxacts; i++) {
		free(c->xacts[i].name);
		ini_strv_free(c->xacts[i].snames);
		free(c->xacts[i].stmts);
	}
	free(c->xacts);
	c->xacts = NULL;
	c->nxacts = 0;
}

/* ---- running ---- */

/* Keeps the first row's columns of a statement's result for the statements after it. */
static int keep_row(void *ud, int32_t hdr, uint32_t n, const char *const *names, const char *const *v,
		    const uint32_t *len)
{
	wl_wx *x = ud;

	(void)len;
	if (hdr || !names || x->got_row++)
		return 0;
	for (uint32_t i = 0; i < n; i++) {
		unsigned b;

		for (b = 0; b < x->nb && strcmp(x->bname[b], names[i]); b++)
			;
		if (b == x->nb) {
			if (b == WX_MAXBIND || strlen(names[i]) >= sizeof(x->bname[b]))
				continue;
			snprintf(x->bname[b], sizeof(x->bname[b]), "%s", names[i]);
			x->nb++;
		}
		x->bnull[b] = !v[i];
		snprintf(x->bval[b], sizeof(x->bval[b]), "%s", v[i] ? v[i] : "");
	}
	return 0;
}

/* A kept value: an integer as INT64, NULL as NULL, anything else as text (the server converts it). */
static int bound_value(const wl_wx *x, const char *name, char *buf, size_t cap, dba_value *v)
{
	memset(v, 0, sizeof(*v));
	for (unsigned b = 0; b < x->nb; b++) {
		char *end;
		long long n;

		if (strcasecmp(x->bname[b], name))
			continue;
		if (x->bnull[b]) {
			v->type = DBA_T_NULL;
			return 0;
		}
		n = strtoll(x->bval[b], &end, 10);
		if (*x->bval[b] && !*end && (isdigit((unsigned char)x->bval[b][0]) || x->bval[b][0] == '-')) {
			v->type = DBA_T_INT64;
			v->u.i64 = n;
			return 0;
		}
		snprintf(buf, cap, "%s", x->bval[b]);
		v->type = DBA_T_TEXT;
		v->u.str = buf;
		v->len = (uint32_t)strlen(buf);
		return 0;
	}
	return -1;
}

/* One statement of a transaction: 0, 1 (nothing to reference), -1. */
static int run_statement(worker *w, const wl_xact *x, unsigned qi, dba_error *de)
{
	const wl_cfg *c = w->r->c;
	const wl_query *q = &c->queries[qi];
	const dba_driver_ops *ops = w->r->t->ops;
	unsigned slot = w->r->s.n * WL_S_NSQL + qi;
	dba_value pv[64], v[256];
	char buf[64][256];
	uint64_t row = rng_below(&w->rng, 1ULL << 40);
	err e;

	if (q->nparams > 64 || q->nocc > 256) {
		DBA_ERR_SET(de, DBA_ERR_USAGE, "query %s has too many placeholders", q->name);
		return -1;
	}
	for (unsigned k = 0; k < q->nparams; k++) {
		if (!q->params[k].spec) {
			if (bound_value(w->wx, q->params[k].name, buf[k], sizeof(buf[k]), &pv[k]) == 0)
				continue;
			DBA_ERR_SET(de, DBA_ERR_USAGE, "transaction %s: no earlier statement returned a column \"%s\" for :%s of query %s",
				    x->name, q->params[k].name, q->params[k].name, q->name);
			return -1;
		}
		if (gen_next(w->qg[qi][k], row, &pv[k], &e)) {
			if (gen_spec_fk_table(q->params[k].spec))
				return 1;
			DBA_ERR_SET(de, DBA_ERR_USAGE, "%.500s", e.msg);
			return -1;
		}
	}
	for (unsigned o = 0; o < q->nocc; o++)
		v[o] = pv[q->occ[o]];
	if (!ops->prepare) {
		DBA_ERR_SET(de, DBA_ERR_UNSUPPORTED, "the driver has no prepared statements");
		return -1;
	}
	if (!w->st[slot] && ops->prepare(w->c, w->r->s.qsql[qi], q->nocc, NULL, &w->st[slot], de))
		return -1;
	w->wx->got_row = 0;
	return ops->execute(w->c, w->st[slot], v, q->nocc, keep_row, w->wx, NULL, de) ? -1 : 0;
}

/* BEGIN with the isolation level: MariaDB/MySQL set it for the next transaction, the others inside it. */
static int begin(worker *w, int iso, dba_error *de)
{
	const dba_driver_ops *ops = w->r->t->ops;
	char sql[64];
	int before = w->r->t->dialect->placeholder == DBA_PH_QMARK;

	snprintf(sql, sizeof(sql), "SET TRANSACTION ISOLATION LEVEL %s", iso_sql[iso]);
	if (iso && before && ops->exec(w->c, sql, NULL, NULL, NULL, de))
		return -1;
	if (wl_txn_begin(w, de))
		return -1;
	if (iso && !before && ops->exec(w->c, sql, NULL, NULL, NULL, de))
		return -1;
	return 0;
}

int txnconf_run(worker *w, unsigned qi, dba_error *de)
{
	const wl_cfg *c = w->r->c;
	const wl_xact *x = &c->xacts[c->queries[qi].xact - 1];
	int iso = x->isolation ? x->isolation : c->isolation, rc;

	w->wx->nb = 0;
	if (begin(w, iso, de))
		goto fail;
	for (unsigned i = 0; i < x->nstmts; i++) {
		int64_t t0 = c->per_statement ? sched_mono_ns() : 0;

		rc = run_statement(w, x, x->stmts[i], de);
		if (c->per_statement)
			wx_stmt(w, x->pos0 + i, rc, t0, sched_mono_ns());
		if (rc > 0) {
			dba_error ig = { 0 };

			wl_txn_rollback(w, &ig);
			return 1;
		}
		if (rc)
			goto fail;
	}
	if (wl_txn_commit(w, de) == 0)
		return 0;
fail:
	if (w->in_tx && w->c) {
		dba_error ig = { 0 };

		wl_txn_rollback(w, &ig); /* the failure's error is the one to keep */
	}
	return -1;
}
