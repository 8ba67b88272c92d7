/* What a workload run prints: live view, summary, JSON (report.c). */
#ifndef DBARENA_WL_REPORT_H
#define DBARENA_WL_REPORT_H

#include <stdio.h>

#include <jansson.h>

#include "runstate.h"

/* "select", "insert", "update", "delete", or the custom query's name. */
const char *report_kind_name(const wl_run *r, unsigned k);
/* One progress line (redrawn in place on a TTY) for the last win_s seconds, el seconds into the run. */
void report_live(wl_run *r, totals *tot, const kstats *win, const liveinfo *li, double win_s, double el, int tty,
		 int *drawn);
/* The target rate as it is scheduled ("1.5", "200"), or "max". */
void report_fmt_target(char *buf, size_t cap, double tps);
/* The final summary as text. */
void report_summary(const wl_run *r, const totals *tot, double secs, FILE *f);
/* A histogram's p50/p95/p99/p99.9/max/mean as a JSON object (microseconds). */
json_t *report_json_latency(const hist *h);
/* The summary and the per-interval series as JSON at the config's json_path. */
int report_write_json(const wl_run *r, const totals *tot, double secs, int rc, err *e);

#endif
