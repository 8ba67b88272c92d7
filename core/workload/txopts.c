/* The retry and latency options shared by workload run and bench run. */
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "xact.h"

static int num(const char *opt, const char *arg, double lo, double hi, double *out, err *e)
{
	char *end;
	double v = strtod(arg, &end);

	if (!*arg || *end || !isfinite(v) || v < lo || v > hi)
		return err_set(e, EXIT_USAGE, "%s: expected a number from %g to %g, not \"%s\"", opt, lo, hi, arg);
	*out = v;
	return 0;
}

int wx_option(wl_cfg *c, int ch, const char *arg, err *e)
{
	double v;

	switch (ch) {
	case WX_O_MAX_TRIES:
		if (num("--max-tries", arg, 0, 1e6, &v, e))
			return -1;
		if (v != floor(v))
			return err_set(e, EXIT_USAGE, "--max-tries: expected a whole number, not \"%s\"", arg);
		c->max_tries = (int)v;
		return 1;
	case WX_O_RETRY_SECONDS:
		if (num("--retry-seconds", arg, 0.001, 1e6, &c->retry_seconds, e))
			return -1;
		return 1;
	case WX_O_RETRY_ON:
		if (!strcmp(arg, "lock-timeout") || !strcmp(arg, "lock-wait-timeout")) {
			c->retry_lock_timeout = 1;
			return 1;
		}
		if (!strcmp(arg, "serialization") || !strcmp(arg, "deadlock"))
			return 1; /* always retried */
		err_set(e, EXIT_USAGE, "--retry-on: unknown failure \"%s\"", arg);
		err_hint(e, "expected lock-timeout (serialization failures and deadlocks are always retried)");
		return -1;
	case WX_O_LATENCY_LIMIT:
		if (num("--latency-limit", arg, 0.001, 3.6e6, &c->latency_limit_ms, e))
			return -1;
		return 1;
	case WX_O_PER_STATEMENT:
		c->per_statement = 1;
		return 1;
	default:
		return 0;
	}
}

int wx_options_check(const wl_cfg *c, err *e)
{
	if (c->max_tries == 0 && c->retry_seconds <= 0) {
		err_set(e, EXIT_USAGE, "--max-tries 0 retries without a limit: give --retry-seconds S");
		return -1;
	}
	return 0;
}
