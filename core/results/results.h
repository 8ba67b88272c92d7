/*
 * Results JSON v1 (docs/results.md, docs/results.schema.json): the metadata
 * block, histograms as sparse buckets, and reading result files back for
 * `dbarena report` (summary, compare, merge).
 */
#ifndef DBARENA_RESULTS_H
#define DBARENA_RESULTS_H

#include <jansson.h>
#include <stdint.h>

#include "../err.h"
#include "../target.h"
#include "../workload/hist.h"

#define RESULTS_SCHEMA_VERSION 1

/* The command line, with URL passwords masked, for the metadata (main.c, before it scrubs argv). */
void results_set_cmdline(int argc, char *const *argv);
/* Wall clock, seconds since the epoch. */
double results_now(void);
/* "2026-12-02T01:02:03.456Z" */
void results_fmt_utc(char *buf, size_t cap, double unix_s);

/*
 * The metadata object: versions, client, times, the command line, the
 * server's product, version and settings (asked on c when given, else what
 * results_capture_server kept; null when neither), config (stolen) and seed.
 */
json_t *results_metadata(const char *command, target *t, dba_conn *c, double start, double end, json_t *config,
			 uint64_t seed);

/* Asks the server behind c now, for the metadata of results written later without a session. */
void results_capture_server(target *t, dba_conn *c);

/* A histogram as {count, sum_us, min_us, max_us, buckets: [[index, count], ...]} (only non-empty buckets). */
json_t *results_hist_json(const hist *h);
/* The bucket layout the indices mean (hist.h). */
json_t *results_hist_layout(void);
/* Reads results_hist_json's form into h (added to what h holds); -1 when malformed. */
int results_hist_read(const json_t *j, hist *h);

/* A histogram kept compact (per-interval histograms of a long run). */
typedef struct hsparse hsparse;
hsparse *hsparse_from(const hist *h);
void hsparse_add_to(const hsparse *s, hist *h);
void hsparse_free(hsparse *s);

/*
 * Metadata a merged result is written with instead of the running process's
 * own (NULL: back to normal); borrowed.
 */
void results_override_metadata(json_t *meta);
json_t *results_overridden_metadata(void);
/* This process's command line as results_set_cmdline kept it (a new array). */
json_t *results_cmdline(void);

#endif
