/*
 * Waiting for a new or started instance to accept connections: it connects
 * through target.c, which resolves instance names through instance.c, so it
 * lives apart from both.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "instance.h"
#include "sig.h"
#include "target.h"
#include "ui.h"

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int instance_wait_ready(const dba_instance *i, int wait_s, int quiet, err *e)
{
	char *link = instance_url(i, 1);
	double start = now_s();
	err last;
	unsigned k = 0;

	memset(&last, 0, sizeof(last));
	for (;;) {
		target t;
		dba_conn *c = NULL;

		memset(&last, 0, sizeof(last));
		if (target_resolve(link, NULL, &t, &last) == 0) {
			if (target_connect(&t, &c, &last) == 0) {
				dba_error de;

				memset(&de, 0, sizeof(de));
				if (t.ops->exec(c, "SELECT 1", NULL, NULL, NULL, &de) == 0) {
					t.ops->disconnect(c);
					target_free(&t);
					break;
				}
				err_from_db(&last, EXIT_RUNTIME, &de, NULL);
				t.ops->disconnect(c);
			}
			target_free(&t);
		}
		if (last.code == EXIT_PLUGIN || last.code == EXIT_USAGE) {
			*e = last;
			free(link);
			return -1;
		}
		if (sig_stop || now_s() - start > wait_s) {
			if (!quiet)
				ui_progress_break();
			free(link);
			if (sig_stop)
				return err_set(e, EXIT_INTERRUPTED, "interrupted while waiting for %s", i->name);
			err_set(e, EXIT_RUNTIME, "%s did not accept connections within %d s", i->name, wait_s);
			err_detail(e, "last error: %s", last.msg);
			err_hint(e, "dbarena logs %s shows the server log; --wait SECONDS waits longer", i->name);
			return -1;
		}
		if (!quiet)
			ui_spin(k++, "waiting for %s to accept connections (%.0fs)", i->name, now_s() - start);
		{
			struct timespec ts = { 0, 250000000L };

			nanosleep(&ts, NULL);
		}
	}
	if (!quiet)
		ui_spin_clear();
	free(link);
	return 0;
}
