/*
 * The Prometheus endpoint of a run (--metrics-addr): a thread serving the
 * text exposition format on GET /metrics from a snapshot of the run's
 * totals that the engine's thread refreshes after each merge (merge.c).
 */
#ifndef DBARENA_WL_METRICS_H
#define DBARENA_WL_METRICS_H

#include "../err.h"
#include "runstate.h"

typedef struct wl_metrics wl_metrics;

/*
 * Listens on c->metrics_addr ("HOST:PORT", ":PORT" = 127.0.0.1:PORT) and
 * starts serving.  An address off loopback needs c->metrics_public
 * (EXIT_USAGE otherwise).  *out = NULL when no address is set.
 */
int metrics_start(const wl_run *r, wl_metrics **out, err *e);
/* Copies the run's totals into the snapshot; done = the run has ended. */
void metrics_update(wl_metrics *m, const wl_run *r, const totals *tot, int64_t now_ns, int done);
/* Keeps serving linger_s seconds (an interrupt cuts it short), then stops and frees; NULL-safe. */
void metrics_stop(wl_metrics **m, double linger_s);

#endif
