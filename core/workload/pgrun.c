/*
 * pgbench scripts run by the workload engine: each script is a transaction
 * kind (weight from FILE@WEIGHT) and one run of it is one scheduled
 * transaction, timed from its scheduled start.  SQL goes through the
 * session's prepared statements with every :var bound as a parameter;
 * BEGIN / END / COMMIT / ROLLBACK go through the driver's transaction calls.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pgscript.h"
#include "sched.h"

typedef struct def {
	char *name, *value;
} def;

struct pgs_run {
	pgs_script *s;
	unsigned n;
	unsigned nslots;
	def *defs;
	unsigned ndefs;
	wl_txn txn;
};

typedef struct var {
	char *name;
	pgv v;
	char *text;  /* owned PGV_TEXT storage */
} var;

typedef struct pw {
	const pgs_run *r;
	rng rng;
	uint64_t seed;
	var *v;
	unsigned n, cap;
} pw;

pgs_run *pgs_new(void)
{
	return calloc(1, sizeof(pgs_run));
}

static char *read_all(const char *path, err *e)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t n = 0, cap = 0, k;

	if (!f) {
		err_set(e, EXIT_USAGE, "cannot read script \"%s\": %s", path, strerror(errno));
		return NULL;
	}
	do {
		if (n + 4096 + 1 > cap) {
			char *nb = realloc(buf, cap = (n + 4096 + 1) * 2);

			if (!nb) {
				free(buf);
				fclose(f);
				err_set(e, EXIT_RUNTIME, "out of memory");
				return NULL;
			}
			buf = nb;
		}
		k = fread(buf + n, 1, 4096, f);
		n += k;
	} while (k > 0);
	fclose(f);
	buf[n] = 0;
	if (strlen(buf) != n) {
		free(buf);
		err_set(e, EXIT_USAGE, "script \"%s\" contains a NUL byte", path);
		return NULL;
	}
	return buf;
}

int pgs_add(pgs_run *r, const char *arg, err *e)
{
	char *path = strdup(arg), *at, *end, *text;
	double w = 1;
	pgs_script *ns;

	if (!path)
		return err_set(e, EXIT_RUNTIME, "out of memory");
	/* FILE@WEIGHT: the last @ followed by a number */
	if ((at = strrchr(path, '@')) && at[1]) {
		errno = 0;
		w = strtod(at + 1, &end);
		if (*end || errno || w < 0 || w > 1e9) {
			err_set(e, EXIT_USAGE, "--script %s: the weight must be a number from 0", arg);
			free(path);
			return -1;
		}
		*at = 0;
	}
	if (!(text = read_all(path, e)) || !(ns = realloc(r->s, (r->n + 1) * sizeof(*ns)))) {
		if (text)
			err_set(e, EXIT_RUNTIME, "out of memory");
		free(text);
		free(path);
		return -1;
	}
	r->s = ns;
	ns = &r->s[r->n++];
	memset(ns, 0, sizeof(*ns));
	ns->path = path;
	ns->weight = w;
	int rc = pgs_parse(path, text, r->nslots, ns, e);

	free(text);
	for (unsigned i = 0; i < ns->n; i++)
		if (ns->c[i].type == PC_SQL && !ns->c[i].tx && ns->c[i].slot + 1 > r->nslots)
			r->nslots = ns->c[i].slot + 1;
	return rc;
}

int pgs_option(pgs_run **r, int script, const char *arg, err *e)
{
	if (!*r && !(*r = pgs_new()))
		return err_set(e, EXIT_RUNTIME, "out of memory");
	return script ? pgs_add(*r, arg, e) : pgs_define(*r, arg, e);
}


int pgs_define(pgs_run *r, const char *nv, err *e)
{
	const char *eq = strchr(nv, '=');
	def *d;

	if (!eq || eq == nv)
		return err_set(e, EXIT_USAGE, "-D %s: NAME=VALUE expected", nv);
	for (const char *q = nv; q < eq; q++)
		if (!(*q == '_' || (*q >= '0' && *q <= '9') || ((*q | 32) >= 'a' && (*q | 32) <= 'z')))
			return err_set(e, EXIT_USAGE, "-D %s: a variable name is letters, digits and _", nv);
	if (!(d = realloc(r->defs, (r->ndefs + 1) * sizeof(*d))))
		return err_set(e, EXIT_RUNTIME, "out of memory");
	r->defs = d;
	d = &d[r->ndefs];
	d->name = strndup(nv, (size_t)(eq - nv));
	d->value = strdup(eq + 1);
	if (!d->name || !d->value) {
		free(d->name);
		free(d->value);
		return err_set(e, EXIT_RUNTIME, "out of memory");
	}
	r->ndefs++;
	return 0;
}

/* ---- variables ---- */

static var *find(pw *w, const char *name)
{
	for (unsigned i = 0; i < w->n; i++)
		if (!strcmp(w->v[i].name, name))
			return &w->v[i];
	return NULL;
}

static int lookup(void *ud, const char *name, pgv *out)
{
	var *v = find(ud, name);

	if (!v)
		return -1;
	*out = v->v;
	return 0;
}

/* Sets name to v (text copied); -1 on out-of-memory. */
static int set_var(pw *w, const char *name, pgv v)
{
	var *x = find(w, name);
	char *t = NULL;

	if (v.type == PGV_TEXT && !(t = strdup(v.s)))
		return -1;
	if (!x) {
		if (w->n == w->cap) {
			var *nv = realloc(w->v, (w->cap = w->cap ? w->cap * 2 : 16) * sizeof(*nv));

			if (!nv) {
				free(t);
				return -1;
			}
			w->v = nv;
		}
		x = &w->v[w->n];
		if (!(x->name = strdup(name))) {
			free(t);
			return -1;
		}
		x->text = NULL;
		w->n++;
	}
	free(x->text);
	x->text = t;
	x->v = v;
	if (t)
		x->v.s = t;
	return 0;
}

static void pw_free(void *ws)
{
	pw *w = ws;

	for (unsigned i = 0; w && i < w->n; i++) {
		free(w->v[i].name);
		free(w->v[i].text);
	}
	if (w)
		free(w->v);
	free(w);
}

static void *pw_new(void *ud, int id, uint64_t seed)
{
	const pgs_run *r = ud;
	pw *w = calloc(1, sizeof(*w));
	int bad = !w;

	if (w) {
		w->r = r;
		w->seed = seed;
		rng_seed(&w->rng, gen_stream_seed(seed, "pgscript", NULL) + (uint64_t)id);
		bad |= set_var(w, "scale", (pgv){ .type = PGV_INT, .i = 1 });
		bad |= set_var(w, "client_id", (pgv){ .type = PGV_INT, .i = id });
		bad |= set_var(w, "default_seed", (pgv){ .type = PGV_INT, .i = (int64_t)seed });
		bad |= set_var(w, "random_seed", (pgv){ .type = PGV_INT, .i = (int64_t)seed });
		for (unsigned i = 0; i < r->ndefs; i++)
			bad |= set_var(w, r->defs[i].name, (pgv){ .type = PGV_TEXT, .s = r->defs[i].value });
	}
	if (bad) {
		pw_free(w);
		return NULL;
	}
	return w;
}

/* ---- running a script ---- */

typedef struct gs {
	pw *w;
	const pgs_cmd *c;
	uint64_t rows;
	char **names;
	uint32_t ncols;
	int oom;
} gs;

static int gset_row(void *ud, int32_t hdr, uint32_t n, const char *const *names, const char *const *v,
		    const uint32_t *len)
{
	gs *g = ud;
	char name[256];

	(void)len;
	if (hdr) {
		g->names = calloc(n + 1, sizeof(char *));
		for (uint32_t i = 0; g->names && i < n; i++)
			g->names[i] = strdup(names && names[i] ? names[i] : "?");
		g->ncols = g->names ? n : 0;
		return 0;
	}
	if (g->rows++ && g->c->gset == 1)
		return 0; /* counted: more than one row is an error */
	for (uint32_t i = 0; i < n && i < g->ncols; i++) {
		pgv x = v[i] ? (pgv){ .type = PGV_TEXT, .s = v[i] } : (pgv){ .type = PGV_NULL };

		snprintf(name, sizeof(name), "%s%s", g->c->prefix, g->names[i] ? g->names[i] : "?");
		g->oom |= set_var(g->w, name, x);
	}
	return 0;
}

static int run_sql(pw *w, const pgs_script *s, const pgs_cmd *c, wl_sess *ss, dba_error *de)
{
	dba_value p[256];
	gs g = { w, c, 0, NULL, 0, 0 };
	int rc;

	switch (c->tx) {
	case DBA_TX_BEGIN: return wl_txn_begin(ss, de);
	case DBA_TX_COMMIT: return wl_txn_commit(ss, de);
	case DBA_TX_ROLLBACK: return wl_txn_rollback(ss, de);
	}
	if (c->nvars > 256) {
		DBA_ERR_SET(de, DBA_ERR_USAGE, "%.200s:%d: more than 256 parameters", s->path, c->line);
		return -1;
	}
	for (unsigned i = 0; i < c->nvars; i++) {
		var *v = find(w, c->vars[i]);

		if (!v) {
			DBA_ERR_SET(de, DBA_ERR_USAGE, "%.200s:%d: undefined variable \"%.100s\"", s->path, c->line, c->vars[i]);
			return -1;
		}
		memset(&p[i], 0, sizeof(p[i]));
		switch (v->v.type) {
		case PGV_NULL: p[i].type = DBA_T_NULL; break;
		case PGV_BOOL: p[i].type = DBA_T_BOOL; p[i].u.b = (int32_t)v->v.i; break;
		case PGV_INT: p[i].type = DBA_T_INT64; p[i].u.i64 = v->v.i; break;
		case PGV_DOUBLE: p[i].type = DBA_T_DOUBLE; p[i].u.f64 = v->v.d; break;
		default: p[i].type = DBA_T_TEXT; p[i].u.str = v->v.s; p[i].len = (uint32_t)strlen(v->v.s);
		}
	}
	rc = wl_txn_exec(ss, c->slot, c->psql, p, c->nvars, c->gset ? gset_row : NULL, &g, NULL, de);
	for (uint32_t i = 0; g.names && i < g.ncols; i++)
		free(g.names[i]);
	free(g.names);
	if (!rc && g.oom) {
		DBA_ERR_SET(de, DBA_ERR_USAGE, "out of memory");
		return -1;
	}
	if (!rc && c->gset == 1 && g.rows != 1) {
		DBA_ERR_SET(de, DBA_ERR_USAGE, "%.200s:%d: \\gset expected one row, got %llu", s->path, c->line,
			    (unsigned long long)g.rows);
		return -1;
	}
	return rc;
}

static int eval(pw *w, const pgs_script *s, const pgs_cmd *c, pgv *out, dba_error *de)
{
	pgx_env env = { &w->rng, w->seed, lookup, w };
	char msg[512];

	if (pgx_eval(c->expr, &env, out, msg, sizeof(msg))) {
		DBA_ERR_SET(de, DBA_ERR_USAGE, "%.200s:%d: %.280s", s->path, c->line, msg);
		return -1;
	}
	return 0;
}

static int truth(pw *w, const pgs_script *s, const pgs_cmd *c, int *b, dba_error *de)
{
	pgv v;

	if (eval(w, s, c, &v, de))
		return -1;
	if (v.type == PGV_TEXT) {
		DBA_ERR_SET(de, DBA_ERR_USAGE, "%.200s:%d: cannot coerce string to boolean", s->path, c->line);
		return -1;
	}
	*b = v.type == PGV_DOUBLE ? v.d != 0 : v.type != PGV_NULL && v.i != 0;
	return 0;
}

static int do_sleep(pw *w, const pgs_script *s, const pgs_cmd *c, dba_error *de)
{
	pgv v;
	double us;

	if (eval(w, s, c, &v, de))
		return -1;
	if (v.type != PGV_INT && v.type != PGV_DOUBLE) {
		DBA_ERR_SET(de, DBA_ERR_USAGE, "%.200s:%d: \\sleep needs a number", s->path, c->line);
		return -1;
	}
	us = (v.type == PGV_INT ? (double)v.i : v.d) * (double)c->usec;
	if (us > 0)
		sched_sleep_until(sched_mono_ns() + (int64_t)(us * 1e3));
	return 0;
}

/* The next command after a false \if or \elif at pc: the first branch whose condition holds. */
static int branch(pw *w, const pgs_script *s, unsigned *pc, dba_error *de)
{
	for (;;) {
		const pgs_cmd *c = &s->c[*pc];
		int b;

		if (c->type == PC_ELSE || c->type == PC_ENDIF) {
			(*pc)++;
			return 0;
		}
		if (truth(w, s, c, &b, de))
			return -1;
		if (b) {
			(*pc)++;
			return 0;
		}
		*pc = c->next;
	}
}

static int run_script(void *ws, unsigned q, wl_sess *ss, dba_error *de)
{
	pw *w = ws;
	const pgs_script *s = &w->r->s[q];
	unsigned pc = 0;
	pgv v;

	while (pc < s->n) {
		const pgs_cmd *c = &s->c[pc];
		int rc = 0;

		switch (c->type) {
		case PC_SQL: rc = run_sql(w, s, c, ss, de); pc++; break;
		case PC_SET:
			if (!(rc = eval(w, s, c, &v, de)) && set_var(w, c->var, v)) {
				DBA_ERR_SET(de, DBA_ERR_USAGE, "out of memory");
				rc = -1;
			}
			pc++;
			break;
		case PC_SLEEP: rc = do_sleep(w, s, c, de); pc++; break;
		case PC_IF: rc = branch(w, s, &pc, de); break;
		case PC_ELIF:
		case PC_ELSE: pc = c->end + 1; break; /* the end of the branch that ran */
		default: pc++; break;
		}
		if (rc)
			return -1;
	}
	return 0;
}

/* ---- setup ---- */

int pgs_setup(pgs_run *r, wl_cfg *c, err *e)
{
	double sum = 0;

	if (!r->n)
		return err_set(e, EXIT_USAGE, "workload run: -D/--define needs --script FILE");
	if (c->pattern || c->path || c->nqueries)
		return err_set(e, EXIT_USAGE, "workload run: --script excludes --config and --pattern");
	for (unsigned i = 0; i < r->n; i++)
		sum += r->s[i].weight;
	if (!(sum > 0))
		return err_set(e, EXIT_USAGE, "--script: the weights are all 0");
	for (unsigned i = 0; i < r->n; i++) {
		wl_query *q = realloc(c->queries, (c->nqueries + 1) * sizeof(*q));

		if (!q)
			return err_set(e, EXIT_RUNTIME, "out of memory");
		c->queries = q;
		q = &q[c->nqueries++];
		memset(q, 0, sizeof(*q));
		q->weight = r->s[i].weight / sum;
		q->line = 1;
		if (!(q->name = strdup(r->s[i].path)))
			return err_set(e, EXIT_RUNTIME, "out of memory");
	}
	r->txn = (wl_txn){ .ud = r, .nstmts = r->nslots, .worker_new = pw_new, .worker_free = pw_free,
			   .run = run_script };
	c->txn = &r->txn;
	if (!c->name && !(c->name = strdup("pgbench scripts")))
		return err_set(e, EXIT_RUNTIME, "out of memory");
	return 0;
}

int pgs_attach(pgs_run *r, const target *t, err *e)
{
	for (unsigned i = 0; i < r->n; i++)
		for (unsigned k = 0; k < r->s[i].n; k++) {
			pgs_cmd *c = &r->s[i].c[k];

			if (c->type == PC_SQL && !c->tx &&
			    !(c->psql = workload_rewrite_sql(c->sql, t->dialect->placeholder, NULL)))
				return err_set(e, EXIT_RUNTIME, "out of memory");
		}
	return 0;
}

void pgs_free(pgs_run *r)
{
	if (!r)
		return;
	for (unsigned i = 0; i < r->n; i++)
		pgs_script_free(&r->s[i]);
	free(r->s);
	for (unsigned i = 0; i < r->ndefs; i++) {
		free(r->defs[i].name);
		free(r->defs[i].value);
	}
	free(r->defs);
	free(r);
}
