/*
 * Inputs the fuzz targets (tests/fuzz/) found crashing or leaking, replayed
 * through the same entry points.  Leaks show only in a sanitizer build:
 *   make SANITIZE=address,undefined unit
 * where LEAK_CHECK() fails the test on the spot.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <criterion/criterion.h>

#if !defined(__SANITIZE_ADDRESS__) && defined(__has_feature)
#if __has_feature(address_sanitizer)
#define __SANITIZE_ADDRESS__ 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/lsan_interface.h>
#define LEAK_CHECK() cr_assert_eq(__lsan_do_recoverable_leak_check(), 0, "memory leaked (see the report above)")
#else
#define LEAK_CHECK() ((void)0)
#endif

#include "err.h"
#include "seed/seed.h"

/* Writes text to a temporary file; returns its malloc'ed path. */
static char *write_tmp(const char *text)
{
	char *path = strdup("/tmp/dbarena-fuzz-XXXXXX.ini");
	int fd = mkstemps(path, 4);

	cr_assert_geq(fd, 0);
	cr_assert_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	return path;
}

/*
 * fuzz_seed: a seed config the INI reader refuses (here a duplicate key)
 * made seed_config_load return without freeing cfg->path.
 */
Test(fuzz_regress, seed_config_ini_error_frees_everything)
{
	char *path = write_tmp("[table t]\ncount = 1\ncount = 2\n");
	seed_cfg cfg;
	err e;

	memset(&e, 0, sizeof(e));
	cr_assert_eq(seed_config_load(path, &cfg, &e), -1);
	cr_assert_eq(e.code, EXIT_USAGE);
	cr_assert_not_null(strstr(e.msg, ":3: duplicate key \"count\""), "%s", e.msg);
	unlink(path);
	free(path);
	explicit_bzero(&cfg, sizeof(cfg));  /* a failed load owns nothing the caller must free */
	LEAK_CHECK();
}
