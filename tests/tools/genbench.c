/*
 * genbench: generation and COPY text encoding without a server, for
 * bench/gen-speed.sh.  Builds the generators of the orders table
 *   orders(id int primary key, user_id int, total numeric(10,2),
 *          status varchar(20), created_at timestamp)
 * exactly as bench/seed-vs-copy.sh configures them, draws ROWS rows the
 * way seeding does (gen_next per column into the driver's row array) and
 * encodes each with the PostgreSQL driver's COPY row encoder into its
 * 64 KiB buffer, dropped when full instead of sent.
 *
 *   genbench [--hash] [ROWS [SEED]]
 *
 * Prints "rows N seconds S rows/s R cpu_seconds C rows/cpu_s P" on stdout
 * (P: rows per second of this process's CPU time, what one core gives when
 * other work shares the machine); with --hash also
 * "fnv HASH", FNV-1a 64 over every byte encoded (the same seed gives the
 * same hash; hashing is timed too, so measure without it).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gen/gen.h"
#include "pg.h"

#define NCOLS 5

static const char *const names[NCOLS] = { "id", "user_id", "total", "status", "created_at" };

static gen_spec *spec(int col, err *e)
{
	static const char *const opts[NCOLS][8] = {
		{ "sequential", NULL },
		{ "random_int", "min", "1", "max", "100000", NULL },
		{ "random_decimal", "min", "1", "max", "5000", NULL },
		{ "enum", "values", "pending, \"on hold\", shipped, delivered, cancelled", "weights", "10, 2, 30, 50, 8",
		  NULL },
		{ "timestamp", "type", "range", "start", "2024-01-01", "end", "2025-01-01", NULL },
	};
	gen_spec *s = gen_spec_new(opts[col][0], NULL, 0, e);

	for (int i = 1; s && opts[col][i]; i += 2)
		if (gen_spec_set(s, opts[col][i], opts[col][i + 1], 0, e)) {
			gen_spec_free(s);
			return NULL;
		}
	if (s && gen_spec_finish(s, e)) {
		gen_spec_free(s);
		return NULL;
	}
	return s;
}

static uint64_t fnv(uint64_t h, const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)p[i];
		h *= 0x100000001B3ULL;
	}
	return h;
}

static double now_s(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	static const int32_t fams[NCOLS] = { DBA_FAM_INT, DBA_FAM_INT, DBA_FAM_DECIMAL, DBA_FAM_TEXT, DBA_FAM_TIMESTAMP };
	static const int32_t maxlen[NCOLS] = { 0, 0, 0, 20, 0 };
	int hash = argc > 1 && !strcmp(argv[1], "--hash");
	uint64_t rows = argc > 1 + hash ? strtoull(argv[1 + hash], NULL, 10) : 1000000;
	uint64_t seed = argc > 2 + hash ? strtoull(argv[2 + hash], NULL, 10) : 42;
	gen *g[NCOLS];
	dba_value row[NCOLS];
	pg_cbuf b = { NULL, NULL, 0 };
	uint64_t h = 0xCBF29CE484222325ULL;
	err e;

	memset(&e, 0, sizeof(e));
	b.buf = malloc(PG_COPY_BUF);
	for (int k = 0; k < NCOLS; k++) {
		gen_spec *s = spec(k, &e);
		gen_ctx ctx;

		if (!s) {
			fprintf(stderr, "genbench: %s\n", e.msg);
			return 2;
		}
		memset(&ctx, 0, sizeof(ctx));
		ctx.now_us = 1700000000LL * 1000000;
		ctx.family = fams[k];
		ctx.max_length = maxlen[k];
		g[k] = gen_new(s, gen_stream_seed(seed, "orders", names[k]), &ctx);
		gen_spec_free(s);
		if (!g[k] || !b.buf) {
			fprintf(stderr, "genbench: out of memory\n");
			return 1;
		}
	}
	double t0 = now_s(CLOCK_MONOTONIC), c0 = now_s(CLOCK_PROCESS_CPUTIME_ID);
	for (uint64_t i = 0; i < rows; i++) {
		for (int k = 0; k < NCOLS; k++)
			if (gen_next(g[k], i, &row[k], &e)) {
				fprintf(stderr, "genbench: %s\n", e.msg);
				return 1;
			}
		if (PG_COPY_BUF - b.n < 4096) {
			if (hash)
				h = fnv(h, b.buf, b.n);
			b.n = 0;
		}
		pg_copy_row(&b, row, NCOLS);
	}
	if (hash)
		h = fnv(h, b.buf, b.n);
	double secs = now_s(CLOCK_MONOTONIC) - t0, cpu = now_s(CLOCK_PROCESS_CPUTIME_ID) - c0;
	printf("rows %llu seconds %.3f rows/s %.0f cpu_seconds %.3f rows/cpu_s %.0f", (unsigned long long)rows, secs,
	       secs > 0 ? (double)rows / secs : 0.0, cpu, cpu > 0 ? (double)rows / cpu : 0.0);
	if (hash)
		printf(" fnv %016llx", (unsigned long long)h);
	printf("\n");
	for (int k = 0; k < NCOLS; k++)
		gen_free(g[k]);
	free(b.buf);
	return 0;
}
