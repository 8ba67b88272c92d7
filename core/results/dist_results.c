/* The "worker" object of a distributed run's results (docs/distributed.md). */
#include "../workload/sched.h"
#include "wl_results.h"

json_t *results_worker_json(const wl_run *r)
{
	const wl_cfg *c = r->c;
	json_t *o = json_object();
	uint64_t planned = sched_planned(r);

	json_object_set_new(o, "index", json_integer(c->dist.index));
	json_object_set_new(o, "count", json_integer(c->dist.count));
	json_object_set_new(o, "source", json_string(c->dist.from ? c->dist.from : "--worker"));
	json_object_set_new(o, "target_tps", json_real(c->tps / (double)c->dist.count));
	json_object_set_new(o, "scheduled", planned ? json_integer((json_int_t)planned) : json_null());
	json_object_set_new(o, "barrier", c->barrier ? json_string(c->barrier) : json_null());
	json_object_set_new(o, "barrier_wait_seconds", json_real(r->dist_wait));
	json_object_set_new(o, "start_unix", json_real((double)r->dist_start_us / 1e6));
	return o;
}
