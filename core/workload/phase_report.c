/* Phases in the live view, the summary and the JSON report. */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "../ui.h"
#include "phase.h"
#include "report.h"

/* The target rate at t seconds from the start. */
static double rate_at(const wl_phase *p, double t)
{
	double s = t - p->start;

	if (s < 0)
		s = 0;
	if (s > p->duration)
		s = p->duration;
	return p->from + (p->to - p->from) * s / p->duration;
}

void phase_live(const wl_run *r, int64_t now, char *buf, size_t cap)
{
	unsigned k;
	const wl_phase *p;

	buf[0] = 0;
	if (!r->ph)
		return;
	k = phase_at(r, now);
	p = &r->ph->p[k];
	snprintf(buf, cap, "  phase %.40s (%u/%u%s) target %.0f", p->name, k + 1, r->ph->n, p->warmup ? ", warm-up" : "",
		 rate_at(p, (double)(now - r->t0) / 1e9));
}

static double target_count(const wl_phase *p)
{
	return p->duration * (p->from + p->to) / 2;
}

static void fmt_rate(char *buf, size_t cap, const wl_phase *p)
{
	if (p->from == p->to)
		snprintf(buf, cap, "%.15g", p->from);
	else
		snprintf(buf, cap, "%.15g..%.15g", p->from, p->to);
}

void phase_summary(const wl_run *r, FILE *f)
{
	static const char *const h[] = { "phase", "seconds", "target tps", "target", "count", "failed", "tps", "p50",
		"p95", "p99" };
	ui_table *t;

	if (!r->ph)
		return;
	fprintf(f, "\nphases (the run's statistics above leave out warm-up phases):\n");
	t = ui_table_new(10, h);
	for (unsigned c = 1; c < 10; c++)
		ui_table_align_right(t, c);
	for (unsigned i = 0; i < r->ph->n; i++) {
		const wl_phase *p = &r->ph->p[i];
		const kstats *k = &r->ph->k[i];
		char v[9][48], nm[64];
		const char *cells[10] = { nm, v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8] };

		snprintf(nm, sizeof(nm), "%.40s%s", p->name, p->warmup ? " (warm-up)" : "");
		snprintf(v[0], 48, "%.3g", p->duration);
		fmt_rate(v[1], 48, p);
		snprintf(v[2], 48, "%.0f", target_count(p));
		ui_fmt_count(v[3], 48, k->ok + k->fail);
		ui_fmt_count(v[4], 48, k->fail);
		snprintf(v[5], 48, "%.1f", (double)(k->ok + k->fail) / p->duration);
		ui_fmt_us(v[6], 48, hist_percentile(&k->sched, 50));
		ui_fmt_us(v[7], 48, hist_percentile(&k->sched, 95));
		ui_fmt_us(v[8], 48, hist_percentile(&k->sched, 99));
		ui_table_add(t, cells);
	}
	ui_table_print(t, f);
	ui_table_free(t);
}

static json_t *phase_obj(const wl_run *r, unsigned i)
{
	const wl_phase *p = &r->ph->p[i];
	const kstats *k = &r->ph->k[i];
	double off = r->c->warmup; /* interval times count from the end of the warm-up */
	json_t *o = json_object();

	json_object_set_new(o, "name", json_string(p->name));
	json_object_set_new(o, "warmup", json_boolean(p->warmup));
	json_object_set_new(o, "start_s", json_real(p->start - off));
	json_object_set_new(o, "end_s", json_real(p->start + p->duration - off));
	json_object_set_new(o, "duration_seconds", json_real(p->duration));
	json_object_set_new(o, "connections", json_integer(p->connections));
	json_object_set_new(o, "target_tps_from", json_real(p->from));
	json_object_set_new(o, "target_tps_to", json_real(p->to));
	json_object_set_new(o, "target_tps", json_real((p->from + p->to) / 2));
	json_object_set_new(o, "target_count", json_real(target_count(p)));
	json_object_set_new(o, "count", json_integer((json_int_t)(k->ok + k->fail)));
	json_object_set_new(o, "successful", json_integer((json_int_t)k->ok));
	json_object_set_new(o, "failed", json_integer((json_int_t)k->fail));
	json_object_set_new(o, "skipped", json_integer((json_int_t)k->skip));
	json_object_set_new(o, "throughput_tps", json_real((double)(k->ok + k->fail) / p->duration));
	json_object_set_new(o, "latency_scheduled", report_json_latency(&k->sched));
	json_object_set_new(o, "latency_service", report_json_latency(&k->svc));
	return o;
}

void phase_json(const wl_run *r, json_t *root)
{
	json_t *phases, *bounds, *iv = json_object_get(root, "intervals");
	double off = r->c->warmup;
	size_t i;
	json_t *o;

	if (!r->ph)
		return;
	phases = json_array();
	bounds = json_array();
	for (unsigned k = 0; k < r->ph->n; k++) {
		json_array_append_new(phases, phase_obj(r, k));
		if (k)
			json_array_append_new(bounds, json_real(r->ph->p[k].start - off));
	}
	json_object_set_new(root, "phases", phases);
	json_object_set_new(root, "phase_boundaries", bounds);
	/* An interval belongs to the phase its middle falls in (its end comes a little after a boundary). */
	json_array_foreach(iv, i, o) {
		double t = json_real_value(json_object_get(o, "t")) + off - r->c->series_interval / 2;
		unsigned k = 0;

		while (k + 1 < r->ph->n && t >= r->ph->p[k + 1].start)
			k++;
		json_object_set_new(o, "phase", json_string(r->ph->p[k].name));
	}
}
