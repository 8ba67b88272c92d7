/*
 * Think and keying time.  keying_time comes before every transaction of a
 * connection and think_time after it; as both lie between two transactions
 * of the same connection, a connection sleeps think (of the transaction
 * that ended: its query's own, or the workload's) plus keying after each
 * one.  Neither pause is part of a transaction's latency.  Exponential
 * pauses are drawn with mean MEAN_MS and cut at 10 x the mean (as TPC-C
 * does), so one draw cannot hold a connection for the rest of a run.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../sig.h"
#include "sched.h"
#include "think.h"

int think_parse(const char *s, wl_think *t)
{
	const char *arg = NULL;
	char *end;
	double v;

	while (*s == ' ')
		s++;
	if (!strcmp(s, "0") || !strcasecmp(s, "none") || !strcasecmp(s, "off")) {
		t->kind = WL_THINK_NONE;
		t->ms = 0;
		return 0;
	}
	if (!strncasecmp(s, "constant", 8) && (s[8] == ' ' || s[8] == ':')) {
		t->kind = WL_THINK_CONSTANT;
		arg = s + 9;
	} else if (!strncasecmp(s, "exponential", 11) && (s[11] == ' ' || s[11] == ':')) {
		t->kind = WL_THINK_EXPONENTIAL;
		arg = s + 12;
	} else {
		return -1;
	}
	while (*arg == ' ')
		arg++;
	v = strtod(arg, &end);
	while (*end == ' ')
		end++;
	if (!*arg || *end || !isfinite(v) || v < 0 || v > 3600000)
		return -1;
	t->ms = v;
	if (v == 0)
		t->kind = WL_THINK_NONE;
	return 0;
}

double think_mean_ms(const wl_think *t)
{
	return t->kind == WL_THINK_CONSTANT || t->kind == WL_THINK_EXPONENTIAL ? t->ms : 0;
}

static double draw_ms(const wl_think *t, rng *g)
{
	double v;

	if (t->kind == WL_THINK_CONSTANT)
		return t->ms;
	if (t->kind != WL_THINK_EXPONENTIAL)
		return 0;
	v = -log(1.0 - rng_double(g)) * t->ms;
	return v > 10 * t->ms ? 10 * t->ms : v;
}

void think_pause(worker *w, unsigned kind)
{
	wl_run *r = w->r;
	const wl_cfg *c = r->c;
	const wl_think *th = &c->think;
	double ms;
	int64_t until;

	if (kind >= WL_NOPS && kind - WL_NOPS < c->nqueries && c->queries[kind - WL_NOPS].think.kind != WL_THINK_UNSET)
		th = &c->queries[kind - WL_NOPS].think;
	ms = draw_ms(th, &w->rng) + draw_ms(&c->keying, &w->rng);
	if (ms <= 0)
		return;
	until = sched_mono_ns() + (int64_t)(ms * 1e6);
	if (r->end && until > r->end)
		until = r->end;
	/* In short steps, so a stop (max error rate, an interrupt) is not held up by a long pause. */
	while (!sig_stop && !atomic_load(&r->stop)) {
		int64_t now = sched_mono_ns(), step = now + 100000000LL;

		if (now >= until)
			break;
		sched_sleep_until(step < until ? step : until);
	}
}
