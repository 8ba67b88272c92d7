/*
 * Workload phases: their configuration ([phase NAME], --phases), checks,
 * and the schedule through them.  The target rate is piecewise linear in
 * time, so the arrivals expected by time t, N(t), are known in closed form;
 * slot i starts when N(t) = i (uniform), or when N(t) reaches the sum of i
 * exponential gaps of mean 1 (poisson).  A phase change never drops or
 * bunches a slot, and latency keeps counting from the scheduled start.
 */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../ini.h"
#include "../sig.h"
#include "phase.h"

/* ---- configuration ---- */

static wl_phase *add_phase(wl_cfg *c, const char *name, int line)
{
	wl_phase *v = realloc(c->phases, (c->nphases + 1) * sizeof(*v)), *p;

	if (!v)
		return NULL;
	c->phases = v;
	p = &v[c->nphases++];
	memset(p, 0, sizeof(*p));
	p->name = strdup(name);
	p->line = line;
	return p;
}

/* "90", "90s", "1500ms", "2m", "1h" in seconds; -1 when bad. */
static double parse_secs(const char *s)
{
	char *end;
	double v = strtod(s, &end), mul = 1;

	if (end == s || !isfinite(v) || v <= 0)
		return -1;
	if (!strcmp(end, "ms"))
		mul = 0.001;
	else if (!strcmp(end, "m") || !strcmp(end, "min"))
		mul = 60;
	else if (!strcmp(end, "h"))
		mul = 3600;
	else if (*end && strcmp(end, "s"))
		return -1;
	v *= mul;
	return v > 1e7 ? -1 : v;
}

static int parse_tps(const char *s, double *out)
{
	char *end;
	double v = strtod(s, &end);

	while (*end == ' ')
		end++;
	if (end == s || *end || !isfinite(v) || v < 0 || v > 1e7)
		return -1;
	*out = v;
	return 0;
}

/* "100" or "100..400"; -1 when bad. */
static int parse_rate(const char *s, double *from, double *to)
{
	const char *dots = strstr(s, "..");
	char a[64];

	if (!dots)
		return parse_tps(s, from) || (*to = *from, 0);
	if ((size_t)(dots - s) >= sizeof(a))
		return -1;
	memcpy(a, s, (size_t)(dots - s));
	a[dots - s] = 0;
	return parse_tps(a, from) || parse_tps(dots + 2, to) ? -1 : 0;
}

static int bad(const wl_cfg *c, const ini_entry *en, const char *expect, err *e)
{
	return err_set(e, EXIT_USAGE, "%s:%d: bad value \"%s\" for %s in [%s] (expected %s)", c->path, en->line,
		       en->value, en->key, en->section, expect);
}

static int phase_weight(wl_cfg *c, wl_phase *p, const ini_entry *en, err *e)
{
	static const char *const ops[] = { "select_weight", "insert_weight", "update_weight", "delete_weight" };
	double v;

	if (parse_tps(en->value, &v) || v > 1)
		return bad(c, en, "a number from 0 to 1", e);
	for (int op = 0; op < WL_NOPS; op++)
		if (!strcmp(en->key, ops[op])) {
			p->mix[op] = v;
			p->has_ops = 1;
			return 0;
		}
	{
		char **nn = realloc(p->wname, (p->nw + 1) * sizeof(*nn));
		double *nv = nn ? realloc(p->wval, (p->nw + 1) * sizeof(*nv)) : NULL;
		int *nl = nv ? realloc(p->wline, (p->nw + 1) * sizeof(*nl)) : NULL;

		if (nn)
			p->wname = nn;
		if (nv)
			p->wval = nv;
		if (!nl)
			return err_set(e, EXIT_USAGE, "%s:%d: out of memory", c->path, en->line);
		p->wline = nl;
		p->wname[p->nw] = strdup(en->key + 7);
		p->wval[p->nw] = v;
		p->wline[p->nw++] = en->line;
	}
	return 0;
}

int phase_entry(wl_cfg *c, const ini_entry *en, err *e)
{
	const char *name = en->section + 5;
	wl_phase *p;
	double v;
	int b;

	while (*name == ' ')
		name++;
	if (!en->key) {
		if (!*name)
			return err_set(e, EXIT_USAGE, "%s:%d: [phase] needs a name: [phase NAME]", c->path, en->line);
		for (unsigned i = 0; i < c->nphases; i++)
			if (!strcmp(c->phases[i].name, name))
				return err_set(e, EXIT_USAGE, "%s:%d: [phase %s] again (first at line %d)", c->path,
					       en->line, name, c->phases[i].line);
		return add_phase(c, name, en->line) ? 0 : err_set(e, EXIT_USAGE, "%s:%d: out of memory", c->path, en->line);
	}
	p = &c->phases[c->nphases - 1];
	if (!strcmp(en->key, "duration") || !strcmp(en->key, "duration_seconds")) {
		if ((p->duration = parse_secs(en->value)) < 0)
			return bad(c, en, "seconds, e.g. 60, 90s, 1500ms, 2m", e);
	} else if (!strcmp(en->key, "target_tps")) {
		if (parse_tps(en->value, &p->from))
			return bad(c, en, "a rate from 0 to 1e7", e);
		p->to = p->from;
		p->has_rate = 1;
	} else if (!strcmp(en->key, "ramp")) {
		if (parse_rate(en->value, &p->from, &p->to) || !strstr(en->value, ".."))
			return bad(c, en, "FROM..TO in tps, e.g. 100..1000", e);
		p->has_rate = 1;
	} else if (!strcmp(en->key, "connections")) {
		if (parse_tps(en->value, &v) || v < 1 || v > 1000 || v != floor(v))
			return bad(c, en, "a whole number from 1 to 1000", e);
		p->connections = (int)v;
	} else if (!strcmp(en->key, "warmup")) {
		if (!strcasecmp(en->value, "yes") || !strcasecmp(en->value, "true") || !strcmp(en->value, "1"))
			b = 1;
		else if (!strcasecmp(en->value, "no") || !strcasecmp(en->value, "false") || !strcmp(en->value, "0"))
			b = 0;
		else
			return bad(c, en, "yes or no", e);
		p->warmup = b;
	} else if (strstr(en->key, "_weight") || (!strncmp(en->key, "weight.", 7) && en->key[7])) {
		if (strncmp(en->key, "weight.", 7) && strcmp(en->key, "select_weight") && strcmp(en->key, "insert_weight") &&
		    strcmp(en->key, "update_weight") && strcmp(en->key, "delete_weight"))
			goto unknown;
		return phase_weight(c, p, en, e);
	} else {
		goto unknown;
	}
	return 0;
unknown:
	err_set(e, EXIT_USAGE, "%s:%d: unknown key \"%s\" in [phase %s]", c->path, en->line, en->key, p->name);
	err_detail(e, "valid: duration, target_tps, ramp, connections, warmup, select_weight, insert_weight, "
		   "update_weight, delete_weight, weight.QUERY");
	return -1;
}

int phase_parse_cli(wl_cfg *c, const char *spec, err *e)
{
	char *dup = strdup(spec), *save = NULL, *tok;
	unsigned k = 0;
	int rc = 0;

	if (!dup)
		return err_set(e, EXIT_USAGE, "--phases: out of memory");
	if (!*spec || *spec == ',' || spec[strlen(spec) - 1] == ',' || strstr(spec, ",,"))
		rc = err_set(e, EXIT_USAGE, "--phases: an empty element in \"%s\"", spec);
	for (tok = strtok_r(dup, ",", &save); tok && !rc; tok = strtok_r(NULL, ",", &save)) {
		char name[32], *at = strchr(tok, '@');
		int warm = !strncmp(tok, "warmup:", 7);
		wl_phase *p;

		k++;
		if (warm)
			tok += 7;
		at = strchr(tok, '@');
		snprintf(name, sizeof(name), warm ? "warmup%u" : "phase%u", k);
		if (!at) {
			rc = err_set(e, EXIT_USAGE, "--phases: element %u \"%s\": expected [warmup:]DURATION@RATE", k, tok);
			break;
		}
		*at = 0;
		if (!(p = add_phase(c, name, 0))) {
			rc = err_set(e, EXIT_USAGE, "--phases: out of memory");
			break;
		}
		p->warmup = warm;
		p->has_rate = 1;
		if ((p->duration = parse_secs(tok)) < 0)
			rc = err_set(e, EXIT_USAGE, "--phases: element %u: bad duration \"%s\" (e.g. 60s, 1500ms, 2m)", k, tok);
		else if (parse_rate(at + 1, &p->from, &p->to))
			rc = err_set(e, EXIT_USAGE, "--phases: element %u: bad rate \"%s\" (TPS or FROM..TO)", k, at + 1);
	}
	if (!rc && !k)
		rc = err_set(e, EXIT_USAGE, "--phases: empty list");
	if (rc)
		err_hint(e, "e.g. --phases warmup:10s@100,60s@100..1000,120s@1000");
	free(dup);
	return rc;
}

void phase_cfg_free(wl_cfg *c)
{
	for (unsigned i = 0; i < c->nphases; i++) {
		wl_phase *p = &c->phases[i];

		free(p->name);
		for (unsigned k = 0; k < p->nw; k++)
			free(p->wname[k]);
		free(p->wname);
		free(p->wval);
		free(p->wline);
		free(p->qw);
	}
	free(c->phases);
	c->phases = NULL;
	c->nphases = 0;
}

/* ---- checks ---- */

/* "FILE:LINE: [phase NAME]" or "--phases: NAME" */
static const char *where(const wl_cfg *c, const wl_phase *p, char *buf, size_t cap)
{
	if (p->line)
		snprintf(buf, cap, "%s:%d: [phase %s]", c->path ? c->path : "workload", p->line, p->name);
	else
		snprintf(buf, cap, "--phases: %s", p->name);
	return buf;
}

/* weight.QUERY entries onto every query's weight in this phase; the phase's own operation mix, normalised. */
static int resolve_mix(wl_cfg *c, wl_phase *p, err *e)
{
	double custom = 0, ops = 0;
	char w[512];

	if (!p->has_ops && !p->nw)
		return 0;
	if (!(p->qw = calloc(c->nqueries + 1, sizeof(*p->qw))))
		return err_set(e, EXIT_USAGE, "out of memory");
	for (unsigned q = 0; q < c->nqueries; q++)
		p->qw[q] = c->queries[q].weight;
	for (unsigned k = 0; k < p->nw; k++) {
		unsigned q;

		for (q = 0; q < c->nqueries && strcmp(c->queries[q].name, p->wname[k]); q++)
			;
		if (q == c->nqueries)
			return err_set(e, EXIT_USAGE, "%s:%d: weight.%s in [phase %s] names no [query %s]",
				       c->path ? c->path : "workload", p->wline[k], p->wname[k], p->name, p->wname[k]);
		p->qw[q] = p->wval[k];
	}
	for (unsigned q = 0; q < c->nqueries; q++)
		custom += p->qw[q];
	if (!p->has_ops)
		memcpy(p->mix, c->mix, sizeof(p->mix));
	for (int op = 0; op < WL_NOPS; op++)
		ops += p->mix[op];
	if (custom > 1 + 1e-9)
		return err_set(e, EXIT_USAGE, "%s: query weights sum to %g, more than 1", where(c, p, w, sizeof(w)), custom);
	if (custom < 1 - 1e-6 && ops <= 0)
		return err_set(e, EXIT_USAGE, "%s: the mix cannot reach 1: query weights sum to %g and no operation has a weight",
			       where(c, p, w, sizeof(w)), custom);
	for (int op = 0; ops > 0 && op < WL_NOPS; op++)
		p->mix[op] /= ops;
	return 0;
}

static int check_one(wl_cfg *c, wl_phase *p, int measured_before, err *e)
{
	char w[512];

	if (!(p->duration > 0))
		return err_set(e, EXIT_USAGE, "%s needs duration = SECONDS", where(c, p, w, sizeof(w)));
	if (!p->has_rate)
		return err_set(e, EXIT_USAGE, "%s needs target_tps = TPS or ramp = FROM..TO", where(c, p, w, sizeof(w)));
	if (p->from <= 0 && p->to <= 0) {
		err_set(e, EXIT_USAGE, "%s: the rate must be above 0 somewhere", where(c, p, w, sizeof(w)));
		err_hint(e, "phases schedule arrivals (open loop); a closed-loop run (--tps 0) has no phases");
		return -1;
	}
	if (p->warmup && measured_before)
		return err_set(e, EXIT_USAGE, "%s: a warm-up phase must come before every measured phase",
			       where(c, p, w, sizeof(w)));
	if (!p->connections)
		p->connections = c->connections;
	return resolve_mix(c, p, e);
}

int phase_finish(wl_cfg *c, err *e)
{
	double at = 0, n = 0, warm = 0, warm_n = 0;
	int measured = 0, conns = 0;

	if (!c->nphases || c->phases_ready)
		return 0;
	if (c->transactions)
		return err_set(e, EXIT_USAGE, "%s: phases and a transaction count exclude each other",
			       c->path ? c->path : "--phases");
	if (c->warmup > 0) {
		err_set(e, EXIT_USAGE, "%s: phases and warmup_seconds (--warmup) exclude each other",
			c->path ? c->path : "--phases");
		err_hint(e, "make the first phase a warm-up one: warmup = yes (--phases warmup:10s@100,...)");
		return -1;
	}
	for (unsigned i = 0; i < c->nphases; i++) {
		wl_phase *p = &c->phases[i];

		if (check_one(c, p, measured, e))
			return -1;
		measured |= !p->warmup;
		p->start = at;
		p->c0 = n;
		at += p->duration;
		n += p->duration * (p->from + p->to) / 2;
		if (p->warmup) {
			warm = at;
			warm_n = n;
		}
		if (p->connections > conns)
			conns = p->connections;
	}
	if (!measured)
		return err_set(e, EXIT_USAGE, "%s: every phase is a warm-up phase: nothing would be measured",
			       c->path ? c->path : "--phases");
	c->warmup = warm;
	c->duration = at - warm;
	c->tps = round((n - warm_n) / c->duration * 1000) / 1000; /* shown as the run's target */
	c->connections = conns;
	c->phases_ready = 1;
	return 0;
}
