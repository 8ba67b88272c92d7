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

#include "workload/workload.h"

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
