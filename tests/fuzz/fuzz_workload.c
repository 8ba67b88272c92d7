/*
 * Workload config loader: the input goes into an in-memory file for
 * workload_config_load, then workload_config_check and the placeholder
 * rewriting of every query in each dialect's style.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "workload/sched.h"
#include "workload/workload.h"
#include "workload/xact.h"

/*
 * What the parsed files' other functions call while a workload runs (the
 * scheduler's clock, transactions, per-statement statistics): never reached
 * from the config parser this target fuzzes.
 */
int64_t sched_mono_ns(void) { return 0; }
void sched_sleep_until(int64_t ns) { (void)ns; }
int wl_txn_begin(wl_sess *s, dba_error *de) { (void)s; (void)de; return -1; }
int wl_txn_commit(wl_sess *s, dba_error *de) { (void)s; (void)de; return -1; }
int wl_txn_rollback(wl_sess *s, dba_error *de) { (void)s; (void)de; return -1; }
void wx_stmt(worker *w, unsigned pos, int rc, int64_t start, int64_t end)
{
	(void)w; (void)pos; (void)rc; (void)start; (void)end;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int fd = -1;
	static char path[64];
	wl_cfg c;
	err e;

	if (fd < 0) {
		fd = memfd_create("workload.ini", 0);
		if (fd < 0)
			abort();
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	}
	if (ftruncate(fd, 0) || pwrite(fd, data, size, 0) != (ssize_t)size)
		abort();
	memset(&e, 0, sizeof(e));
	workload_cfg_defaults(&c);
	if (workload_config_load(path, &c, &e) == 0 && workload_config_check(&c, &e) == 0)
		for (unsigned i = 0; i < c.nqueries; i++)
			for (int style = DBA_PH_DOLLAR; style <= DBA_PH_AT; style++) {
				unsigned nocc = 0;

				free(workload_rewrite_sql(c.queries[i].sql, style, &nocc));
			}
	workload_cfg_free(&c);
	return 0;
}
