/* Workload INI (SPEC section 3), built-in patterns and placeholder rewriting. */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../ini.h"
#include "../sig.h"
#include "../strmap.h"
#include "phase.h"
#include "think.h"
#include "workload.h"
#include "xact.h"

const wl_pattern wl_patterns[] = {
	{ "oltp", { .40, .30, .25, .05 }, WL_SHAPE_POINT, "primary-key lookups, single-row writes", "" },
	{ "ecommerce", { .50, .25, .20, .05 }, WL_SHAPE_JOIN, "parent-child joins along FKs; child inserts with valid FKs", "e-commerce" },
	{ "olap", { .90, .05, .04, .01 }, WL_SHAPE_AGG, "GROUP BY aggregations over FK joins, range scans", "" },
	{ "reporting", { .95, .03, .02, 0 }, WL_SHAPE_AGG, "aggregations, result sets of avg_result_set_size rows", "" },
	{ "time_series", { .30, .65, .02, .03 }, WL_SHAPE_WINDOW, "inserts stamped now; range queries over the latest time window", "time-series, timeseries" },
	{ "social_media", { .70, .20, .08, .02 }, WL_SHAPE_FEED, "feed reads: latest children of a parent by timestamp", "social-media, socialmedia" },
	{ "iot", { .20, .75, .03, .02 }, WL_SHAPE_WINDOW, "high-rate inserts, time-window aggregations", "" },
	{ "read_heavy", { .80, .10, .08, .02 }, WL_SHAPE_POINT, "point operations", "read-heavy" },
	{ "write_heavy", { .20, .40, .30, .10 }, WL_SHAPE_POINT, "point operations", "write-heavy" },
	{ "balanced", { .50, .25, .20, .05 }, WL_SHAPE_POINT, "point operations", "" },
};
const unsigned wl_npatterns = sizeof(wl_patterns) / sizeof(wl_patterns[0]);

const wl_pattern *workload_pattern(const char *name)
{
	for (unsigned i = 0; i < wl_npatterns; i++) {
		const wl_pattern *p = &wl_patterns[i];
		char **al = NULL;
		int n, hit = !strcasecmp(name, p->name);

		if (!hit && *p->aliases && (n = ini_list(p->aliases, &al)) > 0)
			for (int k = 0; k < n; k++)
				hit |= !strcasecmp(name, al[k]);
		ini_strv_free(al);
		if (hit)
			return p;
	}
	return NULL;
}

void workload_print_patterns(FILE *f)
{
	fprintf(f, "%-13s %-17s %-26s %s\n", "pattern", "mix S/I/U/D", "aliases", "query shapes beyond point operations");
	for (unsigned i = 0; i < wl_npatterns; i++) {
		const wl_pattern *p = &wl_patterns[i];
		char mix[32];

		snprintf(mix, sizeof(mix), "%.0f / %.0f / %.0f / %.0f", p->mix[0] * 100, p->mix[1] * 100,
			 p->mix[2] * 100, p->mix[3] * 100);
		fprintf(f, "%-13s %-17s %-26s %s\n", p->name, mix, *p->aliases ? p->aliases : "-", p->shapes);
	}
}

void workload_cfg_defaults(wl_cfg *c)
{
	memset(c, 0, sizeof(*c));
	c->connections = 10;
	c->tps = 100;
	c->duration = 60;
	c->seed = 42;
	c->use_joins = 1;
	c->use_aggregations = 1;
	c->avg_result_set_size = 100;
	c->interval = 10;
	c->series_interval = 1;
	c->max_error_rate = -1;
	c->max_tries = 1;
}

void workload_cfg_free(wl_cfg *c)
{
	free(c->path);
	free(c->name);
	ini_strv_free(c->tables);
	for (unsigned i = 0; i < c->nqueries; i++) {
		wl_query *q = &c->queries[i];

		free(q->name);
		free(q->sql);
		for (unsigned k = 0; k < q->nparams; k++) {
			free(q->params[k].name);
			gen_spec_free(q->params[k].spec);
		}
		free(q->params);
		free(q->occ);
	}
	free(c->queries);
	txnconf_free(c);
	phase_cfg_free(c);
	memset(c, 0, sizeof(*c));
}

/* ---- placeholders ---- */

int workload_scan_placeholders(const char *sql, int (*fn)(void *ud, const char *name, size_t len), void *ud)
{
	const char *p = sql;

	while (*p) {
		if (*p == '\'' || *p == '"' || *p == '`') {
			char q = *p++;

			while (*p && !(*p == q && p[1] != q))
				p += (*p == q) ? 2 : 1;
			if (*p)
				p++;
		} else if (p[0] == '-' && p[1] == '-') {
			while (*p && *p != '\n')
				p++;
		} else if (p[0] == '/' && p[1] == '*') {
			const char *end = strstr(p + 2, "*/");
			p = end ? end + 2 : p + strlen(p);
		} else if (p[0] == ':' && p[1] == ':') {
			p += 2;
		} else if (p[0] == ':' && (isalpha((unsigned char)p[1]) || p[1] == '_')) {
			size_t n = 1;

			while (isalnum((unsigned char)p[n]) || p[n] == '_')
				n++;
			if (fn(ud, p + 1, n - 1))
				return -1;
			p += n;
		} else {
			p++;
		}
	}
	return 0;
}

typedef struct rw_state {
	char *out;
	size_t n, cap;
	int style;
	unsigned idx;
	const char *lit;  /* start of the SQL text not copied yet */
} rw_state;

static void rw_put(rw_state *s, const char *t, size_t n)
{
	if (s->n + n + 1 > s->cap) {
		s->cap = (s->n + n + 1) * 2;
		s->out = realloc(s->out, s->cap);
	}
	memcpy(s->out + s->n, t, n);
	s->n += n;
	s->out[s->n] = 0;
}

/* Called by the scanner for each placeholder: copies the text before it, then the dialect's marker. */
static int rw_placeholder(void *ud, const char *name, size_t len)
{
	rw_state *s = ud;
	char ph[32];

	rw_put(s, s->lit, (size_t)(name - 1 - s->lit));
	s->idx++;
	if (s->style == DBA_PH_QMARK)
		snprintf(ph, sizeof(ph), "?");
	else if (s->style == DBA_PH_AT)
		snprintf(ph, sizeof(ph), "@p%u", s->idx);
	else
		snprintf(ph, sizeof(ph), "$%u", s->idx);
	rw_put(s, ph, strlen(ph));
	s->lit = name + len;
	return 0;
}

char *workload_rewrite_sql(const char *sql, int style, unsigned *nocc)
{
	rw_state s = { 0 };

	s.style = style;
	s.lit = sql;
	rw_put(&s, "", 0);
	workload_scan_placeholders(sql, rw_placeholder, &s);
	rw_put(&s, s.lit, strlen(s.lit));
	if (nocc)
		*nocc = s.idx;
	return s.out;
}

/* ---- loading ---- */

static int parse_num(const char *path, const ini_entry *en, double lo, double hi, double *out, err *e)
{
	char *end;
	double v = strtod(en->value, &end);

	while (*end == ' ')
		end++;
	if (!*en->value || *end || !isfinite(v) || v < lo || v > hi)
		return err_set(e, EXIT_USAGE, "%s:%d: bad value \"%s\" for %s (expected a number from %g to %g)",
			       path, en->line, en->value, en->key, lo, hi);
	*out = v;
	return 0;
}

static int parse_bool(const char *path, const ini_entry *en, int *out, err *e)
{
	const char *v = en->value;

	if (!strcasecmp(v, "true") || !strcasecmp(v, "yes") || !strcmp(v, "1") || !strcasecmp(v, "on"))
		*out = 1;
	else if (!strcasecmp(v, "false") || !strcasecmp(v, "no") || !strcmp(v, "0") || !strcasecmp(v, "off"))
		*out = 0;
	else
		return err_set(e, EXIT_USAGE, "%s:%d: bad value \"%s\" for %s (expected true or false)",
			       path, en->line, v, en->key);
	return 0;
}

/* The query named name, through qmap (name -> index): O(1), not a scan of every query. */
static wl_query *find_query(wl_cfg *c, const strmap *qmap, const char *name)
{
	size_t i;

	return strmap_get(qmap, name, &i) ? &c->queries[i] : NULL;
}

static wl_query *add_query(wl_cfg *c, strmap *qmap, const char *name, int line)
{
	wl_query *v = strmap_grow(c->queries, c->nqueries, sizeof(*v)), *q;

	if (!v || strmap_put(qmap, name, c->nqueries, NULL))
		return NULL;
	c->queries = v;
	q = &v[c->nqueries++];
	memset(q, 0, sizeof(*q));
	q->name = strdup(name);
	q->line = line;
	q->weight = -1;
	return q;
}

static int interrupted(const char *path, int line, err *e)
{
	if (!sig_stop)
		return 0;
	return err_set(e, EXIT_INTERRUPTED, "interrupted while checking %s (at line %d)", path, line);
}

typedef struct occ_state {
	wl_query *q;
} occ_state;

static int add_occ(void *ud, const char *name, size_t len)
{
	wl_query *q = ((occ_state *)ud)->q;
	unsigned k;

	for (k = 0; k < q->nparams; k++)
		if (strlen(q->params[k].name) == len && !strncmp(q->params[k].name, name, len))
			break;
	if (k == q->nparams) {
		wl_param *np = strmap_grow(q->params, q->nparams, sizeof(*np));

		if (!np)
			return -1;
		q->params = np;
		memset(&q->params[k], 0, sizeof(q->params[k]));
		q->params[k].name = strndup(name, len);
		q->nparams++;
	}
	unsigned *no = strmap_grow(q->occ, q->nocc, sizeof(*no));
	if (!no)
		return -1;
	q->occ = no;
	q->occ[q->nocc++] = k;
	return 0;
}

static const char *const workload_keys[] = { "name", "pattern", "tables", "connections", "threads", "target_tps",
	"duration_seconds", "transaction_count", "warmup_seconds", "seed", "arrival", "statement_timeout_ms", "isolation",
	"think_time", "keying_time", NULL };
static const char *const ops_keys[] = { "select_weight", "insert_weight", "update_weight", "delete_weight",
	"use_joins", "use_aggregations", "avg_result_set_size", NULL };

static int key_known(const char *const *keys, const char *k)
{
	for (; *keys; keys++)
		if (!strcmp(*keys, k))
			return 1;
	return 0;
}

static int set_workload(wl_cfg *c, const ini_entry *en, err *e)
{
	const char *k = en->key, *path = c->path;
	double v;

	if (!strcmp(k, "name")) {
		free(c->name);
		c->name = strdup(en->value);
	} else if (!strcmp(k, "pattern")) {
		if (!(c->pattern = workload_pattern(en->value))) {
			err_set(e, EXIT_USAGE, "%s:%d: unknown pattern \"%s\"", path, en->line, en->value);
			err_hint(e, "dbarena workload patterns lists them");
			return -1;
		}
	} else if (!strcmp(k, "tables")) {
		ini_strv_free(c->tables);
		c->tables = NULL;
		if (ini_list(en->value, &c->tables) < 1)
			return err_set(e, EXIT_USAGE, "%s:%d: bad table list \"%s\"", path, en->line, en->value);
	} else if (!strcmp(k, "connections")) {
		if (parse_num(path, en, 1, 1000, &v, e))
			return -1;
		c->connections = (int)v;
	} else if (!strcmp(k, "threads")) {
		if (parse_num(path, en, 1, 1000, &v, e))
			return -1;
		c->threads = (int)v;
	} else if (!strcmp(k, "target_tps")) {
		if (parse_num(path, en, 0, 1e7, &c->tps, e))
			return -1;
	} else if (!strcmp(k, "duration_seconds")) {
		if (parse_num(path, en, 0.001, 1e7, &c->duration, e))
			return -1;
	} else if (!strcmp(k, "transaction_count")) {
		if (parse_num(path, en, 1, 1e15, &v, e))
			return -1;
		c->transactions = (uint64_t)v;
	} else if (!strcmp(k, "warmup_seconds")) {
		if (parse_num(path, en, 0, 1e6, &c->warmup, e))
			return -1;
	} else if (!strcmp(k, "seed")) {
		if (parse_num(path, en, 0, 9e15, &v, e))
			return -1;
		c->seed = (uint64_t)v;
	} else if (!strcmp(k, "statement_timeout_ms")) {
		if (parse_num(path, en, 0, 86400000, &v, e))
			return -1;
		c->statement_timeout_ms = (int32_t)ceil(v); /* 0.5 is 1 ms, not "none" */
	} else if (!strcmp(k, "isolation")) {
		return txnconf_isolation(path, en, &c->isolation, e);
	} else if (!strcmp(k, "think_time") || !strcmp(k, "keying_time")) {
		if (think_parse(en->value, !strcmp(k, "think_time") ? &c->think : &c->keying))
			return err_set(e, EXIT_USAGE, "%s:%d: bad value \"%s\" for %s (expected 0, constant MS or exponential MEAN_MS)",
				       path, en->line, en->value, k);
	} else if (!strcmp(k, "arrival")) {
		if (!strcmp(en->value, "uniform"))
			c->poisson = 0;
		else if (!strcmp(en->value, "poisson"))
			c->poisson = 1;
		else
			return err_set(e, EXIT_USAGE, "%s:%d: bad value \"%s\" for arrival (expected uniform or poisson)",
				       path, en->line, en->value);
	}
	return 0;
}

static int set_ops(wl_cfg *c, const ini_entry *en, err *e)
{
	const char *k = en->key;
	double v;

	c->has_ops = 1;
	for (int op = 0; op < WL_NOPS; op++) {
		static const char *const names[] = { "select_weight", "insert_weight", "update_weight", "delete_weight" };
		if (!strcmp(k, names[op]))
			return parse_num(c->path, en, 0, 1, &c->mix[op], e);
	}
	if (!strcmp(k, "use_joins"))
		return parse_bool(c->path, en, &c->use_joins, e);
	if (!strcmp(k, "use_aggregations"))
		return parse_bool(c->path, en, &c->use_aggregations, e);
	if (parse_num(c->path, en, 1, 1e6, &v, e))
		return -1;
	c->avg_result_set_size = (int)v;
	return 0;
}

/* One entry of a [param QUERY.PLACEHOLDER] section (others are skipped): its generator and options. */
static int param_entry(wl_cfg *c, const strmap *qmap, const char *path, const ini_entry *en, err *e)
{
	const char *s = en->section, *arg, *dot;
	wl_query *q;
	wl_param *p = NULL;
	char qname[256];

	if (strncmp(s, "param", 5) || (s[5] && s[5] != ' '))
		return 0;
	if (!en->key && interrupted(path, en->line, e))
		return -1;
	arg = s + 5;
	while (*arg == ' ')
		arg++;
	dot = strrchr(arg, '.');
	if (!dot || dot == arg || !dot[1] || (size_t)(dot - arg) >= sizeof(qname)) {
		err_set(e, EXIT_USAGE, "%s:%d: [param %s]: expected [param QUERY.PLACEHOLDER]", path, en->line, arg);
		return -1;
	}
	memcpy(qname, arg, (size_t)(dot - arg));
	qname[dot - arg] = 0;
	if (!(q = find_query(c, qmap, qname))) {
		err_set(e, EXIT_USAGE, "%s:%d: [param %s] names unknown query \"%s\"", path, en->line, arg, qname);
		return -1;
	}
	for (unsigned k = 0; k < q->nparams; k++)
		if (!strcmp(q->params[k].name, dot + 1))
			p = &q->params[k];
	if (!p) {
		err_set(e, EXIT_USAGE, "%s:%d: [param %s]: query \"%s\" has no placeholder :%s",
			path, en->line, arg, qname, dot + 1);
		return -1;
	}
	if (!en->key) {
		p->line = en->line;
		return 0;
	}
	if (!strcmp(en->key, "generator")) {
		if (p->spec) {
			if (gen_spec_set(p->spec, en->key, en->value, en->line, e))
				return -1;
			return 0;
		}
		if (!(p->spec = gen_spec_new(en->value, path, p->line ? p->line : en->line, e)))
			return -1;
		return 0;
	}
	if (!p->spec) {
		err_set(e, EXIT_USAGE, "%s:%d: [param %s]: generator = ... must come first", path, en->line, arg);
		return -1;
	}
	if (gen_spec_set(p->spec, en->key, en->value, en->line, e))
		return -1;
	return 0;
}

/* One line of a [query NAME] section. */
static int query_entry(wl_cfg *c, strmap *qmap, const char *path, const ini_entry *en, err *e)
{
	const char *s = en->section;
	const char *name = s + 5;
	wl_query *q;

	while (*name == ' ')
		name++;
	if (!*name) {
		err_set(e, EXIT_USAGE, "%s:%d: [query] needs a name: [query NAME]", path, en->line);
		return -1;
	}
	if (!(q = find_query(c, qmap, name)) && !(q = add_query(c, qmap, name, en->line))) {
		err_set(e, EXIT_USAGE, "%s:%d: out of memory", path, en->line);
		return -1;
	}
	if (!en->key)
		return 0;
	if (!strcmp(en->key, "sql")) {
		free(q->sql);
		q->sql = strdup(en->value);
	} else if (!strcmp(en->key, "weight")) {
		if (parse_num(path, en, 0, 1, &q->weight, e))
			return -1;
	} else if (!strcmp(en->key, "think_time")) {
		if (think_parse(en->value, &q->think)) {
			err_set(e, EXIT_USAGE, "%s:%d: bad value \"%s\" for think_time (expected 0, constant MS or exponential MEAN_MS)",
				path, en->line, en->value);
			return -1;
		}
	} else {
		err_set(e, EXIT_USAGE, "%s:%d: unknown key \"%s\" in [query %s]", path, en->line, en->key, q->name);
		err_detail(e, "valid: sql, weight, think_time");
		return -1;
	}
	return 0;
}

int workload_config_load(const char *path, wl_cfg *c, err *e)
{
	ini_doc d;
	strmap qmap = { 0 };
	int rc = -1;

	if (ini_load(path, &d, e))
		return -1;
	free(c->path);
	c->path = strdup(path);
	/* Pass 1: sections, [workload], [operations], [query]. */
	for (size_t i = 0; i < d.n; i++) {
		ini_entry *en = &d.v[i];
		const char *s = en->section;

		if (!en->key && interrupted(path, en->line, e))
			goto out;
		if (!strcmp(s, "workload")) {
			if (!en->key)
				continue;
			if (!key_known(workload_keys, en->key)) {
				err_set(e, EXIT_USAGE, "%s:%d: unknown key \"%s\" in [workload]", path, en->line, en->key);
				err_detail(e, "valid: name, pattern, tables, connections, threads, target_tps, duration_seconds, "
					   "transaction_count, warmup_seconds, seed, arrival, statement_timeout_ms, isolation, "
					   "think_time, keying_time");
				goto out;
			}
			if (set_workload(c, en, e))
				goto out;
		} else if (!strcmp(s, "operations")) {
			if (!en->key)
				continue;
			if (!key_known(ops_keys, en->key)) {
				err_set(e, EXIT_USAGE, "%s:%d: unknown key \"%s\" in [operations]", path, en->line, en->key);
				err_detail(e, "valid: select_weight, insert_weight, update_weight, delete_weight, "
					   "use_joins, use_aggregations, avg_result_set_size");
				goto out;
			}
			if (set_ops(c, en, e))
				goto out;
		} else if (!strncmp(s, "query ", 6) || !strcmp(s, "query")) {
			if (query_entry(c, &qmap, path, en, e))
				goto out;
		} else if (!strncmp(s, "param ", 6) || !strcmp(s, "param")) {
			continue;
		} else if (!strncmp(s, "transaction ", 12) || !strcmp(s, "transaction")) {
			if (txnconf_entry(c, en, e))
				goto out;
		} else if (!strncmp(s, "phase ", 6) || !strcmp(s, "phase")) {
			if (phase_entry(c, en, e))
				goto out;
		} else {
			err_set(e, EXIT_USAGE, "%s:%d: unknown section [%s]", path, en->line, s);
			err_detail(e, "valid: [workload], [operations], [query NAME], [param NAME.PARAM], [transaction NAME], [phase NAME]");
			goto out;
		}
	}
	if (txnconf_resolve(c, &qmap, e))
		goto out;
	for (unsigned i = 0; i < c->nqueries; i++) {
		wl_query *q = &c->queries[i];
		occ_state st = { q };

		if (q->xact)
			continue;
		if (!q->sql) {
			err_set(e, EXIT_USAGE, "%s:%d: [query %s] needs sql = ...", path, q->line, q->name);
			goto out;
		}
		if (q->weight < 0) {
			err_set(e, EXIT_USAGE, "%s:%d: [query %s] needs weight = ...", path, q->line, q->name);
			goto out;
		}
		workload_scan_placeholders(q->sql, add_occ, &st);
	}
	/* Pass 2: [param Q.P] sections, attached to their query's placeholder. */
	for (size_t i = 0; i < d.n; i++)
		if (param_entry(c, &qmap, path, &d.v[i], e))
			goto out;
	for (unsigned i = 0; i < c->nqueries; i++) {
		wl_query *q = &c->queries[i];

		for (unsigned k = 0; k < q->nparams; k++) {
			if (!q->params[k].spec && txnconf_bound_ok(c, i))
				continue; /* bound from an earlier statement's result */
			if (!q->params[k].spec) {
				err_set(e, EXIT_USAGE, "%s:%d: [query %s] uses :%s but there is no [param %s.%s]",
					path, q->line, q->name, q->params[k].name, q->name, q->params[k].name);
				goto out;
			}
			if (gen_spec_finish(q->params[k].spec, e))
				goto out;
		}
	}
	rc = 0;
out:
	strmap_free(&qmap);
	ini_free(&d);
	return rc;
}

int workload_config_check(wl_cfg *c, err *e)
{
	double custom = 0, ops = 0;
	const char *where = c->path ? c->path : "workload";

	for (unsigned i = 0; i < c->nqueries; i++)
		custom += c->queries[i].weight;
	if (custom > 1 + 1e-9)
		return err_set(e, EXIT_USAGE, "%s: custom query weights sum to %g, more than 1", where, custom);
	if (c->has_ops && !c->pattern) {
		for (int i = 0; i < WL_NOPS; i++)
			ops += c->mix[i];
		if (ops <= 0 && custom < 1 - 1e-9)
			return err_set(e, EXIT_USAGE, "%s: the [operations] weights are all 0 and custom queries reach only %g",
				       where, custom);
		if (ops > 0 && fabs(ops + custom - 1) > 1e-6 && fabs(ops - 1) > 1e-6) {
			err_set(e, EXIT_USAGE, "%s: the mix cannot reach 1: [operations] weights sum to %g, custom queries to %g",
				where, ops, custom);
			err_hint(e, "make the [operations] weights sum to 1 (they share what custom queries leave)");
			return -1;
		}
	} else if (!c->pattern) {
		if (custom < 1 - 1e-6) {
			if (c->nqueries) {
				err_set(e, EXIT_USAGE, "%s: the mix cannot reach 1: custom queries sum to %g and there is no pattern or [operations]",
					where, custom);
				err_hint(e, "add pattern = ... or [operations] weights, or make the query weights sum to 1");
				return -1;
			}
			err_set(e, EXIT_USAGE, "workload: a pattern, an [operations] mix or custom queries are needed");
			err_hint(e, "--pattern P or --config FILE; dbarena workload patterns lists the patterns");
			return -1;
		}
	}
	if (c->pattern && !c->has_ops)
		memcpy(c->mix, c->pattern->mix, sizeof(c->mix));
	else if (c->has_ops) {
		ops = 0;
		for (int i = 0; i < WL_NOPS; i++)
			ops += c->mix[i];
		if (ops > 0)
			for (int i = 0; i < WL_NOPS; i++)
				c->mix[i] /= ops;
	}
	return phase_finish(c, e);
}
