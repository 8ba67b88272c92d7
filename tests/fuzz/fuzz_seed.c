/*
 * Seed config loader: seed_config_load reads a file, so the input goes into
 * an in-memory file first; counts then go through seed_apply_counts.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "drv.h"
#include "seed/seed.h"

/* unique.c asks the driver for a described table's unique keys: no table is described here. */
const dba_unique *drv_uniques(const plugin *p, const dba_table *t, uint32_t *n)
{
	(void)p;
	(void)t;
	*n = 0;
	return NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int fd = -1;
	static char path[64];
	seed_cfg cfg;
	err e;

	if (fd < 0) {
		fd = memfd_create("seed.ini", 0);
		if (fd < 0)
			abort();
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	}
	if (ftruncate(fd, 0) || pwrite(fd, data, size, 0) != (ssize_t)size)
		abort();
	memset(&e, 0, sizeof(e));
	if (seed_config_load(path, &cfg, &e) == 0) {
		seed_opts o;

		memset(&o, 0, sizeof(o));
		o.size_factor = 0.1;
		(void)seed_apply_counts(&cfg, &o, &e);
		seed_config_free(&cfg);
	}
	return 0;
}
